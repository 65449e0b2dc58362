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
fn every_roster_and_grades_problem_is_reported_at_once() {
    let roster = "username,full_name,email,mode\n\
                  bilbo,Bilbo Baggins,bilbo@shire.me,honor\n\
                  bilbo,Bilbo Again,b2@shire.me,honor\n\
                  frodo,,frodo@shire.me,audit\n\
                  sam,Samwise,sam@shire.me,professional\n\
                  pippin,Peregrin Took,not-an-email,honor\n\
                  merry,Meriadoc,merry@shire.me\n";
    let grades = "username,q1,q9,final\n\
                  bilbo,11,1,50\n\
                  gollum,1,1,1\n\
                  frodo,ten,1,-3\n";
    assert_problems(
        COURSE,
        roster,
        Some(grades),
        &[
            "roster.csv:3: column 'username': duplicate username 'bilbo' (first on line 2)",
            "roster.csv:4: column 'full_name': missing required field",
            "roster.csv:5: column 'mode': unknown mode 'professional' (expected audit, honor or verified)",
            "roster.csv:6: column 'email': 'not-an-email' is not an email address",
            "roster.csv:7: too few cells: 3 where the header has 4 columns (nothing under 'mode'): add the missing \
             cells, empty ones as ,,",
            "grades.csv:1: column 'q9': unknown activity 'q9' (not in course.toml)",
            "grades.csv:2: column 'q1': 11 is above the maximum of 10 points",
            "grades.csv:3: column 'username': 'gollum' is not on the roster",
            // Frodo's roster line has a mistake, but names him: his grades are checked.
            "grades.csv:4: column 'q1': 'ten' is not a number (use a decimal point, e.g. 8.5)",
            "grades.csv:4: column 'final': '-3' is negative",
        ],
    );
    let grades = "username,q1,final\nbilbo,ten,-3\n";
    assert_problems(
        COURSE,
        ROSTER,
        Some(grades),
        &[
            "grades.csv:2: column 'q1': 'ten' is not a number (use a decimal point, e.g. 8.5)",
            "grades.csv:2: column 'final': '-3' is negative",
        ],
    );
}

#[test]
fn a_roster_mistake_is_not_repeated_as_grades_of_learners_not_on_it() {
    let grades = "username,q1\nbilbo,5\nfrodo,6\nmerry,7\ngollum,1\n";
    // A learner's line with a mistake, or of the wrong width, still names them.
    let roster = "username,full_name,email,mode\n\
                  bilbo,Bilbo Baggins,bilbo@shire.me,honour\n\
                  frodo,Frodo Baggins,frodo@shire.me\n\
                  merry,Meriadoc,merry@shire.me,honor\n";
    assert_problems(
        COURSE,
        roster,
        Some(grades),
        &[
            "roster.csv:2: column 'mode': unknown mode 'honour' (expected audit, honor or verified)",
            "roster.csv:3: too few cells: 3 where the header has 4 columns (nothing under 'mode'): add the missing \
             cells, empty ones as ,,",
            "grades.csv:5: column 'username': 'gollum' is not on the roster",
        ],
    );
    // A quote never closed takes the rest of the roster: whom it names is not known, and no
    // grades row is said to be of someone not on it.
    let roster =
        "username,full_name,email,mode\nbilbo,\"Bilbo Baggins,bilbo@shire.me,honor\nfrodo,Frodo,f@x.org,honor\n";
    assert_problems(
        COURSE,
        roster,
        Some(grades),
        &["roster.csv:2: the line opens a quoted cell (\") that never closes: close it, or remove the quote"],
    );
    // Nor when there is no roster at all.
    let dir = folder(COURSE, ROSTER, Some(grades));
    std::fs::remove_file(dir.path().join("roster.csv")).expect("remove");
    let found: Vec<String> = match read_folder(dir.path()) {
        Err(ImportError::Invalid(Problems(problems))) => problems.iter().map(ToString::to_string).collect(),
        Err(other) => panic!("expected problems, got {other}"),
        Ok(_) => panic!("expected problems, the folder was accepted"),
    };
    assert_eq!(found, ["roster.csv: missing: the folder needs roster.csv"]);
}

#[test]
fn usernames_differing_only_in_case_are_one_learner_on_the_roster() {
    let roster = format!("{ROSTER}Bilbo,Bilbo Twin,twin@shire.me,honor\n");
    assert_problems(
        COURSE,
        &roster,
        None,
        &["roster.csv:4: column 'username': duplicate username 'Bilbo': 'bilbo' on line 2 differs only in case"],
    );
}

#[test]
fn a_file_saved_by_a_spreadsheet_reads_or_says_how_to_save_it() {
    // Excel's empty trailing columns and rows of separators only are nothing.
    let dir = folder(COURSE, ROSTER, Some("username,q1,q2,final,,\r\nbilbo,10,8.5,,,\r\n,,,,,\r\n"));
    let read = read_folder(dir.path()).expect("trailing empty cells and rows");
    assert_eq!(read.grades.rows["bilbo"][1], Some(Points::from_hundredths(850)));
    assert_problems(
        COURSE,
        ROSTER,
        Some("username,q1,q2,final,,\nbilbo,10,8.5,,,7\n"),
        &["grades.csv:2: a value in cell 6, under no column name: name its column, or remove it"],
    );
    assert_problems(
        COURSE,
        ROSTER,
        Some("\u{feff}username;q1;q2;final\r\nbilbo;10;8,5;\r\n"),
        &["grades.csv:1: the file is separated by semicolons, but a course folder's files are separated by commas: \
           save it with commas (in Excel: CSV UTF-8 (Comma delimited))"],
    );
    assert_problems(
        COURSE,
        ROSTER,
        Some("username,q1,q2,final\nzoe,7,,91\nbilbo,\"10,8.5,\n"),
        &["grades.csv:3: the line opens a quoted cell (\") that never closes: close it, or remove the quote"],
    );
}

/// A short row followed by a row that opens a quote: each line is blamed for its own fault
/// (the unclosed quote used to be blamed on the short row too, since the rest of the file held
/// an odd number of quotes from there on).
#[test]
fn a_short_row_and_an_unclosed_quote_are_told_apart() {
    let grades = format!("{GRADES}zoe,7\n\"bilbo,10,8.5,\n");
    assert_problems(
        COURSE,
        ROSTER,
        Some(&grades),
        &[
            "grades.csv:4: too few cells: 2 where the header has 4 columns (nothing under 'q2' to 'final'): \
             add the missing cells, empty ones as ,,",
            "grades.csv:5: the line opens a quoted cell (\") that never closes: close it, or remove the quote",
        ],
    );
    let roster = format!("{ROSTER}merry,Meriadoc,merry@shire.me,honor,extra,more\n\"frodo,Frodo\n");
    assert_problems(
        COURSE,
        &roster,
        None,
        &[
            "roster.csv:4: too many cells: 6 where the header has 4 columns: remove the extra cells, or name their \
             columns in the header",
            "roster.csv:5: the line opens a quoted cell (\") that never closes: close it, or remove the quote",
        ],
    );
    // A quote left open in a row of the right width swallows the rest of the file into its
    // last cell: it is reported, not read as a name running over several lines.
    let roster = format!("{ROSTER}merry,Meriadoc,merry@shire.me,\"honor\npippin,Peregrin,p@shire.me,honor\n");
    assert_problems(
        COURSE,
        &roster,
        None,
        &["roster.csv:4: the line opens a quoted cell (\") that never closes: close it, or remove the quote"],
    );
    // A stray quote that a quoted cell further down closes takes the lines between into one
    // cell: that is said of its line, and the learners it hid are not said to be missing.
    let roster = format!(
        "{ROSTER}merry,\"Meriadoc,merry@shire.me,honor\npippin,Peregrin,p@shire.me,honor\n\
         gimli,\"Gimli, son of Gloin\",g@erebor.me,honor\n"
    );
    let grades = format!("{GRADES}pippin,1,2,3\n");
    assert_problems(
        COURSE,
        &roster,
        Some(&grades),
        &["roster.csv:4: the line opens a quoted cell (\") that closes only on line 6, which reads the lines \
           between as part of it: close it on line 4, or remove the quote"],
    );
    // A quote inside a cell that does not start with one is a plain character.
    let roster = format!("{ROSTER}obrien,O\"Brien,ob@shire.me,honor\n");
    assert!(read_folder(folder(COURSE, &roster, None).path()).is_ok(), "a lone quote inside a name");
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
    let message = read_folder(dir.path()).expect_err("empty folder").to_string();
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
        &COURSE.replace("A = 90", "A = \"ninety\""),
        "course.toml:11: key 'letter_cutoffs.A': the text \"ninety\" where a number is expected",
    );
    one_problem(
        &COURSE.replace("institution = \"University of Rivendell\"", "institution = 7"),
        "course.toml:8: key 'institution': the number 7 where text in quotes is expected",
    );
    let syntax = COURSE.replace("title = \"Middle-earth Studies\"", "title = Middle-earth");
    assert!(problems(&syntax, ROSTER, None)[0].starts_with("course.toml:3: "));
}

#[test]
fn non_utf8_rows_are_reported_by_line() {
    let dir = folder(COURSE, "", None);
    let mut roster = b"username,full_name,email,mode\nbilbo,Bilbo,b@x.org,honor\nzoe,Zo\xeb,z@x.org,honor\n".to_vec();
    roster.extend_from_slice(b"sam,Sam,s@x.org,honor\n");
    std::fs::write(dir.path().join("roster.csv"), roster).expect("write");
    match read_folder(dir.path()) {
        Err(ImportError::Invalid(Problems(problems))) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!((problems[0].file.as_str(), problems[0].line), ("roster.csv", Some(3)));
        }
        other => panic!("expected one problem, got {other:?}"),
    }
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

#[test]
fn a_name_of_spaces_or_invisible_characters_is_refused_for_what_it_is() {
    let roster = "username,full_name,email,mode\n\
                  bilbo,\u{a0}\u{3000},bilbo@shire.me,honor\n\
                  zoe,\u{200b}\u{feff},zoe@example.org,verified\n";
    assert_problems(
        COURSE,
        roster,
        Some("username,q1\n"),
        &[
            "roster.csv:2: column 'full_name': the name is only spaces",
            "roster.csv:3: column 'full_name': the name has no letter or digit, only spaces, punctuation, marks or invisible characters: a certificate would show a blank name",
        ],
    );
}

#[test]
fn problems_are_reported_at_the_same_lines_in_crlf_files() {
    let roster = "username,full_name,email,mode\n\
                  bilbo,Bilbo Baggins,bilbo@shire.me,honor\n\
                  zoe,\u{200b},zoe@example.org,verified\n\
                  \"sam\",\"Samwise\nGamgee\",sam@shire.me,honor\n\
                  rosie,Rosie,rosie@shire.me,nobody\n";
    let expected = [
        "roster.csv:3: column 'full_name': the name has no letter or digit, only spaces, punctuation, marks or invisible characters: a certificate would show a blank name",
        "roster.csv:4: column 'full_name': the name contains a line break; a name is one line",
        "roster.csv:6: column 'mode': unknown mode 'nobody' (expected audit, honor or verified)",
    ];
    assert_problems(COURSE, roster, Some("username,q1\n"), &expected);
    assert_problems(COURSE, &roster.replace('\n', "\r\n"), Some("username,q1\r\n"), &expected);
}

#[path = "reimport_tests.rs"]
mod reimport;

#[test]
fn learners_with_international_addresses_are_noted_and_the_others_not() {
    use crate::domain::{Enrollment, EnrollmentStatus, Mode};
    let learner = |username: &str, email: &str, status| Enrollment {
        username: username.into(),
        full_name: username.into(),
        email: email.into(),
        mode: Mode::Honor,
        status,
        scores: Vec::new(),
        imported: None,
    };
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
