//! Verifying a code in the app: what it certifies, where a replaced code's replacements ended,
//! and a mistyped code kept in the prompt with the reason.

use ratatui::crossterm::event::KeyCode;

use super::{COURSE, Harness};
use crate::domain::Points;
use crate::ops;

/// The text of the dialog over the list, its rows joined by a space: what it says, however
/// it wraps.
fn dialog_text(h: &mut Harness) -> String {
    let screen = h.screen();
    let rows = screen.lines().filter_map(|row| row.split('│').nth(1)).map(str::trim).filter(|row| !row.is_empty());
    rows.collect::<Vec<_>>().join(" ")
}

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
    let said = dialog_text(&mut h);
    let in_force = "itself replaced since by XXXX-XXXX-XXXX; verify XXXX-XXXX-XXXX for the certificate in force.";
    assert!(said.contains(in_force), "{said}");
    h.key(KeyCode::Esc);
    ops::revoke(&h.store, last, "grade entered in error", &context).unwrap();
    h.keys("V").keys(&first.to_string()).key(KeyCode::Enter);
    let said = dialog_text(&mut h);
    let ended =
        "which was REVOKED on 2026-12-01 12:00 UTC by tester: grade entered in error; none of them is in force.";
    assert!(said.contains(ended), "{said}");
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
    let said = dialog_text(&mut h);
    assert!(
        said.contains("status     superseded on 2026-12-01 12:00 UTC by tester: replaced by XXXX-XXXX-XXXX"),
        "{said}"
    );
    h.key(KeyCode::Esc);
    let deleted = code_of(&h, "frodo");
    let target = ops::DeleteTarget::Learner("frodo".into());
    ops::delete_certificates(&h.store, COURSE, &target, &context, &mut ops::Quiet).unwrap();
    h.keys("V").keys(&deleted.to_string()).key(KeyCode::Enter);
    let shown = h.screen();
    assert!(shown.contains("XXXX-XXXX-XXXX: withdrawn"), "{shown}");
    // As `certdesk verify` and the verification page say it: no misdeed, taken off the list.
    let said = dialog_text(&mut h);
    let withdrawn =
        "status     withdrawn on 2026-12-01 12:00 UTC by tester: the issuer took it off its list of certificates";
    assert!(said.contains(withdrawn), "{said}");
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
    assert!(!h.screen().contains("later certificate"), "none was issued yet: {}", h.screen());
    h.key(KeyCode::Esc);
    let printer = ops::Printer::new(&h.store, None).unwrap();
    ops::generate(&h.store, COURSE, &context, &printer, false, &mut ops::Quiet).unwrap();
    h.keys("V").keys(&revoked.to_string()).key(KeyCode::Enter);
    assert!(h.screen().contains("XXXX-XXXX-XXXX: revoked"), "{}", h.screen());
    // In the words of `certdesk verify`, built in one place.
    let later = "in force   XXXX-XXXX-XXXX, a later certificate of the same learner, issued on 2026-12-01 12:00 UTC";
    assert!(dialog_text(&mut h).contains(later), "{}", h.screen());
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
        screen.contains("status     valid")
            && screen.contains("now        stale (")
            && screen.contains("r on this tab"),
        "{screen}"
    );
    let fresh = code_of(&h, "aerwyn");
    h.key(KeyCode::Esc).keys("V").keys(&fresh.to_string()).key(KeyCode::Enter);
    assert!(!h.screen().contains("stale ("), "{}", h.screen());
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
    assert!(said.contains("now        not eligible (") && said.contains("d on this tab deletes it"), "{said}");
    h.key(KeyCode::Esc).keys("d");
    let screen = h.screen();
    let question = screen.lines().find(|line| line.contains("Delete certificate XXXX")).unwrap_or_default();
    assert!(question.contains("aerwyn") && !question.contains("zoe"), "{screen}");
}

/// A replaced code whose replacement was revoked for a long reason, the learner certified
/// again since: the status and the later certificate wrap under their own text, whole words,
/// at both sizes, where they went back to the dialog's edge.
#[test]
fn tui_verify_dialog_wraps_long_statuses_under_their_text() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut h = Harness::new(width, height);
        h.threshold_policy().keys("g").key(KeyCode::Enter);
        h.app.wait_for_worker();
        let context = ops::Context::new("tester", super::NOW.parse().unwrap());
        let first = aragorns_code(&h);
        ops::set_score(&h.store, COURSE, "aragorn", "essay", Some(Points::from_hundredths(500)), &context).unwrap();
        let target = ops::Target::Learner("aragorn".into());
        let printer = ops::Printer::new(&h.store, None).unwrap();
        ops::regenerate(&h.store, COURSE, &target, &context, &printer, false, &mut ops::Quiet).unwrap();
        let reason = "the final essay was found to be copied from another learner's submission of last year";
        ops::revoke(&h.store, aragorns_code(&h), reason, &context).unwrap();
        ops::generate(&h.store, COURSE, &context, &printer, false, &mut ops::Quiet).unwrap();
        h.keys("2V").keys(&first.to_string()).key(KeyCode::Enter);
        let screen = h.screen();
        // Every row of the status after its first starts under its text, after the label.
        // Inside the border, less the blank cell every dialog keeps from it.
        let rows: Vec<&str> = screen
            .lines()
            .filter_map(|row| row.split('│').nth(1))
            .map(|row| row.strip_prefix(' ').unwrap_or(row))
            .collect();
        let status = rows.iter().position(|row| row.starts_with("status     ")).expect("a status line");
        let hangs = |row: &&str| row.starts_with("           ") && !row.trim().is_empty();
        assert!(rows[status + 1..status + 3].iter().all(hangs), "{screen}");
        let later = rows
            .iter()
            .position(|row| row.starts_with("in force   XXXX-XXXX-XXXX, a later"))
            .unwrap_or_else(|| panic!("{screen}"));
        assert!(later > status + 2, "{screen}");
        super::screens::snapshot(&mut h, "verify_replaced_then_revoked");
    }
}

/// A record changed after issue (aragorn's stored name): the dialog says ALTERED, with what
/// to do, under its own label, wrapped under its text, at both sizes.
#[test]
fn tui_verify_dialog_says_an_altered_record_is_not_to_be_relied_on() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut h = Harness::new(width, height);
        h.threshold_policy().keys("g").key(KeyCode::Enter);
        h.app.wait_for_worker();
        let code = aragorns_code(&h);
        let before = h.store.ledger(COURSE, "aragorn").unwrap().expect("aragorn's ledger");
        let mut ledger = before.clone();
        ledger.entries[0].certificate.snapshot.full_name = "Aragorn son of Sauron".into();
        let context = ops::Context::new("tester", super::NOW.parse().unwrap());
        let mut commit = crate::store::Commit::new(context.event(
            crate::domain::Action::Revoke,
            "a record altered in a test".into(),
            Vec::new(),
            Vec::new(),
        ));
        commit.ledgers.push(crate::store::LedgerWrite::new("aragorn", ledger, Vec::new(), &before));
        h.store.commit(COURSE, &commit).unwrap();
        h.keys("2V").keys(&code.to_string()).key(KeyCode::Enter);
        let said = dialog_text(&mut h);
        assert!(said.contains(&format!("ALTERED    {}", &ops::ALTERED[..40])), "{said}");
        super::screens::snapshot(&mut h, "verify_altered_record");
    }
}
