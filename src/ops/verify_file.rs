//! Verifying a certificate's PDF by what it carries: each credential's signature against a
//! known issuer key, its claims against its members, the page against the credential, and,
//! where the database can be reached, whether the certificate is still in force.

use p256::ecdsa::VerifyingKey;
use rayon::prelude::*;
use serde::Serialize;

use super::Result;
use super::verify::CodeStatus;
use crate::credential::jose::Compact;
use crate::credential::pdf::{self, comparable, prints};
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

#[derive(Debug, Clone, Serialize)]
pub struct FileVerification {
    pub verdict: FileVerdict,
    pub credentials: Vec<CredentialCheck>,
    /// Whether the database was asked whether the certificates are still in force.
    pub status_checked: bool,
}

/// Verifies the PDF `bytes` against `keys`; with a store, also each certificate's status.
pub fn verify_pdf(bytes: &[u8], keys: &[PublicJwk], store: Option<&Store>) -> Result<FileVerification> {
    let found = pdf::read(bytes).map_err(|error| super::OpsError::Refused(error.to_string()))?;
    // Each key's id and point, worked out once for every credential of the file.
    let keys: Vec<TrustedKey> =
        keys.iter().map(|key| (key.thumbprint(), key.verifying_key().map_err(|error| error.to_string()))).collect();
    // Checking a signature is most of the work (about 160 µs each): on every core.
    let checks: Vec<CredentialCheck> =
        found.par_iter().map(|credential| check_one(credential, &keys, store)).collect::<Result<_>>()?;
    let verdict = if checks.is_empty() {
        FileVerdict::NoCredential
    } else if checks.iter().any(|check| check.signature == Signature::Invalid || !check.problems.is_empty()) {
        FileVerdict::NotAuthentic
    } else if checks.iter().any(|check| check.signature == Signature::UnknownKey) {
        FileVerdict::UnknownKey
    } else if checks.iter().any(|check| matches!(check.status, Some(CodeStatus::Unknown | CodeStatus::Example))) {
        FileVerdict::NotOnRecord
    } else if checks.iter().any(|check| matches!(check.status, Some(CodeStatus::Superseded | CodeStatus::Revoked))) {
        FileVerdict::NoLongerValid
    } else {
        FileVerdict::Authentic
    };
    Ok(FileVerification { verdict, credentials: checks, status_checked: store.is_some() })
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
    let mut problems = Vec::new();
    let name = payload.learner_name().map(super::neutral).unwrap_or_default();
    let fields = [
        ("the learner's name", name.as_str()),
        ("the course", payload.name.as_str()),
        ("the grade", payload.grade().unwrap_or_default()),
        ("the verification code", payload.code()),
    ];
    for (what, value) in fields {
        if !prints(&page, value) {
            problems.push(format!("the page does not print {what} the credential names ({value})"));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use p256::ecdsa::SigningKey;

    use super::*;
    use crate::credential::SealFacts;
    use crate::domain::{Certificate, GradeStatus, Snapshot};
    use crate::render::pdf::{DocInfo, PdfDocument};
    use crate::render::{FontBook, ImageSet, Item, Layer, Page, Rgb, Style, Weight, shape_line};

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
        let genuine = verify_pdf(&run_pdf(&certificates, &[0, 1, 2], &key), &keys, None).expect("read");
        assert_eq!(genuine.verdict, FileVerdict::Authentic, "{:?}", genuine.credentials);
        let pages: Vec<_> = genuine.credentials.iter().map(|check| check.page).collect();
        assert_eq!(pages, [Some(1), Some(2), Some(3)]);
        assert!(genuine.credentials.iter().all(|check| check.file == "credentials-pages-1-3.jwt"));

        // Two lines out of order: each signature holds, but pages 2 and 3 print someone else.
        let swapped = verify_pdf(&run_pdf(&certificates, &[0, 2, 1], &key), &keys, None).expect("read");
        assert_eq!(swapped.verdict, FileVerdict::NotAuthentic);
        let refused: Vec<_> =
            swapped.credentials.iter().filter(|check| !check.problems.is_empty()).map(|check| check.page).collect();
        assert_eq!(refused, [Some(2), Some(3)]);
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
