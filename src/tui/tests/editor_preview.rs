//! The editor's preview while the text has an error: the error, and under it the last text
//! that had a preview, rather than an empty box.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Harness;

fn settle(h: &mut Harness) {
    std::thread::sleep(super::super::editor::DEBOUNCE);
    h.app.tick();
}

/// The rows of the preview's box (the right half of the screen) as text.
fn preview_rows(screen: &str) -> Vec<String> {
    screen.lines().map(|line| line.chars().skip(67).collect::<String>()).collect()
}

#[test]
fn tui_the_last_good_preview_stays_under_the_error_of_a_text_that_has_none() {
    let mut h = Harness::new(120, 40);
    h.keys("3").key(KeyCode::Enter);
    let before = h.screen().matches('▀').count();
    assert!(before > 500, "the preview is drawn: {}", h.screen());

    // A block misspelt at the top: no preview of this text, its error said in the box.
    h.app.on_paste("txet\n  | a\n");
    settle(&mut h);
    let screen = h.screen();
    assert!(screen.contains("1 problem (an error)"), "{screen}");
    let rows = preview_rows(&screen);
    let note = rows.iter().position(|row| row.contains("no preview: 1:1: unknown block `txet`")).expect("the error");
    let under = rows.iter().position(|row| row.contains("Under it, the last text that had a preview:"));
    assert!(under.is_some_and(|under| under > note), "{screen}");
    // The last picture, a little smaller under the note, where the box was empty.
    let after = under.map_or(0, |under| under + 1);
    assert!(rows[after].contains('▀'), "the picture starts under the note: {screen}");
    assert!(screen.matches('▀').count() > before / 2, "{screen}");

    // Undone, the text has its own preview again and the note goes.
    h.press(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    settle(&mut h);
    let screen = h.screen();
    assert!(screen.contains("no problems") && !screen.contains("Under it"), "{screen}");
    assert_eq!(screen.matches('▀').count(), before, "{screen}");
}

/// Full screen, the preview's note sends staff to the list under the text, where it said
/// "listed below" over a screen with nothing below.
#[test]
fn tui_the_full_screen_preview_says_where_the_errors_are_listed() {
    let mut h = Harness::new(80, 24);
    h.keys("3").key(KeyCode::Enter);
    h.app.on_paste("txt\n  | a\nrule\n  colr: red\n\n");
    settle(&mut h);
    h.press(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    let screen = h.screen();
    assert!(screen.contains("no preview until the 2 errors listed under the text are fixed"), "{screen}");
    assert!(!screen.contains("below"), "{screen}");
    assert!(screen.contains("Ctrl-T/Esc back to the text"), "{screen}");
}
