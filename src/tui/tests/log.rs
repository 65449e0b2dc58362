//! The log tab: an event shown whole, the database's own events beside the course's, and
//! columns as wide as what is on screen.

use ratatui::crossterm::event::KeyCode;

use super::{COURSE, Harness};
use crate::ops;

#[test]
fn tui_log_enter_shows_an_event_whole() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    h.keys("4");
    let list = h.screen();
    assert!(!list.contains("Codes ("), "{list}");
    // The newest is the issuer key the generate made on first use (at the same time); the
    // generate is next.
    h.keys("j").key(KeyCode::Enter);
    let shown = h.screen();
    let issued = ops::list_certificates(&h.store, COURSE, false, super::NOW.parse().unwrap()).unwrap().len();
    assert!(shown.contains(&format!("issued {issued} certificates")), "{shown}");
    assert!(shown.contains(&format!("Learners ({issued}): ")), "{shown}");
    assert!(shown.contains(&format!("Codes ({issued}): ")), "{shown}");
    h.key(KeyCode::Esc);
    assert!(!h.screen().contains("Codes ("));
}

#[test]
fn tui_the_log_shows_the_database_events_beside_the_course_events() {
    let mut h = Harness::new(120, 40);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.store.set_staff(vec!["tester".to_string(), "ana".to_string()]).unwrap();
    h.keys("c").key(KeyCode::Enter).keys("4");
    let list = h.screen();
    assert!(list.contains("staff      database: "), "{list}");
    assert!(list.contains("generate"), "the course's events stay: {list}");
    // The staff list changed now, after the course's events of the fixed test time: newest.
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("The database's own event"), "{}", h.screen());
    // With the issuer key the generate made on first use.
    h.key(KeyCode::Esc).keys("/database").key(KeyCode::Enter);
    let filtered = h.screen();
    assert!(filtered.contains("2 matches \"database\""), "{filtered}");
    assert!(filtered.contains("issuer     database: made the issuer key"), "{filtered}");
}

#[test]
fn tui_the_log_columns_are_as_wide_as_who_and_the_action_on_screen() {
    let mut h = Harness::new(120, 40);
    let context = ops::Context::new("frodo (learner page)", super::NOW.parse().unwrap());
    let change = ops::SettingsChange { threshold: "75".parse().ok(), ..Default::default() };
    ops::change_settings(&h.store, COURSE, &change, &context).unwrap();
    let settings = crate::domain::MailSettings { per_minute: 30, ..h.store.mail_settings().unwrap() };
    h.store.set_mail_settings(&settings).unwrap();
    h.keys("c").key(KeyCode::Enter).keys("4");
    let list = h.screen();
    let line = |text: &str| list.lines().find(|line| line.contains(text)).unwrap_or_else(|| panic!("{text}: {list}"));
    assert!(line("frodo (learner page)").contains("pass threshold"), "{list}");
    assert!(line("mail-settings").contains("database: mail settings"), "{list}");
    let summary_at =
        |text: &str, summary: &str| line(text).find(summary).unwrap_or_else(|| panic!("{summary}: {list}"));
    assert_eq!(
        summary_at("frodo (learner page)", "pass threshold"),
        summary_at("mail-settings", "database:"),
        "{list}"
    );
}

#[test]
fn tui_an_import_event_shows_whom_it_changed() {
    let mut h = Harness::new(80, 24);
    let (_dir, folder) = super::sample_copy();
    let roster = std::fs::read_to_string(folder.join("roster.csv")).unwrap();
    std::fs::write(folder.join("roster.csv"), roster.replacen("Bilbo Baggins", "Bilbo Underhill", 1)).unwrap();
    crate::import::import_folder(&h.store, &folder, None, ("tester", super::NOW.parse().unwrap())).unwrap();
    // Only the second import names bilbo: the first, which made the course, counts its learners.
    h.keys("c").key(KeyCode::Enter).keys("4/bilbo").key(KeyCode::Enter);
    assert!(h.screen().contains("1 match \"bilbo\""), "{}", h.screen());
    h.key(KeyCode::Enter);
    let shown = h.screen();
    assert!(shown.contains("Whom the import changed:"), "{shown}");
    assert!(shown.contains("  updated (1): bilbo"), "{shown}");
}

/// A summary cut to the screen keeps the last cell free, as the other lists do: it ended in
/// `…` on the screen's edge, and one that fitted exactly would have read as cut.
#[test]
fn tui_the_log_keeps_the_right_edge_free() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    h.keys("4");
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().filter(|row| row.starts_with("\"2026-")).collect();
    assert!(rows.iter().any(|row| row.contains("…")), "a summary is cut at 80 columns: {screen}");
    assert!(rows.iter().all(|row| row.ends_with(" \"")), "{screen}");
}
