//! A split export: one PDF per certificate in a directory, each carrying its own credential,
//! all kept or none.

use std::collections::HashSet;
use std::io::BufWriter;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::earlier_files::{EarlierFiles, earlier_files};
use super::files::{ClosedFile, PendingFile, remove_split_leftovers};
use super::manifest::Manifest;
use super::pages::{Laid, Pages, Sealed};
use super::places::{directory_of, io_error, refuse_directory_inside_a_database};
use super::{
    ExportOptions, Exported, Unprintable, exported, finish_file, new_document, parallel, refuse_nothing_to_export,
    render_error,
};
use crate::domain::Code;
use crate::ops::credentials::page_files;
use crate::ops::issue::Progress;
use crate::ops::printing::{PrintProblem, Printer};
use crate::ops::standing::CourseState;
use crate::ops::{OpsError, Result};
use crate::store::Store;

/// Writes one PDF per selected certificate into `dir`, named `username-CODE.pdf`, laid out and
/// written on every core. Each is written under a temporary name first, and all are renamed at
/// the end; when one cannot be printed, none is, and stopped early, none is either; killed, it
/// leaves temporary files that the next split into `dir` removes.
/// Returns the number of files (and how many carry a credential a retired key signed), and the
/// certificate PDFs of earlier exports `dir` holds.
pub fn export_split(
    store: &Store,
    printer: &Printer,
    state: &CourseState,
    options: &ExportOptions,
    dir: &Path,
    progress: &mut dyn Progress,
) -> Result<(Exported, EarlierFiles)> {
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
    if created {
        // Only the directory itself is made, as a single PDF's directory is not: a mistyped
        // path (`exprots/2026/pdfs`) made every directory in it.
        let parent = directory_of(dir);
        if let Some(file) = crate::access::file_on_the_way(dir) {
            return Err(OpsError::Refused(format!(
                "cannot write into {}: {file} (nothing was written)",
                dir.display()
            )));
        }
        if !parent.is_dir() {
            return Err(OpsError::Refused(format!(
                "there is no directory {}: make it first, or give another path (a split export makes only the directory it writes into; nothing was written)",
                parent.display()
            )));
        }
        std::fs::create_dir(dir).map_err(|error| io_error(dir, error))?;
    }
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
) -> Result<(Exported, EarlierFiles)> {
    remove_split_leftovers(dir);
    let mut manifest = Manifest::create(options.manifest.as_deref())?;
    let mut written: Vec<ClosedFile> = Vec::with_capacity(pages.len());
    let mut unprintable = Unprintable::default();
    // Once a page cannot be printed, no file will be kept: the rest are only laid out.
    let refused = AtomicBool::new(false);
    let write_one =
        |sealed: &Sealed, position: usize| -> Result<Option<std::result::Result<ClosedFile, PrintProblem>>> {
            let (_, entry) = pages.entry(position);
            let (page, files) = match pages.lay_out(sealed, position)? {
                Laid::Unprintable(problem) => return Ok(Some(Err(problem))),
                Laid::Page(..) if refused.load(Ordering::Relaxed) => return Ok(None),
                Laid::Page(page, credential) => (page, page_files(entry.certificate.code, &credential)),
            };
            let file = dir.join(split_file_name(&entry.certificate.username, entry.certificate.code));
            let pending = PendingFile::create_in_checked_directory(&file)?;
            let buffered = BufWriter::with_capacity(64 * 1024, pending.handle()?);
            let title = super::certificate_title(state, &entry.certificate);
            let mut document = new_document(printer, state, options, title, buffered);
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
                Some(Ok(_)) if !unprintable.pages.is_empty() => {}
                Some(Ok(pending)) => {
                    let file = pending.path().to_path_buf();
                    written.push(pending);
                    if let Some(manifest) = manifest.as_mut() {
                        // Each file holds one page; the row says its place in the export, the page it
                        // has in the one PDF the same export without --split writes.
                        manifest.add(&exported(position + 1, entry, Some(file)))?;
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
    let names: HashSet<String> = written
        .iter()
        .filter_map(|pending| pending.path().file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .collect();
    for pending in written {
        pending.commit()?;
    }
    if let Some(manifest) = manifest {
        manifest.commit()?;
    }
    let exported = Exported { certificates: count, signed_with_retired: pages.signed_with_retired() };
    Ok((exported, earlier_files(dir, &names, state)))
}

/// `username-CODE.pdf` with anything that could leave the directory or confuse a shell
/// (separators, `..`, control characters) replaced by `_`.
pub fn split_file_name(username: &str, code: Code) -> String {
    let safe: String =
        username.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    let safe = if safe.is_empty() || safe.starts_with('.') { format!("_{safe}") } else { safe };
    format!("{safe}-{code}.pdf")
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
