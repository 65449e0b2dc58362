//! A regenerate or a delete of all certificates stopped short is pointed out by the command
//! that finishes it, as `generate --dry-run` points out a stopped generate.

mod common;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

/// Writes the trail a run leaves when it is stopped after its first part: the sample course
/// is too small for three parts, so the event is written as the run writes it.
fn stopped_after_first_part(db: &TestDb, action: certdesk::domain::Action, summary: &str) {
    let store = certdesk::store::Store::open(&db.path()).expect("open");
    let context = certdesk::ops::Context::new("elrond", jiff::Timestamp::now());
    let event = context.event(action, format!("{summary} (part 1 of 3)"), Vec::new(), Vec::new());
    store.append_event(COURSE, &event).expect("append");
    store.flush().expect("flush");
}

#[test]
fn a_regenerate_dry_run_says_the_last_regenerate_stopped_short_until_the_rest_is_replaced() {
    let db = TestDb::with_sample();
    db.ok(&["settings", COURSE, "--issuance", "threshold"]);
    db.ok(&["generate", COURSE]);
    db.ok(&["grade", COURSE, "bilbo", "essay", "10"]);
    stopped_after_first_part(&db, certdesk::domain::Action::Regenerate, "replaced 1000 stale certificates");
    let dry_run = db.ok(&["regenerate", COURSE, "--stale", "--dry-run"]);
    assert!(
        dry_run.contains("The last regenerate (by elrond, ")
            && dry_run.contains("stopped after part 1 of 3; 1 certificate is still stale: they are among those above; `certdesk regenerate middle-earth-101 --stale` replaces them."),
        "{dry_run}"
    );
    let json = db.json(&["regenerate", COURSE, "--stale", "--dry-run", "--json"]);
    assert_eq!(
        (json["unfinished"]["run"].as_str(), json["unfinished"]["waiting"].as_u64()),
        (Some("regenerate"), Some(1))
    );

    db.ok(&["regenerate", COURSE, "--stale"]);
    let finished = db.ok(&["regenerate", COURSE, "--stale", "--dry-run"]);
    assert!(!finished.contains("stopped"), "a finished regenerate is not pointed out: {finished}");
}

#[test]
fn delete_all_says_the_last_delete_of_all_stopped_short() {
    let db = TestDb::with_sample();
    db.ok(&["settings", COURSE, "--issuance", "threshold"]);
    db.ok(&["generate", COURSE]);
    stopped_after_first_part(&db, certdesk::domain::Action::Delete, "deleted 1000 certificates");
    // Without a terminal the question comes back in the refusal.
    let asked = db.fails(&["delete", COURSE, "--all"], 1);
    assert!(
        asked.contains("The last delete of all (by elrond, ")
            && asked.contains("stopped after part 1 of 3; 20 certificates are still active. Delete the 20 active certificates of middle-earth-101?"),
        "{asked}"
    );
    db.ok(&["delete", COURSE, "--all", "--yes"]);
    db.ok(&["generate", COURSE]);
    let asked = db.fails(&["delete", COURSE, "--all"], 1);
    assert!(!asked.contains("stopped"), "a finished delete is not pointed out: {asked}");
}
