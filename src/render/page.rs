//! The page model shared by layout and both back ends: plain data in PDF points, origin at the
//! top-left corner of the page, y growing downwards (the PDF writer flips it).

use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use super::fonts::FaceId;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Rgb {
    pub const BLACK: Rgb = Rgb { r: 0, g: 0, b: 0 };
    pub const WHITE: Rgb = Rgb { r: 255, g: 255, b: 255 };

    pub const fn new(r: u8, g: u8, b: u8) -> Rgb {
        Rgb { r, g, b }
    }
}

/// One page, ready for the PDF writer or the rasterizer.
///
/// `fixed` holds what does not depend on the learner (borders, fixed text, logos). Build it once
/// per template revision and share the `Arc` between pages: the PDF writer writes each distinct
/// fixed layer once, as a form XObject that every page using it draws. Pages are matched by
/// `Arc` identity first and by value second, so two equal layers built separately still share one
/// XObject, and a different layer can never be drawn by mistake. `fixed` is drawn under
/// `variable`; the background is drawn under both.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width_pt: f32,
    pub height_pt: f32,
    /// The language the page is written in, as a BCP 47 tag (the template's `language`): a PDF
    /// whose pages share one says so, for screen readers and hyphenation-aware tools.
    pub language: Option<&'static str>,
    pub background: Option<Rgb>,
    pub fixed: Arc<Layer>,
    pub variable: Layer,
}

impl Page {
    /// An empty page of the given size in points (A4 portrait is 595.28 x 841.89).
    pub fn new(width_pt: f32, height_pt: f32) -> Page {
        Page {
            width_pt,
            height_pt,
            language: None,
            background: None,
            fixed: Arc::new(Layer::default()),
            variable: Layer::default(),
        }
    }

    /// Every item of the page in drawing order: its fixed layer's, then its variable layer's.
    pub fn items(&self) -> impl Iterator<Item = &Item> + Clone {
        self.fixed.items.iter().chain(&self.variable.items)
    }
}

/// Items drawn in order: later items paint over earlier ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layer {
    pub items: Vec<Item>,
}

impl Layer {
    /// A hash of the layer's content, stable across runs and platforms (floats hashed by bits),
    /// a word at a time: layout and the PDF writer take one per page.
    pub fn fingerprint(&self) -> u64 {
        let mut hasher = WordHasher::default();
        for item in &self.items {
            item.hash_into(&mut hasher);
        }
        hasher.finish()
    }
}

/// A line's stroke.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub width_pt: f32,
    pub color: Rgb,
}

/// One thing drawn on a page. Coordinates are in points from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(GlyphRun),
    /// A straight line with butt caps.
    Line {
        from: (f32, f32),
        to: (f32, f32),
        stroke: Stroke,
    },
    /// `(x_pt, y_pt)` is the top-left corner. The stroke is centred on the rectangle's edge.
    Rect {
        x_pt: f32,
        y_pt: f32,
        w_pt: f32,
        h_pt: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    /// An image from the document's `ImageSet`, stretched to the box (keep the aspect ratio in
    /// layout). `(x_pt, y_pt)` is the top-left corner.
    Image {
        name: String,
        x_pt: f32,
        y_pt: f32,
        w_pt: f32,
        h_pt: f32,
    },
    /// A grid of square modules such as a QR code: far smaller in a PDF than one `Rect` each.
    Modules(ModuleGrid),
}

/// A square grid of dark and light modules; only the dark ones are painted.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleGrid {
    /// Top-left corner of module (0, 0).
    pub x_pt: f32,
    pub y_pt: f32,
    pub module_pt: f32,
    /// Modules per side.
    pub size: u16,
    /// Row-major, `size * size` entries, `true` = dark.
    pub dark: Vec<bool>,
    pub color: Rgb,
}

impl ModuleGrid {
    /// Whether the module at column `x`, row `y` is dark (out of range counts as light).
    pub fn is_dark(&self, x: u16, y: u16) -> bool {
        x < self.size && y < self.size && self.dark.get(y as usize * self.size as usize + x as usize) == Some(&true)
    }

    /// `size` x `size` modules dark or light at random (xorshift from a fixed seed), as a QR
    /// code's data looks, for tests.
    #[cfg(test)]
    pub fn noise(size: u16) -> Vec<bool> {
        let mut state = 0x2545_f491u32;
        let count = usize::from(size) * usize::from(size);
        (0..count)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state & 1 == 1
            })
            .collect()
    }
}

/// A run of glyphs of one face, size and colour on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub face: FaceId,
    pub size_pt: f32,
    pub color: Rgb,
    /// Pen position of the first glyph.
    pub x_pt: f32,
    pub baseline_pt: f32,
    pub glyphs: Vec<PlacedGlyph>,
    /// The source text (NFC); each glyph's `text` range indexes into it, for search and copy.
    pub text: String,
}

/// A glyph at a horizontal offset from the start of its run.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id in the face's original font file.
    pub glyph_id: u16,
    pub x_pt: f32,
    /// Downwards from the run's baseline: marks and other glyphs the shaper moves off the line.
    pub y_pt: f32,
    pub advance_pt: f32,
    /// Byte range of the characters this glyph's cluster stands for in `GlyphRun::text`. The
    /// glyphs of one cluster (a conjunct, a letter and its marks) share the range.
    pub text: Range<usize>,
}

impl Item {
    fn hash_into(&self, h: &mut impl Hasher) {
        match self {
            Item::Text(run) => {
                h.write_u8(0);
                h.write_u16(run.face.0);
                hash_f32s(h, &[run.size_pt, run.x_pt, run.baseline_pt]);
                run.color.hash(h);
                for g in &run.glyphs {
                    h.write_u16(g.glyph_id);
                    hash_f32s(h, &[g.x_pt, g.y_pt, g.advance_pt]);
                    h.write_usize(g.text.start);
                    h.write_usize(g.text.end);
                }
                h.write(run.text.as_bytes());
            }
            Item::Line { from, to, stroke } => {
                h.write_u8(1);
                hash_f32s(h, &[from.0, from.1, to.0, to.1, stroke.width_pt]);
                stroke.color.hash(h);
            }
            Item::Rect { x_pt, y_pt, w_pt, h_pt, fill, stroke } => {
                h.write_u8(2);
                hash_f32s(h, &[*x_pt, *y_pt, *w_pt, *h_pt]);
                fill.hash(h);
                if let Some(s) = stroke {
                    hash_f32s(h, &[s.width_pt]);
                    s.color.hash(h);
                }
            }
            Item::Image { name, x_pt, y_pt, w_pt, h_pt } => {
                h.write_u8(3);
                h.write(name.as_bytes());
                hash_f32s(h, &[*x_pt, *y_pt, *w_pt, *h_pt]);
            }
            Item::Modules(grid) => {
                h.write_u8(4);
                hash_f32s(h, &[grid.x_pt, grid.y_pt, grid.module_pt]);
                h.write_u16(grid.size);
                for &d in &grid.dark {
                    h.write_u8(d as u8);
                }
                grid.color.hash(h);
            }
        }
    }
}

fn hash_f32s(h: &mut impl Hasher, values: &[f32]) {
    for v in values {
        h.write_u32(v.to_bits());
    }
}

/// Multiply-rotate hashing a word at a time (as Firefox's FxHash): stable across runs, unlike
/// `std`'s randomly seeded hasher, and several times faster than FNV on long layers.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ (rest.len() as u64) << 59);
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u16(&mut self, value: u16) {
        self.add(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }
}

/// FNV-1a, 64 bit: stable across runs, unlike `std`'s randomly seeded hasher.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv64 {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(y: f32) -> Item {
        Item::Line { from: (10.0, y), to: (100.0, y), stroke: Stroke { width_pt: 1.0, color: Rgb::BLACK } }
    }

    #[test]
    fn fingerprint_is_stable_and_content_sensitive() {
        let a = Layer { items: vec![rule(10.0)] };
        let b = Layer { items: vec![rule(10.0)] };
        let c = Layer { items: vec![rule(10.5)] };
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_ne!(a.fingerprint(), c.fingerprint());
    }

    #[test]
    fn module_grid_reads_row_major_and_treats_outside_as_light() {
        let grid = ModuleGrid {
            x_pt: 0.0,
            y_pt: 0.0,
            module_pt: 1.0,
            size: 2,
            dark: vec![false, true, false, false],
            color: Rgb::BLACK,
        };
        assert!(grid.is_dark(1, 0));
        assert!(!grid.is_dark(0, 1));
        assert!(!grid.is_dark(2, 0));
    }
}
