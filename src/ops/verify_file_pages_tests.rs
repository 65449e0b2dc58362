//! Pages that carry no credential of their own: vouched for by the document's own files, or
//! by nothing.

use super::tests::{genuine_bilbo, verify_pdf};
use super::*;

/// `bytes` with every page's `/AF` taken out: the credentials are left in the document's own
/// EmbeddedFiles, as in files written before pages carried theirs.
fn without_page_files(bytes: &[u8]) -> Vec<u8> {
    let mut document = lopdf::Document::load_mem(bytes).expect("a PDF");
    let pages: Vec<_> = document.page_iter().collect();
    for page in pages {
        document.get_dictionary_mut(page).expect("a page").remove(b"AF");
    }
    let mut out = Vec::new();
    document.save_to(&mut out).expect("saved");
    out
}

#[test]
fn the_documents_own_files_vouch_for_every_page() {
    let (_, keys, _, genuine) = genuine_bilbo();
    let verified = verify_pdf(&genuine, &keys, None).expect("read");
    assert_eq!(verified.verdict, FileVerdict::Authentic, "{:?}", verified.credentials);
    assert_eq!(verified.credentials[0].page, Some(1));
    let older = verify_pdf(&without_page_files(&genuine), &keys, None).expect("read");
    assert_eq!(older.verdict, FileVerdict::Authentic, "{:?}", older.credentials);
    assert_eq!(older.credentials[0].page, None, "the document's file");
    assert_eq!(older.tally.pages_without_credential, Vec::<u32>::new());
}
