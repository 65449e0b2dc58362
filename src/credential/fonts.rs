//! A page's fonts as reading its text needs them: what their codes say in Unicode, how many
//! bytes a code takes, and how far each glyph moves the pen, so that where every glyph lands
//! is known.

use lopdf::{Dictionary, Document, Encoding, Object};

use super::visible::number;

/// Glyph advances of a font without widths (the standard 14 fonts may have none): about an
/// average letter's, in thousandths of an em.
const UNKNOWN_WIDTH: f64 = 500.0;

pub struct Font<'a> {
    /// `None` when the codes cannot be read as Unicode: such text is not read.
    encoding: Option<Encoding<'a>>,
    /// 2 for a composite (`Type0`) font, whose certdesk (and most writers) use `Identity-H`;
    /// 1 for a simple font.
    code_bytes: usize,
    /// Widths of codes `first..=last`, in glyph units.
    widths: Vec<(u32, u32, f64)>,
    default_width: f64,
    /// Glyph units to text space units: a thousandth, or a Type 3 font's own.
    scale: f64,
}

impl<'a> Font<'a> {
    pub fn load(document: &'a Document, font: &'a Dictionary) -> Font<'a> {
        let encoding = font.get_font_encoding(document).ok();
        let deref = |dict: &'a Dictionary, key: &[u8]| dict.get(key).ok().and_then(|o| document.dereference(o).ok());
        if font.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0") {
            let descendant = deref(font, b"DescendantFonts")
                .and_then(|(_, fonts)| fonts.as_array().ok()?.first())
                .and_then(|first| document.dereference(first).ok())
                .and_then(|(_, first)| first.as_dict().ok());
            let widths = descendant.and_then(|d| deref(d, b"W")).map(|(_, w)| cid_widths(document, w));
            let default_width = descendant.and_then(|d| deref(d, b"DW")).and_then(|(_, w)| number(w));
            return Font {
                encoding,
                code_bytes: 2,
                widths: widths.unwrap_or_default(),
                default_width: default_width.unwrap_or(1000.0),
                scale: 0.001,
            };
        }
        let first = deref(font, b"FirstChar").and_then(|(_, first)| first.as_i64().ok()).unwrap_or(0);
        let listed: Vec<f64> = deref(font, b"Widths")
            .and_then(|(_, widths)| widths.as_array().ok())
            .map(|widths| widths.iter().map(|w| document.dereference(w).ok().and_then(|(_, w)| number(w))))
            .map(|widths| widths.map(Option::unwrap_or_default).collect())
            .unwrap_or_default();
        let missing = deref(font, b"MissingWidth").and_then(|(_, w)| number(w));
        let default_width = missing.unwrap_or(if listed.is_empty() { UNKNOWN_WIDTH } else { 0.0 });
        let first = u32::try_from(first).unwrap_or(0);
        let widths = (first..).zip(listed).map(|(code, width)| (code, code, width)).collect();
        let scale = deref(font, b"FontMatrix")
            .and_then(|(_, matrix)| number(matrix.as_array().ok()?.first()?))
            .filter(|scale| scale.is_finite() && *scale != 0.0)
            .unwrap_or(0.001);
        Font { encoding, code_bytes: 1, widths, default_width, scale }
    }

    /// The codes of a string the font shows, each as its bytes.
    pub fn codes<'b>(&self, bytes: &'b [u8]) -> std::slice::Chunks<'b, u8> {
        bytes.chunks(self.code_bytes)
    }

    /// How far `code` moves the pen, in text space units per unit of font size.
    pub fn width_em(&self, code: &[u8]) -> f64 {
        let value = code.iter().fold(0u32, |value, &byte| value << 8 | u32::from(byte));
        let at = self.widths.partition_point(|&(_, last, _)| last < value);
        let width = match self.widths.get(at) {
            Some(&(first, _, width)) if first <= value => width,
            _ => self.default_width,
        };
        width * self.scale
    }

    /// Whether `code` is the single-byte space that word spacing (`Tw`) widens.
    pub fn is_word_space(&self, code: &[u8]) -> bool {
        code == b" "
    }

    /// Appends the Unicode text of the codes `bytes` to `out`; false when the font's codes
    /// cannot be read.
    pub fn read_into(&self, bytes: &[u8], out: &mut String) -> bool {
        self.encoding.as_ref().is_some_and(|encoding| encoding.write_to_string(bytes, out).is_ok())
    }
}

/// A CID font's `/W` array, `c [w1 w2 …]` and `first last w` entries, sorted by code.
fn cid_widths(document: &Document, array: &Object) -> Vec<(u32, u32, f64)> {
    let Ok(items) = array.as_array() else { return Vec::new() };
    let code = |item: &Object| item.as_i64().ok().and_then(|code| u32::try_from(code).ok());
    let mut widths = Vec::new();
    let mut at = 0;
    while at + 1 < items.len() {
        let Some(first) = code(&items[at]) else { break };
        match document.dereference(&items[at + 1]).map(|(_, item)| item) {
            Ok(Object::Array(each)) => {
                let each = each.iter().filter_map(number);
                widths.extend((first..).zip(each).map(|(code, width)| (code, code, width)));
                at += 2;
            }
            Ok(last) => {
                let (Some(last), Some(width)) = (code(last), items.get(at + 2).and_then(number)) else { break };
                widths.push((first, last, width));
                at += 3;
            }
            Err(_) => break,
        }
    }
    widths.sort_by_key(|&(first, _, _)| first);
    widths
}
