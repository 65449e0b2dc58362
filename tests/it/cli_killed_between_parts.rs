//! A long command killed with `kill -9` right after its progress line announced a part: what
//! it announced is on disk when the database is opened again. Stopped with Ctrl-C instead, it
//! says what it left and exits 1.

use crate::common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::TestDb;
use common::tmux::Tmux;

/// Learners of the course: enough parts that some are announced after the progress line
/// appears (it waits a second), and enough time after each for sled's own flush to lag.
const LEARNERS: usize = 20_000;

/// The `done` of the first progress line `generate: done/total` with done > 0.
fn announced(screen: &str) -> Option<usize> {
    let line = screen.lines().rev().find_map(|line| line.trim().strip_prefix("generate: "))?;
    let done: usize = line.split_once('/')?.0.parse().ok()?;
    (done > 0).then_some(done)
}

/// Types `command` into `tmux` and waits for the first part its generate announces: when it
/// started, and how many learners that part brought it to.
fn announced_after(tmux: &Tmux, command: &str) -> (Instant, usize) {
    tmux.type_text(command);
    tmux.send(&["Enter"]);
    let started = Instant::now();
    loop {
        if let Some(done) = announced(&tmux.screen()) {
            return (started, done);
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no part was announced: {}", tmux.screen());
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn a_generate_killed_right_after_announcing_a_part_keeps_that_part() {
    let db = TestDb::with_synthetic(LEARNERS, 2);
    let tmux = Tmux::start("killed-part", 100, 10);
    // exec: the pane's process is certdesk itself, and its pid the pane's.
    let command = format!("exec {} --db '{}' generate synthetic", common::BIN, db.path().display());
    let (started, done) = announced_after(&tmux, &command);
    let pid = tmux.pane_pid();
    let killed = Command::new("kill").args(["-9", &pid.to_string()]).status().expect("kill");
    assert!(killed.success(), "the generate ended before it could be killed (announced {done})");
    assert!(done < LEARNERS, "killed after the last part, which proves nothing");
    // The signal is delivered a moment later; until then the database is still held.
    let process = std::path::PathBuf::from(format!("/proc/{pid}"));
    while process.exists() {
        assert!(started.elapsed() < Duration::from_secs(90), "process {pid} outlived kill -9");
        std::thread::sleep(Duration::from_millis(10));
    }

    // Opened again: every announced part is there, with its certificates and its event.
    let certified = db.certificates("synthetic", false).len();
    assert!(certified >= done, "announced {done}, found {certified} certificates after kill -9");
    let log = db.ok(&["log", "synthetic"]);
    let part = format!("(part {} of {})", done / 1000, LEARNERS / 1000);
    assert!(log.contains(&part), "the event of {part} is missing: {log}");
}

#[test]
fn a_generate_stopped_with_ctrl_c_says_what_it_left_and_exits_1() {
    let db = TestDb::with_synthetic(LEARNERS, 2);
    let tmux = Tmux::start("ctrl-c-part", 160, 12);
    let command = format!("{} --db '{}' generate synthetic; echo \"exit=$?\"", common::BIN, db.path().display());
    let (started, _) = announced_after(&tmux, &command);
    tmux.send(&["C-c"]);
    // The echo's own line, not the command typed (which holds `exit=` too).
    let ended = |screen: &str| screen.lines().any(|line| line.starts_with("exit="));
    let screen = loop {
        let screen = tmux.screen();
        if ended(&screen) {
            break screen;
        }
        assert!(started.elapsed() < Duration::from_secs(90), "the generate did not end: {screen}");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(screen.contains("Stopped after part"), "{screen}");
    assert!(screen.contains("eligible learners have no certificate yet: `certdesk generate synthetic` issues them"));
    assert!(screen.lines().any(|line| line.trim_end() == "exit=1"), "{screen}");
}
