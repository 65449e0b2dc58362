//! Importing each learning platform's export through the real binary: every format and its
//! quirks (tests/fixtures/import) and the agreement with the platform's grades. What the course
//! file adds is in cli_import_course_file.rs, what is refused in cli_import_refusals.rs, header
//! problems in cli_import_headings.rs, re-imports in cli_reimport.rs.

use crate::common;

use common::TestDb;
use common::platforms::{
    activities, activity_numbers, activity_texts, edx_args, fixture, fixture_with, import_edx_json, learner, strs,
};

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
    let report = import_edx_json(&db, "openedx/grade_report.csv");
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
    let report = import_edx_json(&db, "openedx/older_grade_report.csv");
    assert_eq!((report["agreement"]["compared"].as_u64(), report["agreement"]["agree"].as_u64()), (Some(2), Some(2)));
    let gradebook = db.json(&["gradebook", "circuits-101", "--json"]);
    let ids = activity_texts(&gradebook, "id");
    assert_eq!(ids, ["hw-01", "hw-02", "hw-03", "lab-01", "lab-02", "final"]);
}

#[test]
fn the_problem_grade_report_is_a_source_of_points() {
    let db = TestDb::new();
    let report = import_edx_json(&db, "openedx/problem_grade_report.csv");
    // Each subsection is out of its problems' points, and still grades as edX does.
    assert_eq!((report["agreement"]["compared"].as_u64(), report["agreement"]["agree"].as_u64()), (Some(5), Some(5)));
    let gradebook = db.json(&["gradebook", "circuits-101", "--json"]);
    let activities = activities(&gradebook);
    assert_eq!(
        activities,
        [("homework-01", 3.0), ("homework-02", 4.0), ("homework-03", 2.0), ("lab", 5.0), ("final-exam", 20.0)],
        "the same activity ids as the course grade report"
    );
    let titles = activity_texts(&gradebook, "title");
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
    let maxima = activity_numbers(&gradebook, "max_points");
    assert_eq!(maxima, [20.0, 10.0, 5.0], "from the Real and Percentage pairs; the category total is no activity");
    let zoe = learner(&gradebook, "zoe@example.org");
    assert_eq!((zoe["full_name"].as_str(), zoe["mode"].as_str()), (Some("Zoë Ångström"), Some("honor")));
    assert_eq!(learner(&gradebook, "alan@example.org")["scores"]["week-1"], serde_json::Value::Null);
    assert_eq!(learner(&gradebook, "grace@example.org")["status"], "withdrawn", "Suspended: Yes");
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
    // Told apart by their order alone, which the import says.
    let notes = report["notes"].to_string();
    assert!(
        notes.contains(
            "3 items are titled 'Quiz: Quiz' (imported as quiz, quiz-2 and quiz-3, in the file's order): Moodle's \
             export tells them apart by their order alone"
        ),
        "{notes}"
    );
    // One of them deleted in Moodle: which one cannot be told, so nothing is imported, where
    // the second's scores went under the first and the third's under the second.
    std::fs::write(
        &export,
        "First name,Last name,ID number,Email address,Quiz: Quiz (Real),Quiz: Quiz (Percentage),Quiz: Quiz (Real),Quiz: Quiz (Percentage),Course total (Percentage)\n\
         Ada,Lovelace,S001,ada@example.org,3.00,60.00 %,1.00,20.00 %,40.00 %\n\
         Bob,Smith,S002,bob@example.org,5.00,100.00 %,2.00,40.00 %,70.00 %\n",
    )
    .expect("write");
    let refused = db.fails(&["import", export.to_str().expect("path"), "--course", &course], 1);
    assert!(
        refused.contains(
            "grades.csv:1: the file has 2 items titled 'Quiz: Quiz' where the course has 3 (quiz, quiz-2, quiz-3): \
             the export names an item by its title alone, so which of them was removed cannot be told"
        ),
        "{refused}"
    );
    assert_eq!(db.json(&["gradebook", "analytical-engines", "--json"]), gradebook, "nothing changed");
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
    let maxima = activity_numbers(&gradebook, "max_points");
    assert_eq!(maxima, [20.0, 10.0, 10.0, 50.0], "from the Points Possible row");
}

#[test]
fn chamilo_weights_and_scores_out_of_each_maximum() {
    let db = TestDb::new();
    db.ok(&["import", &fixture("chamilo/flatview.csv"), "--course", &fixture("chamilo/course.toml")]);
    let gradebook = db.json(&["gradebook", "lovelace-101", "--json"]);
    let weights = activity_numbers(&gradebook, "weight");
    assert_eq!(weights, [20.0, 30.0, 50.0]);
    let jose = learner(&gradebook, "ALU002");
    assert_eq!((jose["full_name"].as_str(), jose["scores"]["quiz-1"].as_f64()), (Some("José Núñez"), Some(7.5)));
    assert_eq!(jose["percent"].as_f64(), Some(60.0));
}

#[test]
fn extra_credit_is_kept_from_every_platform_that_gives_it() {
    let cases = [
        ("moodle/grades.csv", "moodle/course.toml", ",18.00,90.00 %,", ",21.00,105.00 %,"),
        ("chamilo/flatview.csv", "chamilo/course.toml", ";8 / 10 (80 %) ;", ";12 / 10 (120 %) ;"),
    ];
    for (export, course, from, to) in cases {
        let db = TestDb::new();
        let over = fixture_with(&db, export, "over.csv", from, to);
        let said = db.ok(&["import", &over, "--course", &fixture(course)]);
        assert!(
            said.contains("Note: 1 score above its maximum (extra credit) counts as full marks."),
            "{export}: {said}"
        );
    }
}

#[test]
fn names_in_chinese_japanese_and_korean_print_family_name_first() {
    let db = TestDb::new();
    let export = db.dir.path().join("grades.csv");
    std::fs::write(
        &export,
        "First name,Last name,ID number,Email address,Quiz: Quiz (Real),Quiz: Quiz (Percentage),Course total (Percentage)\n\
         小明,王,S001,wang@example.org,8.00,80.00 %,80.00 %\n\
         민준,김,S002,kim@example.org,9.00,90.00 %,90.00 %\n\
         ジョン,スミス,S003,john@example.org,7.00,70.00 %,70.00 %\n\
         Ada,Lovelace,S004,ada@example.org,6.00,60.00 %,60.00 %\n",
    )
    .expect("write");
    db.ok(&["import", export.to_str().expect("path"), "--course", &fixture("moodle/course.toml")]);
    let gradebook = db.json(&["gradebook", "analytical-engines", "--json"]);
    let name = |username: &str| learner(&gradebook, username)["full_name"].as_str().map(str::to_string);
    assert_eq!(name("wang@example.org").as_deref(), Some("王小明"), "as Chinese writes it, not 小明 王");
    assert_eq!(name("kim@example.org").as_deref(), Some("김민준"));
    assert_eq!(name("john@example.org").as_deref(), Some("ジョン スミス"), "a foreign name in katakana");
    assert_eq!(name("ada@example.org").as_deref(), Some("Ada Lovelace"));
}
