//! Rendering: the page model, fonts and shaping (the engine), templates and the data they see, layout
//! into pages, checks, and the back ends that turn
//! pages into PDF and pixels.
//!
//! How the pieces fit: resolve a face with `FontBook::resolve`, measure and position text with
//! `shape` (NFC, kerning, fallback; `Shaped::missing` lists what no font can draw), turn the
//! result into `GlyphRun`s with `Shaped::to_runs` (one run per face), and put runs, rules,
//! rectangles, images and module grids on a `Page` in points from the top-left corner. Build
//! the learner-independent `fixed` layer once per template revision and share its `Arc`
//! between pages; `PdfDocument` writes it once as a form XObject. `Rasterizer` and
//! `halfblock` draw the same pages as pixels and terminal cells.

pub mod check;
pub mod data;
pub mod defaults;
pub mod error;
pub mod fonts;
pub mod halfblock;
pub mod image;
pub mod layout;
pub mod page;
pub mod pdf;
pub mod raster;
pub mod shape;
pub mod template;

pub use error::{RenderError, Result};
pub use fonts::{Face, FaceId, FaceMetrics, FontBook, Style, Weight};
pub use halfblock::{Cell, CellColor, ColorMode};
pub use image::{Image, ImageSet};
pub use page::{GlyphRun, Item, Layer, ModuleGrid, Page, PlacedGlyph, Rgb, Stroke};
pub use pdf::{DocInfo, PdfDocument, PdfOptions};
pub use raster::{Rasterizer, Rgba};
pub use shape::{Shaped, ShapedGlyph, shape};
