//! Tests of what a page prints: text a reader can see, and nothing hidden.

use lopdf::{Document, Object, Stream, dictionary};

use super::TextReader;

/// A 600 × 400 page (cropped to its left 300 points when `cropped`) drawing `content`, with
/// Helvetica as `/F1` (no widths: each glyph advances half an em), a form `/Fm` drawing
/// `form` within `form_box`, and graphics states `/half` (fills half opaque), `/faint` (5%)
/// and `/masked` (a soft mask).
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
    let states = dictionary! {
        "half" => dictionary! { "ca" => 0.5 },
        "faint" => dictionary! { "ca" => 0.05 },
        "masked" => dictionary! { "SMask" => dictionary! { "S" => "Luminosity", "G" => form } },
    };
    let resources = dictionary! {
        "Font" => dictionary! { "F1" => font }, "XObject" => dictionary! { "Fm" => form }, "ExtGState" => states,
    };
    let mut page =
        dictionary! { "Type" => "Page", "Parent" => pages, "Contents" => contents, "Resources" => resources };
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

/// The sample drawn by the tests below: 6pt a glyph from (100, 100), 8.4pt tall.
const GRADE: &str = "BT /F1 12 Tf 100 100 Td (60.0%) Tj ET";

#[test]
fn text_in_the_colour_of_what_lies_under_it_is_not_printed() {
    let grade = |before: &str| shows(&format!("{before} {GRADE}"));
    assert_eq!(grade(""), "60.0%", "black on the white page");
    assert_eq!(grade("1 g"), "", "white on white");
    assert_eq!(grade("0.97 0.96 0.98 rg"), "", "nearly white");
    assert_eq!(grade("0 0 0 0 k"), "", "white in CMYK");
    assert_eq!(grade("/DeviceRGB cs 1 1 1 sc"), "");
    assert_eq!(grade("0.6 g"), "60.0%", "grey");
    // On a dark band, light text is seen and text of the band's colour is not.
    assert_eq!(grade("0 0 0.4 rg 0 80 600 60 re f 1 g"), "60.0%");
    assert_eq!(grade("0 0 0.4 rg 0 80 600 60 re f 0 0 0.42 rg"), "");
    // Outlined text is judged by its stroke colour.
    assert_eq!(grade("1 g 0 G 1 Tr"), "60.0%");
    assert_eq!(grade("0 g 1 G 1 Tr"), "");
    // Nearly transparent, or in a colour that cannot be told (a pattern, under a soft mask).
    assert_eq!(grade("/faint gs"), "");
    assert_eq!(grade("/half gs"), "60.0%");
    assert_eq!(grade("/Pattern cs /P1 scn"), "60.0%");
    assert_eq!(grade("1 g /masked gs"), "60.0%");
}

#[test]
fn text_painted_over_is_not_printed() {
    let grade = |after: &str| shows(&format!("{GRADE} {after}"));
    assert_eq!(grade("1 g 90 90 100 30 re f"), "", "a white box");
    assert_eq!(shows(&format!("1 g 90 90 100 30 re f 0 g {GRADE}")), "60.0%", "a box under it");
    // Two triangles, two paths, a thick line: what they paint together covers it.
    assert_eq!(grade("1 g 90 90 m 190 90 l 190 120 l h f 90 90 m 190 120 l 90 120 l f"), "");
    assert_eq!(grade("1 g 90 90 50 30 re f 140 90 50 30 re f"), "");
    assert_eq!(grade("1 G 20 w 90 104 m 200 104 l S"), "");
    // A box over the first two glyphs (100 to 112) hides them.
    assert_eq!(grade("1 g 90 90 22.5 30 re f"), ".0%");
    // A box half opaque leaves it seen; a clip that leaves the box off it too.
    assert_eq!(grade("/half gs 1 g 90 90 100 30 re f"), "60.0%");
    assert_eq!(grade("q 0 0 10 10 re W n 1 g 90 90 100 30 re f Q"), "60.0%");
    // An image over it hides it, unless it is a stencil (it paints only where its bits say).
    assert_eq!(grade("q 100 0 0 30 90 90 cm BI /W 1 /H 1 /BPC 8 /CS /G ID X EI Q"), "");
    assert_eq!(grade("q 100 0 0 30 90 90 cm BI /W 1 /H 1 /IM true ID X EI Q"), "60.0%");
    // Paint from a form covers the page's text, and an ActualText span's glyphs.
    let covered = page_text(&format!("{GRADE} /Fm Do"), false, "1 g 90 90 100 30 re f", [0, 0, 600, 400]);
    assert_eq!(covered.split_whitespace().collect::<String>(), "");
    let span = "BT /F1 12 Tf 100 100 Td /Span <</ActualText (60.0%)>> BDC (xx) Tj EMC ET";
    assert_eq!(shows(&format!("{span} 1 g 90 90 100 30 re f")), "");
}
