//! Shaping: the one way from text to positioned glyphs. A text goes through bidi levels
//! (unicode-bidi), script runs (unicode-script), a face per grapheme cluster from the font
//! book's fallback order, and harfrust, which joins Arabic, reorders and conjoins Indic
//! clusters, positions marks and kerns from GPOS. The result keeps, for every glyph, the source
//! text of its cluster, so the PDF can map glyphs back to characters.
//!
//! A paragraph is shaped once, in em units (size 1), and measured for line breaking by cluster;
//! `Shaped::line` then puts a line's runs in visual order at any size, reusing the shaped
//! glyphs where the line's ends are safe to break there and shaping the cut runs again where
//! they are not.

mod harf;
mod itemize;
mod line;

#[cfg(test)]
mod referee_tests;
#[cfg(test)]
mod tests;

use std::ops::Range;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

pub use self::line::{Line, LineGlyph};
use super::error::Result;
use super::fonts::{FaceId, FontBook};

/// A stretch of text set in one face (the template's font, weight and style for that span).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    pub face: FaceId,
}

/// The language of a text, as a BCP 47 tag: it picks regional glyph forms (Han characters in
/// Japanese or Chinese, Serbian Cyrillic) through the fonts' `locl` features.
/// Cheap to clone: every shaped paragraph keeps one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    tag: std::sync::Arc<str>,
    harf: Option<harfrust::Language>,
}

impl Language {
    pub fn new(tag: &str) -> Language {
        Language { tag: tag.into(), harf: tag.parse().ok() }
    }

    pub fn tag(&self) -> &str {
        &self.tag
    }
}

/// A glyph as shaped, in em units (multiply by the size in points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Glyph {
    pub id: u16,
    /// Byte offset of its cluster's first character in `Shaped::text`.
    pub cluster: u32,
    pub advance: f32,
    pub x_offset: f32,
    /// Upwards, as in the font.
    pub y_offset: f32,
    /// Breaking the text right before this glyph's cluster would change the shaping.
    pub unsafe_to_break: bool,
}

/// A run of the text shaped with one face, script and direction.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub range: Range<usize>,
    pub face: FaceId,
    pub level: u8,
    pub script: harfrust::Script,
    /// Letter spacing applies between its clusters (not in joined scripts such as Arabic).
    pub spaced: bool,
    /// Its glyphs in `Shaped::glyphs`, in visual order (right to left runs reversed).
    pub glyphs: Range<usize>,
}

impl Run {
    pub fn is_rtl(&self) -> bool {
        self.level % 2 == 1
    }
}

/// A paragraph shaped at 1 pt.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    /// The text in Unicode NFC; glyph clusters and runs index into it.
    pub text: String,
    pub(crate) runs: Vec<Run>,
    pub(crate) glyphs: Vec<Glyph>,
    /// Characters no face in the book can draw, each once, in order of appearance. Their
    /// clusters are drawn as the requested face's .notdef box, so they show up; callers report them.
    pub missing: Vec<char>,
    pub(crate) language: Option<Language>,
}

/// One cluster's width, in logical order, for line breaking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterWidth {
    /// Byte offset of its first character.
    pub byte: usize,
    /// In em: multiply by the size in points.
    pub advance: f32,
    /// Whitespace, which a line may end on without it counting.
    pub space: bool,
    /// Letter spacing follows it when another cluster of the line does.
    pub spaced: bool,
}

/// Shapes `text` with its style `spans` (which must cover it, in order). The text is normalised
/// to NFC first: names typed with combining accents (common for Vietnamese, from some keyboards
/// and databases) become the precomposed characters the fonts have glyphs for.
pub fn shape(book: &FontBook, text: &str, spans: &[Span], language: Option<&Language>) -> Result<Shaped> {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        itemize::shape_paragraph(book, text.to_owned(), spans, language)
    } else {
        // Normalisation changes byte offsets: map each span through its own normalised text.
        let mut normalized = String::with_capacity(text.len());
        let mut mapped = Vec::with_capacity(spans.len());
        for span in spans {
            let start = normalized.len();
            normalized.extend(text[span.range.clone()].nfc());
            mapped.push(Span { range: start..normalized.len(), face: span.face });
        }
        itemize::shape_paragraph(book, normalized, &mapped, language)
    }
}

/// Shapes `text` in one face as one line at `size_pt`, with `letter_spacing_pt` between clusters:
/// for texts that never wrap.
pub fn shape_line(
    book: &FontBook,
    text: &str,
    face: FaceId,
    size_pt: f32,
    letter_spacing_pt: f32,
) -> Result<(Shaped, Line)> {
    let shaped = shape(book, text, &[Span { range: 0..text.len(), face }], None)?;
    let line = shaped.line(book, 0..shaped.text.len(), size_pt, letter_spacing_pt)?;
    Ok((shaped, line))
}

impl Shaped {
    /// The width of every cluster, in logical order (sorted by byte). A run's clusters are
    /// monotone (harfrust's default cluster level), so a cluster's glyphs are neighbours.
    pub fn clusters(&self) -> Vec<ClusterWidth> {
        let mut clusters: Vec<ClusterWidth> = Vec::with_capacity(self.glyphs.len());
        for run in &self.runs {
            let first = clusters.len();
            for glyph in &self.glyphs[run.glyphs.clone()] {
                let byte = glyph.cluster as usize;
                if let Some(last) = clusters[first..].last_mut()
                    && last.byte == byte
                {
                    last.advance += glyph.advance;
                    continue;
                }
                let space = self.text[byte..].chars().next().is_some_and(char::is_whitespace);
                let spaced = run.spaced || space;
                clusters.push(ClusterWidth { byte, advance: glyph.advance, space, spaced });
            }
            if run.is_rtl() {
                clusters[first..].reverse();
            }
        }
        clusters
    }
}

/// Default-ignorable characters: fonts often lack them and they never draw anything, so they do
/// not decide which face draws a cluster.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}'
        | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}' | '\u{e0000}'..='\u{e0fff}')
}
