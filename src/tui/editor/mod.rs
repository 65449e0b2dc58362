//! The template editor: ratatui-textarea with its own line numbers, undo (Ctrl-U) and redo
//! (Ctrl-R), pasted text inserted as typed (tabs that indent a line become spaces), a live
//! preview re-rendered shortly after the last keystroke on a worst-case name of the roster
//! (its longest first, F3/F4 the others: `preview_names`; beside the text on a wide terminal,
//! full screen with Ctrl-T), the check's errors with line and column, and the texts that had
//! to shrink or wrap. How it is drawn is in `view`.

mod draft;
mod page;
mod preview_names;
mod view;

#[cfg(test)]
pub use self::draft::DRAFT_EVERY;
pub use self::draft::DraftWrite;

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, Scrolling, TextArea};

use self::draft::DraftClock;
use self::preview_names::PreviewNames;
use self::view::{EditorLayout, inside};
use super::editor_undo::{EditKind, Undo};
use super::graphics::Graphics;
use super::preview::PagePreviewer;
use super::renderer::Picture;
use crate::domain::TemplateRevision;
use crate::ops::Printer;
use crate::render::check::check;
use crate::render::data::RenderData;
use crate::render::layout::{Diagnostic, Severity, TextFit};

/// How long after the last keystroke the preview and the check run again.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// What a key did in the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorKey {
    Consumed,
    Save,
    Leave,
    Help,
}

pub struct TemplateEditor {
    pub name: String,
    /// The revision the text was loaded from.
    pub revision: u32,
    /// When that revision was saved, which a draft of the text keeps: a template deleted and
    /// made again has a revision of the same number saved later.
    pub revision_saved_at: jiff::Timestamp,
    textarea: TextArea<'static>,
    /// Undo and redo by word, run of deletions or paste (the text area's own history is off).
    undo: Undo,
    saved: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Texts of the preview that were set smaller than written or on more lines.
    pub fits: Vec<TextFit>,
    preview: Option<Picture>,
    /// The preview fills the pane instead of the text (Ctrl-T).
    pub full_preview: bool,
    graphics: Graphics,
    preview_error: Option<String>,
    edited_at: Option<Instant>,
    /// Where Ctrl-E goes next, in the order of `problems`.
    next_error: usize,
    /// The problem listed first and whole, in the order of `problems`: the last Ctrl-E went to.
    shown_problem: usize,
    printer: Printer,
    previewer: PagePreviewer,
    roster_names: Vec<String>,
    /// The worst-case names the preview can show, and the one it is to show.
    preview_names: PreviewNames,
    /// Which of `preview_names` the page in view was laid out with: the one chosen, unless
    /// the text has no preview since it was chosen.
    page_name: usize,
    /// An example certificate of the open course: the check and the preview print its title,
    /// dates and signatories (a made-up course's when none is open).
    course: Option<RenderData>,
    preview_size: (u16, u16),
    /// Lines of text in view, the step of PgUp/PgDn (known once the editor is laid out).
    text_rows: u16,
    /// The page of the last check, kept to draw it again at another size.
    page: Option<crate::render::Page>,
    /// When the unsaved text is next written down as a draft.
    draft: DraftClock,
    /// The column a run of ↑/↓/PgUp/PgDn started from, kept across shorter lines.
    goal_col: Option<usize>,
    /// What became of the template in the store since the revision held, said in the title
    /// (`ana saved revision 2 since`): none while that revision is still the newest.
    since: Option<String>,
}

impl TemplateEditor {
    pub fn new(
        base: &TemplateRevision,
        printer: Printer,
        roster_names: Vec<String>,
        course: Option<RenderData>,
        graphics: Graphics,
    ) -> TemplateEditor {
        // The editor draws the line numbers itself: the text area's own scroll sideways with
        // the text when a long line is edited past the right edge.
        let mut textarea = TextArea::from(base.source.lines());
        textarea.set_cursor_line_style(Style::default());
        textarea.set_tab_length(2);
        let undo = Undo::take_over(&mut textarea);
        let previewer =
            PagePreviewer::new(crate::render::Rasterizer::new(printer.fonts.clone(), printer.images.clone()));
        // The roster's worst names, taken once: a re-check then costs the same on a
        // 100,000-learner course as on a small one.
        let roster_names = crate::render::check::roster_worst_cases(&roster_names, &printer.fonts);
        let preview_names = PreviewNames::of(&roster_names, &printer.fonts);
        // The first check and preview run at the first tick, sized to the pane.
        TemplateEditor {
            name: base.name.clone(),
            revision: base.revision,
            revision_saved_at: base.saved_at,
            textarea,
            undo,
            saved: base.source.clone(),
            diagnostics: Vec::new(),
            fits: Vec::new(),
            preview: None,
            full_preview: false,
            graphics,
            preview_error: None,
            edited_at: Some(Instant::now() - DEBOUNCE),
            next_error: 0,
            shown_problem: 0,
            printer,
            previewer,
            roster_names,
            preview_names,
            page_name: 0,
            course,
            preview_size: (60, 20),
            text_rows: 15,
            page: None,
            draft: DraftClock::default(),
            goal_col: None,
            since: None,
        }
    }

    /// Compares the revision held with the store's newest of the template, `None` when it
    /// has none: a colleague's save or deletion shows in the title as soon as it is known,
    /// rather than only at Ctrl-S.
    pub fn newest_is(&mut self, newest: Option<&crate::ops::TemplateSummary>) {
        self.since = match newest {
            None => Some("deleted since you opened it".to_string()),
            Some(newest) if newest.latest == self.revision && newest.saved_at == self.revision_saved_at => None,
            Some(newest) if newest.latest > self.revision => {
                Some(format!("{} saved revision {} since", newest.saved_by, newest.latest))
            }
            Some(newest) => Some(format!("{} made it again since", newest.saved_by)),
        };
    }

    pub fn text(&self) -> String {
        let mut text = self.textarea.lines().join("\n");
        text.push('\n');
        text
    }

    /// Whether the text differs from the revision the editor holds: what leaving would lose.
    /// Typed back to that text, nothing would be.
    pub fn is_modified(&self) -> bool {
        self.text().trim_end() != self.saved.trim_end()
    }

    /// Whether `revision` is the one the editor holds (opened or saved here): its number and
    /// the moment it was saved, since a template deleted and made again numbers its revisions
    /// from 1 again, perhaps with the same text.
    pub fn holds(&self, revision: &TemplateRevision) -> bool {
        revision.name == self.name && revision.revision == self.revision && revision.saved_at == self.revision_saved_at
    }

    /// Whether the text in the editor now is `revision`'s.
    pub fn is_text_of(&self, revision: &TemplateRevision) -> bool {
        self.text().trim_end() == revision.source.trim_end()
    }

    /// Whether `text` is the text of the revision the editor holds.
    pub fn is_the_text_opened(&self, text: &str) -> bool {
        text.trim_end() == self.saved.trim_end()
    }

    pub fn printer(&self) -> &Printer {
        &self.printer
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error)
    }

    /// Marks the current text as saved as `revision`, saved at `saved_at`.
    pub fn saved_as(&mut self, revision: u32, saved_at: jiff::Timestamp) {
        self.saved = self.text();
        self.revision = revision;
        self.revision_saved_at = saved_at;
        self.draft.saved();
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> EditorKey {
        let key = super::editor_text::as_plain_key(key);
        // Any other key ends a run of moves up and down: the next starts from where it is.
        let mut goal = if super::editor_text::is_vertical(&key) { self.goal_col.take() } else { None };
        self.goal_col = None;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        // F3/F4 choose the name the preview shows: the text is not typed into.
        let toggles = matches!(key.code, KeyCode::Esc | KeyCode::F(2..=4)) || (ctrl && key.code == KeyCode::Char('t'));
        if key.code == KeyCode::F(1) {
            return EditorKey::Help;
        }
        if self.full_preview && !toggles && !(ctrl && key.code == KeyCode::Char('s')) {
            // The text is hidden: typing into it unseen would be a surprise.
            return EditorKey::Consumed;
        }
        match key.code {
            KeyCode::Char('s') if ctrl => return EditorKey::Save,
            KeyCode::Char('e') if ctrl => {
                self.jump_to_next_error();
                return EditorKey::Consumed;
            }
            KeyCode::Char('t') if ctrl => {
                self.full_preview = !self.full_preview;
                return EditorKey::Consumed;
            }
            KeyCode::F(2) => {
                self.full_preview = !self.full_preview;
                return EditorKey::Consumed;
            }
            // F3 the next name to preview, F4 the one before.
            KeyCode::F(key @ (3 | 4)) => {
                if key == 3 {
                    self.preview_names.next();
                } else {
                    self.preview_names.back();
                }
                self.preview_chosen_name();
                return EditorKey::Consumed;
            }
            KeyCode::Esc if self.full_preview => {
                self.full_preview = false;
                return EditorKey::Consumed;
            }
            KeyCode::Esc => return EditorKey::Leave,
            // Ctrl-Z too, the undo of most editors staff know: it did nothing here.
            KeyCode::Char('u' | 'z') if ctrl => {
                let changed = self.undo.undo(&mut self.textarea);
                self.edited(changed);
                return EditorKey::Consumed;
            }
            KeyCode::Char('r') if ctrl => {
                let changed = self.undo.redo(&mut self.textarea);
                self.edited(changed);
                return EditorKey::Consumed;
            }
            // Templates are indented with spaces; Shift-Tab does nothing rather than a tab.
            KeyCode::Tab => {
                self.apply(EditKind::Other, |textarea| textarea.insert_str("  "));
                return EditorKey::Consumed;
            }
            KeyCode::BackTab => return EditorKey::Consumed,
            // The text area scrolled a page on Ctrl-V and Alt-V, leaving the cursor where it
            // was: where most editors paste, the text jumped away. PgUp/PgDn move by a page.
            KeyCode::Char('v') if ctrl || key.modifiers.contains(KeyModifiers::ALT) => return EditorKey::Consumed,
            // The text area knows no Ctrl-Home/Ctrl-End: the start and the end of the text. Its
            // own Alt-< and Alt-> kept the column, so they are these keys too.
            KeyCode::Home | KeyCode::End | KeyCode::Char('<' | '>')
                if ctrl && matches!(key.code, KeyCode::Home | KeyCode::End)
                    || key.modifiers.contains(KeyModifiers::ALT) && matches!(key.code, KeyCode::Char(_)) =>
            {
                let to_start = matches!(key.code, KeyCode::Home | KeyCode::Char('<'));
                let (row, col) =
                    if to_start { (CursorMove::Top, CursorMove::Head) } else { (CursorMove::Bottom, CursorMove::End) };
                self.textarea.move_cursor(row);
                self.textarea.move_cursor(col);
                self.undo.not_edited();
                return EditorKey::Consumed;
            }
            _ => {}
        }
        let page_rows = usize::from(self.text_rows.max(1));
        self.apply(EditKind::of(&key), |textarea| {
            super::editor_text::edit_key(textarea, key, page_rows, &mut goal).unwrap_or_else(|| textarea.input(key))
        });
        self.goal_col = goal;
        EditorKey::Consumed
    }

    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let ratatui_textarea::DataCursor(row, col) = self.textarea.cursor();
        let at_indent = self.textarea.lines().get(row).is_none_or(|line| line.chars().take(col).all(|c| c == ' '));
        let text = super::editor_text::indent_with_spaces(&text, at_indent);
        self.apply(EditKind::Other, |textarea| textarea.insert_str(text));
    }

    /// Runs `edit` on the text, keeping what it was for undo when `edit` changes it.
    fn apply(&mut self, kind: EditKind, edit: impl FnOnce(&mut TextArea<'static>) -> bool) {
        let before = Undo::before(&self.textarea);
        let changed = edit(&mut self.textarea);
        if changed {
            self.undo.edited(before, kind);
        } else {
            self.undo.not_edited();
        }
        self.edited(changed);
    }

    fn edited(&mut self, changed: bool) {
        if changed {
            self.edited_at = Some(Instant::now());
            self.draft.edited(Instant::now());
            self.fill_view();
        }
    }

    /// Scrolls up over rows left empty below the last line when the text got shorter (a
    /// long paste undone at the end showed its last line alone, at the top). The cursor stays
    /// where the edit left it: the text area's scroll pulls it into the rows scrolled to, which
    /// put it in the last screenful after a paste at the top was undone; drawn, the view
    /// follows it.
    fn fill_view(&mut self) {
        let (top, _) = self.textarea.scroll_offset();
        let (top, rows, lines) = (usize::from(top), usize::from(self.text_rows), self.textarea.lines().len());
        let empty = (top + rows).saturating_sub(lines).min(top);
        if empty > 0 {
            let ratatui_textarea::DataCursor(row, col) = self.textarea.cursor();
            let up = i16::try_from(empty).unwrap_or(i16::MAX);
            self.textarea.scroll(Scrolling::Delta { rows: -up, cols: 0 });
            let clamp = |value: usize| u16::try_from(value).unwrap_or(u16::MAX);
            self.textarea.move_cursor(CursorMove::Jump(clamp(row), clamp(col)));
        }
    }

    /// Whether a check is waiting for the debounce to pass, or a draft for its time.
    pub fn is_pending(&self) -> bool {
        self.edited_at.is_some() || self.draft.is_waiting()
    }

    /// Runs the check and the preview once the debounce has passed, and draws the preview
    /// again when its room changed; true if anything was done. `pane` is where the editor is drawn.
    pub fn tick(&mut self, now: Instant, pane: Rect) -> bool {
        let layout = EditorLayout::of(pane, self.full_preview);
        if let Some(editor) = layout.editor {
            self.text_rows = inside(editor).1;
        }
        let room = layout.preview.map_or((0, 0), inside);
        let resized = room != self.preview_size;
        self.preview_size = room;
        match self.edited_at {
            Some(at) if now.duration_since(at) >= DEBOUNCE => {
                self.refresh();
                true
            }
            _ if resized => {
                self.draw_preview();
                true
            }
            _ => false,
        }
    }

    /// Checks the text on worst-case data and redraws the preview now.
    pub fn refresh(&mut self) {
        self.edited_at = None;
        let source = self.text();
        let courses: Vec<RenderData> = self.course.iter().cloned().collect();
        self.diagnostics = check(&source, &self.roster_names, &courses, &self.printer.fonts, &self.printer.images);
        self.next_error = 0;
        self.shown_problem = 0;
        self.preview_text(&source);
    }

    /// The problems in the order they are listed and visited: errors first, each kind by line.
    fn problems(&self) -> Vec<&Diagnostic> {
        let mut problems: Vec<&Diagnostic> = self.diagnostics.iter().collect();
        problems.sort_by_key(|diagnostic| diagnostic.severity != Severity::Error);
        problems
    }

    /// Shows the next problem first and whole in the list, and moves the cursor to it when it
    /// has a place in the text (a problem of the whole template has none).
    fn jump_to_next_error(&mut self) {
        let problems = self.problems();
        let Some(index) = (!problems.is_empty()).then(|| self.next_error % problems.len()) else { return };
        let diagnostic = problems[index];
        if diagnostic.line > 0 {
            let row = u16::try_from(diagnostic.line.saturating_sub(1)).unwrap_or(u16::MAX);
            let col = u16::try_from(diagnostic.col.saturating_sub(1)).unwrap_or(u16::MAX);
            self.textarea.move_cursor(CursorMove::Jump(row, col));
        }
        self.shown_problem = index;
        self.next_error = index + 1;
    }
}
