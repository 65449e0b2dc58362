//! How a cluster's text comes back out of the page: which glyph draws which character, and
//! whether an extractor, reading by position, meets the characters in their logical order.

use std::ops::Range;

use crate::render::fonts::Face;
use crate::render::page::GlyphRun;

/// The byte range in `text` of the character each glyph draws, when the glyphs draw one
/// character each: a glyph that is the font's own glyph for a character draws that character,
/// and one glyph left over (a letter in a contextual form beside its marks) draws the one
/// character left over.
pub(super) fn one_to_one(face: &Face, text: &str, glyphs: &[u16]) -> Option<Vec<Range<usize>>> {
    if glyphs.len() < 2 {
        return None;
    }
    let chars: Vec<(Range<usize>, char)> = text.char_indices().map(|(at, c)| (at..at + c.len_utf8(), c)).collect();
    if chars.len() != glyphs.len() {
        return None;
    }
    let mut taken = vec![false; chars.len()];
    let mut drawn: Vec<Option<usize>> = vec![None; glyphs.len()];
    for (glyph, slot) in glyphs.iter().zip(&mut drawn) {
        if let Some(index) = (0..chars.len()).find(|&i| !taken[i] && face.glyph_index(chars[i].1) == Some(*glyph)) {
            taken[index] = true;
            *slot = Some(index);
        }
    }
    let free_char = (0..chars.len()).filter(|&i| !taken[i]).collect::<Vec<_>>();
    let free_glyph = drawn.iter().position(Option::is_none);
    match (free_glyph, free_char.as_slice()) {
        (None, []) => {}
        (Some(glyph), [index]) if drawn.iter().filter(|slot| slot.is_none()).count() == 1 => {
            drawn[glyph] = Some(*index)
        }
        _ => return None,
    }
    drawn.into_iter().map(|index| index.map(|i| chars[i].0.clone())).collect()
}

/// Whether extraction, which reads a line's characters by position, meets the cluster's
/// characters in their logical order without help:
/// - one glyph for one character, or for several left-to-right ones (a Latin ligature);
/// - left-to-right glyphs that draw one character each, in logical order (not an Indic vowel
///   sign drawn before its consonant).
///
/// Never a right-to-left cluster of several characters: extractors reverse a right-to-left line
/// character by character, which reverses a glyph's multi-character mapping, and they order a
/// mark drawn as its own glyph by where it sits, often before its letter. Those clusters get an
/// ActualText span in visual order, which the line's reversal puts right.
pub(super) fn extracts_in_order(text: &str, chars: Option<&[Range<usize>]>, glyphs: usize) -> bool {
    let several = text.chars().nth(1).is_some();
    match chars {
        _ if several && is_rtl(text) => false,
        None => glyphs == 1,
        Some(chars) => chars.windows(2).all(|pair| pair[0].start < pair[1].start),
    }
}

/// Whether the first strong character of `text` is right to left.
pub(super) fn is_rtl(text: &str) -> bool {
    use unicode_bidi::BidiClass::{AL, L, R};
    text.chars().map(unicode_bidi::bidi_class).find(|class| matches!(class, AL | R | L)).is_some_and(|class| class != L)
}

/// The text a run's glyphs stand for, from its first character to its last. Letter-spaced text
/// ("HONOR CODE CERTIFICATE" with 3 pt between letters) is wrapped in an ActualText span of it:
/// extractors read a gap between two letters as a space (poppler from a tenth of the font
/// size), so without the span the heading copies and searches as "H O N O R C O D E".
pub(super) fn run_text(run: &GlyphRun) -> &str {
    let start = run.glyphs.iter().map(|glyph| glyph.text.start).min().unwrap_or(0);
    let end = run.glyphs.iter().map(|glyph| glyph.text.end).max().unwrap_or(0);
    run.text.get(start..end).unwrap_or("")
}
