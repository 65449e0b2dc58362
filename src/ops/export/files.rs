//! Files that appear whole or not at all: written under a hidden temporary name beside their
//! path, synced, and renamed over it. A file dropped before it is committed takes its temporary
//! name with it; one left by a process that was killed is removed by the next export to the
//! same path.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::super::Result;
use super::places::{
    directory_of, file_name, io_error, refuse_a_directory, refuse_inside_a_database, refuse_what_is_not_a_file,
};

pub(super) struct PendingFile {
    path: PathBuf,
    temporary: PathBuf,
    file: File,
    committed: bool,
}

impl PendingFile {
    /// A file to write `path` with, after removing what killed processes left while writing it.
    pub(super) fn create(path: &Path) -> Result<PendingFile> {
        refuse_a_directory(path)?;
        refuse_what_is_not_a_file(path)?;
        refuse_inside_a_database(path)?;
        remove_leftovers(path);
        PendingFile::create_in_checked_directory(path)
    }

    /// Like `create`, in a directory `refuse_inside_a_database` has already passed and whose
    /// leftovers are cleared: a split export's thousands of files share one.
    pub(super) fn create_in_checked_directory(path: &Path) -> Result<PendingFile> {
        let temporary = temporary_path(path);
        let file = File::create(&temporary).map_err(|error| io_error(path, error))?;
        Ok(PendingFile { path: path.to_path_buf(), temporary, file, committed: false })
    }

    pub(super) fn file(&self) -> &File {
        &self.file
    }

    /// A second handle on the file, for a writer that owns its output.
    pub(super) fn handle(&self) -> Result<File> {
        self.file.try_clone().map_err(|error| io_error(&self.path, error))
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Syncs and closes the file, which keeps its temporary name until committed: a split
    /// export's thousands of files wait for their commit without a descriptor each (a
    /// process may have only 1,024 open).
    pub(super) fn close(mut self) -> Result<ClosedFile> {
        self.file.sync_all().map_err(|error| io_error(&self.path, error))?;
        let closed = ClosedFile {
            path: std::mem::take(&mut self.path),
            temporary: std::mem::take(&mut self.temporary),
            committed: false,
        };
        // The closed file owns the temporary name now.
        self.committed = true;
        Ok(closed)
    }

    /// Syncs the file and renames it over its path: readers see the old file or the whole new
    /// one, never a part.
    pub(super) fn commit(self) -> Result<()> {
        self.close()?.commit()
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// A file written and synced under its temporary name, closed, waiting to be renamed over its
/// path; dropped uncommitted, it is removed.
pub(super) struct ClosedFile {
    path: PathBuf,
    temporary: PathBuf,
    committed: bool,
}

impl ClosedFile {
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn commit(mut self) -> Result<()> {
        std::fs::rename(&self.temporary, &self.path).map_err(|error| io_error(&self.path, error))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for ClosedFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Writes `bytes` to `path` whole or not at all (`show --pdf`, `preview --png`, the terminal
/// application's PDFs), removing first what a killed write of `path` left.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let pending = PendingFile::create(path)?;
    pending.file().write_all(bytes).map_err(|error| io_error(path, error))?;
    pending.commit()
}

/// `.NAME.PID.partial` beside `path`.
fn temporary_path(path: &Path) -> PathBuf {
    directory_of(path).join(format!(".{}.{}.partial", file_name(path), std::process::id()))
}

/// Removes `.NAME.PID.partial` files beside `path` whose process is gone (killed while writing).
fn remove_leftovers(path: &Path) {
    let name = file_name(path);
    remove_leftovers_where(directory_of(path), |target| target == name);
}

/// Removes what split exports killed while writing into `dir` left: `.NAME.PID.partial` files
/// of PDFs whose process is gone (thousands, for a large course).
pub(super) fn remove_split_leftovers(dir: &Path) {
    remove_leftovers_where(dir, |target| target.ends_with(".pdf"));
}

/// Removes the `.NAME.PID.partial` files of `dir` whose NAME is `wanted` and whose process is
/// gone; another running process's are its own business.
fn remove_leftovers_where(dir: &Path, wanted: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((target, pid)) = name
            .strip_prefix('.')
            .and_then(|rest| rest.strip_suffix(".partial"))
            .and_then(|rest| rest.rsplit_once('.'))
        else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if wanted(target) && pid != std::process::id() && !is_running(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether process `pid` still runs: it exists and is no zombie. A killed process stays a
/// zombie until its parent collects it, which a script that started it in the background may
/// never do; it writes nothing more all the same.
fn is_running(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return false };
    // "PID (COMMAND) STATE ...", where COMMAND may hold spaces and parentheses of its own.
    let state = stat.rsplit_once(')').and_then(|(_, rest)| rest.trim_start().chars().next());
    !matches!(state, Some('Z' | 'X'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.pdf");
        let pending = PendingFile::create(&path).expect("create");
        pending.file().write_all(b"%PDF").expect("write");
        assert!(!path.exists());
        drop(pending);
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0, "the temporary file went with it");
        let pending = PendingFile::create(&path).expect("create");
        pending.file().write_all(b"%PDF").expect("write");
        pending.commit().expect("commit");
        assert_eq!(std::fs::read(&path).expect("read"), b"%PDF");
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
    }

    #[test]
    fn closed_files_hold_no_descriptor_and_appear_only_when_committed() {
        let dir = tempfile::tempdir().expect("temp dir");
        // This process's descriptors on files of `dir` (other tests' files are elsewhere).
        let open_here = || {
            let links = std::fs::read_dir("/proc/self/fd").expect("/proc/self/fd").flatten();
            links
                .filter(|link| std::fs::read_link(link.path()).is_ok_and(|target| target.starts_with(dir.path())))
                .count()
        };
        let closed: Vec<ClosedFile> = (0..50)
            .map(|n| {
                let pending = PendingFile::create(&dir.path().join(format!("{n}.pdf"))).expect("create");
                pending.file().write_all(b"%PDF").expect("write");
                assert_eq!(open_here(), 1, "an open file is seen");
                pending.close().expect("close")
            })
            .collect();
        assert_eq!(open_here(), 0, "50 closed files hold no descriptors");
        let mut closed = closed.into_iter();
        let first = closed.next().expect("first");
        assert!(!first.path().exists());
        first.commit().expect("commit");
        assert_eq!(std::fs::read(dir.path().join("0.pdf")).expect("read"), b"%PDF");
        drop(closed);
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).expect("dir").flatten().map(|entry| entry.file_name()).collect();
        assert_eq!(names, ["0.pdf"], "the uncommitted went with their drop");
    }

    #[test]
    fn split_leftovers_of_dead_processes_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        // No process has a pid above the kernel's limit of 2^22; process 1 always runs.
        let dead = ["bilbo-AAAA-BBBB-CCCC.pdf", "frodo-DDDD-EEEE-FFFF.pdf"]
            .map(|name| dir.path().join(format!(".{name}.4194305.partial")));
        let kept = [
            dir.path().join(".sam-GGGG-HHHH-JJJJ.pdf.1.partial"),
            dir.path().join(".manifest.csv.4194305.partial"),
            dir.path().join("bilbo-AAAA-BBBB-CCCC.pdf"),
        ];
        for file in dead.iter().chain(&kept) {
            std::fs::write(file, b"part").expect("write");
        }
        remove_split_leftovers(dir.path());
        assert!(dead.iter().all(|file| !file.exists()), "a killed split's files go");
        assert!(kept.iter().all(|file| file.exists()), "a running export's, other files' and finished ones stay");
    }

    #[test]
    fn leftovers_of_dead_processes_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.pdf");
        // No process has a pid above the kernel's limit of 2^22.
        let dead = dir.path().join(".out.pdf.4194305.partial");
        // Process 1 always runs: another export may be writing this one.
        let alive = dir.path().join(".out.pdf.1.partial");
        let other = dir.path().join(".other.pdf.4194305.partial");
        for file in [&dead, &alive, &other] {
            std::fs::write(file, b"part").expect("write");
        }
        let pending = PendingFile::create(&path).expect("create");
        assert!(!dead.exists());
        assert!(alive.exists(), "a running process's file is kept");
        assert!(other.exists(), "another file's leftovers are not this export's business");
        drop(pending);
        // One certificate's PDF or picture, written whole: the same clearing first.
        let picture = dir.path().join("other.pdf");
        write_atomically(&picture, b"%PDF").expect("write");
        assert!(!other.exists(), "what a killed `show --pdf` of other.pdf left is gone");
        assert!(alive.exists());
        assert_eq!(std::fs::read(&picture).expect("read"), b"%PDF");
    }

    #[test]
    fn a_killed_process_not_yet_collected_counts_as_gone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = std::process::Command::new("sleep").arg("60").spawn().expect("sleep");
        let leftover = dir.path().join(format!(".out.pdf.{}.partial", child.id()));
        std::fs::write(&leftover, b"part").expect("write");
        remove_leftovers(&dir.path().join("out.pdf"));
        assert!(leftover.exists(), "a running process's file is kept");
        child.kill().expect("kill");
        // Killed and not yet waited for: a zombie until `wait`, as under a parent that never
        // collects its children.
        while std::fs::read_to_string(format!("/proc/{}/stat", child.id())).is_ok_and(|stat| !stat.contains(") Z")) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        remove_leftovers(&dir.path().join("out.pdf"));
        assert!(!leftover.exists(), "a zombie writes nothing more");
        child.wait().expect("wait");
    }
}
