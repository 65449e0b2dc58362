//! Verifying a code in the app: what it certifies, where a replaced code's replacements ended,
//! and a mistyped code kept in the prompt with the reason.

use ratatui::crossterm::event::KeyCode;

use super::{COURSE, Harness};
use crate::domain::Points;
use crate::ops;

/// The code of aragorn's active certificate.
fn aragorns_code(h: &Harness) -> crate::domain::Code {
    let rows = ops::list_certificates(&h.store, COURSE, false, super::NOW.parse().unwrap()).unwrap();
    rows.iter().find(|row| row.username == "aragorn").map(|row| row.code).expect("aragorn's certificate")
}

#[test]
fn tui_verify_says_what_a_code_certifies() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    let code = ops::active_ledgers(&h.store, COURSE).unwrap()[0].1.active().unwrap().certificate.code;
    h.keys("V").keys(&code.to_string().to_lowercase()).key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("XXXX-XXXX-XXXX: valid"), "{screen}");
    assert!(screen.contains("Ærwyn Øvergård (aerwyn)"), "{screen}");
    h.key(KeyCode::Esc).keys("V").keys("nope").key(KeyCode::Enter);
    assert!(h.screen().contains("not"), "a bad code is refused in words");
}

#[test]
fn tui_verifying_a_replaced_code_says_where_its_replacements_ended() {
    let mut h = Harness::new(120, 40);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let context = ops::Context::new("tester", super::NOW.parse().unwrap());
    let first = aragorns_code(&h);
    for hundredths in [500, 600] {
        ops::set_score(&h.store, COURSE, "aragorn", "essay", Some(Points::from_hundredths(hundredths)), &context)
            .unwrap();
        let target = ops::Target::Learner("aragorn".into());
        let printer = ops::Printer::new(&h.store, None).unwrap();
        ops::regenerate(&h.store, COURSE, &target, &context, &printer, false, &mut ops::Quiet).unwrap();
    }
    let last = aragorns_code(&h);
    h.keys("2V").keys(&first.to_string()).key(KeyCode::Enter);
    // The screen shows codes as XXXX-XXXX-XXXX (they are random).
    assert!(h.screen().contains("In force now: XXXX-XXXX-XXXX"), "{}", h.screen());
    h.key(KeyCode::Esc);
    ops::revoke(&h.store, last, "grade entered in error", &context).unwrap();
    h.keys("V").keys(&first.to_string()).key(KeyCode::Enter);
    let shown = h.screen();
    assert!(shown.contains("Latest replacement XXXX-XXXX-XXXX: revoked on 2026-12-01 12:00 UTC"), "{shown}");
    assert!(shown.contains("(tester): grade entered in error"), "{shown}");
}

#[test]
fn tui_verifying_a_replaced_or_deleted_code_says_when_and_by_whom() {
    let mut h = Harness::new(120, 40);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let context = ops::Context::new("tester", super::NOW.parse().unwrap());
    let code_of = |h: &Harness, username: &str| {
        let rows = ops::list_certificates(&h.store, COURSE, false, super::NOW.parse().unwrap()).unwrap();
        rows.iter().find(|row| row.username == username).map(|row| row.code).expect("a certificate")
    };
    let replaced = code_of(&h, "aragorn");
    ops::set_score(&h.store, COURSE, "aragorn", "essay", Some(Points::from_hundredths(500)), &context).unwrap();
    let target = ops::Target::Learner("aragorn".into());
    let printer = ops::Printer::new(&h.store, None).unwrap();
    ops::regenerate(&h.store, COURSE, &target, &context, &printer, false, &mut ops::Quiet).unwrap();
    h.keys("2V").keys(&replaced.to_string()).key(KeyCode::Enter);
    let shown = h.screen();
    let text = h.dialog_text();
    assert!(text.contains("Status: superseded by XXXX-XXXX-XXXX on 2026-12-01 12:00 UTC (tester)"), "{shown}");
    h.key(KeyCode::Esc);
    let deleted = code_of(&h, "frodo");
    let target = ops::DeleteTarget::Learner("frodo".into());
    ops::delete_certificates(&h.store, COURSE, &target, &context, &mut ops::Quiet).unwrap();
    h.keys("V").keys(&deleted.to_string()).key(KeyCode::Enter);
    let shown = h.screen();
    assert!(shown.contains("XXXX-XXXX-XXXX: withdrawn"), "{shown}");
    // As `certdesk verify` and the verification page say it: no misdeed, taken off the list.
    let text = h.dialog_text();
    assert!(text.contains("Status: withdrawn on 2026-12-01 12:00 UTC (tester): deleted from the list"), "{shown}");
}

/// A revoked code whose learner was certified again since: staff are told which certificate is
/// in force now, as `certdesk verify` tells them, not left to think the learner has none.
#[test]
fn tui_verifying_a_revoked_code_names_the_later_certificate_in_force() {
    let mut h = Harness::new(120, 40);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let context = ops::Context::new("tester", super::NOW.parse().unwrap());
    let revoked = aragorns_code(&h);
    ops::revoke(&h.store, revoked, "grade entered in error", &context).unwrap();
    h.keys("2V").keys(&revoked.to_string()).key(KeyCode::Enter);
    assert!(!h.screen().contains("In force now"), "none was issued yet: {}", h.screen());
    h.key(KeyCode::Esc);
    let printer = ops::Printer::new(&h.store, None).unwrap();
    ops::generate(&h.store, COURSE, &context, &printer, false, &mut ops::Quiet).unwrap();
    h.keys("V").keys(&revoked.to_string()).key(KeyCode::Enter);
    let shown = h.screen();
    assert!(shown.contains("XXXX-XXXX-XXXX: revoked"), "{shown}");
    let text = h.dialog_text();
    assert!(text.contains("In force now: XXXX-XXXX-XXXX (a later certificate, issued 2026-12-01)"), "{shown}");
}

#[test]
fn tui_a_mistyped_code_keeps_the_verify_prompt_open_with_the_reason() {
    let mut h = Harness::new(80, 24);
    h.keys("2V").keys("7KQ2-M9XD").key(KeyCode::Enter);
    let shown = h.screen();
    assert!(shown.contains("Verify a code"), "the prompt stays: {shown}");
    assert!(shown.contains("is not a certificate code: a code has 12 letters and"), "{shown}");
    assert!(shown.contains("digits, like XXXX-XXXX-XXXX"), "the reason wraps whole: {shown}");
    // What is typed next goes into the prompt, not to the list's keys (e would export).
    h.keys("e");
    assert!(h.screen().contains("> 7KQ2-M9XDe"), "{}", h.screen());
    assert!(!h.screen().contains("Export the"), "{}", h.screen());
}

/// A code that verifies as valid, of a certificate that no longer says what is true: staff are
/// told so under the verdict, with the key that deals with it.
#[test]
fn tui_verifying_a_stale_code_of_the_open_course_says_it_is_stale() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    let code_of = |h: &Harness, username: &str| {
        let rows = ops::list_certificates(&h.store, COURSE, false, super::NOW.parse().unwrap()).unwrap();
        rows.iter().find(|row| row.username == username).map(|row| row.code).expect("a certificate")
    };
    let context = ops::Context::new("tester", super::NOW.parse().unwrap());
    ops::set_score(&h.store, COURSE, "aragorn", "essay", Some(Points::from_hundredths(500)), &context).unwrap();
    h.keys("c").key(KeyCode::Enter);
    let stale = code_of(&h, "aragorn");
    h.keys("V").keys(&stale.to_string()).key(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        screen.contains("Status: valid") && screen.contains("Stale (") && screen.contains("r on this tab"),
        "{screen}"
    );
    let fresh = code_of(&h, "aerwyn");
    h.key(KeyCode::Esc).keys("V").keys(&fresh.to_string()).key(KeyCode::Enter);
    assert!(!h.screen().contains("Stale ("), "{}", h.screen());
}

/// A code of a learner not eligible now: the note says `d` deletes it, and `d` then asks to
/// delete that certificate, which is selected in the list, where it asked to delete whichever
/// was selected before (another learner's).
#[test]
fn tui_verifying_a_code_whose_learner_is_not_eligible_selects_it_for_d() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    let context = ops::Context::new("tester", super::NOW.parse().unwrap());
    ops::set_score(&h.store, COURSE, "aerwyn", "essay", Some(Points::from_hundredths(0)), &context).unwrap();
    h.keys("c").key(KeyCode::Enter);
    let rows = ops::list_certificates(&h.store, COURSE, false, super::NOW.parse().unwrap()).unwrap();
    let aerwyn = rows.iter().find(|row| row.username == "aerwyn").map(|row| row.code).expect("aerwyn's certificate");
    // The selection on the first certificate, hidden by a filter that does not match aerwyn.
    h.keys("/zoe").key(KeyCode::Enter);
    h.keys("V").keys(&aerwyn.to_string()).key(KeyCode::Enter);
    let said = h.screen().lines().map(|line| line.trim_matches('"').trim()).collect::<Vec<_>>().join(" ");
    assert!(said.contains("Not eligible now (") && said.contains("d on this tab deletes it"), "{said}");
    h.key(KeyCode::Esc).keys("d");
    let screen = h.screen();
    let question = screen.lines().find(|line| line.contains("Delete certificate XXXX")).unwrap_or_default();
    assert!(question.contains("aerwyn") && !question.contains("zoe"), "{screen}");
}
