//! How `verify_file` reads a file: a few pages at a time whatever its size, however qpdf
//! rewrote it, parsed whole when its index cannot be read, and through incremental updates.

use p256::ecdsa::SigningKey;

use super::tests::{certificate, genuine_bilbo, run_pdf, verify_in_batches, verify_pdf, verify_read};
use super::*;
use crate::credential::pdf::Pdf;
use crate::domain::Certificate;

/// An export of `count` pages, a certificate each, in runs of credentials as `export` writes.
fn export_of(count: usize, key: &SigningKey) -> Vec<u8> {
    let names: Vec<String> = (0..count).map(|at| format!("Learner {at}")).collect();
    let certificates: Vec<Certificate> = names.iter().map(|name| certificate(name)).collect();
    let every: Vec<usize> = (0..count).collect();
    run_pdf(&certificates, &every, &every, key, |json| json.to_string())
}

#[test]
fn a_large_export_is_read_a_few_pages_at_a_time_whatever_its_size() {
    let key = SigningKey::from_slice(&[5; 32]).expect("key");
    let keys = [PublicJwk::of(key.verifying_key())];
    let (small, large) = (export_of(3, &key), export_of(300, &key));
    let objects_of_first_page = |bytes: &[u8]| {
        let pdf = load_pdf(bytes).expect("a PDF");
        assert!(pdf.reads_on_demand());
        pdf.first_page_objects().expect("the first page's objects").objects.len()
    };
    // Reading a page of 300 takes no more of the file than reading a page of 3.
    assert_eq!(objects_of_first_page(&large), objects_of_first_page(&small));
    let parsed = Pdf::load_whole(&large).expect("a PDF");
    assert!(parsed.document().expect("parsed whole").objects.len() > 300, "parsed whole, every page is held");
    // As qpdf rewrites it (object streams of its own, a cross-reference table, linearized
    // with its hint tables and two indexes), it is still read on demand.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("in.pdf"), &large).expect("write");
    for options in [&["--object-streams=generate"][..], &["--object-streams=disable"], &["--linearize"]] {
        let out = dir.path().join("out.pdf");
        let status = std::process::Command::new("qpdf").args(options).arg(dir.path().join("in.pdf")).arg(&out).status();
        assert!(status.is_ok_and(|status| status.success()), "qpdf {options:?}");
        let rewritten = std::fs::read(&out).expect("read");
        assert!(load_pdf(&rewritten).expect("a PDF").reads_on_demand(), "qpdf {options:?}");
        assert_eq!(verify_in_batches(&rewritten, &keys, None, 64).expect("read").verdict, FileVerdict::Authentic);
    }
    // Batches smaller and larger than the pages read together.
    for batch in [7, 200, 512] {
        let verified = verify_in_batches(&large, &keys, None, batch).expect("read");
        assert_eq!(verified.verdict, FileVerdict::Authentic, "{:?}", verified.credentials.first());
        let pages: Vec<Option<u32>> = verified.credentials.iter().map(|check| check.page).collect();
        assert_eq!(pages, (1..=300).map(Some).collect::<Vec<_>>());
    }
}

#[test]
fn a_file_whose_index_cannot_be_read_is_parsed_whole_and_still_verifies() {
    let (_, keys, _, genuine) = genuine_bilbo();
    // The offset after `startxref` written wrong: lopdf finds the index nearby.
    let at = genuine.windows(10).rposition(|window| window == b"startxref\n").expect("startxref") + 10;
    let digits: String =
        genuine[at..].iter().take_while(|byte| byte.is_ascii_digit()).map(|&b| char::from(b)).collect();
    let offset: u64 = digits.parse().expect("an offset");
    let mut damaged = genuine[..at].to_vec();
    damaged.extend_from_slice(format!("{}\n%%EOF", offset + 3).as_bytes());
    let pdf = load_pdf(&damaged).expect("a PDF");
    assert!(!pdf.reads_on_demand());
    let verified = verify_read(&pdf, &keys, None, BATCH).expect("read");
    assert_eq!(verified.verdict, FileVerdict::Authentic, "{:?}", verified.credentials);
}

/// `genuine` with an incremental update after it that writes the first page's content
/// stream again as `content`: the new object, a cross-reference table for it, and a trailer
/// back to the index before.
fn updated(genuine: &[u8], content: &[u8]) -> Vec<u8> {
    let parsed = lopdf::Document::load_mem(genuine).expect("a PDF");
    let page = parsed.page_iter().next().expect("a page");
    let content_id = parsed.get_page_contents(page)[0].0;
    let root = parsed.trailer.get(b"Root").and_then(lopdf::Object::as_reference).expect("a root").0;
    let size = parsed.max_id + 1;
    let mut bytes = genuine.to_vec();
    let object_at = bytes.len() + 1;
    bytes.extend_from_slice(format!("\n{content_id} 0 obj\n<</Length {}>>\nstream\n", content.len()).as_bytes());
    bytes.extend_from_slice(content);
    bytes.extend_from_slice(b"\nendstream\nendobj\n");
    let xref_at = bytes.len();
    let section = format!(
        "xref\n0 1\n0000000000 65535 f \n{content_id} 1\n{object_at:010} 00000 n \ntrailer\n<</Size {size}/Root {root} 0 R/Prev {}>>\nstartxref\n{xref_at}\n%%EOF\n",
        parsed.xref_start
    );
    bytes.extend_from_slice(section.as_bytes());
    bytes
}

#[test]
fn an_incremental_update_is_read_on_demand_and_what_it_replaces_counts() {
    let (_, keys, _, genuine) = genuine_bilbo();
    let parsed = lopdf::Document::load_mem(&genuine).expect("a PDF");
    let page = parsed.page_iter().next().expect("a page");
    let content = parsed.get_page_content(page);
    // The same page written again: still Bilbo's, read on demand.
    let again = updated(&genuine, &content);
    assert!(load_pdf(&again).expect("a PDF").reads_on_demand());
    assert_eq!(verify_pdf(&again, &keys, None).expect("read").verdict, FileVerdict::Authentic);
    // The page's drawing replaced by one that prints nothing: what the old one printed is gone.
    let blank = updated(&genuine, b"BT ET");
    assert!(load_pdf(&blank).expect("a PDF").reads_on_demand());
    let verified = verify_pdf(&blank, &keys, None).expect("read");
    assert_eq!(verified.verdict, FileVerdict::NotAuthentic);
    assert!(verified.credentials[0].problems[0].contains("name"), "{:?}", verified.credentials[0].problems);
}
