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
        let scale = (f32::from(cols) * cell_w / page.width_pt).min(f32::from(rows) * cell_h / page.height_pt);
        let pixels = {
            let mut rasterizer = self.rasterizer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            rasterizer.render_scaled(page, scale)?
        };
        let covered = |pixels: u32, cell: f32| u16::try_from((pixels as f32 / cell).ceil() as u32).unwrap_or(u16::MAX);
        let picture_cols = covered(pixels.width, cell_w).min(cols);
        let picture_rows = covered(pixels.height, cell_h).min(rows);
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
