//! Why a file could not be read as a PDF, in the words of someone who picked the wrong file:
//! empty, something else saved under a `.pdf` name (a web page, a picture, a Word file), or a
//! PDF whose end is missing (a download or a copy cut short). The parser's own words are kept
//! for the rest.

use super::CredentialError;

/// How far into a file a PDF's header may stand (readers accept a little before it).
const HEADER_WITHIN: usize = 1024;
/// How far from its end a whole PDF says `%%EOF` (a little may follow it).
const END_WITHIN: usize = 1024;

/// The error for `bytes`, which the PDF parser refused with `error`.
pub(super) fn unreadable(bytes: &[u8], error: impl std::fmt::Display) -> CredentialError {
    CredentialError::Pdf(said(bytes).unwrap_or_else(|| format!("it is not a readable PDF: {error}")))
}

fn said(bytes: &[u8]) -> Option<String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Some("it is empty, not a PDF".into());
    }
    let head = &bytes[..bytes.len().min(HEADER_WITHIN)];
    if !contains(head, b"%PDF-") {
        return Some(format!("it is not a PDF: {}", what_it_is(bytes)));
    }
    let tail = &bytes[bytes.len().saturating_sub(END_WITHIN)..];
    (!contains(tail, b"%%EOF"))
        .then(|| "it is a PDF cut short (its end is missing): download or copy the whole file again".into())
}

/// Whether `file` ends as a whole PDF does, with `%%EOF` near its end.
pub(super) fn ends_whole(file: &mut std::fs::File) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let length = file.seek(SeekFrom::End(0))?;
    let from = length.saturating_sub(END_WITHIN as u64);
    file.seek(SeekFrom::Start(from))?;
    let mut tail = Vec::with_capacity(END_WITHIN);
    file.take(END_WITHIN as u64).read_to_end(&mut tail)?;
    Ok(contains(&tail, b"%%EOF"))
}

/// What a file that is no PDF looks like, from its first bytes.
fn what_it_is(bytes: &[u8]) -> String {
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(HEADER_WITHIN)]).trim_start().to_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        return "it is a web page saved under a PDF's name (save the PDF itself: its download link)".into();
    }
    match crate::sniff::Kind::of(bytes) {
        Some(crate::sniff::Kind::Zip) => return "it is a ZIP archive, or a Word or OpenDocument file".into(),
        Some(kind) => return format!("it is {}", kind.what()),
        None => {}
    }
    let first_line = start.lines().next().unwrap_or_default();
    if first_line.chars().all(|c| !c.is_control() || c == '\t') {
        let shown: String = first_line.chars().take(40).collect();
        let more = if first_line.chars().count() > 40 { "…" } else { "" };
        return format!("it begins \"{shown}{more}\"");
    }
    "it has no PDF header".into()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::said;

    #[test]
    fn each_kind_of_wrong_file_is_named() {
        assert_eq!(said(b"").as_deref(), Some("it is empty, not a PDF"));
        assert_eq!(said(b" \n").as_deref(), Some("it is empty, not a PDF"));
        assert_eq!(said(b"hello\nworld\n").as_deref(), Some("it is not a PDF: it begins \"hello\""));
        let page = said(b"<!DOCTYPE html>\n<html lang=en>").unwrap_or_default();
        assert!(page.starts_with("it is not a PDF: it is a web page"), "{page}");
        assert_eq!(said(b"\x89PNG\r\n\x1a\n....").as_deref(), Some("it is not a PDF: it is a PNG picture"));
        assert!(said(b"PK\x03\x04....").unwrap_or_default().contains("Word"));
        let workbook = b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml";
        assert_eq!(said(workbook).as_deref(), Some("it is not a PDF: it is an Excel workbook (.xlsx)"));
        assert_eq!(said(b"\x00\x01\x02").as_deref(), Some("it is not a PDF: it has no PDF header"));
        let long = said(&[b'a'; 60]).unwrap_or_default();
        assert!(long.ends_with("…\""), "{long}");
    }

    #[test]
    fn a_pdf_without_its_end_is_cut_short_and_a_whole_one_is_left_to_the_parser() {
        let cut = said(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog");
        assert!(cut.is_some_and(|said| said.starts_with("it is a PDF cut short")));
        assert_eq!(said(b"%PDF-1.7\n...\n%%EOF\n"), None);
    }
}
