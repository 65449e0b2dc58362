//! The course's certificate settings, with a key to change each.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{Handled, draw_box};
use crate::domain::Mode;
use crate::tui::action::Action;
use crate::tui::theme::Theme;

/// A snapshot of the settings shown; the app reopens it after each change.
pub struct SettingsPopup {
    pub course: String,
    pub threshold: String,
    pub issuance: String,
    pub self_generation: bool,
    pub blocker: Option<String>,
    pub verify_url: String,
    pub honor_template: String,
    pub verified_template: String,
}

impl SettingsPopup {
    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('s') => Handled::Action(Action::ClosePopup),
            KeyCode::Char('t') => Handled::Action(Action::AskThreshold),
            KeyCode::Char('p') => Handled::Action(Action::ToggleIssuance),
            KeyCode::Char('o') => Handled::Action(Action::AskSelfGeneration),
            KeyCode::Char('1') => Handled::Action(Action::AskTemplate(Mode::Honor)),
            KeyCode::Char('2') => Handled::Action(Action::AskTemplate(Mode::Verified)),
            _ => Handled::Consumed,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let title = format!("Settings of {}", self.course);
        let inner = draw_box(area, buf, 76, 14, &title, theme);
        let row = |key: &'static str, name: &'static str, value: String| {
            Line::from(vec![
                Span::styled(format!("{key:>2} "), theme.key()),
                Span::raw(format!("{name:<18} ")),
                Span::styled(value, theme.title()),
            ])
        };
        let self_generation = if self.self_generation { "on" } else { "off" };
        let mut lines = vec![
            row("t", "pass threshold", self.threshold.clone()),
            row("p", "issuance policy", format!("{} (p switches final/threshold)", self.issuance)),
            row("o", "self-generation", self_generation.to_string()),
        ];
        if let Some(blocker) = &self.blocker {
            let lead = if self.self_generation { "the examples no longer vouch for it" } else { "cannot be turned on" };
            // Wrapped under its own text, not back at the box's edge among the settings.
            let text = format!("   {lead}: {blocker}");
            let wrapped = crate::tui::text::wrap_hanging(&text, usize::from(inner.width));
            lines.extend(wrapped.into_iter().map(|line| Line::styled(line, theme.warning())));
        }
        lines.extend([
            row("1", "honor template", self.honor_template.clone()),
            row("2", "verified template", self.verified_template.clone()),
            row("", "verify URL", format!("{}<code>", self.verify_url)),
            Line::raw(""),
            Line::styled("Threshold and policy hold until the course folder is imported again.", theme.hint()),
            Line::styled("Esc close", theme.hint()),
        ]);
        Paragraph::new(lines).wrap(Wrap { trim: false }).render(inner, buf);
    }
}
