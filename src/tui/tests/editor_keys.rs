//! The template editor's keys: deleting and undoing whole letters (a letter with its marks),
//! paging by a page of the visible text, Ctrl-Home/Ctrl-End and Alt-</Alt-> to its start and end.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;

use super::Harness;

fn ctrl(h: &mut Harness, c: char) {
    h.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// The editor's text as lines.
fn lines(h: &Harness) -> Vec<String> {
    let editor = h.app.editor.as_ref().unwrap_or_else(|| panic!("the editor is open"));
    editor.text().lines().map(str::to_string).collect()
}

/// Opens the honor template in the editor.
fn editing(width: u16, height: u16) -> Harness {
    let mut h = Harness::new(width, height);
    h.keys("3");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("honor revision 1"));
    h
}

/// Types `typed` on a new first line, goes `lefts` letters back from its end, deletes the
/// letter before the cursor; returns the line after the deletion, after undo and after redo.
fn delete_and_undo(typed: &str, lefts: usize) -> [String; 3] {
    let mut h = editing(80, 24);
    h.keys(typed).key(KeyCode::Enter).key(KeyCode::Up).key(KeyCode::End);
    for _ in 0..lefts {
        h.key(KeyCode::Left);
    }
    h.key(KeyCode::Backspace);
    let deleted = lines(&h)[0].clone();
    ctrl(&mut h, 'u');
    let undone = lines(&h)[0].clone();
    ctrl(&mut h, 'r');
    let redone = lines(&h)[0].clone();
    [deleted, undone, redone]
}

#[test]
fn tui_backspace_deletes_a_whole_letter_and_undo_restores_it_exactly() {
    for (typed, lefts) in [("  | हिन्दी", 3), ("  | हिन्दी", 1), ("  | عَلِيّ", 1), ("  | عَلِيّ", 2)]
    {
        let [deleted, undone, redone] = delete_and_undo(typed, lefts);
        assert_eq!(undone, typed, "undo restores exactly what Backspace removed");
        assert_eq!(redone, deleted, "redo deletes it again");
        // One whole letter is gone: the others are intact, no mark left behind or lost.
        let letters: Vec<&str> = typed.graphemes(true).collect();
        let left: Vec<&str> = deleted.graphemes(true).collect();
        assert_eq!(left.len() + 1, letters.len(), "{typed} → {deleted}");
        assert!(
            (0..letters.len()).any(|gone| [&letters[..gone], &letters[gone + 1..]].concat() == left),
            "{typed} → {deleted}"
        );
    }
}

#[test]
fn tui_page_down_and_up_move_by_the_visible_lines() {
    let mut h = editing(80, 24);
    let shown = 15;
    h.key(KeyCode::PageDown).key(KeyCode::PageDown).keys("@1");
    let marked = lines(&h).iter().position(|line| line.starts_with("@1"));
    assert_eq!(marked, Some(2 * shown), "two pages down from line 1");
    h.key(KeyCode::Home).key(KeyCode::PageUp).keys("@2");
    let marked = lines(&h).iter().position(|line| line.starts_with("@2"));
    assert_eq!(marked, Some(shown), "one page up");
}

#[test]
fn tui_undo_takes_back_a_word_a_run_of_deletions_or_a_paste_at_a_time() {
    let mut h = editing(80, 24);
    let original = lines(&h);
    h.keys("# first draft").key(KeyCode::Enter);
    h.key(KeyCode::Up).key(KeyCode::End);
    for _ in 0.."draft".len() {
        h.key(KeyCode::Backspace);
    }
    h.keys("copy");
    assert_eq!(lines(&h)[0], "# first copy");
    let mut seen = Vec::new();
    for _ in 0..5 {
        ctrl(&mut h, 'u');
        seen.push(lines(&h)[0].clone());
    }
    let rest = &original[0];
    assert_eq!(
        seen,
        [
            "# first ".to_string(),
            "# first draft".into(),
            format!("# first draft{rest}"),
            format!("# first {rest}"),
            format!("# {rest}")
        ],
        "the word typed, the five Backspaces, the line break, a word with its space, another"
    );
    ctrl(&mut h, 'u');
    assert_eq!(lines(&h), original, "back to the template as it was");
    ctrl(&mut h, 'u');
    assert_eq!(lines(&h), original, "nothing more to undo");
    for _ in 0..6 {
        ctrl(&mut h, 'r');
    }
    assert_eq!(lines(&h)[0], "# first copy", "redone step by step");
    h.app.editor.as_mut().unwrap_or_else(|| panic!("the editor is open")).paste("one two\nthree");
    assert_eq!(lines(&h)[1], "three");
    ctrl(&mut h, 'u');
    assert_eq!(lines(&h)[0], "# first copy", "a paste is one step");
}

#[test]
fn tui_ctrl_home_and_ctrl_end_go_to_the_start_and_the_end_of_the_text() {
    let mut h = editing(80, 24);
    h.key(KeyCode::PageDown).key(KeyCode::Right).key(KeyCode::Right);
    h.press(KeyEvent::new(KeyCode::End, KeyModifiers::CONTROL));
    h.keys("@end");
    let text = lines(&h);
    let last = text.last().cloned().unwrap_or_default();
    assert!(last.ends_with("@end"), "typed at the end of the last line: {last:?}");
    h.press(KeyEvent::new(KeyCode::Home, KeyModifiers::CONTROL));
    h.keys("@start");
    assert!(lines(&h)[0].starts_with("@start"), "typed at the start of the first line: {:?}", lines(&h)[0]);
    // Alt-> and Alt-< (Shift held, as terminals send them), from the middle of a line.
    let alt = KeyModifiers::ALT | KeyModifiers::SHIFT;
    h.key(KeyCode::Down).key(KeyCode::Right).key(KeyCode::Right);
    h.press(KeyEvent::new(KeyCode::Char('>'), alt));
    h.keys("@alt-end");
    let last = lines(&h).last().cloned().unwrap_or_default();
    assert!(last.ends_with("@end@alt-end"), "Alt-> goes to the end of the text: {last:?}");
    h.key(KeyCode::Up).key(KeyCode::Left);
    h.press(KeyEvent::new(KeyCode::Char('<'), alt));
    h.keys("@alt-start");
    assert!(lines(&h)[0].starts_with("@alt-start@start"), "Alt-< goes to the start: {:?}", lines(&h)[0]);
}

/// The line numbers of the editor's rows on screen, as far as the gutter shows them.
fn gutter(h: &mut Harness) -> Vec<String> {
    let screen = h.screen();
    let rows = screen.lines().filter_map(|line| line.strip_prefix("\"│"));
    // A line scrolled past on the left has a `…` after its number.
    let number = |row: &str| row.chars().take(5).collect::<String>().trim().trim_end_matches('…').to_string();
    rows.map(number).take(5).collect()
}

#[test]
fn tui_the_line_numbers_stay_put_when_a_long_line_scrolls_the_text_sideways() {
    let mut h = editing(80, 24);
    assert_eq!(gutter(&mut h), ["1", "2", "3", "4", "5"]);
    // Line 2 is longer than the 74 columns in view: its end scrolls the text left.
    h.key(KeyCode::Down).key(KeyCode::End);
    let screen = h.screen();
    assert!(!screen.contains("│   2 # Lengths"), "the text scrolled:\n{screen}");
    assert_eq!(gutter(&mut h), ["1", "2", "3", "4", "5"], "the numbers did not:\n{screen}");
    h.keys(" and more words typed past the edge");
    assert_eq!(gutter(&mut h), ["1", "2", "3", "4", "5"], "nor while typing:\n{}", h.screen());
    h.key(KeyCode::Home);
    assert!(h.screen().contains("│   2 # Lengths"), "back at the start of the line:\n{}", h.screen());
}

#[test]
fn tui_the_editors_help_lists_the_editors_keys_and_not_the_lists() {
    let mut h = editing(80, 24);
    h.key(KeyCode::F(1));
    let help = h.screen();
    assert!(help.contains("Keys: the template editor"), "{help}");
    for key in ["insert two spaces", "move by the lines in view", "the start / the end of the text"] {
        assert!(help.contains(key), "{key}: {help}");
    }
    // In the editor these keys type text: the help must not offer them.
    for list_key in ["move the selection", "switch tabs", "switch course", "cancel running work"] {
        assert!(!help.contains(list_key), "{list_key}: {help}");
    }
    // Taller than 80x24 since it lists every key of the text area: its end is a key away.
    h.key(KeyCode::End);
    let end = h.screen();
    assert!(end.contains("Ctrl-C  quit (asks first"), "{end}");
    assert!(end.contains("leave the editor (asks first when there are unsaved"), "{end}");
    h.key(KeyCode::Esc).keys("q");
    assert!(lines(&h)[0].starts_with('q'), "q after the help is typed: {:?}", lines(&h)[0]);
}

#[test]
fn tui_a_long_paste_undone_at_the_end_leaves_no_empty_rows_under_the_text() {
    let mut h = editing(80, 24);
    let before = lines(&h).len();
    h.press(KeyEvent::new(KeyCode::End, KeyModifiers::CONTROL));
    let pasted: String = (0..300).map(|i| format!("\n# pasted {i}")).collect();
    h.app.on_paste(&pasted);
    assert!(h.screen().contains("# pasted 299"), "{}", h.screen());
    ctrl(&mut h, 'u');
    assert_eq!(lines(&h).len(), before, "the paste is undone");
    // The text's last line is at the bottom of the box, the lines before it above it.
    let screen = h.screen();
    let shown = |number: usize| screen.lines().any(|row| row.contains(&format!("│{number:>4} ")));
    assert!(shown(before) && shown(before - 10), "{screen}");
}

/// A long paste at the top undone: the cursor went to the last screenful of the text (the
/// view scrolled up over the rows the paste left empty, dragging the cursor with it), so the
/// next letter typed landed on line 137 of 164. It stays where the paste began.
#[test]
fn tui_a_long_paste_undone_at_the_top_leaves_the_cursor_where_it_began() {
    let mut h = editing(120, 40);
    let original = lines(&h);
    let pasted: String = (0..200).map(|i| format!("# pasted {i}\n")).collect();
    h.app.on_paste(&pasted);
    assert!(h.screen().contains("# pasted 199"), "{}", h.screen());
    ctrl(&mut h, 'u');
    assert_eq!(lines(&h), original, "the paste is undone");
    let screen = h.screen();
    assert!(screen.contains("│   1 # certdesk default template"), "the top of the text in view: {screen}");
    h.keys("X");
    assert_eq!(lines(&h)[0], format!("X{}", original[0]), "typed where the paste began");
    assert_eq!(lines(&h)[1..], original[1..]);
}

/// ↓ into a Devanagari line put the cursor inside `न्दी`, and a letter typed there split it
/// (`हिनXदी`); ↓ across a blank line between blocks forgot the column.
#[test]
fn tui_up_and_down_keep_letters_whole_and_the_column_across_blank_lines() {
    let mut h = editing(80, 24);
    h.app.on_paste("# abcdef\n# हिन्दी\n\n  size: A4\n");
    h.press(KeyEvent::new(KeyCode::Home, KeyModifiers::CONTROL));
    for _ in 0..5 {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Down).keys("X");
    assert_eq!(lines(&h)[1], "# हिXन्दी", "before the letter, not inside it");
    h.key(KeyCode::Left).key(KeyCode::Up).key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Down).keys("Y");
    assert_eq!(lines(&h)[3], "  siYze: A4", "the column the moves started from, past the blank line");
    // Ctrl-N moves as ↓ does.
    h.key(KeyCode::Left).key(KeyCode::Up);
    ctrl(&mut h, 'n');
    h.keys("Z");
    assert_eq!(lines(&h)[3], "  siZYze: A4");
}

#[test]
fn tui_a_pasted_template_indented_with_tabs_is_indented_with_spaces() {
    let mut h = editing(120, 40);
    // Copied from an editor that indents with tabs (and CRLF line ends); a tab inside a text
    // line is text, kept as it is.
    h.app.on_paste("text\r\n\tsize: 14\r\n\t| Name:\there\r\nrow\n\tcolumn\n\t\trule\n");
    assert_eq!(lines(&h)[..6], ["text", "  size: 14", "  | Name:\there", "row", "  column", "    rule"]);
    // Pasted after spaces that indent, a first line's tab indents too; after text, it is text.
    h.key(KeyCode::Up).key(KeyCode::Home).keys("  ");
    h.app.on_paste("\tthickness: 2\n");
    assert_eq!(lines(&h)[5..7], ["    thickness: 2", "    rule"]);
    h.keys("# a");
    h.app.on_paste("\tb\n");
    assert_eq!(lines(&h)[6], "# a\tb");
    std::thread::sleep(super::super::editor::DEBOUNCE);
    h.app.tick();
    let screen = h.screen();
    assert!(!screen.contains("indent with spaces, not tabs"), "{screen}");
}

/// A template copied from a web page is indented with no-break spaces, which every editor shows
/// as spaces: pasted, they indent as spaces do; inside a text line they are text.
#[test]
fn tui_a_pasted_template_indented_with_no_break_spaces_is_indented_with_spaces() {
    let mut h = editing(120, 40);
    h.app.on_paste("text\n\u{a0}\u{a0}size: 14\n \u{a0}| Name:\u{a0}here\n");
    assert_eq!(lines(&h)[..3], ["text", "  size: 14", "  | Name:\u{a0}here"]);
    std::thread::sleep(super::super::editor::DEBOUNCE);
    h.app.tick();
    let screen = h.screen();
    assert!(!screen.contains("indent with spaces"), "{screen}");
}

/// Ctrl-Z, the undo of most editors, undoes as Ctrl-U does, where it did nothing, and what it
/// took back comes again with Ctrl-R.
#[test]
fn tui_ctrl_z_undoes_as_ctrl_u_does() {
    let mut h = editing(80, 24);
    let original = lines(&h);
    h.keys("draft ");
    assert_ne!(lines(&h), original);
    ctrl(&mut h, 'z');
    assert_eq!(lines(&h), original, "the word typed is taken back");
    ctrl(&mut h, 'r');
    assert_eq!(lines(&h)[0], format!("draft {}", original[0]));
    h.keys("?");
    ctrl(&mut h, 'z');
    assert_eq!(lines(&h)[0], format!("draft {}", original[0]), "one step at a time");
}

/// Ctrl-K cuts, Ctrl-Y pastes that cut back, whatever was deleted or undone in between: the
/// text area kept every deleted letter, and the whole text an undo replaced, for Ctrl-Y.
#[test]
fn tui_ctrl_y_pastes_what_ctrl_k_cut_after_a_backspace_and_an_undo() {
    let mut h = editing(120, 40);
    h.keys("# cut me").key(KeyCode::Enter).key(KeyCode::Up).key(KeyCode::Home);
    ctrl(&mut h, 'k');
    assert_eq!(lines(&h)[0], "");
    h.keys("ab").key(KeyCode::Backspace);
    ctrl(&mut h, 'y');
    assert_eq!(lines(&h)[0], "a# cut me", "the cut, not the b Backspace deleted");
    let count = lines(&h).len();
    ctrl(&mut h, 'u');
    h.key(KeyCode::End);
    ctrl(&mut h, 'y');
    assert_eq!(lines(&h)[0], "a# cut me", "the cut, not the text the undo replaced");
    assert_eq!(lines(&h).len(), count);
}

/// With a selection, every cutting key takes the selection for Ctrl-Y, as Ctrl-X does: the
/// text area deleted it without keeping it, and Ctrl-Y pasted an earlier cut instead.
#[test]
fn tui_a_cutting_key_over_a_selection_keeps_the_selection_for_ctrl_y() {
    let alt = |c| KeyEvent::new(c, KeyModifiers::ALT);
    let cutting = [
        KeyEvent::new(KeyCode::Char('k'), KeyModifiers::CONTROL),
        KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL),
        alt(KeyCode::Backspace),
        alt(KeyCode::Char('d')),
        alt(KeyCode::Delete),
    ];
    for key in cutting {
        let mut h = editing(120, 40);
        h.keys("# first cut").key(KeyCode::Enter).key(KeyCode::Up).key(KeyCode::Home);
        ctrl(&mut h, 'k');
        h.keys("# keep selected").key(KeyCode::Home);
        for _ in 0.."# keep".len() {
            h.press(KeyEvent::new(KeyCode::Right, KeyModifiers::SHIFT));
        }
        h.press(key);
        assert_eq!(lines(&h)[0], " selected", "{key:?} took the selection only");
        h.key(KeyCode::End);
        ctrl(&mut h, 'y');
        assert_eq!(lines(&h)[0], " selected# keep", "{key:?}: Ctrl-Y pastes the selection it took");
    }
}

/// Keys the text area bound that surprised: Ctrl-J (the line feed some terminals send for
/// Enter) deleted everything before the cursor, Ctrl-V scrolled the text a page away, Ctrl-D
/// split a letter from its marks.
#[test]
fn tui_ctrl_j_breaks_the_line_ctrl_v_does_nothing_and_ctrl_d_deletes_a_whole_letter() {
    let mut h = editing(120, 40);
    h.keys("# one two").key(KeyCode::Left).key(KeyCode::Left).key(KeyCode::Left);
    ctrl(&mut h, 'j');
    assert_eq!(&lines(&h)[..2], ["# one ", "two# certdesk default template: Honor Code Certificate (A4 landscape)."]);
    ctrl(&mut h, 'u');
    let before = (lines(&h), h.screen());
    ctrl(&mut h, 'v');
    h.press(KeyEvent::new(KeyCode::Char('v'), KeyModifiers::ALT));
    assert_eq!((lines(&h), h.screen()), before, "nothing changes, nothing scrolls");

    h.key(KeyCode::Home).keys("हिन्दी ").key(KeyCode::Home);
    ctrl(&mut h, 'd');
    assert!(lines(&h)[0].starts_with("न्दी "), "{:?}", lines(&h)[0]);
}

#[test]
fn tui_the_editor_help_lists_every_key_of_the_text_area() {
    let mut h = editing(120, 40);
    h.key(KeyCode::F(1));
    let help = h.screen();
    for key in ["Ctrl-K", "Ctrl-Y", "Ctrl-W Alt-D", "Ctrl-X", "Shift-moves", "Enter Ctrl-J"] {
        assert!(help.contains(key), "{key}: {help}");
    }
}
