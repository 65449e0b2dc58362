//! The question a re-import asks when scores entered in certdesk differ from the file: keep
//! certdesk's (`c`), take the file's (`f`), or import nothing.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{Handled, body_and_keys, draw_box, wrapped_height};
use crate::import::Keep;
use crate::import::platform::FileImport;
use crate::tui::action::Action;
use crate::tui::theme::Theme;

/// Re-import conflicts: scores entered in certdesk that the file would overwrite or clear.
pub struct ConflictChoice {
    pub request: FileImport,
    pub lines: Vec<String>,
    /// Activities the file no longer has, with scores entered in certdesk: certdesk's side
    /// cannot win for those (the course would have nowhere to keep them), so `c` is not offered.
    removed: Vec<String>,
    /// Why the key just pressed did nothing.
    refusal: Option<String>,
}

impl ConflictChoice {
    pub fn new(request: FileImport, lines: Vec<String>, removed: Vec<String>) -> ConflictChoice {
        ConflictChoice { request, lines, removed, refusal: None }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        let with = |keep| Action::Import(FileImport { keep: Some(keep), ..self.request.clone() });
        match key.code {
            KeyCode::Char('c') if !self.removed.is_empty() => {
                self.refusal = Some(format!(
                    "c cannot keep certdesk's scores: the file no longer has {}, so the course would have nowhere \
                     to keep those. Press f to take the file's side (discarding them), or Esc and put the activity \
                     back in the file.",
                    self.removed.join(", ")
                ));
                Handled::Consumed
            }
            KeyCode::Char('c') => Handled::Action(with(Keep::Certdesk)),
            KeyCode::Char('f') => Handled::Action(with(Keep::File)),
            KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('q') => Handled::Action(Action::ClosePopup),
            _ => Handled::Consumed,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        const INTRO: &str = "Since the last import, these scores were changed in certdesk; the file says otherwise:";
        const WIDTH: u16 = 90;
        let mut text = vec![INTRO.to_string(), String::new()];
        text.extend(self.lines.iter().take(14).cloned());
        if self.lines.len() > 14 {
            text.push(format!("  … and {} more", self.lines.len() - 14));
        }
        let refusal_at = text.len() + 1;
        if let Some(refusal) = &self.refusal {
            text.extend([String::new(), refusal.clone()]);
        }
        // Rows as wrapped, so that a narrow terminal shows the whole sentence and every line.
        let rows = wrapped_height(&text, super::inner_width(area, WIDTH));
        let inner = draw_box(area, buf, WIDTH, rows + 4, "Scores entered in certdesk differ from the file", theme);
        let lines: Vec<Line> = text
            .into_iter()
            .enumerate()
            .map(|(index, line)| if index == refusal_at { Line::styled(line, theme.error()) } else { Line::raw(line) })
            .collect();
        let hint = match self.removed.is_empty() {
            true => "c keep certdesk's scores · f take the file's · Esc import nothing",
            false => "f take the file's (discards those scores) · Esc import nothing",
        };
        body_and_keys(lines, hint, inner, buf, theme);
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use ratatui::crossterm::event::KeyModifiers;

    use super::*;

    #[test]
    fn the_conflict_question_shows_whole_in_a_terminal_of_80_by_24() {
        let request = FileImport { path: PathBuf::from("course"), ..FileImport::default() };
        let choice =
            ConflictChoice::new(request, vec!["  bilbo essay: imported -, certdesk 5, file -".to_string()], Vec::new());
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        choice.render(area, &mut buf, Theme::plain());
        let shown: String = (0..24).map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n").collect();
        assert!(shown.contains("otherwise:"), "the sentence ends on screen:\n{shown}");
        assert!(shown.contains("bilbo essay: imported -, certdesk 5, file -"), "{shown}");
        assert!(shown.contains("Esc import nothing"), "{shown}");

        // Where c cannot work, the key line offers f alone, whole, and c says why.
        let lines = vec!["  aragorn maps: imported 10, certdesk 1, file: no such activity".to_string()];
        let request = FileImport { path: PathBuf::from("course"), ..FileImport::default() };
        let mut choice = ConflictChoice::new(request, lines, vec!["maps".to_string()]);
        choice.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
        let mut buf = Buffer::empty(area);
        choice.render(area, &mut buf, Theme::plain());
        let shown: String = (0..24).map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n").collect();
        assert!(shown.contains(" f take the file's (discards those scores) · Esc import nothing │"), "{shown}");
        assert!(shown.contains("c cannot keep certdesk's scores: the file no longer has maps"), "{shown}");
    }
}
