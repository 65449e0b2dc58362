//! Aligned text tables for human output, measured in terminal columns so that names in any
//! script line up.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Cells wider than this many terminal columns are cut with an ellipsis.
const MAX_CELL_WIDTH: usize = 40;

pub struct Table {
    columns: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: impl IntoIterator<Item = (impl Into<String>, Align)>) -> Table {
        Table { columns: columns.into_iter().map(|(name, align)| (name.into(), align)).collect(), rows: Vec::new() }
    }

    pub fn push(&mut self, row: Vec<String>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row.into_iter().map(shorten).collect());
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let mut widths: Vec<usize> = self.columns.iter().map(|(name, _)| name.width()).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.width());
            }
        }
        let header: Vec<String> = self.columns.iter().map(|(name, _)| name.to_uppercase()).collect();
        self.write_row(out, &header, &widths)?;
        for row in &self.rows {
            self.write_row(out, row, &widths)?;
        }
        Ok(())
    }

    fn write_row(&self, out: &mut impl Write, row: &[String], widths: &[usize]) -> io::Result<()> {
        let mut line = String::new();
        for (index, ((cell, width), (_, align))) in row.iter().zip(widths).zip(&self.columns).enumerate() {
            let padding = " ".repeat(width.saturating_sub(cell.width()));
            let last = index + 1 == row.len();
            match align {
                Align::Left if last => line.push_str(cell),
                Align::Left => {
                    line.push_str(cell);
                    line.push_str(&padding);
                }
                Align::Right => {
                    line.push_str(&padding);
                    line.push_str(cell);
                }
            }
            if !last {
                line.push_str("  ");
            }
        }
        writeln!(out, "{line}")
    }
}

fn shorten(cell: String) -> String {
    if cell.width() <= MAX_CELL_WIDTH {
        return cell;
    }
    let mut short = String::new();
    for c in cell.chars() {
        if short.width() + c.to_string().width() >= MAX_CELL_WIDTH {
            break;
        }
        short.push(c);
    }
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_display_width() {
        let mut table = Table::new([("name", Align::Left), ("percent", Align::Right)]);
        table.push(vec!["Đặng Thị Ngọc Lan".into(), "97.0%".into()]);
        table.push(vec!["Bilbo".into(), "85.0%".into()]);
        let mut out = Vec::new();
        table.write(&mut out).expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "NAME               PERCENT\nĐặng Thị Ngọc Lan    97.0%\nBilbo                85.0%\n"
        );
    }

    #[test]
    fn long_cells_are_cut_to_forty_columns() {
        let cut = shorten("x".repeat(120));
        assert_eq!((cut.width(), cut.ends_with('…')), (40, true));
        assert_eq!(shorten("Bilbo".into()), "Bilbo");
    }
}
