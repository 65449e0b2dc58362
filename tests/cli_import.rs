//! Importing the learning platforms' exports through the real binary: every format and its
//! quirks (tests/fixtures/import), the agreement report, the draft, bad input. Re-imports are
//! in cli_reimport.rs.

mod common;

use std::path::PathBuf;

use common::TestDb;
use common::platforms::{activities, edx_args, fixture, learner, strs};

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
        "truncated.csv:5:1: too few cells: 7 where the header has 19 columns: the file stops in the middle of this line; it is probably truncated (download it again)",
    ),
    ("bad/one_cell.csv", None, "one_cell.csv:5:1: too few cells: 1 where the header has 19 columns"),
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
    assert_eq!(db.ok(&["courses", "--json"]).trim(), "[]", "nothing was written");
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
