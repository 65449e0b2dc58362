//! Reading a CSV file of the course folder: UTF-8 with or without BOM, LF or CRLF, a header
//! row, and every bad row reported with its line instead of stopping the import.

use super::problem::Problem;

pub struct CsvFile<'a> {
    file: &'static str,
    text: &'a str,
    reader: csv::Reader<&'a [u8]>,
    /// Where the last line was counted: its byte offset and line number (the csv crate's own
    /// count is one short after a CRLF header).
    counted: (usize, u64),
    /// Column names, trimmed and lowercase.
    pub header: Vec<String>,
}

impl<'a> CsvFile<'a> {
    pub fn open(file: &'static str, text: &'a str, problems: &mut Vec<Problem>) -> Option<CsvFile<'a>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
        let header: Vec<String> = match reader.headers() {
            Ok(header) => header.iter().map(|name| name.trim().to_lowercase()).collect(),
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
        Some(CsvFile { file, text, reader, header, counted: (0, 1) })
    }

    /// Index of a required column, reported when missing.
    pub fn column(&self, name: &str, problems: &mut Vec<Problem>) -> Option<usize> {
        let index = self.optional_column(name);
        if index.is_none() {
            problems.push(Problem::new(self.file, Some(1), Some(name), "missing required column"));
        }
        index
    }

    pub fn optional_column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|column| column == name)
    }

    /// Calls `on_row` with each data row and its 1-based line; blank lines are skipped and
    /// rows of the wrong width are reported.
    pub fn for_each_row(
        &mut self,
        problems: &mut Vec<Problem>,
        mut on_row: impl FnMut(u64, &csv::StringRecord, &mut Vec<Problem>),
    ) {
        let mut record = csv::StringRecord::new();
        loop {
            match self.reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, |position| self.line_at(position.byte()));
                    if record.len() == 1 && record[0].trim().is_empty() {
                        continue;
                    }
                    if record.len() != self.header.len() {
                        let message = format!("{} fields where the header has {}", record.len(), self.header.len());
                        problems.push(Problem::new(self.file, Some(line), None, message));
                        continue;
                    }
                    on_row(line, &record, problems);
                }
                Err(error) => {
                    let line = error.position().map(|position| self.line_at(position.byte()));
                    let recoverable = matches!(error.kind(), csv::ErrorKind::Utf8 { .. });
                    problems.push(Problem::new(self.file, line, None, describe(&error)));
                    if !recoverable {
                        break;
                    }
                }
            }
        }
    }
}

impl CsvFile<'_> {
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
        let line = line + bytes[from..offset].iter().filter(|&&b| b == b'\n').count() as u64;
        self.counted = (offset, line);
        line
    }
}

fn describe(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "the line is not valid UTF-8 (save the file as UTF-8)".to_string(),
        _ => error.to_string(),
    }
}
