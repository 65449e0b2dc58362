//! Times on screen say they are UTC: a table's column in its header (`issued (UTC)`, `at
//! (UTC)`), a time in a sentence after it (`issued 2026-12-01 12:00 UTC by`); and the
//! history's flags whole at 80 columns.

use ratatui::crossterm::event::KeyCode;

use super::Harness;

/// The screen's row that holds `text`, or a panic that shows the screen.
#[track_caller]
fn row_with(screen: &str, text: &str) -> String {
    let row = screen.lines().find(|line| line.contains(text));
    row.unwrap_or_else(|| panic!("no row with {text:?}:\n{screen}")).to_string()
}

#[test]
fn tui_tables_name_the_zone_of_their_times_in_the_header() {
    let mut h = Harness::new(120, 40);
    h.threshold_policy().keys("g").key(KeyCode::Enter).key(KeyCode::Esc);
    let screen = h.screen();
    let header = row_with(&screen, "username");
    assert!(header.contains(" issued (UTC) "), "{header}");
    let row = row_with(&screen, " frodo ");
    assert!(row.contains(" 2026-12-01 12:00 "), "the time under its header, as before: {row}");
    let log = h.keys("4").screen();
    assert!(row_with(&log, " who ").contains("at (UTC)"), "{log}");
}

#[test]
fn tui_a_time_in_a_sentence_says_utc_after_it() {
    let mut h = Harness::new(120, 40);
    h.threshold_policy().keys("g").key(KeyCode::Enter).key(KeyCode::Esc);
    let progress = h.keys("1/frodo").key(KeyCode::Enter).keys("p").dialog_text();
    assert!(progress.contains(" issued 2026-12-01 12:00 UTC by "), "{progress}");
    h.key(KeyCode::Esc).key(KeyCode::Esc);
    let examples = h.keys("2xg").screen();
    assert!(row_with(&examples, "(x: back)").contains("made 2026-12-01 12:00 UTC (x: back)"), "{examples}");
}

#[test]
fn tui_an_event_of_the_log_says_its_time_is_utc() {
    let mut h = Harness::new(120, 40);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let shown = h.keys("4j").key(KeyCode::Enter).screen();
    assert!(shown.contains(" 12:00:00 UTC · tester · generate"), "{shown}");
}

/// bilbo's certificate is provisional; the history at 80 columns cut the flag to `provi…`.
#[test]
fn tui_history_at_80_columns_keeps_the_provisional_flag_whole() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter).keys("H");
    let screen = h.screen();
    let row = row_with(&screen, " bilbo ");
    assert!(row.contains(" prov. "), "{row}\n{screen}");
    assert!(!screen.contains("provi…"), "{screen}");
    // With the room, the flag is said whole.
    let wide = h.resize(120, 40).screen();
    assert!(row_with(&wide, " bilbo ").contains(" provisional "), "{wide}");
}
