//! The font book: the families embedded in the binary, faces for the scripts they lack, CJK
//! faces from the system, any fonts loaded from a directory, and the order in which a text's
//! characters look for a face that has them.
//!
//! Fallback, for a cluster of characters in a text set in face F:
//! - in a script with a dedicated face (Arabic, Hebrew, Devanagari, Bengali, Tamil, Thai, CJK):
//!   fonts added with `--fonts`, then the dedicated face (for CJK: Noto CJK or Source Han from the
//!   system in the text's regional variant, then the embedded WenQuanYi Micro Hei), then F;
//! - in any other script: F, then fonts added with `--fonts`;
//! - then the other template families, the other dedicated faces, and every other face.

mod embedded;
mod face;
mod script;
mod system;

use std::path::Path;
use std::sync::{Arc, OnceLock};

pub use face::{Face, FaceMetrics, Outlines, PackedSubset, Style, Weight};
pub use script::{CjkVariant, Dedicated};
pub use system::ENV as SYSTEM_FONTS_ENV;

use self::embedded::{EMBEDDED, Role};
use self::system::CjkSpec;
use super::error::{RenderError, Result};

/// Index of a face in its `FontBook`. Ids stay valid when families are added to the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub u16);

/// Generic names for the template families.
const ALIASES: [(&str, &str); 3] = [("serif", "DejaVu Serif"), ("sans", "DejaVu Sans"), ("mono", "DejaVu Sans Mono")];

/// Embedded faces are shared by every book in the process, so their lazily built tables and
/// shapers are built at most once.
fn embedded_faces() -> &'static [Arc<Face>] {
    static FACES: OnceLock<Vec<Arc<Face>>> = OnceLock::new();
    // A committed font that fails to parse is caught by `tests::embedded_families_load`.
    FACES.get_or_init(|| {
        EMBEDDED.iter().filter_map(|font| Face::embedded(font.bytes, font.index).ok()).map(Arc::new).collect()
    })
}

/// All fonts a render can use. `Send + Sync`; cloning shares everything (an `Arc`).
#[derive(Debug, Clone)]
pub struct FontBook {
    inner: Arc<Book>,
}

#[derive(Debug, Clone)]
enum Slot {
    Ready(Arc<Face>),
    /// A CJK face from the system, looked up on first use.
    System(CjkSpec),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Named by templates (`serif`, `sans`, `mono`).
    Template,
    Dedicated(Dedicated),
    /// Added with `--fonts`.
    Added,
}

#[derive(Debug, Clone)]
struct Family {
    name: String,
    kind: Kind,
    faces: Vec<FaceId>,
}

#[derive(Debug, Clone)]
struct Book {
    slots: Vec<Slot>,
    families: Vec<Family>,
    /// Per face: the faces to try, in order, for a character it lacks (outside dedicated scripts).
    fallbacks: Vec<Vec<FaceId>>,
    /// Where the system CJK slots start.
    system_base: u16,
}

impl Default for FontBook {
    fn default() -> Self {
        FontBook::new()
    }
}

impl FontBook {
    /// The embedded families, "serif" (DejaVu Serif), "sans" (DejaVu Sans) and "mono" (DejaVu Sans
    /// Mono), the dedicated script faces, and slots for the system's CJK faces.
    pub fn new() -> FontBook {
        let mut book = Book { slots: Vec::new(), families: Vec::new(), fallbacks: Vec::new(), system_base: 0 };
        for (face, font) in embedded_faces().iter().zip(&EMBEDDED) {
            let kind = match font.role {
                Role::Template => Kind::Template,
                Role::Dedicated(script) => Kind::Dedicated(script),
            };
            book.push(face.clone(), kind);
        }
        book.system_base = book.slots.len() as u16;
        book.slots.extend(CjkSpec::all().map(Slot::System));
        book.rebuild_fallbacks();
        FontBook { inner: Arc::new(book) }
    }

    /// Adds every `.ttf`, `.otf`, `.ttc` and `.otc` file of `dir` (not recursive), in file-name
    /// order, as extra families named by each font's family name. Returns the families added to.
    pub fn add_dir(&mut self, dir: &Path) -> Result<Vec<String>> {
        let entries = std::fs::read_dir(dir).map_err(|source| RenderError::FontDir { path: dir.to_owned(), source })?;
        let mut paths = Vec::new();
        for entry in entries {
            let path = entry.map_err(|source| RenderError::FontDir { path: dir.to_owned(), source })?.path();
            let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
            if matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc" | "otc")) && path.is_file() {
                paths.push(path);
            }
        }
        paths.sort();
        let mut added = Vec::new();
        for path in paths {
            let bytes = std::fs::read(&path).map_err(|source| RenderError::FontFile { path: path.clone(), source })?;
            for face in self.add_font(bytes, &path.display().to_string())? {
                let family = self.face(face)?.family().to_owned();
                if !added.contains(&family) {
                    added.push(family);
                }
            }
        }
        Ok(added)
    }

    /// Adds one font file (every face of a collection); `origin` names it in errors.
    pub fn add_font(&mut self, bytes: Vec<u8>, origin: &str) -> Result<Vec<FaceId>> {
        let count = ttf_parser::fonts_in_collection(&bytes).unwrap_or(1);
        let bytes = Arc::new(bytes);
        let faces = (0..count).map(|index| Face::loaded(bytes.clone(), index, origin)).collect::<Result<Vec<_>>>()?;
        let book = Arc::make_mut(&mut self.inner);
        if book.slots.len() + faces.len() >= u16::MAX as usize {
            return Err(RenderError::BadFont { name: origin.to_owned(), reason: "too many fonts loaded".into() });
        }
        let ids = faces.into_iter().map(|face| book.push(Arc::new(face), Kind::Added)).collect();
        book.rebuild_fallbacks();
        Ok(ids)
    }

    /// The face for `family` ("serif", "sans", "mono" or a real family name, case-insensitive),
    /// or the nearest face of that family: same weight first, then same style, then any.
    pub fn resolve(&self, family: &str, weight: Weight, style: Style) -> Option<FaceId> {
        let wanted = ALIASES.iter().find(|(alias, _)| alias.eq_ignore_ascii_case(family)).map_or(family, |(_, n)| n);
        let family = self.inner.families.iter().find(|f| f.name.eq_ignore_ascii_case(wanted))?;
        self.inner.nearest(family, weight, style)
    }

    /// The face with this id. A system slot is looked up on first use and is an error when the
    /// system has no such face (`faces_for` never hands those out).
    pub fn face(&self, id: FaceId) -> Result<&Face> {
        match self.inner.slots.get(id.0 as usize) {
            Some(Slot::Ready(face)) => Ok(face),
            Some(Slot::System(spec)) => system::cjk_face(*spec).ok_or(RenderError::UnknownFace(id.0)),
            None => Err(RenderError::UnknownFace(id.0)),
        }
    }

    /// Faces to try, in order, for a character that `id` lacks (outside dedicated scripts).
    pub fn fallbacks(&self, id: FaceId) -> &[FaceId] {
        self.inner.fallbacks.get(id.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// The faces to try, in order, for text of a dedicated script set in `id` (see the module
    /// documentation). `variant` picks the regional forms of a CJK face.
    pub fn dedicated_faces(&self, id: FaceId, script: Dedicated, variant: CjkVariant) -> Vec<FaceId> {
        let book = &*self.inner;
        let (weight, style, serif) = match self.face(id) {
            Ok(face) => (face.weight(), face.style(), book.is_serif(id)),
            Err(_) => (Weight::Regular, Style::Normal, false),
        };
        let mut faces: Vec<FaceId> = book
            .families
            .iter()
            .filter(|family| family.kind == Kind::Added)
            .filter_map(|family| book.nearest(family, weight, style))
            .collect();
        if script == Dedicated::Cjk {
            let spec = CjkSpec { serif, weight, variant };
            if system::cjk_face(spec).is_some() {
                faces.push(FaceId(book.system_base + spec.slot() as u16));
            }
        }
        faces.extend(
            book.families
                .iter()
                .filter(|family| family.kind == Kind::Dedicated(script))
                .filter_map(|family| book.nearest(family, weight, style)),
        );
        faces.push(id);
        faces
    }

    /// The first character of `text` that no face of the book can draw (whitespace, controls and
    /// default-ignorable characters need none), if any: a name with one cannot be printed.
    pub fn missing_char(&self, text: &str) -> Option<char> {
        use unicode_normalization::UnicodeNormalization;
        let book = &*self.inner;
        let needs_glyph =
            |c: &char| !c.is_whitespace() && !c.is_control() && !crate::render::shape::is_default_ignorable(*c);
        // System faces only ever draw CJK text; look at one only for a CJK character that no
        // embedded face has (the variants of a Noto CJK family cover the same characters).
        let in_system = |c: char| {
            use unicode_script::UnicodeScript;
            Dedicated::of(c.script()) == Some(Dedicated::Cjk)
                && CjkVariant::ALL.into_iter().any(|variant| {
                    let spec = CjkSpec { serif: false, weight: Weight::Regular, variant };
                    system::cjk_face(spec).is_some_and(|face| face.glyph_index(c).is_some())
                })
        };
        let covered = |c: char| {
            book.slots.iter().any(|slot| matches!(slot, Slot::Ready(face) if face.glyph_index(c).is_some()))
                || in_system(c)
        };
        // The template families draw almost every name: ask them first, one array lookup each.
        let first = book.ready(FaceId(0));
        let mut chars = text.nfc().filter(needs_glyph);
        chars.find(|&c| first.is_none_or(|face| face.glyph_index(c).is_none()) && !covered(c))
    }

    /// Family names in book order (template families first).
    pub fn families(&self) -> impl Iterator<Item = &str> {
        self.inner.families.iter().map(|f| f.name.as_str())
    }

    /// Faces in the book, system slots included (whether or not the system has them).
    pub fn face_count(&self) -> usize {
        self.inner.slots.len()
    }
}

impl Book {
    fn push(&mut self, face: Arc<Face>, kind: Kind) -> FaceId {
        let id = FaceId(self.slots.len() as u16);
        match self.families.iter_mut().find(|f| f.name.eq_ignore_ascii_case(face.family())) {
            Some(family) => family.faces.push(id),
            None => self.families.push(Family { name: face.family().to_owned(), kind, faces: vec![id] }),
        }
        self.slots.push(Slot::Ready(face));
        id
    }

    fn ready(&self, id: FaceId) -> Option<&Face> {
        match self.slots.get(id.0 as usize) {
            Some(Slot::Ready(face)) => Some(face),
            _ => None,
        }
    }

    /// Whether a face draws with serifs, so CJK text beside it should too.
    fn is_serif(&self, id: FaceId) -> bool {
        self.ready(id).is_some_and(|face| {
            let family = face.family().to_ascii_lowercase();
            family.contains("serif") && !family.contains("sans")
        })
    }

    fn nearest(&self, family: &Family, weight: Weight, style: Style) -> Option<FaceId> {
        let target_class: i32 = if weight == Weight::Bold { 700 } else { 400 };
        family
            .faces
            .iter()
            .copied()
            .filter_map(|id| Some((id, self.ready(id)?)))
            .min_by_key(|(id, face)| {
                let rank = match (face.weight() == weight, face.style() == style) {
                    (true, true) => 0,
                    (true, false) => 1,
                    (false, true) => 2,
                    (false, false) => 3,
                };
                (rank, (face.metrics().weight_class as i32 - target_class).abs(), *id)
            })
            .map(|(id, _)| id)
    }

    /// Added families, then the other template families, then the dedicated ones (each at the
    /// nearest weight and style), then every other ready face.
    fn rebuild_fallbacks(&mut self) {
        let mut all = Vec::with_capacity(self.slots.len());
        for index in 0..self.slots.len() {
            let id = FaceId(index as u16);
            let Some(face) = self.ready(id) else {
                all.push(Vec::new());
                continue;
            };
            let (weight, style) = (face.weight(), face.style());
            let mut chain = Vec::new();
            for kind_rank in 0..3 {
                for family in self.families.iter().filter(|f| !f.faces.contains(&id)) {
                    let rank = match family.kind {
                        Kind::Added => 0,
                        Kind::Template => 1,
                        Kind::Dedicated(_) => 2,
                    };
                    if rank == kind_rank
                        && let Some(other) = self.nearest(family, weight, style)
                    {
                        chain.push(other);
                    }
                }
            }
            for other in (0..self.slots.len() as u16).map(FaceId) {
                if other != id && !chain.contains(&other) && self.ready(other).is_some() {
                    chain.push(other);
                }
            }
            all.push(chain);
        }
        self.fallbacks = all;
    }
}

#[cfg(test)]
mod tests;
