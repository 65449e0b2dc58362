//! Extra credit a platform's export stored (Canvas's 52 of 50) can be entered again as it is;
//! any other score above the maximum is still refused.

use crate::common;

use common::TestDb;
use common::platforms::fixture;

#[test]
fn stored_extra_credit_can_be_entered_again_but_no_other_score_above_the_maximum() {
    let db = TestDb::new();
    db.ok(&["import", &fixture("canvas/gradebook.csv"), "--course", &fixture("canvas/course.toml")]);
    let said = db.ok(&["grade", "hobbit-studies", "merry", "project", "52"]);
    assert!(said.starts_with("merry project: is already 52/50; nothing changed."), "{said}");
    let refused = db.fails(&["grade", "hobbit-studies", "merry", "project", "51.5"], 1);
    assert_eq!(refused, "certdesk: 51.5 points is above the maximum of 50 for project\n");
}

/// Canvas's extra credit assignment, worth 0 points possible, is left out with a note: it was
/// refused, with the advice to give it a maximum, which made it required work and lowered every
/// other learner's grade.
#[test]
fn an_assignment_worth_no_points_is_left_out_with_a_note() {
    let db = TestDb::new();
    let export = db.dir.path().join("gradebook.csv");
    std::fs::write(
        &export,
        "Student,ID,SIS User ID,SIS Login ID,Section,Essay 1 (101),Bonus (105),Final Score\n\
         \x20   Points Possible,,,,,20.00,0.00,(read only)\n\
         \"Baggins, Bilbo\",2001,S2001,bilbo,Section A,18.00,2.00,100.00\n\
         \"Took, Pippin\",2002,S2002,pippin,Section A,10.00,,50.00\n",
    )
    .expect("write");
    let export = export.to_str().expect("utf-8");
    let said = db.ok(&["import", export, "--course", &fixture("canvas/course.toml")]);
    assert!(said.contains("Note: Left out 'Bonus (105)': it is worth 0 points possible"), "{said}");
    let rows = db.json(&["gradebook", "hobbit-studies", "--json"]);
    let percent = |username: &str| {
        let rows = rows["learners"].as_array().expect("learners");
        rows.iter().find(|row| row["username"] == username).map(|row| row["percent"].clone()).expect("a row")
    };
    assert_eq!((percent("bilbo"), percent("pippin")), (serde_json::json!(90.0), serde_json::json!(50.0)));
    assert!(rows["activities"].as_array().is_some_and(|activities| activities.len() == 1), "{rows}");

    // A draft course file leaves it out too, saying how to count it: it wrote max_points = 0,
    // which the import it suggested refused.
    let draft = db.dir.path().join("draft.toml");
    db.ok(&["import", export, "--draft", draft.to_str().expect("utf-8")]);
    let drafted = std::fs::read_to_string(&draft).expect("the draft");
    assert!(drafted.contains("# \"Bonus (105)\" is worth 0 points possible (extra credit)"), "{drafted}");
    assert!(!drafted.contains("max_points = 0"), "{drafted}");
    // Named in the course file without a maximum, it is asked for, as the export gives none.
    let named = db.dir.path().join("named.toml");
    let course = std::fs::read_to_string(fixture("canvas/course.toml")).expect("course");
    std::fs::write(&named, format!("{course}\n[[activity]]\nid = \"bonus\"\ntitle = \"Bonus\"\n")).expect("write");
    let refused = db.fails(&["import", export, "--course", named.to_str().expect("utf-8"), "--dry-run"], 1);
    assert!(refused.contains("with max_points to") && refused.contains("(it is worth 0 points possible)"), "{refused}");
}
