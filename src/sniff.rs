//! What a file is, told by its first bytes, for whoever picked the wrong one: a picture, a
//! spreadsheet's own file, an archive, a PDF. Each caller says it in its own words (a CSV
//! import with how to save one, `verify --file` that it is no PDF).

/// How far into a file a ZIP archive's first members are looked at for what they make.
const HEAD: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Png,
    Jpeg,
    Rtf,
    /// Excel 97-2003's compound file.
    Xls,
    Xlsx,
    Ods,
    /// Any other ZIP archive (a Word or OpenDocument text file among them).
    Zip,
}

impl Kind {
    /// The kind `bytes` begin as, if one of these.
    pub fn of(bytes: &[u8]) -> Option<Kind> {
        const SIGNATURES: [(&[u8], Kind); 5] = [
            (b"%PDF-", Kind::Pdf),
            (b"\x89PNG", Kind::Png),
            (b"\xff\xd8\xff", Kind::Jpeg),
            (b"{\\rtf", Kind::Rtf),
            (&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], Kind::Xls),
        ];
        if bytes.starts_with(b"PK\x03\x04") {
            // A workbook's first members name it: `mimetype` holding the OpenDocument type, or
            // Excel's `[Content_Types].xml` and `xl/` parts.
            let head = &bytes[..bytes.len().min(HEAD)];
            let holds = |needle: &[u8]| head.windows(needle.len()).any(|window| window == needle);
            return Some(if holds(b"opendocument.spreadsheet") {
                Kind::Ods
            } else if holds(b"[Content_Types].xml") || holds(b"xl/") {
                Kind::Xlsx
            } else {
                Kind::Zip
            });
        }
        SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|(_, kind)| *kind)
    }

    /// The kind in words, with an article: `an Excel workbook (.xlsx)`.
    pub fn what(self) -> &'static str {
        match self {
            Kind::Pdf => "a PDF",
            Kind::Png => "a PNG picture",
            Kind::Jpeg => "a JPEG picture",
            Kind::Rtf => "an RTF document",
            Kind::Xls => "an Excel 97-2003 workbook (.xls)",
            Kind::Xlsx => "an Excel workbook (.xlsx)",
            Kind::Ods => "an OpenDocument spreadsheet (.ods)",
            Kind::Zip => "a ZIP archive",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn kinds_are_told_by_their_first_bytes_and_workbooks_by_their_first_members() {
        let excel = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x00\x00[Content_Types].xml\xec\x97";
        assert_eq!(Kind::of(excel), Some(Kind::Xlsx));
        let calc = b"PK\x03\x04\x14\x00\x00\x08\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK";
        assert_eq!(Kind::of(calc), Some(Kind::Ods));
        assert_eq!(Kind::of(b"PK\x03\x04\x0a\x00roster.csv"), Some(Kind::Zip));
        assert_eq!(Kind::of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"), Some(Kind::Xls));
        assert_eq!(Kind::of(b"%PDF-1.7\n"), Some(Kind::Pdf));
        assert_eq!(Kind::of(b"\x89PNG\r\n\x1a\n"), Some(Kind::Png));
        assert_eq!(Kind::of(b"PK,name\n"), None);
        assert_eq!(Kind::of(b""), None);
    }
}
