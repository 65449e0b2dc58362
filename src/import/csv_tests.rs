//! The roster's and grades' CSV: each mistake reported once, at its own line, in words staff can act on.

use super::*;

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
        Some("username,q1,q2,final\nzoe,7,,91\nbilbo,\"10,8.5,\n"),
        &["grades.csv:3: the line opens a quoted cell (\") that never closes: close it, or remove the quote"],
    );
}

/// Excel saves "CSV" with semicolons where the decimal separator is a comma (most of Europe),
/// and "Text" with tabs: both are read, a decimal comma included, and their mistakes are
/// said in their own separator.
#[test]
fn a_file_separated_by_semicolons_or_tabs_reads_with_its_decimal_commas() {
    let roster = "username;full_name;email;mode\r\nbilbo;Baggins, Bilbo;bilbo@shire.me;honor\r\n";
    let dir = folder(COURSE, roster, Some("\u{feff}username;q1;q2;final\r\nbilbo;10;8,5;91.25\r\n"));
    let read = read_folder(dir.path()).expect("a semicolon-separated course folder");
    assert_eq!(read.roster[0].full_name, "Baggins, Bilbo");
    let row = &read.grades.rows["bilbo"];
    assert_eq!(
        row[..],
        [Some(Points::from_hundredths(1000)), Some(Points::from_hundredths(850)), Some(Points::from_hundredths(9125))]
    );
    let dir = folder(
        COURSE,
        "username\tfull_name\temail\tmode\nbilbo\tBilbo\tbilbo@shire.me\thonor\n",
        Some("username\tq2\nbilbo\t7,25\n"),
    );
    let read = read_folder(dir.path()).expect("a tab-separated course folder");
    assert_eq!(read.grades.rows["bilbo"][..], [Some(Points::from_hundredths(725))]);
    // A comma in a comma-separated file is no decimal separator; in another, a thousands
    // separator (three decimals) is refused as the number written, and what is no number is
    // shown both ways of writing one.
    assert_problems(
        COURSE,
        ROSTER,
        Some("username;q1;q2;final\nbilbo;8,555;1,2,3;\"90\nzoe;1;2;3\n"),
        &["grades.csv:2: the line opens a quoted cell (\") that never closes: close it, or remove the quote"],
    );
    assert_problems(
        COURSE,
        ROSTER,
        Some("username;q1;q2;final\nbilbo;8,555;1,2,3;\nzoe;1\n"),
        &[
            "grades.csv:2: column 'q1': '8,555' has too many decimals (at most 2)",
            "grades.csv:2: column 'q2': '1,2,3' is not a number (use a decimal point or comma, e.g. 8.5 or 8,5)",
            "grades.csv:3: too few cells: 2 where the header has 4 columns (nothing under 'q2' to 'final'): add the \
             missing cells, empty ones as ;;",
        ],
    );
    assert_problems(
        COURSE,
        ROSTER,
        Some("username,q1\nbilbo,\"8,5\"\n"),
        &["grades.csv:2: column 'q1': '8,5' is not a number (use a decimal point, e.g. 8.5)"],
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

#[test]
fn a_grades_row_whose_username_differs_from_the_roster_only_in_case_is_that_learners() {
    // A login is one whatever its case: Zoe is zoe of the roster, and her scores are hers.
    let grades = "username,q1,q2,final\nBILBO,10,8.5,\nZoe,7,,91\n";
    let dir = folder(COURSE, ROSTER, Some(grades));
    let folder = read_folder(dir.path()).expect("the roster's learners in another case");
    assert_eq!(folder.grades.rows["zoe"][2], Some(Points::from_hundredths(9100)));
    assert_eq!(folder.grades.rows["bilbo"][0], Some(Points::from_hundredths(1000)));
    assert_eq!(folder.grades.rows.len(), 2);
    // So a second row of the same login in another case is a second row, not a stranger.
    let grades = "username,q1\nzoe,7\nbilbo,5\nZoe,6\n";
    assert_problems(
        COURSE,
        ROSTER,
        Some(grades),
        &["grades.csv:4: column 'username': 'Zoe' has two rows: 'zoe' on line 2 is the same login in another case"],
    );
}

#[test]
fn a_platforms_marks_and_percentages_in_grades_say_what_to_write() {
    let grades = "username,q1,q2,final\nbilbo,-,EX,85 %\nzoe,8,5,N/A\n";
    assert_problems(
        COURSE,
        ROSTER,
        Some(grades),
        &[
            "grades.csv:2: column 'q1': '-' is not a score: leave the cell empty for work not graded",
            "grades.csv:2: column 'q2': 'EX' is not a score: leave the cell empty for work not graded",
            "grades.csv:2: column 'final': '85 %' is a percentage: write the points out of the maximum, 100, instead",
            "grades.csv:3: column 'final': 'N/A' is not a score: leave the cell empty for work not graded",
        ],
    );
}

#[test]
fn a_roster_column_read_as_no_other_is_refused() {
    // A misspelt `status` was dropped: every learner active, a withdrawn one certified.
    let roster = "username,full_name,email,mode,statsu,Notes\n\
                  bilbo,Bilbo Baggins,bilbo@shire.me,honor,withdrawn,x\n";
    assert_problems(
        COURSE,
        roster,
        None,
        &[
            "roster.csv:1: column 'statsu': unknown column 'statsu' (a roster's columns are username, full_name, \
             email, mode and status; did you mean 'status'?)",
            "roster.csv:1: column 'notes': unknown column 'notes' (a roster's columns are username, full_name, \
             email, mode and status)",
        ],
    );
}

/// A file saved as "CSV (Macintosh)" ends its lines with a CR alone: every problem was blamed
/// on line 1. And empty cells after the last column are a spreadsheet's whatever the header
/// has (Excel writes them on some rows only): they were refused as too many cells.
#[test]
fn lines_ended_by_cr_alone_are_counted_and_empty_cells_after_the_last_column_ignored() {
    let grades = "username,q1,q2,final\rbilbo,10,8.5,90\rzoe,ten,8,90\r";
    assert_problems(
        COURSE,
        ROSTER,
        Some(grades),
        &["grades.csv:3: column 'q1': 'ten' is not a number (use a decimal point, e.g. 8.5)"],
    );
    let roster = ROSTER.replace('\n', "\r");
    assert_problems(
        COURSE,
        &format!("{roster}bilbo,Bilbo Again,b2@shire.me,honor\r"),
        None,
        &["roster.csv:4: column 'username': duplicate username 'bilbo' (first on line 2)"],
    );
    let dir = folder(COURSE, ROSTER, Some("username,q1,q2,final\nbilbo,10,8.5,,,,\nzoe,7,,91,\n"));
    let read = read_folder(dir.path()).expect("empty cells after the last column");
    assert_eq!(read.grades.rows["bilbo"][1], Some(Points::from_hundredths(850)));
    assert_problems(
        COURSE,
        ROSTER,
        Some("username,q1,q2,final\nbilbo,10,8.5,,,7\n"),
        &["grades.csv:2: too many cells: 6 where the header has 4 columns: remove the extra cells, or name their \
           columns in the header"],
    );
}

/// A username in grades.csv with a zero-width space a copy carried along was echoed with it
/// hidden (`'bilbo' is not on the roster`, of a bilbo who is); it is written out, and the fix said.
#[test]
fn an_invisible_character_in_a_grades_username_is_written_out() {
    assert_problems(
        COURSE,
        ROSTER,
        Some("username,q1,q2,final\nbilbo\u{200b},10,8.5,90\ngol\u{200b}lum,1,1,1\n"),
        &[
            "grades.csv:2: column 'username': 'bilboU+200B' is not on the roster: without its invisible characters it \
             is 'bilbo', who is",
            "grades.csv:3: column 'username': 'golU+200Blum' is not on the roster",
        ],
    );
}

/// A header written the way a spreadsheet titles columns (`Full Name`) is named with the fix.
#[test]
fn a_required_column_spelled_another_way_is_named() {
    let roster = "Username,Full Name,Email,Mode\nbilbo,Bilbo Baggins,bilbo@shire.me,honor\n";
    assert_problems(
        COURSE,
        roster,
        None,
        &["roster.csv:1: column 'full_name': missing required column (the header has 'full name': name it full_name)"],
    );
    // An activity's title where its id goes, as a platform heads its columns.
    assert_problems(
        COURSE,
        ROSTER,
        Some("username,q1,q2,Final Exam\nbilbo,10,8.5,90\n"),
        &[
            "grades.csv:1: column 'final exam': unknown activity 'final exam' (not in course.toml; that is the title of \
           'final': head the column with its id)",
        ],
    );
}
