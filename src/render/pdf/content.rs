//! Content streams: turns a layer's items into compact PDF operators (y flipped, numbers with at
//! most two decimals, relative text moves, one BT/ET block per stretch of consecutive text).
//! Glyph runs are written by the `text` module, QR codes as inline image masks by `qr`.

mod extraction;
mod placement;
mod qr;
mod text;

use super::Resources;
use super::xobjects::XObject;
use crate::render::error::Result;
use crate::render::page::{Item, Layer, Rgb, Stroke};

/// Lengths are kept in hundredths of a point, so relative moves add up exactly.
type Centi = i64;

fn centi(v: f32) -> Centi {
    round(v as f64 * 100.0)
}

/// Rounds half away from zero; `f64::round` is a library call on some targets, and this runs
/// several times per glyph.
#[inline]
fn round(v: f64) -> i64 {
    (v + 0.5f64.copysign(v)) as i64
}

pub(super) struct ContentWriter {
    pub out: Vec<u8>,
    height: Centi,
    hex_strings: bool,
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    line_width: Option<Centi>,
    /// Inside BT: the text line origin set by the last Td.
    text_origin: Option<(Centi, Centi)>,
    /// Font and size in 1/10,000 pt.
    font: Option<(u32, i64)>,
    char_spacing: Centi,
    rise: Centi,
    scratch: placement::Scratch,
    /// The XObjects this stream draws, in order of first use.
    pub xobjects: Vec<XObject>,
    /// Where the last QR code's raw samples begin, and where the stream ended after them.
    samples: Option<(usize, usize)>,
}

impl ContentWriter {
    pub(super) fn new(height_pt: f32, hex_strings: bool) -> ContentWriter {
        ContentWriter {
            out: Vec::with_capacity(1024),
            height: centi(height_pt),
            hex_strings,
            fill: None,
            stroke: None,
            line_width: None,
            text_origin: None,
            font: None,
            char_spacing: 0,
            rise: 0,
            scratch: placement::Scratch::default(),
            xobjects: Vec::new(),
            samples: None,
        }
    }

    /// Forgets the graphics state, for a new stream (page or form) in the same buffer.
    pub(super) fn reset(&mut self, height_pt: f32) {
        self.out.clear();
        self.height = centi(height_pt);
        self.fill = None;
        self.stroke = None;
        self.line_width = None;
        self.text_origin = None;
        self.font = None;
        self.char_spacing = 0;
        self.rise = 0;
        self.xobjects.clear();
        self.samples = None;
    }

    /// Where the bytes not worth compressing begin: the raw samples of a QR code when nothing
    /// but its `EI Q` follows them; the stream's end otherwise.
    pub(super) fn incompressible_from(&self) -> usize {
        match self.samples {
            Some((start, end)) if end == self.out.len() => start,
            _ => self.out.len(),
        }
    }

    pub(super) fn background(&mut self, color: Rgb, width_pt: f32) {
        self.set_fill(color);
        self.nums(&[0, 0, centi(width_pt), self.height]);
        self.op("re f");
    }

    /// Draws a fixed layer's form or a repeated line's (the graphics state is restored after).
    /// A form inherits the text state, which lasts past ET, and its stream was written from a
    /// reset writer: letter spacing or a rise left by the text before would spread its line.
    pub(super) fn draw(&mut self, xobject: XObject) {
        self.end_text();
        self.set_char_spacing(0);
        self.set_rise(0);
        self.use_xobject(xobject);
        let (prefix, index) = xobject.prefix();
        self.name(prefix, index);
        self.op("Do");
    }

    fn use_xobject(&mut self, xobject: XObject) {
        if !self.xobjects.contains(&xobject) {
            self.xobjects.push(xobject);
        }
    }

    pub(super) fn layer(&mut self, layer: &Layer, res: &mut Resources) -> Result<()> {
        self.items(&layer.items, res)?;
        self.end_text();
        Ok(())
    }

    /// Writes `items`, leaving a text object open for more text.
    pub(super) fn items(&mut self, items: &[Item], res: &mut Resources) -> Result<()> {
        for item in items {
            match item {
                Item::Text(run) => self.text(run, res)?,
                Item::Line { from, to, stroke } => self.line(*from, *to, stroke),
                Item::Rect { x_pt, y_pt, w_pt, h_pt, fill, stroke } => {
                    self.rect([*x_pt, *y_pt, *w_pt, *h_pt], *fill, stroke.as_ref())
                }
                Item::Image { name, x_pt, y_pt, w_pt, h_pt } => {
                    let index = res.image(name)?;
                    self.end_text();
                    self.use_xobject(XObject::Image(index));
                    self.op("q");
                    let (x, w, h) = (centi(*x_pt), centi(*w_pt), centi(*h_pt));
                    self.nums(&[w, 0, 0, h, x, self.height - centi(*y_pt) - h]);
                    self.op("cm");
                    self.name(b'I', index);
                    self.op("Do Q");
                }
                Item::Modules(grid) => self.modules(grid),
            }
        }
        Ok(())
    }

    pub(super) fn end_text(&mut self) {
        if self.text_origin.take().is_some() {
            self.op("ET");
        }
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), stroke: &Stroke) {
        self.end_text();
        self.set_stroke(stroke);
        self.nums(&[centi(from.0), self.height - centi(from.1)]);
        self.op("m");
        self.nums(&[centi(to.0), self.height - centi(to.1)]);
        self.op("l S");
    }

    fn rect(&mut self, [x, y, w, h]: [f32; 4], fill: Option<Rgb>, stroke: Option<&Stroke>) {
        if fill.is_none() && stroke.is_none() {
            return;
        }
        self.end_text();
        if let Some(color) = fill {
            self.set_fill(color);
        }
        if let Some(stroke) = stroke {
            self.set_stroke(stroke);
        }
        let (x, y, w, h) = (centi(x), centi(y), centi(w), centi(h));
        self.nums(&[x, self.height - y - h, w, h]);
        self.op(match (fill.is_some(), stroke.is_some()) {
            (true, true) => "re B",
            (true, false) => "re f",
            _ => "re S",
        });
    }

    fn set_fill(&mut self, color: Rgb) {
        if self.fill != Some(color) {
            self.color(color, "g", "rg");
            self.fill = Some(color);
        }
    }

    fn set_stroke(&mut self, stroke: &Stroke) {
        if self.stroke != Some(stroke.color) {
            self.color(stroke.color, "G", "RG");
            self.stroke = Some(stroke.color);
        }
        let width = centi(stroke.width_pt);
        if self.line_width != Some(width) {
            self.nums(&[width]);
            self.op("w");
            self.line_width = Some(width);
        }
    }

    fn color(&mut self, c: Rgb, gray_op: &str, rgb_op: &str) {
        let unit = |v: u8| (v as i64 * 1000 + 127) / 255;
        if c.r == c.g && c.g == c.b {
            self.push_fixed(unit(c.r), 3);
            self.out.push(b' ');
            self.op(gray_op);
        } else {
            for v in [c.r, c.g, c.b] {
                self.push_fixed(unit(v), 3);
                self.out.push(b' ');
            }
            self.op(rgb_op);
        }
    }

    fn name(&mut self, prefix: u8, index: u32) {
        self.out.extend_from_slice(&[b'/', prefix]);
        self.push_fixed(index as i64, 0);
        self.out.push(b' ');
    }

    fn nums(&mut self, values: &[Centi]) {
        for &v in values {
            self.push_fixed(v, 2);
            self.out.push(b' ');
        }
    }

    fn op(&mut self, op: &str) {
        self.out.extend_from_slice(op.as_bytes());
        self.out.push(b'\n');
    }

    /// Writes `value / 10^decimals` with trailing zeros (and a lone point) left out.
    fn push_fixed(&mut self, value: i64, decimals: u32) {
        let scale = 10u64.pow(decimals);
        if value < 0 {
            self.out.push(b'-');
        }
        let magnitude = value.unsigned_abs();
        let (int, mut frac) = (magnitude / scale, magnitude % scale);
        push_digits(&mut self.out, int, 0);
        if frac != 0 {
            let mut width = decimals;
            while frac % 10 == 0 {
                frac /= 10;
                width -= 1;
            }
            self.out.push(b'.');
            push_digits(&mut self.out, frac, width);
        }
    }
}

/// Appends `n` in decimal, left-padded with zeros to `min_width` digits.
fn push_digits(out: &mut Vec<u8>, mut n: u64, min_width: u32) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    while n > 0 || len == 0 || len < min_width as usize {
        digits[len] = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
    }
    out.extend(digits[..len].iter().rev());
}

/// A QR code's samples as a page's stream holds them.
#[cfg(test)]
pub(super) fn qr_samples(grid: &crate::render::page::ModuleGrid) -> Vec<u8> {
    qr::Mask::of(grid).rows
}

#[cfg(test)]
#[path = "content_tests.rs"]
mod tests;
