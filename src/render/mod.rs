//! Rendering: the page model, fonts and shaping (this engine), and the back ends that turn
//! pages into PDF and pixels. Template parsing and layout build on this API.

pub mod error;
pub mod fonts;
pub mod halfblock;
pub mod image;
pub mod page;
pub mod pdf;
pub mod raster;
pub mod shape;

pub use error::{RenderError, Result};
pub use fonts::{Face, FaceId, FaceMetrics, FontBook, Style, Weight};
pub use halfblock::{Cell, CellColor, ColorMode};
pub use image::{Image, ImageSet};
pub use page::{GlyphRun, Item, Layer, ModuleGrid, Page, PlacedGlyph, Rgb, Stroke};
pub use pdf::{DocInfo, PdfDocument, PdfOptions};
pub use raster::{Rasterizer, Rgba};
pub use shape::{Shaped, ShapedGlyph, shape};
