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

/// The colours of the preview's half-blocks, row by row: what the picture shows.
fn picture(h: &mut Harness) -> Vec<(ratatui::style::Color, ratatui::style::Color)> {
    h.screen();
    let buffer = h.terminal.backend().buffer();
    buffer.content().iter().filter(|cell| cell.symbol() == "▀").map(|cell| (cell.fg, cell.bg)).collect()
}

/// The preview's top border, its title.
fn title(h: &mut Harness) -> String {
    h.screen().lines().find(|row| row.contains("┌ preview:")).unwrap_or_default().to_string()
}

/// F3 and F4 show the preview on each worst-case name of the roster in turn, the title saying
/// which: the sample roster's Cyrillic and Greek names, shorter than its longest (a Latin
/// one), were checked but never shown.
#[test]
fn tui_f3_and_f4_preview_each_worst_case_name_in_turn() {
    let mut h = Harness::new(120, 40);
    h.keys("3").key(KeyCode::Enter);
    assert!(title(&mut h).contains("┌ preview: longest name 1/3 — Maximiliana"), "{}", h.screen());
    assert!(h.screen().contains("└ F3/F4 other names · Ctrl-T: full screen ─"), "{}", h.screen());
    let longest = picture(&mut h);
    assert!(longest.len() > 500, "the preview is drawn: {}", h.screen());

    h.key(KeyCode::F(3));
    // The name is cut to the box beside the text; full screen it is whole (the test below).
    assert!(title(&mut h).contains("┌ preview: Cyrillic name 2/3 — Дмитрий Шостакович-И… ┐"), "{}", h.screen());
    let cyrillic = picture(&mut h);
    assert_ne!(cyrillic, longest, "the picture shows another name");
    h.key(KeyCode::F(3));
    assert!(title(&mut h).contains("┌ preview: Greek name 3/3 — Ιωάννης Κωνσταντινίδης ─"), "{}", h.screen());
    // After the last, the first again; F4 goes back.
    h.key(KeyCode::F(3));
    assert!(title(&mut h).contains("preview: longest name 1/3"), "{}", h.screen());
    assert_eq!(picture(&mut h), longest);
    h.key(KeyCode::F(4)).key(KeyCode::F(4));
    assert!(title(&mut h).contains("preview: Cyrillic name 2/3"), "{}", h.screen());
    assert_eq!(picture(&mut h), cyrillic);

    // The keys typed nothing, and the name stays chosen as the text is edited.
    assert!(h.screen().contains("no problems") && !h.screen().contains("(modified)"), "{}", h.screen());
    h.app.on_paste("# a comment\n");
    settle(&mut h);
    assert!(h.screen().contains("(modified)"), "{}", h.screen());
    assert!(title(&mut h).contains("preview: Cyrillic name 2/3"), "{}", h.screen());
}

/// At 80x24 the preview is seen full screen (Ctrl-T), where typing is off: F3 still changes
/// the name there, and the key line says so.
#[test]
fn tui_f3_changes_the_name_of_the_full_screen_preview_at_80x24() {
    let mut h = Harness::new(80, 24);
    h.keys("3").key(KeyCode::Enter);
    h.press(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    h.app.tick();
    let longest = picture(&mut h);
    assert!(h.screen().contains("Ctrl-T/Esc back to the text  F3/F4 other names"), "{}", h.screen());
    h.key(KeyCode::F(3));
    assert!(title(&mut h).contains("┌ preview: Cyrillic name 2/3 — Дмитрий Шостакович-Иванов ─"), "{}", h.screen());
    assert_ne!(picture(&mut h), longest, "{}", h.screen());
}

/// At 80x24 the text has the screen to itself: F3 there changed the preview unseen. The
/// editor's title now says which name the preview shows, and how to see it.
#[test]
fn tui_f3_beside_the_text_alone_says_which_name_the_preview_shows() {
    let mut h = Harness::new(80, 24);
    h.keys("3").key(KeyCode::Enter);
    let top = |h: &mut Harness| h.screen().lines().find(|row| row.contains("┌ honor")).unwrap_or_default().to_string();
    assert!(!top(&mut h).contains("preview:"), "the first name needs no note: {}", h.screen());
    h.key(KeyCode::F(3));
    assert!(top(&mut h).contains("┌ honor revision 1 · Ctrl-T preview: Cyrillic name 2/3 — Дмитрий"), "{}", h.screen());
    h.key(KeyCode::F(4));
    assert!(!top(&mut h).contains("preview:"), "{}", h.screen());
}
