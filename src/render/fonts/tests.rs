//! Tests of the font book: embedded families, resolution, fallback chains, loading a directory.

use super::*;

fn face<'a>(book: &'a FontBook, family: &str, weight: Weight, style: Style) -> &'a Face {
    let id = book.resolve(family, weight, style).expect("family exists");
    book.face(id).expect("resolved ids are valid")
}

#[test]
fn embedded_families_load() {
    let book = FontBook::new();
    assert_eq!(embedded_faces().len(), EMBEDDED.len(), "every embedded font parses");
    assert_eq!(book.face_count(), EMBEDDED.len() + 16, "and 16 slots for system CJK faces");
    assert_eq!(
        book.families().collect::<Vec<_>>(),
        [
            "DejaVu Serif",
            "DejaVu Sans",
            "DejaVu Sans Mono",
            "Noto Naskh Arabic",
            "Noto Sans Hebrew",
            "Noto Sans Devanagari",
            "Noto Sans Bengali",
            "Noto Sans Tamil",
            "Noto Sans Thai",
            "WenQuanYi Micro Hei",
        ]
    );
}

#[test]
fn resolves_aliases_and_real_names_case_insensitively() {
    let book = FontBook::new();
    assert_eq!(face(&book, "serif", Weight::Bold, Style::Italic).postscript_name(), "DejaVuSerif-BoldItalic");
    assert_eq!(face(&book, "SANS", Weight::Regular, Style::Italic).postscript_name(), "DejaVuSans-Oblique");
    assert_eq!(face(&book, "dejavu sans mono", Weight::Bold, Style::Normal).postscript_name(), "DejaVuSansMono-Bold");
    assert!(book.resolve("Comic Sans", Weight::Regular, Style::Normal).is_none());
}

#[test]
fn missing_style_falls_back_to_nearest_face_of_the_family() {
    let book = FontBook::new();
    // The mono family ships without italics: keep the weight, drop the slant.
    assert_eq!(face(&book, "mono", Weight::Bold, Style::Italic).postscript_name(), "DejaVuSansMono-Bold");
    assert_eq!(face(&book, "mono", Weight::Regular, Style::Italic).postscript_name(), "DejaVuSansMono");
}

#[test]
fn fallback_chain_keeps_weight_and_style_in_family_order() {
    let book = FontBook::new();
    let serif_bold = book.resolve("serif", Weight::Bold, Style::Normal).expect("serif bold");
    let chain: Vec<&str> =
        book.fallbacks(serif_bold).iter().map(|&id| book.face(id).expect("valid").postscript_name()).collect();
    assert_eq!(&chain[..3], ["DejaVuSans-Bold", "DejaVuSansMono-Bold", "NotoNaskhArabic-Bold"]);
    assert_eq!(chain.len(), EMBEDDED.len() - 1, "then every other embedded face");
}

#[test]
fn metrics_come_from_the_font() {
    let book = FontBook::new();
    let serif = face(&book, "serif", Weight::Regular, Style::Normal);
    let m = serif.metrics();
    assert_eq!(m.units_per_em, 2048);
    assert!(m.ascent > 0 && m.descent < 0 && m.cap_height > 0 && m.cap_height < m.ascent);
    let a = serif.glyph_index('A').expect("A");
    let v = serif.glyph_index('V').expect("V");
    assert!(serif.advance(a) > 0 && serif.advance(v) > 0);
    assert!(serif.glyph_index('ệ').is_some() && serif.glyph_index('Ж').is_some() && serif.glyph_index('λ').is_some());
}

#[test]
fn add_dir_adds_families_and_rejects_unreadable_dirs() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("Mono.TTF"), EMBEDDED[8].bytes).expect("write");
    std::fs::write(dir.path().join("notes.txt"), "not a font").expect("write");
    let mut book = FontBook::new();
    let added = book.add_dir(dir.path()).expect("loads");
    assert_eq!(added, ["DejaVu Sans Mono"]);
    assert_eq!(book.face_count(), FontBook::new().face_count() + 1);
    assert!(FontBook::new().add_dir(&dir.path().join("absent")).is_err());

    std::fs::write(dir.path().join("broken.ttf"), b"garbage").expect("write");
    let err = FontBook::new().add_dir(dir.path()).expect_err("broken font");
    assert!(err.to_string().contains("broken.ttf"), "{err}");
}

#[test]
fn font_book_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<FontBook>();
}

#[test]
fn packed_subsets_are_kept_for_the_documents_after_the_most_recent_first() {
    let book = FontBook::new();
    let embedded = face(&book, "serif", Weight::Regular, Style::Normal);
    // A face of its own, so that no other test has used its subsets.
    let own = Face::loaded(Arc::new(embedded.bytes().to_vec()), 0, "test").expect("loads");
    let made = std::cell::Cell::new(0);
    let pack = |glyphs: &[u16]| {
        own.packed_subset(glyphs, || {
            made.set(made.get() + 1);
            Ok::<_, ()>(PackedSubset {
                packed: glyphs.iter().flat_map(|glyph| glyph.to_be_bytes()).collect(),
                length: 1,
            })
        })
        .expect("made")
    };
    let first = pack(&[0, 5, 9]);
    assert_eq!(first.packed, [0, 0, 0, 5, 0, 9]);
    assert!(Arc::ptr_eq(&first, &pack(&[0, 5, 9])), "the same glyphs again: kept");
    assert_eq!(made.get(), 1);
    assert_ne!(pack(&[0, 9, 5]).packed, first.packed, "another order is another subset");
    assert_eq!(made.get(), 2);
    // Six more lists, [0, 5, 9] used after each: the eight kept are [0, 9, 5], the six and
    // [0, 5, 9]; a ninth pushes out [0, 9, 5], the least recently used.
    for glyph in 10..16 {
        pack(&[0, glyph]);
        pack(&[0, 5, 9]);
    }
    pack(&[0, 16]);
    assert_eq!(made.get(), 9);
    pack(&[0, 5, 9]);
    assert_eq!(made.get(), 9, "used recently: still kept");
    pack(&[0, 9, 5]);
    assert_eq!(made.get(), 10, "the least recently used went");
    let large = || Ok::<_, ()>(PackedSubset { packed: vec![0; 64 * 1024 + 1], length: 1 });
    let first_large = own.packed_subset(&[0, 98], large).expect("made");
    assert!(!Arc::ptr_eq(&first_large, &own.packed_subset(&[0, 98], large).expect("made")), "too large to keep");
    let failed = own.packed_subset(&[0, 99], || Err("cannot"));
    assert_eq!(failed, Err("cannot"));
    pack(&[0, 99]);
    assert_eq!(made.get(), 11, "a failure is not kept");
}
