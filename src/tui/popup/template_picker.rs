//! The template a mode prints with, picked from the saved templates: no name to mistype.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{Handled, draw_box};
use crate::domain::Mode;
use crate::ops::TemplateSummary;
use crate::tui::action::Action;
use crate::tui::theme::Theme;

pub struct TemplatePicker {
    mode: Mode,
    /// (name, newest revision) of every saved template.
    templates: Vec<(String, u32)>,
    selected: usize,
    /// The template the mode prints with now.
    current: String,
}

/// Rows of names shown at once.
const PAGE: usize = 10;

impl TemplatePicker {
    /// Starts on the template `mode` prints with now, `current`.
    pub fn new(mode: Mode, templates: &[TemplateSummary], current: &str) -> TemplatePicker {
        let templates: Vec<(String, u32)> = templates.iter().map(|t| (t.name.clone(), t.latest)).collect();
        let selected = templates.iter().position(|(name, _)| name == current).unwrap_or(0);
        TemplatePicker { mode, templates, selected, current: current.to_string() }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        let last = self.templates.len().saturating_sub(1);
        self.selected = match key.code {
            // Back to the settings it was opened from.
            KeyCode::Esc | KeyCode::Char('q') => return Handled::Action(Action::OpenSettings),
            KeyCode::Enter => return self.choose(),
            KeyCode::Up | KeyCode::Char('k') => self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => (self.selected + 1).min(last),
            KeyCode::PageUp => self.selected.saturating_sub(PAGE),
            KeyCode::PageDown => (self.selected + PAGE).min(last),
            KeyCode::Home | KeyCode::Char('g') => 0,
            KeyCode::End | KeyCode::Char('G') => last,
            _ => self.selected,
        };
        Handled::Consumed
    }

    fn choose(&self) -> Handled {
        let Some((name, _)) = self.templates.get(self.selected) else { return Handled::Consumed };
        Handled::Action(Action::AssignTemplate(self.mode, name.clone()))
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let rows = self.templates.len().clamp(1, PAGE) as u16;
        let title = format!("Template for {} certificates", self.mode);
        let inner = draw_box(area, buf, 78, rows + 4, &title, theme);
        let [list, _, hint] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1), Constraint::Length(1)]).areas(inner);
        let height = usize::from(list.height).max(1);
        // The selection stays in view, as far down as it can.
        let first = self.selected.saturating_sub(height - 1);
        for (row, (index, (name, revision))) in self.templates.iter().enumerate().skip(first).take(height).enumerate() {
            let marker = if *name == self.current { "● " } else { "  " };
            let style = if index == self.selected { theme.selection() } else { Style::new() };
            // The revision first: a name of 64 letters then still ends inside the box.
            let line = Line::from(vec![
                Span::raw(marker),
                Span::styled(format!("rev {revision:<3} "), theme.hint()),
                Span::raw(name.as_str()),
            ])
            .style(style);
            line.render(Rect { y: list.y + row as u16, height: 1, ..list }, buf);
        }
        if self.templates.is_empty() {
            let none = "No template is saved: open one in the templates tab and save it (Ctrl-S).";
            Line::styled(none, theme.hint()).render(Rect { height: 1, ..list }, buf);
        }
        // The marker's legend at the left, under the list it explains; the keys where every
        // dialog has them.
        const LEGEND: &str = "● prints now";
        Line::styled(LEGEND, theme.hint()).render(hint, buf);
        let beside = LEGEND.chars().count() as u16 + 2;
        let keys = Rect { x: hint.x + beside, width: hint.width.saturating_sub(beside), ..hint };
        super::keys_row("j/k ↑/↓ choose · Enter use it · Esc back", keys, buf, theme);
    }
}
