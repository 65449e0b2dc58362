//! How the server shares a database with a group (`--group`): the socket reachable to the
//! group's members, and nothing else.

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

use nix::unistd::{Gid, Group};

/// How the server's socket is made available to others.
#[derive(Debug, Clone, Default)]
pub struct Sharing {
    /// Members of this group may connect: the socket and the database directory belong to it.
    pub group: Option<String>,
}

/// Makes the socket usable by the group's members: the socket `0660`, the database directory
/// setgid and searchable (not writable) by the group, both owned by the group.
pub(super) fn share(db: &Path, socket: &Path, sharing: &Sharing) -> anyhow::Result<()> {
    let Some(name) = &sharing.group else {
        return Ok(());
    };
    let group = Group::from_name(name)
        .map_err(|error| anyhow::anyhow!("cannot look up the group {name}: {error}"))?
        .ok_or_else(|| anyhow::anyhow!("there is no group called {name}"))?;
    for path in [db, socket] {
        give_to(path, group.gid, name)?;
    }
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o660))?;
    // The group may reach the socket, never the files: staff go through the server. The
    // directory lets the group in (to the socket, the lock that names the server, the pointer
    // to a socket kept elsewhere) without listing it, and every file of the database is the
    // owner's alone, those written later too. Others may not even look (the database holds
    // learners' names and grades).
    nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o077));
    make_private(db, socket, group.gid, name)?;
    let owner = std::fs::metadata(db)?.permissions().mode() & 0o700;
    std::fs::set_permissions(db, std::fs::Permissions::from_mode(owner | 0o2010))?;
    Ok(())
}

fn give_to(path: &Path, gid: Gid, name: &str) -> anyhow::Result<()> {
    nix::unistd::chown(path, None, Some(gid))
        .map_err(|error| anyhow::anyhow!("cannot give {} to the group {name}: {error}", path.display()))
}

/// Every file and directory under `dir` readable by its owner only, but for what the group
/// needs: the socket, and the lock file and socket pointer, which clients read (the group's,
/// `0640`: a pointer written before the directory was the group's would be root's group's).
fn make_private(dir: &Path, socket: &Path, gid: Gid, name: &str) -> anyhow::Result<()> {
    let shared = [crate::store::LOCK_FILE, super::socket::POINTER];
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if path == socket || kind.is_symlink() {
            continue;
        }
        if kind.is_dir() {
            make_private(&path, socket, gid, name)?;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700))?;
        } else if shared.iter().any(|shared| entry.file_name() == *shared) {
            give_to(&path, gid, name)?;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640))?;
        } else {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}
