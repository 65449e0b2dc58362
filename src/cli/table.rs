//! Aligned text tables for human output, measured in terminal cells as terminals count them
//! (see `cells`), so that names in any script line up.

use std::io::{self, Write};

use crate::cells::{cells, shorten};

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
    /// Set by [`Table::whole_last`]: the last column is cut only to fit a terminal this wide
    /// (`Some`), or never (`None`, output that goes to a file or a pipe).
    last_fits: Option<Option<usize>>,
    /// Set by [`Table::whole`]: columns whose cells are never cut.
    whole: Vec<usize>,
    /// Whether long cells are cut at all: not in output to a file or a pipe ([`Table::for_stdout`]),
    /// which a script reads (a name cut to `…von Hoh…` there was lost to `grep`).
    cuts: bool,
}

impl Table {
    pub fn new(columns: impl IntoIterator<Item = (impl Into<String>, Align)>) -> Table {
        Table {
            columns: columns.into_iter().map(|(name, align)| (name.into(), align)).collect(),
            rows: Vec::new(),
            last_fits: None,
            whole: Vec::new(),
            cuts: true,
        }
    }

    /// Written to standard output: cells are cut to fit only when it is a terminal.
    pub fn for_stdout(mut self) -> Table {
        use std::io::IsTerminal as _;
        self.cuts = std::io::stdout().is_terminal();
        self
    }

    /// Cells of column `index` (0 is the first) are written whole however wide: names that
    /// other commands take, which a reader must be able to copy.
    pub fn whole(mut self, index: usize) -> Table {
        self.whole.push(index);
        self
    }

    /// The last column (a list of flags, say) is written whole, or on a terminal of
    /// `terminal_width` columns cut only where the line would pass its edge (and never
    /// below the usual 40 columns).
    pub fn whole_last(mut self, terminal_width: Option<usize>) -> Table {
        self.last_fits = Some(terminal_width);
        self
    }

    pub fn push(&mut self, row: Vec<String>) {
        debug_assert_eq!(row.len(), self.columns.len());
        let last = row.len().saturating_sub(1);
        let whole_last = self.last_fits.is_some();
        self.rows.push(
            row.into_iter()
                .enumerate()
                .map(|(index, cell)| {
                    let whole = !self.cuts || (whole_last && index == last) || self.whole.contains(&index);
                    if whole { cell } else { shorten(cell, MAX_CELL_WIDTH) }
                })
                .collect(),
        );
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let mut widths: Vec<usize> = self.columns.iter().map(|(name, _)| cells(name)).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cells(cell));
            }
        }
        let header: Vec<String> = self.columns.iter().map(|(name, _)| name.to_uppercase()).collect();
        self.write_row(out, &header, &widths)?;
        let room = match (self.last_fits, widths.split_last()) {
            (Some(Some(terminal)), Some((_, before))) => {
                let used: usize = before.iter().map(|width| width + 2).sum();
                Some(terminal.saturating_sub(used).max(MAX_CELL_WIDTH))
            }
            _ => None,
        };
        for row in &self.rows {
            match (room, row.split_last()) {
                (Some(room), Some((last, before))) if cells(last) > room => {
                    let mut cut = before.to_vec();
                    cut.push(shorten(last.clone(), room));
                    self.write_row(out, &cut, &widths)?;
                }
                _ => self.write_row(out, row, &widths)?,
            }
        }
        Ok(())
    }

    fn write_row(&self, out: &mut impl Write, row: &[String], widths: &[usize]) -> io::Result<()> {
        let mut line = String::new();
        for (index, ((cell, width), (_, align))) in row.iter().zip(widths).zip(&self.columns).enumerate() {
            let padding = " ".repeat(width.saturating_sub(cells(cell)));
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
        // An empty last cell leaves no trailing blanks.
        writeln!(out, "{}", line.trim_end_matches(' '))
    }
}

/// The width of the terminal standard output is, `COLUMNS` when set; `None` when it is not
/// a terminal.
pub fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let columns = std::env::var("COLUMNS").ok().and_then(|value| value.parse::<usize>().ok());
    Some(columns.unwrap_or_else(|| ratatui::crossterm::terminal::size().map_or(100, |(columns, _)| columns.into())))
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
        let cut = shorten("x".repeat(120), MAX_CELL_WIDTH);
        assert_eq!((cells(&cut), cut.ends_with('…')), (40, true));
        assert_eq!(shorten("Bilbo".into(), MAX_CELL_WIDTH), "Bilbo");
    }

    fn written(table: &Table) -> String {
        let mut out = Vec::new();
        table.write(&mut out).expect("write");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn a_whole_column_is_never_cut() {
        let name = "n".repeat(64);
        let mut table = Table::new([("name", Align::Left), ("used by", Align::Left)]).whole(0);
        table.push(vec![name.clone(), "u".repeat(50)]);
        let row = written(&table).lines().nth(1).expect("row").to_string();
        assert!(row.starts_with(&format!("{name}  ")), "{row}");
        assert!(row.ends_with('…'), "other columns are still cut: {row}");
    }

    #[test]
    fn a_whole_last_column_is_cut_only_at_the_terminal_edge() {
        let flags = format!("stale: {}", ["name x -> y"; 8].join(", "));
        let make = |terminal| {
            let mut table = Table::new([("code", Align::Left), ("flags", Align::Left)]).whole_last(terminal);
            table.push(vec!["7KQ2".into(), flags.clone()]);
            table
        };
        // Piped: whole.
        assert_eq!(written(&make(None)), format!("CODE  FLAGS\n7KQ2  {flags}\n"));
        // On a terminal 70 columns wide: the line ends at its edge.
        let line = written(&make(Some(70))).lines().nth(1).expect("row").to_string();
        assert_eq!((cells(&line), line.ends_with('…')), (70, true));
        // Never cut below 40 columns, however narrow the terminal.
        let line = written(&make(Some(20))).lines().nth(1).expect("row").to_string();
        assert_eq!(cells(&line), 6 + 40);
    }
}
