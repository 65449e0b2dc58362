//! End-to-end tests of the real binary in a real terminal (tmux), driven by keys only.

use crate::common;

use std::process::Command;

use common::tmux::Tmux;
use common::{BIN, TestDb};

fn open_tui(tmux: &Tmux, db: &TestDb) {
    tmux.wait_for("e2e$");
    tmux.type_text(&format!("{BIN} --db '{}'", db.path().display()));
    tmux.send(&["Enter"]);
    tmux.wait_for("29 learners");
}

#[test]
fn tui_e2e_grade_bilbo_then_regenerate_his_stale_certificate() {
    let db = TestDb::with_sample();
    let tmux = Tmux::start("story", 100, 30);
    open_tui(&tmux, &db);

    // Issue provisional certificates under the threshold policy.
    tmux.type_text("2sp");
    tmux.wait_for("policy threshold");
    tmux.type_text("g");
    tmux.wait_for("issue 20 certificates (1 provisional)");
    tmux.send(&["Enter"]);
    tmux.wait_for("Issued 20 certificates");

    // In the gradebook, find Bilbo and grade his last activity 10.
    tmux.type_text("1/bilbo");
    tmux.send(&["Enter"]);
    tmux.type_text("llllllllllll");
    tmux.wait_for(" · essay: ");
    tmux.send(&["Enter"]);
    tmux.wait_for("Score of bilbo for essay");
    tmux.type_text("10");
    tmux.send(&["Enter"]);
    tmux.wait_for("Saved bilbo essay: not graded -> 10/10. Grade 95.0% final");

    // His certificate is now stale; regenerate it.
    tmux.type_text("2/bilbo");
    tmux.send(&["Enter"]);
    tmux.wait_for("stale: letter B -> A");
    tmux.type_text("r");
    tmux.wait_for("reissue bilbo: 85.0% -> 95.0%");
    tmux.type_text("y");
    tmux.wait_for("Replaced 1 stale certificate.");

    // Export all to one PDF: his name and his new grade are in it.
    let pdf = db.dir.path().join("exported.pdf");
    tmux.type_text("e");
    tmux.wait_for("middle-earth-101-certificates.pdf");
    for _ in 0..40 {
        tmux.send(&["BSpace"]);
    }
    tmux.type_text(pdf.to_str().expect("utf-8 path"));
    tmux.send(&["Enter"]);
    tmux.wait_for("Wrote 20 certificates");
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (run scripts/test)");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Bilbo Baggins") && text.contains("95.0%"), "{text}");

    // Quitting gives the shell back, usable.
    tmux.type_text("q");
    tmux.wait_for("e2e$");
    tmux.type_text("echo back-$((40+2))");
    tmux.send(&["Enter"]);
    tmux.wait_for("back-42");

    let certificates = db.json(&["certificates", "middle-earth-101", "--json"]);
    let bilbo = certificates
        .as_array()
        .expect("a list")
        .iter()
        .find(|row| row["username"] == "bilbo")
        .expect("bilbo has an active certificate");
    assert_eq!(bilbo["percent"], 95.0);
    assert_eq!(bilbo["provisional"], false);
    assert!(bilbo["stale"].is_null(), "{bilbo}");
    let history = db.json(&["certificates", "middle-earth-101", "--all", "--json"]);
    let superseded = history.as_array().unwrap().iter().filter(|row| row["username"] == "bilbo").count();
    assert_eq!(superseded, 2, "the 85.0% certificate stays in the history");
}

#[test]
fn tui_e2e_second_instance_gets_the_lock_sentence_before_any_screen() {
    let db = TestDb::with_sample();
    let tmux = Tmux::start("lock", 100, 30);
    open_tui(&tmux, &db);
    let output = db.command(&[]).stdin(std::process::Stdio::null()).output().expect("run certdesk");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is in use by another certdesk process (pid"), "{stderr}");
    assert!(stderr.contains("close that one and run `certdesk serve --db"), "{stderr}");
    assert!(!output.stdout.windows(8).any(|w| w == b"\x1b[?1049h"), "the screen must not be taken over");
    tmux.send(&["C-c"]);
    tmux.wait_for("e2e$");
}

#[test]
fn tui_e2e_ctrl_c_inside_a_dialog_restores_the_terminal() {
    let db = TestDb::with_sample();
    let tmux = Tmux::start("ctrlc", 80, 24);
    open_tui(&tmux, &db);
    tmux.type_text("2g");
    tmux.wait_for("Dry run");
    tmux.send(&["C-c"]);
    tmux.wait_for("e2e$");
    tmux.type_text("stty -a | grep -o ' icanon' ; echo ok-$((1+1))");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("ok-2");
    assert!(screen.contains(" icanon"), "cooked mode is back: {screen}");
}

/// A row the terminal draws wider than certdesk counts ends in the row's last cell rather than
/// wrapping onto the next row (which the next frame leaves alone when it is unchanged): here a
/// Sinhala vowel sign, which tmux gives a cell and unicode-width none, at a row's end.
#[test]
fn tui_e2e_the_screen_does_not_wrap_while_the_tui_runs_and_wraps_after() {
    let db = TestDb::with_sample();
    let tmux = Tmux::start("nowrap", 20, 6);
    tmux.wait_for("e2e$");
    // The terminal's own behaviour, which the TUI must step around: 20 cells by unicode-width,
    // 21 in tmux; the last letter goes to the next row.
    tmux.type_text("clear; printf '\\033[20X\\340\\266\\273\\340\\267\\217 bcdefghijklmnopq a\\n'");
    tmux.send(&["Enter"]);
    let wrapped = tmux.wait_until("the row written", |screen| screen.contains("bcdefghijklmnopq"));
    assert!(wrapped.lines().any(|line| line.trim_end() == "a"), "tmux wraps the end of a row: {wrapped}");
    assert!(tmux.wraps());

    tmux.type_text(&format!("clear; {BIN} --db '{}'", db.path().display()));
    tmux.send(&["Enter"]);
    tmux.wait_until("the TUI", |screen| screen.contains("Gradebook"));
    assert!(!tmux.wraps(), "no wrapping while the TUI draws");
    tmux.type_text("q");
    tmux.wait_for("e2e$");
    assert!(tmux.wraps(), "wrapping is given back on leaving");
}

#[test]
fn tui_e2e_import_an_open_edx_report_with_the_files_beside_it() {
    let db = TestDb::with_sample();
    let tmux = Tmux::start("import", 110, 34);
    open_tui(&tmux, &db);
    let report =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/openedx/grade_report.csv");
    tmux.type_text("i");
    tmux.wait_for("Import a course folder or a platform's export");
    tmux.type_text(report.to_str().expect("utf-8 path"));
    // Tab fills in the course file, grading policy and roster found beside the report.
    tmux.send(&["Tab"]);
    tmux.wait_for("profiles.csv");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("Agreement with the platform's grades: 7 of 8 the same.");
    assert!(screen.contains("lobelia: platform 66%, certdesk 65.0%"), "{screen}");
    tmux.send(&["Escape"]);
    let screen = tmux.wait_for("Open edX grading");
    assert!(screen.contains("circuits-101") && screen.contains("Rosie Cotton"), "{screen}");
    tmux.type_text("q");
    tmux.wait_for("e2e$");
}

/// The terminal goes away while certdesk ignores SIGHUP (as under nohup, or some runuser and
/// sudo set-ups): it ends, and the database is free again, instead of spinning on a terminal
/// that answers every read with nothing.
#[test]
fn tui_e2e_a_terminal_that_hangs_up_ends_the_tui_and_frees_the_database() {
    let db = TestDb::with_sample();
    let tmux = Tmux::start("hangup", 100, 30);
    tmux.wait_for("e2e$");
    tmux.type_text(&format!("sh -c 'trap \"\" HUP; exec {BIN} --db \"{}\"'", db.path().display()));
    tmux.send(&["Enter"]);
    tmux.wait_for("29 learners");
    drop(tmux);
    let started = std::time::Instant::now();
    loop {
        let output = db.command(&["courses"]).stdin(std::process::Stdio::null()).output().expect("run certdesk");
        if output.status.success() {
            break;
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("is in use by another certdesk process"), "{stderr}");
        assert!(started.elapsed().as_secs() < 10, "the TUI still holds the database 10 s after its terminal went");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// The terminal is closed (tmux kill-session: SIGHUP and a hung-up terminal) while 20,000
/// certificates are exported: the export stops as Esc stops it, its unfinished file removed,
/// and the process ends; the signal ended it under the export and left a hidden
/// `.NAME.PID.partial` of megabytes beside where the PDF was to go.
#[test]
fn tui_e2e_a_terminal_closed_during_an_export_leaves_no_unfinished_file() {
    let db = TestDb::with_synthetic(20_000, 6);
    db.ok(&["generate", "synthetic"]);
    let out = tempfile::tempdir().expect("temp dir");
    let tmux = Tmux::start("closed-export", 100, 30);
    tmux.wait_for("e2e$");
    tmux.type_text(&format!("exec {BIN} --db '{}'", db.path().display()));
    tmux.send(&["Enter"]);
    tmux.wait_for("20000 learners");
    tmux.type_text("2e");
    tmux.wait_for("Export the 20000 active certificates");
    tmux.send(&["C-u"]);
    tmux.type_text(out.path().join("all.pdf").to_str().expect("utf-8 path"));
    tmux.send(&["Enter"]);
    tmux.wait_for("Exporting certificates");
    // The box says what Esc would do to an export, which has no parts to stop between.
    tmux.wait_for("Esc stops it; nothing is written");
    // Closed once the PDF is being written.
    let started = std::time::Instant::now();
    while std::fs::read_dir(out.path()).expect("dir").next().is_none() {
        assert!(started.elapsed().as_secs() < 20, "the export never began writing");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // `exec`: the pane's process is certdesk itself; ended, it is gone or a zombie.
    let status = std::path::PathBuf::from(format!("/proc/{}/status", tmux.pane_pid()));
    let running = || {
        std::fs::read_to_string(&status)
            .is_ok_and(|text| text.lines().any(|line| line.starts_with("State:") && !line.contains("zombie")))
    };
    drop(tmux);
    let started = std::time::Instant::now();
    while !db.command(&["courses"]).stdin(std::process::Stdio::null()).output().expect("certdesk").status.success() {
        assert!(started.elapsed().as_secs() < 15, "the TUI still holds the database 15 s after its terminal went");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let alive_when_released = running();
    while running() {
        assert!(started.elapsed().as_secs() < 20, "the TUI let the database go but did not end");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let left: Vec<_> = std::fs::read_dir(out.path()).expect("dir").flatten().map(|entry| entry.file_name()).collect();
    assert!(
        left.is_empty(),
        "nothing is left where the export was going: {left:?} (the process was {} when it let the database go)",
        if alive_when_released { "still running" } else { "gone" }
    );
}

/// A signal that ends the TUI (SIGTERM from a service manager or `kill`, SIGHUP) shows in its
/// exit status as a shell reports a process the signal ended, where it exited 0 as if quit
/// with `q`, which still exits 0.
#[test]
fn tui_e2e_a_signal_that_ends_the_tui_shows_in_its_exit_status() {
    let db = TestDb::with_sample();
    let tmux = Tmux::start("signals", 100, 30);
    for (signal, status) in [(Some("TERM"), 143), (Some("HUP"), 129), (None, 0)] {
        tmux.wait_for("e2e$");
        tmux.type_text(&format!("clear; {BIN} --db '{}'; echo \"status: $?\"", db.path().display()));
        tmux.send(&["Enter"]);
        tmux.wait_for("29 learners");
        match signal {
            Some(signal) => {
                // The pane's shell runs certdesk as its one child.
                let certdesk = child_of(tmux.pane_pid());
                let sent = Command::new("kill").args([&format!("-{signal}"), &certdesk.to_string()]).status();
                assert!(sent.expect("kill runs").success(), "kill -{signal} {certdesk}");
            }
            None => tmux.type_text("q"),
        }
        // The typed line says `status: $?`; the shell's answer, a number.
        let said =
            |screen: &str| screen.lines().find_map(|line| line.strip_prefix("status: ")?.trim().parse::<i32>().ok());
        let screen = tmux.wait_until("the exit status", |screen| said(screen).is_some());
        assert_eq!(said(&screen), Some(status), "after {signal:?}:\n{screen}");
    }
}

/// The one process whose parent is `parent`, read from /proc.
fn child_of(parent: u32) -> u32 {
    let children: Vec<u32> = std::fs::read_dir("/proc")
        .expect("/proc")
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            // `PID (NAME) STATE PPID ...`: the name may hold spaces, so count from its end.
            std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
                stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok())
                    == Some(parent)
            })
        })
        .collect();
    assert_eq!(children.len(), 1, "one child of {parent} expected: {children:?}");
    children[0]
}
