//! Undo and redo in the template editor by what a person did, not by keystroke: a word typed
//! with the space after it, a run of Backspaces or Deletes, a line break, a paste. The text
//! area's own history records every key on its own, and an edit that replaces a selection as
//! two, so the editor keeps the text as it was before each step instead.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, DataCursor, TextArea};

/// Steps kept: far more than anyone undoes, and each is one copy of a template's text.
const KEPT: usize = 500;

/// What an edit was, for deciding whether it continues the step before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditKind {
    /// A letter, digit or mark typed.
    Letter,
    /// A space typed: it ends the word it follows, and goes with it.
    Space,
    Backspace,
    Delete,
    /// Anything else that changes the text (a line break, a tab, a paste, a cut): a step of its own.
    Other,
}

impl EditKind {
    pub fn of(key: &KeyEvent) -> EditKind {
        if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
            return EditKind::Other;
        }
        match key.code {
            KeyCode::Char(c) if c.is_whitespace() => EditKind::Space,
            KeyCode::Char(_) => EditKind::Letter,
            KeyCode::Backspace => EditKind::Backspace,
            KeyCode::Delete => EditKind::Delete,
            _ => EditKind::Other,
        }
    }

    /// Whether an edit of this kind, right after one of `before`, belongs to the same step.
    fn continues(self, before: EditKind) -> bool {
        matches!(
            (before, self),
            (EditKind::Letter, EditKind::Letter | EditKind::Space)
                | (EditKind::Space, EditKind::Space)
                | (EditKind::Backspace, EditKind::Backspace)
                | (EditKind::Delete, EditKind::Delete)
        )
    }
}

/// The text and cursor before a step.
#[derive(Debug, Clone)]
struct State {
    lines: Vec<String>,
    cursor: (usize, usize),
}

impl State {
    fn of(textarea: &TextArea) -> State {
        let DataCursor(row, col) = textarea.cursor();
        State { lines: textarea.lines().to_vec(), cursor: (row, col) }
    }

    fn restore(self, textarea: &mut TextArea) {
        super::editor_text::keeping_yank(textarea, |textarea| textarea.clear());
        textarea.insert_str(self.lines.join("\n"));
        let (row, col) = self.cursor;
        let clamp = |value: usize| u16::try_from(value).unwrap_or(u16::MAX);
        textarea.move_cursor(CursorMove::Jump(clamp(row), clamp(col)));
    }
}

/// The steps done and undone, and the kind of the last edit while its step is still open.
#[derive(Debug, Default)]
pub struct Undo {
    done: Vec<State>,
    undone: Vec<State>,
    open: Option<EditKind>,
}

impl Undo {
    /// Makes `textarea` keep no history of its own: this one replaces it.
    pub fn take_over(textarea: &mut TextArea) -> Undo {
        textarea.set_max_histories(0);
        Undo::default()
    }

    /// The state to keep should the next edit change the text; call before every key that may
    /// edit, and give it back to `edited` or `not_edited`.
    pub fn before(textarea: &TextArea) -> Before {
        Before(State::of(textarea))
    }

    /// An edit of `kind` changed the text from `before`.
    pub fn edited(&mut self, before: Before, kind: EditKind) {
        let continues = self.open.is_some_and(|open| kind.continues(open));
        if !continues {
            if self.done.len() == KEPT {
                self.done.remove(0);
            }
            self.done.push(before.0);
        }
        self.undone.clear();
        self.open = Some(kind);
    }

    /// A key that changed nothing (a cursor move): the next edit starts a step of its own.
    pub fn not_edited(&mut self) {
        self.open = None;
    }

    /// Takes the last step back; false when there is none.
    pub fn undo(&mut self, textarea: &mut TextArea) -> bool {
        self.open = None;
        swap_in(&mut self.done, &mut self.undone, textarea)
    }

    /// Does the last step undone again; false when there is none.
    pub fn redo(&mut self, textarea: &mut TextArea) -> bool {
        self.open = None;
        swap_in(&mut self.undone, &mut self.done, textarea)
    }
}

/// Puts the last state of `from` into `textarea`, keeping what it replaces on `to`.
fn swap_in(from: &mut Vec<State>, to: &mut Vec<State>, textarea: &mut TextArea) -> bool {
    let Some(state) = from.pop() else { return false };
    to.push(State::of(textarea));
    state.restore(textarea);
    true
}

/// The text as it was before a key, kept until the key's effect is known.
pub struct Before(State);

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(undo: &mut Undo, textarea: &mut TextArea, text: &str) {
        for c in text.chars() {
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            let before = Undo::before(textarea);
            textarea.insert_char(c);
            undo.edited(before, EditKind::of(&key));
        }
    }

    #[test]
    fn words_are_undone_one_at_a_time_and_redone() {
        let mut textarea = TextArea::from(["x"]);
        textarea.move_cursor(CursorMove::End);
        let mut undo = Undo::take_over(&mut textarea);
        typed(&mut undo, &mut textarea, " abc def");
        assert!(undo.undo(&mut textarea));
        assert_eq!(textarea.lines(), ["x abc "]);
        assert!(undo.undo(&mut textarea));
        assert_eq!(textarea.lines(), ["x "]);
        assert!(undo.undo(&mut textarea));
        assert_eq!(textarea.lines(), ["x"]);
        assert!(!undo.undo(&mut textarea), "nothing more to undo");
        assert!(undo.redo(&mut textarea) && undo.redo(&mut textarea));
        assert_eq!(textarea.lines(), ["x abc "]);
        assert_eq!(textarea.cursor(), DataCursor(0, 6), "the cursor where the step left it");
        // A new edit after an undo drops what was undone.
        typed(&mut undo, &mut textarea, "z");
        assert!(!undo.redo(&mut textarea));
        assert_eq!(textarea.lines(), ["x abc z"]);
    }

    #[test]
    fn a_cursor_move_ends_a_step() {
        let mut textarea = TextArea::default();
        let mut undo = Undo::take_over(&mut textarea);
        typed(&mut undo, &mut textarea, "ab");
        undo.not_edited();
        typed(&mut undo, &mut textarea, "cd");
        assert!(undo.undo(&mut textarea));
        assert_eq!(textarea.lines(), ["ab"]);
    }
}
