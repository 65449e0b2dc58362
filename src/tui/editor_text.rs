//! Editing keys that work on what a reader sees as one letter: a grapheme cluster such as
//! `न्` or `يّ` (a letter with its combining marks). ratatui-textarea steps and deletes by code
//! point, which leaves the cursor inside a cluster and strips marks off letters; these take
//! the key first, move the cursor over whole clusters and delete whole clusters with
//! `delete_str`, whose undo puts back exactly the text it removed.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, DataCursor, TextArea};
use unicode_segmentation::UnicodeSegmentation;

/// Handles the keys that move or delete by letter, and ↑/↓ and PgUp/PgDn by a line and by
/// `page_rows` lines; `Some(changed)` when it took the key, `None` to leave it to the text
/// area. `goal` is the column the last of a run of such moves started from.
pub fn edit_key(textarea: &mut TextArea, key: KeyEvent, page_rows: usize, goal: &mut Option<usize>) -> Option<bool> {
    if cuts(key) && textarea.selection_range().is_some() {
        return Some(textarea.cut());
    }
    let moves = matches!(
        key.code,
        KeyCode::Left | KeyCode::Right | KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown
    );
    // A move with Shift selects, one without ends the selection, as the text area's own moves
    // do: the cursor is put with a jump, which otherwise carried a selection on, and a letter
    // typed after a plain ↓ replaced the lines still selected.
    match key.modifiers {
        KeyModifiers::SHIFT if moves => {
            if !textarea.is_selecting() {
                textarea.start_selection();
            }
        }
        KeyModifiers::NONE if moves => textarea.cancel_selection(),
        KeyModifiers::NONE => {}
        _ => return None,
    }
    match key.code {
        // The selection, as the text area deletes it (not kept for Ctrl-Y: no cut key).
        KeyCode::Backspace | KeyCode::Delete if textarea.selection_range().is_some() => {
            Some(keeping_yank(textarea, |textarea| textarea.cut()))
        }
        KeyCode::Backspace => Some(backspace(textarea)),
        KeyCode::Delete => Some(delete(textarea)),
        KeyCode::Left => Some(left(textarea)),
        KeyCode::Right => Some(right(textarea)),
        KeyCode::Up => Some(vertical(textarea, 1, false, goal)),
        KeyCode::Down => Some(vertical(textarea, 1, true, goal)),
        KeyCode::PageUp => Some(vertical(textarea, page_rows, false, goal)),
        KeyCode::PageDown => Some(vertical(textarea, page_rows, true, goal)),
        _ => None,
    }
}

/// Whether `key` moves up or down a line or a page, keeping the column a run of such moves
/// started from.
pub fn is_vertical(key: &KeyEvent) -> bool {
    matches!(key.modifiers, KeyModifiers::NONE | KeyModifiers::SHIFT)
        && matches!(key.code, KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown)
}

/// How many characters the cluster that ends at character `col` of `line` has (0 at the start).
fn cluster_before(line: &str, col: usize) -> usize {
    let mut start = 0;
    for cluster in line.graphemes(true) {
        let end = start + cluster.chars().count();
        if end >= col {
            return col - start;
        }
        start = end;
    }
    0
}

/// How many characters the cluster that starts at character `col` of `line` has (0 at the end).
fn cluster_after(line: &str, col: usize) -> usize {
    let mut start = 0;
    for cluster in line.graphemes(true) {
        let end = start + cluster.chars().count();
        if end > col {
            return end - col;
        }
        start = end;
    }
    0
}

fn cursor(textarea: &TextArea) -> (usize, usize, String) {
    let DataCursor(row, col) = textarea.cursor();
    let line = textarea.lines().get(row).cloned().unwrap_or_default();
    (row, col, line)
}

fn jump(textarea: &mut TextArea, row: usize, col: usize) {
    let row = u16::try_from(row).unwrap_or(u16::MAX);
    let col = u16::try_from(col).unwrap_or(u16::MAX);
    textarea.move_cursor(CursorMove::Jump(row, col));
}

/// Backspace: the cluster before the cursor, or the line break at the start of a line.
fn backspace(textarea: &mut TextArea) -> bool {
    let (row, col, line) = cursor(textarea);
    let chars = cluster_before(&line, col);
    if chars == 0 {
        return textarea.delete_char();
    }
    jump(textarea, row, col - chars);
    keeping_yank(textarea, |textarea| textarea.delete_str(chars))
}

/// Delete: the cluster after the cursor, or the line break at the end of a line.
fn delete(textarea: &mut TextArea) -> bool {
    let (_, col, line) = cursor(textarea);
    match cluster_after(&line, col) {
        0 => textarea.delete_next_char(),
        chars => keeping_yank(textarea, |textarea| textarea.delete_str(chars)),
    }
}

/// Runs `edit`, keeping what Ctrl-Y pastes: the text area keeps every text `delete_str`
/// removes for it, so a letter deleted with Backspace, or the whole text an undo replaced, was
/// pasted in place of the line Ctrl-K had cut. Only the cutting keys (Ctrl-K, Ctrl-W, Ctrl-X,
/// Alt-D, Alt-Backspace) fill it.
pub fn keeping_yank<R>(textarea: &mut TextArea, edit: impl FnOnce(&mut TextArea) -> R) -> R {
    let yank = textarea.yank_text();
    let result = edit(textarea);
    textarea.set_yank_text(yank);
    result
}

/// The key certdesk handles as the one a text area's Ctrl binding stands for: Ctrl-H and
/// Ctrl-D delete and Ctrl-B and Ctrl-F move by whole letters as Backspace, Delete and the
/// arrows do (the text area went by code point, splitting a letter from its marks), and
/// Ctrl-J, the line feed some terminals send for Enter, breaks the line (the text area deleted
/// everything before the cursor); Ctrl-P and Ctrl-N move as ↑ and ↓, by whole letters.
pub fn as_plain_key(key: KeyEvent) -> KeyEvent {
    if key.modifiers != KeyModifiers::CONTROL {
        return key;
    }
    let code = match key.code {
        KeyCode::Char('h') => KeyCode::Backspace,
        KeyCode::Char('d') => KeyCode::Delete,
        KeyCode::Char('b') => KeyCode::Left,
        KeyCode::Char('f') => KeyCode::Right,
        KeyCode::Char('j') => KeyCode::Enter,
        KeyCode::Char('p') => KeyCode::Up,
        KeyCode::Char('n') => KeyCode::Down,
        _ => return key,
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Whether `key` is one of the keys that cut (Ctrl-K, Ctrl-W, Alt-Backspace, Alt-D,
/// Alt-Delete). With a selection they take the selection, as Ctrl-X does; the text area
/// deleted it without keeping it for Ctrl-Y, which then pasted what an earlier cut took.
fn cuts(key: KeyEvent) -> bool {
    let (ctrl, alt) = (key.modifiers == KeyModifiers::CONTROL, key.modifiers == KeyModifiers::ALT);
    match key.code {
        KeyCode::Char('k' | 'w') => ctrl,
        KeyCode::Char('d' | 'h') | KeyCode::Backspace | KeyCode::Delete => alt,
        _ => false,
    }
}

/// Left: to the start of the cluster before the cursor, or to the end of the line above.
/// Moves change no text: false.
fn left(textarea: &mut TextArea) -> bool {
    let (row, col, line) = cursor(textarea);
    match cluster_before(&line, col) {
        0 => textarea.move_cursor(CursorMove::Back),
        chars => jump(textarea, row, col - chars),
    }
    false
}

/// Right: past the cluster after the cursor, or to the start of the line below.
fn right(textarea: &mut TextArea) -> bool {
    let (row, col, line) = cursor(textarea);
    match cluster_after(&line, col) {
        0 => textarea.move_cursor(CursorMove::Forward),
        chars => jump(textarea, row, col + chars),
    }
    false
}

/// ↑/↓ and PgUp/PgDn: `rows` lines up or down (the text area's own paging needs a viewport
/// it only learns when drawn, which the editor draws from a copy), at the column the run of
/// moves started from where the line is long enough, on a cluster's edge. The text area's
/// ↑/↓ went by code point, into the middle of `न्दी` (a letter typed there split it), and
/// forgot the column at every shorter line: down across a blank line between blocks, the
/// cursor ended at the start of the next.
fn vertical(textarea: &mut TextArea, rows: usize, down: bool, goal: &mut Option<usize>) -> bool {
    let (row, col, _) = cursor(textarea);
    let goal = *goal.get_or_insert(col);
    let last = textarea.lines().len().saturating_sub(1);
    let target = if down { (row + rows.max(1)).min(last) } else { row.saturating_sub(rows.max(1)) };
    if target == row {
        return false;
    }
    let line = textarea.lines().get(target).cloned().unwrap_or_default();
    let col = goal.min(line.chars().count());
    jump(textarea, target, start_of_cluster(&line, col));
    false
}

/// The first character of the cluster that holds character `col` of `line`.
fn start_of_cluster(line: &str, col: usize) -> usize {
    let mut start = 0;
    for cluster in line.graphemes(true) {
        let end = start + cluster.chars().count();
        if end > col {
            return start;
        }
        start = end;
    }
    start
}

/// `text` with each tab that indents one of its lines turned into two spaces, as the Tab key
/// types, and each space of another kind there (the no-break spaces of a template copied from a
/// web page) into a space: it would otherwise be refused line by line (`indent with spaces, not
/// tabs`) for a character the editor shows as spaces. `at_indent`: whether the text goes in
/// where only spaces precede it on its line, so that its first line's indentation counts too.
/// Tabs and other spaces after the indentation are text, kept.
pub fn indent_with_spaces(text: &str, at_indent: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let body = line.trim_start_matches(crate::domain::shown::shows_as_space);
        let indent = &line[..line.len() - body.len()];
        if index > 0 || at_indent {
            out.extend(indent.chars().map(|c| if c == '\t' { "  " } else { " " }));
        } else {
            out.push_str(indent);
        }
        out.push_str(body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_hold_a_letter_with_its_marks() {
        // ह ि न ् द ी: clusters हि, न्दी (the virama joins न and द).
        let hindi = "हिन्दी";
        assert_eq!(cluster_before(hindi, 6), 4);
        assert_eq!(cluster_before(hindi, 2), 2);
        assert_eq!(cluster_after(hindi, 0), 2);
        assert_eq!(cluster_after(hindi, 2), 4);
        assert_eq!(cluster_after(hindi, 6), 0);
        assert_eq!(cluster_before(hindi, 0), 0);
        // A cursor inside a cluster goes to the cluster's edges.
        assert_eq!(cluster_before(hindi, 3), 1);
        assert_eq!(cluster_after(hindi, 3), 3);
        assert_eq!(start_of_cluster(hindi, 3), 2);
        assert_eq!(start_of_cluster(hindi, 6), 6);
        // ع َ ل ِ ي ّ: three clusters of two.
        assert_eq!(cluster_before("عَلِيّ", 6), 2);
    }

    #[test]
    fn up_and_down_keep_the_column_and_land_on_a_letters_edge() {
        let mut textarea = TextArea::from(["# abcdef", "# हिन्दी", "", "  size: A4", "x"]);
        let mut goal = None;
        let mut press = |textarea: &mut TextArea, code: KeyCode| {
            let key = KeyEvent::new(code, KeyModifiers::NONE);
            assert!(is_vertical(&key));
            assert_eq!(edit_key(textarea, key, 2, &mut goal), Some(false), "a move edits nothing");
            let DataCursor(row, col) = textarea.cursor();
            (row, col)
        };
        jump(&mut textarea, 0, 5);
        // Column 5 is inside न्दी (characters 4 to 8): its start, not between न and ्.
        assert_eq!(press(&mut textarea, KeyCode::Down), (1, 4));
        assert_eq!(press(&mut textarea, KeyCode::Down), (2, 0));
        // Past the blank line, back to the column the moves started from.
        assert_eq!(press(&mut textarea, KeyCode::Down), (3, 5));
        assert_eq!(press(&mut textarea, KeyCode::Down), (4, 1));
        assert_eq!(press(&mut textarea, KeyCode::Down), (4, 1), "the last line: no move");
        assert_eq!(press(&mut textarea, KeyCode::PageUp), (2, 0));
        assert_eq!(press(&mut textarea, KeyCode::PageUp), (0, 5));
    }

    #[test]
    fn a_move_with_shift_selects_and_one_without_ends_the_selection() {
        let mut textarea = TextArea::from(["# abcdef", "# हिन्दी", "x"]);
        let mut goal = None;
        let mut press = |textarea: &mut TextArea, code: KeyCode, modifiers: KeyModifiers| {
            edit_key(textarea, KeyEvent::new(code, modifiers), 2, &mut goal)
        };
        jump(&mut textarea, 0, 5);
        press(&mut textarea, KeyCode::Down, KeyModifiers::SHIFT);
        // From the cursor to the start of न्दी, never between a letter and its marks.
        assert_eq!(textarea.selection_range(), Some(((0, 5), (1, 4))));
        press(&mut textarea, KeyCode::Right, KeyModifiers::SHIFT);
        assert_eq!(textarea.selection_range(), Some(((0, 5), (1, 8))));
        // A plain move ends it: a letter typed then replaced the lines still selected.
        press(&mut textarea, KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(textarea.selection_range(), None);
        assert_eq!(textarea.cursor(), DataCursor(2, 1));
        // Backspace deletes a selection whole, and leaves Ctrl-Y's text as it was.
        textarea.set_yank_text("cut before");
        jump(&mut textarea, 0, 2);
        // A new run of moves (the editor forgets the goal at any other key).
        let mut goal = None;
        edit_key(&mut textarea, KeyEvent::new(KeyCode::Down, KeyModifiers::SHIFT), 2, &mut goal);
        let backspace = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(edit_key(&mut textarea, backspace, 2, &mut goal), Some(true));
        assert_eq!(textarea.lines(), ["# हिन्दी", "x"]);
        assert_eq!(textarea.yank_text(), "cut before");
    }
}
