//! What a reader sees of a laid-out page: its text that is large enough to read, stands out
//! from what lies under it and is not painted over, judged as `certdesk verify --file` judges
//! the page once written (`credential::Marks`), so that a template check refuses what verify
//! would; and, stricter, what a reader makes out with ease (a contrast ratio of 3:1), which the
//! check asks of the proofs and the QR code.

use super::image::ImageSet;
use super::page::{Item, Page, Rgb};
use crate::credential::{Area, Ink, Marks, Paint, Shape};
use crate::domain::printed::{MIN_LEGIBLE_PT, MIN_LEGIBLE_RATIO};

/// What stands for the first QR code in the text `unreadable_qr_codes` reads; the next ones
/// follow it (private-use characters, one for each code, so that each is told apart).
const QR_MARK: u32 = 0xF0000;

/// The text of `page` a reader sees, run by run in drawing order: a run counts when every glyph
/// of it is seen, with a contrast ratio of `MIN_LEGIBLE_RATIO` or more. `Err` names why it
/// cannot be told.
pub fn legible_text(page: &Page, images: &ImageSet) -> Result<String, String> {
    marks(page, images, Read::Text).legible_text(MIN_LEGIBLE_RATIO).map_err(|error| error.to_string())
}

/// The text of `page` that `certdesk verify --file` would find on it once written: seen,
/// however faintly (`credential::sight`).
pub fn verifiable_text(page: &Page, images: &ImageSet) -> Result<String, String> {
    marks(page, images, Read::Text).seen_text().map_err(|error| error.to_string())
}

/// The colour of each QR code of the page that a phone cannot read for what lies under and
/// over it, in drawing order: a code is read when its colour has a contrast ratio of
/// `MIN_LEGIBLE_RATIO` or more with what shows between its modules.
pub fn unreadable_qr_codes(page: &Page, images: &ImageSet) -> Result<Vec<Rgb>, String> {
    let grids = page.items().filter_map(|item| match item {
        Item::Modules(grid) => Some(grid.color),
        _ => None,
    });
    let seen = marks(page, images, Read::QrCodes).legible_text(MIN_LEGIBLE_RATIO).map_err(|error| error.to_string())?;
    Ok(grids.enumerate().filter(|&(index, _)| !seen.contains(qr_mark(index))).map(|(_, colour)| colour).collect())
}

fn qr_mark(index: usize) -> char {
    u32::try_from(index).ok().and_then(|index| char::from_u32(QR_MARK + index)).unwrap_or('\u{FFFC}')
}

/// What `marks` reads as glyphs: the page's text, or its QR codes (one mark each).
#[derive(Clone, Copy, PartialEq)]
enum Read {
    Text,
    QrCodes,
}

/// The page's marks in drawing order: its paint, and as glyphs what `read` says.
fn marks(page: &Page, images: &ImageSet, read: Read) -> Marks {
    let (width, height) = (f64::from(page.width_pt), f64::from(page.height_pt));
    let whole = Area::around([(0.0, 0.0), (width, height)]);
    let mut marks = Marks::default();
    let paint = |shape: Shape, colour: Option<Rgb>, alpha: f64| Paint { shape, clip: whole, ink: ink(colour, alpha) };
    if let Some(background) = page.background {
        marks.paint(paint(Shape::area(whole), Some(background), 1.0));
    }
    let mut qr_codes = 0;
    for item in page.items() {
        let box_of = |x: f32, y: f32, w: f32, h: f32| {
            let (x, y, w, h) = (f64::from(x), f64::from(y), f64::from(w), f64::from(h));
            Area::around([(x, y), (x + w, y + h)])
        };
        match item {
            Item::Text(run) if read == Read::Text && f64::from(run.size_pt) >= MIN_LEGIBLE_PT => {
                let ink = ink(Some(run.color), 1.0);
                let since = marks.glyph_count();
                for glyph in &run.glyphs {
                    // From the baseline up to about the height of capitals (y grows downwards).
                    let (x, baseline) = (run.x_pt + glyph.x_pt, run.baseline_pt + glyph.y_pt);
                    let area = box_of(x, baseline - 0.7 * run.size_pt, glyph.advance_pt, 0.7 * run.size_pt);
                    marks.glyph(area, [Some(ink), None], |_| {});
                }
                marks.run(&run.text, since);
                marks.space();
            }
            Item::Text(_) => {}
            Item::Rect { x_pt, y_pt, w_pt, h_pt, fill, stroke } => {
                let area = box_of(*x_pt, *y_pt, *w_pt, *h_pt);
                if let Some(fill) = fill {
                    marks.paint(paint(Shape::area(area), Some(*fill), 1.0));
                }
                if let Some(stroke) = stroke {
                    let mut outline = area.corners().to_vec();
                    outline.push(outline[0]);
                    marks.paint(paint(Shape::line(outline, f64::from(stroke.width_pt)), Some(stroke.color), 1.0));
                }
            }
            Item::Line { from, to, stroke } => {
                let points = [*from, *to].map(|(x, y)| (f64::from(x), f64::from(y))).to_vec();
                marks.paint(paint(Shape::line(points, f64::from(stroke.width_pt)), Some(stroke.color), 1.0));
            }
            Item::Image { name, x_pt, y_pt, w_pt, h_pt } => {
                // Its colours cannot be told; with transparency, nor what it covers.
                let opaque = images.get(name).is_some_and(|image| !image.has_alpha());
                let area = box_of(*x_pt, *y_pt, *w_pt, *h_pt);
                marks.paint(paint(Shape::area(area), None, if opaque { 1.0 } else { 0.0 }));
            }
            // A stencil: it paints only its dark modules, so it hides nothing for certain.
            Item::Modules(grid) if read == Read::QrCodes => {
                let side = grid.module_pt * f32::from(grid.size);
                let since = marks.glyph_count();
                marks.glyph(box_of(grid.x_pt, grid.y_pt, side, side), [Some(ink(Some(grid.color), 1.0)), None], |_| {});
                marks.run(&qr_mark(qr_codes).to_string(), since);
                qr_codes += 1;
                marks.space();
            }
            Item::Modules(_) => {}
        }
    }
    marks
}

fn ink(colour: Option<Rgb>, alpha: f64) -> Ink {
    Ink { colour: colour.map(|c| [c.r, c.g, c.b].map(|n| f64::from(n) / 255.0)), alpha }
}
