//! A read-only text dialog: help, results, a learner's progress. Scrolls with j/k.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
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
    /// Lines wrap under their last span, not under the left edge (help: under the description).
    hanging: bool,
}

impl MessageDialog {
    pub fn new(title: impl Into<String>, lines: Vec<Line<'static>>) -> MessageDialog {
        MessageDialog { title: title.into(), lines, scroll: 0, wide: false, hanging: false }
    }

    pub fn wide(mut self) -> MessageDialog {
        self.wide = true;
        self
    }

    /// Wraps each line's last span aligned under where it starts.
    pub fn hanging(mut self) -> MessageDialog {
        self.hanging = true;
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

    /// The lines wrapped to `width`, each line's last span continuing under where it began.
    fn hung(&self, width: u16) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        for line in &self.lines {
            let Some((last, lead)) = line.spans.split_last() else {
                out.push(line.clone());
                continue;
            };
            let indent: usize = lead.iter().map(|span| span.width()).sum();
            let room = usize::from(width).saturating_sub(indent).max(10);
            for (index, part) in crate::tui::text::wrap(&last.content, room).into_iter().enumerate() {
                let mut spans =
                    if index == 0 { lead.to_vec() } else { vec![ratatui::text::Span::raw(" ".repeat(indent))] };
                spans.push(ratatui::text::Span::styled(part, last.style));
                out.push(Line::from(spans));
            }
        }
        out
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let width = (if self.wide { 100 } else { 72 }).min(area.width.saturating_sub(2));
        let lines = if self.hanging { self.hung(width.saturating_sub(2)) } else { self.lines.clone() };
        let texts: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
        let height = super::wrapped_height(&texts, width.saturating_sub(4)) + 4;
        let inner = draw_box(area, buf, width, height, &self.title, theme);
        let [body, hint] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Fill(1),
            ratatui::layout::Constraint::Length(1),
        ])
        .areas(inner);
        let shown = u16::try_from(texts.len()).unwrap_or(u16::MAX);
        Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((self.scroll, 0)).render(body, buf);
        let more = if shown > body.height { "j/k scroll · " } else { "" };
        Line::styled(format!("{more}Esc close"), theme.hint()).right_aligned().render(hint, buf);
    }
}
