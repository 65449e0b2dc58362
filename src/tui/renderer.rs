//! The seam to the rendering code (template language, layout, PDF, raster), which lives
//! outside the TUI: exports, previews, and the printing service itself for the jobs that need
//! fonts (whether a name can be printed) or templates (example certificates).

use std::path::Path;

use crate::domain::{Code, Example};
use crate::ops::{self, CourseState, Printer, Progress};

/// What is drawn: a certificate of the course (in force or not), or an example certificate.
#[derive(Debug, Clone)]
pub enum Subject {
    Certificate(Code),
    Example(Example),
}

/// A page rasterized for the terminal as cells: `height_cells` rows of `width_cells` cells,
/// each cell two pixels tall (`▀`: foreground the upper pixel, background the lower one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HalfBlocks {
    pub width_cells: u16,
    pub height_cells: u16,
    /// Row-major `(upper, lower)` RGB pixels, `width_cells * height_cells` of them.
    pub cells: Vec<([u8; 3], [u8; 3])>,
}

/// The cells a picture may fill, and the pixels of a cell to rasterize at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PictureSize {
    pub cols: u16,
    pub rows: u16,
    pub cell_px: (u16, u16),
}

/// A page rasterized for the terminal: pixels for a graphics protocol, and the same page as
/// half-blocks (for terminals without pictures, and while a dialog covers the picture).
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// Tells pictures apart on screen: each rendering gets a new one.
    pub id: u32,
    pub pixels: crate::render::Rgba,
    /// The cells the page fills (rounded up): the terminal scales the pixels to them, which are
    /// fewer on a huge terminal (see `preview::MAX_PREVIEW_SIDE_PX`).
    pub cols: u16,
    pub rows: u16,
    pub blocks: HalfBlocks,
}

pub trait Renderer: Send + Sync {
    /// The fonts, images and templates everything is printed with.
    fn printer(&self) -> &Printer;

    /// Writes every active certificate of the course, one page each, into one PDF at `path`;
    /// returns the number of pages, and how many carry a credential a retired key signed.
    /// Long: report through `progress`, stop when cancelled.
    fn export_pdf(
        &self,
        state: &CourseState,
        path: &Path,
        progress: &mut dyn Progress,
    ) -> anyhow::Result<ops::Exported>;

    /// Writes the certificate with `code`, as issued, to its own PDF at `path`; returns whether
    /// the credential it carries was signed with a key retired as compromised.
    fn certificate_pdf(&self, state: &CourseState, code: Code, path: &Path) -> anyhow::Result<bool>;

    /// Lays `subject` out as the PDF would and rasterizes it to fit `size`, keeping the page's
    /// aspect ratio.
    fn preview(&self, state: &CourseState, subject: &Subject, size: PictureSize) -> anyhow::Result<Picture>;

    /// The texts of an example certificate that had to shrink or wrap (none when it cannot
    /// be laid out: its error is recorded with it).
    fn example_fits(&self, state: &CourseState, example: &Example) -> Vec<crate::render::layout::TextFit>;
}
