//! Tests of `verify_file`: verdicts, page order across batches, and what the parsed PDF keeps.
//! How it reads files is in verify_file_reading_tests.rs.

use p256::ecdsa::SigningKey;

use super::*;
use crate::credential::SealFacts;
use crate::credential::pdf::Pdf;
use crate::domain::{Certificate, GradeStatus, Snapshot};
use crate::render::pdf::{Attachment, DocInfo, PdfDocument, Relationship};
use crate::render::{FontBook, ImageSet, Item, Layer, ModuleGrid, Page, Rgb, Style, Weight, shape_line};

/// The verdict on the PDF `bytes` and every check, read `batch` credentials at a time.
pub(super) struct Verified {
    pub(super) verdict: FileVerdict,
    pub(super) tally: FileVerification,
    pub(super) credentials: Vec<CredentialCheck>,
}

/// Read on demand, as `verify --file` reads; the same file parsed whole by lopdf (which reads
/// what the reader on demand cannot) must give the same checks.
pub(super) fn verify_in_batches(
    bytes: &[u8],
    keys: &[PublicJwk],
    store: Option<&Store>,
    batch: usize,
) -> Result<Verified> {
    let pdf = load_pdf(bytes)?;
    assert!(pdf.reads_on_demand(), "certdesk's PDFs are read on demand");
    let verified = verify_read(&pdf, keys, store, batch)?;
    let whole = Pdf::load_whole(bytes).map_err(|error| crate::ops::OpsError::Refused(error.to_string()))?;
    let parsed = verify_read(&whole, keys, store, batch)?;
    assert_eq!(format!("{:?}", verified.credentials), format!("{:?}", parsed.credentials));
    Ok(verified)
}

pub(super) fn verify_read(pdf: &Pdf, keys: &[PublicJwk], store: Option<&Store>, batch: usize) -> Result<Verified> {
    let mut verifier = FileVerifier::new(pdf, keys, store);
    verifier.batch = batch;
    let mut credentials = Vec::new();
    while let Some(checks) = verifier.next_checks()? {
        assert!(!checks.is_empty());
        credentials.extend(checks);
    }
    let tally = verifier.finish();
    Ok(Verified { verdict: tally.verdict, tally, credentials })
}

pub(super) fn verify_pdf(bytes: &[u8], keys: &[PublicJwk], store: Option<&Store>) -> Result<Verified> {
    verify_in_batches(bytes, keys, store, BATCH)
}

pub(super) fn certificate(name: &str) -> Certificate {
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
    // A code drawn beside them, as certificates draw their QR code: an inline image mask.
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
    pdf_editing_json(lines, certificate, key, |json| json.to_string())
}

/// A credential's JSON copy, `name`, holding `json`.
fn json_file(name: &str, json: &str) -> Attachment {
    Attachment::new(name.into(), "application/json", "the copy".into(), Relationship::Supplement, json.as_bytes())
}

/// `pdf`, its credential's JSON copy changed by `edit_json`.
fn pdf_editing_json(
    lines: &[&str],
    certificate: &Certificate,
    key: &SigningKey,
    edit_json: impl Fn(&str) -> String,
) -> Vec<u8> {
    let book = FontBook::new();
    let page = page_of(&book, lines);
    let seal = seal_of(certificate, key);
    let images = ImageSet::new();
    let mut document = PdfDocument::new(&book, &images, DocInfo::default());
    let credential = seal.credential(certificate);
    let mut files = super::super::credentials::page_files(certificate.code, &credential);
    files[1] = json_file(&files[1].name, &edit_json(&credential.pretty_json()));
    document.add_page_with(&page, &files).expect("page");
    document.finish().expect("pdf")
}

/// A page for each of `pages` (indices into `certificates`), in order, the credentials of
/// `lines` in one run of files, as an export writes them; `edit_json` may change the run's
/// JSON copy.
pub(super) fn run_pdf(
    certificates: &[Certificate],
    pages: &[usize],
    lines: &[usize],
    key: &SigningKey,
    edit_json: impl Fn(&str) -> String,
) -> Vec<u8> {
    let book = FontBook::new();
    let images = ImageSet::new();
    let credentials: Vec<_> =
        lines.iter().map(|&i| seal_of(&certificates[i], key).credential(&certificates[i])).collect();
    let mut document = PdfDocument::new(&book, &images, DocInfo::default());
    let mut files = super::super::credentials::shared_credential_files(1, &credentials.iter().collect::<Vec<_>>());
    // The JSON array as the export writes it (what serde_json pretty-prints).
    let payloads: Vec<serde_json::Value> =
        credentials.iter().map(|c| serde_json::from_str(&c.json).expect("a payload")).collect();
    let json = serde_json::to_string_pretty(&payloads).expect("json");
    files[1] = json_file(&files[1].name, &edit_json(&json));
    let shared = document.add_shared_files(&files).expect("files");
    for &page in pages {
        let certificate = &certificates[page];
        let (name, code) = (&certificate.snapshot.full_name, certificate.code.to_string());
        let page = page_of(&book, &[name, "completed Middle-earth", "with 85.0%", &code]);
        document.add_page_sharing(&page, &shared).expect("page");
    }
    document.finish().expect("pdf")
}

/// The pages `verified` refused.
fn refused(verified: &Verified) -> Vec<Option<u32>> {
    verified.credentials.iter().filter(|check| !check.problems.is_empty()).map(|check| check.page).collect()
}

#[test]
fn pages_sharing_a_run_of_credentials_take_them_in_page_order() {
    let key = SigningKey::from_slice(&[5; 32]).expect("key");
    let keys = [PublicJwk::of(key.verifying_key())];
    let certificates = [certificate("Bilbo Baggins"), certificate("Frodo Baggins"), certificate("Samwise Gamgee")];
    let same = |json: &str| json.to_string();
    let genuine = run_pdf(&certificates, &[0, 1, 2], &[0, 1, 2], &key, same);
    let swapped = run_pdf(&certificates, &[0, 1, 2], &[0, 2, 1], &key, same);
    let frodo_twice = run_pdf(&certificates, &[0, 1, 2], &[0, 1, 1], &key, same);
    let page_twice = run_pdf(&certificates, &[0, 1, 1], &[0, 1], &key, same);
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

        // A page whose credential the file does not hold (Frodo's line twice, Samwise's none)
        // is refused, though another page's line stands in its place.
        let verified = verify_in_batches(&frodo_twice, &keys, None, batch).expect("read");
        assert_eq!(verified.verdict, FileVerdict::NotAuthentic);
        assert_eq!(refused(&verified), [Some(3)], "batches of {batch}");
        assert_eq!((verified.tally.counts.checked, verified.tally.counts.not_authentic), (3, 1));

        // The same page twice (qpdf --pages f.pdf 2 f.pdf 2): its line vouches for both.
        let verified = verify_in_batches(&page_twice, &keys, None, batch).expect("read");
        assert_eq!(verified.verdict, FileVerdict::Authentic, "batches of {batch}: {:?}", verified.credentials);
        assert_eq!((verified.tally.counts.checked, verified.tally.counts.not_authentic), (3, 0));
    }
}

#[test]
fn a_json_copy_that_says_something_else_is_refused() {
    let key = SigningKey::from_slice(&[5; 32]).expect("key");
    let keys = [PublicJwk::of(key.verifying_key())];
    let certificates = [certificate("Bilbo Baggins"), certificate("Frodo Baggins"), certificate("Samwise Gamgee")];
    let verify = |edit: fn(&str) -> String| {
        let pdf = run_pdf(&certificates, &[0, 1, 2], &[0, 1, 2], &key, edit);
        verify_pdf(&pdf, &keys, None).expect("read")
    };
    // Frodo's grade in the copy, not in the signed credential.
    let verified =
        verify(|json| json.replacen("\"value\": \"85.0%\"", "\"value\": \"99.0%\"", 2).replacen("99.0%", "85.0%", 1));
    assert_eq!(verified.verdict, FileVerdict::NotAuthentic);
    assert_eq!(refused(&verified), [Some(2)]);
    let expected =
        "its credential's JSON copy (credentials-pages-1-3.json) says something its signed credential does not";
    assert_eq!(verified.credentials[1].problems, [expected]);
    // A grade named twice, the forged one first: read by its last as the signed one, by its
    // first as 99.0% (a person, some readers).
    let twice = verify(|json| json.replacen("\"value\": \"85.0%\"", "\"value\": \"99.0%\", \"value\": \"85.0%\"", 1));
    assert_eq!(refused(&twice), [Some(1)], "{:?}", twice.credentials);
    assert_eq!(twice.credentials[0].problems, [expected]);
    // Laid out otherwise but saying the same: compared as JSON, not as text.
    let compact = verify(|json| serde_json::from_str::<serde_json::Value>(json).expect("json").to_string());
    assert_eq!(compact.verdict, FileVerdict::Authentic, "{:?}", compact.credentials);
    // A copy short of a credential, or no JSON at all.
    let short = verify(|json| {
        let mut copies: Vec<serde_json::Value> = serde_json::from_str(json).expect("json");
        copies.pop();
        serde_json::to_string(&copies).expect("json")
    });
    assert_eq!(refused(&short), [Some(3)]);
    assert!(short.credentials[2].problems[0].ends_with("holds no copy of it"), "{:?}", short.credentials[2]);
    let broken = verify(|json| json.replacen('{', "", 1));
    assert_eq!(refused(&broken), [Some(1), Some(2), Some(3)]);
    assert!(broken.credentials[0].problems[0].contains("is not JSON"), "{:?}", broken.credentials[0]);
}

#[test]
fn a_page_of_its_own_with_an_edited_json_copy_is_refused() {
    let (key, keys, bilbo, _) = genuine_bilbo();
    let code = bilbo.code.to_string();
    let lines = ["Bilbo Baggins", "completed Middle-earth", "with 85.0%", code.as_str()];
    let genuine = pdf_editing_json(&lines, &bilbo, &key, |json| json.to_string());
    assert_eq!(verify_pdf(&genuine, &keys, None).expect("read").verdict, FileVerdict::Authentic);
    let edited =
        pdf_editing_json(&lines, &bilbo, &key, |json| json.replace("\"value\": \"85.0%\"", "\"value\": \"99.0%\""));
    let verified = verify_pdf(&edited, &keys, None).expect("read");
    assert_eq!(verified.verdict, FileVerdict::NotAuthentic);
    let file = format!("credential-{code}.json");
    let expected = format!("its credential's JSON copy ({file}) says something its signed credential does not");
    assert_eq!(verified.credentials[0].problems, [expected]);
}

/// The issuer's key, the keys a verifier trusts, Bilbo's certificate and its genuine PDF.
pub(super) fn genuine_bilbo() -> (SigningKey, [PublicJwk; 1], Certificate, Vec<u8>) {
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
    assert_eq!(check.problems.len(), 3, "{:?}", check.problems);
    assert!(check.problems[0].contains("name") && check.problems[1].contains("grade"));
    assert_eq!(check.problems[2], "the page prints a grade the credential does not give (95.0%)");

    // Signed by a key not given: unknown, not authentic.
    let other = [PublicJwk::of(SigningKey::from_slice(&[6; 32]).expect("key").verifying_key())];
    assert_eq!(verify_pdf(&genuine, &other, None).expect("read").verdict, FileVerdict::UnknownKey);
    assert_eq!(FileVerdict::UnknownKey.exit_code(), 1);
}

/// A name ending or starting with a direction mark (as names pasted from right-to-left forms
/// do) prints without it: its genuine page was NOT AUTHENTIC, "does not print the name".
#[test]
fn a_name_holding_a_direction_mark_is_printed_without_it_and_authentic() {
    let key = SigningKey::from_slice(&[5; 32]).expect("key");
    let keys = [PublicJwk::of(key.verifying_key())];
    for name in ["Ana Souza\u{200f}", "\u{200f}Ana Souza", "محمد علي\u{200e}", "Ana\u{200d}Souza"] {
        let learner = certificate(name);
        let code = learner.code.to_string();
        let genuine = pdf(&[name, "completed Middle-earth", "with 85.0%", &code], &learner, &key);
        let verification = verify_pdf(&genuine, &keys, None).expect("read");
        assert_eq!(verification.verdict, FileVerdict::Authentic, "{name:?}: {:?}", verification.credentials);
    }
}

#[test]
fn images_are_not_kept_and_the_pages_that_draw_them_still_read() {
    let (key, keys, bilbo, _) = genuine_bilbo();
    // Bilbo's page with a logo, an image object of its own (the QR code is inline).
    let book = FontBook::new();
    let mut images = ImageSet::new();
    images.insert("logo", crate::render::Image::from_rgba(2, 2, [200, 200, 200, 255].repeat(4)).expect("image"));
    let mut page = page_of(&book, &["Bilbo Baggins", "completed Middle-earth", "with 85.0%", &bilbo.code.to_string()]);
    // Beside the text: an opaque image over it would hide it.
    page.variable.items.push(Item::Image { name: "logo".into(), x_pt: 300.0, y_pt: 300.0, w_pt: 40.0, h_pt: 40.0 });
    let mut document = PdfDocument::new(&book, &images, DocInfo::default());
    let credential = seal_of(&bilbo, &key).credential(&bilbo);
    document.add_page_with(&page, &super::super::credentials::page_files(bilbo.code, &credential)).expect("page");
    let with_logo = document.finish().expect("pdf");

    // Images, and how many bytes of image data they keep.
    let images = |document: &lopdf::Document| -> Vec<usize> {
        let images = document.objects.values().filter_map(|object| match object {
            lopdf::Object::Stream(stream)
                if stream.dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Image") =>
            {
                Some(stream.content.len())
            }
            _ => None,
        });
        images.collect()
    };
    let whole = lopdf::Document::load_mem(&with_logo).expect("a PDF");
    assert!(matches!(images(&whole)[..], [data] if data > 0), "the logo");
    // Read on demand: the page's objects, the image without its data.
    let read = load_pdf(&with_logo).expect("a PDF");
    let gathered = read.first_page_objects().expect("the page's objects");
    assert_eq!(images(&gathered), [0]);
    assert!(gathered.objects.values().any(|object| object.as_dict().is_ok_and(|dict| dict.has(b"ToUnicode"))));
    // Parsed whole: everything, the image without its data.
    let parsed = Pdf::load_whole(&with_logo).expect("a PDF");
    let parsed = parsed.document().expect("parsed whole");
    assert_eq!(images(parsed), [0]);
    assert_eq!(parsed.objects.len(), whole.objects.len(), "everything else is kept");
    assert_eq!(verify_pdf(&with_logo, &keys, None).expect("read").verdict, FileVerdict::Authentic);
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

/// What a file comes to when the issuer retired the key that signed it as compromised.
fn verify_distrusting(bytes: &[u8], keys: &[PublicJwk], retired: Vec<RetiredKey>) -> FileVerification {
    let document = load_pdf(bytes).expect("a PDF");
    let mut verifier = FileVerifier::new(&document, keys, None).distrusting(retired);
    while verifier.next_checks().expect("read").is_some() {}
    verifier.finish()
}

#[test]
fn a_credential_signed_with_a_retired_key_is_trusted_no_more_even_with_the_key_given() {
    let (key, keys, bilbo, genuine) = genuine_bilbo();
    let kid = keys[0].thumbprint();
    let at = jiff::Timestamp::from_second(1_800_000_000).expect("time");
    let document = load_pdf(&genuine).expect("a PDF");
    let mut verifier = FileVerifier::new(&document, &keys, None).distrusting(vec![(kid.clone(), at)]);
    let checks = verifier.next_checks().expect("read").expect("one credential");
    assert_eq!((checks[0].signature, checks[0].key_retired), (Signature::RetiredKey, Some(at)));
    assert!(checks[0].problems.is_empty(), "the page says what it says: only the key is not to be trusted");
    let tally = verifier.finish();
    assert_eq!((tally.verdict, tally.counts.retired_key), (FileVerdict::RetiredKey, 1));
    assert_eq!(FileVerdict::RetiredKey.exit_code(), 3, "not to be relied on");
    // Without the key given, the database's word alone refuses it.
    assert_eq!(verify_distrusting(&genuine, &[], vec![(kid.clone(), at)]).verdict, FileVerdict::RetiredKey);
    // Another key retired leaves it authentic; a page that also differs is not authentic.
    assert_eq!(verify_distrusting(&genuine, &keys, vec![("other".into(), at)]).verdict, FileVerdict::Authentic);
    let swapped =
        pdf(&["Frodo Baggins", "completed Middle-earth", "with 95.0%", &bilbo.code.to_string()], &bilbo, &key);
    assert_eq!(verify_distrusting(&swapped, &keys, vec![(kid, at)]).verdict, FileVerdict::NotAuthentic);
}
