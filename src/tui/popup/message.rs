//! A read-only text dialog: help, results, a learner's progress. Scrolls with j/k.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{Handled, draw_box};
use crate::tui::action::Action;
use crate::tui::theme::Theme;

pub struct MessageDialog {
    pub title: String,
    pub lines: Vec<Line<'static>>,
    scroll: u16,
    /// Wider dialogs for tables of text (help, progress).
    wide: bool,
}

impl MessageDialog {
    pub fn new(title: impl Into<String>, lines: Vec<Line<'static>>) -> MessageDialog {
        MessageDialog { title: title.into(), lines, scroll: 0, wide: false }
    }

    pub fn wide(mut self) -> MessageDialog {
        self.wide = true;
        self
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        let last = self.lines.len().saturating_sub(1) as u16;
        match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') | KeyCode::Char('?') => {
                Handled::Action(Action::ClosePopup)
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.scroll = (self.scroll + 1).min(last);
                Handled::Consumed
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.scroll = self.scroll.saturating_sub(1);
                Handled::Consumed
            }
            KeyCode::PageDown => {
                self.scroll = (self.scroll + 10).min(last);
                Handled::Consumed
            }
            KeyCode::PageUp => {
                self.scroll = self.scroll.saturating_sub(10);
                Handled::Consumed
            }
            KeyCode::Char('g') | KeyCode::Home => {
                self.scroll = 0;
                Handled::Consumed
            }
            _ => Handled::Consumed,
        }
    }

    /// The lines wrapped to `width`, as `text::wrap_hanging_after` wraps a line's last span
    /// after the others: a help line goes on under its description, not under its key, and
    /// an indented line (a list of learners under a heading) under its own text, not at the
    /// box's left edge.
    fn wrapped(&self, width: usize) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        for line in &self.lines {
            let Some((last, lead)) = line.spans.split_last() else {
                out.push(line.clone());
                continue;
            };
            let lead_width = lead.iter().map(Span::width).sum();
            let parts = crate::tui::text::wrap_hanging_after(lead_width, &last.content, width);
            for (index, part) in parts.into_iter().enumerate() {
                let mut spans = if index == 0 { lead.to_vec() } else { Vec::new() };
                spans.push(Span::styled(part, last.style));
                out.push(Line { spans, style: line.style, alignment: line.alignment });
            }
        }
        out
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let width = (if self.wide { 100 } else { 72 }).min(area.width.saturating_sub(2));
        let lines = self.wrapped(usize::from(super::inner_width(area, width)));
        // The text, a blank row, and the keys, within the borders.
        let height = u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_add(4);
        let inner = draw_box(area, buf, width, height, &self.title, theme);
        let [body, hint] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Fill(1),
            ratatui::layout::Constraint::Length(1),
        ])
        .areas(inner);
        let shown = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        // Wrapped already; the paragraph's own wrap only keeps a label wider than a very
        // narrow box in view.
        Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((self.scroll, 0)).render(body, buf);
        let more = if shown > body.height { "j/k scroll · " } else { "" };
        Line::styled(format!("{more}Esc close"), theme.hint()).right_aligned().render(hint, buf);
    }
}
