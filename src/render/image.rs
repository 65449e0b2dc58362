//! Images (PNG and JPEG logos and signatures): decoding to RGBA for the rasterizer, and what the
//! PDF writer embeds (JPEG bytes passed through, PNG pixels as deflated RGB plus an alpha mask).

use std::collections::BTreeMap;
use std::sync::Arc;

use zune_jpeg::JpegDecoder;
use zune_jpeg::zune_core::bytestream::ZCursor;
use zune_jpeg::zune_core::colorspace::ColorSpace;
use zune_jpeg::zune_core::options::DecoderOptions;

use super::error::{RenderError, Result};

/// Largest accepted width or height: a certificate logo never needs more, and it bounds memory.
pub const MAX_SIDE_PX: u32 = 8192;

/// A decoded image.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    width: u32,
    height: u32,
    /// Row-major RGBA, straight (not premultiplied) alpha.
    rgba: Vec<u8>,
    source: Source,
}

/// How the PDF writer embeds the image.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The JPEG file itself, drawn with DCTDecode; `gray` selects DeviceGray over DeviceRGB.
    Jpeg { bytes: Arc<[u8]>, gray: bool },
    /// Pixels only (PNG, or a JPEG in CMYK, whose inversion conventions viewers disagree on).
    Pixels,
}

impl Image {
    /// Decodes a PNG or JPEG file, recognised by its first bytes.
    pub fn decode(bytes: &[u8]) -> Result<Image> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            decode_png(bytes)
        } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            decode_jpeg(bytes)
        } else {
            Err(RenderError::UnsupportedImage(bytes.iter().take(8).copied().collect()))
        }
    }

    /// Builds an image from RGBA pixels (for tests and generated pictures).
    pub fn from_rgba(width: u32, height: u32, rgba: Vec<u8>) -> Result<Image> {
        check_size(width, height)?;
        if rgba.len() != width as usize * height as usize * 4 {
            return Err(RenderError::BadImage { format: "RGBA", reason: "pixel buffer has the wrong length".into() });
        }
        Ok(Image { width, height, rgba, source: Source::Pixels })
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    /// Row-major RGBA pixels, straight alpha.
    pub fn rgba(&self) -> &[u8] {
        &self.rgba
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Whether any pixel is not fully opaque (then the PDF needs a soft mask).
    pub fn has_alpha(&self) -> bool {
        self.rgba.chunks_exact(4).any(|p| p[3] != 255)
    }

    /// The colour samples without alpha, 3 bytes a pixel.
    pub fn rgb(&self) -> Vec<u8> {
        self.rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect()
    }

    /// The alpha samples, 1 byte a pixel.
    pub fn alpha(&self) -> Vec<u8> {
        self.rgba.chunks_exact(4).map(|p| p[3]).collect()
    }
}

fn check_size(width: u32, height: u32) -> Result<()> {
    if width == 0 || height == 0 {
        return Err(RenderError::BadImage { format: "image", reason: "it has no pixels".into() });
    }
    if width > MAX_SIDE_PX || height > MAX_SIDE_PX {
        return Err(RenderError::ImageTooLarge { width, height, limit: MAX_SIDE_PX });
    }
    Ok(())
}

fn decode_png(bytes: &[u8]) -> Result<Image> {
    let bad = |e: &dyn std::fmt::Display| RenderError::BadImage { format: "PNG", reason: e.to_string() };
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::ALPHA | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| bad(&e))?;
    let (width, height) = (reader.info().width, reader.info().height);
    check_size(width, height)?;
    let size = reader.output_buffer_size().ok_or_else(|| bad(&"image too large for memory"))?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(|e| bad(&e))?;
    buf.truncate(frame.buffer_size());
    let rgba = match frame.color_type {
        png::ColorType::Rgba => buf,
        png::ColorType::GrayscaleAlpha => buf.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect(),
        other => return Err(bad(&format!("unexpected decoded colour type {other:?}"))),
    };
    if rgba.len() != width as usize * height as usize * 4 {
        return Err(bad(&"decoded size does not match the header"));
    }
    Ok(Image { width, height, rgba, source: Source::Pixels })
}

fn decode_jpeg(bytes: &[u8]) -> Result<Image> {
    let bad = |e: &dyn std::fmt::Display| RenderError::BadImage { format: "JPEG", reason: e.to_string() };
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::RGBA)
        .set_max_width(MAX_SIDE_PX as usize)
        .set_max_height(MAX_SIDE_PX as usize);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(|e| bad(&e))?;
    let (width, height) = decoder.dimensions().ok_or_else(|| bad(&"no image size in the headers"))?;
    let (width, height) = (width as u32, height as u32);
    check_size(width, height)?;
    let input = decoder.input_colorspace();
    let rgba = decoder.decode().map_err(|e| bad(&e))?;
    if rgba.len() != width as usize * height as usize * 4 {
        return Err(bad(&"decoded size does not match the header"));
    }
    let source = match input {
        Some(ColorSpace::YCbCr | ColorSpace::RGB) => Source::Jpeg { bytes: bytes.into(), gray: false },
        Some(ColorSpace::Luma) => Source::Jpeg { bytes: bytes.into(), gray: true },
        _ => Source::Pixels,
    };
    Ok(Image { width, height, rgba, source })
}

/// The images a document can draw, by the name `Item::Image` uses.
#[derive(Debug, Clone, Default)]
pub struct ImageSet {
    images: BTreeMap<String, Arc<Image>>,
}

impl ImageSet {
    pub fn new() -> ImageSet {
        ImageSet::default()
    }

    /// Adds or replaces the image called `name`.
    pub fn insert(&mut self, name: impl Into<String>, image: Image) {
        self.images.insert(name.into(), Arc::new(image));
    }

    pub fn get(&self, name: &str) -> Option<&Arc<Image>> {
        self.images.get(name)
    }

    pub fn is_empty(&self) -> bool {
        self.images.is_empty()
    }
}

#[cfg(test)]
#[path = "image_tests.rs"]
mod tests;
