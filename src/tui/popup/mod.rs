//! Popups and dialogs drawn over the pane. The open popup sees every key first (after
//! Ctrl-C) and says whether it consumed it or what it asks for.

mod confirm;
mod conflicts;
mod courses;
mod draft;
mod import;
mod import_wording;
mod message;
mod overrule;
mod preview;
mod prompt;
mod settings;
mod template_picker;

pub use confirm::ConfirmDialog;
pub use conflicts::ConflictChoice;
pub use courses::CourseSwitcher;
pub use draft::DraftQuestion;
pub use import::ImportForm;
pub use import_wording::{DialogWording, problem_lines as import_problem_lines};
pub use message::MessageDialog;
pub use preview::{PreviewPopup, centred_at_top, draw_half_blocks, picture_rect, picture_room};
pub use prompt::{Prompt, PromptKind};
pub use settings::SettingsPopup;
pub use template_picker::TemplatePicker;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::action::Action;
use super::theme::Theme;

/// What a popup did with a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Handled {
    /// Not for this popup: the next handler may take it.
    Ignored,
    /// Taken, with nothing more to do.
    Consumed,
    Action(Action),
}

pub enum Popup {
    Help(MessageDialog),
    Message(MessageDialog),
    Confirm(ConfirmDialog),
    Prompt(Prompt),
    Courses(CourseSwitcher),
    Settings(SettingsPopup),
    Preview(PreviewPopup),
    Import(ImportForm),
    Conflicts(ConflictChoice),
    Templates(TemplatePicker),
    Draft(DraftQuestion),
}

impl Popup {
    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        match self {
            Popup::Help(dialog) | Popup::Message(dialog) => dialog.handle_key(key),
            Popup::Confirm(dialog) => dialog.handle_key(key),
            Popup::Prompt(prompt) => prompt.handle_key(key),
            Popup::Courses(switcher) => switcher.handle_key(key),
            Popup::Settings(settings) => settings.handle_key(key),
            Popup::Preview(preview) => preview.handle_key(key),
            Popup::Import(form) => form.handle_key(key),
            Popup::Conflicts(choice) => choice.handle_key(key),
            Popup::Templates(picker) => picker.handle_key(key),
            Popup::Draft(question) => question.handle_key(key),
        }
    }

    /// Bracketed paste: text goes to whatever takes typing.
    pub fn paste(&mut self, text: &str) -> Handled {
        match self {
            Popup::Prompt(prompt) => prompt.paste(text),
            Popup::Confirm(dialog) => dialog.paste(text),
            Popup::Courses(switcher) => switcher.paste(text),
            Popup::Import(form) => form.paste(text),
            Popup::Help(_)
            | Popup::Message(_)
            | Popup::Settings(_)
            | Popup::Preview(_)
            | Popup::Conflicts(_)
            | Popup::Templates(_)
            | Popup::Draft(_) => Handled::Ignored,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        match self {
            Popup::Help(dialog) | Popup::Message(dialog) => dialog.render(area, buf, theme),
            Popup::Confirm(dialog) => dialog.render(area, buf, theme),
            Popup::Prompt(prompt) => prompt.render(area, buf, theme),
            Popup::Courses(switcher) => switcher.render(area, buf, theme),
            Popup::Settings(settings) => settings.render(area, buf, theme),
            Popup::Preview(preview) => preview.render(area, buf, theme),
            Popup::Import(form) => form.render(area, buf, theme),
            Popup::Conflicts(choice) => choice.render(area, buf, theme),
            Popup::Templates(picker) => picker.render(area, buf, theme),
            Popup::Draft(question) => question.render(area, buf, theme),
        }
    }
}

/// The blank cells between a dialog's border and its text, left and right: a list's marker
/// or a key letter in the first column touched the border (`│● rev 1`, `│Filter:`).
pub const MARGIN: u16 = 1;

/// A box of `width` x `height` (at most the screen less a margin) centred in `area`,
/// cleared, with a titled border; returns the inside less `MARGIN` on the left and right,
/// where the dialog's text goes.
pub fn draw_box(area: Rect, buf: &mut Buffer, width: u16, height: u16, title: &str, theme: Theme) -> Rect {
    let inside = draw_frame(area, buf, width, height, title, theme);
    Rect { x: inside.x + MARGIN, width: inside.width.saturating_sub(2 * MARGIN), ..inside }
}

/// As `draw_box`, but returns the whole inside of the border: for a picture, which has its
/// own white margin and needs every cell (`picture_room` counts on it).
pub fn draw_frame(area: Rect, buf: &mut Buffer, width: u16, height: u16, title: &str, theme: Theme) -> Rect {
    let width = box_width(area, width);
    let height = height.min(area.height.saturating_sub(2)).max(area.height.min(3));
    let rect = area.centered(Constraint::Length(width), Constraint::Length(height));
    clear(rect, buf);
    // Between the corners, with a blank each side: a longer title (a learner's 120-character
    // name over a preview) ends in `…`, where the border cut it silently.
    let title = crate::tui::text::fit(title, usize::from(width.saturating_sub(4)));
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border())
        .title(Line::styled(format!(" {title} "), theme.title()));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// The most cells a letter left of a dialog can take: a CJK ideograph two, a cluster of an
/// Indic script with its marks a few more.
const WIDEST_LETTER: u16 = 8;

/// Clears `rect`, and blanks each letter left of it that runs into it (`张`, a Tamil syllable
/// of two cells): the terminal would draw its second half over the dialog's border, and
/// ratatui, counting the cell covered by the letter, would never send the border there.
fn clear(rect: Rect, buf: &mut Buffer) {
    Clear.render(rect, buf);
    let room = rect.x.saturating_sub(buf.area.x).min(WIDEST_LETTER);
    for y in rect.top()..rect.bottom() {
        for back in 1..=room {
            if let Some(cell) = buf.cell_mut((rect.x - back, y))
                && cell.symbol().width() > usize::from(back)
            {
                cell.set_symbol(" ");
            }
        }
    }
}

/// How wide `draw_box` makes a box asked to be `width` wide in `area`, borders included.
fn box_width(area: Rect, width: u16) -> u16 {
    width.min(area.width.saturating_sub(2)).max(area.width.min(20))
}

/// Fills a dialog's `inner` area: `lines` wrapped above, and its `keys` hint right-aligned on
/// the last row.
pub fn body_and_keys(lines: Vec<Line<'_>>, keys: &str, inner: Rect, buf: &mut Buffer, theme: Theme) {
    let body = Rect { height: inner.height.saturating_sub(1), ..inner };
    Paragraph::new(lines).wrap(Wrap { trim: false }).render(body, buf);
    keys_row(keys, inner, buf, theme);
}

/// A dialog's keys, right-aligned on the last row of its `inner` area, as every dialog puts
/// them: the settings, the course switcher, the template picker and the prompts put theirs at
/// the left, the help and every question at the right.
pub fn keys_row(keys: &str, inner: Rect, buf: &mut Buffer, theme: Theme) {
    let row = Rect { y: inner.bottom().saturating_sub(1), height: 1, ..inner };
    Line::styled(keys_within(keys, usize::from(row.width)), theme.hint()).right_aligned().render(row, buf);
}

/// A hint of keys (`Tab next field · Enter import · … · Esc cancel`) in `width` cells: the keys
/// that answer the dialog (`Enter` or `y`, `Esc` or `n`) stay longest, the others give way from
/// the right, and one `…` before the last key shown says that some went (`?` lists them). A
/// right-aligned line too wide lost its start, the first key cut in the middle (`d · Enter
/// import`); keeping the first and the last key lost `y/Enter confirm` from a confirmation.
pub fn keys_within(keys: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    const BETWEEN: &str = " · ";
    let items: Vec<&str> = keys.split(BETWEEN).collect();
    let answers = |item: &str| ["Enter", "y/", "Esc", "n/"].iter().any(|key| item.starts_with(key));
    // The order they give way in: the others from the right, then the answers from the right.
    let mut order: Vec<usize> = (0..items.len()).rev().collect();
    order.sort_by_key(|&index| answers(items[index]));
    let mut shown = vec![true; items.len()];
    let mut joined = keys.to_string();
    for dropped in order {
        if joined.width() <= width || shown.iter().filter(|kept| **kept).count() < 2 {
            break;
        }
        shown[dropped] = false;
        let mut kept: Vec<&str> = items.iter().zip(&shown).filter(|(_, kept)| **kept).map(|(item, _)| *item).collect();
        let at = if kept.len() == 1 { 1 } else { kept.len() - 1 };
        kept.insert(at, "…");
        joined = kept.join(BETWEEN);
    }
    crate::tui::text::fit(&joined, width).into_owned()
}

/// The width inside the borders of a box `draw_box` makes `width` wide in `area`: what its
/// text wraps to.
pub fn inner_width(area: Rect, width: u16) -> u16 {
    box_width(area, width).saturating_sub(2 + 2 * MARGIN)
}

/// How many lines `lines` take when word-wrapped to `width`, as the dialogs wrap them.
pub fn wrapped_height(lines: &[String], width: u16) -> u16 {
    let rows: usize = lines.iter().map(|line| crate::tui::text::wrap(line, usize::from(width)).len().max(1)).sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The top border of a box titled `title`, 40 cells wide.
    fn top_border(title: &str) -> String {
        let area = Rect::new(0, 0, 42, 10);
        let mut buf = Buffer::empty(area);
        draw_box(area, &mut buf, 40, 5, title, Theme::plain());
        let rows = (0..10).map(|y| (0..42).map(|x| buf[(x, y)].symbol()).collect::<String>());
        rows.map(|row| row.trim().to_string()).find(|row| row.starts_with('╭')).unwrap_or_default()
    }

    #[test]
    fn a_hint_too_wide_keeps_the_keys_that_answer_the_dialog() {
        let keys = "Tab next field · Enter import · Ctrl-D draft course.toml · Esc cancel";
        assert_eq!(keys_within(keys, 80), keys);
        assert_eq!(keys_within(keys, 56), "Tab next field · Enter import · … · Esc cancel");
        assert_eq!(keys_within(keys, 40), "Enter import · … · Esc cancel");
        assert_eq!(keys_within(keys, 20), "Enter import · …");
        assert_eq!(keys_within("Esc close", 40), "Esc close");
        let confirm = "j/k scroll · y/Enter confirm · n/Esc cancel";
        assert_eq!(keys_within(confirm, 34), "y/Enter confirm · … · n/Esc cancel");
        assert_eq!(keys_within(confirm, 20), "y/Enter confirm · …");
    }

    #[test]
    fn a_dialogs_text_keeps_a_blank_cell_from_each_side_of_its_border() {
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        let inner = draw_box(area, &mut buf, 40, 5, "Box", Theme::plain());
        Paragraph::new("x".repeat(200)).wrap(Wrap { trim: false }).render(inner, &mut buf);
        let row: String = (0..80).map(|x| buf[(x, inner.y)].symbol()).collect();
        assert_eq!(row.trim(), format!("│ {} │", "x".repeat(36)), "{row:?}");
    }

    /// What the terminal is sent when a box opens over rows whose wide letters (an ideograph,
    /// a Tamil syllable) end where its left border goes: every border cell, and each letter
    /// cut by it blanked rather than drawn over the border.
    #[test]
    fn a_wide_letter_under_a_dialogs_edge_leaves_its_border_whole() {
        let area = Rect::new(0, 0, 42, 7);
        let mut under = Buffer::empty(area);
        // The box is 40 wide in 42: its left border is at column 1.
        under.set_string(0, 2, "张三", ratatui::style::Style::default());
        under.set_string(0, 3, "மு", ratatui::style::Style::default());
        under.set_string(0, 4, "ab", ratatui::style::Style::default());
        let mut over = under.clone();
        draw_box(area, &mut over, 40, 5, "Box", Theme::plain());
        let sent = under.diff(&over);
        for y in 1..6 {
            assert!(sent.iter().any(|&(x, at, cell)| (x, at) == (1, y) && "│╭╰".contains(cell.symbol())), "row {y}");
        }
        let first: Vec<&str> = (2..5).map(|y| over[(0, y)].symbol()).collect();
        assert_eq!(first, [" ", " ", "a"]);
    }

    #[test]
    fn a_title_longer_than_its_box_ends_in_an_ellipsis() {
        assert_eq!(top_border("Score of bilbo"), "╭ Score of bilbo ──────────────────────╮");
        let long = "D39B-FNE4-H4A4 · Wolfgang Amadeus Theophilus Chrysostomus";
        assert_eq!(top_border(long), "╭ D39B-FNE4-H4A4 · Wolfgang Amadeus T… ╮");
    }
}
