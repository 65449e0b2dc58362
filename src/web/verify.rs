//! What the public verification page says about a code: the verdict of `certdesk verify` and
//! what was certified, without what the public has no need of (the learner's username and
//! email, the staff account that issued it, score history).

use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::StatusCode;
use serde::Serialize;

use crate::credential::PublicKeyInfo;
use crate::domain::{CertificateStatus, Code};
use crate::ops::{self, CodeStatus, CodeVerdict, Latest, Verdict};
use crate::store::Store;

/// The page's data, also its JSON (`/verify/CODE.json`).
#[derive(Debug, Clone, Serialize)]
pub struct PublicVerification {
    /// As printed (`K7QF-M2XD-9HTA`), whatever was typed.
    pub code: String,
    /// As `certdesk verify --json` says (`valid`, `superseded`, `revoked`, `example`, `unknown`,
    /// or `record_altered` for a record changed after issue, whatever its status).
    pub verdict: CodeVerdict,
    pub certificate: Option<Certified>,
    /// The code of the certificate that replaced this one.
    pub superseded_by: Option<String>,
    pub superseded_on: Option<String>,
    pub revoked_on: Option<String>,
    pub revoked_because: Option<String>,
    /// Revoked by `certdesk delete` (`revoked_because` is `deleted`): staff took it off the list,
    /// which the page says in those words, where "Revoked: deleted." told a verifier nothing.
    pub deleted: bool,
    /// For a superseded certificate, the end of its chain of replacements (the replacement's
    /// replacement, and so on): the certificate in force, or one revoked since.
    pub latest_replacement: Option<LatestReplacement>,
    /// When no certificate this code leads to is in force, a later one issued to the same
    /// learner in the same course that is (its date only: the verifier asks the learner for it).
    pub later_in_force: Option<LaterInForce>,
    /// The keys the issuer retired as compromised, for a code on record: a credential one of
    /// them signed cannot be trusted, whatever it says. `None` when the issuer's keys cannot be
    /// read (their file gone missing): then which are retired is not known, and not said.
    pub retired_keys: Option<Vec<RetiredKeyNote>>,
    /// What this certificate's credential on record is signed with; `None` without one.
    pub credential: Option<CredentialOnRecord>,
}

/// Which key signs a certificate's credential on record, and whether a retired one is in its
/// story: still signing it (no copy can be trusted until the issuer signs it again), or
/// replaced by signing again (copies made before then are the ones to replace).
#[derive(Debug, Clone, Serialize)]
pub struct CredentialOnRecord {
    pub kid: String,
    /// When that key was retired as compromised, if it was: not yet signed again.
    pub key_retired_on: Option<String>,
    pub signed_again: Option<SignedAgain>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignedAgain {
    /// `2026-12-06T14:03:00Z`.
    pub at: String,
    /// `2026-12-06 14:03 UTC`, as the pages say it.
    pub at_text: String,
    /// The retired key that had signed it.
    pub retired_kid: String,
}

impl CredentialOnRecord {
    /// The credential of `code` as the database holds it, if the certificate has one, told
    /// against the issuer's `keys` (`KeyWatch::keys`; `None` when they cannot be read, and then
    /// `key_retired_on` is `None` too: not known).
    pub fn of(store: &Store, code: Code, keys: Option<&[PublicKeyInfo]>) -> ops::Result<Option<CredentialOnRecord>> {
        let Some(seal) = store.seal_on_record(code)? else { return Ok(None) };
        let key_retired_on =
            keys.unwrap_or_default().iter().find(|key| key.kid() == seal.kid).and_then(|key| key.compromised).map(day);
        let signed_again = seal.resigned.map(|resigning| SignedAgain {
            at: resigning.at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            at_text: crate::domain::when_utc(resigning.at),
            retired_kid: resigning.retired_kid,
        });
        Ok(Some(CredentialOnRecord { kid: seal.kid, key_retired_on, signed_again }))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RetiredKeyNote {
    /// The key's id, as a credential's JOSE header names it.
    pub kid: String,
    /// `2026-12-05`.
    pub retired_on: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LaterInForce {
    /// `2026-11-23`.
    pub issued_on: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LatestReplacement {
    pub code: String,
    /// `valid` or `revoked`.
    pub verdict: CodeStatus,
    pub revoked_on: Option<String>,
    pub revoked_because: Option<String>,
    pub deleted: bool,
}

impl LatestReplacement {
    fn of(latest: &Latest) -> LatestReplacement {
        let (revoked_on, revoked_because) = match &latest.status {
            CertificateStatus::Revoked { reason, at, .. } => (Some(day(*at)), Some(reason.clone())),
            CertificateStatus::Issued | CertificateStatus::Superseded { .. } => (None, None),
        };
        let deleted = latest.status.is_deletion();
        LatestReplacement {
            code: latest.code.to_string(),
            verdict: latest.code_status(),
            revoked_on,
            revoked_because,
            deleted,
        }
    }
}

fn day(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%d").to_string()
}

impl PublicVerification {
    /// 404 for a code no certificate has (the page and its JSON alike), else 200.
    pub fn http_status(&self) -> StatusCode {
        if self.verdict == CodeVerdict::Status(CodeStatus::Unknown) { StatusCode::NOT_FOUND } else { StatusCode::OK }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Certified {
    pub full_name: String,
    pub course_id: String,
    pub course_title: String,
    pub institution: Option<String>,
    /// `95.0%`.
    pub grade: String,
    pub letter: Option<String>,
    /// `final` or `provisional`.
    pub grade_status: String,
    pub mode: String,
    pub mode_label: String,
    /// `2026-11-23`.
    pub issued_on: String,
    /// False only if the stored record no longer matches its digest.
    pub intact: bool,
}

/// Looks `code` up as `certdesk verify` does, its credential told against the issuer's `keys`
/// (`None` when they cannot be read).
pub fn look_up(store: &Store, code: Code, keys: Option<&[PublicKeyInfo]>) -> ops::Result<PublicVerification> {
    let verification = ops::verify(store, code)?;
    let mut public = PublicVerification {
        code: code.to_string(),
        verdict: verification.verdict.code_verdict(),
        certificate: None,
        superseded_by: None,
        superseded_on: None,
        revoked_on: None,
        revoked_because: None,
        deleted: false,
        latest_replacement: None,
        later_in_force: verification.later_in_force.map(|later| LaterInForce { issued_on: day(later.issued_at) }),
        retired_keys: None,
        credential: None,
    };
    let (certificate, intact, status) = match verification.verdict {
        Verdict::Valid { certificate, digest_ok } => (certificate, digest_ok, None),
        Verdict::Superseded { certificate, digest_ok, status, latest } => {
            public.latest_replacement = latest.as_ref().map(LatestReplacement::of);
            (certificate, digest_ok, Some(status))
        }
        Verdict::Revoked { certificate, digest_ok, status } => (certificate, digest_ok, Some(status)),
        Verdict::Example | Verdict::Unknown => return Ok(public),
    };
    public.deleted = status.as_ref().is_some_and(CertificateStatus::is_deletion);
    match status {
        Some(CertificateStatus::Superseded { by, at, .. }) => {
            public.superseded_by = Some(by.to_string());
            public.superseded_on = Some(day(at));
        }
        Some(CertificateStatus::Revoked { reason, at, .. }) => {
            public.revoked_on = Some(day(at));
            public.revoked_because = Some(reason);
        }
        Some(CertificateStatus::Issued) | None => {}
    }
    public.retired_keys = keys.map(retired_keys);
    // The verdict does not hang on the credential: a seal that cannot be read leaves the
    // page without its note, and the server's log says why.
    public.credential = CredentialOnRecord::of(store, code, keys).unwrap_or_else(|error| {
        crate::serve::note(format_args!("reading the credential of {code} failed: {error}"));
        None
    });
    let institution = store.course(&certificate.course_id)?.map(|course| course.institution).filter(|i| !i.is_empty());
    let snapshot = &certificate.snapshot;
    public.certificate = Some(Certified {
        full_name: ops::neutral(&snapshot.full_name),
        course_id: certificate.course_id.clone(),
        course_title: snapshot.course_title.clone(),
        institution,
        grade: snapshot.percent.to_string(),
        letter: snapshot.letter.clone(),
        grade_status: snapshot.grade_status.to_string(),
        mode: snapshot.mode.to_string(),
        mode_label: crate::render::data::mode_label(snapshot.mode.as_str()),
        issued_on: snapshot.issued_at.strftime("%Y-%m-%d").to_string(),
        intact,
    });
    Ok(public)
}

/// The issuer's keys as the pages read them, and whether the server's log has said that they
/// cannot be read.
#[derive(Default)]
pub struct KeyWatch {
    unreadable_said: AtomicBool,
}

impl KeyWatch {
    /// The issuer's keys, for the pages to tell which are retired; `None` when they cannot be
    /// read (the key file gone missing beside the database): the pages then say that they
    /// cannot tell, where an empty list would have them say nothing is retired. The verdicts
    /// do not depend on the keys. The server's log says it once, not at every page, and says
    /// when the keys can be read again.
    pub fn keys(&self, store: &Store) -> Option<Vec<PublicKeyInfo>> {
        match store.issuer_keys() {
            Ok(keys) => {
                if self.unreadable_said.swap(false, Ordering::Relaxed) {
                    crate::serve::note(format_args!(
                        "the issuer's keys can be read again: the learners' pages say again which credentials a retired key signed"
                    ));
                }
                Some(keys)
            }
            Err(error) => {
                if !self.unreadable_said.swap(true, Ordering::Relaxed) {
                    crate::serve::note(format_args!(
                        "the issuer's keys cannot be read, so the learners' pages say they cannot tell whether a \
                         certificate's credential is signed with a key retired as compromised (said once, until \
                         they can be read): {error}"
                    ));
                }
                None
            }
        }
    }
}

/// The keys among `keys` the issuer retired as compromised.
fn retired_keys(keys: &[PublicKeyInfo]) -> Vec<RetiredKeyNote> {
    keys.iter()
        .filter_map(|key| key.compromised.map(|at| RetiredKeyNote { kid: key.kid().to_string(), retired_on: day(at) }))
        .collect()
}
