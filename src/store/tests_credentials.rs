//! Credential seals: their frozen bytes, sealing in the commit that issues, sealing on first
//! request what was issued before, and the key holder's rules.

use super::codec::{decode_bytes, encode};
use super::commit::{Commit, LedgerWrite};
use super::tests::{sample_course, sample_enrollment, unhex};
use super::{LocalStore, StoreError};
use crate::credential::jose::Compact;
use crate::credential::{IssuerKeys, Payload, Resigning, Seal};
use crate::domain::hex;
use crate::domain::{Action, Certificate, Code, Event, GradeStatus, Ledger, Snapshot};

fn event() -> Event {
    Event {
        at: jiff::Timestamp::UNIX_EPOCH,
        who: "elrond".into(),
        action: Action::Generate,
        summary: "issued".into(),
        learners: Vec::new(),
        codes: Vec::new(),
        learner_changes: None,
    }
}

fn certificate(code: u64, username: &str) -> Certificate {
    let snapshot = Snapshot {
        full_name: format!("Learner {username}"),
        letter: None,
        grade_status: GradeStatus::Final,
        ..Snapshot::for_tests()
    };
    Certificate::new(Code::from_random(code), &sample_course().id, username, snapshot)
}

fn store_with_course() -> (tempfile::TempDir, LocalStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(dir.path()).expect("open");
    let learners = [sample_enrollment("bilbo", Some(850)), sample_enrollment("frodo", Some(900))];
    store.replace_course(&sample_course(), &learners, &event()).expect("course");
    // What the certificates print with: a commit refuses a template revision that is not
    // stored (one deleted while they were issued).
    let honor = crate::domain::TemplateRevision {
        name: "honor".into(),
        revision: 1,
        source: String::new(),
        saved_at: jiff::Timestamp::UNIX_EPOCH,
        saved_by: "certdesk".into(),
    };
    store.install_built_in_template(&honor).expect("the honor template");
    (dir, store)
}

fn issue(store: &LocalStore, code: u64, username: &str) -> Certificate {
    store.commit(&sample_course().id, &issued(code, username)).expect("commit");
    certificate(code, username)
}

/// A change here means old databases no longer read: add a record version instead.
#[test]
fn frozen_bytes_of_a_seal() {
    let seal = Seal {
        format: 1,
        kid: "k".into(),
        institution: "R".into(),
        verify_base_url: "u".into(),
        salt: [1; 16],
        email_hash: [2; 32],
        signature: vec![3; 2],
        resigned: None,
    };
    let body = format!("01016b01520175{}{}020303", "01".repeat(16), "02".repeat(32));
    assert_eq!(hex(&encode(&seal)), format!("02{body}00"));
    assert_eq!(decode_bytes::<Seal>(&encode(&seal)), Ok(seal.clone()));
    // Version 1, written before seals noted their signing again, reads as never signed again.
    assert_eq!(decode_bytes::<Seal>(&unhex(&format!("01{body}"))), Ok(seal.clone()));
    let at = jiff::Timestamp::from_microsecond(1).expect("time");
    let resigned = Seal { resigned: Some(Resigning { retired_kid: "o".into(), at }), ..seal };
    assert_eq!(hex(&encode(&resigned)), format!("02{body}01016f02"));
    assert_eq!(decode_bytes::<Seal>(&encode(&resigned)), Ok(resigned));
}

#[test]
fn issuing_seals_in_the_same_commit_with_the_key_beside_the_database() {
    let (dir, store) = store_with_course();
    assert!(store.issuer_keys().expect("keys").is_empty());
    let certificate = issue(&store, 11, "bilbo");
    let keys = store.issuer_keys().expect("keys");
    assert_eq!(keys.len(), 1, "the first issue made the key");
    assert!(IssuerKeys::path_in(dir.path()).exists());
    let seals = store.credentials(&sample_course().id, &[certificate.code], "elrond").expect("seals");
    assert_eq!(seals.len(), 1);
    assert_eq!(seals[0].kid, keys[0].kid());
    let credential = seals[0].credential(&certificate);
    let compact = Compact::parse(&credential.jwt).expect("jwt");
    compact.verify(&keys[0].jwk.verifying_key().expect("key")).expect("signed by the database's key");
    let payload: Payload = serde_json::from_slice(&compact.payload).expect("payload");
    assert!(payload.is_for_email("bilbo@example.org"));
    assert_eq!(payload.issuer.name, Some(sample_course().institution));
    // Asked again, the same seal: nothing is signed twice.
    assert_eq!(store.credentials(&sample_course().id, &[certificate.code], "elrond").expect("again"), seals);
}

#[test]
fn a_key_made_on_first_use_is_logged_like_issuer_init() {
    let (_dir, store) = store_with_course();
    issue(&store, 12, "bilbo");
    issue(&store, 13, "frodo");
    let kid = store.issuer_keys().expect("keys")[0].kid().to_string();
    let logged: Vec<(String, Action, String)> = store
        .database_events()
        .expect("events")
        .into_iter()
        .map(|event| (event.who, event.action, event.summary))
        .collect();
    let summary = format!("made the issuer key {kid} on first use, to sign credentials of {}", sample_course().id);
    assert_eq!(logged, [("elrond".to_string(), Action::Issuer, summary)], "once, by who issued");
}

#[test]
fn a_certificate_issued_before_credentials_is_sealed_once_on_request() {
    let (_dir, store) = store_with_course();
    let first = issue(&store, 21, "bilbo");
    // As a database from before credentials holds it: a certificate without its seal.
    store.credentials.remove(super::keys::code(first.code)).expect("remove");
    let sealed = store.credentials(&sample_course().id, &[first.code], "elrond").expect("sealed now");
    assert_eq!(store.credentials(&sample_course().id, &[first.code], "elrond").expect("kept"), sealed);
    let unknown = store.credentials(&sample_course().id, &[Code::from_random(99)], "elrond");
    assert!(matches!(unknown, Err(StoreError::Conflict(message)) if message.contains("no certificate")));
}

#[test]
fn rotation_signs_new_certificates_with_the_new_key_and_keeps_the_old() {
    let (_dir, store) = store_with_course();
    let (init, _) = store.issuer_init("owner").expect("init");
    assert!(store.issuer_init("owner").is_err(), "a second init is refused");
    let old = issue(&store, 31, "bilbo");
    let (rotated, _) = store.issuer_rotate("ana").expect("rotate");
    assert_ne!(rotated.kid(), init.kid());
    let new = issue(&store, 32, "frodo");
    let seals = store.credentials(&sample_course().id, &[old.code, new.code], "elrond").expect("seals");
    assert_eq!((seals[0].kid.as_str(), seals[1].kid.as_str()), (init.kid(), rotated.kid()));
    let keys = store.issuer_keys().expect("keys");
    assert_eq!(keys.len(), 2);
    assert!(keys[0].retired.is_some() && keys[1].retired.is_none());
    let logged: Vec<(String, String)> =
        store.database_events().expect("events").into_iter().map(|event| (event.who, event.summary)).collect();
    let made = |who: &str, summary: String| (who.to_string(), summary);
    assert_eq!(
        logged,
        [
            made("owner", format!("made the issuer key {}", init.kid())),
            made("ana", format!("made the new issuer key {}; the old ones still verify", rotated.kid())),
        ]
    );
}

#[test]
fn a_retired_key_is_trusted_no_more_and_what_it_signed_is_signed_again() {
    let (_dir, store) = store_with_course();
    let (leaked, _) = store.issuer_init("owner").expect("init");
    let bilbo = issue(&store, 41, "bilbo");
    let frodo = issue(&store, 42, "frodo");
    let codes = [bilbo.code, frodo.code];
    let before = store.credentials(&sample_course().id, &codes, "elrond").expect("seals");
    assert_eq!(store.signed_with(&[leaked.kid().to_string()], None).expect("count"), 2);

    let (retirement, event) = store.issuer_retire(leaked.kid(), "ana").expect("retired");
    let made = retirement.made.expect("a new key signs in its place");
    assert_eq!((retirement.retired.kid(), retirement.signed), (leaked.kid(), 2));
    assert!(!retirement.retired.is_trusted());
    assert_eq!(event.who, "ana");
    let keys = store.issuer_keys().expect("keys");
    assert_eq!(
        keys.iter().map(|key| (key.kid(), key.is_trusted())).collect::<Vec<_>>(),
        [(leaked.kid(), false), (made.kid(), true)]
    );
    assert!(store.issuer_retire(leaked.kid(), "ana").is_err(), "retired once");
    // Until signed again, the seals are those the leaked key made.
    assert_eq!(store.credentials(&sample_course().id, &codes, "elrond").expect("seals"), before);

    let (resigned, logged) = store.issuer_resign("ana").expect("signed again");
    assert_eq!((resigned.count, resigned.kid.as_str()), (2, made.kid()));
    let after = store.credentials(&sample_course().id, &codes, "elrond").expect("seals");
    let new_key = made.jwk.verifying_key().expect("key");
    for ((seal, old), certificate) in after.iter().zip(&before).zip([&bilbo, &frodo]) {
        assert_eq!(seal.kid, made.kid());
        let (credential, old_credential) = (seal.credential(certificate), old.credential(certificate));
        assert_eq!(credential.json, old_credential.json, "it says the same");
        Compact::parse(&credential.jwt).expect("jwt").verify(&new_key).expect("signed with the new key");
    }
    assert_eq!(store.signed_with(&[leaked.kid().to_string()], None).expect("count"), 0);
    let summaries: Vec<String> = store.database_events().expect("events").into_iter().map(|e| e.summary).collect();
    assert_eq!(
        summaries[1..],
        [
            format!(
                "retired the issuer key {} as compromised: what it signed is trusted no more; made the new issuer key {} \
             to sign; 2 credentials were signed with it",
                leaked.kid(),
                made.kid()
            ),
            format!(
                "signed again with the issuer key {} the 2 credentials signed with the retired key {}",
                made.kid(),
                leaked.kid()
            ),
        ]
    );
    assert_eq!(logged.map(|event| event.who), Some("ana".to_string()));
    // Nothing left: nothing signed, nothing logged.
    let (again, logged) = store.issuer_resign("ana").expect("nothing to do");
    assert_eq!((again.count, logged.is_none()), (0, true));
}

/// Every retired key's credentials counted in one pass (`issuer show --all`), and only those of
/// the certificates a run hands on when it names them (export, mail, show), without sealing.
#[test]
fn what_retired_keys_signed_is_counted_of_all_or_of_the_certificates_named() {
    let (_dir, store) = store_with_course();
    let (first, _) = store.issuer_init("owner").expect("init");
    let bilbo = issue(&store, 41, "bilbo");
    let (second, _) = store.issuer_rotate("owner").expect("rotate");
    let frodo = issue(&store, 42, "frodo");
    let (both, first_only) = (vec![first.kid().to_string(), second.kid().to_string()], [first.kid().to_string()]);
    assert_eq!(store.signed_with(&both, None).expect("count"), 2, "the keys' credentials together");
    assert_eq!(store.signed_with(&first_only, None).expect("count"), 1);
    assert_eq!(store.signed_with(&[], None).expect("count"), 0);
    assert_eq!(store.signed_with(&both, Some(&[bilbo.code])).expect("count"), 1, "bilbo's only");
    assert_eq!(store.signed_with(&first_only, Some(&[frodo.code])).expect("count"), 0);
    let never_sealed = Code::from_random(43);
    assert_eq!(store.signed_with(&both, Some(&[bilbo.code, frodo.code, never_sealed])).expect("count"), 2);
    assert!(store.credentials.get(super::keys::code(never_sealed)).expect("read").is_none(), "nothing sealed");
}

#[test]
fn a_key_file_put_back_from_before_a_rotation_or_a_retirement_is_refused() {
    let (dir, store) = store_with_course();
    let (first, _) = store.issuer_init("owner").expect("init");
    let path = IssuerKeys::path_in(dir.path());
    let backup = std::fs::read(&path).expect("the key file");
    let (second, _) = store.issuer_rotate("owner").expect("rotate");
    let newest = std::fs::read(&path).expect("the key file");
    store.issuer_retire(second.kid(), "owner").expect("retire");
    let after_retirement = std::fs::read(&path).expect("the key file");
    drop(store);
    let reopened = |bytes: &[u8]| {
        std::fs::write(&path, bytes).expect("put back");
        LocalStore::open(dir.path()).expect("open")
    };

    let store = reopened(&backup);
    let refused = store.issuer_keys().expect_err("a file from before the rotation");
    let said = refused.to_string();
    assert!(said.contains("issuer-keys.json is older than the database: it lacks the key"), "{said}");
    assert!(said.contains("which the database knows"), "{said}");
    assert!(store.commit(&sample_course().id, &issued(11, "bilbo")).is_err(), "nothing is signed with it");
    drop(store);

    let store = reopened(&newest);
    let said = store.issuer_keys().expect_err("a file from before the retirement").to_string();
    let retired = format!("it does not say that the key {} was retired as compromised on", second.kid());
    assert!(said.contains(&retired), "{said}");
    drop(store);

    let store = reopened(&after_retirement);
    let keys = store.issuer_keys().expect("the newest file");
    assert_eq!(keys.len(), 3);
    assert_eq!(keys[0].kid(), first.kid());
    // Known retired whether the file is there or not.
    let on_record: Vec<String> =
        store.compromised_on_record().expect("record").into_iter().map(|(kid, _)| kid).collect();
    std::fs::remove_file(&path).expect("remove");
    assert_eq!(on_record, [second.kid().to_string()]);
    assert_eq!(store.compromised_on_record().expect("record").len(), 1);
    drop(store);

    // The file lost for good and made afresh: the keys lost with it are still listed, so what
    // they signed verifies, and the retired one as retired; the new one signs, last.
    let store = LocalStore::open(dir.path()).expect("open");
    let (made, _) = store.issuer_init("owner").expect("init");
    let keys = store.issuer_keys().expect("keys");
    let listed: Vec<(&str, bool)> = keys.iter().map(|key| (key.kid(), key.is_trusted())).collect();
    let third = keys[2].kid();
    assert_eq!(listed, [(first.kid(), true), (second.kid(), false), (third, true), (made.kid(), true)]);
    drop(store);
    let store = LocalStore::open(dir.path()).expect("open");
    assert_eq!(store.issuer_keys().expect("keys, opened again").len(), 4, "the new file lacking them is no stale one");
}

/// A commit issuing one certificate to `username`.
fn issued(code: u64, username: &str) -> Commit {
    let certificate = certificate(code, username);
    let mut ledger = Ledger::default();
    ledger.issue(certificate.clone());
    let mut commit = Commit::new(event());
    commit.ledgers.push(LedgerWrite::new(username, ledger, vec![certificate.code], &Ledger::default()));
    commit
}
