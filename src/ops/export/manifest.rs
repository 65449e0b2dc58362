//! The manifest of an export, `page,code,username,name,file` as CSV, written row by row beside
//! the pages and committed with them.

use super::ExportedPage;
use super::files::PendingFile;
use super::places::io_error;
use crate::ops::{OpsError, Result};
use std::path::Path;

/// The manifest, written row by row beside the pages.
pub(super) struct Manifest {
    rows: csv::Writer<std::fs::File>,
    pending: PendingFile,
}

impl Manifest {
    pub(super) fn create(path: Option<&Path>) -> Result<Option<Manifest>> {
        let Some(path) = path else { return Ok(None) };
        // A killed export's manifest is left beside it as the pages are: removed here.
        let pending = PendingFile::create(path)?;
        let mut manifest = Manifest { rows: csv::Writer::from_writer(pending.handle()?), pending };
        manifest.row(["page", "code", "username", "name", "file"])?;
        Ok(Some(manifest))
    }

    pub(super) fn add(&mut self, page: &ExportedPage) -> Result<()> {
        let file = page.file.as_ref().map(|file| file.display().to_string()).unwrap_or_default();
        self.row([
            &page.page.to_string(),
            &page.code.to_string(),
            &spreadsheet_safe(&page.username),
            &spreadsheet_safe(&page.full_name),
            &spreadsheet_safe(&file),
        ])
    }

    fn row(&mut self, cells: [&str; 5]) -> Result<()> {
        self.rows.write_record(cells).map_err(|error| {
            OpsError::Refused(format!("cannot write the manifest {}: {error}", self.pending.path().display()))
        })
    }

    pub(super) fn commit(mut self) -> Result<()> {
        self.rows.flush().map_err(|error| io_error(self.pending.path(), error))?;
        self.pending.commit()
    }
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

#[cfg(test)]
mod tests {
    use super::{Manifest, spreadsheet_safe};

    #[test]
    fn what_a_killed_export_left_of_its_manifest_is_removed_by_the_next() {
        let dir = tempfile::tempdir().expect("temp dir");
        // No process has a pid above the kernel's limit of 2^22.
        let dead = dir.path().join(".pages.csv.4194305.partial");
        std::fs::write(&dead, b"page,code").expect("write");
        let manifest = Manifest::create(Some(&dir.path().join("pages.csv"))).expect("create");
        assert!(!dead.exists(), "a killed export's manifest is left behind");
        manifest.expect("a manifest").commit().expect("commit");
        assert!(dir.path().join("pages.csv").exists());
    }

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
}
