//! Editing one line of typed text (a path, a score, a code): a cursor that moves by whole
//! letters (a letter with its marks, `न्दी`, is one), with the keys of a shell's line:
//! `←`/`→`, `Home`/`End` (`Ctrl-A`/`Ctrl-E`), `Backspace` and `Delete` on either side of the
//! cursor, and `Ctrl-U` to delete everything before it.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::text::{fit, fit_keeping_end};

/// Where the cursor stands in a line of text: how many letters come after it. Counted from
/// the end, so that text set anew (a prompt opened again with its path) has the cursor at its
/// end, where typing goes on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineCursor {
    after: usize,
}

impl LineCursor {
    /// Applies `key` to `text` when it types, moves or deletes; whether it did.
    pub fn edit(&mut self, text: &mut String, key: KeyEvent) -> bool {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        let letters = text.graphemes(true).count();
        self.after = self.after.min(letters);
        match key.code {
            KeyCode::Left => self.after = (self.after + 1).min(letters),
            KeyCode::Right => self.after = self.after.saturating_sub(1),
            KeyCode::Home => self.after = letters,
            KeyCode::Char('a') if control => self.after = letters,
            KeyCode::End => self.after = 0,
            KeyCode::Char('e') if control => self.after = 0,
            KeyCode::Backspace => {
                let at = self.at(text);
                if let Some((start, _)) = text[..at].grapheme_indices(true).next_back() {
                    text.replace_range(start..at, "");
                }
            }
            KeyCode::Delete => {
                let at = self.at(text);
                if let Some(letter) = text[at..].graphemes(true).next() {
                    text.replace_range(at..at + letter.len(), "");
                    self.after -= 1;
                }
            }
            KeyCode::Char('u') if control => {
                let at = self.at(text);
                text.replace_range(..at, "");
            }
            KeyCode::Char(c) if !control => self.insert(text, c.encode_utf8(&mut [0; 4])),
            _ => return false,
        }
        true
    }

    /// Whether the cursor stands after the last letter, where completion adds to the text.
    pub fn at_end(&self) -> bool {
        self.after == 0
    }

    /// Inserts `inserted` at the cursor, which stays after it.
    pub fn insert(&mut self, text: &mut String, inserted: &str) {
        let at = self.at(text);
        text.insert_str(at, inserted);
    }

    /// The byte where the cursor stands in `text`.
    fn at(&self, text: &str) -> usize {
        match self.after {
            0 => text.len(),
            after => text.grapheme_indices(true).rev().nth(after - 1).map_or(0, |(at, _)| at),
        }
    }

    /// `text` before and after the cursor, as shown in `width` cells with the cursor's own
    /// cell between them: when it is too long, the part before gives way to `…` at its start
    /// and the part after at its end, so that the cursor and what is around it stay in view.
    pub fn shown(&self, text: &str, width: usize) -> (String, String) {
        let at = self.at(text);
        let (before, after) = text.split_at(at);
        let room = width.saturating_sub(1);
        if text.width() <= room {
            return (before.to_string(), after.to_string());
        }
        // What follows the cursor gets at most a third of the room, and never more than it needs.
        let after_room = after.width().min(room / 3);
        let before = fit_keeping_end(before, room - after_room, usize::MAX).into_owned();
        let after = fit(after, room - before.width()).into_owned();
        (before, after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn control(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// `keys` typed into `start`, the cursor at its end: the text, with `|` where the cursor is.
    fn typed(start: &str, keys: &[KeyEvent]) -> String {
        let (mut text, mut cursor) = (start.to_string(), LineCursor::default());
        for &key in keys {
            cursor.edit(&mut text, key);
        }
        let at = cursor.at(&text);
        format!("{}|{}", &text[..at], &text[at..])
    }

    #[test]
    fn the_cursor_moves_and_edits_where_it_stands() {
        let left = key(KeyCode::Left);
        assert_eq!(typed("~/grades.csv", &[left, left, left, left, key(KeyCode::Char('2'))]), "~/grades2|.csv");
        assert_eq!(typed("~/grades.csv", &[key(KeyCode::Home), key(KeyCode::Delete)]), "|/grades.csv");
        assert_eq!(
            typed("~/grades.csv", &[control('a'), key(KeyCode::Right), key(KeyCode::Backspace)]),
            "|/grades.csv"
        );
        assert_eq!(typed("/tmp/old/all.pdf", &[left, left, left, left, left, left, left, control('u')]), "|all.pdf");
        assert_eq!(typed("abc", &[key(KeyCode::Home), left, key(KeyCode::Backspace)]), "|abc", "nothing before");
        assert_eq!(typed("abc", &[key(KeyCode::Right), key(KeyCode::Delete)]), "abc|", "nothing after");
        assert_eq!(typed("abc", &[key(KeyCode::Home), control('e'), key(KeyCode::Char('d'))]), "abcd|");
        // A letter with its marks is one step, and goes whole: हिन्दी is हि and न्दी.
        assert_eq!(typed("हिन्दी", &[left, key(KeyCode::Backspace)]), "|न्दी");
        assert_eq!(typed("हिन्दी", &[left, key(KeyCode::Delete)]), "हि|");
    }

    #[test]
    fn a_long_line_keeps_the_cursor_in_view() {
        let text = "/home/staff/exports/middle-earth-101/final/all-certificates.pdf";
        let at_end = LineCursor::default();
        let (before, after) = at_end.shown(text, 20);
        assert_eq!((before.as_str(), after.as_str()), ("…l-certificates.pdf", ""));
        let in_middle = LineCursor { after: "final/all-certificates.pdf".len() };
        let (before, after) = in_middle.shown(text, 21);
        assert_eq!(
            (before.width() + 1 + after.width(), before.as_str(), after.as_str()),
            (21, "…le-earth-101/", "final…")
        );
        let (before, after) = in_middle.shown("short", 21);
        assert_eq!((before.as_str(), after.as_str()), ("", "short"), "the cursor clamped to the start");
    }
}
