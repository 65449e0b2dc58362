//! Tests of the rasterizer: shapes, text placement, images, PNG output, and agreement with
//! poppler's rendering of our own PDF of the same page.

use std::process::Command;
use std::sync::Arc;

use super::*;
use crate::render::fonts::{Style, Weight};
use crate::render::page::PlacedGlyph;
use crate::render::pdf::{DocInfo, PdfDocument};
use crate::render::shape::shape_line;

fn rasterizer() -> Rasterizer {
    Rasterizer::new(FontBook::new(), ImageSet::new())
}

fn page_with(items: Vec<Item>) -> Page {
    let mut page = Page::new(200.0, 100.0);
    page.variable = Layer { items };
    page
}

fn heading(book: &FontBook, text: &str, x: f32, baseline: f32) -> Vec<Item> {
    let face = book.resolve("serif", Weight::Bold, Style::Normal).expect("serif");
    let (shaped, line) = shape_line(book, text, face, 24.0, 0.0).expect("shape");
    line.to_runs(&shaped.text, x, baseline, Rgb::BLACK, 24.0).into_iter().map(Item::Text).collect()
}

#[test]
fn background_rects_and_strokes_land_where_the_page_says() {
    let mut page = page_with(vec![
        Item::Rect { x_pt: 10.0, y_pt: 10.0, w_pt: 20.0, h_pt: 10.0, fill: Some(Rgb::new(255, 0, 0)), stroke: None },
        Item::Rect {
            x_pt: 100.0,
            y_pt: 50.0,
            w_pt: 50.0,
            h_pt: 40.0,
            fill: None,
            stroke: Some(Stroke { width_pt: 2.0, color: Rgb::BLACK }),
        },
    ]);
    page.background = Some(Rgb::new(0, 0, 255));
    let image = rasterizer().render(&page, 72.0).expect("render");
    assert_eq!((image.width, image.height), (200, 100));
    assert_eq!(image.pixel(0, 0), Some([0, 0, 255, 255]));
    assert_eq!(image.pixel(15, 15), Some([255, 0, 0, 255]));
    assert_eq!(image.pixel(100, 70), Some([0, 0, 0, 255]), "left edge of the stroke");
    assert_eq!(image.pixel(125, 70), Some([0, 0, 255, 255]), "inside the stroked box");
}

#[test]
fn dpi_scales_the_canvas() {
    let image = rasterizer().render(&page_with(vec![]), 144.0).expect("render");
    assert_eq!((image.width, image.height), (400, 200));
    assert!(rasterizer().render(&page_with(vec![]), 1e6).is_err(), "absurd dpi is refused");
}

#[test]
fn text_ink_starts_at_the_run_position_on_the_baseline() {
    let book = FontBook::new();
    let image = rasterizer().render(&page_with(heading(&book, "H", 50.0, 60.0)), 72.0).expect("render");
    let dark: Vec<(u32, u32)> = (0..image.height)
        .flat_map(|y| (0..image.width).map(move |x| (x, y)))
        .filter(|&(x, y)| image.pixel(x, y).is_some_and(|p| p[0] < 128))
        .collect();
    let (min_x, max_y) = (dark.iter().map(|p| p.0).min().expect("ink"), dark.iter().map(|p| p.1).max().expect("ink"));
    let min_y = dark.iter().map(|p| p.1).min().expect("ink");
    assert!((50..=53).contains(&min_x), "left side bearing only: {min_x}");
    assert!((58..=60).contains(&max_y), "sits on the baseline: {max_y}");
    assert!((41..=45).contains(&min_y), "cap height of 24 pt DejaVu Serif Bold is about 17.5 pt: {min_y}");
}

#[test]
fn images_are_scaled_and_blended() {
    let mut images = ImageSet::new();
    let pixels = [[255, 0, 0, 255], [0, 255, 0, 0]].concat();
    images.insert("half", crate::render::image::Image::from_rgba(2, 1, pixels).expect("image"));
    let page = page_with(vec![Item::Image { name: "half".into(), x_pt: 0.0, y_pt: 0.0, w_pt: 100.0, h_pt: 50.0 }]);
    let image = Rasterizer::new(FontBook::new(), images).render(&page, 72.0).expect("render");
    assert_eq!(image.pixel(10, 10), Some([255, 0, 0, 255]));
    assert_eq!(image.pixel(90, 10), Some([255, 255, 255, 255]), "transparent shows the paper");
    let missing = page_with(vec![Item::Image { name: "seal".into(), x_pt: 0.0, y_pt: 0.0, w_pt: 1.0, h_pt: 1.0 }]);
    assert!(rasterizer().render(&missing, 72.0).is_err());
}

#[test]
fn png_output_decodes_to_the_same_pixels() {
    let book = FontBook::new();
    let image = rasterizer().render(&page_with(heading(&book, "Ab", 10.0, 50.0)), 72.0).expect("render");
    let decoded = crate::render::image::Image::decode(&image.to_png().expect("png")).expect("decode");
    assert_eq!(decoded.rgba(), &image.pixels[..]);
}

#[test]
fn glyph_ids_beyond_the_font_are_skipped_not_a_panic() {
    let book = FontBook::new();
    let mut items = heading(&book, "A", 10.0, 50.0);
    if let Item::Text(run) = &mut items[0] {
        run.glyphs.push(PlacedGlyph { glyph_id: u16::MAX, x_pt: 20.0, y_pt: 0.0, advance_pt: 10.0, text: 0..1 });
    }
    assert!(rasterizer().render(&page_with(items), 72.0).is_ok());
}

/// Our raster of `page` and poppler's rendering of our PDF of it, at `dpi`.
fn ours_and_poppler(book: &FontBook, page: &Page, dpi: u32) -> (Rgba, crate::render::image::Image) {
    let ours = Rasterizer::new(book.clone(), ImageSet::new()).render(page, dpi as f32).expect("render");
    let images = ImageSet::new();
    let mut doc = PdfDocument::new(book, &images, DocInfo::default());
    doc.add_page(page).expect("page");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("p.pdf"), doc.finish().expect("pdf")).expect("write");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", &dpi.to_string(), "-singlefile"])
        .arg(dir.path().join("p.pdf"))
        .arg(dir.path().join("p"))
        .status()
        .expect("pdftoppm (poppler-utils) must be installed");
    assert!(status.success());
    let theirs =
        crate::render::image::Image::decode(&std::fs::read(dir.path().join("p.png")).expect("png")).expect("decode");
    assert_eq!((theirs.width(), theirs.height()), (ours.width, ours.height));
    (ours, theirs)
}

/// The mean channel difference between our raster of `page` and poppler's, at 72 dpi.
fn difference_from_poppler(book: &FontBook, page: &Page) -> f64 {
    let (ours, theirs) = ours_and_poppler(book, page, 72);
    let diff: u64 = ours.pixels.iter().zip(theirs.rgba()).map(|(a, b)| (*a as i64 - *b as i64).unsigned_abs()).sum();
    diff as f64 / ours.pixels.len() as f64
}

/// How much of the ink (pixels darker than mid grey) of two pictures lies in the same place:
/// the shared ink over all ink.
fn ink_overlap(ours: &Rgba, theirs: &crate::render::image::Image) -> f64 {
    let dark = |pixel: &[u8]| (pixel[0] as u32 + pixel[1] as u32 + pixel[2] as u32) < 3 * 128;
    let (mut both, mut either) = (0u64, 0u64);
    for (a, b) in ours.pixels.chunks_exact(4).zip(theirs.rgba().chunks_exact(4)) {
        let (a, b) = (dark(a), dark(b));
        both += u64::from(a && b);
        either += u64::from(a || b);
    }
    both as f64 / either.max(1) as f64
}

#[test]
fn raster_agrees_with_poppler_rendering_of_our_pdf() {
    let book = FontBook::new();
    let mut page = Page::new(300.0, 120.0);
    page.background = Some(Rgb::new(250, 245, 230));
    let mut fixed = heading(&book, "Certificate", 20.0, 40.0);
    fixed.push(Item::Line {
        from: (20.0, 50.0),
        to: (280.0, 50.0),
        stroke: Stroke { width_pt: 2.0, color: Rgb::BLACK },
    });
    page.fixed = Arc::new(Layer { items: fixed });
    page.variable = Layer { items: heading(&book, "Nguyễn Thị Minh", 20.0, 90.0) };
    let mean = difference_from_poppler(&book, &page);
    assert!(mean < 4.0, "mean channel difference {mean:.2}");
}

#[test]
fn the_preview_draws_every_script_as_the_pdf_does() {
    let book = FontBook::new();
    let roster = include_str!("../../tests/fixtures/world/roster.csv");
    for name in roster.lines().skip(1).filter_map(|line| line.split(',').nth(1)) {
        let mut page = Page::new(420.0, 50.0);
        page.variable = Layer { items: heading(&book, name, 10.0, 34.0) };
        let (ours, theirs) = ours_and_poppler(&book, &page, 144);
        let overlap = ink_overlap(&ours, &theirs);
        // The two rasterizers agree on 83% (Thai) to 99% (Chinese) of the ink; Arabic vowel
        // marks left on the baseline fall to 78%, a glyph left out or misplaced lower still.
        assert!(overlap > 0.8, "{name}: only {:.0}% of the ink agrees", overlap * 100.0);
    }
}

/// A QR code is an image mask in the PDF and module squares in the preview, placed the way
/// poppler places the mask: the same modules on the same pixels, at whole and fractional
/// pixels per module (a code drawn flipped, or a pixel off at module edges, agrees far less).
#[test]
fn the_preview_draws_qr_codes_where_the_pdf_does() {
    let book = FontBook::new();
    let dark = ModuleGrid::noise(29);
    for (module_pt, dpi) in [(3.0, 72), (3.0, 96), (2.23, 150), (2.23, 300)] {
        // Three inches square: a whole number of pixels at every resolution.
        let mut page = Page::new(216.0, 216.0);
        let color = Rgb::new(31, 58, 95);
        let grid = ModuleGrid { x_pt: 20.3, y_pt: 30.2, module_pt, size: 29, dark: dark.clone(), color };
        page.variable = Layer { items: vec![Item::Modules(grid)] };
        let (ours, theirs) = ours_and_poppler(&book, &page, dpi);
        let overlap = ink_overlap(&ours, &theirs);
        assert!(overlap > 0.99, "{module_pt} pt modules at {dpi} dpi: {:.1}% of the ink agrees", overlap * 100.0);
    }
}
