//! When the editor's unsaved text is written down as a draft: a few seconds after an edit
//! (however fast the typing goes on), and at once when certdesk is ended under it. Writing is
//! the app's job (it holds the store); this only says what is due.

use std::time::{Duration, Instant};

use ratatui_textarea::CursorMove;

use super::TemplateEditor;
use crate::tui::editor_undo::EditKind;

/// How long after the first edit not yet in the draft it is written: what a `kill -9` can lose.
pub const DRAFT_EVERY: Duration = Duration::from_secs(2);

/// What the draft kept in the database should become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftWrite {
    /// The text now, in place of the one kept.
    Keep(String),
    /// No draft: the text is the saved revision's again.
    Drop,
}

#[derive(Debug, Default)]
pub struct DraftClock {
    /// The text the database holds as this editor's draft, if it holds one.
    kept: Option<String>,
    /// When the edits not yet in the draft are to be written.
    due: Option<Instant>,
    /// The text changed since the app last took it for a hung-up terminal's ending.
    unpublished: bool,
    /// The kept draft was restored here: it stays in the database, though undone back to the
    /// saved text, until it is saved or thrown away on purpose.
    restored: bool,
}

impl DraftClock {
    /// A clock for an editor whose draft in the database, if any, holds `kept`.
    pub fn new(kept: Option<String>) -> DraftClock {
        DraftClock { kept, due: None, unpublished: true, restored: false }
    }

    /// A clock for an editor that restored the draft `kept` the database holds.
    pub fn restored(kept: String) -> DraftClock {
        DraftClock { restored: true, ..DraftClock::new(Some(kept)) }
    }

    /// The text changed at `now`: it is written by `DRAFT_EVERY` from the first such change.
    pub fn edited(&mut self, now: Instant) {
        self.due.get_or_insert(now + DRAFT_EVERY);
        self.unpublished = true;
    }

    /// Whether the text or what it is saved as changed since this was last asked.
    pub fn take_unpublished(&mut self) -> bool {
        std::mem::take(&mut self.unpublished)
    }

    /// The text was saved: what the app took of it is no longer unsaved.
    pub fn saved(&mut self) {
        self.unpublished = true;
    }

    /// Whether a write is waiting for its time.
    pub fn is_waiting(&self) -> bool {
        self.due.is_some()
    }

    /// What to write once its time has come; `text` is the editor's text, `modified` whether
    /// it differs from the saved revision.
    pub fn due(&mut self, now: Instant, text: &str, modified: bool) -> Option<DraftWrite> {
        if self.due.is_none_or(|due| now < due) {
            return None;
        }
        self.due = None;
        self.now(text, modified)
    }

    /// What to write now (the app is ending): nothing when the database already holds it.
    pub fn now(&self, text: &str, modified: bool) -> Option<DraftWrite> {
        match (&self.kept, modified) {
            (Some(kept), true) if kept == text => None,
            (_, true) => Some(DraftWrite::Keep(text.to_string())),
            (Some(_), false) if !self.restored => Some(DraftWrite::Drop),
            (_, false) => None,
        }
    }

    /// `write` is in the database now.
    pub fn written(&mut self, write: &DraftWrite) {
        self.kept = match write {
            DraftWrite::Keep(text) => Some(text.clone()),
            DraftWrite::Drop => None,
        };
        self.restored &= self.kept.is_some();
    }

    /// Whether the database holds a draft of this editor's.
    pub fn is_kept(&self) -> bool {
        self.kept.is_some()
    }

    /// Whether the database holds a restored draft only a save or a throw-away removes.
    pub fn holds_restored(&self) -> bool {
        self.restored && self.kept.is_some()
    }
}

/// The editor's side of its draft: the text to write, and a draft's text put back.
impl TemplateEditor {
    /// Puts a draft's text in place of the revision's, as a step Ctrl-U takes back; the
    /// database holds it as this editor's draft.
    pub fn restore_draft(&mut self, text: &str) {
        let lines = text.strip_suffix('\n').unwrap_or(text).to_string();
        self.apply(EditKind::Other, |textarea| {
            crate::tui::editor_text::keeping_yank(textarea, |textarea| textarea.clear());
            textarea.insert_str(lines);
            textarea.move_cursor(CursorMove::Top);
            textarea.move_cursor(CursorMove::Head);
            true
        });
        self.draft = DraftClock::restored(self.text());
    }

    /// The draft write whose time has come (a few seconds after an edit).
    pub fn due_draft(&mut self, now: Instant) -> Option<DraftWrite> {
        let (text, modified) = (self.text(), self.is_modified());
        self.draft.due(now, &text, modified)
    }

    /// The draft write the text needs now, as certdesk ends under it.
    pub fn draft_now(&self) -> Option<DraftWrite> {
        self.draft.now(&self.text(), self.is_modified())
    }

    pub fn draft_written(&mut self, write: &DraftWrite) {
        self.draft.written(write);
    }

    /// Whether the text, or what it is saved as, changed since this was last asked.
    pub fn take_unpublished(&mut self) -> bool {
        self.draft.take_unpublished()
    }

    /// Whether the database holds a draft this editor wrote or restored.
    pub fn has_draft(&self) -> bool {
        self.draft.is_kept()
    }

    /// Whether a draft restored here is still kept though its edits were undone: leaving
    /// would throw away what Ctrl-R puts back.
    pub fn undid_restored_draft(&self) -> bool {
        self.draft.holds_restored() && !self.is_modified()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restored_draft_undone_to_the_saved_text_stays_kept_until_thrown_away() {
        let start = Instant::now();
        let mut clock = DraftClock::restored("draft".into());
        clock.edited(start);
        assert_eq!(clock.due(start + DRAFT_EVERY, "saved", false), None, "undone: still kept");
        assert_eq!(clock.now("saved", false), None);
        assert!(clock.holds_restored());
        clock.written(&DraftWrite::Drop);
        assert!(!clock.holds_restored() && !clock.is_kept());
        // A clock of typed edits drops its draft once they are undone.
        let mut typed = DraftClock::new(Some("typed".into()));
        assert_eq!(typed.now("saved", false), Some(DraftWrite::Drop));
        typed.written(&DraftWrite::Drop);
        assert!(!typed.holds_restored());
    }

    #[test]
    fn typing_writes_the_draft_every_few_seconds_and_only_what_changed() {
        let start = Instant::now();
        let mut clock = DraftClock::new(None);
        assert_eq!(clock.due(start + DRAFT_EVERY * 10, "text", true), None, "nothing edited, nothing due");
        clock.edited(start);
        // Typing on does not put the write off: it comes DRAFT_EVERY after the first key.
        clock.edited(start + DRAFT_EVERY / 2);
        assert!(clock.is_waiting());
        assert_eq!(clock.due(start + DRAFT_EVERY / 2, "tex", true), None);
        let write = clock.due(start + DRAFT_EVERY, "text", true);
        assert_eq!(write, Some(DraftWrite::Keep("text".into())));
        clock.written(&DraftWrite::Keep("text".into()));
        assert!(!clock.is_waiting() && clock.is_kept());
        // Kept already: ending now writes nothing; an edit back to the saved text drops it.
        assert_eq!(clock.now("text", true), None);
        clock.edited(start + DRAFT_EVERY * 3);
        assert_eq!(clock.due(start + DRAFT_EVERY * 4, "saved", false), Some(DraftWrite::Drop));
        clock.written(&DraftWrite::Drop);
        assert_eq!(clock.now("saved", false), None);
        assert_eq!(clock.now("more", true), Some(DraftWrite::Keep("more".into())));
    }
}
