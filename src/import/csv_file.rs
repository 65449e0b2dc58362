//! Reading a CSV file of the course folder: UTF-8 with or without BOM, LF, CRLF or CR, a header
//! row, separated by commas, or by the semicolons or tabs a spreadsheet writes where the decimal
//! separator is a comma, and every bad row reported with its line instead of stopping the import.

use super::problem::Problem;

pub struct CsvFile<'a> {
    file: &'static str,
    text: &'a str,
    reader: csv::Reader<&'a [u8]>,
    /// Where the last line was counted: its byte offset and line number (the csv crate's own
    /// count is one short after a CRLF header).
    counted: (usize, u64),
    /// Column names, trimmed and lowercase, without the empty ones after the last name.
    pub header: Vec<String>,
    /// How many cells the header row has, empty ones after the last name included.
    written: usize,
    /// What separates cells: `,`, or `;` or a tab, as the header row is separated.
    delimiter: u8,
}

impl<'a> CsvFile<'a> {
    pub fn open(file: &'static str, text: &'a str, problems: &mut Vec<Problem>) -> Option<CsvFile<'a>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut delimiter = b',';
        let mut read = Self::read_header(text, delimiter);
        // Excel saves "CSV" with semicolons where the decimal separator is a comma, and its
        // text files with tabs: a header that is one cell holding either is separated by it.
        if let Ok((_, header)) = &read
            && let [only] = header.as_slice()
            && let Some(other) = [b';', b'\t'].into_iter().find(|c| only.contains(char::from(*c)))
        {
            delimiter = other;
            read = Self::read_header(text, delimiter);
        }
        let (reader, header) = match read {
            Ok(read) => read,
            Err(error) => {
                problems.push(Problem::new(
                    file,
                    Some(1),
                    None,
                    format!("cannot read the header: {}", describe(&error)),
                ));
                return None;
            }
        };
        if header.iter().all(String::is_empty) {
            problems.push(Problem::new(file, Some(1), None, "the file is empty: it needs a header row"));
            return None;
        }
        // Spreadsheets write empty cells after the last column (Excel's ",,"): no columns.
        let width = header.iter().rposition(|name| !name.is_empty()).map_or(0, |last| last + 1);
        let written = header.len();
        let mut header = header;
        header.truncate(width);
        Some(CsvFile { file, text, reader, header, written, counted: (0, 1), delimiter })
    }

    /// A reader of `text` separated by `delimiter`, and its header: names trimmed, lowercase.
    fn read_header(text: &'a str, delimiter: u8) -> Result<(csv::Reader<&'a [u8]>, Vec<String>), csv::Error> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let header = reader.headers()?.iter().map(|name| name.trim().to_lowercase()).collect();
        Ok((reader, header))
    }

    /// Whether a comma in a cell may be a decimal separator (`8,5`): in a file that commas do
    /// not separate, as a spreadsheet writes where the decimal separator is a comma.
    pub fn decimal_comma(&self) -> bool {
        self.delimiter != b','
    }

    /// Index of a required column, reported when missing.
    pub fn column(&self, name: &str, problems: &mut Vec<Problem>) -> Option<usize> {
        let index = self.optional_column(name);
        if index.is_none() {
            // A spreadsheet's way of writing the name (`Full Name`, `full-name`): named, to rename.
            let spelled = |column: &&String| column.replace([' ', '-'], "_") == name;
            let message = match self.header.iter().find(spelled) {
                Some(column) => format!("missing required column (the header has '{column}': name it {name})"),
                None => "missing required column".to_string(),
            };
            problems.push(Problem::new(self.file, Some(1), Some(name), message));
        }
        index
    }

    pub fn optional_column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|column| column == name)
    }

    /// Calls `on_row` with each data row and its 1-based line; blank lines are skipped and
    /// rows of the wrong width are reported, and returned with whether reading was cut short.
    pub fn for_each_row(
        &mut self,
        problems: &mut Vec<Problem>,
        mut on_row: impl FnMut(u64, &csv::StringRecord, &mut Vec<Problem>),
    ) -> Unread {
        let mut unread = Unread::default();
        let mut record = csv::StringRecord::new();
        loop {
            match self.reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, |position| self.line_at(position.byte()));
                    // A blank line, or a spreadsheet's row of separators only.
                    if record.iter().all(|cell| cell.trim().is_empty()) {
                        continue;
                    }
                    // Where the record ends (the reader has moved past it), for the quote check.
                    let end = usize::try_from(self.reader.position().byte()).unwrap_or(usize::MAX);
                    if let Some((message, rest_taken)) = self.width_problem(&record, line, end) {
                        problems.push(Problem::new(self.file, Some(line), None, message));
                        unread.cut_short |= rest_taken;
                        unread.misshapen.push(record.clone());
                        continue;
                    }
                    record.truncate(self.header.len());
                    on_row(line, &record, problems);
                }
                Err(error) => {
                    let line = error.position().map(|position| self.line_at(position.byte()));
                    let recoverable = matches!(error.kind(), csv::ErrorKind::Utf8 { .. });
                    problems.push(Problem::new(self.file, line, None, describe(&error)));
                    if !recoverable {
                        unread.cut_short = true;
                        break;
                    }
                }
            }
        }
        unread
    }
}

/// What a pass over a file's rows could not hand on.
#[derive(Debug, Default)]
pub struct Unread {
    /// The rows of another width than the header's, as read.
    pub misshapen: Vec<csv::StringRecord>,
    /// Whether a row took the rest of the file (a quote never closed), or the reader failed:
    /// then the rows after it were never seen.
    pub cut_short: bool,
}

impl CsvFile<'_> {
    /// Why `record`, on `line` and ending at byte `end`, does not fit the header: a quoted cell
    /// never closed, or closed only lines further down (which took the rows between: the
    /// `bool`), a value under no column, or another number of cells.
    fn width_problem(&self, record: &csv::StringRecord, line: u64, end: usize) -> Option<(String, bool)> {
        // Checked first and at any width: an unclosed quote takes the rest of the file into
        // one cell, which may well be the last one of a row of the right width.
        let start = record.position().map_or(0, |position| usize::try_from(position.byte()).unwrap_or(usize::MAX));
        let written = self.text.get(start..end).unwrap_or("");
        if ends_inside_quotes(written, char::from(self.delimiter)) {
            return Some((
                "the line opens a quoted cell (\") that never closes: close it, or remove the quote".into(),
                true,
            ));
        }
        let problem = self.cells_problem(record)?;
        // A record runs over several lines only inside quotes: of the wrong width, it is a stray
        // quote that the opening quote of a later cell closed, not a cell holding line breaks.
        let breaks = line_breaks(written.trim_matches(['\r', '\n']).as_bytes());
        if breaks > 0 {
            let message = format!(
                "the line opens a quoted cell (\") that closes only on line {}, which reads the lines between as part \
                 of it: close it on line {line}, or remove the quote",
                line + breaks
            );
            return Some((message, true));
        }
        Some((problem, false))
    }

    /// Why `record` has another number of cells than the header, or a value under no column.
    fn cells_problem(&self, record: &csv::StringRecord) -> Option<String> {
        let width = self.header.len();
        let cells = record.len();
        // Empty cells after the last column are a spreadsheet's, however many it wrote.
        let beyond_empty = record.iter().skip(width).all(|cell| cell.trim().is_empty());
        if (width..=self.written.max(width)).contains(&cells) || (cells > width && beyond_empty) {
            let stray = record.iter().skip(width).position(|cell| !cell.trim().is_empty());
            return stray.map(|index| {
                format!("a value in cell {}, under no column name: name its column, or remove it", width + index + 1)
            });
        }
        if cells > width {
            return Some(format!(
                "too many cells: {cells} where the header has {width} columns: remove the extra cells, or name their \
                 columns in the header"
            ));
        }
        let missing = match &self.header[cells..] {
            [only] => format!("'{only}'"),
            [first, .., last] => format!("'{first}' to '{last}'"),
            [] => String::new(),
        };
        let empty = match self.delimiter {
            b'\t' => "two tabs with nothing between",
            b';' => ";;",
            _ => ",,",
        };
        let message = format!(
            "too few cells: {cells} where the header has {width} columns (nothing under {missing}): add the missing \
             cells, empty ones as {empty}"
        );
        Some(message)
    }

    /// The 1-based line of the record whose position is `offset`. The csv crate places a
    /// record at the line break ending the one before (and counts a CRLF header's line one
    /// short), so the breaks there are skipped; newlines are counted on from the last record,
    /// each byte once, since records come in order.
    fn line_at(&mut self, offset: u64) -> u64 {
        let bytes = self.text.as_bytes();
        let mut offset = usize::try_from(offset).unwrap_or(usize::MAX).min(bytes.len());
        while matches!(bytes.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        let (from, line) = if offset < self.counted.0 { (0, 1) } else { self.counted };
        let line = line + line_breaks(&bytes[from..offset]);
        self.counted = (offset, line);
        line
    }
}

/// How many lines `bytes` break: at LF, CRLF, or a CR alone (the line ends of a file saved
/// as "CSV (Macintosh)"), as the csv reader ends its records.
fn line_breaks(bytes: &[u8]) -> u64 {
    let lone_cr = |at: usize| bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n');
    (0..bytes.len()).filter(|&at| bytes[at] == b'\n' || lone_cr(at)).count() as u64
}

fn describe(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "the line is not valid UTF-8 (save the file as UTF-8)".to_string(),
        _ => error.to_string(),
    }
}

/// Whether CSV `text`, separated by `delimiter`, ends inside a quoted cell. Like the csv crate,
/// a quote opens a quoted cell only as a cell's first character (`O"Brien` is a plain name),
/// and `""` inside one is a quote character.
fn ends_inside_quotes(text: &str, delimiter: char) -> bool {
    let mut quoted = false;
    let mut cell_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' && chars.next_if_eq(&'"').is_none() {
                quoted = false;
            }
            continue;
        }
        quoted = c == '"' && cell_start;
        cell_start = c == delimiter || matches!(c, '\n' | '\r');
    }
    quoted
}
