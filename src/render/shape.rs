//! Shaping: the one function that turns a string into positioned glyphs. It maps characters
//! one to one onto glyphs with legacy-kern kerning and per-character font fallback; a real shaper
//! (ligatures, marks, Arabic, Indic) would replace this function and nothing else.

use std::ops::Range;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::error::Result;
use super::fonts::{FaceId, FontBook};
use super::page::{GlyphRun, PlacedGlyph, Rgb};

/// A glyph positioned on a line, relative to the start of the shaped text.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedGlyph {
    /// The face that draws it: the requested one, or a fallback that has the character.
    pub face: FaceId,
    pub glyph_id: u16,
    /// Pen position: sum of the previous advances, kerning and letter spacing.
    pub x_pt: f32,
    /// The glyph's own advance, without kerning or letter spacing.
    pub advance_pt: f32,
    /// Kerning applied between the previous glyph and this one (already in `x_pt`).
    pub kern_pt: f32,
    /// Byte range in `Shaped::text`.
    pub text: Range<usize>,
}

/// The result of `shape`.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    /// The text in Unicode NFC; glyph ranges index into it.
    pub text: String,
    pub size_pt: f32,
    pub glyphs: Vec<ShapedGlyph>,
    /// Characters no face in the book can draw, each once, in order of appearance. They are
    /// drawn as the requested face's .notdef box, so they show up, and callers report them.
    pub missing: Vec<char>,
    /// Advance width of the whole text.
    pub width_pt: f32,
}

/// Shapes `text` in `face` at `size_pt`, adding `letter_spacing_pt` between glyphs (not after
/// the last one, so centred text stays centred).
///
/// The text is normalised to NFC first: names typed with combining accents (common for
/// Vietnamese, from some keyboards and databases) become the precomposed characters the fonts
/// have glyphs for. Tabs become spaces; other control characters and invisible format characters
/// (soft hyphen, zero-width space/joiners, variation selectors, BOM) produce no glyph, because
/// line breaking and hyphenation belong to layout.
pub fn shape(book: &FontBook, text: &str, face: FaceId, size_pt: f32, letter_spacing_pt: f32) -> Result<Shaped> {
    let text = if is_nfc_quick(text.chars()) == IsNormalized::Yes { text.to_owned() } else { text.nfc().collect() };
    let primary = book.face(face)?;
    let primary_tables = primary.tables();
    let primary_scale = size_pt / primary.metrics().units_per_em as f32;
    let mut glyphs = Vec::with_capacity(text.len());
    let mut missing = Vec::new();
    let mut pen = 0.0f32;
    let mut previous: Option<(FaceId, u16)> = None;

    for (start, c) in text.char_indices() {
        let c = if c == '\t' { ' ' } else { c };
        if c.is_control() || is_invisible_format(c) {
            continue;
        }
        let range = start..start + c.len_utf8();
        let (glyph_face, glyph_id, advance_pt, kern_units) = match primary_tables.glyph(c) {
            Some(gid) => {
                let kern = match previous {
                    Some((f, left)) if f == face => primary_tables.kern(left, gid),
                    _ => 0,
                };
                (face, gid, primary_tables.advance(gid) as f32 * primary_scale, kern as f32 * primary_scale)
            }
            None => match fallback_glyph(book, face, c, size_pt, previous)? {
                Some(found) => found,
                None => {
                    if !missing.contains(&c) {
                        missing.push(c);
                    }
                    (face, 0, primary_tables.advance(0) as f32 * primary_scale, 0.0)
                }
            },
        };
        if letter_spacing_pt != 0.0 && !glyphs.is_empty() && !unicode_normalization::char::is_combining_mark(c) {
            pen += letter_spacing_pt;
        }
        pen += kern_units;
        glyphs.push(ShapedGlyph {
            face: glyph_face,
            glyph_id,
            x_pt: pen,
            advance_pt,
            kern_pt: kern_units,
            text: range,
        });
        pen += advance_pt;
        previous = Some((glyph_face, glyph_id));
    }
    Ok(Shaped { text, size_pt, glyphs, missing, width_pt: pen })
}

/// The first face in `face`'s fallback chain that has `c`: (face, glyph, advance_pt, kern_pt).
fn fallback_glyph(
    book: &FontBook,
    face: FaceId,
    c: char,
    size_pt: f32,
    previous: Option<(FaceId, u16)>,
) -> Result<Option<(FaceId, u16, f32, f32)>> {
    for &candidate in book.fallbacks(face) {
        let other = book.face(candidate)?;
        let tables = other.tables();
        if let Some(gid) = tables.glyph(c) {
            let scale = size_pt / other.metrics().units_per_em as f32;
            let kern = match previous {
                Some((f, left)) if f == candidate => tables.kern(left, gid),
                _ => 0,
            };
            return Ok(Some((candidate, gid, tables.advance(gid) as f32 * scale, kern as f32 * scale)));
        }
    }
    Ok(None)
}

/// Default-ignorable characters that fonts often lack but that never draw anything.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}')
}

impl Shaped {
    /// Splits the shaped text into glyph runs of one face each, starting at pen position `x_pt`
    /// on `baseline_pt`: what a layout puts on a page.
    pub fn to_runs(&self, x_pt: f32, baseline_pt: f32, color: Rgb) -> Vec<GlyphRun> {
        let mut runs = Vec::new();
        let mut start = 0;
        while start < self.glyphs.len() {
            let face = self.glyphs[start].face;
            let end = self.glyphs[start..].iter().position(|g| g.face != face).map_or(self.glyphs.len(), |n| start + n);
            let part = &self.glyphs[start..end];
            let text_start = part[0].text.start;
            let text_end = part[part.len() - 1].text.end;
            let origin = part[0].x_pt;
            runs.push(GlyphRun {
                face,
                size_pt: self.size_pt,
                color,
                x_pt: x_pt + origin,
                baseline_pt,
                glyphs: part
                    .iter()
                    .map(|g| PlacedGlyph {
                        glyph_id: g.glyph_id,
                        x_pt: g.x_pt - origin,
                        advance_pt: g.advance_pt,
                        text: g.text.start - text_start..g.text.end - text_start,
                    })
                    .collect(),
                text: self.text[text_start..text_end].to_owned(),
            });
            start = end;
        }
        runs
    }
}

#[cfg(test)]
#[path = "shape_tests.rs"]
mod tests;
