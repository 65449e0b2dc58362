//! A database its owner keeps behind a directory closed to the staff (their home, say): a
//! member is told which directory keeps them out, not that there is no database. Someone kept
//! out of a directory shared with a group is told how to get in: to log in again when they were
//! added to the group after their login began, else whom to ask to add them, with the command.

use crate::common;

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;

use common::TestDb;
use common::served::{GROUP, is_root, nobody_runs, output, reachable_by_nobody, text};

#[test]
fn a_database_behind_a_closed_directory_names_that_directory() {
    let db = TestDb::new();
    let bin = reachable_by_nobody(&db);
    let home = db.dir.path().join("home");
    std::fs::create_dir(&home).expect("mkdir");
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let theirs = home.join("certdesk");
    let made = std::process::Command::new(common::BIN).arg("--db").arg(&theirs).arg("courses").output();
    assert!(made.expect("run certdesk").status.success());

    let refused = output(nobody_runs(&bin).arg("--db").arg(&theirs).arg("courses"));
    assert_eq!(refused.status.code(), Some(1));
    let expected = format!(
        "certdesk: cannot reach the database {}: the directory {} is {}'s and closed to you (nobody); check the path, or ask {} to open it to you\n",
        theirs.display(),
        home.display(),
        common::login(),
        common::login()
    );
    assert_eq!(text(&refused.stderr), expected);
}

/// `program` run as `nobody` in a login that began before they were added to any group: only
/// their own group, as `id` shows it in an SSH session opened before `usermod -aG`.
fn nobody_in_a_login_without_groups(program: &Path) -> Command {
    let mut command = if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "nobody", "-g", "nogroup", "--"]);
        command
    } else {
        let mut command = Command::new("sudo");
        command.args(["-n", "setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups", "--"]);
        command
    };
    command.arg(program);
    command
}

/// A database of the test's account in a directory shared with `group` (setgid, `2710`), as
/// `install -d -g GROUP -m 2710` or a server's `--group` leaves it; no server runs.
fn shared_with(group: &str) -> (TestDb, std::path::PathBuf) {
    let db = TestDb::with_sample();
    let bin = reachable_by_nobody(&db);
    let gid = nix::unistd::Group::from_name(group).expect("groups").expect("the group exists").gid;
    nix::unistd::chown(&db.path(), None, Some(gid)).expect("chgrp");
    std::fs::set_permissions(db.path(), std::fs::Permissions::from_mode(0o2710)).expect("chmod");
    (db, bin)
}

#[test]
fn someone_added_to_the_group_after_their_login_began_is_told_to_log_in_again() {
    // nobody is in the group (scripts/test adds them) but this login of theirs does not carry it.
    let (db, bin) = shared_with(GROUP);
    let refused = output(nobody_in_a_login_without_groups(&bin).arg("--db").arg(db.path()).arg("courses"));
    assert_eq!(refused.status.code(), Some(1));
    let expected = format!(
        "certdesk: the database {} is {}'s and shared with the group {GROUP}, which you (nobody) were added to after this login began; log in again (or run `newgrp {GROUP}`), then run certdesk again\n",
        db.path().display(),
        common::login()
    );
    assert_eq!(text(&refused.stderr), expected);
}

#[test]
fn someone_outside_the_group_is_given_the_command_that_adds_them() {
    // The test account's own group, which nobody is not in.
    let own = nix::unistd::Group::from_gid(nix::unistd::getgid()).expect("groups").expect("own group").name;
    let (db, bin) = shared_with(&own);
    let refused = output(nobody_runs(&bin).arg("--db").arg(db.path()).arg("courses"));
    assert_eq!(refused.status.code(), Some(1));
    let expected = format!(
        "certdesk: the database {} is {}'s and not shared with you (it is shared with the group {own}, which you are not in); ask root to add you to it (`usermod -aG {own} nobody`, then log in again)\n",
        db.path().display(),
        common::login()
    );
    assert_eq!(text(&refused.stderr), expected);
}
