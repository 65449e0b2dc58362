//! A directory or file this user may not write in or read, as a second user (`nobody`) meets
//! one: the CLI and the TUI say which, whose it is and what to do, never the system's
//! "Permission denied (os error 13)".

use crate::common;

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use common::served::{COURSE, nobody_prefix, nobody_runs, open_tui, output, reachable_by_nobody, text};
use common::tmux::Tmux;
use common::{TestDb, login};

/// A database `nobody` made in a directory open to all (`open`), beside a directory only the
/// tests' own account may write in (`locked`) and a copy of the sample course folder.
struct Places {
    _dir: TestDb,
    bin: PathBuf,
    db: PathBuf,
    locked: PathBuf,
    course: PathBuf,
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn places() -> Places {
    let dir = TestDb::new();
    let bin = reachable_by_nobody(&dir);
    let open = dir.dir.path().join("open");
    let locked = dir.dir.path().join("locked");
    for (path, mode) in [(&open, 0o777), (&locked, 0o755)] {
        std::fs::create_dir(path).expect("mkdir");
        chmod(path, mode);
    }
    let course = dir.sample_copy("course");
    chmod(&course, 0o755);
    let places = Places { db: open.join("db"), _dir: dir, bin, locked, course };
    let imported = places.nobody(&["import", places.course.to_str().expect("utf-8 path")]);
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let generated = places.nobody(&["generate", COURSE]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    places
}

impl Places {
    fn nobody(&self, args: &[&str]) -> std::process::Output {
        output(nobody_runs(&self.bin).arg("--db").arg(&self.db).args(args).env_remove("CERTDESK_DB"))
    }

    /// What `nobody` is told of the directory `locked`.
    fn not_yours(&self) -> String {
        let owner = login();
        format!(
            "you (nobody) may not write in the directory {}, which is {owner}'s; choose a directory of yours (your home, say), or ask {owner} for write access",
            self.locked.display()
        )
    }
}

#[track_caller]
fn refused_with(output: &std::process::Output, expected: &str) {
    let stderr = text(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains(expected), "expected {expected:?} in:\n{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
}

#[test]
fn the_cli_names_what_it_may_not_write_or_read_and_whose_it_is() {
    let places = places();
    let pdf = places.locked.join("all.pdf");
    let exported = places.nobody(&["export", COURSE, "--out", pdf.to_str().expect("utf-8 path")]);
    refused_with(&exported, &format!("certdesk: cannot write {}: {}", pdf.display(), places.not_yours()));

    let sample = places.locked.join("sample");
    let written = places.nobody(&["sample", "--learners", "3", "--activities", "2", "--out", sample.to_str().unwrap()]);
    refused_with(&written, &format!("cannot write the sample course to {}: {}", sample.display(), places.not_yours()));

    let elsewhere = places.locked.join("db");
    let opened = output(nobody_runs(&places.bin).arg("--db").arg(&elsewhere).arg("courses"));
    refused_with(&opened, &format!("cannot make the database {}: {}", elsewhere.display(), places.not_yours()));

    chmod(&places.course.join("grades.csv"), 0o600);
    let imported = places.nobody(&["import", places.course.to_str().expect("utf-8 path")]);
    let owner = login();
    refused_with(
        &imported,
        &format!(
            "grades.csv: cannot read it: the file is {owner}'s and you (nobody) may not read it; ask {owner} to let you (chmod o+r), or copy it somewhere of yours"
        ),
    );
    chmod(&places.course, 0o700);
    let imported = places.nobody(&["import", places.course.to_str().expect("utf-8 path")]);
    refused_with(
        &imported,
        &format!("cannot read {}: the folder is {owner}'s and you (nobody) may not read it", places.course.display()),
    );

    // nobody's own database file, made read-only: `chown` was the advice, which cannot help.
    let file = places.db.join("db");
    chmod(&file, 0o400);
    let opened = places.nobody(&["courses"]);
    let expected =
        format!("its file {} is read-only; make it writable again with `chmod u+w {}`", file.display(), file.display());
    refused_with(&opened, &expected);
    assert!(!text(&opened.stderr).contains("chown"), "{}", text(&opened.stderr));
    chmod(&file, 0o600);
    assert!(places.nobody(&["courses"]).status.success());
}

/// The issuer's key file, restored as another account's (root's, from a backup), is theirs
/// alone: `nobody`, who keeps the database, is told whose it is and what to do, where every
/// command that signs or checks said only "Permission denied (os error 13)".
#[test]
fn an_issuer_key_file_of_another_account_says_whose_it_is_and_what_to_do() {
    let places = places();
    let key_file = places.db.join("issuer-keys.json");
    let certificates = places.nobody(&["certificates", COURSE, "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&certificates.stdout).expect("certificates JSON");
    let code = listed[0]["code"].as_str().expect("a certificate's code").to_string();
    let pdf = places.db.parent().expect("open directory").join("one.pdf");
    let shown = places.nobody(&["show", &code, "--pdf", pdf.to_str().expect("utf-8 path")]);
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    let owner = login();
    std::os::unix::fs::chown(&key_file, Some(nix::unistd::getuid().as_raw()), None).expect("chown");
    let expected = format!(
        "certdesk: the issuer key file {path}: it is {owner}'s, and only {owner} may read it (mode 600), not you \
         (nobody); run certdesk as {owner}, or, if the database is yours to run, have {owner} make the file yours \
         (chown nobody {path}), keeping it readable by its owner alone",
        path = key_file.display()
    );
    for args in [vec!["issuer", "show"], vec!["verify", "--file", pdf.to_str().expect("utf-8 path")]] {
        refused_with(&places.nobody(&args), &expected);
    }
    // Its own file it may not read: the mode to give it back.
    let nobody = nix::unistd::User::from_name("nobody").ok().flatten().expect("the account nobody");
    std::os::unix::fs::chown(&key_file, Some(nobody.uid.as_raw()), None).expect("chown");
    chmod(&key_file, 0o200);
    refused_with(
        &places.nobody(&["issuer", "show"]),
        &format!(
            "it is yours but not readable even by you (mode 200); give it back its mode: chmod 600 {}",
            key_file.display()
        ),
    );
}

/// A dialog's text, its box's borders and what lies beside the box taken away, in one line.
fn dialog_text(screen: &str) -> String {
    let inside = |line: &str| {
        let start = line.find('│')?;
        let end = line.rfind('│').filter(|end| *end > start)?;
        Some(line[start + '│'.len_utf8()..end].trim().to_string())
    };
    screen.lines().filter_map(inside).collect::<Vec<_>>().join(" ")
}

#[test]
fn the_tui_keeps_the_path_typed_and_names_what_it_may_not_write_or_read() {
    let places = places();
    let tmux = Tmux::start("permissions", 80, 24);
    open_tui(&tmux, &format!("{} {} --db {}", nobody_prefix(), places.bin.display(), places.db.display()));
    tmux.send(&["2"]);
    tmux.wait_for("19 active certificates");
    tmux.send(&["e"]);
    tmux.wait_for("Export the 19 active certificates");
    let pdf = places.locked.join("all.pdf");
    tmux.send(&["C-u"]);
    tmux.type_text(&pdf.display().to_string());
    tmux.send(&["Enter"]);
    let screen = tmux.wait_until("the refusal", |screen| dialog_text(screen).contains("may not write"));
    let said = dialog_text(&screen);
    assert!(said.contains(&format!("cannot write {}: {}", pdf.display(), places.not_yours())), "{said}\n{screen}");
    assert!(screen.contains(&format!("> {}", pdf.display())), "the path stays typed to be corrected:\n{screen}");
    tmux.send(&["Escape"]);
    tmux.wait_until("the dialog to close", |screen| !screen.contains("Export the"));

    chmod(&places.course.join("grades.csv"), 0o600);
    tmux.send(&["1", "i"]);
    tmux.wait_for("File or folder");
    tmux.type_text(&places.course.display().to_string());
    tmux.send(&["Enter"]);
    let screen = tmux.wait_until("the refusal", |screen| dialog_text(screen).contains("may not read"));
    let said = dialog_text(&screen);
    let owner = login();
    assert!(
        said.contains(&format!("grades.csv: cannot read it: the file is {owner}'s and you (nobody) may not read it")),
        "{said}\n{screen}"
    );
}
