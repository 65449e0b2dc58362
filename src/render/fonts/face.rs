//! One font face: its bytes, metrics read up front, and two lazily built views of it (fast
//! glyph tables for font selection and PDF widths, a harfrust `Font` for shaping). Large faces
//! cost nothing until a text needs them. It also keeps the last few subsets documents embedded.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};

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

/// A subset of a face as documents embed it: the font program for a glyph list, deflated, and
/// its length before.
#[derive(Debug, PartialEq, Eq)]
pub struct PackedSubset {
    pub packed: Vec<u8>,
    pub length: usize,
}

/// Subsets kept per face, the most recently used. A template's fixed lines draw the same glyphs
/// of their faces on every certificate, and one-certificate PDFs (split exports, mail,
/// downloads) would subset and deflate them again for each: most of such a PDF's cost. They are
/// kept here, with the face's other lazily built views, because the face outlives every
/// document and is shared by every thread that writes one.
const KEPT_SUBSETS: usize = 8;
/// Larger subsets are not kept: a multi-page export's (every glyph of its names) or a CJK
/// face's, written once a document.
const KEPT_SUBSET_BYTES: usize = 64 * 1024;

/// A packed subset and the glyph list it is for.
type KeptSubset = (Box<[u16]>, Arc<PackedSubset>);

/// How a face's glyphs are drawn, which decides how the PDF embeds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outlines {
    /// `glyf` quadratic outlines: a CIDFontType2 in PDF.
    TrueType,
    /// A `CFF ` table of cubic outlines: a CIDFontType0 in PDF.
    Cff,
}

#[derive(Debug, Clone)]
enum FontData {
    Embedded(&'static [u8]),
    /// Shared with harfrust, which keeps its own reference.
    Loaded(Arc<Vec<u8>>),
}

/// A font face. Cheap to create: the glyph tables and the shaper's view are built on first use.
pub struct Face {
    data: FontData,
    index: u32,
    family: String,
    postscript_name: String,
    weight: Weight,
    style: Style,
    outlines: Outlines,
    metrics: FaceMetrics,
    tables: OnceLock<GlyphTables>,
    shaper: OnceLock<Option<harfrust::Font>>,
    /// Shape plans by direction, script and language: building one costs far more than using it.
    plans: Mutex<Vec<Arc<harfrust::ShapePlan>>>,
    /// By glyph list (new id -> original id), most recently used last.
    subsets: Mutex<VecDeque<KeptSubset>>,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face").field("postscript_name", &self.postscript_name).field("index", &self.index).finish()
    }
}

impl Face {
    pub(crate) fn embedded(bytes: &'static [u8], index: u32) -> Result<Face> {
        Face::parse(FontData::Embedded(bytes), index, "embedded font")
    }

    pub(crate) fn loaded(bytes: Arc<Vec<u8>>, index: u32, origin: &str) -> Result<Face> {
        Face::parse(FontData::Loaded(bytes), index, origin)
    }

    fn parse(data: FontData, index: u32, origin: &str) -> Result<Face> {
        let bad = |reason: &str| RenderError::BadFont { name: origin.to_owned(), reason: reason.to_owned() };
        let bytes = match &data {
            FontData::Embedded(b) => *b,
            FontData::Loaded(b) => &b[..],
        };
        let face = ttf_parser::Face::parse(bytes, index).map_err(|e| bad(&e.to_string()))?;
        let outlines = if face.tables().glyf.is_some() {
            Outlines::TrueType
        } else if face.tables().cff.is_some() {
            Outlines::Cff
        } else {
            return Err(bad("it has neither TrueType (glyf) nor CFF outlines"));
        };
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
            index,
            family,
            postscript_name,
            weight,
            style,
            outlines,
            metrics,
            tables: OnceLock::new(),
            shaper: OnceLock::new(),
            plans: Mutex::new(Vec::new()),
            subsets: Mutex::new(VecDeque::new()),
        })
    }

    /// The packed subset for `glyphs` (new id -> original id): one of the last `KEPT_SUBSETS`
    /// used, or made by `make` and kept. A subset depends only on the face and the glyph list,
    /// so documents come out the same either way.
    pub fn packed_subset<E>(
        &self,
        glyphs: &[u16],
        make: impl FnOnce() -> std::result::Result<PackedSubset, E>,
    ) -> std::result::Result<Arc<PackedSubset>, E> {
        let kept = || self.subsets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        {
            let mut kept = kept();
            if let Some(entry) = kept.iter().position(|(known, _)| **known == *glyphs).and_then(|at| kept.remove(at)) {
                let subset = entry.1.clone();
                kept.push_back(entry);
                return Ok(subset);
            }
        }
        // Made without the lock; another thread may have made the same one meanwhile.
        let subset = Arc::new(make()?);
        let mut kept = kept();
        if subset.packed.len() > KEPT_SUBSET_BYTES || kept.iter().any(|(known, _)| **known == *glyphs) {
            return Ok(subset);
        }
        if kept.len() == KEPT_SUBSETS {
            kept.pop_front();
        }
        kept.push_back((glyphs.into(), subset.clone()));
        Ok(subset)
    }

    /// The raw font file, as embedded or loaded (for subsetting).
    pub fn bytes(&self) -> &[u8] {
        match &self.data {
            FontData::Embedded(b) => b,
            FontData::Loaded(b) => b,
        }
    }

    /// Index of the face inside a font collection (0 for a single font file).
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

    pub fn outlines(&self) -> Outlines {
        self.outlines
    }

    /// The glyph of `c`, if this face has one.
    pub fn glyph_index(&self, c: char) -> Option<u16> {
        self.tables().glyph(c)
    }

    /// Advance width of a glyph in font units (0 for an unknown glyph).
    pub fn advance(&self, glyph_id: u16) -> u16 {
        self.tables().advance(glyph_id)
    }

    pub(crate) fn tables(&self) -> &GlyphTables {
        self.tables.get_or_init(|| GlyphTables::build(self.bytes(), self.index))
    }

    /// The face as harfrust reads it, built on first use (harfrust keeps its layout tables and
    /// plans' inputs with it); `None` if harfrust cannot read the font.
    pub(crate) fn shaper_font(&self) -> Option<&harfrust::Font> {
        self.shaper
            .get_or_init(|| match &self.data {
                FontData::Embedded(bytes) => harfrust::Font::new(*bytes, self.index),
                FontData::Loaded(bytes) => {
                    let shared: Arc<dyn AsRef<[u8]> + Send + Sync> = bytes.clone();
                    harfrust::Font::new(harfrust::font::Blob::from(shared), self.index)
                }
            })
            .as_ref()
    }
}

impl Face {
    /// The shape plan for text of `script` in `direction` and `language`, built once per face.
    pub(crate) fn plan(
        &self,
        direction: harfrust::Direction,
        script: harfrust::Script,
        language: Option<&harfrust::Language>,
    ) -> Option<Arc<harfrust::ShapePlan>> {
        let font = self.shaper_font()?;
        let mut plans = self.plans.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let key = harfrust::ShapePlanKey::new(font, Some(script), direction).language(language);
        if let Some(plan) = plans.iter().find(|plan| key.matches(plan)) {
            return Some(plan.clone());
        }
        let plan = Arc::new(harfrust::ShapePlan::new(font, direction, Some(script), language, &[]));
        plans.push(plan.clone());
        Some(plan)
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

/// Font selection asks whether a face has a character for every character of a text, and the
/// PDF writer asks for advances; these tables answer with an array index instead of walking the
/// font's binary tables.
#[derive(Debug, Default)]
pub(crate) struct GlyphTables {
    bmp: Vec<u16>,
    astral: HashMap<u32, u16>,
    advances: Vec<u16>,
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
}
