//! Who is asking, from the operating system: the login name of a user id, for this process
//! (local work) and for the peer of a server's socket (SO_PEERCRED). Never from anything a
//! client says about itself.

use std::os::unix::net::UnixStream;

use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};
use nix::unistd::{Uid, User};

/// The login name of `uid`, or `uid 1234` when the user database has none (a container
/// without /etc/passwd entries, say): always something that names the account.
pub fn login_of(uid: u32) -> String {
    match User::from_uid(Uid::from_raw(uid)) {
        Ok(Some(user)) => user.name,
        _ => format!("uid {uid}"),
    }
}

/// The login name of the real user running this process.
pub fn own_login() -> String {
    login_of(nix::unistd::getuid().as_raw())
}

/// The user id and login name of the process at the other end of a Unix socket.
pub fn peer(stream: &UnixStream) -> std::io::Result<(u32, String)> {
    let credentials = getsockopt(stream, PeerCredentials).map_err(std::io::Error::from)?;
    let uid = credentials.uid();
    Ok((uid, login_of(uid)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_socket_peer_is_the_process_at_the_other_end() {
        let (ours, theirs) = UnixStream::pair().expect("socket pair");
        let (uid, login) = peer(&ours).expect("peer credentials");
        assert_eq!(uid, nix::unistd::getuid().as_raw());
        assert_eq!(login, own_login());
        drop(theirs);
    }

    #[test]
    fn every_uid_is_named() {
        assert_eq!(login_of(0), "root");
        assert_eq!(login_of(4_000_000_000), "uid 4000000000");
    }
}
