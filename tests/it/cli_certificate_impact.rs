//! A grade change that leaves an issued certificate stale or no longer deserved is said where
//! it happens: `grade`, the import report (text and JSON) and the audit trail.

use crate::common;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

fn active_code(db: &TestDb, username: &str) -> String {
    let rows = db.json(&["certificates", COURSE, "--json"]);
    let row = rows.as_array().expect("rows").iter().find(|row| row["username"] == username).expect("certified");
    row["code"].as_str().expect("code").to_string()
}

fn last_event(db: &TestDb, course: &str) -> serde_json::Value {
    db.json(&["log", course, "--json"]).as_array().expect("events").last().expect("an event").clone()
}

#[test]
fn grade_names_the_certificate_it_leaves_stale_and_how_to_replace_it() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = active_code(&db, "frodo");
    let said = db.ok(&["grade", COURSE, "frodo", "essay", "0"]);
    assert_eq!(
        said,
        format!(
            "frodo essay: 8/10 -> 0/10. Grade 84.0% final (reachable 84.0%).\n\
             frodo's certificate {code} is now stale (92.0% -> 84.0%, letter A -> B).\n\
             Replace the stale certificate with `certdesk regenerate {COURSE} frodo` (`r` on the terminal application's certificates tab).\n"
        )
    );
    let event = last_event(&db, COURSE);
    assert_eq!(
        event["summary"],
        format!("frodo essay: 8 -> 0; certificate {code} is now stale (92.0% -> 84.0%, letter A -> B)")
    );
    assert_eq!(event["codes"], serde_json::json!([code]));

    // Back to what the certificate says: nothing more to say about it.
    let said = db.ok(&["grade", COURSE, "frodo", "essay", "8"]);
    assert_eq!(said, "frodo essay: 0/10 -> 8/10. Grade 92.0% final (reachable 92.0%).\n");
    // A learner without a certificate gets the plain line.
    let said = db.ok(&["grade", COURSE, "boromir", "roads", "1"]);
    assert!(!said.contains("certificate"), "{said}");
}

#[test]
fn grade_says_a_certificate_is_no_longer_deserved_and_how_to_revoke_it() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = active_code(&db, "aerwyn");
    let said = db.ok(&["grade", COURSE, "aerwyn", "essay", "0"]);
    assert!(
        said.contains(&format!(
            "aerwyn's certificate {code} is now stale (80.0% -> 73.0%, letter B -> C) and no longer deserved (below threshold).\n"
        )),
        "{said}"
    );
    assert!(said.contains(&format!("`certdesk revoke {code} --reason TEXT` if you want")), "{said}");
    assert!(!said.contains("regenerate"), "regenerate leaves an undeserved certificate alone: {said}");
    // Nothing revoked it.
    assert_eq!(active_code(&db, "aerwyn"), code);
    // The list says so too, its flags whole when they go to a pipe.
    let list = db.ok(&["certificates", COURSE]);
    let row = list.lines().find(|line| line.starts_with(&code)).expect("aerwyn's row");
    assert!(row.ends_with("not eligible now: below threshold, stale: 80.0% -> 73.0%, letter B -> C"), "{list}");
}

#[test]
fn an_import_counts_and_names_the_certificates_it_leaves_undeserved() {
    let db = TestDb::with_synthetic(14, 3);
    db.ok(&["generate", "synthetic"]);
    let folder = db.dir.path().join("synthetic-course");
    common::zero_scores(&folder, 12);
    let report = db.json(&["import", folder.to_str().expect("path"), "--json"]);
    let affected = report["certificates_affected"].as_array().expect("certificates_affected");
    assert_eq!(affected.len(), 12, "{report}");
    assert_eq!(affected[0]["after"].as_f64(), Some(0.0));
    assert_eq!(affected[0]["not_eligible"], "below_threshold");
    assert!(affected[0]["stale"].as_str().expect("stale").contains("% -> 0.0%"), "{report}");

    let event = last_event(&db, "synthetic");
    let summary = event["summary"].as_str().expect("summary");
    assert!(summary.contains("certificates left stale or no longer deserved: "), "{summary}");
    assert!(summary.ends_with(" and 2 more"), "{summary}");
    assert_eq!(event["codes"].as_array().expect("codes").len(), 12);

    // The text report of the same change (made again from the original scores).
    let fresh = TestDb::with_synthetic(14, 3);
    fresh.ok(&["generate", "synthetic"]);
    let folder = fresh.dir.path().join("synthetic-course");
    common::zero_scores(&folder, 12);
    let said = fresh.ok(&["import", folder.to_str().expect("path")]);
    assert!(said.contains("\n12 certificates are stale or no longer deserved after this import:\n"), "{said}");
    assert_eq!(said.lines().filter(|line| line.contains("no longer deserved (below threshold)")).count(), 10, "{said}");
    assert!(said.contains("\n  and 2 more (certdesk certificates synthetic lists them)\n"), "{said}");
    assert!(said.contains("`certdesk revoke CODE --reason TEXT` for each if you want"), "{said}");
}

#[test]
fn an_import_that_changes_no_certified_grade_says_nothing_about_certificates() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let said = db.ok(&["import", common::sample_folder().to_str().expect("path")]);
    assert!(!said.contains("certificate"), "{said}");
    let report = db.json(&["import", common::sample_folder().to_str().expect("path"), "--json"]);
    assert_eq!(report["certificates_affected"], serde_json::json!([]));
}

/// A threshold raised above certified learners' grades leaves their certificates in force:
/// the command says how many are no longer deserved, as `grade` says it of one.
#[test]
fn a_threshold_raised_says_how_many_certificates_it_leaves_undeserved() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let raised = db.ok(&["settings", COURSE, "--threshold", "95"]);
    let undeserved = db.json(&["certificates", COURSE, "--json"]);
    let count = undeserved.as_array().expect("rows").iter().filter(|row| row["not_eligible"].is_string()).count();
    assert!(count > 1, "{undeserved}");
    let said = format!(
        "{COURSE}: {count} certificates in force not deserved now (flagged not eligible; nothing revokes them by itself)\n"
    );
    assert!(raised.ends_with(&said), "{raised}");
    // Lowered again, none is left so: nothing more is said.
    let lowered = db.ok(&["settings", COURSE, "--threshold", "80"]);
    assert_eq!(lowered, format!("{COURSE}: pass threshold 95.0% -> 80.0%\n"));
}

/// aragorn's mode changed from verified to honor (identity not verified after all): his
/// certificate printed "Verified Certificate" and stayed valid, named nowhere, and `regenerate`
/// called it up to date. It is stale now, said by the import, and regenerate replaces it with
/// one of the honor mode.
#[test]
fn a_changed_mode_makes_the_certificate_stale_and_regenerate_prints_the_new_one() {
    let db = TestDb::new();
    let folder = db.sample_copy("mode");
    db.ok(&["import", folder.to_str().expect("path")]);
    db.ok(&["generate", COURSE]);
    let code = active_code(&db, "aragorn");
    let roster = std::fs::read_to_string(folder.join("roster.csv")).expect("roster");
    let changed = roster.replace("strider@example.org,verified", "strider@example.org,honor");
    assert_ne!(changed, roster);
    std::fs::write(folder.join("roster.csv"), changed).expect("write");
    let said = db.ok(&["import", folder.to_str().expect("path")]);
    assert!(said.contains(&format!("aragorn: certificate {code} is now stale (mode verified -> honor)")), "{said}");
    let said = db.ok(&["regenerate", COURSE, "--stale"]);
    assert!(said.contains("mode verified -> honor"), "{said}");
    let rows = db.json(&["certificates", COURSE, "--json"]);
    let row = rows.as_array().expect("rows").iter().find(|row| row["username"] == "aragorn").expect("certified");
    assert_eq!(row["mode"], "honor", "{row}");
    assert_ne!(row["code"], code.as_str());
}

/// merry, below the threshold without a certificate, graded over it: `grade` said his new
/// grade and nothing of the certificate he could now be issued.
#[test]
fn a_grade_that_makes_a_learner_eligible_says_generate_issues_the_certificate() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let said = db.ok(&["grade", COURSE, "merry", "essay", "10"]);
    assert!(
        said.contains(&format!(
            "merry is eligible now and has no certificate: `certdesk generate {COURSE}` issues it."
        )),
        "{said}"
    );
    // Higher still, he was eligible before: nothing more to say.
    let said = db.ok(&["grade", COURSE, "merry", "battles", "10"]);
    assert!(!said.contains("eligible now"), "{said}");
}

/// aerwyn's score corrected below the threshold after her certificate was issued: the export
/// printed it among the others, to be handed on, and said nothing.
#[test]
fn an_export_names_the_certificates_it_printed_that_are_no_longer_deserved() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    db.ok(&["grade", COURSE, "aerwyn", "maps", "7.5"]);
    let out = db.path().with_file_name("all.pdf");
    let output = db.run(&["export", COURSE, "--out", out.to_str().expect("path")]);
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "certdesk: note: 1 certificate exported no longer deserved, valid until revoked: aerwyn (below threshold); \
             `certdesk revoke` each before handing them on"
        ),
        "{stderr}"
    );
    // An export of the honor certificates holds none of those: nothing to say.
    let honor = db.run(&["export", COURSE, "--mode", "honor", "--out", out.to_str().expect("path")]);
    assert!(!String::from_utf8_lossy(&honor.stderr).contains("no longer deserved"), "{honor:?}");
}
