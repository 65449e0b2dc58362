//! Screens at 80x24 that said less than they should: a label cut where other parts of the
//! line could give way, a header cut by its own sort arrow.

use ratatui::crossterm::event::KeyCode;

use super::Harness;

/// The gradebook filtered and sorted by an activity at 80 columns: the footer keeps the match
/// count and the sort whole, the activity's title and the grading rule giving way, where the
/// sort label was cut off the end (`maps:…`); the sorted column's header shows whole with its
/// arrow (`maps▼`), where it was cut to `…ps▼`.
#[test]
fn tui_gradebook_filtered_and_sorted_at_80_columns_says_both() {
    let mut h = Harness::new(80, 24);
    h.keys("/ar").key(KeyCode::Enter).keys("lll").keys("s");
    let screen = h.screen();
    let footer = screen.lines().find(|line| line.contains("29 learners")).unwrap_or_default();
    assert!(footer.contains("6 match \"ar\""), "{screen}");
    assert!(footer.contains("sorted by maps ▼"), "{screen}");
    assert!(screen.contains(" maps▼ "), "{screen}");
    assert!(!screen.contains("…ps▼"), "{screen}");
    insta::assert_snapshot!("gradebook_filtered_sorted_80x24", screen);
    // Unfiltered and wider, the activity's title is back.
    h.key(KeyCode::Esc).resize(120, 40);
    assert!(
        h.screen().contains(
            "certdesk grading · columns 1-11 of 18 (h/l) · maps: Maps of the Shire, max 10 · sorted by maps ▼"
        ),
        "{}",
        h.screen()
    );
}
