//! What can go wrong with the database, in words a user can act on.

use std::path::PathBuf;

use super::codec::CodecError;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds the database; `serving` when it is its server, whose socket does
    /// not answer yet.
    #[error("{}", locked_message(path, holder, *serving))]
    Locked { path: PathBuf, holder: Option<String>, serving: bool },
    #[error(
        "the database {path} was written by a newer certdesk (schema {found}; this one knows up to {supported}); upgrade certdesk to open it"
    )]
    NewerSchema { path: PathBuf, found: u32, supported: u32 },
    #[error("the database is damaged: tree '{tree}', key '{key}': {reason}")]
    Corrupt { tree: String, key: String, reason: CodecError },
    // `cause`, not `source`: the message says it already, and a source would say it twice.
    #[error("cannot open the database {path}: {}", open_words(path, cause))]
    Open { path: PathBuf, cause: std::io::Error },
    // No `#[from]`: sled's own message would follow this one as its source, saying it twice.
    #[error("{}", sled_message(.0))]
    Sled(sled::Error),
    #[error("{0}")]
    Conflict(String),
    /// A freshly drawn verification code is already in use; draw another and retry.
    #[error("verification code {0} is already in use")]
    CodeTaken(crate::domain::Code),
    /// What an operation read was changed by someone else before it wrote; nothing was written.
    #[error("{0}")]
    Changed(String),
    /// The connection to the database's server broke. `starter` is who may start it again:
    /// `None` when it is the caller (the database's owner), else the owner's login.
    #[error("{}", gone_message(path, reason, starter.as_deref()))]
    ServerGone { path: PathBuf, reason: String, starter: Option<String> },
    /// The server refused this client (a different version, a user not or no longer allowed),
    /// in its own words.
    #[error("{0}")]
    Refused(String),
    /// The server's socket may not be opened by this user: the server runs, but is not shared
    /// with a group of theirs.
    #[error("{}", not_shared_message(path, owner, command))]
    NotShared { path: PathBuf, owner: String, command: String },
    /// What listens on the database's socket runs as someone other than the database's owner:
    /// not its server (someone took the place a stale pointer names), and never talked to.
    #[error(
        "the socket {} named for the database {} is held by {peer}, not by {owner}, whose database it is; certdesk sent it nothing. Ask {owner} to start the server again (`certdesk serve --db {}`)",
        socket.display(), path.display(), crate::domain::shown::shell_word(path)
    )]
    Impostor { path: PathBuf, socket: PathBuf, peer: String, owner: String },
    /// The server reported an error of its own.
    #[error("{0}")]
    Server(String),
}

impl From<sled::Error> for StoreError {
    fn from(error: sled::Error) -> StoreError {
        StoreError::Sled(error)
    }
}

/// What a database sled finds data it cannot read in is: said as such, not as sled's
/// `Read corrupted data at file offset Some(Inline(30002712)) backtrace ()`.
pub const DAMAGED: &str = "the database is damaged: some of its data cannot be read (a disk error, or a file changed or cut short by something other than certdesk); restore the database directory from a backup";

/// A write the database engine could not make for a full disk. sled then refuses every read
/// and write of the process that met it, so a certdesk that stays open must be started again.
const FULL_DISK: &str = "the disk that holds the database is full: free some space and run the command again (the terminal application or `certdesk serve`, if it met this, must be quit and started again first: the database engine reads and writes nothing more after a write failed)";

/// sled's errors in words: its I/O errors print Rust's debug form of the error otherwise.
fn sled_message(error: &sled::Error) -> String {
    match error {
        sled::Error::Io(io) if io.kind() == std::io::ErrorKind::StorageFull => FULL_DISK.to_string(),
        sled::Error::Io(io) => format!("the database cannot be read or written: {}", system_words(io)),
        sled::Error::Corruption { .. } => DAMAGED.to_string(),
        other => format!("database error: {other}"),
    }
}

/// Why a database could not be opened: opening writes (its lock, sled's recovery), so a full
/// disk stops it too, and is said as the commands that fail midway say it.
fn open_words(path: &std::path::Path, cause: &std::io::Error) -> String {
    // A file where the path needs a directory: the system says `File exists` or `Not a directory`.
    if matches!(cause.kind(), std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::NotADirectory)
        && let Some(file) = crate::access::file_on_the_way(path)
    {
        return file;
    }
    match cause.kind() {
        std::io::ErrorKind::StorageFull => {
            "the disk that holds it is full: free some space and run the command again".to_string()
        }
        std::io::ErrorKind::ReadOnlyFilesystem if path.exists() => {
            "it is on a read-only file system, and certdesk writes beside a database even to read it (its lock, the engine's recovery): mount it read-write, or copy the directory somewhere writable".to_string()
        }
        std::io::ErrorKind::ReadOnlyFilesystem => {
            "it would be made on a read-only file system: choose a place elsewhere, or mount that one read-write".to_string()
        }
        _ => system_words(cause),
    }
}

/// What the system said, as it says it: sled hands on an error it copied (each thread that
/// waited on the failed write gets one) as a new one whose message is the first's debug form,
/// `Os { code: 27, kind: FileTooLarge, message: "File too large" }`, which staff would
/// otherwise read.
fn system_words(io: &std::io::Error) -> String {
    let said = io.to_string();
    let Some(fields) = said.strip_prefix("Os { ") else { return said };
    let field = |name: &str| fields.split_once(name).map(|(_, rest)| rest);
    let message = field("message: \"").and_then(|rest| rest.split_once('"')).map(|(message, _)| message);
    let code = field("code: ").and_then(|rest| rest.split_once(',')).map(|(code, _)| code);
    match (message, code) {
        (Some(message), Some(code)) => format!("{message} (os error {code})"),
        _ => std::io::Error::from(io.kind()).to_string(),
    }
}

/// Only the database's owner may start its server: the owner is given the whole command (a
/// bare `certdesk serve` would serve their default database, not this one), anyone else whom
/// to ask for it.
fn gone_message(path: &std::path::Path, reason: &str, starter: Option<&str>) -> String {
    let again = restart_advice(path, starter);
    format!("the certdesk server of {} went away ({reason}); {again}, or wait for it to come back", path.display())
}

/// What to do about the server of `path` having gone: start it again (`starter` is `None`:
/// the database is the caller's own), or ask its owner, `starter`, to.
pub fn restart_advice(path: &std::path::Path, starter: Option<&str>) -> String {
    match starter {
        None => format!("start it again with `certdesk serve --db {}`", crate::domain::shown::shell_word(path)),
        Some(owner) => {
            format!("ask {owner} to start it again (`{}`)", crate::serve::sharing::serve_command(path))
        }
    }
}

fn not_shared_message(path: &std::path::Path, owner: &str, command: &str) -> String {
    format!(
        "you may not connect to the certdesk server of {}: it is not shared with a group of yours; ask {owner} to run `{command}`",
        path.display()
    )
}

fn locked_message(path: &std::path::Path, holder: &Option<String>, serving: bool) -> String {
    if serving {
        let holder = holder.as_ref().map(|holder| format!(" ({holder})")).unwrap_or_default();
        return format!(
            "the database {} is held by its certdesk server{holder}, which does not answer yet (it may be starting); run the command again in a moment, and if it still does not answer, stop that server and start it again (`certdesk serve --db {}`)",
            path.display(),
            crate::domain::shown::shell_word(path)
        );
    }
    let holder = match holder {
        Some(holder) => format!("another certdesk process ({holder})"),
        None => "another certdesk process".to_string(),
    };
    format!(
        "the database {} is in use by {holder}; to work on it together, close that one and run `certdesk serve --db {}` (then every certdesk on the database shares it), or choose another database with --db",
        path.display(),
        crate::domain::shown::shell_word(path)
    )
}

impl From<sled::transaction::TransactionError<StoreError>> for StoreError {
    fn from(error: sled::transaction::TransactionError<StoreError>) -> StoreError {
        match error {
            sled::transaction::TransactionError::Abort(inner) => inner,
            sled::transaction::TransactionError::Storage(inner) => StoreError::Sled(inner),
        }
    }
}

/// Shows a key for humans: printable text as is, the 0x00 separator as '/', other bytes as hex.
pub fn printable_key(key: &[u8]) -> String {
    let mut shown = String::new();
    for chunk in key.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\0' => shown.push('/'),
                c if c.is_control() => shown.push_str(&format!("\\x{:02x}", c as u32)),
                c => shown.push(c),
            }
        }
        for byte in chunk.invalid() {
            shown.push_str(&format!("\\x{byte:02x}"));
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_sled_finds_is_said_in_words() {
        let damaged = StoreError::from(sled::Error::Corruption { at: None, bt: () });
        assert_eq!(damaged.to_string(), DAMAGED);
    }

    /// The default database's path through a file (`XDG_DATA_HOME` naming one): the system
    /// said `File exists (os error 17)`.
    #[test]
    fn a_database_path_through_a_file_names_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("afile");
        std::fs::write(&file, "hi").expect("write");
        for code in [17, 20] {
            let open = StoreError::Open { path: file.join("certdesk"), cause: std::io::Error::from_raw_os_error(code) };
            let said = open.to_string();
            assert!(
                said.ends_with(&format!(
                    "{} is a file, not a directory; give a path through directories",
                    file.display()
                )),
                "{said}"
            );
        }
    }

    #[test]
    fn a_full_disk_is_said_once_in_words() {
        let full = StoreError::from(sled::Error::Io(std::io::Error::from(std::io::ErrorKind::StorageFull)));
        let said = format!("{:#}", anyhow::Error::from(full));
        assert_eq!(said, FULL_DISK);
        assert!(said.starts_with("the disk that holds the database is full: free some space"), "{said}");
        let denied = StoreError::from(sled::Error::Io(std::io::Error::from(std::io::ErrorKind::PermissionDenied)));
        assert_eq!(
            format!("{:#}", anyhow::Error::from(denied)),
            "the database cannot be read or written: permission denied"
        );
        let open =
            StoreError::Open { path: PathBuf::from("/srv/certdesk/db"), cause: std::io::Error::from_raw_os_error(28) };
        assert_eq!(
            format!("{:#}", anyhow::Error::from(open)),
            "cannot open the database /srv/certdesk/db: the disk that holds it is full: free some space and run the command again"
        );
        let read_only = |path: PathBuf| {
            format!(
                "{:#}",
                anyhow::Error::from(StoreError::Open { path, cause: std::io::Error::from_raw_os_error(30) })
            )
        };
        let there = tempfile::tempdir().expect("temp dir");
        let said = read_only(there.path().to_path_buf());
        assert!(said.contains(": it is on a read-only file system, and certdesk writes beside"), "{said}");
        let said = read_only(PathBuf::from("/mnt/ro/new"));
        assert!(said.ends_with("/mnt/ro/new: it would be made on a read-only file system: choose a place elsewhere, or mount that one read-write"), "{said}");
        // What sled hands on once a write failed (its errors are copied for every waiter).
        let copied = sled::Error::Io(std::io::Error::from_raw_os_error(27)).clone();
        assert_eq!(
            format!("{:#}", anyhow::Error::from(StoreError::from(copied))),
            "the database cannot be read or written: File too large (os error 27)"
        );
    }

    /// A bare `certdesk serve` serves the default database, and only the owner may start a
    /// server: each is told what they can do about it.
    #[test]
    fn a_server_gone_names_the_command_for_its_owner_and_whom_to_ask_for_others() {
        let gone = |starter: Option<&str>| {
            let error = StoreError::ServerGone {
                path: PathBuf::from("/srv/certdesk/db"),
                reason: "it closed the connection".to_string(),
                starter: starter.map(str::to_string),
            };
            format!("{:#}", anyhow::Error::from(error))
        };
        assert_eq!(
            gone(None),
            "the certdesk server of /srv/certdesk/db went away (it closed the connection); start it again with `certdesk serve --db /srv/certdesk/db`, or wait for it to come back"
        );
        assert_eq!(
            gone(Some("ana")),
            "the certdesk server of /srv/certdesk/db went away (it closed the connection); ask ana to start it again (`certdesk serve --db /srv/certdesk/db --group GROUP`), or wait for it to come back"
        );
    }

    #[test]
    fn keys_print_readably() {
        assert_eq!(printable_key(b"middle-earth\0bilbo"), "middle-earth/bilbo");
        assert_eq!(printable_key(&[b'c', 0, 0, 0, 0, 7, 0xff]), "c////\\x07\\xff");
    }
}
