//! Pages to terminal pictures: the rendering engine's half-block cells, in the shape the
//! preview popup draws (it chooses truecolor or the 256-colour cube itself).

use std::sync::Mutex;

use super::renderer::HalfBlocks;
use crate::render::halfblock::{CellColor, ColorMode, page_cells};
use crate::render::raster::Rasterizer;
use crate::render::{Page, Rgb};

/// Keeps rasterized glyphs between previews.
pub struct PagePreviewer {
    rasterizer: Mutex<Rasterizer>,
}

impl PagePreviewer {
    pub fn new(rasterizer: Rasterizer) -> PagePreviewer {
        PagePreviewer { rasterizer: Mutex::new(rasterizer) }
    }

    /// `page` fitted into `cols` x `rows` cells with its aspect ratio.
    pub fn half_blocks(&self, page: &Page, cols: u16, rows: u16) -> anyhow::Result<HalfBlocks> {
        let mut rasterizer = self.rasterizer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let grid = page_cells(&mut rasterizer, page, cols, rows, ColorMode::TrueColor)?;
        let height_cells = u16::try_from(grid.len()).unwrap_or(u16::MAX);
        let width_cells = grid.first().map_or(0, |row| u16::try_from(row.len()).unwrap_or(u16::MAX));
        let rgb = |color: CellColor| match color {
            CellColor::Rgb(Rgb { r, g, b }) => [r, g, b],
            // Truecolor was asked for; a palette index would be a bug upstream, drawn grey.
            CellColor::Indexed(_) => [128, 128, 128],
        };
        let cells = grid.iter().flatten().map(|cell| (rgb(cell.fg), rgb(cell.bg))).collect();
        Ok(HalfBlocks { width_cells, height_cells, cells })
    }
}
