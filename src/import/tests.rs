//! Reading a course folder: what a good one gives, and course.toml's mistakes said at their lines;
//! the CSV files' mistakes are in csv_tests.rs, a re-import's in reimport_tests.rs.

use std::path::Path;

use super::*;
use crate::domain::{Mode, Points};

const COURSE: &str = r#"
id = "me-101"
title = "Middle-earth Studies"
starts = 2026-01-05T09:00:00Z
ends = "2026-06-30T23:59:59Z"
pass_threshold = 80
issuance = "final"
institution = "University of Rivendell"

[letter_cutoffs]
A = 90
B = 80

[[signatory]]
name = "Gandalf the Grey"
title = "Course Director"

[[category]]
id = "quiz"
title = "Quizzes"
weight = 40
drop_lowest = 1

[[category]]
id = "exam"
weight = 60

[[activity]]
id = "q1"
category = "quiz"
max_points = 10

[[activity]]
id = "q2"
category = "quiz"
max_points = 10

[[activity]]
id = "final"
title = "Final exam"
category = "exam"
max_points = 100
"#;

const ROSTER: &str = "username,full_name,email,mode\nbilbo,Bilbo Baggins,bilbo@shire.me,honor\nzoe,Zoë Ångström,zoe@example.org,verified\n";
const GRADES: &str = "username,q1,q2,final\nbilbo,10,8.5,\nzoe,7,,91\n";

fn folder(course: &str, roster: &str, grades: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "course.toml", course);
    write(dir.path(), "roster.csv", roster);
    if let Some(grades) = grades {
        write(dir.path(), "grades.csv", grades);
    }
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write fixture");
}

/// The problems of an invalid folder, one `Display` line each.
#[track_caller]
fn problems(course: &str, roster: &str, grades: Option<&str>) -> Vec<String> {
    let dir = folder(course, roster, grades);
    match read_folder(dir.path()) {
        Err(ImportError::Invalid(Problems(problems))) => problems.iter().map(ToString::to_string).collect(),
        Err(other) => panic!("expected problems, got {other}"),
        Ok(_) => panic!("expected problems, the folder was accepted"),
    }
}

#[track_caller]
fn assert_problems(course: &str, roster: &str, grades: Option<&str>, expected: &[&str]) {
    assert_eq!(problems(course, roster, grades), expected);
}

#[test]
fn a_good_folder_reads() {
    let dir = folder(COURSE, ROSTER, Some(GRADES));
    let folder = read_folder(dir.path()).expect("valid folder");
    assert_eq!(folder.course.id, "me-101");
    assert_eq!(folder.course.letter_cutoffs.iter().map(|c| c.letter.as_str()).collect::<Vec<_>>(), ["A", "B"]);
    assert_eq!(folder.course.activities[2].title, "Final exam");
    assert_eq!(folder.course.categories[1].weight, 60.0);
    assert_eq!(folder.roster[1].full_name, "Zoë Ångström");
    assert_eq!(folder.roster[1].mode, Mode::Verified);
    assert_eq!(
        folder.grades.rows["bilbo"],
        vec![Some(Points::from_hundredths(1000)), Some(Points::from_hundredths(850)), None]
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let roster = format!("\u{feff}{}", ROSTER.replace('\n', "\r\n"));
    let grades = format!("\u{feff}{}", GRADES.replace('\n', "\r\n"));
    let dir = folder(&COURSE.replace('\n', "\r\n"), &roster, Some(&grades));
    let folder = read_folder(dir.path()).expect("BOM and CRLF");
    assert_eq!(folder.roster[0].username, "bilbo");
    assert_eq!(folder.roster[1].email, "zoe@example.org");
    assert_eq!(folder.grades.rows["zoe"][2], Some(Points::from_hundredths(9100)));
}

#[test]
fn missing_columns_files_and_fields() {
    assert_problems(
        COURSE,
        "username,full_name,mode\nbilbo,Bilbo,honor\n",
        None,
        &["roster.csv:1: column 'email': missing required column"],
    );
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("grades.csv"), "username\n").expect("grades.csv");
    let message = read_folder(dir.path()).expect_err("only grades.csv").to_string();
    assert!(message.contains("course.toml: missing: the folder needs course.toml"), "{message}");
    assert!(message.contains("roster.csv: missing: the folder needs roster.csv"), "{message}");
    let course = "title = \"No id\"\n[[activity]]\nid = \"a\"\n";
    assert_problems(
        course,
        ROSTER,
        None,
        &[
            "course.toml: key 'id': missing required field",
            "course.toml: key 'pass_threshold': missing required field",
            "course.toml:2: key 'activity.max_points': activity 'a' needs max_points",
        ],
    );
}

#[test]
fn course_file_problems_have_lines() {
    let broken = COURSE
        .replace("pass_threshold = 80", "pass_threshold = 80.25")
        .replace("category = \"exam\"", "category = \"exams\"");
    assert_problems(
        &broken,
        ROSTER,
        None,
        &[
            "course.toml:6: key 'pass_threshold': '80.25' has too many decimals (at most 1): expected a percentage from 0 to 100 with at most one decimal",
            "course.toml:41: key 'activity.category': activity 'final': unknown category 'exams' (did you mean 'exam'?)",
        ],
    );
    // A date alone, or a time with no offset, is answered with the date-time it most likely meant.
    let dates = COURSE
        .replace("starts = 2026-01-05T09:00:00Z", "starts = 2026-01-05")
        .replace("ends = \"2026-06-30T23:59:59Z\"", "ends = 2026-06-30T18:00:00");
    assert_problems(
        &dates,
        ROSTER,
        None,
        &[
            "course.toml:4: key 'starts': '2026-01-05' is a date without a time: write 2026-01-05T00:00:00Z (UTC), or another time and offset",
            "course.toml:5: key 'ends': '2026-06-30T18:00:00' has no offset, so no one knows where in the world it is: write 2026-06-30T18:00:00Z for UTC, or the offset (as 2026-06-30T18:00:00+01:00)",
        ],
    );
    let last_day = COURSE.replace("ends = \"2026-06-30T23:59:59Z\"", "ends = \"2026-06-30\"");
    assert_problems(
        &last_day,
        ROSTER,
        None,
        &[
            "course.toml:5: key 'ends': '2026-06-30' is a date without a time: write 2026-06-30T23:59:59Z (UTC), or another time and offset",
        ],
    );
    // TOML's nan compares as nothing: read as it was, it passed as 0%, certifying everyone.
    let nan = COURSE.replace("pass_threshold = 80", "pass_threshold = nan");
    assert_problems(
        &nan,
        ROSTER,
        None,
        &[
            "course.toml:6: key 'pass_threshold': 'nan' is not a number (use a decimal point, e.g. 8.5): expected a percentage from 0 to 100 with at most one decimal",
        ],
    );
    // One slip copied to every activity of a category is said once, naming them all.
    let copied = COURSE.replace("category = \"quiz\"", "category = \"quizes\"");
    assert_problems(
        &copied,
        ROSTER,
        None,
        &[
            "course.toml:30: key 'activity.category': unknown category 'quizes' (did you mean 'quiz'?), named by 2 activities: 'q1', 'q2'",
        ],
    );
    // A roster column named twice: only the first was read, a withdrawn learner kept active.
    let twice = "username,full_name,email,mode,status,status\nbilbo,Bilbo Baggins,b@shire.me,honor,,withdrawn\n";
    assert_eq!(
        problems(COURSE, twice, None),
        ["roster.csv:1: column 'status': the column 'status' is there twice (columns 5 and 6): which one to read \
          cannot be told; keep one"]
    );
    // A grades.csv column a slip from an activity id names it.
    assert_eq!(
        problems(COURSE, ROSTER, Some("username,q1,q2,fianl\nbilbo,10,8.5,\n")),
        ["grades.csv:1: column 'fianl': unknown activity 'fianl' (not in course.toml; did you mean 'final'?)"]
    );
    let typo = COURSE.replace("pass_threshold", "pass_treshold");
    assert_eq!(
        problems(&typo, ROSTER, None),
        ["course.toml:6: key 'pass_treshold': no such key (did you mean 'pass_threshold'?)"]
    );
    let unknown = COURSE.replace("drop_lowest = 1", "drop = 1");
    assert_eq!(
        problems(&unknown, ROSTER, None),
        [
            "course.toml:22: key 'category.drop': no such key; the keys here are id, title, weight, drop_lowest, min_count"
        ]
    );
    // The TOML reader's own words are said as staff would: the key, what it holds, what it should.
    #[track_caller]
    fn one_problem(course: &str, expected: &str) {
        assert_eq!(problems(course, ROSTER, None), [expected]);
    }
    one_problem(
        &COURSE.replace("pass_threshold = 80", "pass_threshold = \"eighty\""),
        "course.toml:6: key 'pass_threshold': the text \"eighty\" where a number is expected",
    );
    one_problem(
        &COURSE.replace("pass_threshold = 80", "pass_threshold = \"80\""),
        "course.toml:6: key 'pass_threshold': the text \"80\" where a number is expected: write the number without \
         quotes",
    );
    one_problem(
        &COURSE.replace("pass_threshold = 80", "pass_threshold = 80\npass_threshold = 70"),
        "course.toml:7: key 'pass_threshold': given twice: keep one of them",
    );
    one_problem(
        &COURSE.replace("drop_lowest = 1", "drop_lowest = 1.5"),
        "course.toml:22: key 'category.drop_lowest': the number 1.5 where a whole number is expected",
    );
    // A key of a table is named with it, as the checks name keys.
    one_problem(
        &COURSE.replace("max_points = 100", "max_points = \"100\""),
        "course.toml:42: key 'activity.max_points': the text \"100\" where a number is expected: write the number \
         without quotes",
    );
    one_problem(
        &COURSE.replace("pass_threshold = 80", "pass_threshold = \"80 %\""),
        "course.toml:6: key 'pass_threshold': the text \"80 %\" where a number is expected: write 80, without \
         quotes or %",
    );
    one_problem(
        &COURSE.replace("pass_threshold = 80", "pass_threshold = 80%"),
        "course.toml:6: key 'pass_threshold': '80%' has a percent sign: write 80",
    );
    one_problem(
        &COURSE.replace("A = 90", "A = \"ninety\""),
        "course.toml:11: key 'letter_cutoffs.A': the text \"ninety\" where a number is expected",
    );
    one_problem(
        &COURSE.replace("A = 90", "A = nan"),
        "course.toml:11: key 'letter_cutoffs.A': 'nan' is not a number (use a decimal point, e.g. 8.5): expected a \
         percentage from 0 to 100 with at most one decimal",
    );
    // A decimal comma, and the quotes a word processor puts in, said with the fix.
    one_problem(
        &COURSE.replace("pass_threshold = 80", "pass_threshold = 80,5"),
        "course.toml:6: key 'pass_threshold': '80,5' has a decimal comma: write 80.5",
    );
    one_problem(
        &COURSE.replace("A = 90", "A = 90,5 # a cut-off"),
        "course.toml:11: key 'letter_cutoffs.A': '90,5' has a decimal comma: write 90.5",
    );
    one_problem(
        &COURSE.replace(
            "institution = \"University of Rivendell\"",
            "institution = \u{201c}University of Rivendell\u{201d}",
        ),
        "course.toml:8: key 'institution': \u{201c}University of Rivendell\u{201d} is in typographic quotes, which TOML \
         does not read: write \"University of Rivendell\" (straight quotes)",
    );
    one_problem(
        &COURSE.replace("institution = \"University of Rivendell\"", "institution = 7"),
        "course.toml:8: key 'institution': the number 7 where text in quotes is expected",
    );
    // A title of nothing but spaces or punctuation would print a certificate of no course.
    for blank in ["\"\"", "\"   \"", "\" - \""] {
        one_problem(
            &COURSE.replace("title = \"Middle-earth Studies\"", &format!("title = {blank}")),
            "course.toml:3: key 'title': the title is empty: certificates name the course by it, so give the course's \
             title",
        );
    }
    // Printed on every certificate: a bidi control turned the title around on the page, a
    // line break split every listing of the course.
    one_problem(
        &COURSE.replace("title = \"Middle-earth Studies\"", "title = \"Middle\\u202Eearth\""),
        "course.toml:3: key 'title': the title contains the bidi control U+202E, which would reorder the text \
         around it; remove it",
    );
    one_problem(
        &COURSE.replace("institution = \"University of Rivendell\"", "institution = \"University\\nof Rivendell\""),
        "course.toml:8: key 'institution': the institution contains a line break; an institution is one line",
    );
    one_problem(
        &COURSE.replace("name = \"Gandalf the Grey\"", "name = \"Gandalf\\u0007\""),
        "course.toml:14: key 'signatory.name': the signatory's name contains the control character U+0007, which \
         prints as nothing; remove it",
    );
    let syntax = COURSE.replace("title = \"Middle-earth Studies\"", "title = Middle-earth");
    assert!(problems(&syntax, ROSTER, None)[0].starts_with("course.toml:3: "));
}

#[test]
fn an_invalid_folder_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("db")).expect("store");
    let course = folder(COURSE, ROSTER, Some("username,q1\nbilbo,99\n"));
    assert!(matches!(
        import_folder(&store, course.path(), None, ("tester", jiff::Timestamp::UNIX_EPOCH)),
        Err(ImportError::Invalid(_))
    ));
    assert!(store.is_empty().expect("read"));
}

#[path = "csv_tests.rs"]
mod csv;
#[path = "reimport_tests.rs"]
mod reimport;

/// An honor-mode learner named `username` with the address `email`, and no scores.
fn learner(username: &str, email: &str, status: crate::domain::EnrollmentStatus) -> crate::domain::Enrollment {
    crate::domain::Enrollment {
        username: username.into(),
        full_name: username.into(),
        email: email.into(),
        mode: crate::domain::Mode::Honor,
        status,
        scores: Vec::new(),
        imported: None,
    }
}

#[test]
fn learners_with_international_addresses_are_noted_and_the_others_not() {
    use crate::domain::EnrollmentStatus;
    let active = EnrollmentStatus::Active;
    let mut learners = vec![learner("bilbo", "bilbo@shire.me", active), learner("ann", "", active)];
    assert_eq!(super::international_addresses(&learners), None);
    learners.push(learner("zoe", "zoë@exämple.org", active));
    learners.push(learner("gone", "gône@exämple.org", EnrollmentStatus::Withdrawn));
    assert_eq!(
        super::international_addresses(&learners).as_deref(),
        Some(
            "1 learner (zoe) has an international email address, which only a mail server that takes them (SMTPUTF8) delivers to."
        )
    );
    for name in ["a", "b", "c", "d"] {
        learners.push(learner(name, &format!("{name}@exämple.org"), active));
    }
    let note = super::international_addresses(&learners).expect("a note");
    assert!(note.starts_with("5 learners (zoe, a, b and 2 more) have international email addresses"), "{note}");
}

#[test]
fn learners_whose_address_mail_cannot_take_are_noted_at_import() {
    use crate::domain::EnrollmentStatus;
    let active = EnrollmentStatus::Active;
    let mut learners = vec![
        learner("bilbo", "bilbo@shire.me", active),
        learner("ann", "", active),
        learner("zoe", "zoë@exämple.org", active),
        learner("gone", "gone at shire", EnrollmentStatus::Withdrawn),
    ];
    assert_eq!(super::unusable_addresses(&learners), None);
    learners.push(learner("frodo", "frodo at shire", active));
    learners.push(learner("sam", "sam@bagshot..shire", active));
    assert_eq!(
        super::unusable_addresses(&learners).as_deref(),
        Some(
            "2 learners (frodo 'frodo at shire' and sam 'sam@bagshot..shire') have email addresses that mail cannot be \
             sent to: correct it where the roster comes from and import again."
        )
    );
}

#[test]
fn a_weight_past_a_million_is_refused() {
    // Two weights near the largest float added up to infinity: every grade read 0.0%.
    let huge = COURSE.replace("weight = 40", "weight = 1e308").replace("weight = 60", "weight = -1");
    assert_problems(
        &huge,
        ROSTER,
        None,
        &[
            "course.toml:21: key 'category.weight': category 'quiz': the weight must be a number from 0 to 1000000 \
             (weights count against each other: 30 and 70 weigh as 3 and 7)",
            "course.toml:26: key 'category.weight': category 'exam': the weight must be a number from 0 to 1000000 \
             (weights count against each other: 30 and 70 weigh as 3 and 7)",
        ],
    );
}
