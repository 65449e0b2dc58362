//! Problems with a platform export's header row, through the real binary: each names the file,
//! line 1, the character column and the heading exactly as the file spells it (not the
//! activity title certdesk makes of it), and two columns for one item, or with one learner's
//! heading, are refused.

use crate::common;

use common::TestDb;
use common::platforms::{assert_nothing_imported, fixture};

const CATEGORIES: &str = "\n[[category]]\nid = \"essays\"\nweight = 1\n\n[[category]]\nid = \"exams\"\nweight = 1\n";

/// (export, course file, categories the items do not fit, header text replaced, by, the
/// first refusal's location and message, COURSE standing for the course file's path)
const HEADINGS: &[(&str, &str, bool, &str, &str, &str)] = &[
    (
        "openedx/grade_report.csv",
        "openedx/course.toml",
        false,
        "Homework 3: Signals",
        "Homework 1: Intro",
        ":1:82: column 'Homework 1: Intro': a second column for Homework 1: the first is 'Homework 1: Intro' at 1:33; \
         export the file again, or remove one of the two columns",
    ),
    (
        "openedx/problem_grade_report.csv",
        "openedx/course.toml",
        false,
        "Homework 1: Intro - Q2 (Earned),Homework 1: Intro - Q2 (Possible)",
        "Homework 1: Intro - Q1 (Earned),Homework 1: Intro - Q1 (Possible)",
        ":1:117: column 'Homework 1: Intro - Q1 (Earned)': a second column for problem 'Homework 1: Intro - Q1': the \
         first is 'Homework 1: Intro - Q1 (Earned)' at 1:51; export the file again, or remove one of the two columns",
    ),
    (
        "canvas/gradebook.csv",
        "canvas/course.toml",
        false,
        "Quiz 2 (103)",
        "Quiz 2 (102)",
        ":1:72: column 'Quiz 2 (102)': a second column for assignment 102: the first is 'Quiz 1 (102)' at 1:59; export \
         the file again, or remove one of the two columns",
    ),
    (
        "canvas/gradebook.csv",
        "canvas/course.toml",
        true,
        "",
        "",
        ":1:45: column 'Essay 1 (101)': a Canvas export does not say which assignment group 'Essay 1' is in; or give \
         [[activity]] id = \"essay-1\" with its category",
    ),
    (
        "moodle/grades.csv",
        "moodle/course.toml",
        true,
        "",
        "",
        ":1:79: column 'Assignment: Essay 1 (Real)': no category of COURSE takes 'Assignment' items (its \
         categories: essays, exams); or give [[activity]] id = \"essay-1\" with its category",
    ),
    // Two columns that would name the learners: which to read cannot be told.
    (
        "moodle/grades.csv",
        "moodle/course.toml",
        false,
        "Department",
        "Email address",
        ":1:58: column 'Email address': a second column headed 'Email address': the first is at 1:44; export the file \
         again, or remove one of the two columns",
    ),
    (
        "canvas/gradebook.csv",
        "canvas/course.toml",
        false,
        "SIS User ID",
        "ID",
        ":1:12: column 'ID': a second column headed 'ID': the first is at 1:9; export the file again, or remove one \
         of the two columns",
    ),
];

#[test]
fn header_problems_name_the_heading_as_the_file_spells_it() {
    for &(export, course, other_categories, from, to, expected) in HEADINGS {
        let db = TestDb::new();
        let text = std::fs::read_to_string(fixture(export)).expect("fixture");
        assert!(text.lines().next().is_some_and(|header| header.contains(from)), "{export}: {from}");
        let edited = db.dir.path().join("edited.csv");
        std::fs::write(&edited, text.replacen(from, to, 1)).expect("write export");
        let mut course_text = std::fs::read_to_string(fixture(course)).expect("course fixture");
        if other_categories {
            course_text.push_str(CATEGORIES);
        }
        let course_file = db.dir.path().join("course.toml");
        std::fs::write(&course_file, course_text).expect("write course");
        let mut args = vec!["import", edited.to_str().expect("path"), "--course", course_file.to_str().expect("path")];
        let (policy, roster) = (fixture("openedx/grading_policy.json"), fixture("openedx/profiles.csv"));
        if export.starts_with("openedx/") {
            args.extend(["--grading-policy", &policy, "--roster", &roster]);
        }
        let stderr = db.fails(&args, 1);
        let first = stderr.lines().nth(1).unwrap_or("");
        let expected = expected.replace("COURSE", course_file.to_str().expect("path"));
        assert!(first.ends_with(&format!("edited.csv{expected}")), "{export}:\n{stderr}\nshould end with\n{expected}");
        assert_nothing_imported(&db, export);
    }
}
