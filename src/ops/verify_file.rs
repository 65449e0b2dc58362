//! Verifying a certificate's PDF by what it carries: each credential's signature against a
//! known issuer key, its claims against its members, the page against the credential, and,
//! where the database can be reached, the credential against the certificate on record and
//! whether that is still in force.

use p256::ecdsa::VerifyingKey;
use rayon::prelude::*;
use serde::Serialize;

use super::Result;
use super::verify::{CodeStatus, Ended, EndedKinds};
use crate::credential::jose::Compact;
use crate::credential::pdf;
use crate::credential::{Payload, PublicJwk};
use crate::domain::Code;
use crate::store::Store;

/// What was found about one credential of the file.
#[derive(Debug, Clone, Serialize)]
pub struct CredentialCheck {
    pub file: String,
    pub page: Option<u32>,
    pub kid: Option<String>,
    pub signature: Signature,
    /// When the issuer retired the key that signed as compromised, if it did.
    #[serde(with = "jiff::fmt::serde::timestamp::second::optional")]
    pub key_retired: Option<jiff::Timestamp>,
    /// Why the credential is not authentic, when it is not.
    pub problems: Vec<String>,
    pub credential: Option<Payload>,
    /// What the database says of the credential's code; `None` when it was not asked.
    pub status: Option<CodeStatus>,
    /// When the issuer's record under its code was changed after issue (its digest no longer
    /// matches), what the credential says otherwise than that record, which can then neither
    /// confirm it nor show it forged; `None` for an intact record, or none asked.
    pub record_altered: Option<Vec<String>>,
    /// What became of the credential's certificate, when it is no longer in force (the
    /// command line writes it in words, and in the JSON as `verify --json` does).
    #[serde(skip)]
    pub ended: Option<Ended>,
}

/// Whether a credential's signature holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Signature {
    Valid,
    /// It fails, or the JWT cannot be read, or the key named cannot be used.
    Invalid,
    /// Made by a key that is not known here.
    UnknownKey,
    /// Made by a key the issuer retired as compromised: whoever holds it could have signed, so
    /// the signature proves nothing.
    RetiredKey,
}

/// The verdict of the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileVerdict {
    /// Every credential is signed by a known key, says what its page says, and (when the
    /// database could be asked) is in force.
    Authentic,
    /// Genuine, but superseded or revoked since.
    NoLongerValid,
    /// A signature fails, or a page says something its credential does not.
    NotAuthentic,
    /// Signed by a key the issuer retired as compromised: nothing vouches for it.
    RetiredKey,
    /// Signed by a key that is not known here.
    UnknownKey,
    /// Genuine, but the database holds no certificate with its code (or only the examples').
    NotOnRecord,
    /// Signed by a known key, but the issuer's record under its code was changed after issue,
    /// so the database cannot confirm what it says.
    RecordAltered,
    /// The file carries no credential.
    NoCredential,
    /// Every credential is authentic (and in force, when asked), but some pages carry none.
    PagesWithoutCredential,
}

impl FileVerdict {
    /// The exit status `certdesk verify --file` ends with.
    pub fn exit_code(self) -> u8 {
        match self {
            FileVerdict::Authentic => 0,
            FileVerdict::NoCredential
            | FileVerdict::PagesWithoutCredential
            | FileVerdict::UnknownKey
            | FileVerdict::NotOnRecord
            | FileVerdict::RecordAltered => 1,
            FileVerdict::NotAuthentic | FileVerdict::RetiredKey => 3,
            FileVerdict::NoLongerValid => 4,
        }
    }
}

/// How many credentials were checked, and how many of them were found wanting, each counted
/// once, by its worst finding.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub checked: usize,
    pub not_authentic: usize,
    pub retired_key: usize,
    pub unknown_key: usize,
    pub not_on_record: usize,
    pub record_altered: usize,
    pub no_longer_valid: usize,
    /// What befell the certificates of those no longer valid (the JSON has it per credential,
    /// in `ended`).
    #[serde(skip)]
    pub ended: EndedKinds,
}

impl Counts {
    fn add(&mut self, check: &CredentialCheck) {
        self.checked += 1;
        match check.finding() {
            FileVerdict::NotAuthentic => self.not_authentic += 1,
            FileVerdict::RetiredKey => self.retired_key += 1,
            FileVerdict::UnknownKey => self.unknown_key += 1,
            FileVerdict::NotOnRecord => self.not_on_record += 1,
            FileVerdict::RecordAltered => self.record_altered += 1,
            FileVerdict::NoLongerValid => {
                self.no_longer_valid += 1;
                if let Some(ended) = &check.ended {
                    self.ended.add(ended);
                }
            }
            FileVerdict::Authentic | FileVerdict::NoCredential | FileVerdict::PagesWithoutCredential => {}
        }
    }

    /// The verdict on the whole file: the worst finding of any credential.
    fn verdict(&self) -> FileVerdict {
        let worst_first = [
            (self.not_authentic, FileVerdict::NotAuthentic),
            (self.retired_key, FileVerdict::RetiredKey),
            (self.unknown_key, FileVerdict::UnknownKey),
            (self.record_altered, FileVerdict::RecordAltered),
            (self.not_on_record, FileVerdict::NotOnRecord),
            (self.no_longer_valid, FileVerdict::NoLongerValid),
        ];
        match worst_first.into_iter().find(|&(count, _)| count > 0) {
            _ if self.checked == 0 => FileVerdict::NoCredential,
            Some((_, verdict)) => verdict,
            None => FileVerdict::Authentic,
        }
    }
}

/// What a whole file came to.
#[derive(Debug, Clone, Serialize)]
pub struct FileVerification {
    #[serde(flatten)]
    pub counts: Counts,
    /// Whether the database was asked whether the certificates are still in force.
    pub status_checked: bool,
    /// The pages (numbered from 1) that carry no credential, when the document's own files do
    /// not vouch for every page: every page, for a file without credentials.
    pub pages_without_credential: Vec<u32>,
    pub verdict: FileVerdict,
}

/// Credentials checked a batch at a time: enough to keep every core busy, few enough that a
/// file of any size is never held as checks all at once.
const BATCH: usize = 512;

/// Checks the credentials of a PDF, a batch at a time, reading the next batch from the file
/// while the signatures of this one are checked.
pub struct FileVerifier<'a> {
    credentials: pdf::Credentials<'a>,
    /// Read, not yet checked.
    pending: Vec<pdf::Found>,
    /// Why the file could not be read on, kept until the batch read before it is reported.
    unreadable: Option<super::OpsError>,
    /// Each key's id and point, worked out once for every credential of the file.
    keys: Vec<TrustedKey>,
    /// The keys the issuer retired as compromised, and when: trusted no more.
    retired: Vec<RetiredKey>,
    store: Option<&'a Store>,
    batch: usize,
    counts: Counts,
}

/// The PDF `bytes`; refused when it is not a readable PDF.
pub fn load_pdf(bytes: &[u8]) -> Result<pdf::Pdf> {
    pdf::Pdf::load(bytes).map_err(unreadable)
}

/// The PDF in `file`, whose pages are read from it as they are checked; refused when it is not
/// a readable PDF.
pub fn open_pdf(file: std::fs::File) -> Result<pdf::Pdf> {
    pdf::Pdf::open(file).map_err(unreadable)
}

fn unreadable(error: crate::credential::CredentialError) -> super::OpsError {
    super::OpsError::Refused(error.to_string())
}

impl<'a> FileVerifier<'a> {
    /// Checks `document` against `keys`; with a store, also each certificate's status.
    pub fn new(document: &'a pdf::Pdf, keys: &[PublicJwk], store: Option<&'a Store>) -> FileVerifier<'a> {
        FileVerifier {
            credentials: pdf::Credentials::new(document),
            pending: Vec::new(),
            unreadable: None,
            keys: keys
                .iter()
                .map(|key| (key.thumbprint(), key.verifying_key().map_err(|error| error.to_string())))
                .collect(),
            retired: Vec::new(),
            store,
            batch: BATCH,
            counts: Counts::default(),
        }
    }

    /// Trusts nothing signed with the keys `retired`, which the issuer retired as compromised,
    /// even where a key given vouches for it.
    pub fn distrusting(mut self, retired: Vec<RetiredKey>) -> FileVerifier<'a> {
        self.retired = retired;
        self
    }

    /// The next credentials checked, in page order; `None` once every one has been. A page
    /// that cannot be read is an error once the credentials before it have been returned.
    pub fn next_checks(&mut self) -> Result<Option<Vec<CredentialCheck>>> {
        if let Some(error) = self.unreadable.take() {
            return Err(error);
        }
        if self.pending.is_empty() {
            self.pending = self.credentials.next_batch(self.batch).map_err(unreadable)?;
        }
        if self.pending.is_empty() {
            return Ok(None);
        }
        let batch = std::mem::take(&mut self.pending);
        let FileVerifier { credentials, keys, retired, store, batch: at_least, .. } = self;
        // Checking a signature is most of the work (about 160 µs each): on every core, while
        // the pages of the next batch are read.
        let (checks, next) = rayon::join(
            || batch.par_iter().map(|found| check_one(found, (keys, retired), *store)).collect::<Result<Vec<_>>>(),
            || credentials.next_batch(*at_least),
        );
        let checks = checks?;
        match next {
            Ok(next) => self.pending = next,
            Err(error) => self.unreadable = Some(unreadable(error)),
        }
        for check in &checks {
            self.counts.add(check);
        }
        Ok(Some(checks))
    }

    /// The verdict on the whole file, once every credential has been checked: a page that
    /// carries none keeps it from being wholly authentic.
    pub fn finish(self) -> FileVerification {
        let bare = self.credentials.bare_pages().to_vec();
        let verdict = match self.counts.verdict() {
            FileVerdict::Authentic if !bare.is_empty() => FileVerdict::PagesWithoutCredential,
            verdict => verdict,
        };
        FileVerification {
            counts: self.counts,
            status_checked: self.store.is_some(),
            pages_without_credential: bare,
            verdict,
        }
    }
}

impl CredentialCheck {
    /// What this credential alone makes of its file.
    pub fn finding(&self) -> FileVerdict {
        if self.signature == Signature::Invalid || !self.problems.is_empty() {
            FileVerdict::NotAuthentic
        } else if self.signature == Signature::RetiredKey {
            FileVerdict::RetiredKey
        } else if self.signature == Signature::UnknownKey {
            FileVerdict::UnknownKey
        } else if self.record_altered.is_some() {
            FileVerdict::RecordAltered
        } else if matches!(self.status, Some(CodeStatus::Unknown | CodeStatus::Example)) {
            FileVerdict::NotOnRecord
        } else if matches!(self.status, Some(CodeStatus::Superseded | CodeStatus::Revoked)) {
            FileVerdict::NoLongerValid
        } else {
            FileVerdict::Authentic
        }
    }
}

/// A trusted key's id (RFC 7638 thumbprint) and its decoded point, or why it does not decode.
type TrustedKey = (String, std::result::Result<VerifyingKey, String>);

/// A key the issuer retired as compromised: its id (RFC 7638 thumbprint) and when.
pub type RetiredKey = (String, jiff::Timestamp);

fn check_one(
    found: &pdf::Found,
    (keys, retired): (&[TrustedKey], &[RetiredKey]),
    store: Option<&Store>,
) -> Result<CredentialCheck> {
    let mut check = CredentialCheck {
        file: found.name.clone(),
        page: found.page,
        kid: None,
        signature: Signature::Invalid,
        key_retired: None,
        problems: Vec::new(),
        credential: None,
        status: None,
        record_altered: None,
        ended: None,
    };
    let compact = match Compact::parse(&found.jwt) {
        Ok(compact) => compact,
        Err(error) => {
            check.problems.push(error.to_string());
            return Ok(check);
        }
    };
    check.kid = compact.header.kid.clone();
    let named = |kid: &String| compact.header.kid.as_deref() == Some(kid.as_str());
    let key = keys.iter().find(|(kid, _)| named(kid));
    let retired_at = retired.iter().find(|(kid, _)| named(kid)).map(|(_, at)| *at);
    match (retired_at, key) {
        // Whether or not the signature holds, anybody holding the key could have made it.
        (Some(at), _) => (check.signature, check.key_retired) = (Signature::RetiredKey, Some(at)),
        (None, None) => check.signature = Signature::UnknownKey,
        (None, Some((_, Err(error)))) => check.problems.push(error.clone()),
        (None, Some((_, Ok(key)))) => match compact.verify(key) {
            Ok(()) => check.signature = Signature::Valid,
            Err(error) => check.problems.push(error.to_string()),
        },
    }
    let payload: Payload = match serde_json::from_slice(&compact.payload) {
        Ok(payload) => payload,
        Err(error) => {
            check.problems.push(format!("the credential is not an OpenBadgeCredential certdesk knows: {error}"));
            return Ok(check);
        }
    };
    if !payload.claims_match() {
        check.problems.push("the JWT's claims (iss, jti, sub, nbf) differ from the credential's own members".into());
    }
    check.problems.extend(found.copy.as_ref().and_then(|copy| page::copy_problem(copy, &compact.payload)));
    check.problems.extend(page::page_problems(&payload, &found.text, found.page.is_some()));
    if let Some(store) = store {
        let (status, ended, record) = match payload.code().parse::<Code>() {
            Ok(code) => super::code_status(store, code)?,
            Err(_) => (CodeStatus::Unknown, None, None),
        };
        (check.status, check.ended) = (Some(status), ended);
        // A signature shows which key signed, not that the issuer issued what it says. A record
        // changed since issue proves nothing either way: the file was blamed for its changes.
        match record {
            Some(record) if record.digest_matches() => check.problems.extend(payload.differences_from_record(&record)),
            Some(record) => check.record_altered = Some(payload.differences_from_record(&record)),
            None => {}
        }
    }
    check.credential = Some(payload);
    Ok(check)
}

#[path = "verify_file_page.rs"]
mod page;

#[cfg(test)]
#[path = "verify_file_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "verify_file_pages_tests.rs"]
mod pages_tests;

#[cfg(test)]
#[path = "verify_file_reading_tests.rs"]
mod reading_tests;
