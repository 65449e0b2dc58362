//! A read-only text dialog: help, results, a learner's progress. Scrolls with j/k.

use std::cell::Cell;

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
    /// How far the last drawing could scroll: the wrapped lines beyond the box.
    scroll_limit: Cell<u16>,
    /// Wider dialogs for tables of text (help, progress).
    wide: bool,
}

impl MessageDialog {
    pub fn new(title: impl Into<String>, lines: Vec<Line<'static>>) -> MessageDialog {
        MessageDialog { title: title.into(), lines, scroll: 0, scroll_limit: Cell::new(0), wide: false }
    }

    pub fn wide(mut self) -> MessageDialog {
        self.wide = true;
        self
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        let last = self.scroll_limit.get();
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
            KeyCode::Char('G') | KeyCode::End => {
                self.scroll = last;
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
        let limit = shown.saturating_sub(body.height);
        self.scroll_limit.set(limit);
        // Wrapped already; the paragraph's own wrap only keeps a label wider than a very
        // narrow box in view.
        Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((self.scroll.min(limit), 0)).render(body, buf);
        let more = if shown > body.height { "j/k scroll · " } else { "" };
        super::keys_row(&format!("{more}Esc close"), hint, buf, theme);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of the dialog's text at 80x24.
    fn shown(dialog: &MessageDialog) -> Vec<String> {
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        dialog.render(area, &mut buf, Theme::plain());
        let rows = (0..24).map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>());
        rows.filter_map(|row| row.split('│').nth(1).map(|text| text.trim().to_string())).collect()
    }

    #[test]
    fn lines_that_wrap_scroll_down_to_the_last_row_and_no_further() {
        // Ten lines of four rows each at 80 columns: forty rows in a box of eighteen.
        let words = |n: usize| format!("line {n}: {}", "word ".repeat(50));
        let lines = (1..=10).map(|n| Line::raw(words(n))).collect();
        let mut dialog = MessageDialog::new("Imported", lines);
        assert!(shown(&dialog)[0].starts_with("line 1:"));
        assert!(!shown(&dialog).iter().any(|row| row.starts_with("line 10:")));
        for _ in 0..5 {
            dialog.handle_key(KeyEvent::from(KeyCode::PageDown));
        }
        let end = shown(&dialog);
        assert!(end.iter().any(|row| row.starts_with("line 10:")), "{end:#?}");
        let last_text = end.iter().rev().find(|row| row.starts_with("word")).cloned();
        dialog.handle_key(KeyEvent::from(KeyCode::Down));
        assert_eq!(shown(&dialog).iter().rev().find(|row| row.starts_with("word")).cloned(), last_text, "no further");
        dialog.handle_key(KeyEvent::from(KeyCode::Home));
        assert!(shown(&dialog)[0].starts_with("line 1:"));
        dialog.handle_key(KeyEvent::from(KeyCode::End));
        assert_eq!(shown(&dialog), end);
    }
}
