//! Tests of shaping: normalisation, kerning, spacing, fallback, missing characters, runs.

use super::*;
use crate::render::fonts::{Style, Weight};

fn serif(book: &FontBook) -> FaceId {
    book.resolve("serif", Weight::Regular, Style::Normal).expect("serif")
}

#[test]
fn combining_sequences_become_precomposed_glyphs() {
    let book = FontBook::new();
    let decomposed = "Nguye\u{302}\u{303}n"; // ê + combining tilde, as some keyboards type it
    let shaped = shape(&book, decomposed, serif(&book), 12.0, 0.0).expect("shape");
    assert_eq!(shaped.text, "Nguyễn");
    assert_eq!(shaped.glyphs.len(), 6);
    assert!(shaped.missing.is_empty());
}

#[test]
fn kerning_and_letter_spacing_move_the_pen() {
    let book = FontBook::new();
    let face = serif(&book);
    let av = shape(&book, "AV", face, 20.0, 0.0).expect("shape");
    assert!(av.glyphs[1].kern_pt < 0.0);
    let plain_sum: f32 = av.glyphs.iter().map(|g| g.advance_pt).sum();
    assert!((av.width_pt - (plain_sum + av.glyphs[1].kern_pt)).abs() < 1e-4);

    let spaced = shape(&book, "AV", face, 20.0, 3.0).expect("shape");
    assert!((spaced.width_pt - av.width_pt - 3.0).abs() < 1e-4, "spacing only between glyphs");
}

#[test]
fn width_scales_with_size() {
    let book = FontBook::new();
    let small = shape(&book, "Certificate", serif(&book), 10.0, 0.0).expect("shape");
    let large = shape(&book, "Certificate", serif(&book), 20.0, 0.0).expect("shape");
    assert!((large.width_pt - 2.0 * small.width_pt).abs() < 1e-3);
}

#[test]
fn characters_missing_in_the_face_come_from_the_fallback_chain() {
    let book = FontBook::new();
    let mono = book.resolve("mono", Weight::Regular, Style::Normal).expect("mono");
    // DejaVu Sans Mono has no Hebrew; DejaVu Sans does.
    assert!(book.face(mono).expect("face").glyph_index('א').is_none());
    let shaped = shape(&book, "aא", mono, 12.0, 0.0).expect("shape");
    assert_eq!(shaped.glyphs[0].face, mono);
    assert_ne!(shaped.glyphs[1].face, mono);
    assert!(shaped.missing.is_empty());
}

#[test]
fn characters_no_font_has_are_reported_and_drawn_as_notdef() {
    let book = FontBook::new();
    let shaped = shape(&book, "A中B中", serif(&book), 12.0, 0.0).expect("shape");
    assert_eq!(shaped.missing, ['中']);
    assert_eq!(shaped.glyphs.len(), 4);
    assert_eq!(shaped.glyphs[1].glyph_id, 0);
    assert!(shaped.glyphs[1].advance_pt > 0.0, ".notdef takes room so the gap is visible");
}

#[test]
fn invisible_and_control_characters_draw_nothing() {
    let book = FontBook::new();
    let shaped = shape(&book, "a\u{ad}b\u{200b}c\n", serif(&book), 12.0, 0.0).expect("shape");
    assert_eq!(shaped.glyphs.len(), 3);
    assert!(shaped.missing.is_empty());
    let tab = shape(&book, "a\tb", serif(&book), 12.0, 0.0).expect("shape");
    let space = shape(&book, "a b", serif(&book), 12.0, 0.0).expect("shape");
    assert_eq!(tab.width_pt, space.width_pt);
}

#[test]
fn runs_split_by_face_and_keep_their_text() {
    let book = FontBook::new();
    let mono = book.resolve("mono", Weight::Regular, Style::Normal).expect("mono");
    let shaped = shape(&book, "abאcd", mono, 12.0, 0.0).expect("shape");
    let runs = shaped.to_runs(100.0, 200.0, Rgb::BLACK);
    assert_eq!(runs.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), ["ab", "א", "cd"]);
    assert_eq!(runs[0].x_pt, 100.0);
    assert!((runs[2].x_pt - (100.0 + shaped.glyphs[3].x_pt)).abs() < 1e-4);
    assert_eq!(runs[2].glyphs[0].x_pt, 0.0);
    assert_eq!(runs[1].glyphs[0].text, 0..'א'.len_utf8());
    assert!(runs.iter().all(|r| r.baseline_pt == 200.0));
}

#[test]
fn scripts_of_the_worst_case_names_need_no_fallback_in_serif() {
    let book = FontBook::new();
    for name in
        ["Nguyễn Thị Minh Khai", "Αλέξανδρος Παπαδόπουλος", "Жанна Дмитриевна", "Zażółć Gęślą", "Çağrı Şükrü İğdır"]
    {
        let shaped = shape(&book, name, serif(&book), 12.0, 0.0).expect("shape");
        assert!(shaped.missing.is_empty(), "{name}");
        assert!(shaped.glyphs.iter().all(|g| g.face == serif(&book)), "{name}");
    }
}
