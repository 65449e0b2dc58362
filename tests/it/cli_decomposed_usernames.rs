//! A username with accents names its learner however it reaches certdesk: typed with the accents
//! decomposed (`e` and U+0301, as a macOS terminal may send `é`), or kept decomposed by a
//! certdesk older than composing imports.

use crate::common;

use common::TestDb;
use common::platforms::{fixture, fixture_with};

const COURSE: &str = "middle-earth-101";
const COMPOSED: &str = "jos\u{e9}";
const DECOMPOSED: &str = "jose\u{301}";

/// The sample course with its learner `jose` named `josé` (composed), an honor learner.
fn sample_with_jose_accented(db: &TestDb) -> std::path::PathBuf {
    let folder = db.sample_copy("course");
    for file in ["roster.csv", "grades.csv"] {
        let path = folder.join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        let changed =
            text.replacen("\njose,", &format!("\n{COMPOSED},"), 1).replacen(",audit,active", ",honor,active", 1);
        assert_ne!(changed, text, "{file} names jose");
        std::fs::write(&path, changed).expect("write");
    }
    db.ok(&["import", folder.to_str().expect("utf-8 path")]);
    folder
}

/// Does to the database what an older certdesk did when it imported a file that wrote
/// `username` decomposed: the learner is kept under the decomposed form.
fn kept_decomposed(db: &TestDb, course_id: &str, username: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let decomposed: String = username.nfd().collect();
    assert_ne!(decomposed, username);
    let store = certdesk::store::Store::open(&db.path()).expect("open");
    let course = store.course(course_id).expect("read").expect("the course");
    let mut enrollments = store.enrollments(course_id).expect("read");
    let learner = enrollments.iter_mut().find(|learner| learner.username == username).expect("the learner");
    learner.username = decomposed.clone();
    let context = certdesk::ops::Context::new("an older certdesk", jiff::Timestamp::now());
    let event = context.event(certdesk::domain::Action::Import, "imported".into(), Vec::new(), Vec::new());
    store.replace_course(&course, &enrollments, &event).expect("write");
    store.flush().expect("flush");
    decomposed
}

/// The usernames of the course's learners, as kept.
fn usernames(db: &TestDb, course_id: &str) -> Vec<String> {
    let gradebook = db.json(&["gradebook", course_id, "--json"]);
    let learners = gradebook["learners"].as_array().expect("learners");
    learners.iter().map(|learner| learner["username"].as_str().expect("username").to_string()).collect()
}

#[test]
fn a_username_typed_with_decomposed_accents_names_the_learner() {
    let db = TestDb::new();
    sample_with_jose_accented(&db);
    let graded = db.ok(&["grade", COURSE, DECOMPOSED, "essay", "2"]);
    assert!(graded.contains(COMPOSED), "{graded}");
    db.ok(&["allow", COURSE, DECOMPOSED]);
    db.ok(&["settings", COURSE, "--issuance", "threshold"]);
    // Issued because the allowlist holds josé as the gradebook does.
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, COMPOSED).expect("josé is certified");
    let png = db.dir.path().join("jose.png");
    db.ok(&["preview", COURSE, "--learner", DECOMPOSED, "--png", png.to_str().expect("utf-8 path")]);
    let regenerated = db.ok(&["regenerate", COURSE, DECOMPOSED]);
    assert!(regenerated.contains("up to date"), "{regenerated}");
    let deleted = db.ok(&["delete", COURSE, DECOMPOSED, "--yes"]);
    assert_eq!(deleted.trim(), format!("Deleted {code} of {COMPOSED}; it stays in the history as revoked (deleted)."));
    db.ok(&["invalidate", COURSE, DECOMPOSED, "--reason", "copied the essay", "--yes"]);
    db.ok(&["invalidate", COURSE, DECOMPOSED, "--remove"]);
    db.ok(&["allow", COURSE, DECOMPOSED, "--remove"]);

    let log = db.json(&["log", COURSE, "--json"]);
    let events = log.as_array().expect("events");
    let named =
        events.iter().filter(|event| event["learners"].as_array().is_some_and(|l| l.contains(&COMPOSED.into())));
    assert_eq!(named.count(), 7, "grade, allow, generate, delete, invalidate, lift, disallow: {log}");
    assert_eq!(usernames(&db, COURSE).iter().filter(|name| name.starts_with("jos")).count(), 1);
}

#[test]
fn a_username_an_older_certdesk_kept_decomposed_is_found_typed_either_way() {
    let db = TestDb::new();
    let folder = sample_with_jose_accented(&db);
    let kept = kept_decomposed(&db, COURSE, COMPOSED);
    for typed in [COMPOSED, DECOMPOSED] {
        db.ok(&["grade", COURSE, typed, "essay", "3"]);
    }
    db.ok(&["allow", COURSE, COMPOSED]);
    db.ok(&["settings", COURSE, "--issuance", "threshold"]);
    db.ok(&["generate", COURSE]);
    assert!(db.active_code(COURSE, &kept).is_some(), "allowed, and certified under the username kept");

    // Importing the folder again (read composed) updates the learner rather than adding josé
    // beside them: their certificate stays theirs.
    let report = db.json(&["import", folder.to_str().expect("utf-8 path"), "--keep", "certdesk", "--json"]);
    assert_eq!(
        (report["learners_added"].as_u64(), report["learners_not_on_roster"].as_u64()),
        (Some(0), Some(0)),
        "{report}"
    );
    let jose: Vec<String> = usernames(&db, COURSE).into_iter().filter(|name| name.starts_with("jos")).collect();
    assert_eq!(jose, std::slice::from_ref(&kept));
    assert!(db.active_code(COURSE, &kept).is_some());
}

#[test]
fn a_platform_export_finds_a_learner_an_older_certdesk_kept_decomposed() {
    let db = TestDb::new();
    let course = fixture("canvas/course.toml");
    let export =
        fixture_with(&db, "canvas/gradebook.csv", "composed.csv", ",2002,S2002,merry,", ",2002,S2002,m\u{e9}rry,");
    db.ok(&["import", &export, "--course", &course]);
    let kept = kept_decomposed(&db, "hobbit-studies", "m\u{e9}rry");
    let report = db.json(&["import", &export, "--course", &course, "--json"]);
    assert_eq!(
        (report["learners_added"].as_u64(), report["learners_not_on_roster"].as_u64()),
        (Some(0), Some(0)),
        "{report}"
    );
    assert!(usernames(&db, "hobbit-studies").contains(&kept));
}
