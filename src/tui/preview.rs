//! Pages to terminal pictures: pixels sized to the cells they fill, for a graphics protocol,
//! and the same pixels as half-block cells (the popup chooses truecolor or the 256-colour cube).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use super::renderer::{HalfBlocks, Picture, PictureSize};
use crate::render::Page;
use crate::render::halfblock::{CellColor, ColorMode, image_cells};
use crate::render::raster::Rasterizer;

/// Ids of pictures, so the screen can tell a new rendering from the one it shows.
static NEXT_ID: AtomicU32 = AtomicU32::new(1);

/// The longer side of a preview picture, in pixels, however big the terminal or its cells.
/// kitty and iTerm2 scale a picture to the cells it is placed on, so pixels beyond what a screen
/// shows are waste, and every picture travels to the terminal, often over SSH, after each pause
/// in typing in the editor. At 2,560 pixels an A4 page is drawn at about 220 dpi (sharp on a
/// 1440p screen it fills, scaled at most 1.5 times on a 4K one), about 18 MB of pixels and a
/// PNG of some 300 KB; uncapped, a page on a 600-column terminal with 20 x 40-pixel cells is
/// 11,300 x 8,000 pixels (360 MB), and bigger still it is refused with an error instead of drawn.
pub const MAX_PREVIEW_SIDE_PX: u32 = 2_560;

/// Keeps rasterized glyphs between previews.
pub struct PagePreviewer {
    rasterizer: Mutex<Rasterizer>,
}

impl PagePreviewer {
    pub fn new(rasterizer: Rasterizer) -> PagePreviewer {
        PagePreviewer { rasterizer: Mutex::new(rasterizer) }
    }

    /// `page` fitted into `size.cols` x `size.rows` cells of `size.cell_px` pixels, with its
    /// aspect ratio.
    pub fn picture(&self, page: &Page, size: PictureSize) -> anyhow::Result<Picture> {
        let (cell_w, cell_h) = (f32::from(size.cell_px.0.max(1)), f32::from(size.cell_px.1.max(1)));
        let (cols, rows) = (size.cols.max(1), size.rows.max(1));
        // The pixels per point that fill the cells, and those drawn: no more than the cap allows.
        let filling = (f32::from(cols) * cell_w / page.width_pt).min(f32::from(rows) * cell_h / page.height_pt);
        let capped = MAX_PREVIEW_SIDE_PX as f32 / page.width_pt.max(page.height_pt);
        let pixels = {
            let mut rasterizer = self.rasterizer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            rasterizer.render_scaled(page, filling.min(capped))?
        };
        // The cells the page fills, as if drawn uncapped: the terminal scales the picture to them.
        // At least one: a page thinner than a pixel here still shows as a line of cells.
        let covered = |side_pt: f32, cell: f32| {
            u16::try_from(((side_pt * filling).round() / cell).ceil() as u32).unwrap_or(u16::MAX).max(1)
        };
        let picture_cols = covered(page.width_pt, cell_w).min(cols);
        let picture_rows = covered(page.height_pt, cell_h).min(rows);
        let blocks = half_blocks(&pixels, cols, rows);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        Ok(Picture { id, pixels, cols: picture_cols, rows: picture_rows, blocks })
    }
}

/// The pixels box-filtered into at most `cols` x `rows` half-block cells.
fn half_blocks(pixels: &crate::render::Rgba, cols: u16, rows: u16) -> HalfBlocks {
    let grid = image_cells(pixels, cols, rows, ColorMode::TrueColor);
    let height_cells = u16::try_from(grid.len()).unwrap_or(u16::MAX);
    let width_cells = grid.first().map_or(0, |row| u16::try_from(row.len()).unwrap_or(u16::MAX));
    let rgb = |color: CellColor| match color {
        CellColor::Rgb(rgb) => [rgb.r, rgb.g, rgb.b],
        // Truecolor was asked for; a palette index would be a bug upstream, drawn grey.
        CellColor::Indexed(_) => [128, 128, 128],
    };
    let cells = grid.iter().flatten().map(|cell| (rgb(cell.fg), rgb(cell.bg))).collect();
    HalfBlocks { width_cells, height_cells, cells }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{FontBook, ImageSet, Page};

    fn a4_landscape() -> Page {
        Page::new(841.89, 595.28)
    }

    fn previewer() -> PagePreviewer {
        PagePreviewer::new(Rasterizer::new(FontBook::new(), ImageSet::new()))
    }

    #[test]
    fn a_preview_on_a_huge_terminal_is_capped_in_pixels_but_fills_its_cells() {
        // 600 x 200 cells of 20 x 40 pixels: the page would be 12,000 pixels wide.
        let size = PictureSize { cols: 600, rows: 200, cell_px: (20, 40) };
        let picture = previewer().picture(&a4_landscape(), size).expect("a picture");
        assert!(picture.pixels.width.max(picture.pixels.height) <= MAX_PREVIEW_SIDE_PX, "{}", picture.pixels.width);
        assert_eq!(picture.pixels.width, MAX_PREVIEW_SIDE_PX, "the longer side is drawn at the cap");
        // The terminal scales the picture over the cells the page fills, as without the cap.
        assert_eq!(picture.rows, 200, "the page's height fills the 200 rows");
        assert_eq!(picture.cols, 566, "841.89 pt at 200 x 40 / 595.28 px/pt, in cells of 20 pixels");
    }

    #[test]
    fn a_page_thinner_than_a_pixel_in_its_pane_gets_one_pixel_and_one_cell() {
        // 36 pt wide and 14,400 pt tall (the thinnest page a template may have) in 19 rows of
        // half blocks: 76 pixels tall, and 0.19 pixels wide.
        let size = PictureSize { cols: 40, rows: 19, cell_px: (2, 4) };
        for page in [Page::new(36.0, 14_400.0), Page::new(14_400.0, 36.0)] {
            let picture = previewer().picture(&page, size).expect("a picture, not an error about 0 pixels");
            assert!(picture.pixels.width >= 1 && picture.pixels.height >= 1, "{}", picture.pixels.width);
            assert!(picture.cols >= 1 && picture.rows >= 1, "{} x {}", picture.cols, picture.rows);
            assert!(picture.cols <= 40 && picture.rows <= 19, "{} x {}", picture.cols, picture.rows);
        }
    }

    #[test]
    fn a_preview_under_the_cap_is_drawn_at_the_cells_size() {
        let size = PictureSize { cols: 100, rows: 40, cell_px: (10, 20) };
        let picture = previewer().picture(&a4_landscape(), size).expect("a picture");
        assert_eq!((picture.pixels.width, picture.pixels.height), (1000, 707));
        assert_eq!((picture.cols, picture.rows), (100, 36));
    }
}
