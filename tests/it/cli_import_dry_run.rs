//! `import --dry-run`: every check of a real import, the same report in the conditional, and
//! nothing written (no course, no score, no event).

use crate::common;

use common::TestDb;
use common::platforms::{edx_args, strs};

const LAST_LINE: &str = "Nothing was written (--dry-run): import again without it to make these changes.";

#[test]
fn a_dry_run_of_a_new_course_reports_it_and_leaves_the_database_empty() {
    let db = TestDb::new();
    let folder = common::sample_folder();
    let folder = folder.to_str().expect("utf-8 path");
    // Into a database that does not exist yet: it is not made (the dry run made it).
    let _ = std::fs::remove_dir_all(db.path());
    let said = db.ok(&["import", folder, "--dry-run"]);
    assert!(said.starts_with("Would import the new course middle-earth-101: "), "{said}");
    assert_eq!(said.lines().last(), Some(LAST_LINE), "{said}");
    assert!(!db.path().exists(), "no database was made");
    let said = db.ok(&["import", folder, "--dry-run"]);
    assert!(said.starts_with("Would import the new course middle-earth-101: "), "{said}");
    assert_eq!(db.ok(&["courses", "--json"]).trim(), "[]", "nothing was written");

    // A platform's export too, and the JSON says it was a dry run.
    let mut args = edx_args("openedx/grade_report.csv");
    args.extend(["--dry-run".to_string(), "--json".to_string()]);
    let report = db.json(&strs(&args));
    assert_eq!((report["dry_run"].as_bool(), report["created"].as_bool()), (Some(true), Some(true)), "{report}");
    assert_eq!(db.ok(&["courses", "--json"]).trim(), "[]", "nothing was written");

    // The real import then does what the dry run said.
    let said = db.ok(&["import", folder]);
    assert!(said.starts_with("Imported the new course middle-earth-101: "), "{said}");
    assert!(!said.contains("--dry-run"), "{said}");
}

#[test]
fn a_dry_run_names_the_certificates_that_would_go_stale_and_changes_none() {
    let db = TestDb::with_synthetic(6, 3);
    db.ok(&["generate", "synthetic"]);
    let folder = db.dir.path().join("synthetic-course");
    common::zero_scores(&folder, 2);
    let folder = folder.to_str().expect("utf-8 path");
    let gradebook = db.ok(&["gradebook", "synthetic", "--json"]);
    let log = db.ok(&["log", "synthetic", "--json"]);
    let certificates = db.ok(&["certificates", "synthetic"]);

    let said = db.ok(&["import", folder, "--dry-run"]);
    assert!(
        said.starts_with(
            "Would update synthetic: 0 learners added, 0 updated, 6 unchanged.\nScores: 0 added, 6 changed,"
        ),
        "{said}"
    );
    assert!(said.contains("\n2 certificates would be stale or no longer deserved after this import:\n"), "{said}");
    let would = said.lines().filter(|line| line.contains(" would be stale (") && line.contains("% -> 0.0%")).count();
    assert_eq!(would, 2, "{said}");
    assert!(!said.contains("revoke"), "what to do about them is for after the import: {said}");
    assert_eq!(said.lines().last(), Some(LAST_LINE), "{said}");

    assert_eq!(db.ok(&["gradebook", "synthetic", "--json"]), gradebook, "no score changed");
    assert_eq!(db.ok(&["log", "synthetic", "--json"]), log, "no event was recorded");
    assert_eq!(db.ok(&["certificates", "synthetic"]), certificates, "no certificate went stale");

    // The real import does what the dry run said it would.
    let said = db.ok(&["import", folder]);
    assert!(said.contains("\n2 certificates are stale or no longer deserved after this import:\n"), "{said}");
    assert_ne!(db.ok(&["gradebook", "synthetic", "--json"]), gradebook);
}

#[test]
fn a_dry_run_is_refused_where_the_import_would_be() {
    let db = TestDb::new();
    let args = edx_args("openedx/grade_report.csv");
    db.ok(&strs(&args));
    db.ok(&["grade", "circuits-101", "sam", "final-exam", "70"]);
    let mut dry = args.clone();
    dry.push("--dry-run".to_string());
    let stderr = db.fails(&strs(&dry), 1);
    assert!(stderr.contains("  sam final-exam: imported 60, certdesk 70, file 60"), "{stderr}");
    // Saying which side wins lets the dry run through, still writing nothing.
    dry.extend(["--keep".to_string(), "file".to_string()]);
    let said = db.ok(&strs(&dry));
    assert!(said.contains("1 conflict: would take the file's score."), "{said}");
    let gradebook = db.json(&["gradebook", "circuits-101", "--json"]);
    let sam = common::platforms::learner(&gradebook, "sam");
    assert_eq!(sam["scores"]["final-exam"].as_f64(), Some(70.0), "the certdesk score stays");
    // A dry run is not a draft.
    let mut both = dry.clone();
    both.extend(["--draft".to_string(), db.dir.path().join("draft.toml").to_str().expect("path").to_string()]);
    let stderr = db.fails(&strs(&both), 2);
    assert!(stderr.contains("--draft"), "{stderr}");
}
