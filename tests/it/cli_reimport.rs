//! Importing a platform's export again over a course it made, through the real binary: what
//! changed and who, conflicts with scores entered in certdesk, and the refusals that keep a
//! re-export from losing scores or splitting a learner in two.

use crate::common;

use common::TestDb;
use common::platforms::{activities, edx_args, fixture, fixture_with, learner, strs};

#[test]
fn reimport_conflicts_are_listed_and_only_keep_decides() {
    let db = TestDb::new();
    let args = edx_args("openedx/grade_report.csv");
    db.ok(&strs(&args));
    db.ok(&["grade", "circuits-101", "sam", "final-exam", "70"]);
    let stderr = db.fails(&strs(&args), 1);
    assert!(
        stderr.starts_with("certdesk: 1 score entered in certdesk since the last import would be overwritten"),
        "{stderr}"
    );
    assert!(stderr.contains("  sam final-exam: imported 60, certdesk 70, file 60"), "{stderr}");
    let percent = |db: &TestDb| {
        learner(&db.json(&["gradebook", "circuits-101", "--json"]), "sam")["scores"]["final-exam"].as_f64()
    };
    assert_eq!(percent(&db), Some(70.0), "nothing was written");
    let mut keep = args.clone();
    keep.extend(["--keep".to_string(), "certdesk".to_string()]);
    assert!(db.ok(&strs(&keep)).contains("1 conflict: kept the certdesk score."));
    assert_eq!(percent(&db), Some(70.0));
    keep.push("--json".to_string());
    let conflicts = &db.json(&strs(&keep))["conflicts"];
    assert_eq!(
        conflicts,
        &serde_json::json!([{"username": "sam", "activity": "final-exam", "imported": 60.0, "certdesk": 70.0, "file": 60.0, "activity_removed": false}]),
        "points, as the gradebook's JSON has them"
    );
    let mut take = args.clone();
    take.extend(["--keep".to_string(), "file".to_string()]);
    db.ok(&strs(&take));
    assert_eq!(percent(&db), Some(60.0));
    assert!(db.ok(&strs(&args)).contains("Scores: 0 added, 0 changed, 0 cleared."), "no conflict left");
}

#[test]
fn a_canvas_learner_whose_sis_login_is_filled_in_later_stays_one_learner() {
    let db = TestDb::new();
    let before = fixture_with(&db, "canvas/gradebook.csv", "before.csv", ",2002,S2002,merry,", ",2002,S2002,,");
    let course = fixture("canvas/course.toml");
    db.ok(&["import", &before, "--course", &course]);
    let usernames = |db: &TestDb| -> Vec<String> {
        let gradebook = db.json(&["gradebook", "hobbit-studies", "--json"]);
        let learners = gradebook["learners"].as_array().expect("learners").iter();
        learners.map(|learner| learner["username"].as_str().expect("username").to_string()).collect()
    };
    assert!(usernames(&db).contains(&"2002".to_string()), "named by the Canvas ID while the login is empty");

    let report = db.json(&["import", &fixture("canvas/gradebook.csv"), "--course", &course, "--json"]);
    assert_eq!(report["learners_added"], 0, "{report}");
    let notes = report["notes"].to_string();
    assert!(notes.contains("merry as 2002"), "{notes}");
    let after = usernames(&db);
    assert!(after.contains(&"2002".to_string()) && !after.contains(&"merry".to_string()), "{after:?}");

    // A new course learns the login from the start.
    let fresh = TestDb::new();
    fresh.ok(&["import", &fixture("canvas/gradebook.csv"), "--course", &course]);
    assert!(usernames(&fresh).contains(&"merry".to_string()));
}

#[test]
fn a_canvas_learner_whose_sis_login_is_emptied_is_not_made_a_second_learner() {
    let db = TestDb::new();
    let course = fixture("canvas/course.toml");
    db.ok(&["import", &fixture("canvas/gradebook.csv"), "--course", &course]);
    let emptied = fixture_with(&db, "canvas/gradebook.csv", "emptied.csv", ",2002,S2002,merry,", ",2002,S2002,,");
    let stderr = db.fails(&["import", &emptied, "--course", &course], 1);
    assert!(
        stderr.contains(&format!(
            "{emptied}:5: column 'SIS Login ID': Meriadoc Brandybuck has no SIS Login ID in this file, which names \
             them by their Canvas ID, 2002; the course has Meriadoc Brandybuck as 'merry', who is not in this file: \
             fill in the login on Canvas and export again (imported as it is, they would be a second learner), or \
             give --new-learners if 2002 is another person"
        )),
        "{stderr}"
    );
    let usernames = || -> Vec<String> {
        let gradebook = db.json(&["gradebook", "hobbit-studies", "--json"]);
        let learners = gradebook["learners"].as_array().expect("learners").iter();
        learners.map(|learner| learner["username"].as_str().expect("username").to_string()).collect()
    };
    assert!(!usernames().contains(&"2002".to_string()), "nothing was written: {:?}", usernames());
    db.ok(&["import", &emptied, "--course", &course, "--new-learners"]);
    assert!(usernames().contains(&"2002".to_string()), "said to be another person, 2002 is added");
}

#[test]
fn a_reimport_says_how_the_export_changed_the_course_and_logs_it() {
    let db = TestDb::new();
    let course = fixture("canvas/course.toml");
    db.ok(&["import", &fixture("canvas/gradebook.csv"), "--course", &course]);
    let changed = fixture_with(
        &db,
        "canvas/gradebook.csv",
        "changed.csv",
        ",10.00,50.00,(read only)",
        ",10.00,60.00,(read only)",
    );
    let report = db.json(&["import", &changed, "--course", &course, "--json"]);
    assert_eq!(
        report["settings_changed"],
        serde_json::json!(["project max points 50 -> 60", "weight of project 50 -> 60"]),
        "{report}"
    );
    let log = db.ok(&["log", "hobbit-studies"]);
    assert!(log.contains("imported a Canvas gradebook export: 5 learners added, 0 updated"), "{log}");
    assert!(log.contains("course definition from the file: project max points 50 -> 60"), "{log}");
    let said = db.ok(&["import", &fixture("canvas/gradebook.csv"), "--course", &course]);
    assert!(
        said.contains("Course definition from the file: project max points 60 -> 50; weight of project 60 -> 50."),
        "{said}"
    );
}

#[test]
fn a_score_entered_in_certdesk_on_an_activity_the_export_drops_is_a_conflict() {
    let db = TestDb::new();
    let course = fixture("canvas/course.toml");
    db.ok(&["import", &fixture("canvas/gradebook.csv"), "--course", &course]);
    db.ok(&["grade", "hobbit-studies", "rosie", "quiz-2", "5"]);
    let export = fixture_with(&db, "canvas/gradebook.csv", "without-quiz-2.csv", "Quiz 2 (103)", "Quiz Two (105)");
    let stderr = db.fails(&["import", &export, "--course", &course], 1);
    assert!(stderr.contains("  rosie quiz-2: imported 9, certdesk 5, file: no such activity"), "{stderr}");
    let stderr = db.fails(&["import", &export, "--course", &course, "--keep", "certdesk"], 1);
    assert!(
        stderr.starts_with("certdesk: certdesk's side cannot win for 1 score entered in certdesk on quiz-2"),
        "{stderr}"
    );
    let gradebook = db.json(&["gradebook", "hobbit-studies", "--json"]);
    assert_eq!(learner(&gradebook, "rosie")["scores"]["quiz-2"].as_f64(), Some(5.0), "nothing was written");
    let said = db.ok(&["import", &export, "--course", &course, "--keep", "file"]);
    assert!(said.contains("Activities removed: quiz-2 (4 scores discarded)."), "{said}");
    let log = db.ok(&["log", "hobbit-studies"]);
    assert!(
        log.contains(
            "activities removed: quiz-2 (4 scores discarded); 1 conflict: took the file's score (rosie quiz-2)"
        ),
        "{log}"
    );
}

#[test]
fn a_canvas_assignment_renamed_on_canvas_keeps_its_scores() {
    let db = TestDb::new();
    let course = fixture("canvas/course.toml");
    db.ok(&["import", &fixture("canvas/gradebook.csv"), "--course", &course]);
    db.ok(&["grade", "hobbit-studies", "rosie", "project", "44"]);
    let renamed = fixture_with(&db, "canvas/gradebook.csv", "renamed.csv", "Project (104)", "Final Project (104)");
    let stderr = db.fails(&["import", &renamed, "--course", &course], 1);
    assert!(stderr.contains("  rosie final-project: imported 41, certdesk 44, file 41"), "the same activity: {stderr}");
    let report = db.json(&["import", &renamed, "--course", &course, "--keep", "certdesk", "--json"]);
    assert_eq!(
        report["settings_changed"],
        serde_json::json!([
            "activity project renamed final-project",
            "title of final-project 'Project' -> 'Final Project'"
        ]),
        "{report}"
    );
    assert_eq!(report["activities_added"], serde_json::json!([]), "{report}");
    assert_eq!(report["activities_removed"], serde_json::json!([]), "{report}");
    let gradebook = db.json(&["gradebook", "hobbit-studies", "--json"]);
    assert_eq!(learner(&gradebook, "bilbo@shire.me")["scores"]["final-project"].as_f64(), Some(45.0));
    assert_eq!(learner(&gradebook, "rosie")["scores"]["final-project"].as_f64(), Some(44.0));
}

/// A Canvas export of `assignments` (headings), with a row of scores for each learner.
fn canvas_export(db: &TestDb, name: &str, assignments: &[&str], rows: &[(&str, &str, &[&str])]) -> String {
    let mut text = format!("Student,ID,SIS User ID,SIS Login ID,Section,{}\n", assignments.join(","));
    text += &format!("    Points Possible,,,,,{}\n", vec!["10.00"; assignments.len()].join(","));
    for (number, (name, login, scores)) in rows.iter().enumerate() {
        text += &format!("\"{name}\",{number},S{number},{login},A,{}\n", scores.join(","));
    }
    let path = db.dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    path.to_str().expect("utf-8 path").to_string()
}

/// A Canvas assignment is its assignment id: a new one whose title makes the id a renamed or
/// deleted one had gets none of that one's scores.
#[test]
fn a_new_canvas_assignment_taking_the_title_of_another_gets_none_of_its_scores() {
    let db = TestDb::new();
    let course = fixture("canvas/course.toml");
    let scores = |db: &TestDb, login: &str| {
        let gradebook = db.json(&["gradebook", "hobbit-studies", "--json"]);
        learner(&gradebook, login)["scores"].clone()
    };
    let first = canvas_export(
        &db,
        "first.csv",
        &["Quiz 1 (102)", "Quiz (201)", "Quiz (202)"],
        &[
            ("Cotton, Rosie", "rosie", &["8.00", "5.00", "6.00"]),
            ("Took, Peregrin", "pippin", &["9.00", "10.00", "0.00"]),
        ],
    );
    db.ok(&["import", &first, "--course", &course]);
    assert_eq!(scores(&db, "pippin"), serde_json::json!({"quiz-1": 9.0, "quiz": 10.0, "quiz-2": 0.0}));

    // Quiz 1 (102) renamed and a new Quiz 1 (105) made; Quiz (201) deleted, leaving its twin
    // (202) the only Quiz; pippin gone from the export.
    let second = canvas_export(
        &db,
        "second.csv",
        &["Quiz 1 Old (102)", "Quiz 1 (105)", "Quiz (202)"],
        &[("Cotton, Rosie", "rosie", &["8.00", "2.00", "6.00"])],
    );
    let report = db.json(&["import", &second, "--course", &course, "--json"]);
    assert_eq!(report["activities_added"], serde_json::json!(["quiz-1"]), "{report}");
    assert_eq!(report["activities_removed"], serde_json::json!(["quiz"]), "201 went: {report}");
    let changed = report["settings_changed"].to_string();
    assert!(changed.contains("activity quiz-1 renamed quiz-1-old"), "{report}");
    assert!(changed.contains("activity quiz-2 renamed quiz"), "{report}");
    assert_eq!(report["scores_changed"], 0, "nobody's score changed: {report}");
    assert_eq!(scores(&db, "rosie"), serde_json::json!({"quiz-1-old": 8.0, "quiz-1": 2.0, "quiz": 6.0}));
    // pippin, not in the file, keeps what he had on the assignments still there, and has no
    // score on the new one nor his 10 of the deleted one in its twin's place.
    assert_eq!(scores(&db, "pippin"), serde_json::json!({"quiz-1-old": 9.0, "quiz-1": null, "quiz": 0.0}));
}

/// A Moodle quiz reset (nobody has a score on it again) says nothing of what it is out of: the
/// course already knows. A new item without a score is refused, saying why.
#[test]
fn a_moodle_item_nobody_has_a_score_on_keeps_the_maximum_the_course_knows() {
    let db = TestDb::new();
    let course = fixture("moodle/course.toml");
    db.ok(&["import", &fixture("moodle/grades.csv"), "--course", &course]);
    let text = std::fs::read_to_string(fixture("moodle/grades.csv")).expect("fixture");
    let reset: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(index, line)| {
            let mut cells: Vec<&str> = line.split(',').collect();
            if index > 0 {
                (cells[9], cells[10]) = ("-", "-");
            }
            cells.join(",")
        })
        .collect();
    let export = db.dir.path().join("reset.csv");
    std::fs::write(&export, reset.join("\n") + "\n").expect("write");
    let export = export.to_str().expect("utf-8");
    let report = db.json(&["import", export, "--course", &course, "--json"]);
    assert_eq!(report["scores_cleared"], 3, "{report}");
    let gradebook = db.json(&["gradebook", "analytical-engines", "--json"]);
    let activities = gradebook["activities"].to_string();
    assert!(activities.contains("\"max_points\":10.0"), "still out of 10: {activities}");

    let fresh = TestDb::new();
    let stderr = fresh.fails(&["import", export, "--course", &course], 1);
    assert!(stderr.contains("the export does not say what 'Quiz: Week 1' is out of"), "{stderr}");
    assert!(stderr.contains("a Real and Percentage pair tells it once a row has a score other than 0"), "{stderr}");
}

#[test]
fn ordinary_re_exports_never_make_one_person_two_learners() {
    let db = TestDb::new();
    let course = fixture("canvas/course.toml");
    db.ok(&["import", &fixture("canvas/gradebook.csv"), "--course", &course]);
    let recased = fixture_with(&db, "canvas/gradebook.csv", "recased.csv", ",2002,S2002,merry,", ",2002,S2002,Merry,");
    let report = db.json(&["import", &recased, "--course", &course, "--json"]);
    assert_eq!(report["learners_added"], 0, "Canvas logins ignore case: {report}");
    assert!(report["notes"].to_string().contains("Merry as merry"), "{report}");

    // A Moodle export without the Email address column names its learners by ID number.
    let course = fixture("moodle/course.toml");
    db.ok(&["import", &fixture("moodle/grades.csv"), "--course", &course]);
    let export = fixture("moodle/grades_without_email.csv");
    let export = export.as_str();
    let stderr = db.fails(&["import", export, "--course", &course], 1);
    assert!(
        stderr.contains(
            "the file seems to name its learners differently from the course: 4 of the course's 4 learners are not in it"
        ),
        "{stderr}"
    );
    let learners =
        |db: &TestDb| db.json(&["gradebook", "analytical-engines", "--json"])["learners"].as_array().map(Vec::len);
    assert_eq!(learners(&db), Some(4), "nothing was written");
    db.ok(&["import", export, "--course", &course, "--new-learners"]);
    assert_eq!(learners(&db), Some(8), "said to be new, they are");
}

#[test]
fn an_export_without_most_of_the_course_s_graded_activities_is_refused_unless_they_are_gone() {
    let db = TestDb::new();
    db.ok(&strs(&edx_args("openedx/grade_report.csv")));
    let older = edx_args("openedx/older_grade_report.csv");
    let stderr = db.fails(&strs(&older), 1);
    assert!(
        stderr.contains(
            "older_grade_report.csv: the file no longer has 5 of the course's 5 activities that hold scores \
             (homework-01 with 7, homework-02 with 6, homework-03 with 6, lab with 6, final-exam with 7), so 32 scores \
             would be discarded"
        ),
        "{stderr}"
    );
    // An export's activities may come from the course file given with it: that is checked too.
    assert!(
        stderr.contains(
            "it may be laid out differently, or be another course's file: check it (and --course), or give \
             --remove-activities if these activities really are gone"
        ),
        "{stderr}"
    );
    let ids = |db: &TestDb| {
        let gradebook = db.json(&["gradebook", "circuits-101", "--json"]);
        activities(&gradebook).iter().map(|(id, _)| id.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&db), ["homework-01", "homework-02", "homework-03", "lab", "final-exam"], "nothing was written");
    let mut told = older.clone();
    told.push("--remove-activities".into());
    let said = db.ok(&strs(&told));
    assert!(said.contains("32 scores discarded"), "{said}");
    assert_eq!(ids(&db), ["hw-01", "hw-02", "hw-03", "lab-01", "lab-02", "final"]);
}

#[test]
fn a_lower_points_possible_under_a_kept_score_is_refused() {
    let db = TestDb::new();
    let course = fixture("canvas/course.toml");
    db.ok(&["import", &fixture("canvas/gradebook.csv"), "--course", &course]);
    // Project's Points Possible falls from 50 to 40; merry (52) and rosie (41) are not in the file.
    let lowered: String = std::fs::read_to_string(fixture("canvas/gradebook.csv"))
        .expect("fixture")
        .lines()
        .filter(|line| !line.contains(",S2002,") && !line.contains(",S2003,"))
        .map(|line| line.replacen(",10.00,10.00,50.00,", ",10.00,10.00,40.00,", 1) + "\n")
        .collect();
    let export = db.dir.path().join("lowered.csv");
    std::fs::write(&export, lowered).expect("write");
    let stderr = db.fails(&["import", export.to_str().expect("path"), "--course", &course], 1);
    assert!(
        stderr.contains(
            "lowered.csv: the maximum of project falls from 50 to 40 points, but 2 scores that the file does not \
             restate would stay above it and count as full marks: merry 52, rosie 41;"
        ),
        "{stderr}"
    );
    let gradebook = db.json(&["gradebook", "hobbit-studies", "--json"]);
    assert!(activities(&gradebook).contains(&("project", 50.0)), "nothing was written");
}

#[test]
fn the_log_names_who_a_reimport_added_updated_left_off_the_roster_and_regraded() {
    let db = TestDb::new();
    let folder = db.sample_copy("middle-earth");
    let folder_arg = folder.to_str().expect("utf-8 path");
    db.ok(&["import", folder_arg]);
    // Later: goldberry enrolled, bilbo renamed, gimli gone from the files, frodo's essay regraded.
    let edit = |file: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(folder.join(file)).expect("read");
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(folder.join(file), text.replacen(from, to, 1)).expect("write");
    };
    edit("roster.csv", "bilbo,Bilbo Baggins,", "bilbo,Bilbo Underhill,");
    edit("roster.csv", "gimli,\"Gimli, son of Glóin\",gimli@erebor.example,verified,active\n", "");
    edit("grades.csv", "gimli,8.5,8.5,9.5,8.5,9.5,8.5,8,7,8,7\n", "");
    edit("roster.csv", "frodo,", "goldberry,Goldberry,goldberry@withywindle.example,honor,active\nfrodo,");
    edit("grades.csv", "frodo,9.5,9.5,9.5,9.5,10,9,9,9,9,8\n", "frodo,9.5,9.5,9.5,9.5,10,9,9,9,9,9\n");
    db.ok(&["import", folder_arg]);

    let log = db.ok(&["log", "middle-earth-101"]);
    let lines: Vec<&str> = log.lines().map(str::trim).collect();
    for named in ["added: goldberry", "updated: bilbo", "not on the roster: gimli", "scores changed: frodo"] {
        assert!(lines.contains(&named), "{named:?} in\n{log}");
    }
    let events = db.json(&["log", "middle-earth-101", "--json"]);
    let last = events.as_array().and_then(|events| events.last()).expect("the re-import's event");
    let named = |usernames: &[&str]| serde_json::json!({"usernames": usernames, "more": 0});
    assert_eq!(
        last["learner_changes"],
        serde_json::json!({
            "added": named(&["goldberry"]),
            "updated": named(&["bilbo"]),
            "not_on_roster": named(&["gimli"]),
            "scores_changed": named(&["frodo"]),
        }),
        "{last}"
    );
}

#[test]
fn a_username_written_with_decomposed_accents_is_the_same_learner() {
    let db = TestDb::new();
    let folder = db.sample_copy("course");
    // `josé` composed (é as one character), then as macOS writes file contents: `e` and U+0301.
    for (username, said) in [("jos\u{e9}", "Imported the new course"), ("jose\u{301}", "Updated")] {
        for file in ["roster.csv", "grades.csv"] {
            let path = folder.join(file);
            let text = std::fs::read_to_string(&path).expect("read");
            let rows: Vec<String> = text
                .lines()
                .map(|line| match line.split_once(',') {
                    Some((first, rest)) if first.starts_with("jos") => format!("{username},{rest}"),
                    _ => line.to_string(),
                })
                .collect();
            assert!(rows.iter().any(|row| row.starts_with(username)), "{file} names jose");
            std::fs::write(&path, rows.join("\n") + "\n").expect("write");
        }
        let report = db.ok(&["import", folder.to_str().expect("utf-8 path")]);
        assert!(report.starts_with(said), "{report}");
        assert!(!report.contains("added, 1 updated") && !report.contains("Not on the roster"), "{report}");
    }
    let gradebook = db.json(&["gradebook", "middle-earth-101", "--json"]);
    assert_eq!(learner(&gradebook, "jos\u{e9}")["username"], "jos\u{e9}", "kept composed");

    // A platform's export too.
    let course = fixture("canvas/course.toml");
    let composed =
        fixture_with(&db, "canvas/gradebook.csv", "composed.csv", ",2002,S2002,merry,", ",2002,S2002,m\u{e9}rry,");
    db.ok(&["import", &composed, "--course", &course]);
    let decomposed =
        fixture_with(&db, "canvas/gradebook.csv", "decomposed.csv", ",2002,S2002,merry,", ",2002,S2002,me\u{301}rry,");
    let report = db.json(&["import", &decomposed, "--course", &course, "--json"]);
    assert_eq!((report["learners_added"].as_u64(), report["created"].as_bool()), (Some(0), Some(false)), "{report}");
}

/// A roster without its `status` column makes everyone active: a withdrawn learner made so
/// again is named on a line of its own, with how to keep them withdrawn, where the report said
/// only `Updated: boromir` and the next generate certified him.
#[test]
fn a_withdrawn_learner_made_active_again_is_named() {
    let db = TestDb::with_sample();
    let folder = db.dir.path().join("without-status");
    std::fs::create_dir(&folder).unwrap();
    for file in ["course.toml", "grades.csv"] {
        std::fs::copy(common::sample_folder().join(file), folder.join(file)).unwrap();
    }
    let roster = std::fs::read_to_string(common::sample_folder().join("roster.csv")).unwrap();
    let without: String = roster.lines().map(|line| format!("{}\n", &line[..line.rfind(',').unwrap()])).collect();
    std::fs::write(folder.join("roster.csv"), without).unwrap();
    let said = db.ok(&["import", folder.to_str().unwrap(), "--dry-run"]);
    assert!(
        said.contains("Active again, withdrawn before: boromir (as a roster says active, or has no status column"),
        "{said}"
    );
    let json = db.json(&["import", folder.to_str().unwrap(), "--json"]);
    assert_eq!(json["usernames_active_again"], serde_json::json!(["boromir"]), "{json}");
}
