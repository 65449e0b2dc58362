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

    let ours = rasterizer().render(&page, 72.0).expect("render");
    let images = ImageSet::new();
    let mut doc = PdfDocument::new(&book, &images, DocInfo::default());
    doc.add_page(&page).expect("page");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("p.pdf"), doc.finish().expect("pdf")).expect("write");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "72", "-singlefile"])
        .arg(dir.path().join("p.pdf"))
        .arg(dir.path().join("p"))
        .status()
        .expect("pdftoppm (poppler-utils) must be installed");
    assert!(status.success());
    let theirs =
        crate::render::image::Image::decode(&std::fs::read(dir.path().join("p.png")).expect("png")).expect("decode");
    assert_eq!((theirs.width(), theirs.height()), (ours.width, ours.height));
    let diff: u64 = ours.pixels.iter().zip(theirs.rgba()).map(|(a, b)| (*a as i64 - *b as i64).unsigned_abs()).sum();
    let mean = diff as f64 / ours.pixels.len() as f64;
    assert!(mean < 4.0, "mean channel difference {mean:.2}");
}
