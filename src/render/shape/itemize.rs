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
    let items = items(&text, spans, levels.as_deref());
    // Only a CJK run needs the regional variant, and finding it reads the whole text.
    let mut variant = None;
    let mut shaped =
        Shaped { text, runs: Vec::new(), glyphs: Vec::new(), missing: Vec::new(), language: language.cloned() };
    for item in items {
        let variant = match Dedicated::of(item.script) {
            Some(Dedicated::Cjk) => {
                *variant.get_or_insert_with(|| CjkVariant::for_text(&shaped.text, language.map(Language::tag)))
            }
            _ => CjkVariant::Simplified,
        };
        for (range, face) in choose_faces(book, &shaped.text, &item, variant, &mut shaped.missing)? {
            let start = shaped.glyphs.len();
            let props = RunProps { rtl: item.level % 2 == 1, script: harf_script(item.script), language };
            shape_run(book.face(face)?, &shaped.text, range.clone(), &props, &mut shaped.glyphs)?;
            shaped.runs.push(Run {
                range,
                face,
                level: item.level,
                script: props.script,
                spaced: !is_joined(item.script),
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
    // Hebrew (U+0590) is the first block with right-to-left letters.
    let needs_bidi =
        text.chars().any(|c| c >= '\u{590}' && matches!(unicode_bidi::bidi_class(c), R | AL | AN | RLE | RLO | RLI));
    if !needs_bidi {
        return None;
    }
    let info = unicode_bidi::BidiInfo::new(text, None);
    Some(info.levels.iter().map(|level| level.number()).collect())
}

/// A character's script; Latin letters of the first blocks without a table lookup.
fn script_of(c: char) -> Script {
    match c {
        c if c.is_ascii_alphabetic() => Script::Latin,
        c if c.is_ascii() => Script::Common,
        '\u{c0}'..='\u{24f}' if c.is_alphabetic() => Script::Latin,
        c => c.script(),
    }
}

/// The text cut where the style span, the bidi level or the script changes. Common and
/// Inherited characters (spaces, punctuation, digits, combining marks) take the script before
/// them, or the first real script after them at the start of the text, or where they step
/// down out of a right-to-left word into the text around it: the space in `Omar عمر Khan`
/// belongs to `Khan`, whose face and letter spacing it takes, not to the Arabic word.
fn items(text: &str, spans: &[Span], levels: Option<&[u8]>) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut last_real: Option<Script> = None;
    for span in spans {
        for (offset, c) in text[span.range.clone()].char_indices() {
            let byte = span.range.start + offset;
            let level = levels.map_or(0, |levels| levels[byte]);
            let script = match script_of(c) {
                Script::Common | Script::Inherited | Script::Unknown
                    if items.last().is_some_and(|item| item.level > level) =>
                {
                    Script::Common
                }
                Script::Common | Script::Inherited | Script::Unknown => last_real.unwrap_or(Script::Common),
                real => {
                    // The text's first letters: the neutral characters before them take their script.
                    if last_real.is_none() {
                        for item in items.iter_mut().filter(|item| item.script == Script::Common) {
                            item.script = real;
                        }
                    }
                    last_real = Some(real);
                    real
                }
            };
            match items.last_mut() {
                Some(item) if item.face == span.face && item.level == level && item.script == script => {
                    item.range.end = byte + c.len_utf8();
                }
                Some(item) if item.face == span.face && item.level == level && item.script == Script::Common => {
                    item.script = script;
                    item.range.end = byte + c.len_utf8();
                }
                _ => items.push(Item { range: byte..byte + c.len_utf8(), face: span.face, level, script }),
            }
        }
    }
    items
}

/// Splits an item into runs of one face each. Characters no candidate face has are added to
/// `missing`; their cluster is drawn in the item's face (as .notdef). A neutral cluster (a
/// space, punctuation, a digit) takes the face of the letters before it, or after it, when that
/// face has it: a space between two Arabic words is the Arabic face's, not that of an added
/// font that happens to come first and to have a space.
fn choose_faces(
    book: &FontBook,
    text: &str,
    item: &Item,
    variant: CjkVariant,
    missing: &mut Vec<char>,
) -> Result<Vec<(Range<usize>, FaceId)>> {
    let slice = &text[item.range.clone()];
    let candidates: Vec<FaceId> = match Dedicated::of(item.script) {
        Some(script) => book.dedicated_faces(item.face, script, variant),
        None => {
            // The common case: the template's face has every character.
            if covers(book, item.face, slice)? {
                return Ok(vec![(item.range.clone(), item.face)]);
            }
            vec![item.face]
        }
    };
    let chain: Vec<FaceId> = candidates.iter().chain(book.fallbacks(item.face)).copied().collect();
    let graphemes: Vec<(usize, &str)> = slice.grapheme_indices(true).collect();
    // The faces of the clusters that have a script; neutral ones are chosen in the second pass.
    let mut faces: Vec<Option<FaceId>> = Vec::with_capacity(graphemes.len());
    for (_, grapheme) in &graphemes {
        faces.push(if is_neutral(grapheme) { None } else { Some(first_face(book, &chain, item, grapheme, missing)?) });
    }
    let mut runs: Vec<(Range<usize>, FaceId)> = Vec::new();
    for (index, (offset, grapheme)) in graphemes.iter().enumerate() {
        let face = match faces[index] {
            Some(face) => face,
            None => {
                let before = runs.last().map(|(_, face)| *face);
                let after = faces[index + 1..].iter().flatten().next().copied();
                let mut neighbour = None;
                for face in before.into_iter().chain(after) {
                    if covers(book, face, grapheme)? {
                        neighbour = Some(face);
                        break;
                    }
                }
                match neighbour {
                    Some(face) => face,
                    None => first_face(book, &chain, item, grapheme, missing)?,
                }
            }
        };
        let start = item.range.start + offset;
        match runs.last_mut() {
            Some((range, last)) if *last == face => range.end = start + grapheme.len(),
            _ => runs.push((start..start + grapheme.len(), face)),
        }
    }
    Ok(runs)
}

/// Whether a character needs a glyph (controls and default-ignorable ones draw nothing).
fn needed(c: char) -> bool {
    !c.is_control() && !is_default_ignorable(c)
}

/// Whether `face` has every character of `text` that needs a glyph.
fn covers(book: &FontBook, face: FaceId, text: &str) -> Result<bool> {
    let tables = book.face(face)?;
    Ok(text.chars().filter(|&c| needed(c)).all(|c| tables.glyph_index(c).is_some()))
}

/// A cluster of spaces, punctuation, digits or symbols only: no letter of a script.
fn is_neutral(grapheme: &str) -> bool {
    grapheme.chars().all(|c| matches!(script_of(c), Script::Common | Script::Inherited | Script::Unknown))
}

/// The first face of `chain` with the whole cluster; when none has it, the face that has its
/// first character (or the item's), with what that face lacks added to `missing` (it prints
/// as .notdef).
fn first_face(
    book: &FontBook,
    chain: &[FaceId],
    item: &Item,
    grapheme: &str,
    missing: &mut Vec<char>,
) -> Result<FaceId> {
    for &face in chain {
        if covers(book, face, grapheme)? {
            return Ok(face);
        }
    }
    let first = grapheme.chars().find(|&c| needed(c));
    let face = first
        .and_then(|c| chain.iter().copied().find(|&face| book.face(face).is_ok_and(|f| f.glyph_index(c).is_some())))
        .unwrap_or(item.face);
    let drawing = book.face(face)?;
    for c in grapheme.chars().filter(|&c| needed(c) && drawing.glyph_index(c).is_none()) {
        if !missing.contains(&c) {
            missing.push(c);
        }
    }
    Ok(face)
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

    fn scripts(text: &str) -> Vec<(String, Script)> {
        let spans = [Span { range: 0..text.len(), face: FaceId(0) }];
        let levels = bidi_levels(text);
        items(text, &spans, levels.as_deref())
            .into_iter()
            .map(|item| (text[item.range].to_string(), item.script))
            .collect()
    }

    #[test]
    fn neutral_characters_take_the_script_around_them() {
        use Script::*;
        assert_eq!(scripts("Ali محمد"), [("Ali ".to_string(), Latin), ("محمد".to_string(), Arabic)]);
        assert_eq!(scripts("(محمد) Ali"), [("(محمد) ".to_string(), Arabic), ("Ali".to_string(), Latin)]);
        assert_eq!(scripts("12 Ab"), [("12 Ab".to_string(), Latin)]);
        assert_eq!(scripts("95.0%"), [("95.0%".to_string(), Common)]);
        assert_eq!(scripts("e\u{301}ç"), [("e\u{301}ç".to_string(), Latin)]);
        assert_eq!(scripts("山田 さくら"), [("山田 ".to_string(), Han), ("さくら".to_string(), Hiragana)]);
    }

    #[test]
    fn a_space_after_a_right_to_left_word_belongs_to_the_text_it_leads_into() {
        use Script::*;
        let owned = |items: &[(&str, Script)]| -> Vec<(String, Script)> {
            items.iter().map(|(text, script)| (text.to_string(), *script)).collect()
        };
        assert_eq!(scripts("Omar عمر Khan"), owned(&[("Omar ", Latin), ("عمر", Arabic), (" Khan", Latin)]));
        assert_eq!(scripts("David דוד Levi"), owned(&[("David ", Latin), ("דוד", Hebrew), (" Levi", Latin)]));
        assert_eq!(scripts("Omar عمر."), owned(&[("Omar ", Latin), ("عمر", Arabic), (".", Common)]));
        // Inside right-to-left text, digits and spaces stay with the Arabic words around them.
        assert_eq!(scripts("محمد 3 علي"), owned(&[("محمد ", Arabic), ("3", Arabic), (" علي", Arabic)]));
    }

    #[test]
    fn left_to_right_text_needs_no_bidi() {
        assert_eq!(bidi_levels("Nguyễn Thị Ngọc Lan 95.0%"), None);
        let levels = bidi_levels("Ali محمد").expect("right-to-left letters");
        assert_eq!(levels[0], 0);
        assert_eq!(levels["Ali ".len()], 1);
    }
}
