//! Certificates: what was certified (an immutable snapshot with its digest), their status,
//! and the ledger of every certificate a learner was ever issued.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::code::Code;
use super::grading::{Grade, GradeStatus};
use super::learner::Mode;
use super::numbers::Percent;

/// Which template revision a certificate prints with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TemplateRef {
    pub name: String,
    pub revision: u32,
}

/// `honor@3`, as certdesk names a revision everywhere.
impl std::fmt::Display for TemplateRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{}", self.name, self.revision)
    }
}

/// Exactly what was certified, frozen at issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub full_name: String,
    pub course_title: String,
    pub percent: Percent,
    pub letter: Option<String>,
    pub mode: Mode,
    pub grade_status: GradeStatus,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub issued_at: Timestamp,
    pub template: TemplateRef,
    /// The staff account that issued it.
    pub issued_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub code: Code,
    pub course_id: String,
    pub username: String,
    pub snapshot: Snapshot,
    /// SHA-256 of `canonical_text`.
    pub digest: [u8; 32],
}

impl Certificate {
    pub fn new(code: Code, course_id: &str, username: &str, snapshot: Snapshot) -> Certificate {
        let digest = Sha256::digest(canonical_text(code, course_id, username, &snapshot).as_bytes()).into();
        Certificate { code, course_id: course_id.to_string(), username: username.to_string(), snapshot, digest }
    }

    /// Issued while the grade was still provisional (under the `threshold` policy).
    pub fn is_provisional(&self) -> bool {
        self.snapshot.grade_status == GradeStatus::Provisional
    }

    pub fn digest_hex(&self) -> String {
        hex(&self.digest)
    }

    /// Whether the digest still matches the snapshot (it always does unless bytes were altered).
    pub fn digest_matches(&self) -> bool {
        let text = canonical_text(self.code, &self.course_id, &self.username, &self.snapshot);
        <[u8; 32]>::from(Sha256::digest(text.as_bytes())) == self.digest
    }
}

/// The text the digest is taken over: one `key=value` line per field, in this order, UTF-8,
/// so anyone can recompute it from what `certdesk verify --json` prints.
pub fn canonical_text(code: Code, course_id: &str, username: &str, snapshot: &Snapshot) -> String {
    let s = snapshot;
    format!(
        "certdesk-certificate-v1\ncode={code}\ncourse={course_id}\ncourse_title={}\nusername={username}\nname={}\n\
         percent={}\nletter={}\nmode={}\ngrade_status={}\nissued_at={}\ntemplate={}@{}\nissued_by={}\n",
        s.course_title,
        s.full_name,
        s.percent.decimal(),
        s.letter.as_deref().unwrap_or(""),
        s.mode,
        s.grade_status,
        s.issued_at,
        s.template.name,
        s.template.revision,
        s.issued_by
    )
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificateStatus {
    Issued,
    Superseded {
        by: Code,
        #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
        at: Timestamp,
        who: String,
    },
    Revoked {
        reason: String,
        #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
        at: Timestamp,
        who: String,
    },
}

impl CertificateStatus {
    /// Whether staff took the certificate off the course's list (`certdesk delete`: revoked
    /// with the reason `DELETED`), rather than revoking it for a reason of their own.
    pub fn is_deletion(&self) -> bool {
        matches!(self, CertificateStatus::Revoked { reason, .. } if reason == DELETED)
    }

    pub fn label(&self) -> &'static str {
        match self {
            CertificateStatus::Issued => "issued",
            CertificateStatus::Superseded { .. } => "superseded",
            CertificateStatus::Revoked { .. } => "revoked",
        }
    }
}

/// The reason recorded when staff delete a certificate from a course's list.
pub const DELETED: &str = "deleted";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub certificate: Certificate,
    pub status: CertificateStatus,
}

/// Every certificate one learner of one course was issued, oldest first. Entries are only
/// ever appended; a status moves from issued to superseded or revoked, never back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub entries: Vec<LedgerEntry>,
}

impl Ledger {
    /// The certificate in force, if any (at most one is issued at a time).
    pub fn active(&self) -> Option<&LedgerEntry> {
        self.entries.iter().rev().find(|entry| entry.status == CertificateStatus::Issued)
    }

    /// Whether the latest certificate was revoked by staff for a reason (not merely deleted
    /// from the list): the learner may not undo that by asking for a new one themselves.
    pub fn revoked_by_staff(&self) -> bool {
        self.entries.last().is_some_and(|entry| {
            matches!(entry.status, CertificateStatus::Revoked { .. }) && !entry.status.is_deletion()
        })
    }

    pub fn entry(&self, code: Code) -> Option<&LedgerEntry> {
        self.position(code).map(|index| &self.entries[index])
    }

    /// Where the certificate with `code` is in the ledger.
    pub fn position(&self, code: Code) -> Option<usize> {
        self.entries.iter().position(|entry| entry.certificate.code == code)
    }

    pub fn issue(&mut self, certificate: Certificate) {
        self.entries.push(LedgerEntry { certificate, status: CertificateStatus::Issued });
    }

    /// Ends the active certificate with `status`; returns its code.
    pub fn end_active(&mut self, status: CertificateStatus) -> Option<Code> {
        let entry = self.entries.iter_mut().rev().find(|entry| entry.status == CertificateStatus::Issued)?;
        entry.status = status;
        Some(entry.certificate.code)
    }
}

/// How a certificate's snapshot differs from the learner's current state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Staleness {
    pub name: Option<(String, String)>,
    pub percent: Option<(Percent, Percent)>,
    pub letter: Option<(Option<String>, Option<String>)>,
    pub grade_status: Option<(GradeStatus, GradeStatus)>,
    /// The learner's mode since changed (identity not verified after all): the certificate
    /// prints the mode it was issued in, and `regenerate` issues the new one's.
    pub mode: Option<(Mode, Mode)>,
    /// Why the certificate cannot be printed with its own template revision, when it was laid
    /// out to find out (only `regenerate` does: it costs a page each).
    pub unprintable: Option<String>,
}

impl Staleness {
    /// `None` when the certificate still says what is true.
    pub fn of(
        snapshot: &Snapshot,
        full_name: &str,
        mode: Mode,
        grade: &Grade,
        letter: Option<&str>,
    ) -> Option<Staleness> {
        let changed = |old: &str, new: &str| (old != new).then(|| (old.to_string(), new.to_string()));
        let staleness = Staleness {
            name: changed(&snapshot.full_name, full_name),
            percent: (snapshot.percent != grade.percent).then_some((snapshot.percent, grade.percent)),
            letter: (snapshot.letter.as_deref() != letter)
                .then(|| (snapshot.letter.clone(), letter.map(str::to_string))),
            grade_status: (snapshot.grade_status != grade.status).then_some((snapshot.grade_status, grade.status)),
            mode: (snapshot.mode != mode).then_some((snapshot.mode, mode)),
            unprintable: None,
        };
        (staleness != Staleness::default()).then_some(staleness)
    }

    /// `85.0% -> 95.0%, provisional -> final`
    pub fn describe(&self) -> String {
        self.parts().join(", ")
    }

    /// What changed, one item each (`85.0% -> 95.0%`, `provisional -> final`), in the order
    /// `describe` says them: a narrow screen shows the first ones.
    pub fn parts(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if let Some((old, new)) = &self.name {
            parts.push(format!("name {old} -> {new}"));
        }
        if let Some((old, new)) = self.percent {
            parts.push(format!("{old} -> {new}"));
        }
        if let Some((old, new)) = &self.letter {
            parts.push(format!("letter {} -> {}", old.as_deref().unwrap_or("-"), new.as_deref().unwrap_or("-")));
        }
        if let Some((old, new)) = self.grade_status {
            parts.push(format!("{old} -> {new}"));
        }
        if let Some((old, new)) = self.mode {
            parts.push(format!("mode {old} -> {new}"));
        }
        if let Some(problem) = &self.unprintable {
            parts.push(format!("cannot be printed ({problem})"));
        }
        parts
    }
}

/// Bytes as lowercase hexadecimal digits.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[(byte >> 4) as usize] as char);
        out.push(DIGITS[(byte & 15) as usize] as char);
    }
    out
}

#[cfg(test)]
impl Snapshot {
    /// Bilbo's provisional 85% (B) honor certificate of Middle-earth, issued by elrond at
    /// 2026-11-23 10:00 UTC: what tests vary from.
    pub(crate) fn for_tests() -> Snapshot {
        Snapshot {
            full_name: "Bilbo Baggins".into(),
            course_title: "Middle-earth".into(),
            percent: Percent::from_tenths(850).expect("85%"),
            letter: Some("B".into()),
            mode: Mode::Honor,
            grade_status: GradeStatus::Provisional,
            issued_at: "2026-11-23T10:00:00Z".parse().expect("date"),
            template: TemplateRef { name: "honor".into(), revision: 1 },
            issued_by: "elrond".into(),
        }
    }
}

#[cfg(test)]
#[path = "certificate_tests.rs"]
mod tests;
