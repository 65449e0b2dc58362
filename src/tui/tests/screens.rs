//! Snapshots of whole screens: each pane, the help overlay and each dialog, at 80x24 and
//! 160x48.

use ratatui::crossterm::event::KeyCode;

use super::Harness;

fn sizes() -> [(u16, u16); 2] {
    [(80, 24), (160, 48)]
}

#[test]
fn tui_gradebook_screens() {
    for (width, height) in sizes() {
        let mut h = Harness::new(width, height);
        insta::assert_snapshot!(format!("gradebook_{width}x{height}"), h.screen());
    }
}

#[test]
fn tui_gradebook_scrolled_to_the_last_columns() {
    let mut h = Harness::new(80, 24);
    for _ in 0..20 {
        h.key(KeyCode::Right);
    }
    insta::assert_snapshot!(h.screen());
}

#[test]
fn tui_certificates_screens() {
    for (width, height) in sizes() {
        let mut h = Harness::new(width, height);
        h.threshold_policy().keys("g").key(KeyCode::Enter);
        h.keys("1/bilbo").key(KeyCode::Enter);
        for _ in 0..12 {
            h.key(KeyCode::Right);
        }
        h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter).keys("2");
        insta::assert_snapshot!(format!("certificates_{width}x{height}"), h.screen());
    }
}

#[test]
fn tui_help_overlay_screens() {
    for (width, height) in sizes() {
        let mut h = Harness::new(width, height);
        h.keys("?");
        insta::assert_snapshot!(format!("help_gradebook_{width}x{height}"), h.screen());
    }
    let mut h = Harness::new(80, 24);
    h.keys("2?");
    insta::assert_snapshot!("help_certificates_80x24", h.screen());
}

#[test]
fn tui_generate_dialog_shows_the_dry_run() {
    for (width, height) in sizes() {
        let mut h = Harness::new(width, height);
        h.keys("2g");
        insta::assert_snapshot!(format!("generate_dialog_{width}x{height}"), h.screen());
    }
}

#[test]
fn tui_regenerate_dialog_shows_the_dry_run() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.keys("1/bilbo").key(KeyCode::Enter);
    for _ in 0..12 {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter).keys("2r");
    insta::assert_snapshot!(h.screen());
}

#[test]
fn tui_delete_dialogs() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.keys("d");
    insta::assert_snapshot!("delete_one_80x24", h.screen());
    h.key(KeyCode::Esc).keys("D").keys("middle");
    insta::assert_snapshot!("delete_all_80x24", h.screen());
}

#[test]
fn tui_settings_and_examples_screens() {
    let mut h = Harness::new(80, 24);
    h.keys("2s");
    insta::assert_snapshot!("settings_80x24", h.screen());
    h.key(KeyCode::Esc).keys("xg");
    insta::assert_snapshot!("examples_80x24", h.screen());
}

#[test]
fn tui_learner_progress_screen() {
    let mut h = Harness::new(80, 24);
    h.keys("/bilbo").key(KeyCode::Enter).keys("p");
    insta::assert_snapshot!(h.screen());
}

#[test]
fn tui_course_switcher_screen() {
    let mut h = Harness::new(80, 24);
    h.keys("c");
    insta::assert_snapshot!(h.screen());
}

#[test]
fn tui_log_and_templates_screens() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter).keys("4");
    insta::assert_snapshot!("log_80x24", h.screen());
    h.keys("3");
    insta::assert_snapshot!("templates_80x24", h.screen());
}
