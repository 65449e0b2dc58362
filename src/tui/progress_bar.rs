//! The bar of the progress dialog: the part done filled, a count centred on it.
//!
//! Drawn here rather than with ratatui's `Gauge`, which treats the cell just after its label as
//! part of the label: once the bar passed the count, that cell showed as a gap in the bar
//! (`██13000/21035 ███`), the count looking one cell off centre.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::text::fit;
use super::theme::Theme;

pub struct ProgressBar<'a> {
    /// Done out of the whole, 0 to 1.
    pub ratio: f64,
    pub label: &'a str,
    pub theme: Theme,
}

impl Widget for ProgressBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        // The whole bar in one style: the filled part as full blocks, the label in reverse
        // over it so that it reads on both parts.
        let style = match self.theme.color {
            true => Style::new().fg(Color::White).bg(Color::Blue),
            false => Style::new(),
        };
        let width = usize::from(area.width);
        let filled = ((width as f64) * self.ratio.clamp(0.0, 1.0)).round() as usize;
        for offset in 0..area.width {
            let symbol = if usize::from(offset) < filled { ratatui::symbols::block::FULL } else { " " };
            for y in area.top()..area.bottom() {
                buf[(area.x + offset, y)].set_symbol(symbol).set_style(style);
            }
        }
        let label = fit(self.label, width);
        let mut column = (width - label.width().min(width)) / 2;
        let row = area.top() + area.height / 2;
        for c in label.chars() {
            let on_fill = column < filled;
            let text = c.to_string();
            let char_style = if on_fill { style.reversed() } else { style };
            buf.set_stringn(area.x + column as u16, row, &text, width - column, char_style);
            column += text.width();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bar's row as text: `█` filled, the label, spaces for what is left to do.
    #[track_caller]
    fn drawn(done: usize, total: usize, width: u16) -> String {
        let area = Rect::new(0, 0, width, 1);
        let mut buf = Buffer::empty(area);
        let label = format!("{done}/{total}");
        ProgressBar { ratio: done as f64 / total as f64, label: &label, theme: Theme::plain() }.render(area, &mut buf);
        (0..width).map(|x| buf[(x, 0)].symbol().to_string()).collect()
    }

    #[test]
    fn the_bar_runs_through_the_count_without_a_gap() {
        // 15000 of 21035 fill 41 of 58 cells; the count takes cells 23 to 33.
        let expected = format!("{}15000/21035{}{}", "█".repeat(23), "█".repeat(7), " ".repeat(17));
        assert_eq!(drawn(15000, 21035, 58), expected);
        assert_eq!(drawn(0, 21035, 58), format!("{}0/21035{}", " ".repeat(25), " ".repeat(26)));
        assert_eq!(drawn(21035, 21035, 58), format!("{}21035/21035{}", "█".repeat(23), "█".repeat(24)));
    }

    #[test]
    fn the_count_is_reversed_where_it_lies_on_the_filled_part() {
        let area = Rect::new(0, 0, 20, 1);
        let mut buf = Buffer::empty(area);
        // Half of 20 cells: the count `5/10` takes cells 8 to 11, the bar ends before cell 10.
        ProgressBar { ratio: 0.5, label: "5/10", theme: Theme::plain() }.render(area, &mut buf);
        let reversed = |x: u16| buf[(x, 0)].modifier.contains(ratatui::style::Modifier::REVERSED);
        assert_eq!((8..12).map(reversed).collect::<Vec<_>>(), [true, true, false, false]);
    }
}
