//! One certificate (or a preview) as a whole PDF of one page: what `show`, the TUI, mail
//! attachments and the learner's download write.

use crate::domain::{Certificate, Code, LedgerEntry};
use crate::ops::credentials::certificate_files;
use crate::ops::printing::{Printer, certificate_data};
use crate::ops::standing::CourseState;
use crate::ops::{OpsError, Result};
use crate::render::Page;
use crate::render::pdf::{Attachment, DocInfo, PdfDocument};
use crate::store::Store;

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

/// The title of a PDF that holds one certificate, which a viewer shows in its title bar: the
/// course and whose certificate it is ("Middle-earth 101: Frodo Baggins").
pub fn certificate_title(state: &CourseState, certificate: &Certificate) -> String {
    format!("{}: {}", state.course.title, certificate.snapshot.full_name)
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
