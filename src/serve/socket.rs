//! Where a database's server listens: `certdesk.sock` beside the database, or, when that path
//! is too long for a Unix socket (107 bytes), a socket in a directory of the server's own, made
//! fresh with a random name under /run/certdesk (or the user's runtime directory, or the
//! temporary directory), whose path a `certdesk.socket` file beside the database names. Nobody
//! can take a name made this way before the server, and a client still checks who listens
//! (`client`): a stale pointer may name a place someone else took since.

use std::os::unix::fs::DirBuilderExt as _;
use std::path::{Path, PathBuf};

/// The socket's name beside the database.
pub const SOCKET: &str = "certdesk.sock";
/// Beside the database when the socket is elsewhere: the socket's path.
pub const POINTER: &str = "certdesk.socket";
/// The longest path a Unix socket address holds (sun_path is 108 bytes with its NUL).
const MAX_SOCKET_PATH: usize = 107;

/// Where a server for the database in `db` should listen, making the private directory it goes
/// in when it does not go beside the database. A server shared with a group does not listen in
/// the user's runtime directory, which no one else may enter.
pub fn make_socket_path(db: &Path, shared: bool) -> std::io::Result<PathBuf> {
    let beside = db.join(SOCKET);
    if beside.as_os_str().len() <= MAX_SOCKET_PATH {
        return Ok(beside);
    }
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").filter(|_| !shared).map(PathBuf::from);
    let base = [Some(PathBuf::from("/run/certdesk")), runtime]
        .into_iter()
        .flatten()
        .find(|dir| dir.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    Ok(make_private_dir(&base)?.join(SOCKET))
}

/// A new directory in `base` that only this user may enter, with a name nobody could guess:
/// `mkdir` fails rather than reuse a directory that is there already.
fn make_private_dir(base: &Path) -> std::io::Result<PathBuf> {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(std::io::Error::other)?;
    let name: String = random.iter().map(|byte| format!("{byte:02x}")).collect();
    let dir = base.join(format!("certdesk-{name}"));
    std::fs::DirBuilder::new().mode(0o700).create(&dir)?;
    Ok(dir)
}

/// Takes away the socket a server made, with the directory made for it and the file beside the
/// database that named it.
pub fn remove(db: &Path, socket: &Path) {
    let _ = std::fs::remove_file(socket);
    if let Some(dir) = socket.parent().filter(|dir| *dir != db) {
        let _ = std::fs::remove_dir(dir);
        let _ = std::fs::remove_file(db.join(POINTER));
    }
}

/// Which directory a database is, as the file system knows it: a copy of the directory (`cp
/// -a`, a backup restored) is another, whatever it holds.
pub fn identity(db: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(db).ok().map(|metadata| (metadata.dev(), metadata.ino()))
}

/// Writes the pointer beside `db` to the socket its server listens on elsewhere, with the
/// directory's `identity`.
pub fn write_pointer(db: &Path, socket: &Path) -> std::io::Result<()> {
    let mut text = socket.as_os_str().as_encoded_bytes().to_vec();
    if let Some((device, inode)) = identity(db) {
        text.extend_from_slice(format!("\n{device} {inode}\n").as_bytes());
    }
    std::fs::write(db.join(POINTER), text)
}

/// The socket the pointer beside `db` names, unless it was written for another directory: a
/// copy of a served database carries its pointer along, which names the original's server.
fn pointed(db: &Path) -> Option<PathBuf> {
    let text = std::fs::read(db.join(POINTER)).ok()?;
    let text = String::from_utf8_lossy(&text);
    let mut lines = text.lines();
    let socket = PathBuf::from(lines.next()?.trim());
    let written_for = lines.next().and_then(|line| {
        let (device, inode) = line.trim().split_once(' ')?;
        Some((device.parse().ok()?, inode.parse().ok()?))
    });
    match written_for {
        Some(written_for) if Some(written_for) != identity(db) => None,
        _ => Some(socket),
    }
}

/// Takes away what a server of `db` killed before it could (`kill -9`) left elsewhere: the
/// socket the pointer beside the database names, and the directory made for it, which would
/// otherwise stay in /tmp for good, one more for every such kill. Only a socket of this
/// user's, alone in a directory of theirs, is removed; the caller holds the database's lock,
/// so no server of it is running.
pub fn remove_stale(db: &Path) {
    use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _};
    if !db.join(POINTER).exists() {
        return;
    }
    // A pointer copied along with the database names the original's server, which may well
    // be running: only the copy's pointer goes.
    let Some(socket) = pointed(db) else {
        let _ = std::fs::remove_file(db.join(POINTER));
        return;
    };
    let me = nix::unistd::getuid().as_raw();
    let ours = |path: &Path| std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.uid() == me);
    let is_socket = std::fs::symlink_metadata(&socket).is_ok_and(|metadata| metadata.file_type().is_socket());
    match socket.parent() {
        Some(dir) if dir != db && is_socket && ours(&socket) && ours(dir) => remove(db, &socket),
        _ => {
            let _ = std::fs::remove_file(db.join(POINTER));
        }
    }
}

/// The socket a client of the database in `db` should try, if any server ever announced one.
pub fn find_socket(db: &Path) -> Option<PathBuf> {
    let beside = db.join(SOCKET);
    if beside.exists() {
        return Some(beside);
    }
    let pointed = pointed(db)?;
    pointed.exists().then_some(pointed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};

    #[test]
    fn the_socket_goes_beside_the_database_unless_the_path_is_too_long() {
        let short = Path::new("/srv/certdesk/db");
        assert_eq!(make_socket_path(short, true).expect("a path"), Path::new("/srv/certdesk/db/certdesk.sock"));
    }

    /// A name derived from the database's path could be taken by anyone before its server
    /// starts; each server gets a directory of its own, that nobody else may enter.
    #[test]
    fn a_socket_kept_elsewhere_is_in_a_fresh_private_directory() {
        let long = PathBuf::from(format!("/srv/{}/db", "x".repeat(120)));
        let first = make_socket_path(&long, true).expect("a place");
        let second = make_socket_path(&long, true).expect("a place");
        assert!(first.as_os_str().len() <= MAX_SOCKET_PATH, "{}", first.display());
        assert_ne!(first, second, "every server gets a place of its own");
        for socket in [&first, &second] {
            let dir = socket.parent().expect("a directory");
            let metadata = std::fs::metadata(dir).expect("the directory is made");
            assert_eq!(metadata.permissions().mode() & 0o777, 0o700, "{}", dir.display());
            assert_eq!(metadata.uid(), nix::unistd::getuid().as_raw());
            remove(&long, socket);
            assert!(!dir.exists(), "{} is taken away with its socket", dir.display());
        }
    }

    /// A server killed with SIGKILL leaves its socket kept elsewhere, and its directory; the
    /// next server of the database takes them away.
    #[test]
    fn what_a_killed_server_left_elsewhere_is_taken_away() {
        let db = tempfile::tempdir().expect("temp dir");
        let base = tempfile::tempdir().expect("temp dir");
        let socket = make_private_dir(base.path()).expect("a place").join(SOCKET);
        let listener = std::os::unix::net::UnixListener::bind(&socket).expect("listen");
        std::fs::write(db.path().join(POINTER), socket.as_os_str().as_encoded_bytes()).expect("pointer");
        drop(listener);
        assert!(socket.exists(), "a killed server's socket stays");
        remove_stale(db.path());
        assert!(!socket.parent().expect("its directory").exists(), "the directory is taken away");
        assert!(!db.path().join(POINTER).exists(), "and the pointer to it");

        // A pointer copied along with a served database (`cp -a`) names the original's live
        // server: the copy's server takes only the copy's pointer, and its clients ignore it.
        let listening = make_private_dir(base.path()).expect("a place").join(SOCKET);
        let _listener = std::os::unix::net::UnixListener::bind(&listening).expect("listen");
        let original = tempfile::tempdir().expect("temp dir");
        write_pointer(original.path(), &listening).expect("pointer");
        assert_eq!(find_socket(original.path()), Some(listening.clone()), "the original's own pointer");
        std::fs::copy(original.path().join(POINTER), db.path().join(POINTER)).expect("copied along");
        assert_eq!(find_socket(db.path()), None, "a copy's clients do not reach the original's server");
        remove_stale(db.path());
        assert!(listening.exists(), "the original's socket stays");
        assert!(!db.path().join(POINTER).exists(), "the copy's pointer goes");

        // A pointer to something that is no socket of a directory of its own takes nothing.
        let kept = base.path().join("notes.txt");
        std::fs::write(&kept, "mine").expect("a file");
        std::fs::write(db.path().join(POINTER), kept.as_os_str().as_encoded_bytes()).expect("pointer");
        remove_stale(db.path());
        assert!(kept.exists(), "{} is kept", kept.display());
    }
}
