//! The course's certificate settings, with a key to change each.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{Handled, draw_box, inner_width};
use crate::domain::Mode;
use crate::tui::action::Action;
use crate::tui::text::{wrap, wrap_hanging, wrap_hanging_after};
use crate::tui::theme::Theme;

/// How wide the dialog is asked to be, borders included.
const WIDTH: u16 = 76;

/// The cells before a setting's value: its key and its name.
const LEAD: usize = 2 + 19;

/// A snapshot of the settings shown; the app reopens it after each change.
pub struct SettingsPopup {
    pub course: String,
    pub threshold: String,
    pub issuance: String,
    pub self_generation: bool,
    pub blocker: Option<String>,
    /// Whose names cannot be printed (`UnprintableNames::warning`): self-generation refuses
    /// them alone.
    pub unprintable: Option<String>,
    pub verify_url: String,
    pub honor_template: String,
    pub verified_template: String,
    /// Rows scrolled past, on a screen too short for the whole dialog.
    pub scroll: u16,
    /// How far the last drawing could scroll.
    pub scroll_limit: Cell<u16>,
}

impl SettingsPopup {
    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('s') => Handled::Action(Action::ClosePopup),
            KeyCode::Char('t') => Handled::Action(Action::AskThreshold),
            KeyCode::Char('u') => Handled::Action(Action::AskVerifyUrl),
            KeyCode::Char('p') => Handled::Action(Action::ToggleIssuance),
            KeyCode::Char('o') => Handled::Action(Action::AskSelfGeneration),
            KeyCode::Char('1') => Handled::Action(Action::AskTemplate(Mode::Honor)),
            KeyCode::Char('2') => Handled::Action(Action::AskTemplate(Mode::Verified)),
            KeyCode::Down | KeyCode::Char('j') => {
                self.scroll = (self.scroll + 1).min(self.scroll_limit.get());
                Handled::Consumed
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.scroll = self.scroll.saturating_sub(1);
                Handled::Consumed
            }
            _ => Handled::Consumed,
        }
    }

    /// The dialog's text wrapped to `width` cells, every row of it: a setting's value goes on
    /// under where it starts, why self-generation is blocked under its own text.
    fn lines(&self, width: usize, theme: Theme) -> Vec<Line<'static>> {
        let row = |key: &str, name: &str, value: &str| setting(key, name, value, width, theme);
        let mut lines = Vec::new();
        lines.extend(row("t", "pass threshold", &self.threshold));
        lines.extend(row("p", "issuance policy", &format!("{} (p switches final/threshold)", self.issuance)));
        lines.extend(row("o", "self-generation", if self.self_generation { "on" } else { "off" }));
        if let Some(blocker) = &self.blocker {
            let lead = if self.self_generation { "the examples no longer vouch for it" } else { "cannot be turned on" };
            // Wrapped under its own text, not back at the box's edge among the settings.
            let text = format!("  {lead}: {blocker}");
            lines.extend(wrap_hanging(&text, width).into_iter().map(|line| Line::styled(line, theme.warning())));
        }
        if let Some(unprintable) = &self.unprintable {
            let text = if self.self_generation { format!("  but {unprintable}") } else { format!("  {unprintable}") };
            lines.extend(wrap_hanging(&text, width).into_iter().map(|line| Line::styled(line, theme.warning())));
        }
        lines.extend(row("1", "honor template", &self.honor_template));
        lines.extend(row("2", "verified template", &self.verified_template));
        lines.extend(row("u", "verify URL", &format!("{}<code>", self.verify_url)));
        lines.push(Line::raw(""));
        let hint = "Threshold and policy hold until the course folder is imported again.";
        lines.extend(wrap(hint, width).into_iter().map(|line| Line::styled(line, theme.hint())));
        lines
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let title = format!("Settings of {}", self.course);
        let lines = self.lines(usize::from(inner_width(area, WIDTH)), theme);
        let rows = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        // The text, the keys' row and the borders: as tall as the text, within the screen.
        let inner = draw_box(area, buf, WIDTH, rows.saturating_add(3), &title, theme);
        let [body, keys] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        let limit = rows.saturating_sub(body.height);
        self.scroll_limit.set(limit);
        Paragraph::new(lines).scroll((self.scroll.min(limit), 0)).render(body, buf);
        let more = if limit > 0 { "j/k scroll · " } else { "" };
        super::keys_row(&format!("{more}Esc close"), keys, buf, theme);
    }
}

/// One setting's rows: its key, its name and its value, which goes on under where it starts.
fn setting(key: &str, name: &str, value: &str, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let parts = wrap_hanging_after(LEAD, value, width);
    let mut lines = Vec::new();
    for (index, part) in parts.into_iter().enumerate() {
        let mut spans = if index == 0 {
            // The key in the first column, as the note at the end starts there too.
            vec![Span::styled(format!("{key:<1} "), theme.key()), Span::raw(format!("{name:<18} "))]
        } else {
            Vec::new()
        };
        spans.push(Span::styled(part, theme.title()));
        lines.push(Line::from(spans));
    }
    lines
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyModifiers;

    use super::*;

    fn settings(blocker: &str) -> SettingsPopup {
        SettingsPopup {
            course: "middle-earth-101".into(),
            threshold: "80.0%".into(),
            issuance: "final".into(),
            self_generation: false,
            blocker: Some(blocker.into()),
            unprintable: None,
            verify_url: "https://certificates.example.org/verify/".into(),
            honor_template: "honor@1".into(),
            verified_template: "verified@1".into(),
            scroll: 0,
            scroll_limit: Cell::new(0),
        }
    }

    /// A blocker as long as a failed example's makes it: the template's error is quoted whole.
    const LONG: &str = "the example certificate 'longest name' failed (layout: the text at line 12, column 5 \
        does not fit its box even at the smallest size the template allows, 6 pt, on 3 lines; give the box \
        more room or allow a smaller size); fix the template and make them on the certificates tab (x, then g) \
        again";

    /// The screen's rows at `width` x `height` with the dialog open.
    fn screen(popup: &SettingsPopup, width: u16, height: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        popup.render(area, &mut buf, Theme::plain());
        (0..height).map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect()).collect()
    }

    /// The words inside the box, in order.
    fn words(rows: &[String]) -> String {
        let inside = rows.iter().filter_map(|row| row.split('│').nth(1));
        inside.flat_map(str::split_whitespace).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn a_long_reason_is_shown_whole_and_the_box_is_as_tall_as_its_text() {
        let popup = settings(LONG);
        for (width, height) in [(80, 24), (120, 40)] {
            let rows = screen(&popup, width, height);
            let text = words(&rows);
            assert!(
                text.contains(&LONG.split_whitespace().collect::<Vec<_>>().join(" ")),
                "{width}x{height}:\n{}",
                rows.join("\n")
            );
            assert!(text.contains("2 verified template verified@1"), "the settings after it stay: {text}");
            assert!(text.ends_with("imported again. Esc close"), "{text}");
            // No blank rows left over: the keys sit on the last row inside the border.
            let bottom = rows.iter().position(|row| row.contains('╰')).unwrap_or(0);
            assert!(rows[bottom - 1].contains("Esc close"), "{}", rows.join("\n"));
            assert_eq!(popup.scroll_limit.get(), 0, "nothing to scroll at {width}x{height}");
        }
    }

    #[test]
    fn the_note_starts_in_the_column_of_the_keys_above_it() {
        let rows = screen(&settings("no example certificates yet"), 80, 24);
        let column = |text: &str| {
            let row = rows.iter().find(|row| row.contains(text)).unwrap_or_else(|| panic!("{text}: {rows:#?}"));
            row[..row.find(text).unwrap_or(0)].chars().count()
        };
        let key = column("t pass threshold");
        assert_eq!(column("Threshold and policy hold"), key, "{rows:#?}");
        // Why self-generation is blocked starts under the settings' names.
        assert_eq!(column("cannot be turned on"), column("pass threshold"), "{rows:#?}");
    }

    #[test]
    fn on_a_short_screen_the_text_scrolls_to_its_last_row() {
        let mut popup = settings(LONG);
        let rows = screen(&popup, 80, 12);
        assert!(rows.iter().any(|row| row.contains("j/k scroll · Esc close")), "{}", rows.join("\n"));
        assert!(!words(&rows).contains("imported again"), "the end is below");
        for _ in 0..30 {
            popup.handle_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
            screen(&popup, 80, 12);
        }
        let text = words(&screen(&popup, 80, 12));
        assert!(text.contains("imported again. j/k scroll · Esc close"), "{text}");
    }
}
