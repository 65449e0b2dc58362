//! An imported file's bytes as text. UTF-8 is read as it is; UTF-16 is read too, since Excel
//! saves "Unicode Text" in it and says nothing else about the encoding (the byte-order mark it
//! writes, or the zero bytes of an ASCII header, tell which half comes first). Anything else is
//! refused at each line that is not UTF-8, naming the byte and what it would be in Windows-1252,
//! the encoding Excel's plain "CSV" saves in: guessing an encoding would print names wrong on
//! certificates, where the person who saved the file can fix it in one step.

use crate::sniff::Kind;

/// A line that is not UTF-8: where its first such byte is, and the byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line.
    pub line: u64,
    /// 1-based character position of the byte in its line (the characters before it counted as
    /// UTF-8, the byte itself one).
    pub position: u64,
    pub byte: u8,
}

/// Why a file's bytes are not text certdesk reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    /// Every line holding bytes that are not UTF-8, in order; `lossy` is the text with each
    /// such byte replaced, for reading on to the file's other problems.
    NotUtf8 { lines: Vec<BadLine>, binary: bool, lossy: String },
    /// UTF-16 that breaks off: an odd number of bytes, or half of a surrogate pair, on `line`.
    BrokenUtf16 { line: u64 },
    /// A file of a kind told by how it begins, picked instead of the export: a spreadsheet's
    /// workbook (platforms offer Excel and OpenDocument downloads beside CSV), an archive, a PDF.
    Binary(Kind),
}

/// What to import instead of a file of `kind`.
fn advice(kind: Kind) -> &'static str {
    match kind {
        Kind::Xlsx | Kind::Xls => {
            "download the grades as CSV, or save the workbook as CSV (in Excel: File > Save As > CSV UTF-8 (Comma \
             delimited)) and import that"
        }
        Kind::Ods => {
            "download the grades as CSV, or save the spreadsheet as CSV (in LibreOffice: File > Save As > Text CSV, \
             character set UTF-8) and import that"
        }
        Kind::Zip => "unpack it and import the CSV file (or the course folder) it holds",
        Kind::Pdf | Kind::Png | Kind::Jpeg | Kind::Rtf => "import the grades as the platform exports them in CSV",
    }
}

/// `bytes` as text: UTF-8 (a byte-order mark left in for the readers to skip), or UTF-16.
pub fn decode(bytes: Vec<u8>) -> Result<String, NotText> {
    // The files picked for an export by mistake; a picture is told as bytes no text has.
    let taken_for_an_export = |kind: &Kind| matches!(kind, Kind::Xls | Kind::Xlsx | Kind::Ods | Kind::Zip | Kind::Pdf);
    if let Some(kind) = Kind::of(&bytes).filter(taken_for_an_export) {
        return Err(NotText::Binary(kind));
    }
    if let Some(big_endian) = utf16_order(&bytes) {
        return utf16(&bytes, big_endian);
    }
    String::from_utf8(bytes).map_err(|error| not_utf8(error.as_bytes()))
}

/// Whether `bytes` are UTF-16, and in which order: a byte-order mark, or an ASCII character
/// with a zero byte beside it, as every export's header starts.
fn utf16_order(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(false),
        [0xFE, 0xFF, ..] => Some(true),
        [first, 0, ..] if first.is_ascii() && *first != 0 => Some(false),
        [0, second, ..] if second.is_ascii() && *second != 0 => Some(true),
        _ => None,
    }
}

fn utf16(bytes: &[u8], big_endian: bool) -> Result<String, NotText> {
    let units = bytes.chunks(2).map(|pair| match (pair, big_endian) {
        ([high, low], true) | ([low, high], false) => Ok(u16::from_be_bytes([*high, *low])),
        _ => Err(()),
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut line = 1;
    let mut units = units.peekable();
    let mut pending = Vec::with_capacity(2);
    while let Some(unit) = units.next() {
        let Ok(unit) = unit else {
            return Err(NotText::BrokenUtf16 { line });
        };
        pending.push(unit);
        // A high surrogate waits for its pair; whatever else comes decodes now.
        if (0xD800..0xDC00).contains(&unit) && units.peek().is_some() {
            continue;
        }
        for decoded in char::decode_utf16(pending.drain(..)) {
            let Ok(c) = decoded else {
                return Err(NotText::BrokenUtf16 { line });
            };
            line += u64::from(c == '\n');
            text.push(c);
        }
    }
    // The byte-order mark becomes U+FEFF, which the readers skip as they skip UTF-8's.
    Ok(text)
}

fn not_utf8(bytes: &[u8]) -> NotText {
    let mut lines = Vec::new();
    for (text, line) in bytes.split(|&byte| byte == b'\n').zip(1..) {
        if let Err(error) = std::str::from_utf8(text) {
            let valid = error.valid_up_to();
            let before = std::str::from_utf8(&text[..valid]).map_or(0, |text| text.chars().count());
            lines.push(BadLine { line, position: before as u64 + 1, byte: text[valid] });
        }
    }
    // Text in another encoding has no control characters but tabs and line ends; a picture
    // or a spreadsheet's own file has plenty.
    let binary = bytes.iter().any(|&byte| byte < 0x20 && !matches!(byte, b'\t' | b'\r' | b'\n'));
    NotText::NotUtf8 { lines, binary, lossy: String::from_utf8_lossy(bytes).into_owned() }
}

impl NotText {
    /// Where to point the user: the line (and position) of the first fault; `None` when the
    /// whole file is of another kind.
    pub fn first(&self) -> Option<(u64, Option<u64>)> {
        match self {
            NotText::NotUtf8 { lines, .. } => {
                Some(lines.first().map_or((1, None), |bad| (bad.line, Some(bad.position))))
            }
            NotText::BrokenUtf16 { line } => Some((*line, None)),
            NotText::Binary(_) => None,
        }
    }

    /// What is wrong at `bad`, for a file that is not UTF-8; what to do only where `advise`
    /// (the first of a file's lines: saying it on every line would bury the lines).
    pub fn describe_line(bad: BadLine, binary: bool, advise: bool) -> String {
        let byte = bad.byte;
        if binary {
            return format!("byte 0x{byte:02X} is not UTF-8, and the file is not text: check that it is the CSV file");
        }
        let reads = crate::domain::mojibake::windows_1252(byte)
            .map(|c| format!(" (it would be '{c}' in Windows-1252)"))
            .unwrap_or_default();
        if !advise {
            return format!("byte 0x{byte:02X} is not UTF-8{reads}");
        }
        format!(
            "byte 0x{byte:02X} is not UTF-8{reads}: the file was saved in another encoding; save it as UTF-8 (in \
             Excel: CSV UTF-8 (Comma delimited)) and import it again"
        )
    }

    /// One sentence for the whole file, at its first fault.
    pub fn describe(&self) -> String {
        match self {
            NotText::NotUtf8 { lines, binary, .. } => {
                let Some(first) = lines.first() else {
                    return "the file is not valid UTF-8: save it as UTF-8".to_string();
                };
                let message = NotText::describe_line(*first, *binary, true);
                match lines.len() {
                    1 => message,
                    count => format!("{message} ({count} lines hold such bytes; this is the first)"),
                }
            }
            NotText::BrokenUtf16 { .. } => {
                "the file is UTF-16 but breaks off on this line (half of a character): it is probably truncated; \
                 save or download it again"
                    .to_string()
            }
            NotText::Binary(kind) => format!("the file is {}, not a CSV file: {}", kind.what(), advice(*kind)),
        }
    }

    /// One sentence for a file that is no export (a template, a message), whose advice is not
    /// a spreadsheet's: where its first fault is and what it is.
    pub fn describe_plain(&self) -> String {
        match self {
            NotText::NotUtf8 { lines, binary: true, .. } => {
                let line = lines.first().map_or(1, |bad| bad.line);
                format!("it is not text (line {line} holds bytes no text has): check that it is the right file")
            }
            NotText::NotUtf8 { lines, binary: false, .. } => match lines.first() {
                Some(&bad) => format!(
                    "line {}, character {}: {}; the file was saved in another encoding: save it as UTF-8",
                    bad.line,
                    bad.position,
                    NotText::describe_line(bad, false, false)
                ),
                None => "it is not UTF-8 text: save it as UTF-8".to_string(),
            },
            NotText::BrokenUtf16 { line } => format!("line {line}: {}", self.describe()),
            NotText::Binary(kind) => format!("it is {}, not text: check that it is the right file", kind.what()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn bad(bytes: &[u8]) -> NotText {
        decode(bytes.to_vec()).expect_err("not text")
    }

    #[test]
    fn utf8_is_read_as_it_is() {
        assert_eq!(decode("\u{feff}a,b\r\nÆ,1\n".into()), Ok("\u{feff}a,b\r\nÆ,1\n".to_string()));
    }

    #[test]
    fn utf16_is_read_in_either_order_with_or_without_its_mark() {
        let text = "username,full_name\r\nzoe,Zoë Ångström 𝔸\r\n";
        let little: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode([&[0xFF, 0xFE][..], &little].concat()), Ok(format!("\u{feff}{text}")));
        assert_eq!(decode([&[0xFE, 0xFF][..], &big].concat()), Ok(format!("\u{feff}{text}")));
        assert_eq!(decode(little), Ok(text.to_string()));
        assert_eq!(decode(big), Ok(text.to_string()));
    }

    #[test]
    fn utf16_cut_in_a_character_names_its_line() {
        let mut bytes: Vec<u8> = "a\nb\nc".encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.pop();
        assert_eq!(bad(&bytes), NotText::BrokenUtf16 { line: 3 });
        let lone_surrogate: Vec<u8> =
            [0x61, 0x0A, 0xD835, 0x61].iter().flat_map(|unit: &u16| unit.to_le_bytes()).collect();
        assert_eq!(bad(&lone_surrogate), NotText::BrokenUtf16 { line: 2 });
    }

    #[test]
    fn windows_1252_is_refused_at_each_line_naming_the_byte_and_its_position() {
        let text = "username,full_name\nsoren,S\u{f8}ren\nbilbo,Bilbo\nzoe,Zo\u{eb} \u{c5}ngstr\u{f6}m\n";
        let found = bad(&text.chars().map(|c| u8::try_from(u32::from(c)).expect("latin-1")).collect::<Vec<u8>>());
        let lines = vec![BadLine { line: 2, position: 8, byte: 0xF8 }, BadLine { line: 4, position: 7, byte: 0xEB }];
        assert!(matches!(&found, NotText::NotUtf8 { lines: found, binary: false, .. } if *found == lines), "{found:?}");
        assert_eq!(found.first(), Some((2, Some(8))));
        assert_eq!(
            found.describe(),
            "byte 0xF8 is not UTF-8 (it would be 'ø' in Windows-1252): the file was saved in another encoding; save \
             it as UTF-8 (in Excel: CSV UTF-8 (Comma delimited)) and import it again (2 lines hold such bytes; this is \
             the first)"
        );
    }

    #[test]
    fn only_the_first_line_says_what_to_do() {
        let bad_line = BadLine { line: 4, position: 7, byte: 0xEB };
        assert_eq!(
            NotText::describe_line(bad_line, false, false),
            "byte 0xEB is not UTF-8 (it would be 'ë' in Windows-1252)"
        );
        assert!(
            NotText::describe_line(bad_line, false, true)
                .ends_with("save it as UTF-8 (in Excel: CSV UTF-8 (Comma delimited)) and import it again")
        );
    }

    #[test]
    fn the_position_counts_characters_before_the_byte() {
        let found = bad(b"name\n\xc3\xa9t\xe9\n");
        assert_eq!(found.first(), Some((2, Some(3))));
    }

    #[test]
    fn a_file_that_is_no_export_is_told_without_a_spreadsheets_advice() {
        assert_eq!(
            bad(b"text\n  | Caf\xe9\n").describe_plain(),
            "line 2, character 8: byte 0xE9 is not UTF-8 (it would be 'é' in Windows-1252); the file was saved in \
             another encoding: save it as UTF-8"
        );
        assert_eq!(
            bad(b"\x89PNG\r\n\x1a\n\x00\xff").describe_plain(),
            "it is not text (line 1 holds bytes no text has): check that it is the right file"
        );
        let mut cut: Vec<u8> = "a\nb".encode_utf16().flat_map(u16::to_le_bytes).collect();
        cut.pop();
        assert!(bad(&cut).describe_plain().starts_with("line 2: the file is UTF-16 but breaks off"));
    }

    #[test]
    fn a_workbook_an_archive_or_a_pdf_is_named_with_what_to_import_instead() {
        let excel = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x00\x00[Content_Types].xml\xec\x97";
        assert_eq!(
            bad(excel).describe(),
            "the file is an Excel workbook (.xlsx), not a CSV file: download the grades as CSV, or save the workbook \
             as CSV (in Excel: File > Save As > CSV UTF-8 (Comma delimited)) and import that"
        );
        assert_eq!(bad(excel).first(), None);
        let calc = b"PK\x03\x04\x14\x00\x00\x08\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK";
        assert!(bad(calc).describe().starts_with("the file is an OpenDocument spreadsheet (.ods), not a CSV file: "));
        assert!(bad(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00").describe().contains("Excel 97-2003 workbook (.xls)"));
        assert!(bad(b"PK\x03\x04\x0a\x00roster.csv").describe().contains("a ZIP archive, not a CSV file: unpack it"));
        assert_eq!(
            bad(b"%PDF-1.7\n%\xe2\xe3").describe_plain(),
            "it is a PDF, not text: check that it is the right file"
        );
        // Text that begins like none of them is read as text.
        assert_eq!(decode(b"PK,name\n".to_vec()), Ok("PK,name\n".to_string()));
    }

    #[test]
    fn a_binary_file_is_not_called_another_encoding() {
        let found = bad(b"\x89PNG\r\n\x1a\n\x00\xff");
        assert!(matches!(found, NotText::NotUtf8 { binary: true, .. }), "{found:?}");
        assert!(found.describe().contains("the file is not text"), "{}", found.describe());
        assert!(!found.describe().contains("Windows-1252"), "{}", found.describe());
    }
}
