//! Tests of reading Canvas gradebook exports.

use super::*;

#[test]
fn totals_and_assignments() {
    assert_eq!(total_of("Final Score"), Some(""));
    assert_eq!(total_of("Quizzes Unposted Final Score"), Some("Quizzes"));
    assert_eq!(total_of("Final Score (Fall 2026)"), Some(""));
    assert_eq!(total_of("Essay 1 (4512)"), None);
    assert_eq!(assignment_title("Essay 1 (4512)"), Some(("Essay 1", "4512")));
    assert_eq!(assignment_title("Final Score"), None);
}

#[track_caller]
fn read_text(text: &str) -> Export {
    let mut problems = Vec::new();
    let export = read("g.csv", text, Dialect::csv(b','), &mut problems).expect("read");
    assert!(problems.is_empty(), "{problems:?}");
    export
}

#[test]
fn custom_columns_titled_like_assignments_are_passed_over_and_said() {
    let text = "Student,ID,SIS Login ID,Section,Attendance (2024),Notes (1),Essay 1 (101),Final Score\n\
                ,,,,,,Manual Posting,\n\
                \x20   Points Possible,,,,,(read only),20.00,(read only)\n\
                \"Baggins, Bilbo\",2001,bilbo,A,12,good,18.00,90.00\n";
    let export = read_text(text);
    let ids: Vec<&str> = export.items.iter().map(|item| item.id.as_str()).collect();
    assert_eq!(ids, ["essay-1"]);
    assert_eq!(export.learners[0].cells, [Some(Points::from_hundredths(1800))]);
    assert_eq!(
        export.notes,
        ["Passed over the custom columns 'Attendance (2024)' and 'Notes (1)': Canvas gives them no points \
          possible, so they are not assignments."]
    );
}

#[test]
fn an_assignment_without_points_possible_is_still_an_assignment() {
    // No assignment with points after it: the empty cell may be an assignment's.
    let text = "Student,ID,SIS Login ID,Section,Essay 1 (101),Quiz (102)\n\
                \x20   Points Possible,,,,,\n\
                \"Baggins, Bilbo\",2001,bilbo,A,18.00,4\n";
    let export = read_text(text);
    assert_eq!(export.items.len(), 2);
    assert!(export.notes.is_empty(), "{:?}", export.notes);
    // After an assignment with points, a column with an empty cell is an assignment too.
    let text = "Student,ID,SIS Login ID,Section,Essay 1 (101),Quiz (102)\n\
                \x20   Points Possible,,,,20.00,\n\
                \"Baggins, Bilbo\",2001,bilbo,A,18.00,4\n";
    assert_eq!(read_text(text).items.len(), 2);
    // Before one with points, an empty cell is an assignment's when Canvas marked its posting
    // (a custom column has none), and the marks' row is not read as a learner.
    for mark in ["Manual Posting", "Muted"] {
        let text = format!(
            "Student,ID,SIS Login ID,Section,Essay 1 (101),Quiz (102)\n,,,,{mark},\n\
             \x20   Points Possible,,,,,10.00\n\"Baggins, Bilbo\",2001,bilbo,A,18.00,4\n"
        );
        let export = read_text(&text);
        assert_eq!((export.items.len(), export.learners.len()), (2, 1), "{mark}");
    }
}
