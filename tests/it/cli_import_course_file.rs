//! What an export does not tell and the course file (or its draft) gives, through the real
//! binary: the missing values named with where to give them, the draft, and the weights and
//! maxima the course file sets over the export's.

use crate::common;

use std::path::PathBuf;

use common::TestDb;
use common::platforms::{
    activities, activity_numbers, activity_texts, edx_args, fixture, import_edx_json, learner, strs,
};

#[test]
fn what_an_export_lacks_is_named_with_where_to_give_it() {
    let db = TestDb::new();
    let stderr = db.fails(&["import", &fixture("openedx/grade_report.csv")], 1);
    for part in [
        "does not say how its assignment types weigh: give --grading-policy FILE",
        "does not name the course id: give --course FILE",
        "does not name the pass threshold",
        "8 learners have no full name (bilbo on line 2, frodo on line 3, sam on line 4 and 5 more)",
    ] {
        assert!(stderr.contains(part), "missing {part:?} in {stderr}");
    }
    let stderr = db.fails(
        &["import", &fixture("moodle/grades.csv"), "--grading-policy", &fixture("openedx/grading_policy.json")],
        1,
    );
    assert!(stderr.contains("a grading policy is Open edX's, but"), "{stderr}");
}

#[test]
fn the_draft_holds_what_the_export_tells_and_refuses_to_import_until_filled_in() {
    let db = TestDb::new();
    let draft: PathBuf = db.dir.path().join("course.toml");
    let draft_arg = draft.to_str().expect("path");
    let report = fixture("openedx/grade_report.csv");
    let policy = fixture("openedx/grading_policy.json");
    let roster = fixture("openedx/profiles.csv");
    let said = db.ok(&["import", &report, "--grading-policy", &policy, "--roster", &roster, "--draft", draft_arg]);
    assert!(said.contains("(1 value to fill in)"), "{said}");
    // The command it names keeps the policy and roster given, without which it would be refused.
    let then =
        format!("; then: certdesk import {report} --course {draft_arg} --grading-policy {policy} --roster {roster}\n");
    assert!(said.ends_with(&then), "{said}");
    // Without the roster, the command names it as the draft's comments do: run as said with
    // only the policy, it was refused for want of names.
    let second = db.dir.path().join("second.toml");
    let second_arg = second.to_str().expect("path");
    let said = db.ok(&["import", &report, "--grading-policy", &policy, "--draft", second_arg]);
    let then = format!(
        "; then: certdesk import {report} --course {second_arg} --grading-policy {policy} --roster PROFILES.csv\n"
    );
    assert!(said.ends_with(&then), "{said}");
    // A draft imports nothing, so it has no report to print as JSON, nor a side to keep.
    for flag in [&["--json"][..], &["--keep", "file"], &["--new-learners"]] {
        let mut args = vec!["import", &report, "--draft", draft_arg];
        args.extend(flag);
        assert!(db.fails(&args, 2).contains("cannot be used with"), "{flag:?}");
    }
    let text = std::fs::read_to_string(&draft).expect("draft");
    for part in
        ["grading = \"openedx\"", "pass_threshold = 60.0", "drop_lowest = 1", "min_count = 2", "id = \"homework-02\""]
    {
        assert!(text.contains(part), "{part} in\n{text}");
    }
    // Its comments name the command's flags and the files given (the TUI's draft names the
    // dialog's fields).
    let how = format!(
        "then import with\n#   certdesk import {report} --course THIS-FILE --grading-policy {policy} --roster {roster}\n"
    );
    assert!(text.contains(&how) && text.contains("names from --roster.\n"), "{text}");
    // Without a grading policy the draft asks for the weights itself, and neither it nor the
    // command asks for a policy; the roster the report lacks is asked for by its usual name.
    let third = db.dir.path().join("third.toml");
    let third_arg = third.to_str().expect("path");
    let said = db.ok(&["import", &report, "--draft", third_arg]);
    assert!(
        said.ends_with(&format!("; then: certdesk import {report} --course {third_arg} --roster PROFILES.csv\n")),
        "{said}"
    );
    let text_alone = std::fs::read_to_string(&third).expect("draft");
    let how = format!("then import with\n#   certdesk import {report} --course THIS-FILE --roster PROFILES.csv\n");
    assert!(text_alone.contains(&how) && text_alone.contains("weight = \"FILL IN\""), "{text_alone}");
    assert!(
        db.fails(&["import", &report, "--grading-policy", &policy, "--draft", draft_arg], 1).contains("already exists")
    );
    // A path the draft cannot go to is said once, in words.
    let nowhere = db.dir.path().join("no-such-dir").join("course.toml");
    let refused = db.fails(&["import", &report, "--draft", nowhere.to_str().expect("path")], 1);
    let missing = format!("there is no directory {}", db.dir.path().join("no-such-dir").display());
    assert!(refused.contains(&missing) && !refused.contains("os error"), "{refused}");
    let folder = db.dir.path().to_str().expect("path");
    let refused = db.fails(&["import", &report, "--draft", folder], 1);
    assert!(refused.contains("is a directory: name the file to write the draft in"), "{refused}");
    let refused =
        db.fails(&["import", &report, "--course", draft_arg, "--grading-policy", &policy, "--roster", &roster], 1);
    assert!(refused.contains("key 'title': still \"FILL IN\""), "{refused}");
    std::fs::write(&draft, text.replace("title = \"FILL IN\"", "title = \"Circuits\"")).expect("fill in");
    let imported = db.json(&[
        "import",
        &report,
        "--course",
        draft_arg,
        "--grading-policy",
        &policy,
        "--roster",
        &roster,
        "--json",
    ]);
    assert_eq!(imported["agreement"]["agree"].as_u64(), Some(7), "the draft grades as the platform does");
}

#[test]
fn canvas_groups_are_weighted_only_when_the_course_file_gives_the_weights() {
    let db = TestDb::new();
    let course = db.dir.path().join("weighted.toml");
    let groups = "id = \"hobbit-studies\"\ntitle = \"Hobbit Studies\"\npass_threshold = 70\nmode = \"honor\"\n\
                  [[category]]\nid = \"assignments\"\nweight = 60\n[[category]]\nid = \"quizzes\"\nweight = 40\n";
    let activity = |id: &str, category: &str, max: u32| {
        format!("[[activity]]\nid = \"{id}\"\ncategory = \"{category}\"\nmax_points = {max}\nweight = {max}\n")
    };
    std::fs::write(&course, format!("{groups}{}", activity("essay-1", "assignments", 20))).expect("course");
    let export = fixture("canvas/gradebook.csv");
    let stderr = db.fails(&["import", &export, "--course", course.to_str().expect("path")], 1);
    assert!(
        stderr.contains("column 'Quiz 1 (102)': a Canvas export does not say which assignment group 'Quiz 1' is in"),
        "{stderr}"
    );
    let all = [
        ("essay-1", "assignments", 20),
        ("quiz-1", "quizzes", 10),
        ("quiz-2", "quizzes", 10),
        ("project", "assignments", 50),
    ];
    let activities: String = all.iter().map(|(id, category, max)| activity(id, category, *max)).collect();
    std::fs::write(&course, format!("{groups}{activities}")).expect("course");
    let said = db.ok(&["import", &export, "--course", course.to_str().expect("path")]);
    assert!(
        said.contains(
            "Note: Assignment groups in the export: Assignments, Quizzes. They are weighted as the course file's \
             categories say."
        ) && !said.contains("Without group weights"),
        "{said}"
    );
    // Assignments (18 + 45) / 70 = 90%, quizzes (9 + 8) / 20 = 85%: 0.6 * 90 + 0.4 * 85.
    let gradebook = db.json(&["gradebook", "hobbit-studies", "--json"]);
    assert_eq!(learner(&gradebook, "bilbo@shire.me")["percent"].as_f64(), Some(88.0));
    // What the refusal asked for, its category, is enough: the export's Points Possible row
    // says what each is out of, and each weighs its points within its group, as on Canvas.
    let categories_only: String = all
        .iter()
        .map(|(id, category, _)| format!("[[activity]]\nid = \"{id}\"\ncategory = \"{category}\"\n"))
        .collect();
    let again = TestDb::new();
    std::fs::write(&course, format!("{groups}{categories_only}")).expect("course");
    again.ok(&["import", &export, "--course", course.to_str().expect("path")]);
    let gradebook = again.json(&["gradebook", "hobbit-studies", "--json"]);
    assert_eq!(activity_numbers(&gradebook, "max_points"), [20.0, 10.0, 10.0, 50.0], "{gradebook}");
    assert_eq!(learner(&gradebook, "bilbo@shire.me")["percent"].as_f64(), Some(88.0));
    // Without weights for its groups, the grade is total points, and the note says so.
    let unweighted = TestDb::new().ok(&["import", &export, "--course", &fixture("canvas/course.toml")]);
    assert!(unweighted.contains("Without group weights in the course file, the grade is total points"), "{unweighted}");
}

/// `[[category]]` entries for Open edX's three assignment types, weighing `weights`.
fn edx_categories(weights: [f64; 3]) -> String {
    let ids = ["homework", "lab", "final-exam"];
    ids.iter().zip(weights).map(|(id, weight)| format!("[[category]]\nid = \"{id}\"\nweight = {weight}\n")).collect()
}

#[test]
fn open_edx_weights_written_as_percentages_are_refused_not_read_as_everyone_at_100_percent() {
    let db = TestDb::new();
    let course = db.dir.path().join("course.toml");
    let given = std::fs::read_to_string(fixture("openedx/course.toml")).expect("course");
    let mut args = edx_args("openedx/grade_report.csv");
    args[3] = course.display().to_string();
    std::fs::write(&course, format!("{given}\n{}", edx_categories([50.0, 20.0, 30.0]))).expect("write");
    let refused = db.fails(&strs(&args), 1);
    assert!(
        refused.contains("the category weights (homework 50, lab 20, final-exam 30) add up to 100")
            && refused.contains("write them as fractions that add up to 1, or set grading = \"certdesk\""),
        "{refused}"
    );
    assert!(!db.run(&["gradebook", "circuits-101"]).status.success(), "nothing imported");
    // The same weights by certdesk's rule, which divides by their sum: bilbo is not at 100%.
    std::fs::write(&course, format!("grading = \"certdesk\"\n{given}\n{}", edx_categories([50.0, 20.0, 30.0])))
        .expect("write");
    db.ok(&strs(&args));
    let gradebook = db.json(&["gradebook", "circuits-101", "--json"]);
    let bilbo = learner(&gradebook, "bilbo")["percent"].as_f64().expect("percent");
    assert!(bilbo > 60.0 && bilbo < 100.0, "{bilbo}");
}

#[test]
fn open_edx_scores_are_rescaled_to_the_max_points_the_course_file_gives() {
    let db = TestDb::new();
    let course = db.dir.path().join("course.toml");
    let categories = edx_categories([0.5, 0.2, 0.3]);
    let lab =
        format!("\n{categories}[[activity]]\nid = \"lab\"\ntitle = \"Lab\"\ncategory = \"lab\"\nmax_points = 50\n");
    let given = std::fs::read_to_string(fixture("openedx/course.toml")).expect("course");
    std::fs::write(&course, format!("{given}{lab}")).expect("write");
    let mut args = edx_args("openedx/grade_report.csv");
    args[3] = course.display().to_string();
    let said = db.ok(&strs(&args));
    assert!(
        said.contains(&format!(
            "Note: Scores rescaled to the max_points {0} gives, keeping the percent Open edX gave: lab (out of 100 in \
             the export, 50 in {0}).",
            course.display()
        )),
        "{said}"
    );
    // bilbo's Lab is 0.8 in the report: 80 of 100 before, 40 of 50 now.
    let gradebook = db.json(&["gradebook", "circuits-101", "--json"]);
    assert!(activities(&gradebook).contains(&("lab", 50.0)), "{gradebook}");
    assert_eq!(learner(&gradebook, "bilbo")["scores"]["lab"].as_f64(), Some(40.0));
}

#[test]
fn an_activity_given_only_its_maximum_keeps_its_place_and_weight_in_the_export() {
    let db = TestDb::new();
    // Moodle exported the quiz as Real alone, so the export cannot say what it is out of.
    let export = db.dir.path().join("grades.csv");
    std::fs::write(
        &export,
        "First name,Last name,ID number,Institution,Department,Email address,Assignment: Essay 1 (Real),\
         Assignment: Essay 1 (Percentage),Quiz: Week 1 (Real),Course total (Real),Course total (Percentage)\n\
         Ada,Lovelace,S001,U,Maths,ada@example.org,15.00,75.00 %,7.00,22.00,73.33 %\n\
         Alan,Turing,S002,U,Maths,alan@example.org,20.00,100.00 %,-,20.00,66.67 %\n",
    )
    .expect("export");
    let course = db.dir.path().join("course.toml");
    let given = std::fs::read_to_string(fixture("moodle/course.toml")).expect("course");
    std::fs::write(&course, &given).expect("course");
    let args = ["import", export.to_str().expect("path"), "--course", course.to_str().expect("path"), "--json"];
    let refused = db.fails(&args, 1);
    assert!(refused.contains("add [[activity]] id = \"week-1\" with max_points to"), "{refused}");
    // Doing just what the refusal says: the quiz stays in its module's category, weighs its
    // points as Moodle's Natural aggregation does, and keeps its title.
    std::fs::write(&course, format!("{given}\n[[activity]]\nid = \"week-1\"\nmax_points = 10\n")).expect("course");
    let imported = db.json(&args);
    assert_eq!(imported["agreement"]["agree"].as_u64(), Some(2), "{imported}");
    let gradebook = db.json(&["gradebook", "analytical-engines", "--json"]);
    assert_eq!(activity_texts(&gradebook, "category"), ["assignment", "quiz"]);
    assert_eq!(activity_texts(&gradebook, "title")[1], "Quiz: Week 1");
    assert_eq!(activity_numbers(&gradebook, "weight"), [20.0, 10.0]);
    // Ada (15 + 7) / 30, Alan 20 / 30: the quiz counts, as on Moodle.
    assert_eq!(learner(&gradebook, "ada@example.org")["percent"].as_f64(), Some(73.3));
    assert_eq!(learner(&gradebook, "alan@example.org")["percent"].as_f64(), Some(66.7));
}

#[test]
fn an_open_edx_activity_given_only_its_maximum_stays_in_its_policy_type() {
    let db = TestDb::new();
    let course = db.dir.path().join("course.toml");
    let given = std::fs::read_to_string(fixture("openedx/course.toml")).expect("course");
    std::fs::write(&course, format!("{given}\n[[activity]]\nid = \"lab\"\nmax_points = 50\n")).expect("write");
    let mut args = edx_args("openedx/grade_report.csv");
    args[3] = course.display().to_string();
    args.push("--json".into());
    // Graded as without the course file's activity: only the Lab's maximum changed.
    let before = import_edx_json(&TestDb::new(), "openedx/grade_report.csv");
    let imported = db.json(&strs(&args));
    assert_eq!(imported["agreement"], before["agreement"], "{imported}");
    let gradebook = db.json(&["gradebook", "circuits-101", "--json"]);
    let ids = activity_texts(&gradebook, "id");
    let lab = ids.iter().position(|id| *id == "lab").expect("lab");
    assert_eq!(activity_texts(&gradebook, "category")[lab], "lab", "{gradebook}");
    assert_eq!(activities(&gradebook)[lab], ("lab", 50.0));
    // So it does in a course file that gives the types' weights as [[category]] entries.
    let weighted = format!("{given}\n{}[[activity]]\nid = \"lab\"\nmax_points = 50\n", edx_categories([0.5, 0.2, 0.3]));
    std::fs::write(&course, weighted).expect("write");
    let again = TestDb::new();
    again.json(&strs(&args));
    let gradebook = again.json(&["gradebook", "circuits-101", "--json"]);
    assert_eq!(activity_texts(&gradebook, "category")[lab], "lab", "{gradebook}");
    assert_eq!(activities(&gradebook)[lab], ("lab", 50.0));
}
