//! Delimited text as the platforms write it: a delimiter chosen by the exporter, quotes
//! (`"`, doubled inside) or none at all (Chamilo), a trailing delimiter after every cell
//! (Chamilo again), CRLF or LF, a byte-order mark.
//!
//! Rows are read one at a time into a reused buffer of slices of the text, so a 50 MB export
//! is held once; where a cell starts is kept as a byte offset and turned into a line and a
//! column only when a problem is reported.

use std::borrow::Cow;

use super::super::problem::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    /// `false`: quotes are plain characters (Chamilo writes no quoting).
    pub quoting: bool,
    /// Every row ends with a delimiter, so the last (empty) cell is not a cell.
    pub trailing_delimiter: bool,
}

impl Dialect {
    pub const fn csv(delimiter: u8) -> Dialect {
        Dialect { delimiter, quoting: true, trailing_delimiter: false }
    }

    pub fn delimiter_name(self) -> &'static str {
        delimiter_name(self.delimiter)
    }
}

pub fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b',' => "commas",
        b';' => "semicolons",
        b'\t' => "tabs",
        b':' => "colons",
        _ => "another character",
    }
}

/// One row: its cells and where each starts.
#[derive(Debug, Default)]
pub struct Row<'a> {
    /// 1-based line the row starts on.
    pub line: u64,
    pub cells: Vec<Cow<'a, str>>,
    /// Byte offset in the text where each cell starts.
    pub starts: Vec<usize>,
    /// Byte offset of the row's first character.
    pub start: usize,
}

impl Row<'_> {
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", |cell| cell.as_ref())
    }

    /// True for an empty line (one empty cell), which exporters sometimes leave at the end.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|cell| cell.trim().is_empty())
    }
}

/// An export's header: its trimmed cells, and the character column each starts at.
pub struct Header {
    pub cells: Vec<String>,
    pub positions: Vec<u64>,
}

pub struct Table<'a> {
    file: &'a str,
    text: &'a str,
    dialect: Dialect,
    pos: usize,
    line: u64,
}

impl<'a> Table<'a> {
    pub fn new(file: &'a str, text: &'a str, dialect: Dialect) -> Table<'a> {
        let pos = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        Table { file, text, dialect, pos, line: 1 }
    }

    pub fn file(&self) -> &'a str {
        self.file
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Reads the next row into `row`; `Ok(false)` at the end of the text. A quote left open
    /// at the end of the file is an error (the file is probably truncated).
    pub fn next_row(&mut self, row: &mut Row<'a>) -> Result<bool, Problem> {
        row.cells.clear();
        row.starts.clear();
        if self.pos >= self.text.len() {
            return Ok(false);
        }
        row.line = self.line;
        row.start = self.pos;
        let bytes = self.text.as_bytes();
        let delimiter = self.dialect.delimiter;
        loop {
            let start = self.pos;
            row.starts.push(start);
            if self.dialect.quoting && bytes.get(start) == Some(&b'"') {
                let cell = self.quoted(start)?;
                row.cells.push(cell);
            } else {
                let mut end = start;
                while end < bytes.len() && bytes[end] != delimiter && bytes[end] != b'\n' && bytes[end] != b'\r' {
                    end += 1;
                }
                row.cells.push(Cow::Borrowed(&self.text[start..end]));
                self.pos = end;
            }
            match bytes.get(self.pos) {
                Some(&byte) if byte == delimiter => self.pos += 1,
                Some(b'\r') | Some(b'\n') | None => {
                    if bytes.get(self.pos) == Some(&b'\r') {
                        self.pos += 1;
                    }
                    if bytes.get(self.pos) == Some(&b'\n') {
                        self.pos += 1;
                    }
                    self.line += 1;
                    break;
                }
                Some(_) => {
                    // Text between a closing quote and the next delimiter is not CSV.
                    let (line, column) = self.locate(row, self.pos);
                    return Err(Problem::at(self.file, line, column, None, "unexpected text after a closing quote"));
                }
            }
        }
        if self.dialect.trailing_delimiter && row.cells.len() > 1 && row.cells.last().is_some_and(|c| c.is_empty()) {
            row.cells.pop();
            row.starts.pop();
        }
        Ok(true)
    }

    /// A quoted cell starting at `start` (the opening quote); leaves `pos` after the closing one.
    fn quoted(&mut self, start: usize) -> Result<Cow<'a, str>, Problem> {
        let bytes = self.text.as_bytes();
        // The line the quote opens on, which is the one to blame: by the end of the text the
        // count has moved on to the last line.
        let opened_on = self.line;
        let mut index = start + 1;
        let mut owned: Option<String> = None;
        let mut piece = index;
        loop {
            match bytes.get(index) {
                None => {
                    let column = column_of(self.text, start);
                    return Err(Problem::at(
                        self.file,
                        opened_on,
                        column,
                        None,
                        "the file ends inside a quoted cell: it is probably truncated (download it again)",
                    ));
                }
                Some(b'"') if bytes.get(index + 1) == Some(&b'"') => {
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(&self.text[piece..=index]);
                    index += 2;
                    piece = index;
                }
                Some(b'"') => {
                    self.pos = index + 1;
                    return Ok(match owned {
                        Some(mut text) => {
                            text.push_str(&self.text[piece..index]);
                            Cow::Owned(text)
                        }
                        None => Cow::Borrowed(&self.text[start + 1..index]),
                    });
                }
                Some(b'\n') => {
                    self.line += 1;
                    index += 1;
                }
                Some(_) => index += 1,
            }
        }
    }

    /// Reads the header row into `row`: its cells trimmed, and where each starts on line 1
    /// (for messages about a column). `None` for an empty text or an unreadable header
    /// (reported).
    pub fn read_header(&mut self, row: &mut Row<'a>, problems: &mut Vec<Problem>) -> Option<Header> {
        match self.next_row(row) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(problem) => {
                problems.push(problem);
                return None;
            }
        }
        let cells = row.cells.iter().map(|cell| cell.trim().to_string()).collect();
        let positions = row.starts.iter().map(|&start| self.locate(row, start).1).collect();
        Some(Header { cells, positions })
    }

    /// Line and 1-based character column of byte `offset`, which lies in `row`.
    pub fn locate(&self, row: &Row, offset: usize) -> (u64, u64) {
        let offset = offset.min(self.text.len());
        let before = &self.text[row.start.min(offset)..offset];
        let newlines = before.bytes().filter(|&b| b == b'\n').count() as u64;
        (row.line + newlines, column_of(self.text, offset))
    }

    /// A problem at the start of cell `index` of `row`.
    pub fn problem(&self, row: &Row, index: usize, column: Option<&str>, message: impl Into<String>) -> Problem {
        let offset = row.starts.get(index).copied().unwrap_or(row.start);
        let (line, position) = self.locate(row, offset);
        Problem::at(self.file, line, position, column, message)
    }
}

/// 1-based character column of byte `offset` in its line.
fn column_of(text: &str, offset: usize) -> u64 {
    let line_start = text[..offset].rfind('\n').map_or(0, |newline| newline + 1);
    let line_start = if line_start == 0 && text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { line_start };
    text[line_start.min(offset)..offset].chars().count() as u64 + 1
}

/// The first line of the text (without BOM or line end), for telling formats apart.
pub fn first_line(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    &text[..end]
}

/// The header row read with `dialect`, trimmed.
pub fn header_cells(text: &str, dialect: Dialect) -> Vec<String> {
    let mut table = Table::new("", text, dialect);
    let mut row = Row::default();
    match table.next_row(&mut row) {
        Ok(true) => row.cells.iter().map(|cell| cell.trim().to_string()).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, dialect: Dialect) -> Result<Vec<(u64, Vec<String>)>, String> {
        let mut table = Table::new("t.csv", text, dialect);
        let mut row = Row::default();
        let mut found = Vec::new();
        while table.next_row(&mut row).map_err(|problem| problem.to_string())? {
            found.push((row.line, row.cells.iter().map(|cell| cell.to_string()).collect()));
        }
        Ok(found)
    }

    #[track_caller]
    fn reads(text: &str, dialect: Dialect, expected: &[(u64, &[&str])]) {
        let expected: Vec<(u64, Vec<String>)> =
            expected.iter().map(|(line, cells)| (*line, cells.iter().map(|c| c.to_string()).collect())).collect();
        assert_eq!(rows(text, dialect), Ok(expected), "{text:?}");
    }

    #[test]
    fn quoted_cells_delimiters_and_line_ends() {
        reads("a,b\r\n1,2\r\n", Dialect::csv(b','), &[(1, &["a", "b"]), (2, &["1", "2"])]);
        reads("\u{feff}\"x, y\";\"say \"\"hi\"\"\"\n", Dialect::csv(b';'), &[(1, &["x, y", "say \"hi\""])]);
        reads("\"two\nlines\",c\nnext,d", Dialect::csv(b','), &[(1, &["two\nlines", "c"]), (3, &["next", "d"])]);
        reads("a\t\tb\n", Dialect::csv(b'\t'), &[(1, &["a", "", "b"])]);
        let chamilo = Dialect { delimiter: b';', quoting: false, trailing_delimiter: true };
        reads("Nom;\"Quiz\" 20 %;TOTAL;\n", chamilo, &[(1, &["Nom", "\"Quiz\" 20 %", "TOTAL"])]);
    }

    #[test]
    fn an_open_quote_at_the_end_is_a_truncated_file() {
        let error = rows("a,b\n1,\"unfinished", Dialect::csv(b',')).expect_err("truncated");
        assert_eq!(
            error,
            "t.csv:2:3: the file ends inside a quoted cell: it is probably truncated (download it again)"
        );
    }

    #[test]
    fn an_open_quote_is_blamed_on_the_line_it_opens() {
        let error = rows("a,b\n1,2\n\"three,4\nfive,6\n", Dialect::csv(b',')).expect_err("open quote");
        assert_eq!(
            error,
            "t.csv:3:1: the file ends inside a quoted cell: it is probably truncated (download it again)"
        );
    }

    #[test]
    fn problems_name_line_and_character_column() {
        let text = "h1,h2,h3\nÆ,ü,bad\n";
        let mut table = Table::new("t.csv", text, Dialect::csv(b','));
        let mut row = Row::default();
        table.next_row(&mut row).expect("header");
        table.next_row(&mut row).expect("row");
        assert_eq!(table.problem(&row, 2, Some("h3"), "no").to_string(), "t.csv:2:5: column 'h3': no");
    }
}
