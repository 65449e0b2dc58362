//! The confirmation dialog: says exactly what will happen, and hands back the wrapped
//! action only when the user agrees (for the worst ones, by typing the course id).

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::{Handled, draw_box};
use crate::tui::action::Action;
use crate::tui::line_edit::LineCursor;
use crate::tui::theme::Theme;

pub struct ConfirmDialog {
    pub title: String,
    pub lines: Vec<String>,
    pub action: Action,
    /// The text the user must type to confirm, and what they typed so far.
    pub typed: Option<(String, String)>,
    /// Where the typing goes in it.
    cursor: LineCursor,
    mismatch: bool,
    /// Only `y` confirms, not Enter (`losing_edits`); and whether Enter was pressed anyway.
    y_only: bool,
    enter_refused: bool,
    /// The first wrapped line shown, when there are more than the screen holds.
    scroll: u16,
    /// How far the last drawing could scroll: what wrapping left beyond the box.
    scroll_limit: Cell<u16>,
}

impl ConfirmDialog {
    pub fn new(title: impl Into<String>, lines: Vec<String>, action: Action) -> ConfirmDialog {
        ConfirmDialog {
            title: title.into(),
            lines,
            action,
            typed: None,
            cursor: LineCursor::default(),
            mismatch: false,
            y_only: false,
            enter_refused: false,
            scroll: 0,
            scroll_limit: Cell::new(0),
        }
    }

    /// Requires typing `text` before Enter confirms.
    pub fn typing(mut self, text: impl Into<String>) -> ConfirmDialog {
        self.typed = Some((text.into(), String::new()));
        self
    }

    /// Only `y` confirms: for a question that throws typed text away, which appears while
    /// staff are typing, where an Enter meant as a line break must not answer it.
    pub fn losing_edits(mut self) -> ConfirmDialog {
        self.y_only = true;
        self
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        // Arrows and pages scroll a question taller than the screen; j and k too, unless they
        // are being typed.
        let limit = self.scroll_limit.get();
        let scrolled = match key.code {
            KeyCode::Down => Some(self.scroll.saturating_add(1)),
            KeyCode::Char('j') if self.typed.is_none() => Some(self.scroll.saturating_add(1)),
            KeyCode::Up => Some(self.scroll.saturating_sub(1)),
            KeyCode::Char('k') if self.typed.is_none() => Some(self.scroll.saturating_sub(1)),
            KeyCode::PageDown => Some(self.scroll.saturating_add(10)),
            KeyCode::PageUp => Some(self.scroll.saturating_sub(10)),
            _ => None,
        };
        if let Some(scrolled) = scrolled {
            self.scroll = scrolled.min(limit);
            return Handled::Consumed;
        }
        if let Some((required, input)) = &mut self.typed {
            return match key.code {
                KeyCode::Esc => Handled::Action(Action::ClosePopup),
                KeyCode::Enter if input == required => Handled::Action(self.action.clone()),
                KeyCode::Enter => {
                    self.mismatch = true;
                    Handled::Consumed
                }
                // The keys of every prompt's line: a field cleared with Ctrl-U got a `u`.
                _ => {
                    if self.cursor.edit(input, key) {
                        self.mismatch = false;
                    }
                    Handled::Consumed
                }
            };
        }
        match key.code {
            KeyCode::Enter if self.y_only => {
                self.enter_refused = true;
                Handled::Consumed
            }
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
                self.cursor.insert(input, text.trim());
                Handled::Consumed
            }
            None => Handled::Ignored,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let longest = self.lines.iter().map(|line| UnicodeWidthStr::width(line.as_str())).max();
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
        let limit = text_height.saturating_sub(body.height);
        self.scroll_limit.set(limit);
        let scroll = self.scroll.min(limit);
        Paragraph::new(lines).scroll((scroll, 0)).render(body, buf);
        let answer = match &self.typed {
            Some((required, typed)) => {
                let asked = format!("Type {required} to confirm: ");
                let room = usize::from(input.width).saturating_sub(UnicodeWidthStr::width(asked.as_str()));
                let (before, after) = self.cursor.shown(typed, room);
                let prompt = Line::from(vec![Span::raw(asked), Span::styled(format!("{before}▏{after}"), theme.key())]);
                prompt.render(Rect { height: 1, ..input }, buf);
                if self.mismatch {
                    let below = Rect { y: input.y + 1, height: 1, ..input };
                    Line::styled(format!("That is not {required}."), theme.error()).render(below, buf);
                }
                "Enter confirm · Esc cancel"
            }
            None if self.y_only => {
                if self.enter_refused {
                    let note = "Enter does not answer: y throws them away, n keeps them.";
                    Line::styled(note, theme.error()).render(Rect { height: 1, ..input }, buf);
                }
                "y throw away · n/Esc keep editing"
            }
            None => "y/Enter confirm · n/Esc cancel",
        };
        let hint = match (limit, self.typed.is_some()) {
            (0, _) => answer.to_string(),
            (_, true) => format!("↑/↓ scroll · {answer}"),
            (_, false) => format!("j/k scroll · {answer}"),
        };
        super::keys_row(&hint, keys, buf, theme);
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
        let skip = format!("  skip 26 not eligible: below threshold ({} and 20 more)", names.join(", "));
        let lines = vec!["Generate certificates for middle-earth-101? Dry run:".to_string(), skip];
        let dialog = ConfirmDialog::new("Generate certificates", lines, Action::Generate);
        for (width, height) in [(80, 24), (120, 40)] {
            let rows = screen(&dialog, width, height);
            let text: Vec<&str> =
                rows.iter().filter_map(|row| row.split('│').nth(1)).filter(|text| !text.trim().is_empty()).collect();
            assert!(text[1].starts_with("   skip 26"), "{width}x{height}: {rows:#?}");
            let wrapped = &text[2..text.len() - 1];
            assert!(wrapped.len() > 1, "{width}x{height}: {rows:#?}");
            assert!(
                wrapped.iter().all(|row| row.starts_with("     l") || row.starts_with("     ...")),
                "{width}x{height}: {rows:#?}"
            );
            assert!(text[text.len() - 2].contains("20 more)"), "all of it shows: {rows:#?}");
        }
    }

    #[test]
    fn a_question_taller_than_the_screen_scrolls_to_its_last_line() {
        let lines: Vec<String> = (1..=40).map(|n| format!("line {n}")).collect();
        let mut dialog = ConfirmDialog::new("Import middle-earth-101?", lines, Action::Generate);
        let shown = |dialog: &ConfirmDialog| -> Vec<String> {
            let rows = screen(dialog, 80, 24);
            rows.iter().filter_map(|row| row.split('│').nth(1)).map(|text| text.trim().to_string()).collect()
        };
        let first = shown(&dialog);
        assert_eq!(first[0], "line 1");
        assert!(!first.iter().any(|text| text == "line 40"));
        assert!(first.iter().any(|text| text.starts_with("j/k scroll · y/Enter confirm")), "{first:#?}");
        dialog.handle_key(KeyEvent::from(KeyCode::Char('j')));
        assert_eq!(shown(&dialog)[0], "line 2");
        for _ in 0..5 {
            dialog.handle_key(KeyEvent::from(KeyCode::PageDown));
        }
        let last = shown(&dialog);
        assert!(last.iter().any(|text| text == "line 40"), "{last:#?}");
        // At the end it goes no further: one step up shows the line before the first shown.
        let top = last[0].clone();
        dialog.handle_key(KeyEvent::from(KeyCode::Up));
        let before: u32 = top.trim_start_matches("line ").parse().expect("a line number");
        assert_eq!(shown(&dialog)[0], format!("line {}", before - 1));
        // Scrolling does not answer; y still does.
        assert!(matches!(dialog.handle_key(KeyEvent::from(KeyCode::Char('y'))), Handled::Action(Action::Generate)));
    }

    #[test]
    fn a_question_that_loses_edits_is_not_answered_by_enter() {
        let lines = vec!["The template gold has unsaved edits; they will be lost.".to_string()];
        let mut dialog = ConfirmDialog::new("Quit without saving?", lines, Action::QuitDiscarding).losing_edits();
        assert!(screen(&dialog, 80, 24).iter().any(|row| row.contains("y throw away · n/Esc keep editing")));
        assert!(matches!(dialog.handle_key(KeyEvent::from(KeyCode::Enter)), Handled::Consumed));
        assert!(
            screen(&dialog, 80, 24)
                .iter()
                .any(|row| row.contains("Enter does not answer: y throws them away, n keeps them.")),
            "{:#?}",
            screen(&dialog, 80, 24)
        );
        assert!(matches!(
            dialog.handle_key(KeyEvent::from(KeyCode::Char('y'))),
            Handled::Action(Action::QuitDiscarding)
        ));
        // Any other question still takes Enter for yes.
        let mut plain = ConfirmDialog::new("Generate", vec!["Generate 3 certificates?".to_string()], Action::Generate);
        assert!(matches!(plain.handle_key(KeyEvent::from(KeyCode::Enter)), Handled::Action(Action::Generate)));
    }

    #[test]
    fn a_question_that_fits_does_not_offer_to_scroll() {
        let dialog = ConfirmDialog::new("Generate", vec!["Generate 3 certificates?".to_string()], Action::Generate);
        let rows = screen(&dialog, 80, 24);
        assert!(rows.iter().any(|row| row.contains("y/Enter confirm · n/Esc cancel")));
        assert!(!rows.iter().any(|row| row.contains("scroll")));
    }

    #[test]
    fn the_text_to_type_is_edited_with_the_keys_of_every_prompt() {
        use ratatui::crossterm::event::KeyModifiers;
        let mut dialog = ConfirmDialog::new("Delete all", vec!["Delete?".into()], Action::Generate).typing("me-101");
        let mut press = |code: KeyCode| dialog.handle_key(KeyEvent::from(code));
        for c in "middle".chars() {
            press(KeyCode::Char(c));
        }
        assert!(matches!(press(KeyCode::Enter), Handled::Consumed), "not the id");
        let control = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        dialog.handle_key(control('u'));
        for c in "e-101".chars() {
            dialog.handle_key(KeyEvent::from(KeyCode::Char(c)));
        }
        dialog.handle_key(control('a'));
        dialog.handle_key(KeyEvent::from(KeyCode::Char('m')));
        assert_eq!(dialog.typed.as_ref().map(|(_, typed)| typed.as_str()), Some("me-101"));
        assert!(screen(&dialog, 80, 24).iter().any(|row| row.contains("Type me-101 to confirm: m▏e-101")));
        assert!(matches!(dialog.handle_key(KeyEvent::from(KeyCode::Enter)), Handled::Action(Action::Generate)));
    }
}
