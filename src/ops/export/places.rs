//! Where an output file may be written, said before any work: not inside a database, not over a
//! directory or over what is not a file (a device, a named pipe, a link); and what went wrong
//! writing one, in words. How a file is written whole or not at all is `files`.

use std::path::Path;

use super::super::{OpsError, Result};

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
pub(super) fn refuse_a_directory(path: &Path) -> Result<()> {
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

/// The directory a file at `path` goes in: its parent, or `.` for a bare file name.
pub fn directory_of(path: &Path) -> &Path {
    path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// What went wrong writing `path`, in words: a directory that does not exist, or one this user
/// may not write in, is named, with what to do, rather than left to the system's `No such file
/// or directory (os error 2)` or `Permission denied (os error 13)`.
pub(super) fn io_error(path: &Path, error: std::io::Error) -> OpsError {
    let not_found = error.kind() == std::io::ErrorKind::NotFound;
    let placed = not_found || error.kind() == std::io::ErrorKind::NotADirectory || crate::access::is_refusal(&error);
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
    // A file where the directory (or one above it) should be, else no directory at all.
    Some(crate::access::file_on_the_way(path).unwrap_or_else(|| {
        format!("there is no directory {}: make it first, or give another path", directory.display())
    }))
}

/// The name of the file at `path`, as text.
pub(super) fn file_name(path: &Path) -> String {
    path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
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
}
