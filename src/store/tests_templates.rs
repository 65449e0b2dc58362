//! Deleting a template: only while nothing uses it, in the database's trail, and never under
//! a commit that names it.

use super::tests::{import_event, sample_course, sample_enrollment, temp_store};
use super::{Commit, LedgerWrite, LocalStore, StoreError};
use crate::domain::{Certificate, Code, CourseSettings, Ledger, Mode, Snapshot, TemplateRef, TemplateRevision};

fn save(store: &LocalStore, name: &str, revision: u32) {
    let revision = TemplateRevision {
        name: name.into(),
        revision,
        source: format!("text\n  | revision {revision}\n"),
        saved_at: jiff::Timestamp::UNIX_EPOCH,
        saved_by: "elrond".into(),
    };
    store.save_template(&revision).expect("save a revision");
}

/// A store with the sample course (learner bilbo) and the template `plain` at revisions 1 and 2.
fn store_with_plain() -> (tempfile::TempDir, LocalStore) {
    let (dir, store) = temp_store();
    store.replace_course(&sample_course(), &[sample_enrollment("bilbo", Some(900))], &import_event()).expect("import");
    save(&store, "plain", 1);
    save(&store, "plain", 2);
    (dir, store)
}

/// A commit issuing bilbo a certificate printed with `template`.
fn issue_with(template: TemplateRef) -> Commit {
    let snapshot = Snapshot { template, ..Snapshot::for_tests() };
    let mut ledger = Ledger::default();
    let code = Code::from_random(7);
    ledger.issue(Certificate::new(code, "me-101", "bilbo", snapshot));
    let mut commit = Commit::new(import_event());
    commit.ledgers.push(LedgerWrite::new("bilbo", ledger, vec![code], &Ledger::default()));
    commit
}

/// A commit making honor certificates of the course print with `name` (`None`: the
/// template named honor).
fn choose(name: Option<&str>) -> Commit {
    let mut settings = CourseSettings::default();
    settings.set_template(Mode::Honor, name.map(str::to_string));
    let mut commit = Commit::new(import_event());
    commit.settings = Some(settings);
    commit
}

#[track_caller]
fn refused(store: &LocalStore, name: &str) -> String {
    match store.delete_template(name, "elrond") {
        Err(StoreError::Conflict(message)) => message,
        other => panic!("deleting {name}: {other:?}"),
    }
}

#[test]
fn a_template_nothing_uses_is_deleted_whole_and_logged() {
    let (_dir, store) = store_with_plain();
    assert_eq!(store.delete_template("plain", "elrond").expect("delete"), 2);
    assert_eq!(store.latest_template("plain").expect("read"), None);
    let last = store.database_events().expect("events").pop().expect("an event");
    assert_eq!((last.who.as_str(), last.summary.as_str()), ("elrond", "deleted template plain (2 revisions)"));
    assert!(refused(&store, "plain").contains("there is no template 'plain'"));
}

#[test]
fn a_template_a_course_prints_with_or_a_certificate_was_printed_with_stays() {
    let (_dir, store) = store_with_plain();
    store.commit("me-101", &choose(Some("plain"))).expect("choose plain");
    let why = refused(&store, "plain");
    assert!(why.contains("me-101 (honor) prints with it"), "{why}");
    assert!(why.contains("certdesk template assign me-101 honor OTHER"), "{why}");
    // A mode without a choice prints with the template named after it.
    save(&store, "verified", 1);
    assert!(refused(&store, "verified").contains("me-101 (verified) prints with it"));

    store.commit("me-101", &issue_with(TemplateRef { name: "plain".into(), revision: 1 })).expect("issue");
    store.commit("me-101", &choose(None)).expect("back to honor");
    let why = refused(&store, "plain");
    assert!(why.contains("1 certificate was printed with its revisions (me-101: 1)"), "{why}");
    assert_eq!(store.latest_template("plain").expect("read").map(|latest| latest.revision), Some(2));
}

#[test]
fn a_commit_naming_a_template_deleted_meanwhile_writes_nothing() {
    let (_dir, store) = store_with_plain();
    // Read before the deletion, written after it.
    let issue = issue_with(TemplateRef { name: "plain".into(), revision: 2 });
    let chosen = choose(Some("plain"));
    store.delete_template("plain", "elrond").expect("delete");
    for commit in [issue, chosen] {
        match store.commit("me-101", &commit) {
            Err(StoreError::Changed(message)) => {
                assert!(message.contains("the template plain was deleted meanwhile"), "{message}")
            }
            other => panic!("committed: {other:?}"),
        }
    }
    assert_eq!(store.ledger("me-101", "bilbo").expect("read"), None);
    assert_eq!(store.settings("me-101").expect("read").template_for(Mode::Honor), None);
    // A template never saved (revision 0) is no deletion's business.
    store.commit("me-101", &issue_with(TemplateRef { name: "honor".into(), revision: 0 })).expect("issue");
}
