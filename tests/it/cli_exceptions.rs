//! Barring and allowing learners through the real binary: what a reason may be, a command
//! run twice, and what the allowlist cannot change.

use crate::common;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

/// A reason with a line break in it made `verify` print a line of its own under `REVOKED`:
/// `CODE: VALID`. A reason is one line, as a name is.
#[test]
fn a_reason_is_one_line_of_text() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "zoe").expect("zoe");
    let forged = format!("wrong name\n{code}: VALID");
    let refused = db.fails(&["revoke", &code, "--reason", &forged], 2);
    assert!(refused.contains("the reason contains a line break; a reason is one line"), "{refused}");
    let refused = db.fails(&["revoke", &code, "--reason", "red \u{1b}[32mgreen"], 2);
    assert!(refused.contains("the reason contains the control character U+001B"), "{refused}");
    let refused = db.fails(&["invalidate", COURSE, "zoe", "--reason", "x\u{202e}y", "--yes"], 2);
    assert!(refused.contains("the reason contains the bidi control U+202E"), "{refused}");
    assert_eq!(db.verify_json(&code)["verdict"], "valid", "nothing changed");
    db.ok(&["revoke", &code, "--reason", "wrong name: Zoë, not Zoe"]);
    assert_eq!(db.verify_json(&code)["status"]["reason"], "wrong name: Zoë, not Zoe");
}

/// Run twice, `invalidate` logged the invalidation twice; now the second run changes nothing
/// and says so, as `allow` and `grade` do. Another reason is kept, and logged.
#[test]
fn invalidating_twice_for_one_reason_changes_nothing() {
    let db = TestDb::with_sample();
    db.ok(&["invalidate", COURSE, "pippin", "--reason", "copied the essay"]);
    let again = db.ok(&["invalidate", COURSE, "pippin", "--reason", "copied the essay"]);
    assert!(
        again.contains(
            "pippin is already barred from certification in middle-earth-101 for this reason; nothing changed."
        ),
        "{again}"
    );
    let other = db.ok(&["invalidate", COURSE, "pippin", "--reason", "copied the essay and the quiz"]);
    assert!(other.contains("pippin cannot be certified in middle-earth-101: copied the essay and the quiz"), "{other}");
    let log = db.json(&["log", COURSE, "--json"]);
    let summaries: Vec<&str> =
        log.as_array().expect("events").iter().filter_map(|event| event["summary"].as_str()).collect();
    assert_eq!(
        summaries.iter().filter(|summary| summary.starts_with("invalidated pippin")).count(),
        2,
        "{summaries:?}"
    );
}

/// `allow` claimed "eligible whatever the grade" for a learner it cannot help.
#[test]
fn allowing_a_learner_barred_withdrawn_or_in_audit_says_it_changes_nothing_now() {
    let db = TestDb::with_sample();
    db.ok(&["invalidate", COURSE, "pippin", "--reason", "copied the essay"]);
    let barred = db.ok(&["allow", COURSE, "pippin"]);
    assert!(
        barred.contains("It changes nothing now: pippin is barred from certification (copied the essay); `certdesk invalidate middle-earth-101 pippin --remove` lifts that."),
        "{barred}"
    );
    let withdrawn = db.ok(&["allow", COURSE, "boromir"]);
    assert!(withdrawn.contains("It changes nothing now: boromir is withdrawn"), "{withdrawn}");
    let audit = db.ok(&["allow", COURSE, "jose"]);
    assert!(audit.contains("It changes nothing now: jose is in audit mode"), "{audit}");
    let helped = db.ok(&["allow", COURSE, "merry"]);
    assert!(!helped.contains("changes nothing"), "{helped}");
}
