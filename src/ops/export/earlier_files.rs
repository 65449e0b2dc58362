//! What a split export finds in its directory besides the files it wrote: the PDFs of an
//! earlier split, which it leaves as they were. Staff who split again after a regenerate
//! would otherwise send or print a folder holding both the new certificate and the one it
//! superseded.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::domain::{CertificateStatus, Code};
use crate::ops::standing::CourseState;

/// The certificate PDFs (`USERNAME-CODE.pdf`) of a split directory this export did not write.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct EarlierFiles {
    /// Files of this course's certificates no longer in force (superseded, revoked or
    /// deleted since), by name, sorted.
    pub ended: Vec<String>,
    /// The other files: certificates in force this export did not select, or another course's.
    pub others: usize,
}

impl EarlierFiles {
    pub fn is_empty(&self) -> bool {
        self.ended.is_empty() && self.others == 0
    }
}

/// The certificate PDFs in `dir` not named in `written`, sorted into those whose certificate
/// no longer counts and the rest.
pub(super) fn earlier_files(dir: &Path, written: &HashSet<String>, state: &CourseState) -> EarlierFiles {
    let Ok(entries) = std::fs::read_dir(dir) else { return EarlierFiles::default() };
    let mut found: BTreeMap<Code, Vec<String>> = BTreeMap::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if written.contains(&name) || !entry.file_type().is_ok_and(|kind| kind.is_file()) {
            continue;
        }
        if let Some(code) = code_of(&name) {
            found.entry(code).or_default().push(name);
        }
    }
    let mut earlier = EarlierFiles::default();
    let entries = state.learners.iter().flat_map(|standing| &standing.ledger.entries);
    for entry in entries.filter(|entry| !matches!(entry.status, CertificateStatus::Issued)) {
        if let Some(names) = found.remove(&entry.certificate.code) {
            earlier.ended.extend(names);
        }
    }
    earlier.ended.sort();
    earlier.others = found.values().map(Vec::len).sum();
    earlier
}

/// The code at the end of a split file's name, `USERNAME-7KQ2-M9XD-4TPA.pdf`, written as
/// certdesk writes codes (a file merely ending in twelve letters is not one).
fn code_of(name: &str) -> Option<Code> {
    let stem = name.strip_suffix(".pdf")?;
    let (username, written) = stem.split_at_checked(stem.len().checked_sub(CODE_CHARS)?)?;
    let code: Code = username.ends_with('-').then(|| written.parse().ok()).flatten()?;
    (code.to_string() == written).then_some(code)
}

/// `7KQ2-M9XD-4TPA`
const CODE_CHARS: usize = 14;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_ending_in_a_code_as_certdesk_writes_it_count() {
        let code = Code::from_random(0x0FED_CBA9_8765_4321);
        assert!(code.to_string().chars().any(|c| c.is_ascii_uppercase()), "{code} has letters to lower");
        assert_eq!(code_of(&format!("bilbo-{code}.pdf")), Some(code));
        assert_eq!(code_of(&format!("a-b-{code}.pdf")), Some(code));
        assert_eq!(code_of(&format!("bilbo{code}.pdf")), None, "no dash before the code");
        assert_eq!(code_of(&format!("bilbo-{}.pdf", code.to_string().to_lowercase())), None);
        assert_eq!(code_of(&format!("bilbo-{code}.PDF")), None);
        assert_eq!(code_of("notes.pdf"), None);
        assert_eq!(code_of("-ABCD-EFGH-JKLMN.pdf"), None);
    }
}
