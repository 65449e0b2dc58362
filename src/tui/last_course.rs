//! The course the TUI last showed on each database, per user, so that it opens there again.
//! Kept in a small file of the user's own (`$XDG_STATE_HOME/certdesk/last-course`, else
//! `~/.local/state/certdesk/last-course`), not in the database: it is one person's place, a
//! database shared through `certdesk serve` has many people, and no stored record changes.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Databases kept in the file: the most recently used; older ones are forgotten.
const KEPT: usize = 50;

/// Where the last course of one database is kept.
#[derive(Debug, Clone)]
pub struct LastCourse {
    file: PathBuf,
    database: String,
}

impl LastCourse {
    /// For `database`, in the user's state directory; `None` when there is none to find
    /// (no `HOME`) or the path cannot be written on one line.
    pub fn for_database(database: &Path) -> Option<LastCourse> {
        let state = std::env::var_os("XDG_STATE_HOME")
            .map(PathBuf::from)
            .filter(|dir| dir.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/state")))?;
        LastCourse::at(state.join("certdesk/last-course"), database)
    }

    /// For `database`, kept in `file`.
    pub fn at(file: PathBuf, database: &Path) -> Option<LastCourse> {
        let database = std::fs::canonicalize(database).unwrap_or_else(|_| database.to_path_buf());
        let database = database.to_str().filter(|path| !path.contains(['\n', '\t']))?.to_string();
        Some(LastCourse { file, database })
    }

    /// The course last shown on the database, if one was.
    pub fn recall(&self) -> Option<String> {
        let text = std::fs::read_to_string(&self.file).ok()?;
        entries(&text).find(|(_, database)| *database == self.database).map(|(course, _)| course.to_string())
    }

    /// Keeps `course` as the database's last. Written whole to a new file that then replaces
    /// the old one, so that two certdesk closing at once leave one of them, never a mix.
    pub fn remember(&self, course: &str) -> std::io::Result<()> {
        if course.contains(['\n', '\t']) {
            return Ok(());
        }
        let before = std::fs::read_to_string(&self.file).unwrap_or_default();
        let mut lines = vec![format!("{course}\t{}", self.database)];
        // Databases since removed (a test's, a trial's) go, so the file does not grow for good.
        let others = entries(&before)
            .filter(|(_, database)| *database != self.database && Path::new(database).exists())
            .map(|(course, database)| format!("{course}\t{database}"));
        lines.extend(others.take(KEPT - 1));
        if let Some(dir) = self.file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let partial = self.file.with_extension(format!("{}.partial", std::process::id()));
        let mut out = std::fs::File::create(&partial)?;
        let written = out.write_all((lines.join("\n") + "\n").as_bytes()).and_then(|()| out.sync_all());
        if let Err(error) = written.and_then(|()| std::fs::rename(&partial, &self.file)) {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
        Ok(())
    }
}

/// The file's (course, database) lines, most recent first; anything else in it is skipped.
fn entries(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines()
        .filter_map(|line| line.split_once('\t'))
        .filter(|(course, database)| !course.is_empty() && !database.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_database_recalls_its_own_last_course() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state/certdesk/last-course");
        let (one, two) = (dir.path().join("one"), dir.path().join("two"));
        std::fs::create_dir(&one).unwrap();
        std::fs::create_dir(&two).unwrap();
        let first = LastCourse::at(file.clone(), &one).unwrap();
        let second = LastCourse::at(file.clone(), &two).unwrap();
        assert_eq!(first.recall(), None, "nothing is kept before the first course is shown");
        first.remember("synthetic").unwrap();
        second.remember("middle-earth-101").unwrap();
        first.remember("history-202").unwrap();
        assert_eq!(first.recall().as_deref(), Some("history-202"));
        assert_eq!(second.recall().as_deref(), Some("middle-earth-101"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(text.lines().count(), 2, "one line a database: {text}");
        // A database that is gone is forgotten at the next write.
        std::fs::remove_dir(&two).unwrap();
        first.remember("synthetic").unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap().lines().count(), 1);
    }

    #[test]
    fn a_file_that_is_not_what_certdesk_writes_recalls_nothing_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("last-course");
        std::fs::write(&file, b"\xff\xfe garbage\n\tno course\nno tab\n").unwrap();
        let last = LastCourse::at(file.clone(), dir.path()).unwrap();
        assert_eq!(last.recall(), None);
        last.remember("synthetic").unwrap();
        assert_eq!(last.recall().as_deref(), Some("synthetic"));
    }
}
