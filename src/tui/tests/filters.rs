//! The `/` filter behaves the same in every list: it narrows the list whatever the case and
//! accents typed, Enter keeps it, Esc clears it, and an Esc read together with the next key (as
//! a terminal sends both when typed quickly, and tmux within its escape-time) still clears it,
//! the next key then acting on the list.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Harness;

/// What an Esc followed at once by `j` reaches the app as.
fn esc_then_j() -> KeyEvent {
    KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT)
}

/// The filter's own line while it is typed in.
const TYPING: &str = "Enter keep · Esc clear";

#[track_caller]
fn filtered(h: &mut Harness, word: &str, typing: bool) {
    let screen = h.screen();
    let said = screen.contains(&format!("match \"{word}\"")) || screen.contains(&format!("matches \"{word}\""));
    assert!(said, "filtered by {word:?}:\n{screen}");
    assert_eq!(screen.contains(TYPING), typing, "typing in the filter: {typing}\n{screen}");
}

/// Checks the list is whole and the filter closed; returns the selection's position.
#[track_caller]
fn unfiltered(h: &mut Harness) -> usize {
    let screen = h.screen();
    assert!(
        !screen.contains("match \"") && !screen.contains("matches \"") && !screen.contains(TYPING),
        "no filter:\n{screen}"
    );
    let list = h.app.current_list_mut().expect("a list");
    assert_eq!(list.query(), "");
    list.selected_position()
}

#[track_caller]
fn esc_clears_the_filter_in(h: &mut Harness, pane: &str, word: &str) {
    h.keys(pane).keys("/").keys(word);
    filtered(h, word, true);
    h.key(KeyCode::Esc);
    let start = unfiltered(h);
    let total = h.app.current_list_mut().expect("a list").len();
    assert!(start + 1 < total, "{pane}: a row below the one {word:?} selected, for j to move to");

    h.keys("/").keys(word).key(KeyCode::Enter);
    filtered(h, word, false);
    h.key(KeyCode::Esc);
    assert_eq!(unfiltered(h), start, "{pane}: Esc on a kept filter");

    h.keys("/").keys(word).press(esc_then_j());
    assert_eq!(unfiltered(h), start + 1, "{pane}: Esc and j read together while typing");

    h.keys("k/").keys(word).key(KeyCode::Enter).press(esc_then_j());
    assert_eq!(unfiltered(h), start + 1, "{pane}: Esc and j read together on a kept filter");
}

#[test]
fn tui_esc_clears_the_filter_in_every_list_even_when_read_with_the_next_key() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    esc_clears_the_filter_in(&mut h, "1", "bag");
    esc_clears_the_filter_in(&mut h, "2", "bag");
    esc_clears_the_filter_in(&mut h, "2H", "bag");
    esc_clears_the_filter_in(&mut h, "4", "generate");
}

#[test]
fn tui_filter_narrows_every_list_and_esc_clears_it() {
    let mut h = Harness::new(80, 24);
    h.keys("/bag");
    let screen = h.screen();
    assert!(screen.contains("bilbo") && screen.contains("frodo") && !screen.contains("aragorn"), "{screen}");
    assert!(screen.contains("2 matches \"bag\""));
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("aragorn"));
    // Case and accents aside: staff type names as their keyboards let them.
    h.keys("/ZOE");
    let screen = h.screen();
    assert!(screen.contains("Zoë Ångström") && screen.contains("1 match"), "{screen}");
    h.key(KeyCode::Esc).keys("/lukasz zolc");
    let screen = h.screen();
    assert!(screen.contains("Łukasz Żółć") && screen.contains("1 match"), "{screen}");
    h.key(KeyCode::Esc);
    h.keys("4/settings");
    assert!(h.screen().contains("0 matches \"settings\""));
}

/// The footer of a list says how many rows it has with the filter empty, as it says how many
/// match a filter: the examples pane said nothing until a filter was typed.
#[test]
fn tui_examples_footer_counts_the_examples_with_and_without_a_filter() {
    let mut h = Harness::new(80, 24);
    h.keys("2xg");
    let total = h.app.current_list_mut().expect("the examples list").total();
    assert!(total > 1, "the sample course has several examples");
    let screen = h.screen();
    assert!(screen.contains(&format!("{total} examples · made ")), "no filter: the count\n{screen}");

    h.keys("/").keys("name").key(KeyCode::Enter);
    let shown = h.app.current_list_mut().expect("the examples list").len();
    let screen = h.screen();
    assert!(screen.contains(&format!("{total} examples · made ")), "the total stays\n{screen}");
    let word = if shown == 1 { "match" } else { "matches" };
    assert!(screen.contains(&format!("{shown} {word} \"name\"")), "and the matches\n{screen}");
}

/// A list of one says "1 event", not "1 events": the log of a course just imported.
#[test]
fn tui_a_footer_counts_one_as_one() {
    let mut h = Harness::new(80, 24);
    h.keys("4");
    assert_eq!(h.app.current_list_mut().expect("the log").total(), 1, "the import, logged");
    let screen = h.screen();
    assert!(screen.contains("1 event, newest first"), "{screen}");
}

#[test]
fn tui_a_filter_is_shown_and_given_back_as_typed_not_as_matched() {
    let mut h = Harness::new(80, 24);
    // Typed with capitals and accents; matched without them.
    h.keys("1/").keys("Żółć").key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("1 match \"Żółć\""), "{screen}");
    assert!(screen.contains("lukasz"), "{screen}");
    // Opened again, the filter holds what was typed, to edit.
    h.keys("/");
    assert!(h.screen().contains("/Żółć▏"), "{}", h.screen());
}
