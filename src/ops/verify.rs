//! Verifying a code: what it certifies and whether it is still in force.

use serde::Serialize;

use super::Located;
use super::Result;
use crate::domain::{Certificate, CertificateStatus, Code, Ledger};
use crate::store::Store;

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub code: Code,
    pub verdict: Verdict,
    /// When this code leads to no certificate in force (revoked, or replaced by one revoked
    /// since), the learner's certificate of the course in force issued after it, if any.
    pub later_in_force: Option<InForce>,
}

impl Verification {
    /// What became of the certificate, when it is no longer in force.
    pub fn ended(&self) -> Option<Ended> {
        let (status, latest) = match &self.verdict {
            Verdict::Superseded { status, latest, .. } => (status, latest.clone()),
            Verdict::Revoked { status, .. } => (status, None),
            Verdict::Valid { .. } | Verdict::Example | Verdict::Unknown => return None,
        };
        Some(Ended { status: status.clone(), latest, later_in_force: self.later_in_force })
    }
}

/// What became of a certificate no longer in force: its record's status (superseded by which,
/// or revoked, when and why), where its chain of replacements ends, and the learner's
/// certificate in force issued after it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    pub status: CertificateStatus,
    pub latest: Option<Latest>,
    pub later_in_force: Option<InForce>,
}

/// How many certificates no longer in force were superseded, revoked, or withdrawn (deleted by
/// staff): the verdict on a file says which of these befell its certificates, where it named
/// all three whatever had happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EndedKinds {
    pub superseded: usize,
    pub revoked: usize,
    pub withdrawn: usize,
}

impl EndedKinds {
    pub fn add(&mut self, ended: &Ended) {
        match &ended.status {
            CertificateStatus::Superseded { .. } => self.superseded += 1,
            status @ CertificateStatus::Revoked { .. } if status.is_deletion() => self.withdrawn += 1,
            CertificateStatus::Revoked { .. } => self.revoked += 1,
            CertificateStatus::Issued => {}
        }
    }

    pub fn total(&self) -> usize {
        self.superseded + self.revoked + self.withdrawn
    }
}

/// A certificate in force, as a verification names another: its code and when it was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InForce {
    pub code: Code,
    pub issued_at: jiff::Timestamp,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Valid {
        certificate: Box<Certificate>,
        digest_ok: bool,
    },
    Superseded {
        certificate: Box<Certificate>,
        digest_ok: bool,
        status: CertificateStatus,
        /// Where its chain of replacements ends: `None` only if the ledger lost a link.
        latest: Option<Latest>,
    },
    Revoked {
        certificate: Box<Certificate>,
        digest_ok: bool,
        status: CertificateStatus,
    },
    /// The code printed on example certificates.
    Example,
    Unknown,
}

/// The last certificate of a superseded one's chain of replacements (its replacement, that
/// one's replacement, and so on): the one in force, or one revoked since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Latest {
    pub code: Code,
    /// `Issued` (in force) or `Revoked`.
    pub status: CertificateStatus,
}

impl Latest {
    pub fn code_status(&self) -> CodeStatus {
        CodeStatus::of(&self.status)
    }
}

/// A verdict without its certificate: what `verify --file` reports of each credential's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeStatus {
    Valid,
    Superseded,
    Revoked,
    Example,
    /// No certificate has this code here.
    Unknown,
}

impl CodeStatus {
    fn of(status: &CertificateStatus) -> CodeStatus {
        match status {
            CertificateStatus::Issued => CodeStatus::Valid,
            CertificateStatus::Superseded { .. } => CodeStatus::Superseded,
            CertificateStatus::Revoked { .. } => CodeStatus::Revoked,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CodeStatus::Valid => "valid",
            CodeStatus::Superseded => "superseded",
            CodeStatus::Revoked => "revoked",
            CodeStatus::Example => "example",
            CodeStatus::Unknown => "unknown",
        }
    }
}

/// What a code's verification answers as its `verdict` (`certdesk verify --json`, the
/// verification page's JSON, the verify dialog's title): the code's status, but
/// `record_altered` for a certificate whose stored record no longer gives its digest, whatever
/// became of it since, as `verify --file` says of a credential whose record was altered. A
/// script read `valid` there and had to know to look at `digest_ok` as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeVerdict {
    Status(CodeStatus),
    RecordAltered,
}

impl CodeVerdict {
    /// As the JSON has it: `valid`, `superseded`, `revoked`, `example`, `unknown` or
    /// `record_altered`.
    pub fn label(self) -> &'static str {
        match self {
            CodeVerdict::Status(status) => status.label(),
            CodeVerdict::RecordAltered => "record_altered",
        }
    }
}

impl Serialize for CodeVerdict {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

impl Verdict {
    /// The verdict as a verification answers it: its status, unless its record was altered.
    pub fn code_verdict(&self) -> CodeVerdict {
        match self.digest_ok() {
            Some(false) => CodeVerdict::RecordAltered,
            Some(true) | None => CodeVerdict::Status(self.status()),
        }
    }

    pub fn status(&self) -> CodeStatus {
        match self {
            Verdict::Valid { .. } => CodeStatus::Valid,
            Verdict::Superseded { .. } => CodeStatus::Superseded,
            Verdict::Revoked { .. } => CodeStatus::Revoked,
            Verdict::Example => CodeStatus::Example,
            Verdict::Unknown => CodeStatus::Unknown,
        }
    }

    pub fn label(&self) -> &'static str {
        self.status().label()
    }

    pub fn certificate(&self) -> Option<&Certificate> {
        match self {
            Verdict::Valid { certificate, .. }
            | Verdict::Superseded { certificate, .. }
            | Verdict::Revoked { certificate, .. } => Some(certificate),
            Verdict::Example | Verdict::Unknown => None,
        }
    }

    /// Whether the certificate's stored record still matches its digest; `None` without a
    /// certificate.
    pub fn digest_ok(&self) -> Option<bool> {
        match self {
            Verdict::Valid { digest_ok, .. }
            | Verdict::Superseded { digest_ok, .. }
            | Verdict::Revoked { digest_ok, .. } => Some(*digest_ok),
            Verdict::Example | Verdict::Unknown => None,
        }
    }
}

/// Where `code` stands, and for a certificate no longer in force what became of it (`verify
/// --file` asks this of every credential of a file), with the certificate on record under it,
/// which the credential must say word for word: one read for the index, one for the ledger; a
/// certificate in force is not copied.
pub fn code_status(store: &Store, code: Code) -> Result<(CodeStatus, Option<Ended>, Option<Certificate>)> {
    if code == Code::EXAMPLE {
        return Ok((CodeStatus::Example, None, None));
    }
    Ok(match super::find_certificate(store, code)? {
        None => (CodeStatus::Unknown, None, None),
        Some(found) if found.entry().status == CertificateStatus::Issued => {
            (CodeStatus::Valid, None, Some(found.into_certificate()))
        }
        Some(found) => {
            let verification = verification_of(code, &found);
            (verification.verdict.status(), verification.ended(), Some(found.into_certificate()))
        }
    })
}

/// Looks `code` up through the code index: one read for the index, one for the ledger.
pub fn verify(store: &Store, code: Code) -> Result<Verification> {
    if code == Code::EXAMPLE {
        return Ok(Verification { code, verdict: Verdict::Example, later_in_force: None });
    }
    Ok(match super::find_certificate(store, code)? {
        Some(found) => verification_of(code, &found),
        None => Verification { code, verdict: Verdict::Unknown, later_in_force: None },
    })
}

/// The verification of the certificate `found` under `code`.
fn verification_of(code: Code, found: &Located) -> Verification {
    let entry = found.entry();
    let certificate = Box::new(entry.certificate.clone());
    let digest_ok = certificate.digest_matches();
    let status = entry.status.clone();
    let verdict = match status {
        CertificateStatus::Issued => Verdict::Valid { certificate, digest_ok },
        CertificateStatus::Superseded { by, .. } => {
            let latest = latest_replacement(&found.ledger, by);
            Verdict::Superseded { certificate, digest_ok, status, latest }
        }
        CertificateStatus::Revoked { .. } => Verdict::Revoked { certificate, digest_ok, status },
    };
    let none_in_force = match &verdict {
        Verdict::Revoked { .. } => true,
        Verdict::Superseded { latest, .. } => {
            latest.as_ref().is_some_and(|latest| latest.code_status() == CodeStatus::Revoked)
        }
        _ => false,
    };
    let later_in_force = found
        .later_in_force()
        .filter(|_| none_in_force)
        .map(|entry| InForce { code: entry.certificate.code, issued_at: entry.certificate.snapshot.issued_at });
    Verification { code, verdict, later_in_force }
}

/// Follows replacements from `first` to the certificate that was not replaced. A replacement is
/// always issued to the same learner, so the chain stays in `ledger`; each link is a later
/// entry, so it has fewer links than the ledger has entries, which also bounds a damaged one.
fn latest_replacement(ledger: &Ledger, first: Code) -> Option<Latest> {
    let mut code = first;
    for _ in 0..ledger.entries.len() {
        match &ledger.entry(code)?.status {
            CertificateStatus::Superseded { by, .. } => code = *by,
            status => return Some(Latest { code, status: status.clone() }),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;
    use crate::domain::Snapshot;

    fn ledger(statuses: &[CertificateStatus]) -> Ledger {
        let mut ledger = Ledger::default();
        for (index, status) in statuses.iter().enumerate() {
            let code = Code::from_random(index as u64);
            ledger.issue(Certificate::new(code, "course", "ann", Snapshot::for_tests()));
            ledger.entries[index].status = status.clone();
        }
        ledger
    }

    fn superseded_by(index: u64) -> CertificateStatus {
        CertificateStatus::Superseded { by: Code::from_random(index), at: Timestamp::UNIX_EPOCH, who: "staff".into() }
    }

    fn revoked() -> CertificateStatus {
        CertificateStatus::Revoked {
            reason: "grade entered in error".into(),
            at: Timestamp::UNIX_EPOCH,
            who: "staff".into(),
        }
    }

    /// A record altered after issue answers `record_altered` whatever its status, where `verify
    /// --json` answered `valid` of one in force; an intact one answers its status.
    #[test]
    fn an_altered_record_answers_record_altered_whatever_its_status() {
        let certificate = |altered: bool| {
            let mut certificate = Certificate::new(Code::from_random(1), "course", "ann", Snapshot::for_tests());
            if altered {
                certificate.snapshot.full_name = "Lobelia".into();
            }
            let digest_ok = certificate.digest_matches();
            (Box::new(certificate), digest_ok)
        };
        let answers = |verdict: Verdict| serde_json::to_value(verdict.code_verdict()).expect("JSON");
        for altered in [false, true] {
            let (valid, valid_ok) = certificate(altered);
            let (ended, ended_ok) = certificate(altered);
            let (valid_said, revoked_said) = match altered {
                true => ("record_altered", "record_altered"),
                false => ("valid", "revoked"),
            };
            assert_eq!(answers(Verdict::Valid { certificate: valid, digest_ok: valid_ok }), valid_said);
            let verdict = Verdict::Revoked { certificate: ended, digest_ok: ended_ok, status: revoked() };
            assert_eq!(answers(verdict), revoked_said);
        }
        assert_eq!(answers(Verdict::Unknown), "unknown");
        assert_eq!(answers(Verdict::Example), "example");
    }

    #[test]
    fn a_chain_of_replacements_is_followed_to_its_end() {
        let code = Code::from_random;
        // 0 -> 1, in force.
        let direct = ledger(&[superseded_by(1), CertificateStatus::Issued]);
        let latest = latest_replacement(&direct, code(1));
        assert_eq!(latest, Some(Latest { code: code(1), status: CertificateStatus::Issued }));
        // 0 -> 1 -> 2, revoked since: the end is the revoked one, not the first replacement.
        let revoked_at_end = ledger(&[superseded_by(1), superseded_by(2), revoked()]);
        let latest = latest_replacement(&revoked_at_end, code(1)).expect("an end");
        assert_eq!((latest.code, latest.code_status()), (code(2), CodeStatus::Revoked));
        // A damaged ledger (a replacement it does not hold, a loop) has no end to name.
        assert_eq!(latest_replacement(&ledger(&[superseded_by(5), CertificateStatus::Issued]), code(5)), None);
        assert_eq!(latest_replacement(&ledger(&[superseded_by(1), superseded_by(0)]), code(1)), None);
    }
}
