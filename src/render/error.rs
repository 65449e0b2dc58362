//! Errors of the render engine: fonts, images, PDF and raster output.

use std::path::PathBuf;

/// Everything that can go wrong while loading fonts or images or writing a page.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot read font directory {path}: {source}")]
    FontDir { path: PathBuf, source: std::io::Error },
    #[error("cannot read font file {path}: {source}")]
    FontFile { path: PathBuf, source: std::io::Error },
    #[error("font {name} is not a usable TrueType/OpenType font: {reason}")]
    BadFont { name: String, reason: String },
    #[error("font face {0} does not exist in this font book (pages built with another book?)")]
    UnknownFace(u16),
    /// What the file is instead, and what to do.
    #[error("{0}")]
    UnsupportedImage(String),
    #[error(
        "the {0} file ends before its picture does (cut short, as by an interrupted copy or download); copy it again"
    )]
    CutShort(&'static str),
    #[error("the {format} file is damaged ({detail}); open it in an image editor and save it again")]
    Damaged { format: &'static str, detail: String },
    #[error("the {format} image cannot be printed: {reason}")]
    BadImage { format: &'static str, reason: String },
    #[error("image {width}x{height} is too large (limit {limit} pixels per side)")]
    ImageTooLarge { width: u32, height: u32, limit: u32 },
    #[error("page refers to image {0:?}, which was not loaded into the image set")]
    MissingImage(String),
    #[error("cannot subset font {face}: {reason}")]
    Subset { face: String, reason: String },
    #[error("invalid page: {0}")]
    InvalidPage(String),
    #[error("cannot encode PNG: {0}")]
    PngEncode(String),
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
}

/// Result of the render engine.
pub type Result<T> = std::result::Result<T, RenderError>;
