//! The confirmation dialog: says exactly what will happen, and hands back the wrapped
//! action only when the user agrees (for the worst ones, by typing the course id).

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Handled, draw_box};
use crate::tui::action::Action;
use crate::tui::theme::Theme;

pub struct ConfirmDialog {
    pub title: String,
    pub lines: Vec<String>,
    pub action: Action,
    /// The text the user must type to confirm, and what they typed so far.
    pub typed: Option<(String, String)>,
    mismatch: bool,
}

impl ConfirmDialog {
    pub fn new(title: impl Into<String>, lines: Vec<String>, action: Action) -> ConfirmDialog {
        ConfirmDialog { title: title.into(), lines, action, typed: None, mismatch: false }
    }

    /// Requires typing `text` before Enter confirms.
    pub fn typing(mut self, text: impl Into<String>) -> ConfirmDialog {
        self.typed = Some((text.into(), String::new()));
        self
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        if let Some((required, input)) = &mut self.typed {
            return match key.code {
                KeyCode::Esc => Handled::Action(Action::ClosePopup),
                KeyCode::Enter if input == required => Handled::Action(self.action.clone()),
                KeyCode::Enter => {
                    self.mismatch = true;
                    Handled::Consumed
                }
                KeyCode::Backspace => {
                    input.pop();
                    Handled::Consumed
                }
                KeyCode::Char(c) => {
                    input.push(c);
                    self.mismatch = false;
                    Handled::Consumed
                }
                _ => Handled::Consumed,
            };
        }
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => Handled::Action(self.action.clone()),
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                Handled::Action(Action::ClosePopup)
            }
            _ => Handled::Consumed,
        }
    }

    pub fn paste(&mut self, text: &str) -> Handled {
        match &mut self.typed {
            Some((_, input)) => {
                input.push_str(text.trim());
                Handled::Consumed
            }
            None => Handled::Ignored,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let longest = self.lines.iter().map(|line| unicode_width::UnicodeWidthStr::width(line.as_str())).max();
        let width = (longest.unwrap_or(0) as u16 + 4).clamp(60, 100).min(area.width.saturating_sub(2));
        // Wrapped here, not by the paragraph: an indented line (a list of skipped learners)
        // goes on under its own text, not at the box's left edge.
        let text_width = usize::from(super::inner_width(area, width));
        let lines: Vec<Line> = self
            .lines
            .iter()
            .flat_map(|line| crate::tui::text::wrap_hanging(line, text_width))
            .map(Line::raw)
            .collect();
        let text_height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        let extra = if self.typed.is_some() { 3 } else { 2 };
        let inner = draw_box(area, buf, width, text_height.saturating_add(extra + 2), &self.title, theme);
        let [body, input, keys] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(extra - 1), Constraint::Length(1)]).areas(inner);
        Paragraph::new(lines).render(body, buf);
        let hint = match &self.typed {
            Some((required, typed)) => {
                let prompt = Line::from(vec![
                    Span::raw(format!("Type {required} to confirm: ")),
                    Span::styled(format!("{typed}▏"), theme.key()),
                ]);
                prompt.render(Rect { height: 1, ..input }, buf);
                if self.mismatch {
                    let below = Rect { y: input.y + 1, height: 1, ..input };
                    Line::styled(format!("That is not {required}."), theme.error()).render(below, buf);
                }
                "Enter confirm · Esc cancel"
            }
            None => "y/Enter confirm · n/Esc cancel",
        };
        Line::styled(hint, theme.hint()).right_aligned().render(keys, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dialog's rows as text.
    fn screen(dialog: &ConfirmDialog, width: u16, height: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        dialog.render(area, &mut buf, Theme::plain());
        (0..height).map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect::<String>()).collect()
    }

    #[test]
    fn an_indented_line_wraps_under_its_own_text_at_both_sizes() {
        let names: Vec<String> = (1..=6).map(|n| format!("learner-with-a-long-username-{n}")).collect();
        let skip = format!("  skip 26 not eligible: below threshold ({}, ... 20 more)", names.join(", "));
        let lines = vec!["Generate certificates for middle-earth-101? Dry run:".to_string(), skip];
        let dialog = ConfirmDialog::new("Generate certificates", lines, Action::Generate);
        for (width, height) in [(80, 24), (120, 40)] {
            let rows = screen(&dialog, width, height);
            let text: Vec<&str> =
                rows.iter().filter_map(|row| row.split('│').nth(1)).filter(|text| !text.trim().is_empty()).collect();
            assert!(text[1].starts_with("  skip 26"), "{width}x{height}: {rows:#?}");
            let wrapped = &text[2..text.len() - 1];
            assert!(wrapped.len() > 1, "{width}x{height}: {rows:#?}");
            assert!(
                wrapped.iter().all(|row| row.starts_with("    l") || row.starts_with("    ...")),
                "{width}x{height}: {rows:#?}"
            );
            assert!(text[text.len() - 2].contains("20 more)"), "all of it shows: {rows:#?}");
        }
    }
}
