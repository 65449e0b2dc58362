//! Verifying a certificate's PDF by what it carries: each credential's signature against a
//! known issuer key, its claims against its members, the page against the credential, and,
//! where the database can be reached, whether the certificate is still in force.

use p256::ecdsa::VerifyingKey;
use rayon::prelude::*;
use serde::Serialize;

use super::Result;
use super::verify::CodeStatus;
use crate::credential::jose::Compact;
use crate::credential::pdf;
use crate::credential::{Payload, PublicJwk};
use crate::domain::Code;
use crate::domain::printed::{comparable, proofs, unprinted};
use crate::store::Store;

/// What was found about one credential of the file.
#[derive(Debug, Clone, Serialize)]
pub struct CredentialCheck {
    pub file: String,
    pub page: Option<u32>,
    pub kid: Option<String>,
    pub signature: Signature,
    /// Why the credential is not authentic, when it is not.
    pub problems: Vec<String>,
    pub credential: Option<Payload>,
    /// What the database says of the credential's code; `None` when it was not asked.
    pub status: Option<CodeStatus>,
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
    /// Signed by a key that is not known here.
    UnknownKey,
    /// Genuine, but the database holds no certificate with its code (or only the examples').
    NotOnRecord,
    /// The file carries no credential.
    NoCredential,
}

impl FileVerdict {
    /// The exit status `certdesk verify --file` ends with.
    pub fn exit_code(self) -> u8 {
        match self {
            FileVerdict::Authentic => 0,
            FileVerdict::NoCredential | FileVerdict::UnknownKey | FileVerdict::NotOnRecord => 1,
            FileVerdict::NotAuthentic => 3,
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
    pub unknown_key: usize,
    pub not_on_record: usize,
    pub no_longer_valid: usize,
}

impl Counts {
    fn add(&mut self, finding: FileVerdict) {
        self.checked += 1;
        match finding {
            FileVerdict::NotAuthentic => self.not_authentic += 1,
            FileVerdict::UnknownKey => self.unknown_key += 1,
            FileVerdict::NotOnRecord => self.not_on_record += 1,
            FileVerdict::NoLongerValid => self.no_longer_valid += 1,
            FileVerdict::Authentic | FileVerdict::NoCredential => {}
        }
    }

    /// The verdict on the whole file: the worst finding of any credential.
    fn verdict(&self) -> FileVerdict {
        let worst_first = [
            (self.not_authentic, FileVerdict::NotAuthentic),
            (self.unknown_key, FileVerdict::UnknownKey),
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
#[derive(Debug, Clone, Copy, Serialize)]
pub struct FileVerification {
    #[serde(flatten)]
    pub counts: Counts,
    /// Whether the database was asked whether the certificates are still in force.
    pub status_checked: bool,
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
    store: Option<&'a Store>,
    batch: usize,
    counts: Counts,
}

/// The parsed PDF `bytes`, which it no longer needs; refused when it is not a readable PDF.
pub fn load_pdf(bytes: &[u8]) -> Result<pdf::Pdf> {
    pdf::Pdf::load(bytes).map_err(unreadable)
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
            store,
            batch: BATCH,
            counts: Counts::default(),
        }
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
        let FileVerifier { credentials, keys, store, batch: at_least, .. } = self;
        // Checking a signature is most of the work (about 160 µs each): on every core, while
        // the pages of the next batch are read.
        let (checks, next) = rayon::join(
            || batch.par_iter().map(|found| check_one(found, keys, *store)).collect::<Result<Vec<_>>>(),
            || credentials.next_batch(*at_least),
        );
        let checks = checks?;
        match next {
            Ok(next) => self.pending = next,
            Err(error) => self.unreadable = Some(unreadable(error)),
        }
        for check in &checks {
            self.counts.add(check.finding());
        }
        Ok(Some(checks))
    }

    /// The verdict on the whole file, once every credential has been checked.
    pub fn finish(self) -> FileVerification {
        FileVerification { counts: self.counts, status_checked: self.store.is_some(), verdict: self.counts.verdict() }
    }
}

impl CredentialCheck {
    /// What this credential alone makes of its file.
    pub fn finding(&self) -> FileVerdict {
        if self.signature == Signature::Invalid || !self.problems.is_empty() {
            FileVerdict::NotAuthentic
        } else if self.signature == Signature::UnknownKey {
            FileVerdict::UnknownKey
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

fn check_one(found: &pdf::Found, keys: &[TrustedKey], store: Option<&Store>) -> Result<CredentialCheck> {
    let mut check = CredentialCheck {
        file: found.name.clone(),
        page: found.page,
        kid: None,
        signature: Signature::Invalid,
        problems: Vec::new(),
        credential: None,
        status: None,
    };
    let compact = match Compact::parse(&found.jwt) {
        Ok(compact) => compact,
        Err(error) => {
            check.problems.push(error.to_string());
            return Ok(check);
        }
    };
    check.kid = compact.header.kid.clone();
    let key = keys.iter().find(|(kid, _)| compact.header.kid.as_deref() == Some(kid.as_str()));
    match key {
        None => check.signature = Signature::UnknownKey,
        Some((_, Err(error))) => check.problems.push(error.clone()),
        Some((_, Ok(key))) => match compact.verify(key) {
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
    check.problems.extend(page_problems(&payload, &found.text));
    if let Some(store) = store {
        check.status = Some(match payload.code().parse::<Code>() {
            Ok(code) => super::code_status(store, code)?,
            Err(_) => CodeStatus::Unknown,
        });
    }
    check.credential = Some(payload);
    Ok(check)
}

/// What the page fails to say of what the credential says: the name, the course, the grade and
/// the code must each be printed on it.
fn page_problems(payload: &Payload, text: &str) -> Vec<String> {
    let page = comparable(text);
    let name = payload.learner_name().map(super::neutral).unwrap_or_default();
    let (grade, code) = (payload.grade().unwrap_or_default(), payload.code());
    unprinted(&page, proofs(&name, &payload.name, grade, code))
        .into_iter()
        .map(|(what, value)| format!("the page does not print {what} the credential names ({value})"))
        .collect()
}

#[cfg(test)]
mod tests {
    use p256::ecdsa::SigningKey;

    use super::*;
    use crate::credential::SealFacts;
    use crate::domain::{Certificate, GradeStatus, Snapshot};
    use crate::render::pdf::{DocInfo, PdfDocument};
    use crate::render::{FontBook, ImageSet, Item, Layer, ModuleGrid, Page, Rgb, Style, Weight, shape_line};

    /// The verdict on the PDF `bytes` and every check, read `batch` credentials at a time.
    struct Verified {
        verdict: FileVerdict,
        tally: FileVerification,
        credentials: Vec<CredentialCheck>,
    }

    fn verify_in_batches(bytes: &[u8], keys: &[PublicJwk], store: Option<&Store>, batch: usize) -> Result<Verified> {
        let pdf = load_pdf(bytes)?;
        let mut verifier = FileVerifier::new(&pdf, keys, store);
        verifier.batch = batch;
        let mut credentials = Vec::new();
        while let Some(checks) = verifier.next_checks()? {
            assert!(!checks.is_empty());
            credentials.extend(checks);
        }
        let tally = verifier.finish();
        Ok(Verified { verdict: tally.verdict, tally, credentials })
    }

    fn verify_pdf(bytes: &[u8], keys: &[PublicJwk], store: Option<&Store>) -> Result<Verified> {
        verify_in_batches(bytes, keys, store, BATCH)
    }

    fn certificate(name: &str) -> Certificate {
        let snapshot = Snapshot {
            full_name: name.into(),
            letter: None,
            grade_status: GradeStatus::Final,
            ..Snapshot::for_tests()
        };
        let seed = name.bytes().map(u64::from).sum();
        Certificate::new(Code::from_random(seed), "me-101", "bilbo", snapshot)
    }

    fn page_of(book: &FontBook, lines: &[&str]) -> Page {
        let face = book.resolve("serif", Weight::Regular, Style::Normal).expect("the serif face");
        let mut page = Page::new(600.0, 400.0);
        let mut items = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            let (shaped, laid) = shape_line(book, line, face, 20.0, 0.0).expect("shaped");
            let runs = laid.to_runs(&shaped.text, 40.0, 60.0 + 40.0 * index as f32, Rgb::new(0, 0, 0), 20.0);
            items.extend(runs.into_iter().map(Item::Text));
        }
        // A code drawn beside them, as certificates draw their QR code: a PDF image.
        let dark = (0..21 * 21).map(|module| module % 3 == 0).collect();
        let code = ModuleGrid { x_pt: 500.0, y_pt: 300.0, module_pt: 2.0, size: 21, dark, color: Rgb::new(0, 0, 0) };
        items.push(Item::Modules(code));
        page.variable = Layer { items };
        page
    }

    fn seal_of(certificate: &Certificate, key: &SigningKey) -> crate::credential::Seal {
        let kid = PublicJwk::of(key.verifying_key()).thumbprint();
        let facts = SealFacts {
            email: "bilbo@bagend.shire",
            institution: "Rivendell",
            verify_base_url: "https://certs.example.org/verify/",
            salt: [7; 16],
        };
        crate::credential::Seal::sign(certificate, &facts, key, &kid)
    }

    /// One page printing `lines`, carrying `certificate`'s credential signed with `key`.
    fn pdf(lines: &[&str], certificate: &Certificate, key: &SigningKey) -> Vec<u8> {
        let book = FontBook::new();
        let page = page_of(&book, lines);
        let seal = seal_of(certificate, key);
        let images = ImageSet::new();
        let mut document = PdfDocument::new(&book, &images, DocInfo::default());
        document
            .add_page_with(
                &page,
                &super::super::credentials::page_files(certificate.code, &seal.credential(certificate)),
            )
            .expect("page");
        document.finish().expect("pdf")
    }

    /// A page for each certificate, in order, the credentials in one run of files in
    /// `credential_order` (indices into `certificates`), as an export writes them.
    fn run_pdf(certificates: &[Certificate], credential_order: &[usize], key: &SigningKey) -> Vec<u8> {
        let book = FontBook::new();
        let images = ImageSet::new();
        let credentials: Vec<_> =
            credential_order.iter().map(|&i| seal_of(&certificates[i], key).credential(&certificates[i])).collect();
        let mut document = PdfDocument::new(&book, &images, DocInfo::default());
        let files = super::super::credentials::shared_credential_files(1, &credentials.iter().collect::<Vec<_>>());
        let shared = document.add_shared_files(&files).expect("files");
        for certificate in certificates {
            let (name, code) = (&certificate.snapshot.full_name, certificate.code.to_string());
            let page = page_of(&book, &[name, "completed Middle-earth", "with 85.0%", &code]);
            document.add_page_sharing(&page, &shared).expect("page");
        }
        document.finish().expect("pdf")
    }

    #[test]
    fn pages_sharing_a_run_of_credentials_take_them_in_page_order() {
        let key = SigningKey::from_slice(&[5; 32]).expect("key");
        let keys = [PublicJwk::of(key.verifying_key())];
        let certificates = [certificate("Bilbo Baggins"), certificate("Frodo Baggins"), certificate("Samwise Gamgee")];
        let (genuine, swapped) = (run_pdf(&certificates, &[0, 1, 2], &key), run_pdf(&certificates, &[0, 2, 1], &key));
        // Read a page at a time, two at a time (a run's file taken across batches) or all at once.
        for batch in [1, 2, BATCH] {
            let verified = verify_in_batches(&genuine, &keys, None, batch).expect("read");
            assert_eq!(verified.verdict, FileVerdict::Authentic, "{:?}", verified.credentials);
            let pages: Vec<_> = verified.credentials.iter().map(|check| check.page).collect();
            assert_eq!(pages, [Some(1), Some(2), Some(3)], "batches of {batch}");
            assert!(verified.credentials.iter().all(|check| check.file == "credentials-pages-1-3.jwt"));
            assert_eq!((verified.tally.counts.checked, verified.tally.counts.not_authentic), (3, 0));

            // Two lines out of order: each signature holds, but pages 2 and 3 print someone else.
            let verified = verify_in_batches(&swapped, &keys, None, batch).expect("read");
            assert_eq!(verified.verdict, FileVerdict::NotAuthentic);
            let refused: Vec<_> = verified
                .credentials
                .iter()
                .filter(|check| !check.problems.is_empty())
                .map(|check| check.page)
                .collect();
            assert_eq!(refused, [Some(2), Some(3)], "batches of {batch}");
            assert_eq!((verified.tally.counts.checked, verified.tally.counts.not_authentic), (3, 2));
        }
    }

    /// The issuer's key, the keys a verifier trusts, Bilbo's certificate and its genuine PDF.
    fn genuine_bilbo() -> (SigningKey, [PublicJwk; 1], Certificate, Vec<u8>) {
        let key = SigningKey::from_slice(&[5; 32]).expect("key");
        let keys = [PublicJwk::of(key.verifying_key())];
        let bilbo = certificate("Bilbo Baggins");
        let code = bilbo.code.to_string();
        let genuine = pdf(&["Bilbo Baggins", "completed Middle-earth", "with 85.0%", &code], &bilbo, &key);
        (key, keys, bilbo, genuine)
    }

    #[test]
    fn a_page_that_says_what_its_credential_says_is_authentic_and_another_is_not() {
        let (key, keys, bilbo, genuine) = genuine_bilbo();
        let code = bilbo.code.to_string();
        let verification = verify_pdf(&genuine, &keys, None).expect("read");
        assert_eq!(verification.verdict, FileVerdict::Authentic, "{:?}", verification.credentials);

        // Frodo's page with Bilbo's genuine credential: the signature holds, the page does not.
        let swapped = pdf(&["Frodo Baggins", "completed Middle-earth", "with 95.0%", &code], &bilbo, &key);
        let verification = verify_pdf(&swapped, &keys, None).expect("read");
        assert_eq!(verification.verdict, FileVerdict::NotAuthentic);
        let check = &verification.credentials[0];
        assert_eq!(check.signature, Signature::Valid);
        assert_eq!(check.problems.len(), 2, "{:?}", check.problems);
        assert!(check.problems[0].contains("name") && check.problems[1].contains("grade"));

        // Signed by a key not given: unknown, not authentic.
        let other = [PublicJwk::of(SigningKey::from_slice(&[6; 32]).expect("key").verifying_key())];
        assert_eq!(verify_pdf(&genuine, &other, None).expect("read").verdict, FileVerdict::UnknownKey);
        assert_eq!(FileVerdict::UnknownKey.exit_code(), 1);
    }

    #[test]
    fn images_are_not_kept_and_the_pages_that_draw_them_still_read() {
        let (_, keys, _, genuine) = genuine_bilbo();
        let is_image = |object: &lopdf::Object| {
            matches!(object, lopdf::Object::Stream(stream)
                if stream.dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Image"))
        };
        let whole = lopdf::Document::load_mem(&genuine).expect("a PDF");
        assert_eq!(whole.objects.values().filter(|object| is_image(object)).count(), 1, "the page's code");
        let read = load_pdf(&genuine).expect("a PDF");
        assert_eq!(read.document().objects.values().filter(|object| is_image(object)).count(), 0);
        assert_eq!(read.document().objects.len(), whole.objects.len() - 1, "everything else is kept");
        assert_eq!(verify_pdf(&genuine, &keys, None).expect("read").verdict, FileVerdict::Authentic);
    }

    #[test]
    fn a_genuine_credential_the_database_does_not_hold_is_not_on_record() {
        let (_, keys, _, genuine) = genuine_bilbo();
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("db")).expect("store");
        let verification = verify_pdf(&genuine, &keys, Some(&store)).expect("read");
        assert_eq!(verification.verdict, FileVerdict::NotOnRecord, "{:?}", verification.credentials);
        assert_eq!(verification.credentials[0].status, Some(CodeStatus::Unknown));
        assert_eq!(verification.credentials[0].signature, Signature::Valid);
        assert_eq!(FileVerdict::NotOnRecord.exit_code(), 1);
    }
}
