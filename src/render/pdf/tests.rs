//! Tests of whole documents, checked with qpdf, pdffonts and pdftotext.

use std::process::Command;

use super::*;
use crate::render::fonts::{Style, Weight};
use crate::render::image::Image;
use crate::render::page::{Item, ModuleGrid, Stroke};
use crate::render::shape::shape_line;

const NAMES: [&str; 6] = [
    "Nguyễn Thị Minh Khai",
    "Αλέξανδρος Παπαδόπουλος",
    "Жанна Дмитриевна Иванова",
    "Zażółć Gęślą Jaźń",
    "Çağrı Şükrü İğdır",
    "Ada AVAWAY Lovelace",
];

fn text(book: &FontBook, s: &str, family: &str, weight: Weight, size: f32, at: (f32, f32), spacing: f32) -> Vec<Item> {
    let face = book.resolve(family, weight, Style::Normal).expect("family");
    let (shaped, line) = shape_line(book, s, face, size, spacing).expect("shape");
    line.to_runs(&shaped.text, at.0, at.1, Rgb::new(20, 30, 90), size).into_iter().map(Item::Text).collect()
}

fn fixed_layer(book: &FontBook) -> Arc<Layer> {
    let mut items = vec![Item::Rect {
        x_pt: 20.0,
        y_pt: 20.0,
        w_pt: 801.89,
        h_pt: 555.28,
        fill: None,
        stroke: Some(Stroke { width_pt: 3.0, color: Rgb::new(120, 90, 20) }),
    }];
    items.extend(text(book, "Certificate of Achievement", "serif", Weight::Bold, 32.0, (200.0, 120.0), 1.5));
    items.push(Item::Line {
        from: (250.0, 300.0),
        to: (590.0, 300.0),
        stroke: Stroke { width_pt: 0.75, color: Rgb::BLACK },
    });
    Arc::new(Layer { items })
}

fn certificate(book: &FontBook, fixed: &Arc<Layer>, name: &str) -> Page {
    let mut page = Page::new(841.89, 595.28);
    page.background = Some(Rgb::new(255, 253, 245));
    page.fixed = fixed.clone();
    let mut items = text(book, name, "serif", Weight::Regular, 28.0, (250.0, 290.0), 0.0);
    items.extend(text(book, "Score: 95%", "sans", Weight::Regular, 12.0, (250.0, 340.0), 0.0));
    items.extend(text(book, "Code: X7K2-M9PQ", "mono", Weight::Bold, 10.0, (250.0, 360.0), 0.0));
    page.variable = Layer { items };
    page
}

fn build(pages: &[Page], images: &ImageSet, options: PdfOptions) -> Vec<u8> {
    let book = FontBook::new();
    let info =
        DocInfo { title: "Certificates".into(), author: "Université de Test".into(), date: Some((2026, 1, 31)) };
    let mut doc = PdfDocument::with_options(&book, images, info, options);
    for page in pages {
        doc.add_page(page).expect("page");
    }
    doc.finish().expect("finish")
}

fn sample(options: PdfOptions) -> Vec<u8> {
    let book = FontBook::new();
    let fixed = fixed_layer(&book);
    let pages: Vec<Page> = NAMES.iter().map(|n| certificate(&book, &fixed, n)).collect();
    build(&pages, &ImageSet::new(), options)
}

fn tool(name: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write");
    let path = path.to_str().expect("utf-8 path");
    let output = Command::new(name).args(args.iter().map(|a| if *a == "PDF" { path } else { a })).output();
    let output = output.unwrap_or_else(|e| panic!("{name} must be installed (poppler-utils, qpdf): {e}"));
    assert!(output.status.success(), "{name} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

#[test]
fn qpdf_finds_no_problem() {
    for options in [PdfOptions::default(), PdfOptions::debug()] {
        let out = tool("qpdf", &["--check", "PDF"], &sample(options));
        assert!(out.contains("No syntax or stream encoding errors"), "{out}");
        assert!(!out.to_lowercase().contains("warning"), "{out}");
    }
}

#[test]
fn every_font_is_embedded_subset_and_unicode_mapped() {
    let out = tool("pdffonts", &["PDF"], &sample(PdfOptions::default()));
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(rows.len(), 4, "serif bold, serif, sans, mono bold:\n{out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "subset tag: {row}");
        assert!(cols[0][..6].bytes().all(|b| b.is_ascii_uppercase()), "{row}");
        assert_eq!(cols[1..4], ["CID", "TrueType", "Identity-H"], "{row}");
        assert_eq!(cols[4..7], ["yes", "yes", "yes"], "emb sub uni: {row}");
    }
}

#[test]
fn pdftotext_gives_back_every_name_exactly() {
    let out = tool("pdftotext", &["-layout", "PDF", "-"], &sample(PdfOptions::default()));
    for name in NAMES {
        assert!(out.contains(name), "{name} missing from:\n{out}");
    }
    assert_eq!(out.matches("Certificate of Achievement").count(), NAMES.len());
    assert!(out.contains("Code: X7K2-M9PQ"));
}

#[test]
fn identical_input_gives_identical_bytes() {
    assert_eq!(sample(PdfOptions::default()), sample(PdfOptions::default()));
    assert_eq!(sample(PdfOptions::debug()), sample(PdfOptions::debug()));
}

#[test]
fn fonts_fixed_layers_and_repeated_lines_are_written_once_per_document() {
    let pdf = sample(PdfOptions::debug());
    let text = String::from_utf8_lossy(&pdf);
    assert_eq!(text.matches("/Type /Page\n").count(), NAMES.len());
    assert_eq!(text.matches("/Subtype /Type0").count(), 4, "one Type0 font per face");
    assert_eq!(text.matches("/X0 Do").count(), NAMES.len(), "every page draws the shared fixed layer");
    // "Score: 95%" and the code repeat on every page: inline on the first two, a form after.
    assert_eq!(text.matches("/Subtype /Form").count(), 3, "the fixed layer and two repeated lines");
    assert_eq!(text.matches("/T0 Do").count(), NAMES.len() - 2);
    assert_eq!(text.matches("/T1 Do").count(), NAMES.len() - 2);
    let out = tool("pdftotext", &["PDF", "-"], &sample(PdfOptions::default()));
    assert_eq!(out.matches("Score: 95%").count(), NAMES.len(), "a line drawn as a form is still text");
}

#[test]
fn a_letter_spaced_name_does_not_spread_the_repeated_line_after_it() {
    let book = FontBook::new();
    let fixed = fixed_layer(&book);
    let pages: Vec<Page> = NAMES
        .iter()
        .map(|name| {
            let mut page = Page::new(841.89, 595.28);
            page.fixed = fixed.clone();
            let mut items = text(&book, name, "serif", Weight::Regular, 28.0, (250.0, 290.0), 3.0);
            items.extend(text(&book, "Score: 95%", "sans", Weight::Regular, 12.0, (250.0, 340.0), 0.0));
            page.variable = Layer { items };
            page
        })
        .collect();
    let out = tool("pdftotext", &["-bbox", "PDF", "-"], &build(&pages, &ImageSet::new(), PdfOptions::default()));
    // Where "95%" ends on each page: inline on the first two, drawn by a form after.
    let ends: Vec<&str> = out
        .lines()
        .filter(|line| line.ends_with(">95%</word>"))
        .filter_map(|line| line.split("xMax=\"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(ends.len(), NAMES.len(), "{out}");
    assert!(ends.iter().all(|end| *end == ends[0]), "the line ends where it does on the first page: {ends:?}");
}

#[test]
fn pages_are_written_as_they_come_and_the_file_is_complete_at_the_end() {
    let book = FontBook::new();
    let fixed = fixed_layer(&book);
    let mut out = Vec::new();
    let images = ImageSet::new();
    let mut doc = PdfDocument::to_writer(&book, &images, DocInfo::default(), PdfOptions::default(), &mut out);
    let mut written = Vec::new();
    for index in 0..300 {
        doc.add_page(&certificate(&book, &fixed, &format!("{} {index}", NAMES[index % NAMES.len()]))).expect("page");
        written.push(doc.bytes_written());
    }
    assert!(written[10] > 0 && written.windows(2).all(|w| w[0] <= w[1]), "pages go out before the end");
    doc.finish().expect("finish");
    let pdf = out;
    assert_eq!(tool("qpdf", &["--show-npages", "PDF"], &pdf).trim(), "300");
    let check = tool("qpdf", &["--check", "PDF"], &pdf);
    assert!(check.contains("No syntax or stream encoding errors") && !check.contains("WARNING"), "{check}");
    let last = tool("pdftotext", &["-f", "300", "-l", "300", "PDF", "-"], &pdf);
    assert!(last.contains(&format!("{} 299", NAMES[299 % NAMES.len()])), "{last}");
}

#[test]
fn the_page_tree_has_a_node_per_128_pages_in_their_object_stream() {
    let pdf = {
        let book = FontBook::new();
        let fixed = fixed_layer(&book);
        let pages: Vec<Page> = (0..300).map(|i| certificate(&book, &fixed, &format!("N{i}"))).collect();
        build(&pages, &ImageSet::new(), PdfOptions::debug())
    };
    let text = String::from_utf8_lossy(&pdf);
    // The root lists three nodes (128 + 128 + 44 pages), each in the object stream of its
    // pages: a million pages make a root of 7,813 nodes.
    let root = text.split("\n1 0 obj\n").nth(1).and_then(|rest| rest.split("endobj").next()).expect("root");
    assert!(root.contains("/Count 300"), "{root}");
    assert_eq!(root.matches(" 0 R").count(), 3, "{root}");
    assert_eq!(text.matches("/Type /ObjStm").count(), 3);
    assert_eq!(text.matches("/Count 128").count(), 2);
    assert_eq!(text.matches("/Count 44").count(), 1);
}

#[test]
fn equal_fixed_layers_built_separately_share_a_form_and_different_ones_do_not() {
    let book = FontBook::new();
    let first = certificate(&book, &fixed_layer(&book), "A");
    let second = certificate(&book, &fixed_layer(&book), "B");
    let mut other = certificate(&book, &fixed_layer(&book), "C");
    other.fixed = Arc::new(Layer { items: other.fixed.items[..1].to_vec() });
    let pdf = build(&[first, second, other], &ImageSet::new(), PdfOptions::debug());
    let text = String::from_utf8_lossy(&pdf);
    assert_eq!((text.matches("/X0 Do").count(), text.matches("/X1 Do").count()), (2, 1));
    assert!(!text.contains("/X2 Do"));
}

#[test]
fn images_are_embedded_once_with_their_alpha() {
    let book = FontBook::new();
    let mut images = ImageSet::new();
    let pixels: Vec<u8> = (0..16).flat_map(|i| [i * 16, 100, 200, if i % 2 == 0 { 255 } else { 90 }]).collect();
    images.insert("logo", Image::from_rgba(4, 4, pixels).expect("image"));
    images.insert("photo", Image::decode(include_bytes!("../testdata/rgb.jpg")).expect("jpeg"));
    let logo = Item::Image { name: "logo".into(), x_pt: 40.0, y_pt: 40.0, w_pt: 60.0, h_pt: 60.0 };
    let photo = Item::Image { name: "photo".into(), x_pt: 140.0, y_pt: 40.0, w_pt: 64.0, h_pt: 32.0 };
    let fixed = Arc::new(Layer { items: vec![logo.clone()] });
    let pages: Vec<Page> = (0..3)
        .map(|i| {
            let mut page = certificate(&book, &fixed, NAMES[i]);
            page.variable.items.push(photo.clone());
            page
        })
        .collect();
    let pdf = build(&pages, &images, PdfOptions::default());
    let out = tool("qpdf", &["--check", "PDF"], &pdf);
    assert!(out.contains("No syntax or stream encoding errors") && !out.contains("WARNING"), "{out}");
    let listing = tool("pdfimages", &["-list", "PDF"], &pdf);
    // One row per drawing: the logo (image + smask) on three pages and the photo on three.
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert_eq!(rows.iter().filter(|r| r.contains(" smask ")).count(), 3, "{listing}");
    assert_eq!(rows.iter().filter(|r| r.contains(" jpeg ")).count(), 3, "{listing}");
    let text = String::from_utf8_lossy(&pdf);
    assert_eq!(text.matches("/DCTDecode").count(), 1, "the JPEG is embedded once");
    assert_eq!(text.matches("/SMask").count(), 1, "the PNG's mask is embedded once");
}

#[test]
fn a_missing_image_or_bad_page_is_an_error() {
    let book = FontBook::new();
    let images = ImageSet::new();
    let mut doc = PdfDocument::new(&book, &images, DocInfo::default());
    let mut page = Page::new(100.0, 100.0);
    page.variable.items.push(Item::Image { name: "seal".into(), x_pt: 0.0, y_pt: 0.0, w_pt: 1.0, h_pt: 1.0 });
    assert!(matches!(doc.add_page(&page), Err(RenderError::MissingImage(name)) if name == "seal"));
    assert!(doc.add_page(&Page::new(0.0, 100.0)).is_err());
    assert!(PdfDocument::new(&book, &images, DocInfo::default()).finish().is_err(), "no pages");
}

#[test]
fn letter_spacing_and_kerning_survive_into_the_pdf_positions() {
    let pdf = sample(PdfOptions::debug());
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("1.5 Tc"), "letter spacing of the title as Tc");
    assert!(text.contains("]TJ"), "kerning of AV/AW/AY as TJ adjustments");
}

/// The catalog's `/Lang`, read back with lopdf.
fn catalog_language(pdf: &[u8]) -> Option<String> {
    let document = lopdf::Document::load_mem(pdf).expect("parse");
    let catalog = document.catalog().expect("catalog");
    let language = catalog.get(b"Lang").ok()?;
    Some(lopdf::decode_text_string(language).expect("text string"))
}

#[test]
fn a_document_whose_pages_share_a_language_says_which() {
    let book = FontBook::new();
    let fixed = fixed_layer(&book);
    let page = |language| Page { language, ..certificate(&book, &fixed, NAMES[0]) };
    let images = ImageSet::new();
    let pdf = |pages: &[Page]| build(pages, &images, PdfOptions::default());
    assert_eq!(catalog_language(&pdf(&[page(Some("nl")), page(Some("nl"))])).as_deref(), Some("nl"));
    // Pages in two languages, or one of unknown language: the document names none.
    assert_eq!(catalog_language(&pdf(&[page(Some("nl")), page(Some("fr"))])), None);
    assert_eq!(catalog_language(&pdf(&[page(Some("nl")), page(None)])), None);
    assert_eq!(catalog_language(&pdf(&[page(None), page(Some("nl"))])), None);
}

/// A page's QR code, drawn before text that does not touch it, ends its content stream, and
/// its samples are stored as they are: found verbatim in the compressed file.
#[test]
fn a_qr_code_ends_its_page_stream_and_its_samples_are_stored() {
    let book = FontBook::new();
    let mut page = certificate(&book, &fixed_layer(&book), "Ada Lovelace");
    let dark = ModuleGrid::noise(33);
    let grid = ModuleGrid { x_pt: 600.0, y_pt: 400.0, module_pt: 2.0, size: 33, dark, color: Rgb::BLACK };
    let samples = content::qr_samples(&grid);
    page.variable.items.insert(0, Item::Modules(grid));
    let pdf = build(&[page], &ImageSet::new(), PdfOptions::default());
    assert!(pdf.windows(samples.len()).any(|window| window == samples), "the samples are stored verbatim");
    let document = lopdf::Document::load_mem(&pdf).expect("parses");
    let (_, page_id) = document.get_pages().into_iter().next().expect("a page");
    let content = document.get_page_content(page_id);
    // lopdf ends what it gives back with a line feed of its own.
    let content = content.trim_ascii_end();
    assert!(content.ends_with(&[&samples[..], b"\nEI Q"].concat()), "the code is drawn last");
}
