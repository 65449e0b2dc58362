//! Rendering: the page model, fonts and shaping (the engine), templates and the data they see,
//! layout into pages, checks, and the back ends that turn pages into PDF and pixels.

pub mod check;
pub mod data;
pub mod defaults;
pub mod error;
pub mod fonts;
pub mod image;
pub mod layout;
pub mod page;
pub mod pdf;
pub mod shape;
pub mod template;

pub use error::{RenderError, Result};
pub use fonts::{Face, FaceId, FaceMetrics, FontBook, Style, Weight};
pub use image::{Image, ImageSet};
pub use page::{GlyphRun, Item, Layer, ModuleGrid, Page, PlacedGlyph, Rgb, Stroke};
pub use pdf::{DocInfo, PdfDocument, PdfOptions};
pub use shape::{Shaped, ShapedGlyph, shape};
