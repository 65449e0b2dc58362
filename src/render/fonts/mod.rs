//! The font book: the families embedded in the binary plus any loaded from a directory, face
//! resolution by family/weight/style, and the per-face fallback chain for missing characters.

mod face;

use std::path::Path;
use std::sync::{Arc, OnceLock};

pub use face::{Face, FaceMetrics, Style, Weight};

use super::error::{RenderError, Result};

/// Index of a face in its `FontBook`. Ids stay valid when families are added to the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub u16);

/// Generic names for the embedded families, in fallback order.
const ALIASES: [(&str, &str); 3] = [("serif", "DejaVu Serif"), ("sans", "DejaVu Sans"), ("mono", "DejaVu Sans Mono")];

const EMBEDDED: [&[u8]; 10] = [
    include_bytes!("../../../fonts/DejaVuSerif.ttf"),
    include_bytes!("../../../fonts/DejaVuSerif-Bold.ttf"),
    include_bytes!("../../../fonts/DejaVuSerif-Italic.ttf"),
    include_bytes!("../../../fonts/DejaVuSerif-BoldItalic.ttf"),
    include_bytes!("../../../fonts/DejaVuSans.ttf"),
    include_bytes!("../../../fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../../fonts/DejaVuSans-Oblique.ttf"),
    include_bytes!("../../../fonts/DejaVuSans-BoldOblique.ttf"),
    include_bytes!("../../../fonts/DejaVuSansMono.ttf"),
    include_bytes!("../../../fonts/DejaVuSansMono-Bold.ttf"),
];

/// Embedded faces are shared by every book in the process, so their lazily built tables and
/// outlines are built at most once.
fn embedded_faces() -> &'static [Arc<Face>] {
    static FACES: OnceLock<Vec<Arc<Face>>> = OnceLock::new();
    // A committed font that fails to parse is caught by `tests::embedded_families_load`.
    FACES.get_or_init(|| EMBEDDED.iter().filter_map(|bytes| Face::embedded(bytes).ok()).map(Arc::new).collect())
}

/// All fonts a render can use. `Send + Sync`; cloning shares everything (an `Arc`).
#[derive(Debug, Clone)]
pub struct FontBook {
    inner: Arc<Book>,
}

#[derive(Debug, Clone)]
struct Book {
    faces: Vec<Arc<Face>>,
    families: Vec<Family>,
    /// Per face: the faces to try, in order, for a character it lacks.
    fallbacks: Vec<Vec<FaceId>>,
}

#[derive(Debug, Clone)]
struct Family {
    name: String,
    faces: Vec<FaceId>,
}

impl Default for FontBook {
    fn default() -> Self {
        FontBook::new()
    }
}

impl FontBook {
    /// The embedded families: "serif" (DejaVu Serif), "sans" (DejaVu Sans), "mono" (DejaVu Sans Mono).
    pub fn new() -> FontBook {
        let mut book = Book { faces: Vec::new(), families: Vec::new(), fallbacks: Vec::new() };
        for face in embedded_faces() {
            book.push(face.clone());
        }
        book.rebuild_fallbacks();
        FontBook { inner: Arc::new(book) }
    }

    /// Adds every `.ttf`/`.otf` file of `dir` (not recursive), in file-name order, as extra
    /// families named by each font's family name. Returns the names of the families added to.
    pub fn add_dir(&mut self, dir: &Path) -> Result<Vec<String>> {
        let entries = std::fs::read_dir(dir).map_err(|source| RenderError::FontDir { path: dir.to_owned(), source })?;
        let mut paths = Vec::new();
        for entry in entries {
            let path = entry.map_err(|source| RenderError::FontDir { path: dir.to_owned(), source })?.path();
            let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
            if matches!(ext.as_deref(), Some("ttf" | "otf")) && path.is_file() {
                paths.push(path);
            }
        }
        paths.sort();
        let mut added = Vec::new();
        for path in paths {
            let bytes = std::fs::read(&path).map_err(|source| RenderError::FontFile { path: path.clone(), source })?;
            let face = self.add_font(bytes, &path.display().to_string())?;
            let family = self.inner.faces[face.0 as usize].family().to_owned();
            if !added.contains(&family) {
                added.push(family);
            }
        }
        Ok(added)
    }

    /// Adds one font file; `origin` names it in errors.
    pub fn add_font(&mut self, bytes: Vec<u8>, origin: &str) -> Result<FaceId> {
        let face = Face::loaded(bytes, origin)?;
        let book = Arc::make_mut(&mut self.inner);
        if book.faces.len() >= u16::MAX as usize {
            return Err(RenderError::BadFont { name: origin.to_owned(), reason: "too many fonts loaded".into() });
        }
        let id = book.push(Arc::new(face));
        book.rebuild_fallbacks();
        Ok(id)
    }

    /// The face for `family` ("serif", "sans", "mono" or a real family name, case-insensitive),
    /// or the nearest face of that family: same weight first, then same style, then any.
    pub fn resolve(&self, family: &str, weight: Weight, style: Style) -> Option<FaceId> {
        let wanted = ALIASES.iter().find(|(alias, _)| alias.eq_ignore_ascii_case(family)).map_or(family, |(_, n)| n);
        let family = self.inner.families.iter().find(|f| f.name.eq_ignore_ascii_case(wanted))?;
        self.inner.nearest(family, weight, style)
    }

    pub fn face(&self, id: FaceId) -> Result<&Face> {
        self.inner.faces.get(id.0 as usize).map(|f| &**f).ok_or(RenderError::UnknownFace(id.0))
    }

    /// Faces to try, in order, for a character that `id` lacks.
    pub fn fallbacks(&self, id: FaceId) -> &[FaceId] {
        self.inner.fallbacks.get(id.0 as usize).map_or(&[], Vec::as_slice)
    }

    /// Family names in fallback order (embedded families first).
    pub fn families(&self) -> impl Iterator<Item = &str> {
        self.inner.families.iter().map(|f| f.name.as_str())
    }

    /// Builds every face's rasterizer outlines now. fontdue flattens all outlines of a font up
    /// front (tens of milliseconds per face), so call this on a background thread at start-up
    /// to keep the first preview fast; pages and PDFs never need it.
    pub fn prepare_raster(&self) {
        for face in &self.inner.faces {
            let _ = face.raster_font();
        }
    }

    pub fn face_count(&self) -> usize {
        self.inner.faces.len()
    }
}

impl Book {
    fn push(&mut self, face: Arc<Face>) -> FaceId {
        let id = FaceId(self.faces.len() as u16);
        match self.families.iter_mut().find(|f| f.name.eq_ignore_ascii_case(face.family())) {
            Some(family) => family.faces.push(id),
            None => self.families.push(Family { name: face.family().to_owned(), faces: vec![id] }),
        }
        self.faces.push(face);
        id
    }

    fn nearest(&self, family: &Family, weight: Weight, style: Style) -> Option<FaceId> {
        let target_class: i32 = if weight == Weight::Bold { 700 } else { 400 };
        family.faces.iter().copied().min_by_key(|id| {
            let face = &self.faces[id.0 as usize];
            let rank = match (face.weight() == weight, face.style() == style) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            };
            (rank, (face.metrics().weight_class as i32 - target_class).abs(), *id)
        })
    }

    /// Same weight and style in every other family (in book order), then every other face.
    fn rebuild_fallbacks(&mut self) {
        let mut all = Vec::with_capacity(self.faces.len());
        for (index, face) in self.faces.iter().enumerate() {
            let id = FaceId(index as u16);
            let mut chain = Vec::new();
            for family in self.families.iter().filter(|f| !f.faces.contains(&id)) {
                if let Some(other) = self.nearest(family, face.weight(), face.style()) {
                    chain.push(other);
                }
            }
            for other in (0..self.faces.len() as u16).map(FaceId) {
                if other != id && !chain.contains(&other) {
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
