//! The template editor: ratatui-textarea with line numbers, undo (Ctrl-U) and redo (Ctrl-R),
//! pasted text inserted as typed, a live preview re-rendered shortly after the last keystroke
//! on the worst-case name of the roster, and the check's errors with line and column.

use std::time::{Duration, Instant};

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};
use ratatui_textarea::{CursorMove, TextArea};

use super::preview::PagePreviewer;
use super::renderer::HalfBlocks;
use crate::ops::Printer;
use crate::render::check::check;
use crate::render::data::RenderData;
use crate::render::layout::{Diagnostic, Renderer, Severity};
use crate::render::template::Template;

/// How long after the last keystroke the preview and the check run again.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// What a key did in the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorKey {
    Consumed,
    Save,
    Leave,
}

pub struct TemplateEditor {
    pub name: String,
    /// The revision the text was loaded from.
    pub revision: u32,
    textarea: TextArea<'static>,
    saved: String,
    pub diagnostics: Vec<Diagnostic>,
    preview: Option<HalfBlocks>,
    preview_error: Option<String>,
    edited_at: Option<Instant>,
    next_error: usize,
    printer: Printer,
    previewer: PagePreviewer,
    roster_names: Vec<String>,
    preview_size: (u16, u16),
}

impl TemplateEditor {
    pub fn new(name: &str, revision: u32, source: &str, printer: Printer, roster_names: Vec<String>) -> TemplateEditor {
        let mut textarea = TextArea::from(source.lines());
        textarea.set_line_number_style(Style::new().fg(Color::DarkGray));
        textarea.set_cursor_line_style(Style::default());
        textarea.set_tab_length(2);
        let previewer =
            PagePreviewer::new(crate::render::Rasterizer::new(printer.fonts.clone(), printer.images.clone()));
        // The first check and preview run at the first tick, sized to the pane.
        TemplateEditor {
            name: name.to_string(),
            revision,
            textarea,
            saved: source.to_string(),
            diagnostics: Vec::new(),
            preview: None,
            preview_error: None,
            edited_at: Some(Instant::now() - DEBOUNCE),
            next_error: 0,
            printer,
            previewer,
            roster_names,
            preview_size: (60, 20),
        }
    }

    pub fn text(&self) -> String {
        let mut text = self.textarea.lines().join("\n");
        text.push('\n');
        text
    }

    pub fn is_modified(&self) -> bool {
        self.text().trim_end() != self.saved.trim_end()
    }

    pub fn printer(&self) -> &Printer {
        &self.printer
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error)
    }

    /// Marks the current text as saved as `revision`.
    pub fn saved_as(&mut self, revision: u32) {
        self.saved = self.text();
        self.revision = revision;
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> EditorKey {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('s') if ctrl => return EditorKey::Save,
            KeyCode::Char('e') if ctrl => {
                self.jump_to_next_error();
                return EditorKey::Consumed;
            }
            KeyCode::Esc => return EditorKey::Leave,
            // Templates are indented with spaces; Shift-Tab does nothing rather than a tab.
            KeyCode::Tab => {
                let changed = self.textarea.insert_str("  ");
                self.edited(changed);
                return EditorKey::Consumed;
            }
            KeyCode::BackTab => return EditorKey::Consumed,
            _ => {}
        }
        let changed = self.textarea.input(key);
        self.edited(changed);
        EditorKey::Consumed
    }

    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let changed = self.textarea.insert_str(text);
        self.edited(changed);
    }

    fn edited(&mut self, changed: bool) {
        if changed {
            self.edited_at = Some(Instant::now());
        }
    }

    /// Whether a check is waiting for the debounce to pass.
    pub fn is_pending(&self) -> bool {
        self.edited_at.is_some()
    }

    /// Runs the check and the preview once the debounce has passed; true if it did. `pane`
    /// is where the editor is drawn, so the preview fits it.
    pub fn tick(&mut self, now: Instant, pane: Rect) -> bool {
        let (_, preview, _) = split(pane);
        self.preview_size = (preview.width.saturating_sub(2).max(8), preview.height.saturating_sub(2).max(4));
        match self.edited_at {
            Some(at) if now.duration_since(at) >= DEBOUNCE => {
                self.refresh();
                true
            }
            _ => false,
        }
    }

    /// Checks the text on worst-case data and redraws the preview now.
    pub fn refresh(&mut self) {
        self.edited_at = None;
        let source = self.text();
        self.diagnostics = check(&source, &self.roster_names, &self.printer.fonts, &self.printer.images);
        self.next_error = 0;
        (self.preview, self.preview_error) = match self.render_preview(&source) {
            Ok(blocks) => (Some(blocks), None),
            Err(error) => (None, Some(error)),
        };
    }

    fn render_preview(&self, source: &str) -> Result<HalfBlocks, String> {
        let template = Template::parse(source).map_err(|errors| format!("no preview: {errors}"))?;
        let renderer = Renderer::new(template, &self.printer.fonts, &self.printer.images).map_err(|e| e.to_string())?;
        let mut data = RenderData::example("verified");
        if let Some(longest) = self.roster_names.iter().max_by_key(|name| name.chars().count()) {
            data.learner.full_name = longest.clone();
        }
        let (page, _) = renderer.render_page(&data).map_err(|error| format!("no preview: {error}"))?;
        let (cols, rows) = self.preview_size;
        self.previewer.half_blocks(&page, cols, rows).map_err(|error| error.to_string())
    }

    fn jump_to_next_error(&mut self) {
        let errors: Vec<&Diagnostic> = self.diagnostics.iter().filter(|d| d.line > 0).collect();
        if let Some(diagnostic) = errors.get(self.next_error % errors.len().max(1)) {
            let row = u16::try_from(diagnostic.line.saturating_sub(1)).unwrap_or(u16::MAX);
            let col = u16::try_from(diagnostic.col.saturating_sub(1)).unwrap_or(u16::MAX);
            self.textarea.move_cursor(CursorMove::Jump(row, col));
            self.next_error += 1;
        }
    }

    /// The editor beside the preview (below it on a narrow terminal), the problems under both.
    pub fn render(&self, area: Rect, buf: &mut Buffer, truecolor: bool) {
        let (editor, preview, problems) = split(area);
        let modified = if self.is_modified() { " (modified)" } else { "" };
        let mut textarea = self.textarea.clone();
        textarea.set_block(Block::bordered().title(format!(" {} revision {}{modified} ", self.name, self.revision)));
        (&textarea).render(editor, buf);

        let block = Block::bordered().title(" preview (worst-case name) ");
        let inner = block.inner(preview);
        block.render(preview, buf);
        match (&self.preview, &self.preview_error) {
            (Some(blocks), _) => super::popup::draw_half_blocks(blocks, inner, buf, truecolor),
            (None, Some(error)) => Paragraph::new(error.as_str()).render(inner, buf),
            (None, None) => {}
        }

        let mut lines: Vec<Line> = self
            .diagnostics
            .iter()
            .take(usize::from(problems.height.saturating_sub(2)))
            .map(|diagnostic| {
                let style = match diagnostic.severity {
                    Severity::Error => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                    Severity::Warning => Style::new().fg(Color::Yellow),
                };
                Line::styled(diagnostic.to_string(), style)
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::raw("no errors"));
        }
        let title = format!(
            " {} problems · Ctrl-S save · Ctrl-E next error · Ctrl-U/Ctrl-R undo/redo · Esc leave ",
            self.diagnostics.len()
        );
        Paragraph::new(lines).block(Block::bordered().title(title)).render(problems, buf);
    }
}

fn split(area: Rect) -> (Rect, Rect, Rect) {
    let problems_height = if area.height < 30 { 4 } else { 6 };
    let [top, problems] = Layout::vertical([Constraint::Min(6), Constraint::Length(problems_height)]).areas(area);
    let [editor, preview] = if area.width >= 110 {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(top)
    } else {
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(top)
    };
    (editor, preview, problems)
}
