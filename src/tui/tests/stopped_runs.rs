//! A regenerate or a delete of all certificates stopped short (Esc, or the program killed) is
//! pointed out on opening the course, as a stopped generate is, until the rest is done or
//! staff start over.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{COURSE, Harness};
use crate::domain::{Action, Event};

/// Writes the trail a run leaves when it is stopped after its first part: this course is too
/// small for three parts, so the event is written as the run writes it.
fn stopped_after_first_part(h: &mut Harness, action: Action, summary: &str) {
    let stopped = Event {
        at: super::NOW.parse().unwrap(),
        who: "elrond".to_string(),
        action,
        summary: format!("{summary} (part 1 of 3)"),
        learners: Vec::new(),
        codes: Vec::new(),
        learner_changes: None,
    };
    h.store.append_event(COURSE, &stopped).unwrap();
}

/// Opens the course again, as choosing it does; returns what the message line says.
fn reopen(h: &mut Harness) -> String {
    // Read, the last message makes way, as the next key does.
    h.keys("1");
    h.app.apply(crate::tui::Action::SwitchCourse(COURSE.to_string()));
    h.app.wait_for_worker();
    h.app.message.clone().map(|(text, _)| text).unwrap_or_default()
}

#[test]
fn tui_a_regenerate_stopped_short_is_pointed_out_until_the_rest_is_replaced() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.go_to_bilbo_essay();
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter);
    stopped_after_first_part(&mut h, Action::Regenerate, "replaced 1000 stale certificates");
    let told = reopen(&mut h);
    let said = "The last regenerate (by elrond, 2026-12-01 12:00 UTC) stopped after part 1 of 3; 1 certificate is still stale: 2, then r, replaces them.";
    assert_eq!(told, said);
    let pane = h.keys("2").screen();
    assert!(pane.contains("Regenerate stopped at part 1 of 3: 1 still stale; press r to replace them."), "{pane}");

    h.keys("r").keys("y");
    assert!(h.screen().contains("Replaced 1 stale certificate."), "{}", h.screen());
    assert!(!h.screen().contains("Regenerate stopped"), "a finished regenerate is not pointed out: {}", h.screen());
    assert_eq!(reopen(&mut h), "");
}

#[test]
fn tui_a_delete_of_all_stopped_short_is_pointed_out_until_the_rest_is_deleted() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    stopped_after_first_part(&mut h, Action::Delete, "deleted 1000 certificates");
    let told = reopen(&mut h);
    let said = "The last delete of all (by elrond, 2026-12-01 12:00 UTC) stopped after part 1 of 3; 20 certificates are still active: 2, then D, deletes them.";
    assert_eq!(told, said);
    let pane = h.keys("2").screen();
    assert!(pane.contains("Delete all stopped at part 1 of 3: 20 still active; press D to delete them."), "{pane}");

    h.keys("D").keys(COURSE).key(KeyCode::Enter);
    assert!(h.screen().contains("Deleted 20 certificates"), "{}", h.screen());
    assert!(!h.screen().contains("Delete all stopped"), "a finished delete is not pointed out: {}", h.screen());
    assert_eq!(reopen(&mut h), "");
}

#[test]
fn tui_a_delete_of_all_stopped_short_is_not_pointed_out_once_certificates_are_issued_again() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter).keys("d").keys("y");
    stopped_after_first_part(&mut h, Action::Delete, "deleted 1000 certificates");
    h.keys("g").key(KeyCode::Enter);
    assert!(h.screen().contains("20 active certificates"), "{}", h.screen());
    assert_eq!(reopen(&mut h), "", "staff chose to issue again after the delete");
    assert!(!h.keys("2").screen().contains("Delete all stopped"), "{}", h.screen());
}

#[test]
fn tui_a_generate_stopped_short_is_not_pointed_out_once_every_certificate_is_deleted() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    stopped_after_first_part(&mut h, Action::Generate, "issued 1000 certificates");
    // One learner's certificate deleted: the generate is still what issues it again.
    h.keys("d").keys("y");
    let told = reopen(&mut h);
    assert!(told.starts_with("The last generate (by elrond, 2026-12-01 12:00 UTC) stopped after part 1 of 3; 1 eligible learner has no certificate yet"), "{told}");

    h.keys("2D").keys(COURSE).key(KeyCode::Enter);
    assert!(h.screen().contains("Deleted 19 certificates"), "{}", h.screen());
    assert_eq!(reopen(&mut h), "", "staff chose to start over after the generate");
    assert!(!h.keys("2").screen().contains("Generate stopped"), "{}", h.screen());
}

/// Ctrl-C while a generate runs stops it between parts and gives the terminal back: the shell
/// is told where it stopped and which command issues the rest, as `certdesk generate` stopped
/// with Ctrl-C says, where it heard only that the generate was stopping.
#[test]
fn tui_quitting_during_a_generate_tells_the_shell_where_it_stopped_and_what_issues_the_rest() {
    let mut h = Harness::new(80, 24);
    h.open_synthetic(3000);
    h.keys("2g");
    h.key_now(KeyCode::Enter);
    assert!(h.app.is_busy(), "the generate runs in the background");
    h.app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(h.app.should_quit());
    let mut told = Vec::new();
    let left_undone = h.app.stop_work(std::time::Duration::from_secs(60), |line| told.push(line.to_string()));
    assert!(left_undone, "the app exits 1, as `certdesk generate` stopped does");

    // What the shell hears is what the database holds: counted from it, not from the app.
    let state = crate::ops::load_course_state(&h.store, "synthetic", super::NOW.parse().unwrap()).unwrap();
    let issued = state.learners.iter().filter(|standing| standing.active().is_some()).count();
    let waiting =
        state.learners.iter().filter(|standing| standing.active().is_none() && standing.eligibility.is_ok()).count();
    assert!(waiting > 0, "the generate was stopped short ({issued} issued)");
    let stopped = match issued / 1000 {
        0 => "Stopped before its first part".to_string(),
        part => format!("Stopped after part {part} of {}", (issued + waiting).div_ceil(1000)),
    };
    let said = format!(
        "{stopped}; {waiting} eligible learners have no certificate yet: `certdesk generate synthetic` issues them."
    );
    assert_eq!(told, ["Generating certificates: stopping at the next step before quitting…".to_string(), said]);
}

/// Quitting while work that cannot stop midway runs (examples) waits for it, and the shell is
/// told so, not that it is stopping.
#[test]
fn tui_quitting_during_work_that_cannot_stop_says_it_waits_for_it() {
    let mut h = Harness::new(80, 24);
    h.keys("2x");
    h.key_now(KeyCode::Char('g'));
    assert!(h.app.is_busy(), "the examples are made in the background");
    let mut told = Vec::new();
    let left_undone = h.app.stop_work(std::time::Duration::from_secs(60), |line| told.push(line.to_string()));
    assert!(!left_undone, "examples made whole leave nothing undone: the app exits 0");
    assert_eq!(
        told.first().map(String::as_str),
        Some("Making example certificates: it cannot be stopped midway; waiting for it to end before quitting…")
    );
    let examples = h.store.examples(COURSE).unwrap();
    assert!(examples.is_some_and(|set| !set.examples.is_empty()), "the examples were made whole");
}
