//! Rendering: the page model, fonts and shaping (the engine), templates and the data they see
//! (`template`, `data`), layout into pages (`layout`), checks (`check`), and the back ends that
//! turn pages into PDF and pixels.
//!
//! How the pieces fit: `template::Template::parse` validates a template once; a
//! `layout::Renderer` per template revision turns `data::RenderData` into a `Page` (fixed layer
//! shared per revision and course, variable layer per learner) with diagnostics. Layout measures
//! text only through `shape` (NFC, bidi, scripts, font fallback, harfrust; `Shaped::missing` lists
//! what no font can draw) and emits `GlyphRun`s, rules, rectangles, images and module grids in points from the
//! top-left corner. `PdfDocument` writes the fixed layer once as a form XObject; `Rasterizer`
//! and `halfblock` draw the same pages as pixels and terminal cells.

pub mod check;
pub mod data;
pub mod defaults;
pub mod error;
pub mod fonts;
pub mod graphics;
pub mod halfblock;
pub mod image;
pub mod layout;
pub mod page;
pub mod pdf;
pub mod proofs;
pub mod raster;
mod raster_fonts;
pub mod seen;
mod sfnt;
pub mod shape;
pub mod template;

pub use error::{RenderError, Result};
pub use fonts::{Face, FaceId, FaceMetrics, FontBook, Outlines, Style, Weight};
pub use halfblock::{Cell, CellColor, ColorMode};
pub use image::{Image, ImageSet};
pub use page::{GlyphRun, Item, Layer, ModuleGrid, Page, PlacedGlyph, Rgb, Stroke};
pub use pdf::{DocInfo, PdfDocument, PdfOptions};
pub use raster::{Rasterizer, Rgba};
pub use shape::{Language, Line, LineGlyph, Shaped, Span, shape, shape_line};
