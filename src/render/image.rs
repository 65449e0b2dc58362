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
        if bytes.starts_with(PNG_SIGNATURE) {
            decode_png(bytes)
        } else if bytes.starts_with(JPEG_START) {
            decode_jpeg(bytes)
        } else {
            Err(RenderError::UnsupportedImage(what_it_is(bytes)))
        }
    }

    /// Decodes a file about to be stored, refusing as well a JPEG cut short: zune-jpeg decodes
    /// one with its missing rows grey, as browsers show it, which is right for printing an
    /// image stored before but not for taking one in.
    pub fn decode_to_store(bytes: &[u8]) -> Result<Image> {
        let image = Image::decode(bytes)?;
        if bytes.starts_with(JPEG_START) && !jpeg_ends_its_picture(bytes) {
            return Err(RenderError::CutShort("JPEG"));
        }
        Ok(image)
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

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG_START: &[u8] = &[0xff, 0xd8, 0xff];

/// What a file that is neither PNG nor JPEG is, as far as its first bytes tell, and what to do.
fn what_it_is(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "the file is empty".to_string();
    }
    let head = &bytes[..bytes.len().min(64)];
    let brand =
        |brands: &[&[u8]]| head.get(4..8) == Some(b"ftyp") && head.get(8..12).is_some_and(|b| brands.contains(&b));
    let kind = if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        "a GIF image"
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        "a WebP image"
    } else if brand(&[b"heic", b"heix", b"mif1", b"msf1"]) {
        "a HEIC image (as phones save photos)"
    } else if brand(&[b"avif"]) {
        "an AVIF image"
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        "a TIFF image"
    } else if head.starts_with(b"BM") {
        "a BMP image"
    } else if head.starts_with(b"%PDF") {
        "a PDF document"
    } else if String::from_utf8_lossy(head).to_ascii_lowercase().contains("<svg") {
        "an SVG drawing"
    } else if std::str::from_utf8(head).is_ok_and(|text| text.chars().all(|c| !c.is_control() || c.is_whitespace())) {
        "text, not an image"
    } else {
        let first: Vec<String> = head.iter().take(8).map(|byte| format!("{byte:02x}")).collect();
        return format!(
            "it is neither a PNG nor a JPEG file (it begins with the bytes {}); save it as PNG or JPEG",
            first.join(" ")
        );
    };
    format!("it is {kind}; save it as PNG or JPEG")
}

/// Whether a JPEG's last scan is followed by the end-of-image marker. A scan's data never holds
/// the bytes FF DA or FF D9 (an FF in it is followed by 00 or a restart marker), and a
/// thumbnail's markers come before the picture's own scans, so the last FF DA is the picture's.
fn jpeg_ends_its_picture(bytes: &[u8]) -> bool {
    let marker = |at: usize, code: u8| bytes[at] == 0xff && bytes[at + 1] == code;
    let positions = 0..bytes.len().saturating_sub(1);
    positions
        .clone()
        .rev()
        .find(|&at| marker(at, 0xda))
        .is_some_and(|scan| (scan..positions.end).any(|at| marker(at, 0xd9)))
}

/// A PNG decoding error as a sentence: the decoder's own words for a broken format name its
/// internal types.
fn png_problem(error: png::DecodingError) -> RenderError {
    match error {
        png::DecodingError::IoError(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => {
            RenderError::CutShort("PNG")
        }
        png::DecodingError::Format(_) => {
            RenderError::Damaged { format: "PNG", detail: "it breaks the PNG format".into() }
        }
        png::DecodingError::LimitsExceeded => {
            RenderError::BadImage { format: "PNG", reason: "the picture is too large to decode".into() }
        }
        other => RenderError::BadImage { format: "PNG", reason: other.to_string() },
    }
}

fn decode_png(bytes: &[u8]) -> Result<Image> {
    let bad = |e: &dyn std::fmt::Display| RenderError::BadImage { format: "PNG", reason: e.to_string() };
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::ALPHA | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(png_problem)?;
    let (width, height) = (reader.info().width, reader.info().height);
    check_size(width, height)?;
    let size = reader.output_buffer_size().ok_or_else(|| bad(&"image too large for memory"))?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(png_problem)?;
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
    let damaged = |e: zune_jpeg::errors::DecodeErrors| RenderError::Damaged { format: "JPEG", detail: e.to_string() };
    decoder.decode_headers().map_err(damaged)?;
    let (width, height) = decoder.dimensions().ok_or_else(|| bad(&"no image size in the headers"))?;
    let (width, height) = (width as u32, height as u32);
    check_size(width, height)?;
    let input = decoder.input_colorspace();
    let rgba = decoder.decode().map_err(damaged)?;
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
