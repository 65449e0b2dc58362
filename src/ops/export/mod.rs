//! Exporting certificates to PDF: every selected active certificate printed from its own
//! snapshot and template revision, into one file or one file each. Pages are laid out on every
//! core and written in order as they come, to a temporary file renamed at the end, so an
//! interrupted export never leaves a truncated PDF and memory does not grow with the course.

mod earlier_files;
mod files;
mod manifest;
mod one_page;
mod pages;
mod parallel;
mod places;
mod split;

use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

pub use self::earlier_files::EarlierFiles;
use self::files::PendingFile;
pub use self::files::write_atomically;
use self::manifest::Manifest;
pub use self::one_page::{certificate_page, certificate_pdf, certificate_title, preview_pdf};
use self::pages::{Laid, Pages, Sealed};
pub use self::pages::{select, selects};
pub use self::places::{directory_of, refuse_inside_a_database, refuse_what_is_not_a_file, why_path_refused};
use self::places::{io_error, same_file};
pub use self::split::{export_split, split_file_name};
use super::credentials::shared_credential_files;
use super::issue::Progress;
use super::printing::{PrintProblem, Printer};
use super::standing::CourseState;
use super::{OpsError, Result};
use crate::credential::Credential;
use crate::domain::{Code, LedgerEntry, Mode};
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

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Exported {
    /// Certificates (pages, or files with --split).
    pub certificates: usize,
    /// How many of them carry a credential signed with a key retired as compromised, which
    /// verifiers refuse until `certdesk issuer resign` signs it again.
    pub signed_with_retired: usize,
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
#[derive(Default)]
struct Unprintable {
    pages: Vec<String>,
    /// Whether any of them lacks a font (a name issued with `--fonts`, say).
    lacks_font: bool,
}

impl Unprintable {
    fn add(&mut self, page: usize, entry: &LedgerEntry, problem: PrintProblem) {
        let certificate = &entry.certificate;
        self.pages.push(format!("page {page} ({}, {}): {problem}", certificate.username, certificate.code));
        self.lacks_font |= problem.lacks_font;
    }

    /// Nothing is written when a page cannot be printed: the error names the pages.
    fn into_result(self) -> Result<()> {
        const SHOWN: usize = 10;
        if self.pages.is_empty() {
            return Ok(());
        }
        let certificates = crate::domain::counted(self.pages.len(), "certificate", "certificates");
        let mut message = format!("{certificates} cannot be printed; nothing was written:");
        for line in self.pages.iter().take(SHOWN) {
            message.push_str("\n  ");
            message.push_str(line);
        }
        if self.pages.len() > SHOWN {
            message.push_str(&format!("\n  and {} more", self.pages.len() - SHOWN));
        }
        if self.lacks_font {
            let advice = crate::ops::printing::FONT_ADVICE;
            message.push_str(&format!("\nFor a character no font has, {advice} (as when it was issued)."));
        }
        Err(OpsError::Refused(message))
    }
}

/// Writes every selected certificate of the course into one PDF at `out`, page by page as they
/// are laid out; writes nothing and names the pages when one cannot be printed. Returns the
/// number of pages, and how many carry a credential a retired key signed.
pub fn export_pdf(
    store: &Store,
    printer: &Printer,
    state: &CourseState,
    options: &ExportOptions,
    out: &Path,
    progress: &mut dyn Progress,
) -> Result<Exported> {
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
    let pending = PendingFile::create(out)?;
    let mut manifest = Manifest::create(options.manifest.as_deref())?;
    let buffered = BufWriter::with_capacity(256 * 1024, pending.handle()?);
    let title = format!("{}: certificates", state.course.title);
    let mut document = Some(new_document(printer, state, options, title, buffered));
    let mut unprintable = Unprintable::default();
    progress.step(0, pages.len());
    let cancelled = || {
        // Over an earlier export, staff want to know it is still whole.
        let kept = if out.exists() { format!(" ({} is as it was)", out.display()) } else { String::new() };
        OpsError::Refused(format!("export cancelled; nothing was written{kept}"))
    };
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
    Ok(Exported { certificates: pages.len(), signed_with_retired: pages.signed_with_retired() })
}

/// Pages of a single-file export that carry their credentials together, in two files: the
/// parts every credential of a course repeats are compressed once a run instead of once a page.
const RUN: usize = 64;
// A batch is a whole number of runs (a batch of none would never end).
const _: () = assert!(RUN <= parallel::BATCH && parallel::BATCH.is_multiple_of(RUN));

/// A run of laid-out pages (or why one cannot be printed) and the credential files they carry
/// together (none when one of them cannot be printed: nothing will be written).
struct Run {
    pages: Vec<std::result::Result<Page, PrintProblem>>,
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

/// A document titled `title`, written to `out`.
fn new_document<'a, W: Write>(
    printer: &'a Printer,
    state: &CourseState,
    options: &ExportOptions,
    title: String,
    out: W,
) -> PdfDocument<'a, W> {
    let info = DocInfo { title, author: state.course.institution.clone(), date: None };
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
    if pages.len() > 0 {
        return Ok(());
    }
    let course = &state.course.id;
    let active = state.learners.iter().filter(|standing| standing.active().is_some()).count();
    Err(OpsError::Refused(match active {
        0 => format!("{course} has no active certificates to export (`certdesk generate {course}` issues them)"),
        _ => format!(
            "these filters select none of {course}'s {}: nothing to export",
            crate::domain::counted(active, "active certificate", "active certificates")
        ),
    }))
}

/// What went wrong writing the PDF at `path`, naming it (a full disk says which file).
fn render_error(path: &Path) -> impl Fn(crate::render::RenderError) -> OpsError + '_ {
    move |error| match error {
        crate::render::RenderError::Io(error) => io_error(path, error),
        other => OpsError::Refused(format!("cannot write {}: {other}", path.display())),
    }
}
