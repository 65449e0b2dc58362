//! The question opening a template asks when its user left a draft of it: restore it (`r`),
//! throw it away (`d`), or leave both as they are (`Esc`). Never answered by Enter, which
//! staff about to type may press.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{Handled, body_and_keys, draw_box, wrapped_height};
use crate::tui::action::Action;
use crate::tui::theme::Theme;

pub struct DraftQuestion {
    pub name: String,
    pub title: String,
    pub lines: Vec<String>,
    /// Enter was pressed, which does not answer: said under the question.
    enter_refused: bool,
}

const KEYS: &str = "r restore it · d throw it away · Esc decide later";

impl DraftQuestion {
    pub fn new(name: String, title: String, lines: Vec<String>) -> DraftQuestion {
        DraftQuestion { name, title, lines, enter_refused: false }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        match key.code {
            KeyCode::Char('r') => Handled::Action(Action::RestoreTemplateDraft(self.name.clone())),
            KeyCode::Char('d') => Handled::Action(Action::ThrowTemplateDraftAway(self.name.clone())),
            KeyCode::Esc | KeyCode::Char('q') => Handled::Action(Action::ClosePopup),
            KeyCode::Enter => {
                self.enter_refused = true;
                Handled::Consumed
            }
            _ => Handled::Consumed,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        const WIDTH: u16 = 80;
        let mut text = self.lines.clone();
        if self.enter_refused {
            text.extend([String::new(), "Enter does not answer: r restores the draft, d throws it away.".to_string()]);
        }
        let rows = wrapped_height(&text, super::inner_width(area, WIDTH));
        let inner = draw_box(area, buf, WIDTH, rows + 3, &self.title, theme);
        let refusal = self.enter_refused.then_some(text.len() - 1);
        let lines: Vec<Line> = text
            .into_iter()
            .enumerate()
            .map(
                |(index, line)| {
                    if Some(index) == refusal { Line::styled(line, theme.error()) } else { Line::raw(line) }
                },
            )
            .collect();
        body_and_keys(lines, KEYS, inner, buf, theme);
    }
}
