//! Template drafts: one per template and login, replaced as it is written again, gone once
//! dropped, and kept on disk across a reopen.

use super::LocalStore;
use super::codec::{decode_bytes, encode};
use super::tests::{temp_store, unhex};
use crate::domain::{TemplateDraft, hex};

fn draft(name: &str, login: &str, text: &str) -> TemplateDraft {
    TemplateDraft {
        name: name.into(),
        login: login.into(),
        revision: 2,
        base_saved_at: Some(jiff::Timestamp::from_second(1_779_000_000).expect("a time")),
        text: text.into(),
        written_at: jiff::Timestamp::from_second(1_780_000_000).expect("a time"),
    }
}

#[test]
fn a_draft_is_kept_per_template_and_login() {
    let (_dir, store) = temp_store();
    assert_eq!(store.template_draft("gold", "elrond").expect("read"), None);
    store.keep_template_draft(&draft("gold", "elrond", "one")).expect("keep");
    store.keep_template_draft(&draft("gold", "arwen", "two")).expect("keep");
    store.keep_template_draft(&draft("gold-2", "elrond", "three")).expect("keep");
    let text = |name: &str, login: &str| store.template_draft(name, login).expect("read").map(|draft| draft.text);
    assert_eq!(text("gold", "elrond").as_deref(), Some("one"));
    assert_eq!(text("gold", "arwen").as_deref(), Some("two"));
    // A name that starts another's is another template, not a prefix of it.
    assert_eq!(text("gold-2", "elrond").as_deref(), Some("three"));
    assert_eq!(text("gold", "elro"), None);

    // Written again, it replaces the one before; dropped, it is gone, and only that one.
    store.keep_template_draft(&draft("gold", "elrond", "one, more")).expect("keep");
    assert_eq!(text("gold", "elrond").as_deref(), Some("one, more"));
    store.drop_template_draft("gold", "elrond").expect("drop");
    assert_eq!(text("gold", "elrond"), None);
    assert_eq!(text("gold", "arwen").as_deref(), Some("two"));
    store.drop_template_draft("gold", "elrond").expect("dropping none is fine");
}

#[test]
fn others_drafts_of_a_template_are_listed_without_their_text() {
    let (_dir, store) = temp_store();
    store.keep_template_draft(&draft("gold", "elrond", "one")).expect("keep");
    store.keep_template_draft(&draft("gold", "arwen", "two")).expect("keep");
    store.keep_template_draft(&draft("gold", "tester", "mine")).expect("keep");
    store.keep_template_draft(&draft("gold-2", "frodo", "another template's")).expect("keep");
    let others = store.others_template_drafts("gold", "tester").expect("read");
    let logins: Vec<&str> = others.iter().map(|author| author.login.as_str()).collect();
    assert_eq!(logins, ["arwen", "elrond"], "by login, not the asker's, not gold-2's");
    assert_eq!(others[0].written_at, draft("gold", "arwen", "").written_at);
    assert_eq!(store.others_template_drafts("silver", "tester").expect("read"), []);
}

#[test]
fn a_kept_draft_is_there_when_the_database_is_opened_again() {
    let (dir, store) = temp_store();
    store.keep_template_draft(&draft("gold", "elrond", "typed before the connection dropped")).expect("keep");
    drop(store);
    let store = LocalStore::open(dir.path()).expect("reopen");
    assert_eq!(
        store.template_draft("gold", "elrond").expect("read"),
        Some(draft("gold", "elrond", "typed before the connection dropped"))
    );
}

/// The exact bytes of version 2: a change here means drafts already kept no longer read.
#[test]
fn frozen_bytes_of_a_draft() {
    let bytes = encode(&draft("gold", "elrond", "a\n"));
    assert_eq!(hex(&bytes), "0204676f6c6406656c726f6e640201fd00601c6efba30c0002610afd00806617cda50c00");
    assert_eq!(decode_bytes::<TemplateDraft>(&bytes).expect("decode"), draft("gold", "elrond", "a\n"));
    let mut trailing = bytes.clone();
    trailing.push(0);
    assert!(decode_bytes::<TemplateDraft>(&trailing).is_err());
    let mut unknown = bytes;
    unknown[0] = 3;
    assert!(decode_bytes::<TemplateDraft>(&unknown).is_err());
}

/// A draft an older certdesk kept (version 1) still reads, not saying when its revision was
/// saved; its bytes as that certdesk wrote them.
#[test]
fn a_version_1_draft_still_reads() {
    let bytes = unhex("0104676f6c6406656c726f6e640202610afd00806617cda50c00");
    let read = decode_bytes::<TemplateDraft>(&bytes).expect("decode");
    assert_eq!(read, TemplateDraft { base_saved_at: None, ..draft("gold", "elrond", "a\n") });
    let mut trailing = bytes;
    trailing.push(0);
    assert!(decode_bytes::<TemplateDraft>(&trailing).is_err());
}
