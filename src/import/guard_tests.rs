//! A re-import refused though its files are valid: most graded activities gone, or scores kept
//! above a maximum the file lowered.

use std::path::Path;

use super::*;
use crate::domain::Points;

const COURSE: &str = "id = \"rep1\"\ntitle = \"Rep\"\npass_threshold = 70\n\
                      [[activity]]\nid = \"exam\"\nmax_points = 100\n\
                      [[activity]]\nid = \"quiz\"\nmax_points = 10\n";
const ROSTER: &str = "username,full_name,email,mode\nann,Ann A,a@x.org,honor\nbob,Bob B,b@x.org,honor\n";
const AT: (&str, jiff::Timestamp) = ("tester", jiff::Timestamp::UNIX_EPOCH);

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write fixture");
}

/// A store holding the course imported once, and its folder.
fn imported(grades: &str) -> (tempfile::TempDir, Store, tempfile::TempDir) {
    let db = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&db.path().join("db")).expect("store");
    let folder = tempfile::tempdir().expect("temp dir");
    write(folder.path(), "course.toml", COURSE);
    write(folder.path(), "roster.csv", ROSTER);
    write(folder.path(), "grades.csv", grades);
    import_folder(&store, folder.path(), None, AT).expect("first import");
    (db, store, folder)
}

#[track_caller]
fn refusal(outcome: Result<ImportReport, ImportError>) -> String {
    match outcome {
        Err(ImportError::Invalid(problems)) => problems.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn score(store: &Store, username: &str, activity: usize) -> Option<Points> {
    store.enrollment("rep1", username).expect("read").expect("learner").scores[activity]
}

#[test]
fn a_lowered_maximum_under_a_score_the_file_does_not_restate_is_refused() {
    let (_db, store, folder) = imported("username,exam,quiz\nann,90,9\nbob,60,5\n");
    write(folder.path(), "course.toml", &COURSE.replace("max_points = 100", "max_points = 50"));
    write(folder.path(), "grades.csv", "username,exam,quiz\nann,45,9\n");
    assert_eq!(
        refusal(import_folder(&store, folder.path(), None, AT)),
        "found 1 problem; nothing was imported:\n  course.toml: the maximum of exam falls from 100 to 50 points, but \
         1 score that the file does not restate would stay above it and count as full marks: bob 60; give these \
         learners' exam scores in the file (an empty cell clears one), or first set or clear them, out of the old \
         maximum, with certdesk grade rep1 bob exam POINTS (or --clear), or keep the maximum at 100"
    );
    assert_eq!(score(&store, "ann", 0), Some(Points::from_hundredths(9000)), "nothing was written");

    // Bob off the roster keeps his score just the same: still refused.
    write(folder.path(), "roster.csv", "username,full_name,email,mode\nann,Ann A,a@x.org,honor\n");
    assert!(refusal(import_folder(&store, folder.path(), None, AT)).contains(": bob 60;"));

    // Restated (or cleared) in the file, the score is the file's: imported.
    write(folder.path(), "roster.csv", ROSTER);
    write(folder.path(), "grades.csv", "username,exam,quiz\nann,45,9\nbob,,5\n");
    import_folder(&store, folder.path(), None, AT).expect("bob's exam cleared by the file");
    assert_eq!(score(&store, "bob", 0), None);
}

#[test]
fn a_lowered_maximum_is_no_problem_for_scores_under_it() {
    let (_db, store, folder) = imported("username,exam,quiz\nann,90,9\nbob,40,5\n");
    write(folder.path(), "course.toml", &COURSE.replace("max_points = 100", "max_points = 50"));
    write(folder.path(), "grades.csv", "username,exam,quiz\nann,45,9\n");
    let report = import_folder(&store, folder.path(), None, AT).expect("bob's 40 fits under 50");
    assert_eq!(report.settings_changed, ["exam max points 100 -> 50"]);
    assert_eq!(score(&store, "bob", 0), Some(Points::from_hundredths(4000)));
}

#[test]
fn a_score_entered_in_certdesk_kept_above_a_lowered_maximum_is_refused() {
    let (_db, store, folder) = imported("username,exam,quiz\nann,90,9\nbob,60,5\n");
    let context = crate::ops::Context::new("tester", "2026-03-01T00:00:00Z".parse().expect("date"));
    crate::ops::set_score(&store, "rep1", "bob", "exam", Some(Points::from_hundredths(7000)), &context).expect("grade");
    write(folder.path(), "course.toml", &COURSE.replace("max_points = 100", "max_points = 50"));
    write(folder.path(), "grades.csv", "username,exam,quiz\nann,45,9\nbob,35,5\n");
    assert!(refusal(import_folder(&store, folder.path(), Some(Keep::Certdesk), AT)).contains(": bob 70;"));
    let report = import_folder(&store, folder.path(), Some(Keep::File), AT).expect("the file wins");
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(score(&store, "bob", 0), Some(Points::from_hundredths(3500)));
}

#[test]
fn a_file_without_most_graded_activities_is_refused_unless_they_are_gone() {
    let (_db, store, folder) = imported("username,exam,quiz\nann,90,9\nbob,60,\n");
    let renamed = COURSE.replace("\"exam\"", "\"final\"").replace("\"quiz\"", "\"test\"");
    write(folder.path(), "course.toml", &renamed);
    write(folder.path(), "grades.csv", "username\n");
    assert_eq!(
        refusal(import_folder(&store, folder.path(), None, AT)),
        "found 1 problem; nothing was imported:\n  course.toml: the file no longer has 2 of the course's 2 \
         activities that hold scores (exam with 2, quiz with 1), so 3 scores would be discarded, and it has 2 \
         activities new to the course (final, test); it may be another course's, or its activities' ids may have \
         changed: check it, or give --remove-activities if these activities really are gone"
    );
    assert_eq!(score(&store, "ann", 0), Some(Points::from_hundredths(9000)), "nothing was written");

    let consent = Consent { remove_activities: true, ..Consent::default() };
    let report = import_folder(&store, folder.path(), consent, AT).expect("told they are gone");
    assert_eq!((report.activities_removed, report.scores_discarded), (vec!["exam".into(), "quiz".into()], 3));
}

#[test]
fn a_file_without_a_minority_of_graded_activities_imports_as_before() {
    let (_db, store, folder) = imported("username,exam,quiz\nann,90,9\nbob,60,5\n");
    write(folder.path(), "course.toml", &COURSE.replace("\"quiz\"", "\"test\""));
    write(folder.path(), "grades.csv", "username,exam\nann,90\n");
    let report = import_folder(&store, folder.path(), None, AT).expect("one of two is no majority");
    assert_eq!((report.activities_removed, report.scores_discarded), (vec!["quiz".to_string()], 2));
}
