//! Fonts as the rasterizer hands them to fontdue. fontdue outlines every glyph it can reach from
//! a font's character map when it parses the font, and only those: too slow and too big for a
//! CJK face (a quarter of a second and 200 MB), and blind to the glyphs shaping substitutes
//! (Arabic joining forms, Indic conjuncts, ligatures), which no character maps to. So each face
//! is given to fontdue as a subset of the glyphs the pages use, with a character map that reaches
//! every glyph of the subset through the Private Use planes.

use std::collections::{BTreeSet, HashMap};

use super::error::{RenderError, Result};
use super::fonts::{Face, FaceId, FontBook};
use super::sfnt;

/// First code point of the private use plane 15, which the synthetic character map uses.
const PRIVATE_PLANE: u32 = 0xF_0000;
/// Code points of plane 15 that are not noncharacters.
const PRIVATE_PLANE_SIZE: u32 = 0xFFFE;

/// A face's glyphs that fontdue has outlined, by original glyph id.
struct SubsetFont {
    font: fontdue::Font,
    new_of_old: HashMap<u16, u16>,
}

/// Subset fonts per face, grown as pages need more glyphs.
#[derive(Default)]
pub(super) struct RasterFonts {
    fonts: HashMap<FaceId, SubsetFont>,
    /// Every glyph asked for so far, per face: a rebuilt subset keeps them all.
    wanted: HashMap<FaceId, BTreeSet<u16>>,
}

impl std::fmt::Debug for RasterFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RasterFonts").field("faces", &self.fonts.len()).finish()
    }
}

impl Clone for RasterFonts {
    /// A clone starts empty and builds its own subsets: fontdue fonts are not `Clone`-cheap.
    fn clone(&self) -> Self {
        RasterFonts::default()
    }
}

impl RasterFonts {
    /// Makes every glyph of `needed` drawable, rebuilding the subset of each face that lacks one.
    pub fn prepare(&mut self, book: &FontBook, needed: HashMap<FaceId, BTreeSet<u16>>) -> Result<()> {
        for (face_id, glyphs) in needed {
            let missing = match self.fonts.get(&face_id) {
                Some(subset) => glyphs.iter().any(|g| !subset.new_of_old.contains_key(g)),
                None => true,
            };
            if !missing {
                continue;
            }
            let face = book.face(face_id)?;
            let wanted = self.wanted.entry(face_id).or_default();
            wanted.extend(glyphs.into_iter().filter(|&g| g < face.metrics().glyph_count));
            self.fonts.insert(face_id, build(face, wanted)?);
        }
        Ok(())
    }

    /// The coverage bitmap of glyph `glyph_id` of `face` at `px` pixels per em, if prepared.
    pub fn rasterize(&self, face: FaceId, glyph_id: u16, px: f32) -> Option<(fontdue::Metrics, Vec<u8>)> {
        let subset = self.fonts.get(&face)?;
        let new = *subset.new_of_old.get(&glyph_id)?;
        Some(subset.font.rasterize_indexed(new, px))
    }
}

fn build(face: &Face, glyphs: &BTreeSet<u16>) -> Result<SubsetFont> {
    let fail = |reason: String| RenderError::BadFont { name: face.postscript_name().to_owned(), reason };
    let mut remapper = subsetter::GlyphRemapper::new();
    for &glyph in glyphs {
        remapper.remap(glyph);
    }
    let subset = subsetter::subset(face.bytes(), face.collection_index(), &remapper)
        .map_err(|error| fail(format!("cannot subset it for the preview: {error}")))?;
    let count = ttf_parser::Face::parse(&subset, 0).map_or(remapper.num_gids(), |parsed| parsed.number_of_glyphs());
    let font_bytes = with_cmap(&subset, count).ok_or_else(|| fail("its subset has no table directory".into()))?;
    let settings = fontdue::FontSettings { collection_index: 0, scale: 40.0, load_substitutions: false };
    let font = fontdue::Font::from_bytes(font_bytes, settings).map_err(|error| fail(error.to_string()))?;
    let new_of_old = glyphs.iter().filter_map(|&old| Some((old, remapper.get(old)?))).collect();
    Ok(SubsetFont { font, new_of_old })
}

/// `font` (a single sfnt) with its `cmap` replaced by one that maps U+F0000 + i to glyph i.
fn with_cmap(font: &[u8], glyph_count: u16) -> Option<Vec<u8>> {
    sfnt::with_table(font, *b"cmap", &private_use_cmap(glyph_count))
}

/// A `cmap` with one Unicode subtable (format 12) mapping plane 15 onto the glyphs in order.
fn private_use_cmap(glyph_count: u16) -> Vec<u8> {
    let mapped = (glyph_count as u32).min(PRIVATE_PLANE_SIZE);
    let mut cmap = Vec::with_capacity(40);
    for value in [0u16, 1, 3, 10] {
        cmap.extend_from_slice(&value.to_be_bytes()); // version, one subtable, Windows, Unicode full
    }
    cmap.extend_from_slice(&12u32.to_be_bytes()); // the subtable's offset
    cmap.extend_from_slice(&12u16.to_be_bytes()); // format
    cmap.extend_from_slice(&0u16.to_be_bytes());
    cmap.extend_from_slice(&28u32.to_be_bytes()); // length with one group
    cmap.extend_from_slice(&0u32.to_be_bytes()); // language
    cmap.extend_from_slice(&1u32.to_be_bytes()); // groups
    for value in [PRIVATE_PLANE, PRIVATE_PLANE + mapped.max(1) - 1, 0] {
        cmap.extend_from_slice(&value.to_be_bytes());
    }
    cmap
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Style, Weight};

    #[test]
    fn every_glyph_of_the_subset_is_reachable_and_drawn() {
        let book = FontBook::new();
        let face_id = book.resolve("Noto Naskh Arabic", Weight::Regular, Style::Normal).expect("Naskh");
        let face = book.face(face_id).expect("face");
        // A joining form no character maps to, and a plain letter.
        let beh = face.glyph_index('ب').expect("beh");
        let unmapped = (1..face.metrics().glyph_count).find(|&g| {
            !(0x600..0x700).any(|cp| char::from_u32(cp).and_then(|c| face.glyph_index(c)) == Some(g))
                && !(0xFB50..0xFEFF).any(|cp| char::from_u32(cp).and_then(|c| face.glyph_index(c)) == Some(g))
                && g > 400
        });
        let unmapped = unmapped.expect("a glyph only shaping reaches");
        let mut fonts = RasterFonts::default();
        let needed = HashMap::from([(face_id, BTreeSet::from([beh, unmapped]))]);
        fonts.prepare(&book, needed).expect("prepare");
        for glyph in [beh, unmapped] {
            let (metrics, coverage) = fonts.rasterize(face_id, glyph, 40.0).expect("prepared");
            assert!(metrics.width > 0 && coverage.iter().any(|&c| c > 0), "glyph {glyph} is drawn");
        }
        assert!(fonts.rasterize(face_id, beh + 1, 40.0).is_none(), "only prepared glyphs");
    }

    #[test]
    fn the_synthetic_cmap_has_a_valid_directory() {
        let book = FontBook::new();
        let face = book.face(book.resolve("serif", Weight::Regular, Style::Normal).expect("serif")).expect("face");
        let font = with_cmap(face.bytes(), 10).expect("directory");
        let parsed = ttf_parser::Face::parse(&font, 0).expect("parses");
        assert_eq!(parsed.glyph_index(char::from_u32(PRIVATE_PLANE + 3).expect("char")), Some(ttf_parser::GlyphId(3)));
        assert_eq!(parsed.number_of_glyphs(), face.metrics().glyph_count);
    }
}
