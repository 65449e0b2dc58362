//! Where a database's server listens: `certdesk.sock` beside the database, or, when that path
//! is too long for a Unix socket (107 bytes), a socket under /run/certdesk (or the user's
//! runtime directory) whose path a `certdesk.socket` file beside the database names.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// The socket's name beside the database.
pub const SOCKET: &str = "certdesk.sock";
/// Beside the database when the socket is elsewhere: the socket's path.
pub const POINTER: &str = "certdesk.socket";
/// The longest path a Unix socket address holds (sun_path is 108 bytes with its NUL).
const MAX_SOCKET_PATH: usize = 107;

/// Where a server for the database in `db` should listen. A server shared with a group does
/// not listen in the user's runtime directory, which no one else may enter.
pub fn socket_path(db: &Path, shared: bool) -> PathBuf {
    let beside = db.join(SOCKET);
    if beside.as_os_str().len() <= MAX_SOCKET_PATH {
        return beside;
    }
    let canonical = db.canonicalize().unwrap_or_else(|_| db.to_path_buf());
    let mut hasher = crate::render::page::Fnv64::default();
    hasher.write(canonical.as_os_str().as_encoded_bytes());
    let name = format!("certdesk-{:016x}.sock", hasher.finish());
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").filter(|_| !shared).map(PathBuf::from);
    [Some(PathBuf::from("/run/certdesk")), runtime]
        .into_iter()
        .flatten()
        .find(|dir| dir.is_dir())
        .unwrap_or_else(std::env::temp_dir)
        .join(name)
}

/// The socket a client of the database in `db` should try, if any server ever announced one.
pub fn find_socket(db: &Path) -> Option<PathBuf> {
    let beside = db.join(SOCKET);
    if beside.exists() {
        return Some(beside);
    }
    let pointed = std::fs::read_to_string(db.join(POINTER)).ok()?;
    let pointed = PathBuf::from(pointed.trim());
    pointed.exists().then_some(pointed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_socket_goes_beside_the_database_unless_the_path_is_too_long() {
        let short = Path::new("/srv/certdesk/db");
        assert_eq!(socket_path(short, true), Path::new("/srv/certdesk/db/certdesk.sock"));
        let long = PathBuf::from(format!("/srv/{}/db", "x".repeat(120)));
        let elsewhere = socket_path(&long, false);
        assert!(elsewhere.as_os_str().len() <= MAX_SOCKET_PATH, "{}", elsewhere.display());
        assert!(elsewhere.file_name().is_some_and(|name| name.to_string_lossy().starts_with("certdesk-")));
        assert_eq!(socket_path(&long, false), elsewhere, "the same database always gets the same socket");
    }
}
