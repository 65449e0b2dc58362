//! Extra credit a platform's export stored (Canvas's 52 of 50) can be entered again as it is;
//! any other score above the maximum is still refused.

mod common;

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
