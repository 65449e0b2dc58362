//! A certificate drawn in the terminal: as a picture where the terminal shows pictures (the
//! event loop sends it over the cells this popup leaves blank), else with half-blocks.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::{Handled, draw_frame};
use crate::domain::Code;
use crate::tui::action::Action;
use crate::tui::renderer::{HalfBlocks, Picture, Subject};
use crate::tui::theme::Theme;

pub struct PreviewPopup {
    pub title: String,
    pub picture: Picture,
    /// What is shown, to draw it again at a new size.
    pub subject: Subject,
    /// A graphics protocol draws the picture; the popup leaves its cells blank.
    pub as_picture: bool,
    /// The certificate shown, when it is an issued one (its PDF can be written).
    pub code: Option<Code>,
    /// `COLORTERM` says the terminal takes 24-bit colour.
    pub truecolor: bool,
}

impl PreviewPopup {
    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        match (key.code, self.code) {
            (KeyCode::Char('w'), Some(code)) => Handled::Action(Action::AskWritePdf(code)),
            (KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter | KeyCode::Char('v'), _) => {
                Handled::Action(Action::ClosePopup)
            }
            _ => Handled::Consumed,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let inner = draw_frame(area, buf, area.width, area.height, &self.title, theme);
        let [image, hint] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        if !self.as_picture {
            draw_half_blocks(&self.picture.blocks, image, buf, self.truecolor);
        }
        let keys = if self.code.is_some() { "w write PDF · Esc close" } else { "Esc close" };
        // The picture takes the whole inside; its keys keep the margin every dialog's keys have.
        let hint = Rect { width: hint.width.saturating_sub(super::MARGIN), ..hint };
        Line::styled(keys, theme.hint()).right_aligned().render(hint, buf);
    }
}

/// The cells the page may fill in a popup over `area` (the screen).
pub fn picture_room(area: Rect) -> (u16, u16) {
    (area.width.saturating_sub(4), area.height.saturating_sub(5))
}

/// Where the picture goes in the popup over `area`: centred at the top of the room.
pub fn picture_rect(area: Rect, picture: &Picture) -> Rect {
    let (width, height) = picture_room(area);
    let room = Rect { x: area.x + 2, y: area.y + 2, width, height };
    centred_at_top(room, picture.cols, picture.rows)
}

/// A `cols` x `rows` rectangle centred horizontally at the top of `area`, clipped to it.
pub fn centred_at_top(area: Rect, cols: u16, rows: u16) -> Rect {
    let width = cols.min(area.width);
    Rect { x: area.x + (area.width - width) / 2, y: area.y, width, height: rows.min(area.height) }
}

/// Draws `blocks` centred horizontally at the top of `area`, clipped to it.
pub fn draw_half_blocks(blocks: &HalfBlocks, area: Rect, buf: &mut Buffer, truecolor: bool) {
    let color = |[r, g, b]: [u8; 3]| if truecolor { Color::Rgb(r, g, b) } else { Color::Indexed(cube_index(r, g, b)) };
    let left = area.x + area.width.saturating_sub(blocks.width_cells) / 2;
    for y in 0..blocks.height_cells.min(area.height) {
        for x in 0..blocks.width_cells.min(area.width) {
            let (upper, lower) = blocks.cells[usize::from(y) * usize::from(blocks.width_cells) + usize::from(x)];
            if let Some(cell) = buf.cell_mut((left + x, area.y + y)) {
                cell.set_symbol("▀").set_fg(color(upper)).set_bg(color(lower));
            }
        }
    }
}

/// The nearest colour of xterm's 6x6x6 cube (indices 16..=231).
pub fn cube_index(r: u8, g: u8, b: u8) -> u8 {
    let level = |value: u8| -> u8 {
        // The cube's levels are 0, 95, 135, 175, 215, 255.
        if value < 48 {
            0
        } else if value < 115 {
            1
        } else {
            ((u16::from(value) - 35) / 40) as u8
        }
    };
    16 + 36 * level(r) + 6 * level(g) + level(b)
}

#[cfg(test)]
mod tests {
    use super::cube_index;

    #[test]
    fn cube_maps_corners_and_midtones() {
        assert_eq!(cube_index(0, 0, 0), 16);
        assert_eq!(cube_index(255, 255, 255), 231);
        assert_eq!(cube_index(255, 0, 0), 196);
        assert_eq!(cube_index(95, 135, 175), 16 + 36 + 12 + 3);
    }
}
