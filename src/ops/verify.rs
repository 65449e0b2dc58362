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

impl Verdict {
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Valid { .. } => "valid",
            Verdict::Superseded { .. } => "superseded",
            Verdict::Revoked { .. } => "revoked",
            Verdict::Example => "example",
            Verdict::Unknown => "unknown",
        }
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
