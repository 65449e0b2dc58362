//! A command stopped (Ctrl-C, SIGTERM, SIGHUP) before its long work began, or one with no step
//! to stop at: it says what it did, where the signal used to end it with nothing said.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::TestDb;
use common::tmux::Tmux;

/// Whether process `pid` catches SIGINT (signal 2: bit 1 of `SigCgt` in /proc/PID/status).
fn catches_sigint(pid: u32) -> bool {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let caught = status.lines().find_map(|line| line.strip_prefix("SigCgt:")).unwrap_or("0");
    u64::from_str_radix(caught.trim(), 16).is_ok_and(|mask| mask & 0b10 != 0)
}

/// Starts `args` on `db` and sends SIGINT as soon as the process catches it; returns its exit
/// code, stdout and stderr.
fn interrupted_once_listening(db: &TestDb, args: &[&str]) -> (Option<i32>, String, String) {
    let mut child: Child =
        db.command(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start certdesk");
    let started = Instant::now();
    while !catches_sigint(child.id()) {
        assert!(child.try_wait().expect("wait").is_none(), "{args:?} ended without ever catching SIGINT");
        assert!(started.elapsed() < Duration::from_secs(30), "{args:?} never caught SIGINT");
        std::thread::sleep(Duration::from_micros(200));
    }
    let sent = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
    assert!(sent.success(), "{args:?} ended before the signal");
    let output = child.wait_with_output().expect("wait");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("utf-8");
    (output.status.code(), text(output.stdout), text(output.stderr))
}

#[test]
fn an_import_interrupted_as_it_starts_runs_to_its_end_and_says_so() {
    let db = TestDb::new();
    let folder = db.dir.path().join("synthetic-course");
    let folder = folder.to_str().expect("utf-8 path");
    db.ok(&["sample", "--learners", "5000", "--activities", "5", "--out", folder]);
    // Listening from its start, before the database opens: an import, one transaction with
    // nothing to stop between, finishes and says that the signal stopped nothing.
    let (code, stdout, stderr) = interrupted_once_listening(&db, &["import", folder]);
    assert!(stdout.contains("Imported the new course synthetic: 5000 learners added"), "{stdout}{stderr}");
    assert!(
        stderr.contains(
            "Stopped too late to stop anything: the command ran to its end, and what it said above is what it did."
        ),
        "{stderr}"
    );
    assert_eq!(code, Some(0), "it did all it was asked: {stderr}");
    assert!(db.ok(&["courses"]).contains("synthetic"));
}

#[test]
fn a_generate_interrupted_as_it_starts_says_what_it_left() {
    let db = TestDb::with_synthetic(5000, 2);
    let (code, stdout, stderr) = interrupted_once_listening(&db, &["generate", "synthetic"]);
    assert!(
        stdout.contains("Stopped before its first part; 5000 eligible learners have no certificate yet")
            || stdout.contains("Stopped after part"),
        "{stdout}{stderr}"
    );
    assert!(stdout.contains("`certdesk generate synthetic` issues them"), "{stdout}");
    assert!(!stderr.contains("too late"), "the generate heard it: {stderr}");
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn ctrl_c_at_a_question_says_nothing_was_done() {
    let db = TestDb::with_sample();
    db.ok(&["settings", "middle-earth-101", "--issuance", "threshold"]);
    db.ok(&["generate", "middle-earth-101"]);
    let tmux = Tmux::start("ctrl-c-question", 120, 12);
    let command =
        format!("{} --db '{}' delete middle-earth-101 --all; echo \"exit=$?\"", common::BIN, db.path().display());
    tmux.type_text(&command);
    tmux.send(&["Enter"]);
    tmux.wait_for("[y/N]");
    tmux.send(&["C-c"]);
    let screen = tmux.wait_until("the command's end", |screen| screen.lines().any(|line| line.starts_with("exit=")));
    assert!(screen.contains("certdesk: Stopped at the question: nothing was done."), "{screen}");
    assert!(screen.lines().any(|line| line.trim_end() == "exit=1"), "{screen}");
    assert_eq!(db.certificates("middle-earth-101", false).len(), 20, "nothing was deleted");
}
