//! A database its owner keeps behind a directory closed to the staff (their home, say): a
//! member is told which directory keeps them out, not that there is no database.

mod common;

use std::os::unix::fs::PermissionsExt as _;

use common::TestDb;
use common::served::{nobody_runs, output, reachable_by_nobody, text};

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
