//! The raster back end: draws a page into RGBA pixels (glyphs through fontdue with a bitmap
//! cache, anti-aliased rules and rectangles, scaled images), and encodes PNG.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::error::{RenderError, Result};
use super::fonts::{FaceId, FontBook};
use super::image::{Image, ImageSet};
use super::page::{GlyphRun, Item, Layer, ModuleGrid, Page, Rgb, Stroke};
use super::raster_fonts::RasterFonts;

/// Largest canvas side, so a mistyped dpi cannot exhaust memory.
pub const MAX_SIDE_PX: u32 = 16_384;

/// An image in memory: row-major RGBA, straight alpha.
#[derive(Debug, Clone, PartialEq)]
pub struct Rgba {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl Rgba {
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        let i = (y as usize * self.width as usize + x as usize) * 4;
        (x < self.width && y < self.height)
            .then(|| [self.pixels[i], self.pixels[i + 1], self.pixels[i + 2], self.pixels[i + 3]])
    }

    /// Encodes as PNG (fast compression: previews are written often and read once).
    pub fn to_png(&self) -> Result<Vec<u8>> {
        let fail = |e: png::EncodingError| RenderError::PngEncode(e.to_string());
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().map_err(fail)?;
        writer.write_image_data(&self.pixels).map_err(fail)?;
        writer.finish().map_err(fail)?;
        Ok(out)
    }
}

#[derive(Debug)]
struct GlyphBitmap {
    xmin: i32,
    ymin: i32,
    width: usize,
    height: usize,
    coverage: Vec<u8>,
}

/// Draws pages; keeps rasterized glyphs between calls, so keep one per preview pane.
#[derive(Debug, Clone)]
pub struct Rasterizer {
    book: FontBook,
    images: ImageSet,
    fonts: RasterFonts,
    glyphs: HashMap<(FaceId, u16, u32), Arc<GlyphBitmap>>,
}

const GLYPH_CACHE_LIMIT: usize = 20_000;

impl Rasterizer {
    pub fn new(book: FontBook, images: ImageSet) -> Rasterizer {
        Rasterizer { book, images, fonts: RasterFonts::default(), glyphs: HashMap::new() }
    }

    /// Draws `page` at `dpi` dots per inch.
    pub fn render(&mut self, page: &Page, dpi: f32) -> Result<Rgba> {
        self.render_scaled(page, dpi / 72.0)
    }

    /// Draws `page` with `scale` pixels per point; the canvas is the page's size rounded, and
    /// at least a pixel each way: a very thin page in a small preview (36 x 14,400 pt in 76
    /// pixels) is less than one pixel wide, and is still drawn, not refused.
    pub fn render_scaled(&mut self, page: &Page, scale: f32) -> Result<Rgba> {
        let side_px = |side_pt: f32| {
            let px = side_pt * scale;
            if px > 0.0 { px.round().max(1.0) } else { px }
        };
        let (width, height) = (side_px(page.width_pt), side_px(page.height_pt));
        if !(width >= 1.0 && height >= 1.0 && width <= MAX_SIDE_PX as f32 && height <= MAX_SIDE_PX as f32) {
            return Err(RenderError::InvalidPage(format!(
                "a {} x {} pt page at {scale} px/pt is {width} x {height} pixels (limit {MAX_SIDE_PX})",
                page.width_pt, page.height_pt
            )));
        }
        self.fonts.prepare(&self.book, glyphs_of(page))?;
        let mut canvas = Canvas::new(width as u32, height as u32, page.background.unwrap_or(Rgb::WHITE), scale);
        self.layer(&mut canvas, &page.fixed)?;
        self.layer(&mut canvas, &page.variable)?;
        Ok(canvas.into_rgba())
    }

    fn layer(&mut self, canvas: &mut Canvas, layer: &Layer) -> Result<()> {
        let s = canvas.scale;
        for item in &layer.items {
            match item {
                Item::Text(run) => self.text(canvas, run)?,
                Item::Line { from, to, stroke } => canvas.line((from.0 * s, from.1 * s), (to.0 * s, to.1 * s), stroke),
                Item::Rect { x_pt, y_pt, w_pt, h_pt, fill, stroke } => {
                    let (x, y, w, h) = (x_pt * s, y_pt * s, w_pt * s, h_pt * s);
                    if let Some(color) = fill {
                        canvas.fill_rect(x, y, x + w, y + h, *color, 1.0);
                    }
                    if let Some(stroke) = stroke {
                        let half = stroke.width_pt * s / 2.0;
                        let c = stroke.color;
                        canvas.fill_rect(x - half, y - half, x + w + half, y + half, c, 1.0);
                        canvas.fill_rect(x - half, y + h - half, x + w + half, y + h + half, c, 1.0);
                        canvas.fill_rect(x - half, y + half, x + half, y + h - half, c, 1.0);
                        canvas.fill_rect(x + w - half, y + half, x + w + half, y + h - half, c, 1.0);
                    }
                }
                Item::Image { name, x_pt, y_pt, w_pt, h_pt } => {
                    let image = self.images.get(name).ok_or_else(|| RenderError::MissingImage(name.clone()))?;
                    canvas.image(image, x_pt * s, y_pt * s, w_pt * s, h_pt * s);
                }
                Item::Modules(grid) => canvas.modules(grid),
            }
        }
        Ok(())
    }

    fn text(&mut self, canvas: &mut Canvas, run: &GlyphRun) -> Result<()> {
        let px = run.size_pt * canvas.scale;
        if px <= 0.0 || px > 4096.0 {
            return Ok(());
        }
        let glyph_count = self.book.face(run.face)?.metrics().glyph_count;
        let baseline = run.baseline_pt * canvas.scale;
        let key_px = (px * 64.0).round() as u32;
        for glyph in &run.glyphs {
            if glyph.glyph_id >= glyph_count {
                continue;
            }
            let key = (run.face, glyph.glyph_id, key_px);
            let bitmap = match self.glyphs.get(&key) {
                Some(bitmap) => bitmap.clone(),
                None => {
                    let Some((m, coverage)) = self.fonts.rasterize(run.face, glyph.glyph_id, key_px as f32 / 64.0)
                    else {
                        continue;
                    };
                    let bitmap = Arc::new(GlyphBitmap {
                        xmin: m.xmin,
                        ymin: m.ymin,
                        width: m.width,
                        height: m.height,
                        coverage,
                    });
                    if self.glyphs.len() >= GLYPH_CACHE_LIMIT {
                        self.glyphs.clear();
                    }
                    self.glyphs.insert(key, bitmap.clone());
                    bitmap
                }
            };
            let pen_x = ((run.x_pt + glyph.x_pt) * canvas.scale).round() as i32;
            let glyph_baseline = (baseline + glyph.y_pt * canvas.scale).round() as i32;
            canvas.glyph(
                &bitmap,
                pen_x + bitmap.xmin,
                glyph_baseline - (bitmap.ymin + bitmap.height as i32),
                run.color,
            );
        }
        Ok(())
    }
}

/// The glyphs of every face a page draws.
fn glyphs_of(page: &Page) -> HashMap<FaceId, BTreeSet<u16>> {
    let mut glyphs: HashMap<FaceId, BTreeSet<u16>> = HashMap::new();
    for item in page.items() {
        if let Item::Text(run) = item {
            glyphs.entry(run.face).or_default().extend(run.glyphs.iter().map(|g| g.glyph_id));
        }
    }
    glyphs
}

/// An opaque RGB canvas (pages are paper: there is no transparency to keep).
struct Canvas {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
    scale: f32,
}

impl Canvas {
    fn new(width: u32, height: u32, background: Rgb, scale: f32) -> Canvas {
        let rgb = [background.r, background.g, background.b].repeat(width as usize * height as usize);
        Canvas { width, height, rgb, scale }
    }

    fn into_rgba(self) -> Rgba {
        let pixels = self.rgb.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
        Rgba { width: self.width, height: self.height, pixels }
    }

    #[inline]
    fn blend(&mut self, x: i32, y: i32, color: [u8; 3], alpha: u32) {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 || alpha == 0 {
            return;
        }
        let i = (y as usize * self.width as usize + x as usize) * 3;
        for (dst, src) in self.rgb[i..i + 3].iter_mut().zip(color) {
            *dst = ((src as u32 * alpha + *dst as u32 * (255 - alpha) + 127) / 255) as u8;
        }
    }

    fn glyph(&mut self, bitmap: &GlyphBitmap, left: i32, top: i32, color: Rgb) {
        let rgb = [color.r, color.g, color.b];
        for row in 0..bitmap.height {
            let line = &bitmap.coverage[row * bitmap.width..(row + 1) * bitmap.width];
            for (col, &coverage) in line.iter().enumerate() {
                self.blend(left + col as i32, top + row as i32, rgb, coverage as u32);
            }
        }
    }

    /// Fills [x0, x1) x [y0, y1) in pixels, with partial coverage on fractional edges.
    fn fill_rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, color: Rgb, opacity: f32) {
        let (x0, x1) = (x0.max(0.0), x1.min(self.width as f32));
        let (y0, y1) = (y0.max(0.0), y1.min(self.height as f32));
        if x1 <= x0 || y1 <= y0 {
            return;
        }
        let rgb = [color.r, color.g, color.b];
        let overlap = |p: i32, a: f32, b: f32| (b.min(p as f32 + 1.0) - a.max(p as f32)).clamp(0.0, 1.0);
        for y in y0.floor() as i32..y1.ceil() as i32 {
            let cy = overlap(y, y0, y1);
            for x in x0.floor() as i32..x1.ceil() as i32 {
                let alpha = (overlap(x, x0, x1) * cy * opacity * 255.0).round() as u32;
                self.blend(x, y, rgb, alpha);
            }
        }
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), stroke: &Stroke) {
        let half = (stroke.width_pt * self.scale / 2.0).max(0.35);
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        if dy.abs() < 1e-3 {
            let (a, b) = (from.0.min(to.0), from.0.max(to.0));
            return self.fill_rect(a, from.1 - half, b, from.1 + half, stroke.color, (half * 2.0).min(1.0));
        }
        if dx.abs() < 1e-3 {
            let (a, b) = (from.1.min(to.1), from.1.max(to.1));
            return self.fill_rect(from.0 - half, a, from.0 + half, b, stroke.color, (half * 2.0).min(1.0));
        }
        // A slanted line: coverage from the distance to the segment, butt ends.
        let length = (dx * dx + dy * dy).sqrt();
        let (ux, uy) = (dx / length, dy / length);
        let rgb = [stroke.color.r, stroke.color.g, stroke.color.b];
        let (x_lo, x_hi) = (from.0.min(to.0) - half - 1.0, from.0.max(to.0) + half + 1.0);
        let (y_lo, y_hi) = (from.1.min(to.1) - half - 1.0, from.1.max(to.1) + half + 1.0);
        for y in y_lo.max(0.0) as i32..(y_hi.min(self.height as f32)) as i32 {
            for x in x_lo.max(0.0) as i32..(x_hi.min(self.width as f32)) as i32 {
                let (px, py) = (x as f32 + 0.5 - from.0, y as f32 + 0.5 - from.1);
                let along = px * ux + py * uy;
                let across = (px * uy - py * ux).abs();
                let coverage = (half + 0.5 - across).clamp(0.0, 1.0)
                    * (along + 0.5).clamp(0.0, 1.0)
                    * (length - along + 0.5).clamp(0.0, 1.0);
                self.blend(x, y, rgb, (coverage * 255.0).round() as u32);
            }
        }
    }

    /// Draws an image into a box, sampling the source bilinearly.
    fn image(&mut self, image: &Image, x: f32, y: f32, w: f32, h: f32) {
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        let (iw, ih) = (image.width() as usize, image.height() as usize);
        let src = image.rgba();
        let sample = |sx: usize, sy: usize, channel: usize| src[(sy * iw + sx) * 4 + channel] as f32;
        for py in y.max(0.0).floor() as i32..(y + h).min(self.height as f32).ceil() as i32 {
            let v = ((py as f32 + 0.5 - y) / h * ih as f32 - 0.5).clamp(0.0, ih as f32 - 1.0);
            let (y0, fy) = (v.floor() as usize, v.fract());
            let y1 = (y0 + 1).min(ih - 1);
            for px in x.max(0.0).floor() as i32..(x + w).min(self.width as f32).ceil() as i32 {
                let u = ((px as f32 + 0.5 - x) / w * iw as f32 - 0.5).clamp(0.0, iw as f32 - 1.0);
                let (x0, fx) = (u.floor() as usize, u.fract());
                let x1 = (x0 + 1).min(iw - 1);
                let mut out = [0f32; 4];
                for (c, value) in out.iter_mut().enumerate() {
                    let top = sample(x0, y0, c) * (1.0 - fx) + sample(x1, y0, c) * fx;
                    let bottom = sample(x0, y1, c) * (1.0 - fx) + sample(x1, y1, c) * fx;
                    *value = top * (1.0 - fy) + bottom * fy;
                }
                let rgb = [out[0].round() as u8, out[1].round() as u8, out[2].round() as u8];
                self.blend(px, py, rgb, out[3].round() as u32);
            }
        }
    }

    /// A QR code as the PDF draws it, an image mask without interpolation, placed the way
    /// poppler places one: the image widened to whole pixels (each edge's pixel taken in), then
    /// each module given the pixels from `floor(i * width / size)` to the next one's. The preview
    /// then paints every module on the pixels pdftoppm paints it on.
    fn modules(&mut self, grid: &ModuleGrid) {
        let (s, size) = (self.scale as f64, i64::from(grid.size));
        if size == 0 {
            return;
        }
        // The PDF writes positions and the side in hundredths of a point.
        let hundredths = |v: f64| (v * 100.0).round() / 100.0;
        let side = hundredths(grid.module_pt as f64 * size as f64) * s;
        let (x0, y0) = (hundredths(grid.x_pt as f64) * s, hundredths(grid.y_pt as f64) * s);
        let (left, top) = (x0.floor() as i64, y0.floor() as i64);
        let (width, height) = ((x0 + side).floor() as i64 + 1 - left, (y0 + side).floor() as i64 + 1 - top);
        let edge = |start: i64, extent: i64, i: i64| (start + i * extent / size) as f32;
        for y in 0..grid.size {
            for x in 0..grid.size {
                if grid.is_dark(x, y) {
                    let (x, y) = (i64::from(x), i64::from(y));
                    let (l, r) = (edge(left, width, x), edge(left, width, x + 1));
                    let (t, b) = (edge(top, height, y), edge(top, height, y + 1));
                    self.fill_rect(l, t, r, b, grid.color, 1.0);
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "raster_tests.rs"]
mod tests;
