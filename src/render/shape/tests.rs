//! Tests of shaping: normalisation, kerning, spacing, fallback by script, bidi order, clusters,
//! lines cut from a paragraph, missing characters.

use super::*;
use crate::render::fonts::{Style, Weight};
use crate::render::page::Rgb;

fn face(book: &FontBook, family: &str) -> FaceId {
    book.resolve(family, Weight::Regular, Style::Normal).expect("family")
}

fn one_line(book: &FontBook, text: &str, family: &str, spacing: f32) -> (Shaped, Line) {
    shape_line(book, text, face(book, family), 12.0, spacing).expect("shape")
}

fn family_of(book: &FontBook, id: FaceId) -> String {
    book.face(id).expect("face").family().to_owned()
}

#[test]
fn combining_sequences_become_precomposed_glyphs() {
    let book = FontBook::new();
    let (decomposed, line) = one_line(&book, "Nguye\u{302}\u{303}n", "serif", 0.0);
    let (_, composed) = one_line(&book, "Nguyễn", "serif", 0.0);
    assert_eq!(decomposed.text, "Nguyễn");
    assert_eq!(line.glyphs.len(), 6);
    assert_eq!(line, composed);
    assert!(decomposed.missing.is_empty());
}

#[test]
fn gpos_kerning_tightens_pairs() {
    let book = FontBook::new();
    let (_, av) = one_line(&book, "AV", "serif", 0.0);
    let (_, a) = one_line(&book, "A", "serif", 0.0);
    let (_, v) = one_line(&book, "V", "serif", 0.0);
    assert!(av.width_pt < a.width_pt + v.width_pt - 0.5, "{} vs {}", av.width_pt, a.width_pt + v.width_pt);
}

#[test]
fn letter_spacing_goes_between_clusters_but_not_into_joined_scripts() {
    let book = FontBook::new();
    let (_, plain) = one_line(&book, "Ab c", "serif", 0.0);
    let (_, spaced) = one_line(&book, "Ab c", "serif", 3.0);
    assert!((spaced.width_pt - plain.width_pt - 9.0).abs() < 1e-3, "three gaps between four clusters");
    let (_, arabic) = one_line(&book, "محمد", "serif", 0.0);
    let (_, arabic_spaced) = one_line(&book, "محمد", "serif", 3.0);
    assert_eq!(arabic, arabic_spaced, "spacing would break the joins");
}

#[test]
fn a_right_to_left_word_inside_latin_has_the_same_space_on_both_sides() {
    let book = FontBook::new();
    for spacing in [0.0, 4.0] {
        let text = "Omar عمر Khan";
        let (_, line) = one_line(&book, text, "serif", spacing);
        let end = |g: &LineGlyph| g.x_pt + g.advance_pt;
        let r = line.glyphs.iter().find(|g| g.text.start == 3).expect("r");
        let k = line.glyphs.iter().position(|g| g.text.start == text.find('K').expect("K")).expect("K glyph");
        let arabic = text.find('ع').expect("arabic")..text.find(" K").expect("space");
        let first_arabic = line.glyphs.iter().find(|g| arabic.contains(&g.text.start)).expect("arabic glyph");
        let last_arabic = line.glyphs.iter().rfind(|g| arabic.contains(&g.text.start)).expect("arabic glyph");
        let before = first_arabic.x_pt - end(r);
        let after = line.glyphs[k].x_pt - end(last_arabic);
        assert!(
            (before - after).abs() < 0.01,
            "spacing {spacing}: {before:.2} pt before the Arabic word, {after:.2} after"
        );
        let space = line.glyphs.iter().find(|g| g.text.start == arabic.end).expect("space");
        assert_eq!(space.face, line.glyphs[k].face, "the space is drawn in Khan's face");
    }
}

#[test]
fn a_joined_word_inside_spaced_latin_has_the_same_room_on_both_sides() {
    let book = FontBook::new();
    for text in ["Ravi रवि Kumar", "Ravi রবি Kumar"] {
        let (_, line) = one_line(&book, text, "serif", 4.0);
        let word = text.find(' ').expect("space") + 1..text.rfind(' ').expect("space");
        let first = line.glyphs.iter().position(|g| word.contains(&g.text.start)).expect("word");
        let last = line.glyphs.iter().rposition(|g| word.contains(&g.text.start)).expect("word");
        let end = |g: &LineGlyph| g.x_pt + g.advance_pt;
        // Each side: the gap from the letter before the space to the first letter after it.
        let before = line.glyphs[first].x_pt - end(&line.glyphs[first - 2]);
        let after = line.glyphs[last + 2].x_pt - end(&line.glyphs[last]);
        let spaces = (line.glyphs[first - 1].advance_pt, line.glyphs[last + 1].advance_pt);
        assert!(
            ((before - spaces.0) - (after - spaces.1)).abs() < 0.01,
            "{text}: {before:.2} pt before the word (a space of {:.2}), {after:.2} after (a space of {:.2})",
            spaces.0,
            spaces.1
        );
    }
}

#[test]
fn width_scales_with_size() {
    let book = FontBook::new();
    let shaped =
        shape(&book, "Certificate", &[Span { range: 0..11, face: face(&book, "serif") }], None).expect("shape");
    let small = shaped.line(&book, 0..11, 10.0, 0.0).expect("line");
    let large = shaped.line(&book, 0..11, 20.0, 0.0).expect("line");
    assert!((large.width_pt - 2.0 * small.width_pt).abs() < 1e-3);
}

#[track_caller]
fn drawn_in(text: &str, family: &str, expected: &str) {
    let book = FontBook::new();
    let (shaped, line) = one_line(&book, text, family, 0.0);
    assert!(shaped.missing.is_empty(), "{text}: {:?}", shaped.missing);
    let families: Vec<String> = line.glyphs.iter().map(|g| family_of(&book, g.face)).collect();
    assert!(families.iter().all(|f| f == expected), "{text} in {family}: {families:?}");
}

#[test]
fn each_script_is_drawn_by_its_own_face() {
    drawn_in("محمد علي", "serif", "Noto Naskh Arabic");
    // DejaVu Sans has Hebrew and some Arabic, but the dedicated faces come first.
    drawn_in("דוד לוי", "sans", "Noto Sans Hebrew");
    drawn_in("محمد", "sans", "Noto Naskh Arabic");
    drawn_in("अनिरुद्ध", "mono", "Noto Sans Devanagari");
    drawn_in("রবীন্দ্রনাথ", "serif", "Noto Sans Bengali");
    drawn_in("சுப்பிரமணிய", "serif", "Noto Sans Tamil");
    drawn_in("สมชาย", "serif", "Noto Sans Thai");
    drawn_in("Γιώργος Жанна Łukasz", "serif", "DejaVu Serif");
}

#[test]
fn cjk_comes_from_the_system_face_or_the_embedded_one() {
    let book = FontBook::new();
    for name in ["王小明", "山田さくら", "김민준"] {
        let (shaped, line) = one_line(&book, name, "serif", 0.0);
        assert!(shaped.missing.is_empty(), "{name}");
        for glyph in &line.glyphs {
            let family = family_of(&book, glyph.face);
            assert!(family == "WenQuanYi Micro Hei" || family.contains("CJK"), "{name}: {family}");
        }
    }
}

#[test]
fn bold_text_takes_the_bold_script_face() {
    let book = FontBook::new();
    let bold = book.resolve("serif", Weight::Bold, Style::Normal).expect("bold");
    let (_, line) = shape_line(&book, "محمد", bold, 12.0, 0.0).expect("shape");
    let face = book.face(line.glyphs[0].face).expect("face");
    assert_eq!((face.family(), face.weight()), ("Noto Naskh Arabic", Weight::Bold));
}

#[test]
fn right_to_left_text_is_laid_out_in_visual_order() {
    let book = FontBook::new();
    let text = "Ali محمد Smith";
    let (shaped, line) = one_line(&book, text, "serif", 0.0);
    let starts: Vec<usize> = line.glyphs.iter().map(|g| g.text.start).collect();
    let arabic = text.find('م').expect("arabic");
    let smith = text.find("Smith").expect("smith");
    // Ali first, then the Arabic word from its last letter to its first, then Smith.
    assert_eq!(&starts[..3], [0, 1, 2]);
    let arabic_starts: Vec<usize> = starts.iter().copied().filter(|&s| (arabic..smith - 1).contains(&s)).collect();
    assert!(arabic_starts.windows(2).all(|w| w[0] > w[1]), "{arabic_starts:?}");
    assert_eq!(*starts.last().expect("glyphs"), smith + 4);
    assert!(line.glyphs.windows(2).all(|w| w[0].x_pt <= w[1].x_pt + 1e-3), "pen moves left to right");
    assert_eq!(shaped.text, text);
}

#[test]
fn arabic_letters_join() {
    let book = FontBook::new();
    let (_, alone) = one_line(&book, "ب", "serif", 0.0);
    let (_, joined) = one_line(&book, "ببب", "serif", 0.0);
    let isolated = alone.glyphs[0].glyph_id;
    assert_eq!(joined.glyphs.len(), 3);
    assert!(joined.glyphs.iter().all(|g| g.glyph_id != isolated), "initial, medial and final forms");
}

#[test]
fn indic_conjuncts_are_one_cluster() {
    let book = FontBook::new();
    let text = "क्ष";
    let (_, line) = one_line(&book, text, "serif", 0.0);
    assert!(line.glyphs.len() < text.chars().count(), "{:?}", line.glyphs);
    assert!(line.glyphs.iter().all(|g| g.text == (0..text.len())), "one cluster for the whole conjunct");
}

#[test]
fn marks_are_positioned_off_the_baseline() {
    let book = FontBook::new();
    // Thai tone mark over a vowel above: the shaper moves it up.
    let (_, line) = one_line(&book, "ปี่", "serif", 0.0);
    assert!(line.glyphs.iter().any(|g| g.y_pt != 0.0 || g.advance_pt == 0.0), "{:?}", line.glyphs);
}

#[test]
fn a_cut_line_equals_the_piece_shaped_alone() {
    let book = FontBook::new();
    let text = "Wilhelmina AVA Theodora Łukasz محمد علي";
    let spans = [Span { range: 0..text.len(), face: face(&book, "serif") }];
    let paragraph = shape(&book, text, &spans, None).expect("shape");
    for (start, end) in [(0, 14), (11, 23), (24, 31), (32, text.len())] {
        let cut = paragraph.line(&book, start..end, 12.0, 0.0).expect("line");
        let piece = &text[start..end];
        let (alone_shaped, alone) = shape_line(&book, piece, face(&book, "serif"), 12.0, 0.0).expect("shape");
        assert_eq!(alone_shaped.text, piece);
        let ids = |line: &Line| line.glyphs.iter().map(|g| g.glyph_id).collect::<Vec<_>>();
        assert_eq!(ids(&cut), ids(&alone), "{piece}");
        assert!((cut.width_pt - alone.width_pt).abs() < 1e-3, "{piece}");
    }
}

#[test]
fn characters_no_font_has_are_reported_and_drawn_as_notdef() {
    let book = FontBook::new();
    let (shaped, line) = one_line(&book, "A\u{13000}B\u{13000}", "serif", 0.0);
    assert_eq!(shaped.missing, ['\u{13000}']);
    assert_eq!(line.glyphs.len(), 4);
    assert_eq!(line.glyphs[1].glyph_id, 0);
    assert!(line.glyphs[1].advance_pt > 0.0, ".notdef takes room so the gap is visible");
}

#[test]
fn invisible_and_control_characters_draw_nothing() {
    let book = FontBook::new();
    let (shaped, line) = one_line(&book, "a\u{ad}b\u{200b}c", "serif", 0.0);
    assert_eq!(line.glyphs.len(), 3);
    assert!(shaped.missing.is_empty());
    let (_, tab) = one_line(&book, "a\tb", "serif", 0.0);
    let (_, space) = one_line(&book, "a b", "serif", 0.0);
    assert_eq!(tab.width_pt, space.width_pt);
}

#[test]
fn runs_split_by_face_and_keep_their_text() {
    let book = FontBook::new();
    let (shaped, line) = one_line(&book, "abאcd", "mono", 0.0);
    let runs = line.to_runs(&shaped.text, 100.0, 200.0, Rgb::BLACK, 12.0);
    assert_eq!(runs.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), ["ab", "א", "cd"]);
    assert_eq!(runs[0].x_pt, 100.0);
    assert!((runs[2].x_pt - (100.0 + line.glyphs[3].x_pt)).abs() < 1e-4);
    assert_eq!(runs[2].glyphs[0].x_pt, 0.0);
    assert_eq!(runs[1].glyphs[0].text, 0..'א'.len_utf8());
    assert!(runs.iter().all(|r| r.baseline_pt == 200.0 && r.size_pt == 12.0));
}

#[test]
fn clusters_are_in_logical_order_with_their_widths() {
    let book = FontBook::new();
    let text = "ab محمد";
    let spans = [Span { range: 0..text.len(), face: face(&book, "serif") }];
    let shaped = shape(&book, text, &spans, None).expect("shape");
    let clusters = shaped.clusters();
    assert!(clusters.windows(2).all(|w| w[0].byte < w[1].byte));
    assert!(clusters.iter().any(|c| c.space));
    let total: f32 = clusters.iter().map(|c| c.advance).sum();
    let line = shaped.line(&book, 0..text.len(), 1.0, 0.0).expect("line");
    assert!((total - line.width_pt).abs() < 1e-4);
}

#[test]
fn spaces_and_digits_take_the_face_of_the_words_around_them_not_an_added_font() {
    // An added font (--fonts) is tried first for every script; LKLUG (Debian's
    // fonts-lklug-sinhala, which scripts/test installs) has a wide space and digits, but no
    // Devanagari and no Thai.
    let mut book = FontBook::new();
    book.add_dir(std::path::Path::new("/usr/share/fonts/truetype/sinhala")).expect("fonts-lklug-sinhala is installed");
    for (name, family) in
        [("मोहन लाल", "Noto Sans Devanagari"), ("สมชาย ใจดี", "Noto Sans Thai"), ("अनिल 2 कुमार", "Noto Sans Devanagari")]
    {
        let (shaped, line) = one_line(&book, name, "serif", 0.0);
        assert!(shaped.missing.is_empty(), "{name}");
        let families: Vec<String> = line.glyphs.iter().map(|glyph| family_of(&book, glyph.face)).collect();
        assert!(families.iter().all(|f| f == family), "{name}: {families:?}");
    }
}
