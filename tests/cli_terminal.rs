//! The command line at a real terminal (tmux): a destructive command names what it will do
//! and waits for a yes; the same command in a script (no terminal) does not ask.

mod common;

use common::tmux::Tmux;
use common::{BIN, TestDb};

const COURSE: &str = "middle-earth-101";

/// Runs `args` in the terminal, answers the question with `answer`, and returns the screen.
fn answered(tmux: &Tmux, db: &TestDb, args: &str, question: &str, answer: &str, outcome: &str) -> String {
    // The previous command's question must be gone before this one's is looked for: an answer
    // typed ahead of its question is read without being echoed after it.
    tmux.type_text("clear");
    tmux.send(&["Enter"]);
    tmux.wait_until("the screen cleared", |screen| !screen.contains(question));
    tmux.type_text(&format!("{BIN} --db '{}' {args}", db.path().display()));
    tmux.send(&["Enter"]);
    tmux.wait_for(question);
    tmux.type_text(answer);
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for(outcome);
    ended(tmux);
    screen
}

/// Waits for the shell's prompt under the command's output: the command has then exited and let
/// go of the database, which the test opens next (the outcome is printed a moment before).
fn ended(tmux: &Tmux) {
    tmux.wait_until("the command ended", |screen| {
        screen.lines().rev().find(|line| !line.trim().is_empty()).is_some_and(|line| line.trim_end() == "e2e$")
    });
}

#[test]
fn revoke_delete_and_invalidate_ask_at_a_terminal_and_name_the_certificate() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let tmux = Tmux::start("confirm", 140, 30);
    tmux.wait_for("e2e$");

    let code = db.active_code(COURSE, "aragorn").expect("aragorn is certified");
    let screen = answered(&tmux, &db, &format!("revoke {code} --reason typo"), "[y/N]", "n", "Nothing revoked.");
    assert!(screen.contains(&format!("Revoke certificate {code} of aragorn (Aragorn")), "{screen}");
    assert_eq!(db.active_code(COURSE, "aragorn").as_deref(), Some(code.as_str()), "answered no: still in force");
    answered(&tmux, &db, &format!("revoke {code} --reason typo"), "[y/N]", "y", &format!("Revoked {code}"));
    assert_eq!(db.active_code(COURSE, "aragorn"), None);

    let code = db.active_code(COURSE, "samwise").expect("samwise is certified");
    let screen = answered(&tmux, &db, &format!("delete {COURSE} samwise"), "[y/N]", "", "Nothing deleted.");
    assert!(screen.contains(&format!("Delete certificate {code} of samwise (Samwise Gamgee)")), "{screen}");
    assert_eq!(db.active_code(COURSE, "samwise").as_deref(), Some(code.as_str()), "Enter alone is no");

    let code = db.active_code(COURSE, "frodo").expect("frodo is certified");
    let screen = answered(
        &tmux,
        &db,
        &format!("invalidate {COURSE} frodo --reason plagiarism"),
        "[y/N]",
        "n",
        "Nothing changed.",
    );
    assert!(screen.contains(&format!("Bar frodo from certification in {COURSE}, revoking their certificate {code}")));
    let log = db.ok(&["log", COURSE]);
    assert!(!log.contains("plagiarism"), "answered no: nothing recorded\n{log}");

    // With --yes, or from a script, nothing is asked.
    tmux.type_text(&format!("clear; {BIN} --db '{}' delete {COURSE} samwise --yes", db.path().display()));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("stays in the history");
    assert!(!screen.contains("[y/N]"), "{screen}");
    ended(&tmux);
    db.ok(&["invalidate", COURSE, "frodo", "--reason", "plagiarism"]);
    assert_eq!(db.active_code(COURSE, "frodo"), None);
}
