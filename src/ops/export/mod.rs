//! Exporting certificates to PDF: every selected active certificate printed from its own
//! snapshot and template revision, into one file or one file each. Pages are laid out on every
//! core and written in order as they come, to a temporary file renamed at the end, so an
//! interrupted export never leaves a truncated PDF and memory does not grow with the course.

mod files;
mod manifest;
mod pages;
mod parallel;

use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::Serialize;

pub use self::files::write_atomically;
use self::files::{
    ClosedFile, PendingFile, io_error, refuse_directory_inside_a_database, remove_split_leftovers, same_file,
};
use self::manifest::Manifest;
pub use self::pages::select;
use self::pages::{Laid, Pages, Sealed};
use super::credentials::{certificate_files, page_files, shared_credential_files};
use super::issue::Progress;
use super::printing::{Printer, certificate_data};
use super::standing::CourseState;
use super::{OpsError, Result};
use crate::credential::Credential;
use crate::domain::{Certificate, Code, LedgerEntry, Mode};
use crate::render::Page;
use crate::render::pdf::{Attachment, DocInfo, PdfDocument, PdfOptions, SharedFiles};
use crate::render::{FontBook, ImageSet};
use crate::store::Store;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Username,
    Name,
    Percent,
}

#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub mode: Option<Mode>,
    pub stale_only: bool,
    pub provisional_only: bool,
    pub sort: SortKey,
    /// Uncompressed content streams, for diffing.
    pub uncompressed: bool,
    /// Also write `page,code,username,name,file` here as CSV, row by row with the pages.
    pub manifest: Option<PathBuf>,
}

/// One page of an export: a row of the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedPage {
    pub page: usize,
    pub code: Code,
    pub username: String,
    pub full_name: String,
    /// Where a split export wrote it.
    pub file: Option<PathBuf>,
}

/// Pages that cannot be printed as they should (a character no font has, text that overflows
/// its box at its smallest size, a missing image), in page order: one sentence each.
struct Unprintable(Vec<String>);

impl Unprintable {
    fn add(&mut self, page: usize, entry: &LedgerEntry, problem: String) {
        let certificate = &entry.certificate;
        self.0.push(format!("page {page} ({}, {}): {problem}", certificate.username, certificate.code));
    }

    /// Nothing is written when a page cannot be printed: the error names the pages.
    fn into_result(self) -> Result<()> {
        const SHOWN: usize = 10;
        if self.0.is_empty() {
            return Ok(());
        }
        let certificates = crate::domain::counted(self.0.len(), "certificate", "certificates");
        let mut message = format!("{certificates} cannot be printed; nothing was written:");
        for line in self.0.iter().take(SHOWN) {
            message.push_str("\n  ");
            message.push_str(line);
        }
        if self.0.len() > SHOWN {
            message.push_str(&format!("\n  and {} more", self.0.len() - SHOWN));
        }
        Err(OpsError::Refused(message))
    }
}

/// Writes every selected certificate of the course into one PDF at `out`, page by page as they
/// are laid out; writes nothing and names the pages when one cannot be printed. Returns the
/// number of pages.
pub fn export_pdf(
    store: &Store,
    printer: &Printer,
    state: &CourseState,
    options: &ExportOptions,
    out: &Path,
    progress: &mut dyn Progress,
) -> Result<usize> {
    let pages = Pages::new(store, printer, state, options)?;
    refuse_nothing_to_export(&pages, state)?;
    if let Some(manifest) = &options.manifest
        && same_file(manifest, out)
    {
        return Err(OpsError::Refused(format!(
            "the manifest and the PDF would both be {}; give --manifest another file (nothing was written)",
            out.display()
        )));
    }
    let pending = PendingFile::create_after_leftovers(out)?;
    let mut manifest = Manifest::create(options.manifest.as_deref())?;
    let buffered = BufWriter::with_capacity(256 * 1024, pending.handle()?);
    let mut document = Some(new_document(printer, state, options, buffered));
    let mut unprintable = Unprintable(Vec::new());
    progress.step(0, pages.len());
    let cancelled = || OpsError::Refused("export cancelled; nothing was written".to_string());
    let run_count = pages.len().div_ceil(RUN);
    let positions = |runs: Range<usize>| runs.start * RUN..(runs.end * RUN).min(pages.len());
    parallel::in_order(
        run_count,
        parallel::BATCH / RUN,
        |runs| pages.seals(store, positions(runs)),
        |sealed, run| lay_out_run(&pages, sealed, positions(run..run + 1)),
        |run, laid| {
            if progress.cancelled() {
                return Err(cancelled());
            }
            let Run { pages: laid, files } = laid?;
            let shared = match document.as_mut() {
                Some(document) if !files.is_empty() => document.add_shared_files(&files).map_err(render_error(out))?,
                _ => SharedFiles::default(),
            };
            let in_run = positions(run..run + 1);
            let end = in_run.end;
            for (position, laid) in in_run.zip(laid) {
                let (_, entry) = pages.entry(position);
                match laid {
                    Err(problem) => {
                        // Nothing will be written; the rest is only laid out to name every problem.
                        document = None;
                        unprintable.add(position + 1, entry, problem);
                    }
                    Ok(page) => {
                        if let Some(document) = document.as_mut() {
                            document.add_page_sharing(&page, &shared).map_err(render_error(out))?;
                        }
                    }
                }
                if let Some(manifest) = manifest.as_mut() {
                    manifest.add(&exported(position + 1, entry, None))?;
                }
            }
            progress.step(end, pages.len());
            Ok(true)
        },
    )?;
    unprintable.into_result()?;
    let Some(document) = document else { unreachable!("a document is dropped only for unprintable pages") };
    finish_file(document, out)?;
    pending.commit()?;
    if let Some(manifest) = manifest {
        manifest.commit()?;
    }
    progress.step(pages.len(), pages.len());
    Ok(pages.len())
}

/// Pages of a single-file export that carry their credentials together, in two files: the
/// parts every credential of a course repeats are compressed once a run instead of once a page.
const RUN: usize = 64;
// A batch is a whole number of runs (a batch of none would never end).
const _: () = assert!(RUN <= parallel::BATCH && parallel::BATCH.is_multiple_of(RUN));

/// A run of laid-out pages (or why one cannot be printed) and the credential files they carry
/// together (none when one of them cannot be printed: nothing will be written).
struct Run {
    pages: Vec<std::result::Result<Page, String>>,
    files: Vec<Attachment>,
}

fn lay_out_run(pages: &Pages, sealed: &Sealed, positions: Range<usize>) -> Result<Run> {
    let first_page = positions.start + 1;
    let laid =
        positions.into_par_iter().map(|position| pages.lay_out(sealed, position)).collect::<Result<Vec<Laid>>>()?;
    let credentials: Option<Vec<&Credential>> = laid
        .iter()
        .map(|laid| match laid {
            Laid::Page(_, credential) => Some(&**credential),
            Laid::Unprintable(_) => None,
        })
        .collect();
    let files = credentials.map(|credentials| shared_credential_files(first_page, &credentials)).unwrap_or_default();
    // The credentials are in the files now: dropped here, on a worker thread, not the writer's.
    let pages = laid
        .into_iter()
        .map(|laid| match laid {
            Laid::Page(page, _) => Ok(page),
            Laid::Unprintable(problem) => Err(problem),
        })
        .collect();
    Ok(Run { pages, files })
}

/// Writes one PDF per selected certificate into `dir`, named `username-CODE.pdf`, laid out and
/// written on every core. Each is written under a temporary name first, and all are renamed at
/// the end; when one cannot be printed, none is, and stopped early, none is either; killed, it
/// leaves temporary files that the next split into `dir` removes.
/// Returns the number of files.
pub fn export_split(
    store: &Store,
    printer: &Printer,
    state: &CourseState,
    options: &ExportOptions,
    dir: &Path,
    progress: &mut dyn Progress,
) -> Result<usize> {
    let pages = Pages::new(store, printer, state, options)?;
    refuse_nothing_to_export(&pages, state)?;
    refuse_directory_inside_a_database(dir, dir)?;
    if dir.exists() && !dir.is_dir() {
        return Err(OpsError::Refused(format!(
            "{} is a file, and a split export writes one PDF per certificate into a directory: name a directory (nothing was written)",
            dir.display()
        )));
    }
    let created = !dir.exists();
    std::fs::create_dir_all(dir).map_err(|error| io_error(dir, error))?;
    let split = split_into(store, printer, state, options, &pages, dir, progress);
    if split.is_err() && created {
        // Nothing was kept: the directory this export made goes too (`remove_dir` leaves one
        // that is not empty).
        let _ = std::fs::remove_dir(dir);
    }
    split
}

/// `export_split`'s work once `dir` exists.
fn split_into(
    store: &Store,
    printer: &Printer,
    state: &CourseState,
    options: &ExportOptions,
    pages: &Pages,
    dir: &Path,
    progress: &mut dyn Progress,
) -> Result<usize> {
    remove_split_leftovers(dir);
    let mut manifest = Manifest::create(options.manifest.as_deref())?;
    let mut written: Vec<ClosedFile> = Vec::with_capacity(pages.len());
    let mut unprintable = Unprintable(Vec::new());
    // Once a page cannot be printed, no file will be kept: the rest are only laid out.
    let refused = AtomicBool::new(false);
    let write_one = |sealed: &Sealed, position: usize| -> Result<Option<std::result::Result<ClosedFile, String>>> {
        let (_, entry) = pages.entry(position);
        let (page, files) = match pages.lay_out(sealed, position)? {
            Laid::Unprintable(problem) => return Ok(Some(Err(problem))),
            Laid::Page(..) if refused.load(Ordering::Relaxed) => return Ok(None),
            Laid::Page(page, credential) => (page, page_files(entry.certificate.code, &credential)),
        };
        let file = dir.join(split_file_name(&entry.certificate.username, entry.certificate.code));
        let pending = PendingFile::create_in_checked_directory(&file)?;
        let buffered = BufWriter::with_capacity(64 * 1024, pending.handle()?);
        let mut document = new_document(printer, state, options, buffered);
        document.add_page_with(&page, &files).map_err(render_error(&file))?;
        finish_file(document, &file)?;
        Ok(Some(Ok(pending.close()?)))
    };
    parallel::in_order(
        pages.len(),
        parallel::BATCH,
        |positions| pages.seals(store, positions),
        write_one,
        |position, result| {
            if progress.cancelled() {
                // Every file made so far goes with `written`: a stopped split leaves none.
                return Err(OpsError::Refused("export cancelled; nothing was written".to_string()));
            }
            let (_, entry) = pages.entry(position);
            match result? {
                Some(Err(problem)) => {
                    refused.store(true, Ordering::Relaxed);
                    unprintable.add(position + 1, entry, problem);
                }
                // Dropped, its temporary file with it.
                Some(Ok(_)) if !unprintable.0.is_empty() => {}
                Some(Ok(pending)) => {
                    let file = pending.path().to_path_buf();
                    written.push(pending);
                    if let Some(manifest) = manifest.as_mut() {
                        manifest.add(&exported(1, entry, Some(file)))?;
                    }
                }
                None => {}
            }
            progress.step(position + 1, pages.len());
            Ok(true)
        },
    )?;
    unprintable.into_result()?;
    let count = written.len();
    for pending in written {
        pending.commit()?;
    }
    if let Some(manifest) = manifest {
        manifest.commit()?;
    }
    Ok(count)
}

/// The certificate with `code` (in force or not) laid out as it was issued, with its entry.
pub fn certificate_page<'a>(
    store: &Store,
    printer: &Printer,
    state: &'a CourseState,
    code: Code,
) -> Result<(Page, &'a LedgerEntry)> {
    let (standing, entry) = state
        .learners
        .iter()
        .find_map(|standing| standing.ledger.entry(code).map(|entry| (standing, entry)))
        .ok_or_else(|| OpsError::Refused(format!("no certificate of {} has the code {code}", state.course.id)))?;
    let data = certificate_data(&entry.certificate, &state.course, &state.settings, &standing.enrollment.email);
    let page = printer.certificate_page(store, &entry.certificate.snapshot.template, &data)?;
    Ok((page, entry))
}

/// A certificate's page as a whole PDF carrying its signed credential, titled `title`: what
/// `show`, the TUI, mail attachments and the learner's download write. Refuses (through
/// `certificate_files`) rather than write a certificate without its credential.
pub fn certificate_pdf(
    store: &Store,
    printer: &Printer,
    state: &CourseState,
    title: &str,
    page: &Page,
    certificate: &Certificate,
) -> Result<Vec<u8>> {
    let files = certificate_files(store, certificate)?;
    page_pdf(printer, state, title, page, &files)
}

/// A preview's page as a whole PDF: not a certificate, so it carries no credential.
pub fn preview_pdf(printer: &Printer, state: &CourseState, title: &str, page: &Page) -> Result<Vec<u8>> {
    page_pdf(printer, state, title, page, &[])
}

/// One page as a whole PDF, titled `title`, with the course's institution as author, carrying
/// `files`.
fn page_pdf(printer: &Printer, state: &CourseState, title: &str, page: &Page, files: &[Attachment]) -> Result<Vec<u8>> {
    let info = DocInfo { title: title.to_string(), author: state.course.institution.clone(), date: None };
    let mut document = PdfDocument::new(&printer.fonts, &printer.images, info);
    let in_memory = |error| OpsError::Refused(format!("cannot make the PDF: {error}"));
    document.add_page_with(page, files).map_err(in_memory)?;
    document.finish().map_err(in_memory)
}

/// `username-CODE.pdf` with anything that could leave the directory or confuse a shell
/// (separators, `..`, control characters) replaced by `_`.
pub fn split_file_name(username: &str, code: Code) -> String {
    let safe: String =
        username.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    let safe = if safe.is_empty() || safe.starts_with('.') { format!("_{safe}") } else { safe };
    format!("{safe}-{code}.pdf")
}

fn new_document<'a, W: Write>(
    printer: &'a Printer,
    state: &CourseState,
    options: &ExportOptions,
    out: W,
) -> PdfDocument<'a, W> {
    let info = DocInfo {
        title: format!("{}: certificates", state.course.title),
        author: state.course.institution.clone(),
        date: None,
    };
    let pdf_options = if options.uncompressed { PdfOptions::debug() } else { PdfOptions::default() };
    let (fonts, images): (&FontBook, &ImageSet) = (&printer.fonts, &printer.images);
    PdfDocument::to_writer(fonts, images, info, pdf_options, out)
}

/// Ends `document` and flushes what it buffered into `path`; the file is closed on return, so
/// its pending rename can follow.
fn finish_file<W: Write>(document: PdfDocument<'_, BufWriter<W>>, path: &Path) -> Result<()> {
    let mut buffered = document.finish().map_err(render_error(path))?;
    buffered.flush().map_err(|error| io_error(path, error))
}

fn exported(page: usize, entry: &LedgerEntry, file: Option<PathBuf>) -> ExportedPage {
    ExportedPage {
        page,
        code: entry.certificate.code,
        username: entry.certificate.username.clone(),
        full_name: entry.certificate.snapshot.full_name.clone(),
        file,
    }
}

/// An export with nothing in it is refused, rather than an empty PDF or an empty directory
/// passing for a finished one.
fn refuse_nothing_to_export(pages: &Pages, state: &CourseState) -> Result<()> {
    if pages.len() == 0 {
        return Err(OpsError::Refused(format!(
            "{} has no active certificates to export with these filters",
            state.course.id
        )));
    }
    Ok(())
}

/// What went wrong writing the PDF at `path`, naming it (a full disk says which file).
fn render_error(path: &Path) -> impl Fn(crate::render::RenderError) -> OpsError + '_ {
    move |error| match error {
        crate::render::RenderError::Io(error) => io_error(path, error),
        other => OpsError::Refused(format!("cannot write {}: {other}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::split_file_name;

    use crate::domain::Code;

    #[test]
    fn split_file_names_cannot_leave_the_directory() {
        let code = Code::from_random(1);
        assert_eq!(split_file_name("bilbo", code), format!("bilbo-{code}.pdf"));
        assert_eq!(split_file_name("../etc/passwd", code), format!("___etc_passwd-{code}.pdf"));
        assert_eq!(split_file_name("a\u{7}b/c", code), format!("a_b_c-{code}.pdf"));
        assert_eq!(split_file_name("", code), format!("_-{code}.pdf"));
        assert_eq!(split_file_name("ΑΘΗΝΑ", code), format!("ΑΘΗΝΑ-{code}.pdf"));
    }
}
