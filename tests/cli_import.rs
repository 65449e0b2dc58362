//! Importing the learning platforms' exports through the real binary: every format and its
//! quirks (tests/fixtures/import), the agreement report, the draft, conflicts, bad input.

mod common;

use std::path::{Path, PathBuf};

use common::TestDb;

fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(path).display().to_string()
}

/// `import` of the Open edX fixture with everything it needs.
fn edx_args(report: &str) -> Vec<String> {
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

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// Each activity of `gradebook --json` as (id, max points).
fn activities(gradebook: &serde_json::Value) -> Vec<(&str, f64)> {
    let activities = gradebook["activities"].as_array().expect("activities").iter();
    activities.map(|a| (a["id"].as_str().expect("id"), a["max_points"].as_f64().expect("max"))).collect()
}

fn learner<'a>(gradebook: &'a serde_json::Value, username: &str) -> &'a serde_json::Value {
    gradebook["learners"].as_array().expect("learners").iter().find(|l| l["username"] == username).expect("learner")
}

#[test]
fn three_commands_from_an_open_edx_report_to_certificates() {
    let db = TestDb::new();
    let out = db.dir.path().join("certificates.pdf");
    let report = db.ok(&strs(&edx_args("openedx/grade_report.csv")));
    assert!(report.contains("Read the Open edX grade report; the course grades by Open edX's rule."), "{report}");
    let generated = db.json(&["generate", "circuits-101", "--json"]);
    let issued: Vec<&str> =
        generated["issued"].as_array().expect("issued").iter().map(|i| i["username"].as_str().expect("name")).collect();
    assert_eq!(issued, ["bilbo", "frodo", "lobelia", "pippin", "rosie"]);
    assert_eq!(generated["not_eligible"]["below_threshold"], serde_json::json!(["sam"]));
    assert_eq!(generated["not_eligible"]["audit"], serde_json::json!(["merry"]));
    assert_eq!(generated["not_eligible"]["withdrawn"], serde_json::json!(["gollum"]));
    db.ok(&["export", "circuits-101", "--out", out.to_str().expect("path")]);
    assert!(std::fs::read(&out).expect("pdf").starts_with(b"%PDF-"));
}

#[test]
fn open_edx_grades_agree_with_the_platform_except_where_it_was_overridden() {
    let db = TestDb::new();
    let mut args = edx_args("openedx/grade_report.csv");
    args.push("--json".into());
    let report = db.json(&strs(&args));
    assert_eq!(report["format"], "openedx");
    assert_eq!(report["grading"], "openedx");
    let agreement = &report["agreement"];
    assert_eq!((agreement["compared"].as_u64(), agreement["agree"].as_u64()), (Some(8), Some(7)));
    assert_eq!(agreement["differ"], serde_json::json!([{"username": "lobelia", "platform": 66.0, "certdesk": 65.0}]));
    // edX marks only verified-type modes eligible; certdesk certifies honor too.
    let eligibility = &report["eligibility_agreement"];
    assert_eq!((eligibility["compared"].as_u64(), eligibility["agree"].as_u64()), (Some(8), Some(7)));
    assert_eq!(eligibility["differ"][0]["username"], "pippin");

    let gradebook = db.json(&["gradebook", "circuits-101", "--json"]);
    // 74.5% on edX's arithmetic, which adds 0.05 before rounding: 75%.
    assert_eq!(learner(&gradebook, "pippin")["percent"].as_f64(), Some(75.0));
    let frodo = learner(&gradebook, "frodo");
    assert_eq!((frodo["mode"].as_str(), frodo["full_name"].as_str()), (Some("verified"), Some("Frodo Baggins")));
    assert_eq!(frodo["scores"]["homework-02"], serde_json::Value::Null, "Not Attempted");
    assert_eq!(learner(&gradebook, "sam")["mode"], "verified", "no-id-professional");
    assert_eq!(learner(&gradebook, "gollum")["status"], "withdrawn", "unenrolled");
    assert_eq!(learner(&gradebook, "merry")["letter"], "A");
    let courses = db.json(&["courses", "--json"]);
    assert_eq!((courses[0]["grading"].as_str(), courses[0]["pass_threshold"].as_f64()), (Some("openedx"), Some(60.0)));
}

#[test]
fn the_older_open_edx_layout_with_short_labels() {
    let db = TestDb::new();
    let mut args = edx_args("openedx/older_grade_report.csv");
    args.push("--json".into());
    let report = db.json(&strs(&args));
    assert_eq!((report["agreement"]["compared"].as_u64(), report["agreement"]["agree"].as_u64()), (Some(2), Some(2)));
    let gradebook = db.json(&["gradebook", "circuits-101", "--json"]);
    let ids: Vec<&str> =
        gradebook["activities"].as_array().expect("activities").iter().map(|a| a["id"].as_str().expect("id")).collect();
    assert_eq!(ids, ["hw-01", "hw-02", "hw-03", "lab-01", "lab-02", "final"]);
}

/// (export, course file, learners, platform grades compared, agreeing)
const FORMATS: &[(&str, &str, u64, u64, u64)] = &[
    ("moodle/grades.csv", "moodle/course.toml", 4, 4, 3),
    ("moodle/grades_colon.txt", "moodle/course.toml", 4, 4, 3),
    ("canvas/gradebook.csv", "canvas/course.toml", 5, 5, 2),
    ("canvas/gradebook_semicolon.csv", "canvas/course.toml", 5, 5, 2),
    ("chamilo/flatview.csv", "chamilo/course.toml", 3, 3, 3),
];

#[test]
fn every_format_imports_with_its_quirks_and_reports_agreement() {
    for &(export, course, learners, compared, agree) in FORMATS {
        let db = TestDb::new();
        let report = db.json(&["import", &fixture(export), "--course", &fixture(course), "--json"]);
        assert_eq!(report["learners_added"].as_u64(), Some(learners), "{export}");
        let agreement = &report["agreement"];
        assert_eq!(
            (agreement["compared"].as_u64(), agreement["agree"].as_u64()),
            (Some(compared), Some(agree)),
            "{export}"
        );
        assert_eq!(report["grading"], "certdesk", "{export}");
    }
}

#[test]
fn moodle_names_max_points_and_missing_grades() {
    let db = TestDb::new();
    let report =
        db.json(&["import", &fixture("moodle/grades.csv"), "--course", &fixture("moodle/course.toml"), "--json"]);
    // Moodle leaves Alan's ungraded quiz out of its total; certdesk counts it 0.
    assert_eq!(
        report["agreement"]["differ"],
        serde_json::json!([{"username": "alan@example.org", "platform": 72.0, "certdesk": 51.4}])
    );
    let gradebook = db.json(&["gradebook", "analytical-engines", "--json"]);
    let maxima: Vec<f64> = gradebook["activities"]
        .as_array()
        .expect("activities")
        .iter()
        .map(|a| a["max_points"].as_f64().expect("max"))
        .collect();
    assert_eq!(maxima, [20.0, 10.0, 5.0], "from the Real and Percentage pairs; the category total is no activity");
    let zoe = learner(&gradebook, "zoe@example.org");
    assert_eq!((zoe["full_name"].as_str(), zoe["mode"].as_str()), (Some("Zoë Ångström"), Some("honor")));
    assert_eq!(learner(&gradebook, "alan@example.org")["scores"]["week-1"], serde_json::Value::Null);
    assert_eq!(learner(&gradebook, "grace@example.org")["status"], "withdrawn", "Suspended: Yes");
}

#[test]
fn canvas_names_points_possible_and_the_test_student() {
    let db = TestDb::new();
    let report = db.json(&[
        "import",
        &fixture("canvas/gradebook_semicolon.csv"),
        "--course",
        &fixture("canvas/course.toml"),
        "--json",
    ]);
    let notes = report["notes"].to_string();
    assert!(notes.contains("1 excused (EX) score is imported as not graded"), "{notes}");
    let gradebook = db.json(&["gradebook", "hobbit-studies", "--json"]);
    let names: Vec<&str> = gradebook["learners"]
        .as_array()
        .expect("learners")
        .iter()
        .map(|l| l["full_name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        ["Bilbo Baggins", "Meriadoc Brandybuck", "Peregrin Took", "Rosie Cotton", "Samwise Gamgee"],
        "no Test Student"
    );
    let rosie = learner(&gradebook, "rosie");
    assert_eq!(rosie["scores"]["essay-1"].as_f64(), Some(17.5), "\"17,50\" in a semicolon file");
    let maxima: Vec<f64> = gradebook["activities"]
        .as_array()
        .expect("activities")
        .iter()
        .map(|a| a["max_points"].as_f64().expect("max"))
        .collect();
    assert_eq!(maxima, [20.0, 10.0, 10.0, 50.0], "from the Points Possible row");
}

#[test]
fn chamilo_weights_and_scores_out_of_each_maximum() {
    let db = TestDb::new();
    db.ok(&["import", &fixture("chamilo/flatview.csv"), "--course", &fixture("chamilo/course.toml")]);
    let gradebook = db.json(&["gradebook", "lovelace-101", "--json"]);
    let weights: Vec<f64> = gradebook["activities"]
        .as_array()
        .expect("activities")
        .iter()
        .map(|a| a["weight"].as_f64().expect("weight"))
        .collect();
    assert_eq!(weights, [20.0, 30.0, 50.0]);
    let jose = learner(&gradebook, "ALU002");
    assert_eq!((jose["full_name"].as_str(), jose["scores"]["quiz-1"].as_f64()), (Some("José Núñez"), Some(7.5)));
    assert_eq!(jose["percent"].as_f64(), Some(60.0));
}

/// (file, --format, the one line of stderr after the heading)
const BAD: &[(&str, Option<&str>, &str)] = &[
    (
        "bad/wrong_delimiter.csv",
        None,
        "wrong_delimiter.csv:1:1: the header is an Open edX grade report's, separated by semicolons, but the platform writes commas: export the file again, or save it with commas",
    ),
    (
        "bad/truncated.csv",
        None,
        "truncated.csv:5:1: 7 cells where the header has 19: the file stops in the middle of this line; it is probably truncated (download it again)",
    ),
    ("bad/one_cell.csv", None, "one_cell.csv:5:1: 1 cell where the header has 19"),
    (
        "bad/truncated_in_quotes.csv",
        None,
        "truncated_in_quotes.csv:3:75: the file ends inside a quoted cell: it is probably truncated (download it again)",
    ),
    (
        "bad/unknown_layout.csv",
        None,
        "unknown_layout.csv:1:1: unknown layout: the header matches no Open edX, Moodle, Canvas or Chamilo export (it starts \"Name,Score,Comment\"); name the format with --format if it is one of them",
    ),
    (
        "bad/unknown_layout.csv",
        Some("canvas"),
        "unknown_layout.csv:1:1: the header is not a Canvas gradebook export's (it starts \"Name,Score,Comment\")",
    ),
    (
        "bad/not_in_policy.csv",
        None,
        "not_in_policy.csv:1:117: column 'Quiz 1: Pop quiz': type 'Quiz' is not in the grading policy (its types: Homework, Lab, Final Exam); or give [[activity]] id = \"quiz-01\" with its category",
    ),
];

#[test]
fn bad_input_gets_one_located_message_per_problem_and_nothing_is_written() {
    for &(file, format, expected) in BAD {
        let db = TestDb::new();
        let mut args = edx_args(file);
        if let Some(format) = format {
            args.extend(["--format".to_string(), format.to_string()]);
        }
        let stderr = db.fails(&strs(&args), 1);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines[0], "certdesk: found 1 problem; nothing was imported:", "{file}: {stderr}");
        assert!(lines[1].ends_with(expected), "{file}:\n{}\nshould end with\n{expected}", lines[1]);
        assert_eq!(db.ok(&["courses", "--json"]).trim(), "[]", "{file}: nothing was written");
    }
    let db = TestDb::new();
    let stderr = db.fails(&strs(&edx_args("bad/unreadable_number.csv")), 1);
    let located: Vec<&str> =
        stderr.lines().skip(1).map(|line| line.rsplit("fixtures/import/").next().unwrap_or(line)).collect();
    assert_eq!(
        located,
        [
            "bad/unreadable_number.csv:2:34: column 'Homework 2: Circuits, part 1': '0,9' is not a fraction from 0 to 1 (nor Not Attempted or Not Available)",
            "bad/unreadable_number.csv:3:30: column 'Homework 2: Circuits, part 1': 'sixty' is not a fraction from 0 to 1 (nor Not Attempted or Not Available)",
            "bad/unreadable_number.csv:4:32: column 'Homework 1: Intro': '100%' is not a fraction from 0 to 1 (nor Not Attempted or Not Available)",
        ]
    );
}

#[test]
fn what_an_export_lacks_is_named_with_where_to_give_it() {
    let db = TestDb::new();
    let stderr = db.fails(&["import", &fixture("openedx/grade_report.csv")], 1);
    for part in [
        "does not say how its assignment types weigh: give --grading-policy FILE",
        "does not name the course id: give --course FILE",
        "does not name the pass threshold",
        "8 learners have no full name (bilbo on line 2, frodo on line 3, sam on line 4, 5 more)",
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
    let said = db.ok(&["import", &report, "--grading-policy", &policy, "--draft", draft_arg]);
    assert!(said.contains("(1 value to fill in)"), "{said}");
    let text = std::fs::read_to_string(&draft).expect("draft");
    for part in
        ["grading = \"openedx\"", "pass_threshold = 60.0", "drop_lowest = 1", "min_count = 2", "id = \"homework-02\""]
    {
        assert!(text.contains(part), "{part} in\n{text}");
    }
    assert!(
        db.fails(&["import", &report, "--grading-policy", &policy, "--draft", draft_arg], 1).contains("already exists")
    );
    let roster = fixture("openedx/profiles.csv");
    let refused =
        db.fails(&["import", &report, "--course", draft_arg, "--grading-policy", &policy, "--roster", &roster], 1);
    assert!(refused.contains("column 'title': still \"FILL IN\""), "{refused}");
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
fn the_problem_grade_report_is_a_source_of_points() {
    let db = TestDb::new();
    let mut args = edx_args("openedx/problem_grade_report.csv");
    args.push("--json".into());
    let report = db.json(&strs(&args));
    // Each subsection is out of its problems' points, and still grades as edX does.
    assert_eq!((report["agreement"]["compared"].as_u64(), report["agreement"]["agree"].as_u64()), (Some(5), Some(5)));
    let gradebook = db.json(&["gradebook", "circuits-101", "--json"]);
    let activities = activities(&gradebook);
    assert_eq!(
        activities,
        [("homework-01", 3.0), ("homework-02", 4.0), ("homework-03", 2.0), ("lab", 5.0), ("final-exam", 20.0)],
        "the same activity ids as the course grade report"
    );
    let titles: Vec<&str> = gradebook["activities"]
        .as_array()
        .expect("activities")
        .iter()
        .map(|a| a["title"].as_str().expect("title"))
        .collect();
    assert_eq!(
        titles,
        [
            "Homework 1: Intro",
            "Homework 2: Circuits, part 1",
            "Homework 3: Signals: sampling",
            "Lab 1: Wires",
            "Final Exam 1: Final Exam"
        ],
        "each subsection's title as edX wrote it, colons and all"
    );
    let sam = learner(&gradebook, "sam");
    assert_eq!((sam["scores"]["homework-01"].as_f64(), sam["percent"].as_f64()), (Some(2.0), Some(59.0)));
    assert_eq!(learner(&gradebook, "rosie")["scores"]["homework-03"], serde_json::Value::Null, "Not Available");
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
        stderr.contains("column 'Quiz 1': a Canvas export does not say which assignment group 'Quiz 1' is in"),
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
    db.ok(&["import", &export, "--course", course.to_str().expect("path")]);
    // Assignments (18 + 45) / 70 = 90%, quizzes (9 + 8) / 20 = 85%: 0.6 * 90 + 0.4 * 85.
    let gradebook = db.json(&["gradebook", "hobbit-studies", "--json"]);
    assert_eq!(learner(&gradebook, "bilbo@shire.me")["percent"].as_f64(), Some(88.0));
}

#[test]
fn a_platform_name_that_would_reorder_the_line_is_refused() {
    let db = TestDb::new();
    let moodle = std::fs::read_to_string(fixture("moodle/grades.csv")).expect("fixture");
    let file = db.dir.path().join("grades.csv");
    std::fs::write(&file, moodle.replacen("Ada,Lovelace", "Ada\u{202e},Lovelace", 1)).expect("write");
    let error = db.fails(&["import", file.to_str().expect("path"), "--course", &fixture("moodle/course.toml")], 1);
    assert!(error.contains(":2:") && error.contains("bidi control U+202E"), "{error}");
    assert!(!db.ok(&["courses"]).contains("analytical-engines"), "nothing was imported");
}

#[test]
fn a_file_that_is_not_text_gets_one_problem_and_nothing_is_written() {
    let db = TestDb::new();
    let file = db.dir.path().join("garbage.csv");
    std::fs::write(&file, b"\x89PNG\r\n\x1a\n\x00\xff\xfe\n\xc3\x28\n\xa0\xa1\n".repeat(50)).expect("write");
    let stderr = db.fails(&["import", file.to_str().expect("path")], 1);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines[0], "certdesk: found 1 problem; nothing was imported:", "{stderr}");
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[1].ends_with("garbage.csv:1: this is the first of 200 lines that are not valid UTF-8: save the file as UTF-8, or check that it is the platform's CSV export"), "{stderr}");
    assert_eq!(db.ok(&["courses", "--json"]).trim(), "[]", "nothing was written");
}

#[test]
fn a_bad_name_in_the_roster_file_is_blamed_on_the_roster_file() {
    let db = TestDb::new();
    let profiles = std::fs::read_to_string(fixture("openedx/profiles.csv")).expect("profiles");
    let roster = db.dir.path().join("profiles.csv");
    std::fs::write(&roster, profiles.replacen("Bilbo Baggins", "Bilbo\u{202e}Baggins", 1)).expect("write");
    let mut args = edx_args("openedx/grade_report.csv");
    args[7] = roster.display().to_string();
    let refused = db.fails(&strs(&args), 1);
    assert!(refused.contains("profiles.csv:2:"), "{refused}");
    assert!(refused.contains("bilbo: the name contains the bidi control U+202E"), "{refused}");
    assert!(!refused.contains("grade_report.csv"), "{refused}");

    std::fs::write(&roster, profiles.replacen("Bilbo Baggins", "\u{200b} \u{200b}", 1)).expect("write");
    let refused = db.fails(&strs(&args), 1);
    assert!(refused.contains("bilbo: the name has no letter or digit"), "{refused}");
    assert!(db.ok(&["courses"]).contains("No courses yet"), "nothing was imported");
}

#[test]
fn moodle_items_of_the_same_title_stay_apart() {
    let db = TestDb::new();
    let export = db.dir.path().join("grades.csv");
    std::fs::write(
        &export,
        "First name,Last name,ID number,Email address,Quiz: Quiz (Real),Quiz: Quiz (Percentage),Quiz: Quiz (Real),Quiz: Quiz (Percentage),Quiz: Quiz (Real),Quiz: Quiz (Percentage),Course total (Percentage)\n\
         Ada,Lovelace,S001,ada@example.org,8.00,80.00 %,3.00,60.00 %,1.00,20.00 %,60.00 %\n\
         Bob,Smith,S002,bob@example.org,5.00,50.00 %,5.00,100.00 %,2.00,40.00 %,60.00 %\n",
    )
    .expect("write");
    let course = fixture("moodle/course.toml");
    let report = db.json(&["import", export.to_str().expect("path"), "--course", &course, "--json"]);
    assert_eq!(report["agreement"]["agree"].as_u64(), Some(2), "{report}");
    let gradebook = db.json(&["gradebook", "analytical-engines", "--json"]);
    let activities = activities(&gradebook);
    assert_eq!(activities, [("quiz", 10.0), ("quiz-2", 5.0), ("quiz-3", 5.0)]);
    let ada = &learner(&gradebook, "ada@example.org")["scores"];
    assert_eq!(
        (ada["quiz"].as_f64(), ada["quiz-2"].as_f64(), ada["quiz-3"].as_f64()),
        (Some(8.0), Some(3.0), Some(1.0))
    );
}

#[test]
fn a_moodle_learner_without_the_field_that_names_learners_is_named_in_the_refusal() {
    let db = TestDb::new();
    let export = db.dir.path().join("grades.csv");
    std::fs::write(
        &export,
        "First name,Last name,ID number,Email address,Quiz: Quiz (Real),Quiz: Quiz (Percentage)\n\
         Ada,Lovelace,S001,ada@example.org,8.00,80.00 %\n\
         Bob,Smith,S002,,5.00,50.00 %\n",
    )
    .expect("write");
    let refused = db.fails(&["import", export.to_str().expect("path"), "--course", &fixture("moodle/course.toml")], 1);
    assert!(
        refused.contains("grades.csv:3:")
            && refused.contains("Bob Smith has no email address, which names the learners"),
        "{refused}"
    );
}

#[test]
fn a_canvas_learner_whose_sis_login_is_filled_in_later_stays_one_learner() {
    let db = TestDb::new();
    let gradebook = std::fs::read_to_string(fixture("canvas/gradebook.csv")).expect("fixture");
    let before = db.dir.path().join("before.csv");
    std::fs::write(&before, gradebook.replacen(",2002,S2002,merry,", ",2002,S2002,,", 1)).expect("write");
    let course = fixture("canvas/course.toml");
    db.ok(&["import", before.to_str().expect("path"), "--course", &course]);
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
fn a_reimport_says_how_the_export_changed_the_course_and_logs_it() {
    let db = TestDb::new();
    let course = fixture("canvas/course.toml");
    db.ok(&["import", &fixture("canvas/gradebook.csv"), "--course", &course]);
    let gradebook = std::fs::read_to_string(fixture("canvas/gradebook.csv")).expect("fixture");
    let changed = db.dir.path().join("changed.csv");
    std::fs::write(&changed, gradebook.replacen(",10.00,50.00,(read only)", ",10.00,60.00,(read only)", 1))
        .expect("write");
    let report = db.json(&["import", changed.to_str().expect("path"), "--course", &course, "--json"]);
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
    let gradebook = std::fs::read_to_string(fixture("canvas/gradebook.csv")).expect("fixture");
    let export = db.dir.path().join("without-quiz-2.csv");
    std::fs::write(&export, gradebook.replacen("Quiz 2 (103)", "Quiz Two (105)", 1)).expect("write");
    let export = export.to_str().expect("path");
    let stderr = db.fails(&["import", export, "--course", &course], 1);
    assert!(stderr.contains("  rosie quiz-2: imported 9, certdesk 5, file: no such activity"), "{stderr}");
    let stderr = db.fails(&["import", export, "--course", &course, "--keep", "certdesk"], 1);
    assert!(
        stderr.starts_with("certdesk: certdesk's side cannot win for 1 score entered in certdesk on quiz-2"),
        "{stderr}"
    );
    let gradebook = db.json(&["gradebook", "hobbit-studies", "--json"]);
    assert_eq!(learner(&gradebook, "rosie")["scores"]["quiz-2"].as_f64(), Some(5.0), "nothing was written");
    let said = db.ok(&["import", export, "--course", &course, "--keep", "file"]);
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
fn an_export_without_learners_says_so_instead_of_what_their_rows_would_have_told() {
    let db = TestDb::new();
    let args = ["import", &fixture("bad/moodle_header_only.csv"), "--course", &fixture("moodle/course.toml")];
    let stderr = db.fails(&args, 1);
    let located: Vec<&str> =
        stderr.lines().map(|line| line.rsplit("fixtures/import/").next().unwrap_or(line)).collect();
    assert_eq!(
        located,
        [
            "certdesk: found 1 problem; nothing was imported:",
            "bad/moodle_header_only.csv: the Moodle grade export has no learners, only its header: nothing to import (export it again with the learners in it)",
        ]
    );
}

#[test]
fn a_canvas_assignment_renamed_on_canvas_keeps_its_scores() {
    let db = TestDb::new();
    let course = fixture("canvas/course.toml");
    db.ok(&["import", &fixture("canvas/gradebook.csv"), "--course", &course]);
    db.ok(&["grade", "hobbit-studies", "rosie", "project", "44"]);
    let gradebook = std::fs::read_to_string(fixture("canvas/gradebook.csv")).expect("fixture");
    let renamed = db.dir.path().join("renamed.csv");
    std::fs::write(&renamed, gradebook.replacen("Project (104)", "Final Project (104)", 1)).expect("write");
    let renamed = renamed.to_str().expect("path");
    let stderr = db.fails(&["import", renamed, "--course", &course], 1);
    assert!(stderr.contains("  rosie final-project: imported 41, certdesk 44, file 41"), "the same activity: {stderr}");
    let report = db.json(&["import", renamed, "--course", &course, "--keep", "certdesk", "--json"]);
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

#[test]
fn ordinary_re_exports_never_make_one_person_two_learners() {
    let db = TestDb::new();
    let course = fixture("canvas/course.toml");
    db.ok(&["import", &fixture("canvas/gradebook.csv"), "--course", &course]);
    let gradebook = std::fs::read_to_string(fixture("canvas/gradebook.csv")).expect("fixture");
    let recased = db.dir.path().join("recased.csv");
    std::fs::write(&recased, gradebook.replacen(",2002,S2002,merry,", ",2002,S2002,Merry,", 1)).expect("write");
    let report = db.json(&["import", recased.to_str().expect("path"), "--course", &course, "--json"]);
    assert_eq!(report["learners_added"], 0, "Canvas logins ignore case: {report}");
    assert!(report["notes"].to_string().contains("Merry as merry"), "{report}");

    // A Moodle export without the Email address column names its learners by ID number.
    let course = fixture("moodle/course.toml");
    db.ok(&["import", &fixture("moodle/grades.csv"), "--course", &course]);
    let without_email: String = std::fs::read_to_string(fixture("moodle/grades.csv"))
        .expect("fixture")
        .lines()
        .map(|line| {
            let mut cells: Vec<&str> = line.split(',').collect();
            cells.remove(5);
            cells.join(",") + "\n"
        })
        .collect();
    let export = db.dir.path().join("without-email.csv");
    std::fs::write(&export, without_email).expect("write");
    let export = export.to_str().expect("path");
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
    assert!(stderr.contains("give --remove-activities if these activities really are gone"), "{stderr}");
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

/// (export, course file, text replaced, by, the refusal's location and message)
const CASE_TWINS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "openedx/grade_report.csv",
        "openedx/course.toml",
        ",frodo@shire.me,frodo,",
        ",frodo@shire.me,Bilbo,",
        ":3:19: column 'Username': 'Bilbo' and 'bilbo' on line 2 are one learner",
    ),
    (
        "openedx/problem_grade_report.csv",
        "openedx/course.toml",
        ",frodo@shire.me,frodo,",
        ",frodo@shire.me,Bilbo,",
        ":3:19: column 'Username': 'Bilbo' and 'bilbo' on line 2 are one learner",
    ),
    (
        "moodle/grades.csv",
        "moodle/course.toml",
        ",alan@example.org,",
        ",ADA@example.org,",
        ":3:54: column 'Email address': 'ADA@example.org' and 'ada@example.org' on line 2 are one learner",
    ),
    (
        "canvas/gradebook.csv",
        "canvas/course.toml",
        ",S2003,rosie,",
        ",S2003,Merry,",
        ":6:28: column 'SIS Login ID': 'Merry' and 'merry' on line 5 are one learner",
    ),
    (
        "chamilo/flatview.csv",
        "chamilo/course.toml",
        ";ALU002;",
        ";alu001;",
        ":3:3: column 'Code officiel': 'alu001' and 'ALU001' on line 2 are one learner",
    ),
];

#[test]
fn usernames_differing_only_in_case_are_one_learner_in_every_format() {
    for &(export, course, from, to, expected) in CASE_TWINS {
        let db = TestDb::new();
        let text = std::fs::read_to_string(fixture(export)).expect("fixture");
        assert!(text.contains(from), "{export}");
        let twins = db.dir.path().join("twins.csv");
        std::fs::write(&twins, text.replacen(from, to, 1)).expect("write");
        let mut args = edx_args(export);
        args[1] = twins.display().to_string();
        args[3] = fixture(course);
        if !export.starts_with("openedx") {
            args.truncate(4);
        }
        let stderr = db.fails(&strs(&args), 1);
        assert!(stderr.contains(&format!("twins.csv{expected}")), "{export}: {stderr}");
        assert_eq!(db.ok(&["courses", "--json"]).trim(), "[]", "{export}: nothing was written");
    }
}

#[test]
fn open_edx_scores_above_their_maximum_name_the_file_line_and_column() {
    let db = TestDb::new();
    let text = std::fs::read_to_string(fixture("openedx/problem_grade_report.csv")).expect("fixture");
    let above = db.dir.path().join("above.csv");
    // bilbo earns 6 of the lab's 5 points.
    std::fs::write(&above, text.replacen(",4.0,5.0,9.0,", ",6.0,5.0,9.0,", 1)).expect("write");
    let mut args = edx_args("openedx/problem_grade_report.csv");
    args[1] = above.display().to_string();
    let stderr = db.fails(&strs(&args), 1);
    assert!(
        stderr.contains(
            "above.csv:2:71: column 'Lab 1: Wires - Q1 (Earned)': 6 is above the maximum of 5 points (its Possible \
             column)"
        ),
        "{stderr}"
    );

    // A maximum from the course file below the export's: the report's column, and the file to correct.
    let course = db.dir.path().join("course.toml");
    let categories: String = [("homework", 50), ("lab", 20), ("final-exam", 30)]
        .iter()
        .map(|(id, weight)| format!("[[category]]\nid = \"{id}\"\nweight = {weight}\n"))
        .collect();
    let lab =
        format!("\n{categories}[[activity]]\nid = \"lab\"\ntitle = \"Lab\"\ncategory = \"lab\"\nmax_points = 50\n");
    let given = std::fs::read_to_string(fixture("openedx/course.toml")).expect("course");
    std::fs::write(&course, format!("{given}{lab}")).expect("write");
    let mut args = edx_args("openedx/grade_report.csv");
    args[3] = course.display().to_string();
    let stderr = db.fails(&strs(&args), 1);
    assert!(
        stderr.contains(&format!(
            "grade_report.csv:2: column 'Lab': 80 is above the maximum of 50 points: {} gives lab max_points = 50, \
             the export has it out of 100 (correct max_points, or leave it out)",
            course.display()
        )),
        "{stderr}"
    );
    assert_eq!(db.ok(&["courses", "--json"]).trim(), "[]", "nothing was written");
}

/// (export, course file, text replaced, by, the refusal's location and message)
const OTHER_MAXIMA: &[(&str, &str, &str, &str, &str)] = &[
    (
        // Alan's 14.00 of Essay 1 at 35.00 % makes it out of 40; Ada's 18.00 at 90.00 % out of 20.
        "moodle/grades.csv",
        "moodle/course.toml",
        ",14.00,70.00 %,",
        ",14.00,35.00 %,",
        ":3:78: column 'Assignment: Essay 1 (Percentage)': 14.00 and 35.00 % make the maximum 40 points, but 18.00 \
         and 90.00 % on line 2 make it 20: Moodle gives an item one maximum (check both learners' grades on Moodle, \
         and that the item is graded from 0, then export again)",
    ),
    (
        "chamilo/flatview.csv",
        "chamilo/course.toml",
        ";10 / 20 (50 %) ;",
        ";10 / 25 (40 %) ;",
        ":3:38: column 'Devoir 30 %': out of 25 here but out of 20 on line 2: Chamilo gives an evaluation one \
         maximum (check both learners' scores on Chamilo and export again)",
    ),
];

#[test]
fn rows_that_imply_another_maximum_are_refused_naming_both() {
    for &(export, course, from, to, expected) in OTHER_MAXIMA {
        let db = TestDb::new();
        let text = std::fs::read_to_string(fixture(export)).expect("fixture");
        assert!(text.contains(from), "{export}");
        let other = db.dir.path().join("other.csv");
        std::fs::write(&other, text.replacen(from, to, 1)).expect("write");
        let stderr = db.fails(&["import", other.to_str().expect("path"), "--course", &fixture(course)], 1);
        assert!(stderr.contains(&format!("other.csv{expected}")), "{export}: {stderr}");
        assert_eq!(db.ok(&["courses", "--json"]).trim(), "[]", "{export}: nothing was written");
    }
}

#[test]
fn extra_credit_is_kept_from_every_platform_that_gives_it() {
    let cases = [
        ("moodle/grades.csv", "moodle/course.toml", ",18.00,90.00 %,", ",21.00,105.00 %,"),
        ("chamilo/flatview.csv", "chamilo/course.toml", ";8 / 10 (80 %) ;", ";12 / 10 (120 %) ;"),
    ];
    for (export, course, from, to) in cases {
        let db = TestDb::new();
        let text = std::fs::read_to_string(fixture(export)).expect("fixture");
        assert!(text.contains(from), "{export}");
        let over = db.dir.path().join("over.csv");
        std::fs::write(&over, text.replacen(from, to, 1)).expect("write");
        let said = db.ok(&["import", over.to_str().expect("path"), "--course", &fixture(course)]);
        assert!(
            said.contains("Note: 1 score above its maximum (extra credit) counts as full marks."),
            "{export}: {said}"
        );
    }
}
