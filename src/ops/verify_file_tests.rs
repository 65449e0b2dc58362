//! Tests of `verify_file`: verdicts, page order across batches, and what the parsed PDF keeps.

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
    let snapshot =
        Snapshot { full_name: name.into(), letter: None, grade_status: GradeStatus::Final, ..Snapshot::for_tests() };
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
        .add_page_with(&page, &super::super::credentials::page_files(certificate.code, &seal.credential(certificate)))
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
    let genuine = run_pdf(&certificates, &[0, 1, 2], &key);
    let swapped = run_pdf(&certificates, &[0, 2, 1], &key);
    let frodo_twice = run_pdf(&certificates, &[0, 1, 1], &key);
    // Read a page at a time, two at a time (a run's file taken across batches) or all at once.
    for batch in [1, 2, BATCH] {
        let verified = verify_in_batches(&genuine, &keys, None, batch).expect("read");
        assert_eq!(verified.verdict, FileVerdict::Authentic, "{:?}", verified.credentials);
        let pages: Vec<_> = verified.credentials.iter().map(|check| check.page).collect();
        assert_eq!(pages, [Some(1), Some(2), Some(3)], "batches of {batch}");
        assert!(verified.credentials.iter().all(|check| check.file == "credentials-pages-1-3.jwt"));
        assert_eq!((verified.tally.counts.checked, verified.tally.counts.not_authentic), (3, 0));

        // Two lines out of order (as in pages taken out of their export): each page takes the
        // line whose code it prints.
        let verified = verify_in_batches(&swapped, &keys, None, batch).expect("read");
        assert_eq!(verified.verdict, FileVerdict::Authentic, "batches of {batch}");
        let names: Vec<_> = verified
            .credentials
            .iter()
            .map(|check| check.credential.as_ref().and_then(|c| c.learner_name().map(str::to_string)))
            .collect();
        assert_eq!(names, [Some("Bilbo Baggins".into()), Some("Frodo Baggins".into()), Some("Samwise Gamgee".into())]);

        // A page no line vouches for (Frodo's credential twice, Samwise's none) is refused; a
        // line vouches for one page only.
        let verified = verify_in_batches(&frodo_twice, &keys, None, batch).expect("read");
        assert_eq!(verified.verdict, FileVerdict::NotAuthentic);
        let refused: Vec<_> =
            verified.credentials.iter().filter(|check| !check.problems.is_empty()).map(|check| check.page).collect();
        assert_eq!(refused, [Some(3)], "batches of {batch}");
        assert_eq!((verified.tally.counts.checked, verified.tally.counts.not_authentic), (3, 1));
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
