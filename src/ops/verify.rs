//! Verifying a code: what it certifies and whether it is still in force.

use serde::Serialize;

use super::Result;
use crate::domain::{Certificate, CertificateStatus, Code};
use crate::store::Store;

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub code: Code,
    pub verdict: Verdict,
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

impl Verdict {
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
}

/// Where `code` stands, without copying or checking its certificate (`verify --file` asks this
/// of every credential of a file): one read for the index, one for the ledger.
pub fn code_status(store: &Store, code: Code) -> Result<CodeStatus> {
    if code == Code::EXAMPLE {
        return Ok(CodeStatus::Example);
    }
    Ok(super::find_certificate(store, code)?.map_or(CodeStatus::Unknown, |found| CodeStatus::of(&found.entry().status)))
}

/// Looks `code` up through the code index: one read for the index, one for the ledger.
pub fn verify(store: &Store, code: Code) -> Result<Verification> {
    if code == Code::EXAMPLE {
        return Ok(Verification { code, verdict: Verdict::Example });
    }
    let Some(found) = super::find_certificate(store, code)? else {
        return Ok(Verification { code, verdict: Verdict::Unknown });
    };
    let entry = found.entry();
    let certificate = Box::new(entry.certificate.clone());
    let digest_ok = certificate.digest_matches();
    let status = entry.status.clone();
    let verdict = match status {
        CertificateStatus::Issued => Verdict::Valid { certificate, digest_ok },
        CertificateStatus::Superseded { .. } => Verdict::Superseded { certificate, digest_ok, status },
        CertificateStatus::Revoked { .. } => Verdict::Revoked { certificate, digest_ok, status },
    };
    Ok(Verification { code, verdict })
}
