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

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let width = if self.wide { 100 } else { 72 };
        let texts: Vec<String> = self.lines.iter().map(|line| line.to_string()).collect();
        let height = super::wrapped_height(&texts, width - 4) + 4;
        let inner = draw_box(area, buf, width, height, &self.title, theme);
        let [body, hint] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Fill(1),
            ratatui::layout::Constraint::Length(1),
        ])
        .areas(inner);
        Paragraph::new(self.lines.clone()).wrap(Wrap { trim: false }).scroll((self.scroll, 0)).render(body, buf);
        let more = if self.lines.len() as u16 > body.height { "j/k scroll · " } else { "" };
        Line::styled(format!("{more}Esc close"), theme.hint()).right_aligned().render(hint, buf);
    }
}
