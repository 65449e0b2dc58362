//! Names in every script, aligned. ratatui places each grapheme by its unicode-width and writes
//! the cells of a line one after the other, trusting the terminal to advance as far; terminals
//! draw some graphemes narrower or wider (tmux gives Bengali's two-part vowel signs a cell of
//! their own, where unicode-width gives none), and then everything after them on the line moves.
//!
//! So, just before a frame goes out, every run of text that holds such a grapheme becomes one
//! cell that writes the whole run: an erase of the run's cells (ECH, which leaves the cursor),
//! then the text, which the terminal lays out its own way within them. The cell carries the
//! run's width, so ratatui moves the cursor to the next cell after it explicitly, and what
//! follows starts in its own column whatever the terminal made of the text.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use unicode_width::UnicodeWidthStr;

use super::text::is_complex;

/// How many cells after a run a terminal may draw it into: as many as columns set aside for
/// complex text (`text::room`).
const SPILL: u16 = 2;

/// Rewrites each run of complex-script text in `buf` as one cell of the run's width. A run is
/// text of one style up to two blanks in a row, a box-drawing character or another style; its
/// room goes on over the blanks after it, for terminals that draw it wider.
pub fn write_runs_whole(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            if is_gap(buf, x, y) {
                x += 1;
                continue;
            }
            let (end, text, complex) = run(buf, x, y);
            if complex && let Some(width) = NonZeroU16::new(end - x) {
                let cell = &mut buf[(x, y)];
                cell.set_symbol(&format!("\x1b[{width}X{text}"));
                cell.set_diff_option(CellDiffOption::ForcedWidth(width));
                // The cells under the run are the terminal's now: marked, so that whatever is
                // drawn there next differs from them and is written, over what the run left.
                for covered in x + 1..end {
                    buf[(covered, y)].set_diff_option(CellDiffOption::Skip);
                }
                // A terminal that draws the run wider spills it into the cells after its room
                // (a style change or a border ends it there): they are written after it, every
                // frame, over whatever spilled.
                for after in end..end.saturating_add(SPILL).min(area.right()) {
                    if buf[(after, y)].diff_option == CellDiffOption::None {
                        buf[(after, y)].set_diff_option(CellDiffOption::AlwaysUpdate);
                    }
                }
            }
            x = end.max(x + 1);
        }
    }
}

/// Where a cell cannot start a run: blank, a border, or already special.
fn is_gap(buf: &Buffer, x: u16, y: u16) -> bool {
    let cell = &buf[(x, y)];
    cell.symbol().trim().is_empty() || is_border(cell.symbol()) || cell.diff_option != CellDiffOption::None
}

fn is_border(symbol: &str) -> bool {
    symbol.chars().next().is_some_and(|c| ('\u{2500}'..='\u{259F}').contains(&c))
}

/// The run starting at `x`: where its room ends, its text, and whether it is complex.
fn run(buf: &Buffer, start: u16, y: u16) -> (u16, String, bool) {
    let style = buf[(start, y)].style();
    let mut text = String::new();
    let mut blanks = 0u16;
    let mut complex = false;
    let mut x = start;
    while x < buf.area.right() {
        let cell = &buf[(x, y)];
        let symbol = cell.symbol();
        if cell.style() != style || is_border(symbol) || cell.diff_option != CellDiffOption::None {
            break;
        }
        if symbol.trim().is_empty() {
            blanks += 1;
            x += 1;
            continue;
        }
        if blanks >= 2 {
            break;
        }
        text.extend(std::iter::repeat_n(' ', usize::from(blanks)));
        blanks = 0;
        text.push_str(symbol);
        complex |= is_complex(symbol);
        // A wide grapheme's second cell is blank in the buffer and covered on screen.
        x += u16::try_from(symbol.width().max(1)).unwrap_or(1);
    }
    (x.min(buf.area.right()), text, complex)
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    use super::*;

    fn line(buf: &mut Buffer, y: u16, x: u16, text: &str, style: Style) {
        buf.set_stringn(x, y, text, usize::MAX, style);
    }

    #[test]
    fn a_complex_name_is_written_whole_with_its_room_and_the_rest_stays() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 60, 3));
        line(&mut buf, 0, 0, "learner000003", Style::new());
        line(&mut buf, 0, 14, "स्नेहा त्रिपाठी", Style::new());
        line(&mut buf, 0, 40, "verified", Style::new());
        line(&mut buf, 1, 0, "learner000001", Style::new());
        line(&mut buf, 1, 14, "Björn Schäfer", Style::new());
        line(&mut buf, 1, 40, "verified", Style::new());
        let before = buf.clone();
        write_runs_whole(&mut buf);

        // Words one blank apart are one run, so a name's words stay together (the username
        // before it, one column space away, joins it).
        let run = &buf[(0, 0)];
        assert_eq!(
            run.symbol(),
            "\x1b[40Xlearner000003 स्नेहा त्रिपाठी",
            "the erase covers the run and the blanks up to the next column"
        );
        assert_eq!(run.diff_option, CellDiffOption::ForcedWidth(NonZeroU16::new(40).unwrap()));
        assert_eq!(
            buf[(40, 0)].symbol(),
            before[(40, 0)].symbol(),
            "the next column is kept, written where it belongs"
        );
        assert!(
            (40..42).all(|x| buf[(x, 0)].diff_option == CellDiffOption::AlwaysUpdate),
            "and written after the run each frame, over what a wider terminal spilled there"
        );
        assert!((1..40).all(|x| buf[(x, 0)].diff_option == CellDiffOption::Skip), "the run's cells are marked");
        for x in 0..60 {
            assert_eq!(buf[(x, 1)], before[(x, 1)], "a Latin name is left to ratatui");
        }
        // The diff writes the run's cell and jumps past its room.
        let diff = Buffer::empty(buf.area).diff(&buf);
        let row: Vec<u16> = diff.iter().filter(|(_, y, _)| *y == 0).map(|(x, _, _)| *x).collect();
        assert_eq!(row, [0, 40, 41, 42, 43, 44, 45, 46, 47], "the run's cell, then the next column's");
    }

    #[test]
    fn the_cells_after_a_run_are_written_after_it_every_frame() {
        // A name the terminal draws a cell wider than its room, which a style change ends.
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 1));
        line(&mut buf, 0, 0, "කමල් පෙරේරා", Style::new());
        line(&mut buf, 0, 12, "abc", Style::new().reversed());
        let mut before = buf.clone();
        write_runs_whole(&mut buf);
        write_runs_whole(&mut before);
        let diff = before.diff(&buf);
        let written: Vec<u16> = diff.iter().map(|(x, _, _)| *x).collect();
        assert_eq!(written, [12, 13], "unchanged, the two cells after the run are written all the same");
        assert!(diff.iter().all(|(_, _, cell)| cell.symbol() != " "), "with what they hold");
    }

    #[test]
    fn runs_end_at_a_style_change_and_at_borders() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 1));
        line(&mut buf, 0, 0, "│", Style::new());
        line(&mut buf, 0, 1, "กาญจนา ใจดี", Style::new().reversed());
        line(&mut buf, 0, 20, "x", Style::new());
        line(&mut buf, 0, 39, "│", Style::new());
        write_runs_whole(&mut buf);
        assert_eq!(buf[(1, 0)].symbol(), "\x1b[10Xกาญจนา ใจดี", "the reversed run ends where the style does");
        assert_eq!(buf[(0, 0)].symbol(), "│");
        assert_eq!(buf[(20, 0)].symbol(), "x");
    }
}
