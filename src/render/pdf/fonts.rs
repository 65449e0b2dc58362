//! Fonts in the PDF: glyph ids remapped as pages are written, then each face subsetted once and
//! written as a Type0 font (Identity-H) over a CIDFontType2 (TrueType outlines) or CIDFontType0
//! (CFF outlines), with /W widths and a ToUnicode CMap.

use std::hash::Hasher;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, Str};

use super::deflate::zlib;
use crate::render::error::{RenderError, Result};
use crate::render::fonts::{Face, FaceId, Outlines, PackedSubset, Style};
use crate::render::page::Fnv64;
use crate::render::sfnt;

/// Deflate level (libdeflate) of embedded font programs, most of the cost of a one-certificate
/// PDF (mail attachments, downloads, `export --split`). Splitting 10,000 default-template
/// certificates (`/usr/bin/time certdesk export --split`, two interleaved runs each): level 1
/// took 6.4 s of CPU for 47.7 KB a file, level 4 7.5 s for 46.9 KB, level 6 7.7 s for 46.7 KB;
/// miniz at level 2, before, 11.8 s for 47.2 KB (names pruned alike; measured before faces kept
/// their subsets).
const FONT_LEVEL: u8 = 1;

/// The objects of one embedded font, in the order they are written.
#[derive(Debug, Clone, Copy)]
pub(super) struct FontRefs {
    pub type0: Ref,
    cid: Ref,
    descriptor: Ref,
    file: Ref,
    cmap: Ref,
}

impl FontRefs {
    pub(super) const COUNT: i32 = 5;

    /// The refs of `COUNT` consecutive ids from `first`.
    pub(super) fn from(first: Ref) -> FontRefs {
        let id = |offset: i32| Ref::new(first.get() + offset);
        FontRefs { type0: id(0), cid: id(1), descriptor: id(2), file: id(3), cmap: id(4) }
    }
}

/// One face's use in a document: which glyphs, in which order, drawing which text.
pub(super) struct FontUsage {
    pub face: FaceId,
    /// Original glyph id -> new id (0 = not used yet; .notdef stays 0).
    new_of_old: Vec<u16>,
    /// New id -> original glyph id; new id 0 is .notdef.
    old_of_new: Vec<u16>,
    /// New id -> the text its first use drew, for ToUnicode.
    text_of_new: Vec<Option<Box<str>>>,
    /// Widths in 1/1000 em, rounded as written to /W, by original glyph id (computed on use).
    width_of_old: Vec<f32>,
}

impl FontUsage {
    pub(super) fn new(face_id: FaceId, face: &Face) -> FontUsage {
        let count = face.metrics().glyph_count as usize;
        FontUsage {
            face: face_id,
            new_of_old: vec![0; count],
            old_of_new: vec![0],
            text_of_new: vec![None],
            width_of_old: vec![f32::NAN; count],
        }
    }

    /// The new id of `old`, assigned in order of first use so output is deterministic.
    pub(super) fn remap<'t>(&mut self, old: u16, text: impl FnOnce() -> Option<&'t str>) -> Result<u16> {
        let slot = self.new_of_old.get_mut(old as usize).ok_or_else(|| {
            RenderError::InvalidPage(format!("glyph {old} does not exist in font face {}", self.face.0))
        })?;
        let new = if old == 0 {
            0
        } else if *slot != 0 {
            *slot
        } else {
            let new =
                u16::try_from(self.old_of_new.len()).map_err(|_| RenderError::InvalidPage("too many glyphs".into()))?;
            *slot = new;
            self.old_of_new.push(old);
            self.text_of_new.push(None);
            new
        };
        if new != 0 && self.text_of_new[new as usize].is_none() {
            self.text_of_new[new as usize] = text().filter(|t| !t.is_empty()).map(Into::into);
        }
        Ok(new)
    }

    /// Whether ToUnicode maps the glyph with new id `new` to exactly `text`.
    pub(super) fn maps_to(&self, new: u16, text: &str) -> bool {
        new != 0 && self.text_of_new.get(new as usize).and_then(Option::as_deref) == Some(text)
    }

    /// The glyph's width in 1/1000 em exactly as written to /W (callers pass valid glyph ids).
    pub(super) fn width(&mut self, face: &Face, old: u16) -> f32 {
        let Some(cached) = self.width_of_old.get_mut(old as usize) else { return 0.0 };
        if cached.is_nan() {
            let exact = face.advance(old) as f64 * 1000.0 / face.metrics().units_per_em as f64;
            *cached = ((exact * 100.0).round() / 100.0) as f32;
        }
        *cached
    }

    /// A tag of six capital letters from the face and its glyph set: another glyph set gives
    /// another tag, and the same document always gives the same one.
    fn subset_tag(&self, face: &Face) -> String {
        let mut hasher = Fnv64::default();
        hasher.write(face.postscript_name().as_bytes());
        for &old in &self.old_of_new {
            hasher.write_u16(old);
        }
        let mut hash = Hasher::finish(&hasher);
        (0..6)
            .map(|_| {
                let letter = b'A' + (hash % 26) as u8;
                hash /= 26;
                letter as char
            })
            .collect()
    }

    /// The font's objects, one chunk each, in the order of `refs`.
    pub(super) fn write(
        &mut self,
        face: &Face,
        refs: FontRefs,
        settings: pdf_writer::Settings,
    ) -> Result<Vec<(Ref, Chunk)>> {
        let chunk = || Chunk::with_settings(settings);
        let mut objects = Vec::with_capacity(FontRefs::COUNT as usize);
        let program = face.packed_subset(&self.old_of_new, || pack_subset(face, &self.old_of_new))?;
        let base = format!("{}+{}", self.subset_tag(face), face.postscript_name());
        let base = Name(base.as_bytes());
        let info = SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
        let m = *face.metrics();
        let to_1000 = |v: f32| (v * 1000.0 / m.units_per_em as f32).round();

        let mut type0 = chunk();
        type0
            .type0_font(refs.type0)
            .base_font(base)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(refs.cid)
            .to_unicode(refs.cmap);
        objects.push((refs.type0, type0));

        let old_of_new = self.old_of_new.clone();
        let widths: Vec<f32> = old_of_new.iter().map(|&old| self.width(face, old)).collect();
        let mut cid_chunk = chunk();
        let mut cid = cid_chunk.cid_font(refs.cid);
        cid.subtype(match face.outlines() {
            Outlines::TrueType => CidFontType::Type2,
            Outlines::Cff => CidFontType::Type0,
        })
        .base_font(base)
        .system_info(info)
        .font_descriptor(refs.descriptor)
        .default_width(0.0);
        if face.outlines() == Outlines::TrueType {
            cid.cid_to_gid_map_predefined(Name(b"Identity"));
        }
        cid.widths().consecutive(0, widths);
        cid.finish();
        objects.push((refs.cid, cid_chunk));

        let mut flags = FontFlags::SYMBOLIC;
        if m.monospaced {
            flags |= FontFlags::FIXED_PITCH;
        }
        if face.style() == Style::Italic {
            flags |= FontFlags::ITALIC;
        }
        let family = face.family().to_ascii_lowercase();
        if family.contains("serif") && !family.contains("sans") {
            flags |= FontFlags::SERIF;
        }
        let [x0, y0, x1, y1] = m.bbox.map(|v| to_1000(v as f32));
        let mut descriptor_chunk = chunk();
        let mut file_chunk = chunk();
        let mut descriptor = descriptor_chunk.font_descriptor(refs.descriptor);
        descriptor
            .name(base)
            .flags(flags)
            .bbox(Rect::new(x0, y0, x1, y1))
            .italic_angle(m.italic_angle)
            .ascent(to_1000(m.ascent as f32))
            .descent(to_1000(m.descent as f32))
            .cap_height(to_1000(m.cap_height as f32))
            .stem_v((10.0 + 0.244 * (m.weight_class as f32 - 50.0)).round());
        match face.outlines() {
            Outlines::TrueType => {
                descriptor.font_file2(refs.file);
                descriptor.finish();
                file_chunk
                    .stream(refs.file, &program.packed)
                    .filter(Filter::FlateDecode)
                    .pair(Name(b"Length1"), program.length as i32);
            }
            Outlines::Cff => {
                descriptor.font_file3(refs.file);
                descriptor.finish();
                file_chunk
                    .stream(refs.file, &program.packed)
                    .filter(Filter::FlateDecode)
                    .pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
            }
        }

        objects.push((refs.descriptor, descriptor_chunk));
        objects.push((refs.file, file_chunk));
        let mut cmap = UnicodeCmap::new(Name(b"Adobe-Identity-UCS"), info);
        for (new, text) in self.text_of_new.iter().enumerate() {
            if let Some(text) = text {
                cmap.pair_with_multiple(new as u16, text.chars());
            }
        }
        let mut cmap_chunk = chunk();
        cmap_chunk.cmap(refs.cmap, &zlib(&cmap.finish(), 6)).filter(Filter::FlateDecode);
        objects.push((refs.cmap, cmap_chunk));
        Ok(objects)
    }
}

/// The font program of `face` for `glyphs` (new id -> original id), deflated: a TrueType font
/// with its names pruned, or the bare CFF table (the subsetter writes an OpenType font whose CFF
/// table is CID-keyed with CID = new glyph id).
fn pack_subset(face: &Face, glyphs: &[u16]) -> Result<PackedSubset> {
    let refused = |reason: String| RenderError::Subset { face: face.postscript_name().to_owned(), reason };
    let remapper = subsetter::GlyphRemapper::new_from_glyphs(glyphs);
    let subset = subsetter::subset(face.bytes(), face.collection_index(), &remapper)
        .map_err(|error| refused(error.to_string()))?;
    Ok(match face.outlines() {
        Outlines::TrueType => {
            let program = sfnt::prune_names(&subset).unwrap_or(subset);
            PackedSubset { packed: zlib(&program, FONT_LEVEL), length: program.len() }
        }
        Outlines::Cff => {
            let cff = cff_table(&subset).ok_or_else(|| refused("the subset has no CFF table".into()))?;
            PackedSubset { packed: zlib(cff, FONT_LEVEL), length: cff.len() }
        }
    })
}

/// The `CFF ` table of an OpenType font.
fn cff_table(font: &[u8]) -> Option<&[u8]> {
    let raw = ttf_parser::RawFace::parse(font, 0).ok()?;
    raw.table(ttf_parser::Tag::from_bytes(b"CFF "))
}
