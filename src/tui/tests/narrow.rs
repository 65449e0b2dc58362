//! Dialogs on a terminal made narrower than 80 columns while they are open.

use ratatui::crossterm::event::KeyCode;

use super::Harness;

/// The import dialog's keys at 60 columns keep the first key and Esc, the others giving way
/// to `…`, where the right-aligned line lost its start ('d · Enter import · Ctrl-D …').
#[test]
fn tui_a_dialogs_keys_narrowed_keep_the_first_and_the_last() {
    let mut h = Harness::new(80, 24);
    h.keys("i").keys("/no/such/export.csv").key(KeyCode::Enter);
    assert!(h.screen().contains("Tab complete/next · Enter import · Ctrl-D draft course.toml · Esc cancel"));
    h.resize(60, 20);
    let screen = h.screen();
    assert!(screen.contains("│      Tab complete/next · Enter import · … · Esc cancel │"), "{screen}");
    h.resize(80, 24);
    assert!(h.screen().contains("Tab complete/next · Enter import · Ctrl-D draft course.toml · Esc cancel"));
}

/// The editor's preview full screen at 60 columns: its title, which says which name it shows,
/// ends in `…` where it is cut, where the border cut it silently ('back to the te┐'), and the
/// keys under it, which say how to get back to the text, stay whole.
#[test]
fn tui_the_editors_titles_cut_to_a_narrow_terminal_end_in_an_ellipsis() {
    let mut h = Harness::new(60, 20);
    h.keys("3").key(KeyCode::Enter);
    h.press(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('t'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    let screen = h.screen();
    let top = screen.lines().find(|line| line.contains("preview: longest name 1/3")).unwrap_or_default();
    assert!(top.contains("— Maximiliana Wilhelmina") && top.ends_with("… ┐\""), "{screen}");
    assert!(screen.contains("└ F3/F4 other names · Ctrl-T or Esc: back to the text ─"), "{screen}");
    h.resize(80, 24);
    let screen = h.screen();
    let top = screen.lines().find(|line| line.contains("preview: longest name 1/3")).unwrap_or_default();
    assert!(top.contains("┌ preview: longest name 1/3 — Maximiliana") && top.ends_with("… ┐\""), "{screen}");
}

/// Each pane's key line at 60 columns: whole keys, a `…` where the others gave way, and the
/// help key, which lists them all, where the line ran off the screen mid-key ('H hist  x').
#[test]
fn tui_the_key_line_at_60_columns_ends_in_the_help_key_not_a_cut_one() {
    let mut h = Harness::new(60, 24);
    for (tab, keys) in [
        ("1", "Enter edit/progress  x clear  s sort  …  ? help  q quit"),
        ("2", "g gen  r regen  d/D del  e export  m mail  v view  …  ? help"),
        ("3", "Enter edit  n new  d delete  j/k move  …  ? help  q quit"),
    ] {
        h.keys(tab);
        let screen = h.screen();
        assert!(screen.contains(keys), "{tab}: {screen}");
    }
}

/// At 60 columns the course a template prints for goes on under itself after a `-`
/// ('middle-earth-' over '101 (honor)'), where it was broken between two letters
/// ('middle-earth-10' over '1 (honor)'), which read as another course.
#[test]
fn tui_where_a_template_is_used_breaks_a_course_id_after_a_hyphen_at_60_columns() {
    let mut h = Harness::new(60, 24);
    h.keys("3");
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().map(|line| line.trim_matches('"').trim_end()).collect();
    let at = rows.iter().position(|row| row.starts_with("  honor ")).unwrap_or_default();
    assert!(rows[at].ends_with(" middle-earth-"), "{screen}");
    assert!(rows[at + 1].trim_start() == "101 (honor)", "{screen}");
    assert!(!screen.contains("middle-earth-10\""), "{screen}");
}

/// The certificates and their history at `width` columns, issued: every code on screen whole,
/// under a header that starts `header`. Returns the harness, on the certificates.
fn codes_whole_at(width: u16, header: &str) -> Harness {
    let mut h = Harness::new(width, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    for view in ["the certificates", "the history"] {
        let screen = h.screen();
        assert!(screen.matches("XXXX-XXXX-XXXX ").count() >= 15, "{view} at {width}: {screen}");
        assert!(screen.contains(header) || view == "the history", "{view} at {width}: {screen}");
        h.keys("H");
    }
    h
}

/// The certificates at 60 columns: every code whole, the name left out for it (the username
/// says who), where the table asked for more than the screen and the code lost its end
/// ('3FZ5-EKM9-DX'); at 80 the name is back.
#[test]
fn tui_certificate_codes_stay_whole_at_60_columns() {
    let mut h = codes_whole_at(60, "code           username    mode");
    h.resize(80, 24);
    assert!(h.screen().contains("username    name"), "{}", h.screen());
}

/// At 50 columns the name and flags were gone and the code was cut all the same
/// (`XXXX-XXXX-XX`): the score at issue, then the mode, then the username now go first.
#[test]
fn tui_certificate_codes_stay_whole_at_50_and_36_columns() {
    codes_whole_at(50, "code           username    mode     now");
    codes_whole_at(36, "code           username    now");
}

/// A message longer than two rows (a stop partway with what was written before it) is shown
/// whole, over the rows above the key line, and not cut after its first clause.
#[test]
fn tui_a_long_message_is_shown_whole_over_the_rows_above() {
    let mut h = Harness::new(80, 24);
    let words: Vec<String> = (1..=40).map(|n| format!("word{n}")).collect();
    h.app.fail(words.join(" "));
    let screen = h.screen();
    assert!(screen.contains("word1 ") && screen.contains("word40"), "{screen}");
    assert!(!screen.contains('…'), "{screen}");
    h.key(KeyCode::Down);
    assert!(!h.screen().contains("word40"), "it goes with the next key");
}
