//! The learning platforms' exports under tests/fixtures/import, and reading what `gradebook
//! --json` says of them, for the import tests.

use std::path::Path;

use super::TestDb;

pub fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(path).display().to_string()
}

/// `import` of the Open edX fixture with everything it needs.
pub fn edx_args(report: &str) -> Vec<String> {
    vec![
        "import".into(),
        fixture(report),
        "--course".into(),
        fixture("openedx/course.toml"),
        "--grading-policy".into(),
        fixture("openedx/grading_policy.json"),
        "--roster".into(),
        fixture("openedx/profiles.csv"),
    ]
}

/// What `import --json` of the Open edX fixture `report` (with everything it needs) says.
pub fn import_edx_json(db: &TestDb, report: &str) -> serde_json::Value {
    let mut args = edx_args(report);
    args.push("--json".into());
    db.json(&strs(&args))
}

/// The fixture `export` with its first `from` made `to`, written as `name` in the test's
/// directory: the same export with one thing changed, as a platform or a person could. Fails
/// when the fixture has no `from`, so that a test cannot pass by changing nothing.
#[track_caller]
pub fn fixture_with(db: &TestDb, export: &str, name: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(fixture(export)).expect("fixture");
    assert!(text.contains(from), "{export} has no {from:?} to change");
    let path = db.dir.path().join(name);
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    path.to_str().expect("utf-8 path").to_string()
}

/// A refused import wrote nothing: the database still has no course.
#[track_caller]
pub fn assert_nothing_imported(db: &TestDb, what: &str) {
    assert_eq!(db.ok(&["courses", "--json"]).trim(), "[]", "{what}: nothing was written");
}

pub fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// Each activity of `gradebook --json` as (id, max points).
pub fn activities(gradebook: &serde_json::Value) -> Vec<(&str, f64)> {
    let activities = gradebook["activities"].as_array().expect("activities").iter();
    activities.map(|a| (a["id"].as_str().expect("id"), a["max_points"].as_f64().expect("max"))).collect()
}

/// The text `field` of each activity of `gradebook --json`, in order: ids, titles.
pub fn activity_texts<'a>(gradebook: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    let activities = gradebook["activities"].as_array().expect("activities").iter();
    activities.map(|a| a[field].as_str().unwrap_or_else(|| panic!("an activity without {field}"))).collect()
}

/// The number `field` of each activity of `gradebook --json`, in order: maxima, weights.
pub fn activity_numbers(gradebook: &serde_json::Value, field: &str) -> Vec<f64> {
    let activities = gradebook["activities"].as_array().expect("activities").iter();
    activities.map(|a| a[field].as_f64().unwrap_or_else(|| panic!("an activity without {field}"))).collect()
}

pub fn learner<'a>(gradebook: &'a serde_json::Value, username: &str) -> &'a serde_json::Value {
    gradebook["learners"].as_array().expect("learners").iter().find(|l| l["username"] == username).expect("learner")
}
