//! One font face: its bytes, metrics read up front, and two lazily built views of it (fast
//! glyph tables for shaping, a fontdue `Font` for rasterizing).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock};

use crate::render::error::{RenderError, Result};

/// Weight classes the template language can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    Regular,
    Bold,
}

/// Slant classes; an oblique face counts as italic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    Normal,
    Italic,
}

/// Font-wide metrics in font units (divide by `units_per_em`, multiply by the size in points).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaceMetrics {
    pub units_per_em: u16,
    pub ascent: i16,
    /// Negative: below the baseline.
    pub descent: i16,
    pub line_gap: i16,
    pub cap_height: i16,
    pub italic_angle: f32,
    /// xmin, ymin, xmax, ymax.
    pub bbox: [i16; 4],
    /// OS/2 weight class (400 regular, 700 bold).
    pub weight_class: u16,
    pub monospaced: bool,
    pub glyph_count: u16,
}

impl FaceMetrics {
    /// Converts a length in font units to points at `size_pt`.
    pub fn to_pt(&self, units: f32, size_pt: f32) -> f32 {
        units * size_pt / self.units_per_em as f32
    }
}

#[derive(Debug, Clone)]
enum FontData {
    Embedded(&'static [u8]),
    Loaded(Arc<[u8]>),
}

/// A font face. Cheap to create: glyph tables and the rasterizer's outlines are built on first
/// use, because fontdue flattens every outline of a font up front (slow for DejaVu Sans).
#[derive(Debug)]
pub struct Face {
    data: FontData,
    index: u32,
    family: String,
    postscript_name: String,
    weight: Weight,
    style: Style,
    metrics: FaceMetrics,
    tables: OnceLock<GlyphTables>,
    raster: OnceLock<Option<fontdue::Font>>,
}

impl Face {
    pub(crate) fn embedded(bytes: &'static [u8]) -> Result<Face> {
        Face::parse(FontData::Embedded(bytes), "embedded font")
    }

    pub(crate) fn loaded(bytes: Vec<u8>, origin: &str) -> Result<Face> {
        Face::parse(FontData::Loaded(bytes.into()), origin)
    }

    fn parse(data: FontData, origin: &str) -> Result<Face> {
        let bad = |reason: &str| RenderError::BadFont { name: origin.to_owned(), reason: reason.to_owned() };
        let bytes = match &data {
            FontData::Embedded(b) => *b,
            FontData::Loaded(b) => &b[..],
        };
        let face = ttf_parser::Face::parse(bytes, 0).map_err(|e| bad(&e.to_string()))?;
        if face.tables().glyf.is_none() {
            return Err(bad("it has no TrueType outlines (CFF .otf fonts are not supported; use the .ttf version)"));
        }
        let family = name(&face, ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
            .or_else(|| name(&face, ttf_parser::name_id::FAMILY))
            .ok_or_else(|| bad("it has no family name"))?;
        let postscript_name = name(&face, ttf_parser::name_id::POST_SCRIPT_NAME)
            .map(|n| n.chars().filter(|c| c.is_ascii_graphic() && !"[](){}<>/%".contains(*c)).collect::<String>())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| family.chars().filter(char::is_ascii_alphanumeric).collect());
        let weight_class = face.weight().to_number();
        let weight = if weight_class >= 600 || face.is_bold() { Weight::Bold } else { Weight::Regular };
        let style = if face.is_italic() || face.is_oblique() { Style::Italic } else { Style::Normal };
        let bbox = face.global_bounding_box();
        let metrics = FaceMetrics {
            units_per_em: face.units_per_em(),
            ascent: face.ascender(),
            descent: face.descender(),
            line_gap: face.line_gap(),
            cap_height: face.capital_height().unwrap_or((face.ascender() as f32 * 0.7) as i16),
            italic_angle: face.italic_angle(),
            bbox: [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max],
            weight_class,
            monospaced: face.is_monospaced(),
            glyph_count: face.number_of_glyphs(),
        };
        if metrics.units_per_em == 0 {
            return Err(bad("its units per em is 0"));
        }
        Ok(Face {
            data,
            index: 0,
            family,
            postscript_name,
            weight,
            style,
            metrics,
            tables: OnceLock::new(),
            raster: OnceLock::new(),
        })
    }

    /// The raw font file, as embedded or loaded (for subsetting).
    pub fn bytes(&self) -> &[u8] {
        match &self.data {
            FontData::Embedded(b) => b,
            FontData::Loaded(b) => b,
        }
    }

    /// Index of the face inside a font collection (always 0 for now).
    pub fn collection_index(&self) -> u32 {
        self.index
    }

    pub fn family(&self) -> &str {
        &self.family
    }

    /// PostScript name, reduced to characters allowed in a PDF font name.
    pub fn postscript_name(&self) -> &str {
        &self.postscript_name
    }

    pub fn weight(&self) -> Weight {
        self.weight
    }

    pub fn style(&self) -> Style {
        self.style
    }

    pub fn metrics(&self) -> &FaceMetrics {
        &self.metrics
    }

    /// The glyph of `c`, if this face has one.
    pub fn glyph_index(&self, c: char) -> Option<u16> {
        self.tables().glyph(c)
    }

    /// Advance width of a glyph in font units (0 for an unknown glyph).
    pub fn advance(&self, glyph_id: u16) -> u16 {
        self.tables().advance(glyph_id)
    }

    /// Kerning between two glyphs in font units, from the legacy `kern` table (as fontdue reads it).
    pub fn kerning(&self, left: u16, right: u16) -> i16 {
        self.tables().kern(left, right)
    }

    pub(crate) fn tables(&self) -> &GlyphTables {
        self.tables.get_or_init(|| GlyphTables::build(self.bytes(), self.index))
    }

    /// The fontdue font for rasterizing, parsed on first use; `None` if fontdue rejects the font.
    pub fn raster_font(&self) -> Option<&fontdue::Font> {
        self.raster
            .get_or_init(|| {
                let settings =
                    fontdue::FontSettings { collection_index: self.index, scale: 40.0, load_substitutions: false };
                fontdue::Font::from_bytes(self.bytes(), settings).ok()
            })
            .as_ref()
    }
}

/// Picks a name record, preferring Windows English (the names users see in font menus).
fn name(face: &ttf_parser::Face, id: u16) -> Option<String> {
    let mut fallback = None;
    for record in face.names() {
        if record.name_id != id || !record.is_unicode() {
            continue;
        }
        let Some(text) = record.to_string() else { continue };
        if record.platform_id == ttf_parser::PlatformId::Windows && record.language_id == 0x0409 {
            return Some(text);
        }
        fallback.get_or_insert(text);
    }
    fallback
}

type PairMap = HashMap<u32, i16, BuildHasherDefault<PairHasher>>;

/// Shaping asks for a glyph, an advance and a kerning pair per character; these tables answer
/// with an array index or one hash probe instead of walking the font's binary tables.
#[derive(Debug, Default)]
pub(crate) struct GlyphTables {
    bmp: Vec<u16>,
    astral: HashMap<u32, u16>,
    advances: Vec<u16>,
    kern: PairMap,
}

impl GlyphTables {
    fn build(bytes: &[u8], index: u32) -> GlyphTables {
        let Ok(face) = ttf_parser::Face::parse(bytes, index) else { return GlyphTables::default() };
        let mut tables = GlyphTables { bmp: vec![0; 0x1_0000], ..GlyphTables::default() };
        if let Some(cmap) = face.tables().cmap {
            for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                subtable.codepoints(|cp| {
                    let Some(gid) = subtable.glyph_index(cp) else { return };
                    match tables.bmp.get_mut(cp as usize) {
                        Some(slot) if *slot == 0 => *slot = gid.0,
                        Some(_) => {}
                        None => {
                            tables.astral.entry(cp).or_insert(gid.0);
                        }
                    }
                });
            }
        }
        tables.advances =
            (0..face.number_of_glyphs()).map(|g| face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0)).collect();
        if let Some(kern) = face.tables().kern {
            for subtable in kern.subtables.into_iter() {
                if !subtable.horizontal || subtable.variable || subtable.has_cross_stream {
                    continue;
                }
                if let ttf_parser::kern::Format::Format0(pairs) = subtable.format {
                    for pair in pairs.pairs {
                        tables.kern.entry(pair.pair).or_insert(pair.value);
                    }
                }
            }
        }
        tables
    }

    #[inline]
    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        let cp = c as u32;
        let gid = match self.bmp.get(cp as usize) {
            Some(&g) => g,
            None => self.astral.get(&cp).copied().unwrap_or(0),
        };
        (gid != 0).then_some(gid)
    }

    #[inline]
    pub(crate) fn advance(&self, glyph_id: u16) -> u16 {
        self.advances.get(glyph_id as usize).copied().unwrap_or(0)
    }

    #[inline]
    pub(crate) fn kern(&self, left: u16, right: u16) -> i16 {
        if self.kern.is_empty() {
            return 0;
        }
        self.kern.get(&((left as u32) << 16 | right as u32)).copied().unwrap_or(0)
    }
}

/// A multiplicative hash for glyph pairs: the default SipHash costs more than the rest of
/// shaping a glyph. The xor-shift brings the left glyph's bits down into the bucket index.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(b as u32 ^ (self.0 as u32).rotate_left(8));
        }
    }

    fn write_u32(&mut self, n: u32) {
        let h = (n as u64 ^ self.0).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = h ^ (h >> 29);
    }
}
