//! Dialogs on a terminal made narrower than 80 columns while they are open.

use ratatui::crossterm::event::KeyCode;

use super::Harness;

/// The import dialog's keys at 60 columns keep the first key and Esc, the others giving way
/// to `…`, where the right-aligned line lost its start ('d · Enter import · Ctrl-D …').
#[test]
fn tui_a_dialogs_keys_narrowed_keep_the_first_and_the_last() {
    let mut h = Harness::new(80, 24);
    h.keys("i").keys("/no/such/export.csv").key(KeyCode::Enter);
    assert!(h.screen().contains("Tab next field · Enter import · Ctrl-D draft course.toml · Esc cancel"));
    h.resize(60, 20);
    let screen = h.screen();
    assert!(screen.contains("│          Tab next field · Enter import · … · Esc cancel│"), "{screen}");
    h.resize(80, 24);
    assert!(h.screen().contains("Tab next field · Enter import · Ctrl-D draft course.toml · Esc cancel"));
}
