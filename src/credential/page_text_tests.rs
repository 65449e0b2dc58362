//! Tests of what a page prints: text a reader can see, and nothing hidden.

use lopdf::{Document, Object, Stream, dictionary};

use super::TextReader;

/// A 600 × 400 page (cropped to its left 300 points when `cropped`) drawing `content`, with
/// Helvetica as `/F1` (no widths: each glyph advances half an em) and a form `/Fm` drawing
/// `form` within `form_box`.
fn page_text(content: &str, cropped: bool, form: &str, form_box: [i64; 4]) -> String {
    let mut document = Document::with_version("1.7");
    let font = document.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let form_box: Vec<Object> = form_box.into_iter().map(Object::Integer).collect();
    let form = document.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => form_box,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } } },
        form.as_bytes().to_vec(),
    ));
    let contents = document.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
    let pages = document.new_object_id();
    let mut page = dictionary! {
        "Type" => "Page", "Parent" => pages, "Contents" => contents,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font }, "XObject" => dictionary! { "Fm" => form } },
    };
    if cropped {
        page.set("CropBox", vec![0.into(), 0.into(), 300.into(), 400.into()]);
    }
    let page = document.add_object(page);
    let media: Vec<Object> = [0, 0, 600, 400].into_iter().map(Object::Integer).collect();
    document.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1, "MediaBox" => media },
        ),
    );
    let catalog = document.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    document.trailer.set("Root", catalog);
    TextReader::new(&document).page_text(page).expect("the page reads")
}

#[track_caller]
fn shows(content: &str) -> String {
    page_text(content, false, "", [0, 0, 600, 400]).split_whitespace().collect()
}

#[test]
fn text_a_reader_sees_is_printed() {
    assert_eq!(shows("BT /F1 12 Tf 100 100 Td (60.0%) Tj ET"), "60.0%");
    assert_eq!(shows("BT /F1 12 Tf 1 Tr 100 100 Td (outlined) Tj ET"), "outlined");
    assert_eq!(shows("BT /F1 12 Tf 100 100 Td (both) Tj 3 Tr (hidden) Tj 0 Tr (again) Tj ET"), "bothagain");
    // Turned a quarter, text is as large as ever.
    assert_eq!(shows("q 0 1 -1 0 300 100 cm BT /F1 12 Tf (turned) Tj ET Q"), "turned");
    assert_eq!(shows("BT /F1 2.5 Tf 100 100 Td (small) Tj ET"), "small");
}

#[test]
fn invisible_text_and_text_that_only_clips_are_not_printed() {
    assert_eq!(shows("BT /F1 12 Tf 3 Tr 100 100 Td (60.0%) Tj ET"), "");
    assert_eq!(shows("BT /F1 12 Tf 7 Tr 100 100 Td (60.0%) Tj ET"), "");
    // The mode is restored with the graphics state.
    assert_eq!(shows("q BT 3 Tr ET Q BT /F1 12 Tf 100 100 Td (seen) Tj ET"), "seen");
}

#[test]
fn text_too_small_to_read_is_not_printed_however_it_is_made_small() {
    assert_eq!(shows("BT /F1 1 Tf 100 100 Td (60.0%) Tj ET"), "");
    assert_eq!(shows("BT /F1 12 Tf 0.1 0 0 0.1 100 100 Tm (60.0%) Tj ET"), "");
    assert_eq!(shows("q 0.1 0 0 0.1 0 0 cm BT /F1 12 Tf 1000 1000 Td (60.0%) Tj ET Q"), "");
    assert_eq!(shows("q 0.1 0 0 0.1 0 0 cm Q BT /F1 12 Tf 100 100 Td (restored) Tj ET"), "restored");
    // Squeezed flat in one direction only.
    assert_eq!(shows("BT /F1 12 Tf 1 Tz 100 100 Td (60.0%) Tj ET"), "");
    assert_eq!(shows("BT /F1 12 Tf 1 0 0 0.05 100 100 Tm (60.0%) Tj ET"), "");
}

#[test]
fn text_off_the_part_of_the_page_shown_is_not_printed() {
    assert_eq!(shows("BT /F1 12 Tf 700 100 Td (right) Tj ET"), "");
    assert_eq!(shows("BT /F1 12 Tf -100 100 Td (left) Tj ET"), "");
    assert_eq!(shows("BT /F1 12 Tf 100 500 Td (above) Tj 0 -520 Td (below) Tj ET"), "");
    // Glyph by glyph: a string that runs off the edge is printed up to it (6pt a glyph).
    assert_eq!(shows("BT /F1 12 Tf 560 100 Td (ABCDEFGHIJ) Tj ET"), "ABCDEFG");
    assert_eq!(shows("BT /F1 12 Tf 100 100 Td [(A) -100000 (B)] TJ ET"), "A");
    assert_eq!(shows("BT /F1 12 Tf 14 TL 100 -20 Td (below) Tj T* (gone) Tj 0 200 TD (back) Tj ET"), "back");
    let cropped = page_text("BT /F1 12 Tf 400 100 Td (cropped) Tj -300 0 Td (kept) Tj ET", true, "", [0, 0, 600, 400]);
    assert_eq!(cropped.split_whitespace().collect::<String>(), "kept");
}

#[test]
fn clipped_away_text_is_not_printed() {
    assert_eq!(shows("q 0 0 10 10 re W n BT /F1 12 Tf 100 100 Td (clipped) Tj ET Q"), "");
    assert_eq!(shows("q 0 0 10 10 re W n Q BT /F1 12 Tf 100 100 Td (restored) Tj ET"), "restored");
    assert_eq!(shows("q 0 0 m 5 0 l 5 5 l h W* n BT /F1 12 Tf 100 100 Td (clipped) Tj ET Q"), "");
    // A path that is only painted does not clip.
    assert_eq!(shows("0 0 10 10 re f BT /F1 12 Tf 100 100 Td (painted) Tj ET"), "painted");
}

#[test]
fn a_forms_text_is_printed_where_the_form_shows_it() {
    let form = "BT /F1 12 Tf 100 100 Td (60.0%) Tj ET";
    let text =
        |content: &str, form_box| page_text(content, false, form, form_box).split_whitespace().collect::<String>();
    assert_eq!(text("/Fm Do", [0, 0, 600, 400]), "60.0%");
    assert_eq!(text("/Fm Do", [0, 0, 10, 10]), "", "outside its box");
    assert_eq!(text("q 0.1 0 0 0.1 0 0 cm /Fm Do Q", [0, 0, 600, 400]), "", "too small");
    assert_eq!(text("q 1 0 0 1 600 0 cm /Fm Do Q", [0, 0, 600, 400]), "", "off the page");
    // The same form drawn twice, once where it is seen.
    assert_eq!(text("q 1 0 0 1 600 0 cm /Fm Do Q /Fm Do", [0, 0, 600, 400]), "60.0%");
}

#[test]
fn an_actual_text_span_is_printed_when_a_glyph_it_stands_for_is_seen() {
    let span = |mode: u8| format!("BT /F1 12 Tf {mode} Tr 100 100 Td /Span <</ActualText (60.0%)>> BDC (xx) Tj EMC ET");
    assert_eq!(shows(&span(0)), "60.0%");
    assert_eq!(shows(&span(3)), "");
}
