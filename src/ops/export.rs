//! Exporting certificates to PDF: every selected active certificate printed from its own
//! snapshot and template revision, into one file or one file each. Files are written under a
//! temporary name and renamed, so an interrupted export never leaves a truncated PDF.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::issue::Progress;
use super::printing::{Printer, certificate_data, first_error};
use super::standing::{CourseState, Standing};
use super::{OpsError, Result};
use crate::domain::{Code, LedgerEntry, Mode};
use crate::render::pdf::{DocInfo, PdfDocument, PdfOptions};
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
}

/// One page of an export, for the manifest.
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
        let mut message = format!("{} certificates cannot be printed; nothing was written:", self.0.len());
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

/// The active certificates `options` selects, in its order.
pub fn select<'a>(state: &'a CourseState, options: &ExportOptions) -> Vec<(&'a Standing, &'a LedgerEntry)> {
    let mut selected: Vec<_> = state
        .learners
        .iter()
        .filter_map(|standing| standing.active().map(|entry| (standing, entry)))
        .filter(|(_, entry)| options.mode.is_none_or(|mode| entry.certificate.snapshot.mode == mode))
        .filter(|(_, entry)| !options.provisional_only || entry.certificate.is_provisional())
        .filter(|(standing, _)| !options.stale_only || standing.staleness().is_some())
        .collect();
    match options.sort {
        SortKey::Username => {}
        SortKey::Name => selected.sort_by_cached_key(|(_, entry)| entry.certificate.snapshot.full_name.to_lowercase()),
        SortKey::Percent => selected.sort_by_key(|(_, entry)| std::cmp::Reverse(entry.certificate.snapshot.percent)),
    }
    selected
}

/// Writes every selected certificate of the course into one PDF at `out`; writes nothing
/// and names the pages when one cannot be printed.
pub fn export_pdf(
    store: &Store,
    printer: &Printer,
    state: &CourseState,
    options: &ExportOptions,
    out: &Path,
    progress: &mut dyn Progress,
) -> Result<Vec<ExportedPage>> {
    let selected = select(state, options);
    if selected.is_empty() {
        return Err(OpsError::Refused(format!(
            "{} has no active certificates to export with these filters",
            state.course.id
        )));
    }
    let mut document = new_document(printer, state, options);
    let mut pages = Vec::with_capacity(selected.len());
    let mut unprintable = Unprintable(Vec::new());
    progress.step(0, selected.len());
    for (index, (standing, entry)) in selected.iter().enumerate() {
        if progress.cancelled() {
            return Err(OpsError::Refused("export cancelled; nothing was written".to_string()));
        }
        if let Err(problem) = add_certificate(store, printer, state, &mut document, standing, entry)? {
            unprintable.add(index + 1, entry, problem);
        }
        pages.push(exported(index + 1, entry, None));
        if index % 256 == 255 {
            progress.step(index + 1, selected.len());
        }
    }
    unprintable.into_result()?;
    let bytes = document.finish().map_err(render_error)?;
    write_atomically(out, &bytes)?;
    progress.step(selected.len(), selected.len());
    Ok(pages)
}

/// Writes one PDF per selected certificate into `dir`, named `username-CODE.pdf`. Each is
/// written under a temporary name first, and all are renamed at the end; when one cannot be
/// printed, none is. Stopped early, it keeps those finished so far.
pub fn export_split(
    store: &Store,
    printer: &Printer,
    state: &CourseState,
    options: &ExportOptions,
    dir: &Path,
    progress: &mut dyn Progress,
) -> Result<Vec<ExportedPage>> {
    let selected = select(state, options);
    std::fs::create_dir_all(dir).map_err(|error| io_error(dir, error))?;
    let mut pages = Vec::with_capacity(selected.len());
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(selected.len());
    let mut unprintable = Unprintable(Vec::new());
    let outcome = (|| {
        for (index, (standing, entry)) in selected.iter().enumerate() {
            if progress.cancelled() {
                break;
            }
            let mut document = new_document(printer, state, options);
            let file = dir.join(split_file_name(&entry.certificate.username, entry.certificate.code));
            match add_certificate(store, printer, state, &mut document, standing, entry)? {
                Err(problem) => unprintable.add(index + 1, entry, problem),
                Ok(()) if unprintable.0.is_empty() => {
                    let temporary = temporary_path(&file);
                    write_synced(&temporary, &document.finish().map_err(render_error)?)
                        .map_err(|error| io_error(&file, error))?;
                    written.push((temporary, file.clone()));
                    pages.push(exported(1, entry, Some(file)));
                }
                Ok(()) => {}
            }
            progress.step(index + 1, selected.len());
        }
        std::mem::replace(&mut unprintable, Unprintable(Vec::new())).into_result()
    })();
    if let Err(error) = outcome {
        for (temporary, _) in &written {
            let _ = std::fs::remove_file(temporary);
        }
        return Err(error);
    }
    for (temporary, file) in &written {
        std::fs::rename(temporary, file).map_err(|error| io_error(file, error))?;
    }
    Ok(pages)
}

/// The certificate with `code` (in force or not) laid out as it was issued, with its entry.
pub fn certificate_page<'a>(
    store: &Store,
    printer: &Printer,
    state: &'a CourseState,
    code: Code,
) -> Result<(crate::render::Page, &'a LedgerEntry)> {
    let (standing, entry) = state
        .learners
        .iter()
        .find_map(|standing| standing.ledger.entry(code).map(|entry| (standing, entry)))
        .ok_or_else(|| OpsError::Refused(format!("no certificate of {} has the code {code}", state.course.id)))?;
    let data = certificate_data(&entry.certificate, &state.course, &state.settings, &standing.enrollment.email);
    let (page, _) = printer.page(store, &entry.certificate.snapshot.template, &data)?;
    Ok((page, entry))
}

/// One page as a whole PDF, titled `title`, with the course's institution as author.
pub fn page_pdf(printer: &Printer, state: &CourseState, title: &str, page: &crate::render::Page) -> Result<Vec<u8>> {
    let info = DocInfo { title: title.to_string(), author: state.course.institution.clone(), date: None };
    let mut document = PdfDocument::new(&printer.fonts, &printer.images, info);
    document.add_page(page).map_err(render_error)?;
    document.finish().map_err(render_error)
}

/// `username-CODE.pdf` with anything that could leave the directory or confuse a shell
/// (separators, `..`, control characters) replaced by `_`.
pub fn split_file_name(username: &str, code: Code) -> String {
    let safe: String =
        username.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    let safe = if safe.is_empty() || safe.starts_with('.') { format!("_{safe}") } else { safe };
    format!("{safe}-{code}.pdf")
}

/// The manifest: `page,code,username,name` (and `file` for split exports), as CSV. Text
/// cells go through `spreadsheet_safe`.
pub fn write_manifest(path: &Path, pages: &[ExportedPage]) -> Result<()> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let io = |error: csv::Error| OpsError::Refused(format!("cannot write the manifest {}: {error}", path.display()));
    writer.write_record(["page", "code", "username", "name", "file"]).map_err(io)?;
    for page in pages {
        let file = page.file.as_ref().map(|file| file.display().to_string()).unwrap_or_default();
        writer
            .write_record([
                page.page.to_string(),
                page.code.to_string(),
                spreadsheet_safe(&page.username).into_owned(),
                spreadsheet_safe(&page.full_name).into_owned(),
                spreadsheet_safe(&file).into_owned(),
            ])
            .map_err(io)?;
    }
    let bytes = writer.into_inner().map_err(|error| OpsError::Refused(error.to_string()))?;
    write_atomically(path, &bytes)
}

/// A CSV cell a spreadsheet will show as text: one that begins with `=`, `+`, `-`, `@`, a tab
/// or a carriage return would be read as a formula (`=cmd|' /C calc'!A0`), so it gets a
/// leading apostrophe, which spreadsheets take as "text follows" (OWASP's CSV injection advice).
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn new_document<'a>(printer: &'a Printer, state: &CourseState, options: &ExportOptions) -> PdfDocument<'a> {
    let info = DocInfo {
        title: format!("{}: certificates", state.course.title),
        author: state.course.institution.clone(),
        date: None,
    };
    let pdf_options = if options.uncompressed { PdfOptions::debug() } else { PdfOptions::default() };
    PdfDocument::with_options(&printer.fonts, &printer.images, info, pdf_options)
}

/// Lays out a certificate and adds it to `document`, unless it cannot be printed: then the
/// inner error says why.
fn add_certificate(
    store: &Store,
    printer: &Printer,
    state: &CourseState,
    document: &mut PdfDocument,
    standing: &Standing,
    entry: &LedgerEntry,
) -> Result<std::result::Result<(), String>> {
    let certificate = &entry.certificate;
    let data = certificate_data(certificate, &state.course, &state.settings, &standing.enrollment.email);
    let template = &certificate.snapshot.template;
    let (page, diagnostics) = printer.page(store, template, &data)?;
    if let Some(problem) = first_error(template, &diagnostics) {
        return Ok(Err(problem));
    }
    document.add_page(&page).map_err(render_error)?;
    Ok(Ok(()))
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

fn render_error(error: crate::render::RenderError) -> OpsError {
    OpsError::Refused(format!("cannot write the PDF: {error}"))
}

fn io_error(path: &Path, error: std::io::Error) -> OpsError {
    OpsError::Refused(format!("cannot write {}: {error}", path.display()))
}

/// Writes `bytes` to a hidden temporary file beside `path`, syncs it, and renames it over
/// `path`: readers see the old file or the whole new one, never a part.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let temporary = temporary_path(path);
    let result = write_synced(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(io_error(path, error));
    }
    Ok(())
}

/// A hidden name beside `path` for writing it before it is complete.
fn temporary_path(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    dir.join(format!(".{name}.{}.partial", std::process::id()))
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::{split_file_name, spreadsheet_safe};

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_quoted() {
        for (cell, written) in [
            ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Ada = Lovelace", "Ada = Lovelace"),
            ("محمد", "محمد"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_safe(cell), written, "{cell:?}");
        }
    }
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
