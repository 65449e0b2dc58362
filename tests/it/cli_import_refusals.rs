//! Exports certdesk refuses to import, through the real binary: each problem located by file,
//! line and column with what to do, and nothing written. Header problems are in
//! cli_import_headings.rs.

use crate::common;

use common::TestDb;
use common::platforms::{assert_nothing_imported, edx_args, fixture, fixture_with, strs};

/// stderr's lines with each fixture's path cut to its part under tests/fixtures/import.
fn located(stderr: &str) -> Vec<&str> {
    stderr.lines().map(|line| line.rsplit("fixtures/import/").next().unwrap_or(line)).collect()
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
    (
        "bad/one_cell.csv",
        None,
        "one_cell.csv:5:1: too few cells: 1 where the header has 19 columns: the line was cut short or edited by hand; export the file again, or add the missing cells",
    ),
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
        assert_nothing_imported(&db, file);
    }
    let db = TestDb::new();
    let stderr = db.fails(&strs(&edx_args("bad/unreadable_number.csv")), 1);
    assert_eq!(
        located(&stderr)[1..],
        [
            "bad/unreadable_number.csv:2:34: column 'Homework 2: Circuits, part 1': '0,9' is not a fraction from 0 to 1 (nor Not Attempted or Not Available)",
            "bad/unreadable_number.csv:3:30: column 'Homework 2: Circuits, part 1': 'sixty' is not a fraction from 0 to 1 (nor Not Attempted or Not Available)",
            "bad/unreadable_number.csv:4:32: column 'Homework 1: Intro': '100%' is not a fraction from 0 to 1 (nor Not Attempted or Not Available)",
        ]
    );
    // A cell that holds the separator unquoted, as an edit by hand leaves it.
    let db = TestDb::new();
    let edited = fixture_with(
        &db,
        "moodle/grades.csv",
        "edited.csv",
        "University of Rivendell",
        "University of Rivendell, Imladris",
    );
    let stderr = db.fails(&["import", &edited, "--course", &fixture("moodle/course.toml")], 1);
    assert!(
        stderr.contains(
            "edited.csv:2:1: too many cells: 18 where the header has 17 columns: a cell may hold the file's separator \
             without quotes around it, most likely after an edit by hand; export the file again, or put that cell in \
             quotes"
        ),
        "{stderr}"
    );
    assert_nothing_imported(&db, "edited.csv");
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
    assert!(lines[1].ends_with("garbage.csv:1:1: byte 0x89 is not UTF-8, and the file is not text: check that it is the CSV file (200 lines hold such bytes; this is the first)"), "{stderr}");
    assert_nothing_imported(&db, "garbage.csv");
}

/// `/dev/zero` was read until the memory ran out; a terminal given by mistake waited forever.
#[test]
fn a_device_given_as_the_export_is_refused_at_once() {
    let db = TestDb::new();
    let stderr = db.fails(&["import", "/dev/zero"], 1);
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "certdesk: found 1 problem; nothing was imported:",
            "  /dev/zero: cannot read it: it is a character device, not a file; give the file itself",
        ],
        "{stderr}"
    );
}

/// The folder a course was unpacked in was two problems, course.toml and roster.csv missing,
/// with no word of the course folder one level down.
#[test]
fn the_folder_around_a_course_folder_names_the_course_folder_to_give() {
    let db = TestDb::new();
    let course = db.sample_copy("downloads/middle-earth");
    let around = course.parent().expect("parent");
    let stderr = db.fails(&["import", around.to_str().expect("utf-8 path")], 1);
    assert_eq!(
        stderr.trim_end(),
        format!(
            "certdesk: {} is not a course folder: it has no course.toml, roster.csv or grades.csv; its folder \
             middle-earth is one: give {}",
            around.display(),
            course.display()
        )
    );
    assert!(db.ok(&["courses"]).contains("No courses yet"), "nothing was imported");
    db.ok(&["import", course.to_str().expect("utf-8 path")]);
}

#[test]
fn an_export_without_learners_says_so_instead_of_what_their_rows_would_have_told() {
    let db = TestDb::new();
    let args = ["import", &fixture("bad/moodle_header_only.csv"), "--course", &fixture("moodle/course.toml")];
    let stderr = db.fails(&args, 1);
    assert_eq!(
        located(&stderr),
        [
            "certdesk: found 1 problem; nothing was imported:",
            "bad/moodle_header_only.csv: the Moodle grade export has no learners, only its header: nothing to import (export it again with the learners in it)",
        ]
    );
}

#[test]
fn a_platform_name_that_would_reorder_the_line_is_refused() {
    let db = TestDb::new();
    let file = fixture_with(&db, "moodle/grades.csv", "grades.csv", "Ada,Lovelace", "Ada\u{202e},Lovelace");
    let error = db.fails(&["import", &file, "--course", &fixture("moodle/course.toml")], 1);
    assert!(error.contains(":2:") && error.contains("bidi control U+202E"), "{error}");
    assert!(!db.ok(&["courses"]).contains("analytical-engines"), "nothing was imported");
}

#[test]
fn a_bad_name_in_the_roster_file_is_blamed_on_the_roster_file() {
    let db = TestDb::new();
    let named = |name: &str| fixture_with(&db, "openedx/profiles.csv", "profiles.csv", "Bilbo Baggins", name);
    let mut args = edx_args("openedx/grade_report.csv");
    args[7] = named("Bilbo\u{202e}Baggins");
    let refused = db.fails(&strs(&args), 1);
    assert!(refused.contains("profiles.csv:2:"), "{refused}");
    assert!(refused.contains("bilbo: the name contains the bidi control U+202E"), "{refused}");
    assert!(!refused.contains("grade_report.csv"), "{refused}");

    args[7] = named("\u{200b} \u{200b}");
    let refused = db.fails(&strs(&args), 1);
    assert!(refused.contains("bilbo: the name has no letter or digit"), "{refused}");
    assert!(db.ok(&["courses"]).contains("No courses yet"), "nothing was imported");
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
        let mut args = edx_args(export);
        args[1] = fixture_with(&db, export, "twins.csv", from, to);
        args[3] = fixture(course);
        if !export.starts_with("openedx") {
            args.truncate(4);
        }
        let stderr = db.fails(&strs(&args), 1);
        assert!(stderr.contains(&format!("twins.csv{expected}")), "{export}: {stderr}");
        assert_nothing_imported(&db, export);
    }
}

#[test]
fn open_edx_scores_above_their_maximum_name_the_file_line_and_column() {
    let db = TestDb::new();
    let mut args = edx_args("openedx/problem_grade_report.csv");
    // bilbo earns 6 of the lab's 5 points.
    args[1] = fixture_with(&db, "openedx/problem_grade_report.csv", "above.csv", ",4.0,5.0,9.0,", ",6.0,5.0,9.0,");
    let stderr = db.fails(&strs(&args), 1);
    assert!(
        stderr.contains(
            "above.csv:2:71: column 'Lab 1: Wires - Q1 (Earned)': 6 is above the maximum of 5 points (its Possible \
             column)"
        ),
        "{stderr}"
    );
    assert_nothing_imported(&db, "above.csv");
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
        let other = fixture_with(&db, export, "other.csv", from, to);
        let stderr = db.fails(&["import", &other, "--course", &fixture(course)], 1);
        assert!(stderr.contains(&format!("other.csv{expected}")), "{export}: {stderr}");
        assert_nothing_imported(&db, export);
    }
}

/// The roster given lacks a learner of the export: asking for a roster again would send the
/// user round in a circle.
#[test]
fn a_learner_missing_from_the_roster_given_is_asked_for_in_it() {
    let db = TestDb::new();
    let profiles = std::fs::read_to_string(fixture("openedx/profiles.csv")).expect("fixture");
    let without_frodo: Vec<&str> = profiles.lines().filter(|line| !line.contains(",frodo,")).collect();
    let roster = db.dir.path().join("profiles.csv");
    std::fs::write(&roster, without_frodo.join("\n") + "\n").expect("write");
    let mut args = edx_args("openedx/grade_report.csv");
    let last = args.len() - 1;
    args[last] = roster.to_str().expect("utf-8").to_string();
    let stderr = db.fails(&strs(&args), 1);
    assert!(
        stderr
            .contains("1 learner has no full name (frodo on line 3): neither the export nor the roster given has them"),
        "{stderr}"
    );
    assert!(!stderr.contains("give --roster"), "{stderr}");
    assert_nothing_imported(&db, "a learner without a name");
}
