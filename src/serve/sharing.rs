//! Whom a database is shared with: the group its directory belongs to when a server shares it
//! (`--group`), and how the server makes the socket reachable to that group and nothing else.

use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::Path;

use nix::unistd::{Gid, Group, Uid, User};

/// How the server's socket is made available to others.
#[derive(Debug, Clone, Default)]
pub struct Sharing {
    /// Members of this group may connect: the socket and the database directory belong to it.
    pub group: Option<String>,
}

/// The group the database's directory is shared with, as `share` leaves it (or as `install -d
/// -m 2710 -g GROUP` makes it): setgid and searchable by its group. A directory that is only
/// setgid (it inherited the bit from its parent) is shared with no one.
pub fn shared_group(db: &Path) -> Option<String> {
    let metadata = std::fs::metadata(db).ok()?;
    let mode = metadata.permissions().mode();
    if mode & 0o2000 == 0 || mode & 0o010 == 0 {
        return None;
    }
    Group::from_gid(Gid::from_raw(metadata.gid())).ok().flatten().map(|group| group.name)
}

/// The login of the account that owns the database's directory (and runs its server).
pub fn owner(db: &Path) -> Option<String> {
    let uid = std::fs::metadata(db).ok()?.uid();
    Some(User::from_uid(Uid::from_raw(uid)).ok().flatten().map_or_else(|| format!("uid {uid}"), |user| user.name))
}

/// The command that serves the database in `db` to its group: ``certdesk serve --db DB
/// --group GROUP``, naming the group its directory is shared with when it is.
pub fn serve_command(db: &Path) -> String {
    let group = shared_group(db).unwrap_or_else(|| "GROUP".to_string());
    format!("certdesk serve --db {} --group {group}", crate::domain::shown::shell_word(db))
}

/// The group named to share with, checked before the server makes its socket: one that does
/// not exist, or one the account running the server is not in (the system lets no one else
/// give it files: it said only `EPERM`), is refused with what to do.
pub(super) fn group_to_share_with(db: &Path, name: &str) -> anyhow::Result<Group> {
    let refused = |why: String| anyhow::anyhow!("cannot share {} with the group {name}: {why}", db.display());
    let group = Group::from_name(name)
        .map_err(|error| refused(format!("cannot look it up: {error}")))?
        .ok_or_else(|| refused(format!("there is no such group; make it (`groupadd {name}`, as root), or name one of yours (`id -Gn` lists them)")))?;
    let login = super::identity::login_of(nix::unistd::getuid().as_raw());
    match membership_of_this_login(&group, &login) {
        Membership::Member => Ok(group),
        Membership::NotYetInThisLogin => Err(refused(format!(
            "you ({login}) were added to it after this login began, and only its members may give it files; log in again (or run `newgrp {name}`), then start the server again"
        ))),
        Membership::NotMember => {
            let kept = shared_group(db).as_deref() == Some(name);
            Err(refused(not_a_member(db, name, &login, kept)))
        }
    }
}

/// Why the account running the server may not share with `name`, and its ways out. When the
/// directory is shared with that group already (a server started without `--group` keeps its
/// group), stopping the sharing is one of them.
fn not_a_member(db: &Path, name: &str, login: &str, directory_shared: bool) -> String {
    let add = format!("ask root to add you (`usermod -aG {name} {login}`, then log in again)");
    if directory_shared {
        format!(
            "you ({login}) are not in it, and only its members may give it files; the directory is shared with it (its setgid bit): {add}, serve it to a group of yours with --group (`id -Gn` lists them), or stop sharing it (`chmod g-s {}`)",
            db.display()
        )
    } else {
        format!(
            "you ({login}) are not in it, and only its members may give it files; {add}, or name a group of yours (`id -Gn` lists them)"
        )
    }
}

/// Whether this process belongs to `group`, or only the group's list names `login` (added
/// after this login began, which a new login, or `newgrp`, takes up).
pub fn membership_of_this_login(group: &Group, login: &str) -> Membership {
    let in_this_login = nix::unistd::getgroups().unwrap_or_default();
    membership(nix::unistd::geteuid().is_root(), group, login, nix::unistd::getegid(), &in_this_login)
}

/// Whether an account belongs to a group: for the server, whether it may give files to it;
/// for staff, whether they may reach the database shared with it.
#[derive(Debug, PartialEq, Eq)]
pub enum Membership {
    Member,
    /// The group lists the account, but this login's processes do not carry the group yet.
    NotYetInThisLogin,
    NotMember,
}

fn membership(is_root: bool, group: &Group, login: &str, egid: Gid, in_this_login: &[Gid]) -> Membership {
    if is_root || egid == group.gid || in_this_login.contains(&group.gid) {
        Membership::Member
    } else if group.mem.iter().any(|member| member == login) {
        Membership::NotYetInThisLogin
    } else {
        Membership::NotMember
    }
}

/// The first directory above the database that the group's members may not pass through
/// (the owner's home, `0750`, say): its server then serves no one of them. Read from the
/// permission bits, as they apply to a member who is neither the directory's owner nor root.
pub fn closed_to_group(db: &Path, gid: Gid) -> Option<std::path::PathBuf> {
    let db = std::path::absolute(db).ok()?;
    let mut above: Vec<&Path> = db.ancestors().skip(1).collect();
    above.reverse();
    above
        .into_iter()
        .find(|dir| !std::fs::metadata(dir).is_ok_and(|metadata| passable_by(&metadata, gid)))
        .map(Path::to_path_buf)
}

fn passable_by(metadata: &std::fs::Metadata, gid: Gid) -> bool {
    let mode = metadata.permissions().mode();
    mode & 0o001 != 0 || (metadata.gid() == gid.as_raw() && mode & 0o010 != 0)
}

/// Makes the socket usable by the group's members: the socket `0660`, the database directory
/// setgid and searchable (not writable) by the group, both owned by the group.
pub(super) fn share(db: &Path, socket: &Path, sharing: &Sharing) -> anyhow::Result<()> {
    let Some(name) = &sharing.group else {
        return Ok(());
    };
    let group = group_to_share_with(db, name)?;
    for path in [db, socket] {
        give_to(path, group.gid, name)?;
    }
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o660))?;
    // A socket kept elsewhere is in a directory of its own, which the group may pass through.
    if let Some(dir) = socket.parent().filter(|dir| *dir != db) {
        give_to(dir, group.gid, name)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o710))?;
    }
    // The group may reach the socket, never the files: staff go through the server. The
    // directory lets the group in (to the socket, the lock that names the server, the pointer
    // to a socket kept elsewhere) without listing it, and every file of the database is the
    // owner's alone (those sled writes later are too: `certdesk serve` runs with umask 077).
    // Others may not even look (the database holds learners' names and grades).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_above_the_database_closed_to_the_group_is_found() {
        let top = tempfile::tempdir().expect("temp dir");
        let home = top.path().join("home");
        let db = home.join("db");
        std::fs::create_dir_all(&db).expect("mkdir");
        let gid = nix::unistd::getgid();
        let other = Gid::from_raw(gid.as_raw().wrapping_add(4242));
        let set = |mode| std::fs::set_permissions(&home, std::fs::Permissions::from_mode(mode)).expect("chmod");
        std::fs::set_permissions(top.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
        set(0o750);
        assert_eq!(closed_to_group(&db, gid), None, "its group passes");
        assert_eq!(closed_to_group(&db, other), Some(home.clone()), "another group does not");
        set(0o711);
        assert_eq!(closed_to_group(&db, other), None, "everyone passes");
        set(0o700);
        assert_eq!(closed_to_group(&db, gid), Some(home.clone()));
    }

    #[test]
    fn only_a_member_of_a_group_or_root_gives_it_files() {
        let group = Group {
            name: "staff".to_string(),
            passwd: Default::default(),
            gid: Gid::from_raw(500),
            mem: vec!["bruno".to_string()],
        };
        let (other, staff) = (Gid::from_raw(100), Gid::from_raw(500));
        assert_eq!(membership(false, &group, "ana", other, &[other, staff]), Membership::Member);
        assert_eq!(membership(false, &group, "ana", staff, &[]), Membership::Member, "as the primary group");
        assert_eq!(membership(true, &group, "root", other, &[]), Membership::Member, "root may give any group");
        assert_eq!(membership(false, &group, "bruno", other, &[other]), Membership::NotYetInThisLogin);
        assert_eq!(membership(false, &group, "ana", other, &[other]), Membership::NotMember);
    }

    #[test]
    fn a_group_the_directory_is_shared_with_can_be_given_up() {
        let db = Path::new("/srv/course");
        let named = not_a_member(db, "staff", "ana", false);
        assert!(named.ends_with("or name a group of yours (`id -Gn` lists them)"), "{named}");
        assert!(!named.contains("chmod"), "{named}");
        let kept = not_a_member(db, "staff", "ana", true);
        assert!(kept.contains("`usermod -aG staff ana`"), "{kept}");
        assert!(kept.ends_with("or stop sharing it (`chmod g-s /srv/course`)"), "{kept}");
    }

    #[test]
    fn a_directory_is_shared_when_setgid_and_searchable_by_its_group() {
        let dir = tempfile::tempdir().expect("temp dir");
        let group = Group::from_gid(nix::unistd::getgid()).ok().flatten().expect("own group").name;
        let set = |mode| std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(mode)).expect("chmod");
        set(0o700);
        assert_eq!(shared_group(dir.path()), None);
        set(0o2700);
        assert_eq!(shared_group(dir.path()), None, "setgid from a parent shares nothing");
        set(0o2710);
        assert_eq!(shared_group(dir.path()), Some(group.clone()));
        assert!(serve_command(dir.path()).ends_with(&format!(" --group {group}")));
    }
}
