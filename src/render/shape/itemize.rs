//! Splitting a paragraph into runs harfrust can shape: by style span, bidi level and script,
//! then by face, choosing for each grapheme cluster the first face that has all its characters.

use std::ops::Range;

use unicode_script::{Script, UnicodeScript};
use unicode_segmentation::UnicodeSegmentation;

use super::harf::{RunProps, shape_run};
use super::{Language, Run, Shaped, Span, is_default_ignorable};
use crate::render::error::Result;
use crate::render::fonts::{CjkVariant, Dedicated, FaceId, FontBook};

pub(super) fn shape_paragraph(
    book: &FontBook,
    text: String,
    spans: &[Span],
    language: Option<&Language>,
) -> Result<Shaped> {
    let levels = bidi_levels(&text);
    let scripts = resolved_scripts(&text);
    let variant = CjkVariant::for_text(&text, language.map(Language::tag));
    let mut shaped =
        Shaped { text, runs: Vec::new(), glyphs: Vec::new(), missing: Vec::new(), language: language.cloned() };
    let mut items = Vec::new();
    for span in spans {
        split_span(&shaped.text, span, levels.as_deref(), &scripts, &mut items);
    }
    for item in items {
        for (range, face) in choose_faces(book, &shaped.text, &item, variant, &mut shaped.missing)? {
            let start = shaped.glyphs.len();
            let props = RunProps { rtl: item.level % 2 == 1, script: harf_script(item.script), language };
            shape_run(book.face(face)?, &shaped.text, range.clone(), &props, &mut shaped.glyphs)?;
            let spaced = !is_joined(item.script);
            shaped.runs.push(Run {
                range,
                face,
                level: item.level,
                script: props.script,
                spaced,
                glyphs: start..shaped.glyphs.len(),
            });
        }
    }
    Ok(shaped)
}

/// A stretch of one style span, bidi level and script.
struct Item {
    range: Range<usize>,
    face: FaceId,
    level: u8,
    script: Script,
}

/// The embedding level of every byte, or `None` when the text is left to right throughout
/// (no right-to-left letters, Arabic digits or bidi controls: then every level is 0).
fn bidi_levels(text: &str) -> Option<Vec<u8>> {
    use unicode_bidi::BidiClass::{AL, AN, R, RLE, RLI, RLO};
    let needs_bidi =
        text.chars().any(|c| !c.is_ascii() && matches!(unicode_bidi::bidi_class(c), R | AL | AN | RLE | RLO | RLI));
    if !needs_bidi {
        return None;
    }
    let info = unicode_bidi::BidiInfo::new(text, None);
    Some(info.levels.iter().map(|level| level.number()).collect())
}

/// The script of every character (by byte offset of its first byte), with Common and Inherited
/// characters (spaces, punctuation, digits, combining marks) taking the script around them.
fn resolved_scripts(text: &str) -> Vec<(usize, Script)> {
    let mut scripts: Vec<(usize, Script)> = Vec::with_capacity(text.len());
    let mut last_real: Option<Script> = None;
    let mut pending = 0;
    for (byte, c) in text.char_indices() {
        let script = if c.is_ascii_alphabetic() {
            Script::Latin
        } else if c.is_ascii() {
            Script::Common
        } else {
            c.script()
        };
        match script {
            Script::Common | Script::Inherited | Script::Unknown => match last_real {
                Some(real) => scripts.push((byte, real)),
                None => {
                    scripts.push((byte, Script::Common));
                    pending += 1;
                }
            },
            real => {
                // Leading neutral characters take the first real script.
                for entry in scripts.iter_mut().take(pending) {
                    entry.1 = real;
                }
                pending = 0;
                last_real = Some(real);
                scripts.push((byte, real));
            }
        }
    }
    scripts
}

fn split_span(text: &str, span: &Span, levels: Option<&[u8]>, scripts: &[(usize, Script)], out: &mut Vec<Item>) {
    let level_at = |byte: usize| levels.map_or(0, |levels| levels[byte]);
    let first = scripts.partition_point(|(byte, _)| *byte < span.range.start);
    let mut current: Option<Item> = None;
    for &(byte, script) in scripts[first..].iter().take_while(|(byte, _)| *byte < span.range.end) {
        let level = level_at(byte);
        match &mut current {
            Some(item) if item.level == level && item.script == script => {}
            _ => {
                if let Some(mut done) = current.take() {
                    done.range.end = byte;
                    out.push(done);
                }
                current = Some(Item { range: byte..span.range.end, face: span.face, level, script });
            }
        }
    }
    if let Some(mut done) = current {
        done.range.end = span.range.end.min(text.len());
        out.push(done);
    }
}

/// Splits an item into runs of one face each. Characters no candidate face has are added to
/// `missing`; their cluster is drawn in the item's face (as .notdef).
fn choose_faces(
    book: &FontBook,
    text: &str,
    item: &Item,
    variant: CjkVariant,
    missing: &mut Vec<char>,
) -> Result<Vec<(Range<usize>, FaceId)>> {
    let needed = |c: char| !c.is_control() && !is_default_ignorable(c);
    let slice = &text[item.range.clone()];
    let candidates: Vec<FaceId> = match Dedicated::of(item.script) {
        Some(script) => book.dedicated_faces(item.face, script, variant),
        None => {
            // The common case: the template's face has every character.
            let primary = book.face(item.face)?;
            if slice.chars().filter(|&c| needed(c)).all(|c| primary.glyph_index(c).is_some()) {
                return Ok(vec![(item.range.clone(), item.face)]);
            }
            vec![item.face]
        }
    };
    let chain = candidates.iter().chain(book.fallbacks(item.face)).copied();
    let mut runs: Vec<(Range<usize>, FaceId)> = Vec::new();
    for (offset, grapheme) in slice.grapheme_indices(true) {
        let start = item.range.start + offset;
        let mut chosen = None;
        for face in chain.clone() {
            let tables = book.face(face)?;
            if grapheme.chars().filter(|&c| needed(c)).all(|c| tables.glyph_index(c).is_some()) {
                chosen = Some(face);
                break;
            }
        }
        let face = match chosen {
            Some(face) => face,
            None => {
                // No face has the whole cluster: draw it in the face that has its first
                // character, and report what that face lacks (it prints as .notdef).
                let first = grapheme.chars().find(|&c| needed(c));
                let face = first
                    .and_then(|c| chain.clone().find(|&face| book.face(face).is_ok_and(|f| f.glyph_index(c).is_some())))
                    .unwrap_or(item.face);
                let drawing = book.face(face)?;
                for c in grapheme.chars().filter(|&c| needed(c) && drawing.glyph_index(c).is_none()) {
                    if !missing.contains(&c) {
                        missing.push(c);
                    }
                }
                face
            }
        };
        match runs.last_mut() {
            Some((range, last)) if *last == face => range.end = start + grapheme.len(),
            _ => runs.push((start..start + grapheme.len(), face)),
        }
    }
    Ok(runs)
}

/// Scripts whose letters join or hang from a shared line, which letter spacing would break.
fn is_joined(script: Script) -> bool {
    matches!(
        script,
        Script::Arabic
            | Script::Syriac
            | Script::Mongolian
            | Script::Nko
            | Script::Devanagari
            | Script::Bengali
            | Script::Gurmukhi
            | Script::Mandaic
    )
}

/// harfrust's script for a Unicode script, through their shared ISO 15924 code.
fn harf_script(script: Script) -> harfrust::Script {
    match script {
        Script::Latin => harfrust::Script::LATIN,
        Script::Common => harfrust::Script::COMMON,
        other => other.short_name().parse().unwrap_or(harfrust::Script::COMMON),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scripts(text: &str) -> Vec<Script> {
        resolved_scripts(text).into_iter().map(|(_, s)| s).collect()
    }

    #[test]
    fn neutral_characters_take_the_script_around_them() {
        use Script::*;
        assert_eq!(
            scripts("(محمد) Ali"),
            [Arabic, Arabic, Arabic, Arabic, Arabic, Arabic, Arabic, Latin, Latin, Latin]
        );
        assert_eq!(scripts("12 Ab"), [Latin, Latin, Latin, Latin, Latin]);
        assert_eq!(scripts("95.0%"), [Common; 5]);
        assert_eq!(scripts("e\u{301}"), [Latin, Latin]);
    }

    #[test]
    fn left_to_right_text_needs_no_bidi() {
        assert_eq!(bidi_levels("Nguyễn Thị Ngọc Lan 95.0%"), None);
        let levels = bidi_levels("Ali محمد").expect("right-to-left letters");
        assert_eq!(levels[0], 0);
        assert_eq!(levels["Ali ".len()], 1);
    }
}
