//! The learning platforms' exports under tests/fixtures/import, and reading what `gradebook
//! --json` says of them, for the import tests.

use std::path::Path;

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

pub fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// Each activity of `gradebook --json` as (id, max points).
pub fn activities(gradebook: &serde_json::Value) -> Vec<(&str, f64)> {
    let activities = gradebook["activities"].as_array().expect("activities").iter();
    activities.map(|a| (a["id"].as_str().expect("id"), a["max_points"].as_f64().expect("max"))).collect()
}

pub fn learner<'a>(gradebook: &'a serde_json::Value, username: &str) -> &'a serde_json::Value {
    gradebook["learners"].as_array().expect("learners").iter().find(|l| l["username"] == username).expect("learner")
}
