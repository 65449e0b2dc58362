//! CJK faces from the system, better than the embedded one where an institution installed them
//! (Noto CJK or Source Han, e.g. Debian's fonts-noto-cjk): found with fontdb the first time a
//! text needs one, and shared by every font book of the process.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use super::face::{Face, Weight};
use super::script::CjkVariant;

/// Set to `0` or `off` to use only the fonts embedded in certdesk and those given with `--fonts`,
/// so a PDF comes out the same on every machine.
pub const ENV: &str = "CERTDESK_SYSTEM_FONTS";

/// Which system face a book slot stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CjkSpec {
    pub serif: bool,
    pub weight: Weight,
    pub variant: CjkVariant,
}

impl CjkSpec {
    /// Every spec, in the order of the book's system slots.
    pub fn all() -> impl Iterator<Item = CjkSpec> {
        [false, true].into_iter().flat_map(|serif| {
            [Weight::Regular, Weight::Bold].into_iter().flat_map(move |weight| {
                CjkVariant::ALL.into_iter().map(move |variant| CjkSpec { serif, weight, variant })
            })
        })
    }

    pub fn slot(self) -> usize {
        (usize::from(self.serif) * 2 + usize::from(self.weight == Weight::Bold)) * CjkVariant::ALL.len()
            + CjkVariant::ALL.iter().position(|v| *v == self.variant).unwrap_or(0)
    }

    /// Family names to look for, best first: the serif design when asked for, then the sans.
    fn families(self) -> Vec<String> {
        let suffix = self.variant.family_suffix();
        let mut names = Vec::new();
        if self.serif {
            names.push(format!("Noto Serif CJK {suffix}"));
            names.push(format!("Source Han Serif {suffix}"));
        }
        names.push(format!("Noto Sans CJK {suffix}"));
        names.push(format!("Source Han Sans {suffix}"));
        names
    }
}

fn enabled() -> bool {
    !matches!(std::env::var(ENV).as_deref().map(str::trim), Ok("0" | "off" | "no" | "false"))
}

/// Where each spec's face lives on this system, from one scan.
struct Found {
    location: HashMap<CjkSpec, (PathBuf, u32)>,
}

fn scan() -> Found {
    let mut location = HashMap::new();
    if !enabled() {
        return Found { location };
    }
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    for spec in CjkSpec::all() {
        let wanted = if spec.weight == Weight::Bold { fontdb::Weight::BOLD } else { fontdb::Weight::NORMAL };
        for family in spec.families() {
            let query =
                fontdb::Query { families: &[fontdb::Family::Name(&family)], weight: wanted, ..Default::default() };
            let Some(id) = db.query(&query) else { continue };
            let Some(info) = db.face(id) else { continue };
            // A family without the weight answers with its nearest one; take only the real weight.
            if info.weight != wanted {
                continue;
            }
            if let fontdb::Source::File(path) = &info.source {
                location.insert(spec, (path.clone(), info.index));
                break;
            }
        }
    }
    Found { location }
}

/// The system face for `spec`, loaded on first use; `None` when the system has none.
pub fn cjk_face(spec: CjkSpec) -> Option<&'static Face> {
    static FOUND: OnceLock<Found> = OnceLock::new();
    static FACES: OnceLock<Vec<OnceLock<Option<Face>>>> = OnceLock::new();
    let faces = FACES.get_or_init(|| CjkSpec::all().map(|_| OnceLock::new()).collect());
    faces[spec.slot()]
        .get_or_init(|| {
            let (path, index) = FOUND.get_or_init(scan).location.get(&spec)?.clone();
            let bytes = read_shared(&path)?;
            Face::loaded(bytes, index, &path.display().to_string()).ok()
        })
        .as_ref()
}

/// A font file read once per process: the variants of one collection share its bytes.
fn read_shared(path: &PathBuf) -> Option<Arc<Vec<u8>>> {
    static FILES: OnceLock<Mutex<HashMap<PathBuf, Arc<Vec<u8>>>>> = OnceLock::new();
    let mut files = FILES.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(bytes) = files.get(path) {
        return Some(bytes.clone());
    }
    let bytes = Arc::new(std::fs::read(path).ok()?);
    files.insert(path.clone(), bytes.clone());
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_has_its_own_slot() {
        let slots: std::collections::BTreeSet<usize> = CjkSpec::all().map(CjkSpec::slot).collect();
        assert_eq!(slots.len(), 16);
        assert_eq!(slots.iter().max(), Some(&15));
    }

    #[test]
    fn serif_looks_for_serif_first_then_sans() {
        let spec = CjkSpec { serif: true, weight: Weight::Regular, variant: CjkVariant::Korean };
        assert_eq!(spec.families()[0], "Noto Serif CJK KR");
        assert!(spec.families().contains(&"Noto Sans CJK KR".to_string()));
    }
}
