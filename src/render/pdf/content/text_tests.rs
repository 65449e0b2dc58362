//! Tests of glyph runs as PDF text: letter spacing, ActualText spans, rise.

use super::*;

#[test]
fn most_common_gap_needs_half_of_the_gaps() {
    assert_eq!(most_common(&mut [30, 30, -12, 30]), 30);
    assert_eq!(most_common(&mut [0, 0, 0]), 0);
    assert_eq!(most_common(&mut [5, -3, 7]), 0);
    assert_eq!(most_common(&mut []), 0);
}

use crate::render::fonts::{FontBook, Style, Weight};
use crate::render::image::ImageSet;
use crate::render::page::{Item, Layer, Page, Rgb};
use crate::render::pdf::{DocInfo, PdfDocument, PdfOptions};
use crate::render::shape::shape_line;

/// The ActualText spans (as text) of an uncompressed one-page PDF of `text` in serif.
fn spans(text: &str) -> Vec<String> {
    spaced_spans(text, 0.0)
}

/// The same, with `letter_spacing_pt` between letters.
fn spaced_spans(text: &str, letter_spacing_pt: f32) -> Vec<String> {
    let book = FontBook::new();
    let face = book.resolve("serif", Weight::Regular, Style::Normal).expect("serif");
    let (shaped, line) = shape_line(&book, text, face, 20.0, letter_spacing_pt).expect("shape");
    let mut page = Page::new(400.0, 100.0);
    let runs = line.to_runs(&shaped.text, 10.0, 50.0, Rgb::BLACK, 20.0);
    page.variable = Layer { items: runs.into_iter().map(Item::Text).collect() };
    let images = ImageSet::new();
    let mut document = PdfDocument::with_options(&book, &images, DocInfo::default(), PdfOptions::debug());
    document.add_page(&page).expect("page");
    let pdf = String::from_utf8_lossy(&document.finish().expect("pdf")).into_owned();
    pdf.split("/ActualText<FEFF")
        .skip(1)
        .map(|rest| {
            let hex = &rest[..rest.find('>').expect("end")];
            let units: Vec<u16> =
                (0..hex.len()).step_by(4).map(|i| u16::from_str_radix(&hex[i..i + 4], 16).expect("hex")).collect();
            String::from_utf16(&units).expect("utf-16")
        })
        .collect()
}

#[test]
fn only_clusters_that_would_extract_wrongly_get_actual_text() {
    // Latin, and a Latin ligature (one glyph for "fi", left to right): ToUnicode is enough.
    assert_eq!(spans("Certified"), Vec::<String>::new());
    // A Devanagari vowel sign drawn before its consonant: the span says "कि".
    assert_eq!(spans("कि"), ["कि"]);
    // A Devanagari conjunct drawn as one glyph: left to right, like "fi", ToUnicode is enough.
    assert_eq!(spans("क्ष"), Vec::<String>::new());
    // The Arabic "Allah" ligature, right to left: written in visual order (see `actual_text`).
    assert!(spans("عبد الله").contains(&"هلل".to_string()), "{:?}", spans("عبد الله"));
    // A Thai vowel or tone mark drawn over or under its consonant: mapped one to one, but
    // poppler reads the mark as text of another line, or after the next letter.
    assert_eq!(spans("รุ่ง"), ["รุ่"]);
    assert_eq!(spans("รัก"), ["รั"]);
    // A precomposed Vietnamese letter is one glyph: no span.
    assert_eq!(spans("Nguyễn"), Vec::<String>::new());
}

#[test]
fn letter_spaced_text_gets_one_span_of_its_words() {
    // Spaced apart, letters read as words of one letter each ("H O N O R C O D E"), unless a
    // span says what the run reads.
    assert_eq!(spaced_spans("HONOR CODE CERTIFICATE", 3.0), ["HONOR CODE CERTIFICATE"]);
    assert_eq!(spaced_spans("Certified", 0.0), Vec::<String>::new());
    // Hebrew, drawn right to left, in visual order like every right-to-left span.
    assert_eq!(spaced_spans("שלום", 3.0), ["םולש"]);
}

/// poppler read the glyph of an ideographic space as a gap between columns: `山田` and `太郎`
/// came out on lines of their own.
#[test]
fn a_run_with_an_ideographic_space_gets_one_span_of_its_text() {
    assert_eq!(spans("山田\u{3000}太郎"), ["山田\u{3000}太郎"]);
    assert_eq!(spans("ＡＮＡ\u{3000}ＳＯＵＺＡ"), ["ＡＮＡ\u{3000}ＳＯＵＺＡ"]);
    assert_eq!(spans("山田 太郎"), Vec::<String>::new(), "a space is not drawn: no span needed");
}

#[test]
fn right_to_left_is_told_by_the_first_strong_character() {
    assert!(is_rtl("لا"));
    assert!(is_rtl("1 לא"));
    assert!(!is_rtl("fi"));
    assert!(!is_rtl("12"));
}
