//! Dialogs open while a colleague changes the course: the reload the server's notice brings
//! reaches them too.

use ratatui::crossterm::event::KeyCode;

use super::{COURSE, Harness};
use crate::domain::Points;
use crate::ops::{self, Context};
use crate::tui::course::Loaded;

/// A colleague's score, saved straight into the store, then the reload the server's notice
/// of it starts.
fn colleague_grades(h: &mut Harness, username: &str, activity: &str, points: Option<Points>) {
    let now = super::NOW.parse().expect("now");
    ops::set_score(&h.store, COURSE, username, activity, points, &Context::new("elrond", now)).expect("grade");
    let loaded = Loaded::load(&h.store, COURSE, now, h.app.renderer.as_ref()).expect("reload");
    h.app.show_reloaded(Box::new(loaded));
}

#[test]
fn tui_an_open_generate_dialog_counts_again_after_a_colleagues_change() {
    let mut h = Harness::new(100, 30);
    h.threshold_policy().keys("g");
    assert!(h.screen().contains("issue 20 certificates (1 provisional)"), "{}", h.screen());
    // cagri stands at 81%: a 0 in maps takes him below the threshold of 80%.
    colleague_grades(&mut h, "cagri", "maps", Some(Points::from_hundredths(0)));
    let screen = h.screen();
    assert!(screen.contains("issue 19 certificates (1 provisional)"), "{screen}");
    assert!(screen.contains("below threshold") && screen.contains("cagri"), "{screen}");
}

#[test]
fn tui_an_open_score_prompt_says_the_stored_score_changed_under_it() {
    let mut h = Harness::new(100, 30);
    h.keys("1/bilbo").key(KeyCode::Enter);
    for _ in 0..12 {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Enter).keys("9");
    assert!(h.screen().contains("Score of bilbo for essay"), "{}", h.screen());
    colleague_grades(&mut h, "bilbo", "essay", Some(Points::from_hundredths(700)));
    let screen = h.screen();
    assert!(screen.contains("bilbo's essay was changed meanwhile from not graded to 7: Enter"), "{screen}");
    assert!(screen.contains("saves yours over it, Esc keeps it."), "{screen}");
    h.keys("1");
    assert!(h.screen().contains("changed meanwhile"), "it stays while typing: {}", h.screen());
}

/// The course as the store holds it now, shown as the server's notice of a colleague's change
/// would show it.
fn reload(h: &mut Harness) {
    let now = super::NOW.parse().expect("now");
    let loaded = Loaded::load(&h.store, COURSE, now, h.app.renderer.as_ref()).expect("reload");
    h.app.show_reloaded(Box::new(loaded));
}

#[test]
fn tui_an_open_export_prompt_counts_again_when_a_colleague_deletes_the_certificates() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter).keys("e");
    assert!(h.screen().contains("Export the 20 active certificates"), "{}", h.screen());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("all.pdf");
    h.press(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    h.keys(path.to_str().expect("utf-8"));

    // A colleague deletes one: the title counts again and says so.
    let context = Context::new("elrond", super::NOW.parse().expect("now"));
    let bilbo = ops::DeleteTarget::Learner("bilbo".into());
    ops::delete_certificates(&h.store, COURSE, &bilbo, &context, &mut ops::Quiet).expect("delete bilbo's");
    reload(&mut h);
    let screen = h.screen();
    assert!(screen.contains("Export the 19 active certificates"), "{screen}");
    assert!(screen.contains("Changed meanwhile: 19 active certificates now."), "{screen}");

    // Then all of them: the prompt stays, the path typed, and Enter says why nothing is exported.
    ops::delete_certificates(&h.store, COURSE, &ops::DeleteTarget::All, &context, &mut ops::Quiet).expect("delete all");
    reload(&mut h);
    let screen = h.screen();
    assert!(screen.contains("Export: no active certificates now"), "{screen}");
    assert!(screen.contains("No active certificates to export now (deleted meanwhile)"), "{screen}");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("all.pdf"), "the path is still typed: {screen}");
    assert!(!screen.contains("with these filters"), "{screen}");
    assert!(!path.exists());
}

/// A colleague deletes aerwyn's certificate and issues him a new one.
fn colleague_replaces_aerwyns(h: &mut Harness) {
    let context = Context::new("elrond", super::NOW.parse().expect("now"));
    let aerwyn = ops::DeleteTarget::Learner("aerwyn".into());
    ops::delete_certificates(&h.store, COURSE, &aerwyn, &context, &mut ops::Quiet).expect("delete aerwyn's");
    let printer = ops::Printer::new(&h.store, None).expect("printer");
    ops::generate(&h.store, COURSE, &context, &printer, false, &mut ops::Quiet).expect("generate");
}

fn aerwyns_active(h: &Harness) -> Option<crate::domain::Code> {
    let ledger = h.store.ledger(COURSE, "aerwyn").expect("ledger")?;
    ledger.active().map(|entry| entry.certificate.code)
}

/// A delete asked about one certificate never deletes the one a colleague put in its place:
/// the question closes when the reload shows the change, and a `y` before it deletes nothing.
#[test]
fn tui_a_delete_question_does_not_delete_the_certificate_that_replaced_the_one_shown() {
    let mut h = Harness::new(100, 30);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    h.keys("d");
    assert!(h.screen().contains("Delete certificate XXXX-XXXX-XXXX of aerwyn"), "{}", h.screen());
    colleague_replaces_aerwyns(&mut h);
    let replacement = aerwyns_active(&h);
    h.keys("y");
    h.app.wait_for_worker();
    assert!(h.screen().contains("is no longer in force"), "{}", h.screen());
    assert_eq!(aerwyns_active(&h), replacement, "the new certificate is still in force");

    reload(&mut h);
    h.keys("d");
    assert!(h.screen().contains("Delete certificate XXXX-XXXX-XXXX of aerwyn"), "{}", h.screen());
    colleague_replaces_aerwyns(&mut h);
    reload(&mut h);
    let screen = h.screen();
    assert!(screen.contains("Changed meanwhile: aerwyn's certificate"), "{screen}");
    assert!(!screen.contains("Delete certificate XXXX"), "the question is gone: {screen}");
}

/// The settings dialog shows a colleague's change as it comes: `p` then switches from what it
/// shows, not back over the change.
#[test]
fn tui_open_settings_show_a_colleagues_change_of_policy() {
    let mut h = Harness::new(100, 30);
    h.keys("2s");
    assert!(h.screen().contains("issuance policy") && h.screen().contains("final (p switches"), "{}", h.screen());
    let context = Context::new("elrond", super::NOW.parse().expect("now"));
    let change = ops::SettingsChange {
        issuance: Some(crate::domain::IssuancePolicy::Threshold),
        ..ops::SettingsChange::default()
    };
    ops::change_settings(&h.store, COURSE, &change, &context).expect("settings");
    reload(&mut h);
    assert!(h.screen().contains("threshold (p switches"), "{}", h.screen());
}
