//! Files that appear whole or not at all: written under a hidden temporary name beside their
//! path, synced, and renamed over it. A file dropped before it is committed takes its temporary
//! name with it; one left by a process that was killed is removed by the next export to the
//! same path.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::super::{OpsError, Result};

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

/// A database directory holds certdesk's lock file: writing a PDF over one of its files (the
/// database itself, or the issuer's keys) would ruin it.
pub fn refuse_inside_a_database(path: &Path) -> Result<()> {
    refuse_directory_inside_a_database(directory_of(path), path)
}

/// Refuses `directory` (where `shown` would be written) when it is, or is under, a database's.
pub(super) fn refuse_directory_inside_a_database(directory: &Path, shown: &Path) -> Result<()> {
    let directory = directory.canonicalize().unwrap_or_else(|_| directory.to_path_buf());
    match directory.ancestors().find(|dir| dir.join(crate::store::LOCK_FILE).is_file()) {
        Some(database) => Err(OpsError::Refused(format!(
            "{} is inside the certdesk database {}; nothing was written there (choose a place outside it)",
            shown.display(),
            database.display()
        ))),
        None => Ok(()),
    }
}

/// Whether `a` and `b` name the same file, whether or not it exists yet.
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    let resolved = |path: &Path| {
        let directory = directory_of(path);
        directory.canonicalize().unwrap_or_else(|_| directory.to_path_buf()).join(file_name(path))
    };
    resolved(a) == resolved(b)
}

/// Refuses a `path` that names a directory, before anything is written: renaming the file over
/// it would only fail at the end, after all the work.
fn refuse_a_directory(path: &Path) -> Result<()> {
    let what = match path.is_dir() {
        true => "is a directory",
        false if path.as_os_str().as_encoded_bytes().ends_with(b"/") => "ends in /, so it names a directory",
        false => return Ok(()),
    };
    Err(OpsError::Refused(format!("{} {what}: name the file to write in it (nothing was written)", path.display())))
}

/// Refuses a `path` where something other than a file is: the rename that ends every write
/// replaces whatever is there, so a device became a PDF (as root, `--out /dev/full`) and a
/// symbolic link a file, its target left as it was; and opening a named pipe to look at it
/// waits for a writer that never comes, with the database held. Nothing there is fine.
pub fn refuse_what_is_not_a_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::FileTypeExt as _;
    let Ok(metadata) = std::fs::symlink_metadata(path) else { return Ok(()) };
    let kind = metadata.file_type();
    let what = if kind.is_file() || kind.is_dir() {
        return Ok(());
    } else if kind.is_symlink() {
        match std::fs::read_link(path) {
            Ok(target) => format!("a symbolic link to {}; name that file itself", target.display()),
            Err(_) => "a symbolic link; name the file it leads to".to_string(),
        }
    } else if kind.is_fifo() {
        "a named pipe, not a file".to_string()
    } else if kind.is_socket() {
        "a socket, not a file".to_string()
    } else {
        "a device, not a file".to_string()
    };
    Err(OpsError::Refused(format!(
        "{} is {what}: nothing was written (certdesk writes a whole new file and renames it into place, which would replace it)",
        path.display()
    )))
}

/// `.NAME.PID.partial` beside `path`.
fn temporary_path(path: &Path) -> PathBuf {
    directory_of(path).join(format!(".{}.{}.partial", file_name(path), std::process::id()))
}

/// The directory a file at `path` goes in: its parent, or `.` for a bare file name.
pub fn directory_of(path: &Path) -> &Path {
    path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
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

/// What went wrong writing `path`, in words: a directory that does not exist, or one this user
/// may not write in, is named, with what to do, rather than left to the system's `No such file
/// or directory (os error 2)` or `Permission denied (os error 13)`.
pub(super) fn io_error(path: &Path, error: std::io::Error) -> OpsError {
    let not_found = error.kind() == std::io::ErrorKind::NotFound;
    let placed = not_found || crate::access::is_refusal(&error);
    let reason = match placed.then(|| why_path_refused(path)).flatten() {
        Some(reason) => reason,
        // The directory is there and may be written, yet no file can be made in it: a file
        // system of the kernel's (/proc, /sys), or one that went away meanwhile.
        None if not_found => {
            format!("no file can be made in {} (the system says: {error})", directory_of(path).display())
        }
        None if crate::access::is_disk_full(&error) => crate::access::disk_full(directory_of(path)),
        None => error.to_string(),
    };
    OpsError::Refused(format!("cannot write {}: {reason}", path.display()))
}

/// Why no file can be written at `path`, whatever it would hold, if none can: its directory
/// does not exist or is no directory, or this user may not write there. Asked before the work
/// (the terminal application's PDF prompts) and after a write failed.
pub fn why_path_refused(path: &Path) -> Option<String> {
    let directory = directory_of(path);
    if directory.is_dir() {
        return crate::access::why_cannot_write(path);
    }
    Some(match directory.exists() {
        true => format!("{} is not a directory", directory.display()),
        false => format!("there is no directory {}: make it first, or give another path", directory.display()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_that_takes_no_files_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("all.pdf");
        // What /proc answers root, whom it lets write there: no such file.
        let refused = io_error(&path, std::io::Error::from(std::io::ErrorKind::NotFound)).to_string();
        let expected = format!(
            "cannot write {}: no file can be made in {} (the system says: ",
            path.display(),
            dir.path().display()
        );
        assert!(refused.starts_with(&expected), "{refused}");
        let missing = dir.path().join("gone").join("all.pdf");
        let refused = io_error(&missing, std::io::Error::from(std::io::ErrorKind::NotFound)).to_string();
        assert!(refused.contains("there is no directory"), "{refused}");
    }

    #[test]
    fn a_full_disk_is_said_in_words() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("all.pdf");
        // ENOSPC, as a write to a full disk returns it.
        let refused = io_error(&path, std::io::Error::from_raw_os_error(28)).to_string();
        assert_eq!(
            refused,
            format!(
                "cannot write {}: the disk that holds {} is full: free some space there, or choose a directory on another disk",
                path.display(),
                dir.path().display()
            )
        );
    }

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
