//! Refusals of the file system in words: which directory or file turned this user away, whose
//! it is, and what to do, where the system says only "Permission denied (os error 13)".

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use nix::errno::Errno;
use nix::unistd::{AccessFlags, access};

use crate::ops::directory_of;
use crate::serve::identity::{login_of, own_login};

/// Whether `error` is a refusal this module can put in words (the rest keep the system's).
pub fn is_refusal(error: &std::io::Error) -> bool {
    matches!(error.kind(), std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem)
}

/// Why this user cannot write the file `path` (nor make it), with what to do: said after
/// "cannot write PATH: ". `None` when nothing on the way refuses them (the caller keeps the
/// system's words).
pub fn why_cannot_write(path: &Path) -> Option<String> {
    // A directory is named in full: `the directory .` would say little.
    let path = &std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(file) = file_on_the_way(path) {
        return Some(file);
    }
    if let Some(closed) = closed_directory(path) {
        return Some(closed_sentence(&closed, "choose a directory of yours (your home, say)"));
    }
    // Where the file (or the first directory missing on its way) would be made.
    let directory = directory_of(path).ancestors().find(|dir| dir.exists()).unwrap_or(directory_of(path));
    match access(directory, AccessFlags::W_OK) {
        Err(Errno::EROFS) => {
            return Some(format!(
                "the directory {} is on a read-only file system; choose a directory elsewhere",
                directory.display()
            ));
        }
        Err(Errno::EACCES) => return Some(unwritable_directory(directory)),
        _ => {}
    }
    match access(path, AccessFlags::W_OK) {
        Err(Errno::EACCES) => Some(match owner(path) {
            Some(owner) if owner != own_login() => format!(
                "{} is {owner}'s and you ({}) may not write over it; choose another name, or ask {owner} to let you",
                path.display(),
                own_login()
            ),
            _ => format!(
                "{} is read-only; make it writable (chmod u+w {}) or choose another name",
                path.display(),
                path.display()
            ),
        }),
        _ => None,
    }
}

/// Why this user cannot read `path` (a file, or a folder to list), with what to do: said after
/// "cannot read PATH: ". `None` when nothing on the way refuses them.
pub fn why_cannot_read(path: &Path) -> Option<String> {
    let path = &std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(closed) = closed_directory(path) {
        return Some(closed_sentence(&closed, "copy it somewhere of yours"));
    }
    let what = if path.is_dir() { "folder" } else { "file" };
    match access(path, AccessFlags::R_OK) {
        Err(Errno::EACCES) => Some(match owner(path) {
            Some(owner) if owner != own_login() => format!(
                "the {what} is {owner}'s and you ({}) may not read it; ask {owner} to let you (chmod o+r), or copy it somewhere of yours",
                own_login()
            ),
            _ => format!(
                "the {what} is not readable, even by you; give yourself read access (chmod u+r {})",
                path.display()
            ),
        }),
        _ => None,
    }
}

/// Why this user cannot read `path`, a file that must stay its owner's alone (the issuer's
/// private key): who may read it and what to do, without the `chmod o+r` that would open it
/// to everyone. Said after "the file PATH: ". `None` when nothing refuses them.
pub fn why_cannot_read_private(path: &Path) -> Option<String> {
    let path = &std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(closed) = closed_directory(path) {
        return Some(closed_sentence(&closed, "run certdesk as the account the database is kept by"));
    }
    if access(path, AccessFlags::R_OK) != Err(Errno::EACCES) {
        return None;
    }
    let metadata = std::fs::metadata(path).ok()?;
    let mode = metadata.mode() & 0o777;
    let (owner, me) = (login_of(metadata.uid()), own_login());
    Some(if owner == me {
        format!(
            "it is yours but not readable even by you (mode {mode:o}); give it back its mode: chmod 600 {}",
            path.display()
        )
    } else {
        format!(
            "it is {owner}'s, and only {owner} may read it (mode {mode:o}), not you ({me}); run certdesk as {owner}, or, \
             if the database is yours to run, have {owner} make the file yours (chown {me} {}), keeping it readable by \
             its owner alone",
            path.display()
        )
    })
}

/// Why this user cannot even see whether `path` exists: a directory above it closed to them
/// (another account's home, say), said after "cannot reach PATH: ". `None` when every
/// directory on the way lets them through.
pub fn why_cannot_reach(path: &Path) -> Option<String> {
    let path = &std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    file_on_the_way(path).or_else(|| closed_directory(path).map(|closed| closed_sentence(&closed, "check the path")))
}

/// `error` met writing `path`, as the clause after "cannot write PATH: ".
pub fn write_error(path: &Path, error: &std::io::Error) -> String {
    if is_disk_full(error) {
        let directory = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
        return disk_full(directory);
    }
    let placed = is_refusal(error) || error.kind() == std::io::ErrorKind::NotADirectory;
    placed.then(|| why_cannot_write(path)).flatten().unwrap_or_else(|| error.to_string())
}

/// Whether `error` is a full disk, also when a writer wrapped it in one of its own (a CSV
/// writer's error comes back as `Other`, a csv::Error inside, the system's error inside that,
/// which csv::Error does not give as its `source`).
pub fn is_disk_full(error: &std::io::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(inner) = cause {
        if let Some(io) = inner.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::StorageFull {
                return true;
            }
            // An io::Error's `source` skips the error it wraps; `get_ref` is that error.
            cause = io.get_ref().map(|wrapped| wrapped as &(dyn std::error::Error + 'static));
        } else if let Some(csv::ErrorKind::Io(io)) = inner.downcast_ref::<csv::Error>().map(csv::Error::kind) {
            cause = Some(io);
        } else {
            cause = inner.source();
        }
    }
    false
}

/// A write into `directory` that met a full disk, as the clause after "cannot write PATH: ":
/// the system's "No space left on device (os error 28)" says neither which disk nor what to do.
pub fn disk_full(directory: &Path) -> String {
    format!(
        "the disk that holds {} is full: free some space there, or choose a directory on another disk",
        directory.display()
    )
}

/// `error` met reading `path`, as the clause after "cannot read PATH: ".
pub fn read_error(path: &Path, error: &std::io::Error) -> String {
    is_refusal(error).then(|| why_cannot_read(path)).flatten().unwrap_or_else(|| error.to_string())
}

/// The most bytes certdesk reads from a file the user names (an export, a roster, a template):
/// four times the Open edX grade report of a million learners. More is not a file of a course
/// (`/dev/zero`, a log given by mistake), and reading on would only fill the memory.
pub const LARGEST_INPUT: u64 = 1 << 30;

/// The bytes of `path`, as `std::fs::read` reads them, but refusing a device (`/dev/zero`,
/// a terminal), which is no file and may never end, and a file larger than `LARGEST_INPUT`,
/// each with an error whose words say so. A named pipe is read: a script may feed one.
pub fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    let kind = metadata.file_type();
    let device = match () {
        () if kind.is_char_device() => Some("a character device"),
        () if kind.is_block_device() => Some("a block device"),
        () if kind.is_socket() => Some("a socket"),
        () => None,
    };
    if let Some(device) = device {
        let message = format!("it is {device}, not a file; give the file itself");
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, message));
    }
    let too_large = || {
        let message = format!("it is larger than {} GiB, more than any course's file", LARGEST_INPUT >> 30);
        std::io::Error::new(std::io::ErrorKind::FileTooLarge, message)
    };
    // A file says its size; a pipe is read up to one byte past the limit.
    if metadata.len() > LARGEST_INPUT {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(LARGEST_INPUT + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > LARGEST_INPUT {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The bytes of a file the user named; what keeps them from it as the clause after "cannot read
/// PATH: " (no such file, a folder, a refusal in words), rather than the system's "(os error 2)".
pub fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    read_input(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => "there is no such file; check the path".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a folder; give the file in it".to_string(),
        std::io::ErrorKind::NotADirectory => file_on_the_way(path).unwrap_or_else(|| error.to_string()),
        _ => read_error(path, &error),
    })
}

/// The text of a file the user named (a template, a message, a key), as `read_file` reads it;
/// UTF-16 is read too; other text is refused naming where its first byte that is not UTF-8 is.
pub fn read_text(path: &Path) -> Result<String, String> {
    let text = crate::import::encoding::decode(read_file(path)?).map_err(|not_text| not_text.describe_plain())?;
    // A byte-order mark (Notepad writes one) says how the text is encoded; it is not text.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// The first directory above `path` this user may not pass through (search), if any; none
/// past a file on the way (`file_on_the_way` says that one).
fn closed_directory(path: &Path) -> Option<PathBuf> {
    from_the_root(path)
        .into_iter()
        .take_while(|dir| !is_file(dir))
        .find(|dir| access(*dir, AccessFlags::X_OK) == Err(Errno::EACCES))
        .map(Path::to_path_buf)
}

/// A file where `path` needs a directory (`notes.txt` of `notes.txt/all.pdf`), said as the
/// clause after "cannot write PATH: ": the system says only "Not a directory (os error 20)".
pub fn file_on_the_way(path: &Path) -> Option<String> {
    let file = from_the_root(path).into_iter().find(|dir| is_file(dir))?;
    Some(format!("{} is a file, not a directory; give a path through directories", file.display()))
}

/// The directories `path` goes through, from the first it names down to its parent.
fn from_the_root(path: &Path) -> Vec<&Path> {
    let mut above: Vec<&Path> = path.ancestors().skip(1).filter(|dir| !dir.as_os_str().is_empty()).collect();
    above.reverse();
    above
}

/// Whether `path` is there and is not a directory (a file, a device, a socket).
fn is_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|metadata| !metadata.is_dir())
}

fn closed_sentence(directory: &Path, otherwise: &str) -> String {
    match owner(directory) {
        Some(owner) if owner != own_login() => format!(
            "the directory {} is {owner}'s and closed to you ({}); {otherwise}, or ask {owner} to open it to you",
            directory.display(),
            own_login()
        ),
        _ => format!(
            "the directory {} is closed even to you; open it (chmod u+x {}) or {otherwise}",
            directory.display(),
            directory.display()
        ),
    }
}

fn unwritable_directory(directory: &Path) -> String {
    match owner(directory) {
        Some(owner) if owner != own_login() => format!(
            "you ({}) may not write in the directory {}, which is {owner}'s; choose a directory of yours (your home, say), or ask {owner} for write access",
            own_login(),
            directory.display()
        ),
        _ => format!(
            "the directory {} is read-only; make it writable (chmod u+w {}) or choose another directory",
            directory.display(),
            directory.display()
        ),
    }
}

/// The login name of whoever owns `path`, when it can be seen.
fn owner(path: &Path) -> Option<String> {
    std::fs::metadata(path).ok().map(|metadata| login_of(metadata.uid()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_past_the_largest_input_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (small, huge) = (dir.path().join("small.csv"), dir.path().join("huge.csv"));
        std::fs::write(&small, "username\n").expect("write");
        // Sparse: it takes no room, and is never read.
        std::fs::File::create(&huge).and_then(|file| file.set_len(LARGEST_INPUT + 1)).expect("huge file");
        assert_eq!(read_input(&small).expect("read"), b"username\n");
        assert_eq!(read_file(&huge), Err("it is larger than 1 GiB, more than any course's file".to_string()));
        assert_eq!(
            read_file(Path::new("/dev/null")),
            Err("it is a character device, not a file; give the file itself".to_string())
        );
    }

    #[test]
    fn a_writable_place_has_no_reason() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(why_cannot_write(&dir.path().join("all.pdf")), None);
        let error = std::io::Error::from(std::io::ErrorKind::Interrupted);
        assert_eq!(write_error(&dir.path().join("all.pdf"), &error), error.to_string());
    }

    /// A file where a directory must be: named as a file, not as a directory closed to the
    /// user (`chmod u+x` would only make it executable) nor as one to make.
    #[test]
    fn a_file_on_the_way_is_named_as_a_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "hi").expect("write");
        let expected = format!("{} is a file, not a directory; give a path through directories", file.display());
        assert_eq!(file_on_the_way(&file.join("a/b.pdf")).as_deref(), Some(expected.as_str()));
        assert_eq!(why_cannot_reach(&file.join("db")).as_deref(), Some(expected.as_str()));
        let not_a_directory = std::io::Error::from_raw_os_error(20);
        assert_eq!(write_error(&file.join("all.pdf"), &not_a_directory), expected);
        assert_eq!(file_on_the_way(&dir.path().join("all.pdf")), None);
        assert_eq!(file_on_the_way(&file), None, "the path itself may be a file");
        assert_eq!(read_file(&file.join("t.cdt")), Err(expected));
    }

    #[test]
    fn a_full_disk_is_named_with_what_to_do() {
        let full = std::io::Error::from_raw_os_error(28);
        assert_eq!(
            write_error(Path::new("/mnt/x/c/course.toml"), &full),
            "the disk that holds /mnt/x/c is full: free some space there, or choose a directory on another disk"
        );
        let wrapped = std::io::Error::from(csv::Error::from(std::io::Error::from_raw_os_error(28)));
        assert_eq!(
            write_error(Path::new("/mnt/x/c/roster.csv"), &wrapped),
            "the disk that holds /mnt/x/c is full: free some space there, or choose a directory on another disk",
            "as a CSV writer hands it on"
        );
        assert_eq!(
            write_error(Path::new("course.toml"), &full),
            "the disk that holds . is full: free some space there, or choose a directory on another disk"
        );
    }
}
