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
    assert!(footer.contains("6 matches \"ar\""), "{screen}");
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

/// A title too long for the footer's room is cut to what is left, not dropped whole: the
/// essay's "Final Essay: There and Back Again" at 110 columns with a filter on.
#[test]
fn tui_gradebook_footer_cuts_a_long_title_to_the_room_left() {
    let mut h = Harness::new(110, 30);
    h.keys("/frodo").key(KeyCode::Enter).keys("llllllllllll");
    let screen = h.screen();
    let footer = screen.lines().find(|line| line.contains("29 learners")).unwrap_or_default();
    assert!(footer.contains("1 match \"frodo\""), "{screen}");
    assert!(footer.contains("essay: Final Essay"), "{screen}");
    assert!(footer.contains("…, max 10"), "{screen}");
    assert!(!footer.contains("There and Back Again"), "{screen}");
}

/// An example that failed at 80 columns: its kind whole (`unprintable name`, cut to
/// `unprintable na…`), its name whole in the name column, where the reason after it was cut
/// (`කමල් පෙරේරා: name cannot …`), the count of failed ones under the list, and the reason
/// whole there once it is selected; `v` on it says why there is no preview rather than show a
/// page with nothing where the name goes.
#[test]
fn tui_a_failed_example_at_80_columns_says_why_whole() {
    let mut h = Harness::new(80, 24);
    let (_dir, folder) = super::sample_copy();
    let roster = std::fs::read_to_string(folder.join("roster.csv")).unwrap_or_default();
    std::fs::write(folder.join("roster.csv"), roster.replace("Bilbo Baggins", "කමල් පෙරේරා")).unwrap_or_default();
    crate::import::import_folder(&h.store, &folder, None, ("tester", super::NOW.parse().unwrap_or_default()))
        .map(|_| ())
        .unwrap_or_else(|error| panic!("import: {error}"));
    h.keys("2c").key(KeyCode::Enter);
    h.keys("xg").keys("G");
    let screen = h.screen();
    let row = screen.lines().find(|line| line.contains("FAILED")).unwrap_or_default();
    assert!(row.contains("unprintable name FAILED"), "{screen}");
    assert!(row.contains("කමල් පෙරේරා") && !row.contains("name cannot"), "{screen}");
    assert!(!screen.contains("unprintable na…"), "{screen}");
    assert!(screen.contains("19 examples · 1 failed (select one to see why) · made 2026-12-01 12:00 UTC "), "{screen}");
    assert!(
        screen.contains("unprintable name: කමල් පෙරේරා: name cannot be printed: no font has 'ක' (U+0D9A)"),
        "{screen}"
    );
    insta::assert_snapshot!("examples_failed_80x24", screen);
    // Nor is it previewed as if it printed, with nothing where the name goes.
    let said = h.keys("v").screen().lines().map(|line| line.trim_matches('"').trim()).collect::<Vec<_>>().join(" ");
    assert!(!said.contains("Example: unprintable name"), "{said}");
    assert!(
        said.contains("The example 'unprintable name' failed, so it is not previewed: name cannot be printed"),
        "{said}"
    );
}

/// A page size written in bare numbers that makes a card (`297 x 210`, millimetres meant) is one
/// error at the size, read whole in the editor's two lines at 80 columns with both ways to
/// write it, where every block ran off the card in a dozen errors that never named the size.
#[test]
fn tui_a_page_size_in_bare_numbers_is_one_error_read_whole_at_80_columns() {
    let mut h = Harness::new(80, 24);
    let built_in = h.store.latest_template("honor").unwrap().unwrap();
    assert!(built_in.source.contains("  size: A4\n"));
    let source = built_in.source.replace("  size: A4\n", "  size: 297 x 210\n");
    let edited = crate::domain::TemplateRevision { revision: 2, source, ..built_in };
    h.store.save_template(&edited).unwrap();
    h.keys("3").key(KeyCode::Enter);
    std::thread::sleep(crate::tui::editor::DEBOUNCE);
    h.app.tick();
    let screen = h.screen();
    assert!(screen.contains("1 problem (an error)"), "{screen}");
    let below: Vec<&str> = screen.lines().skip_while(|line| !line.contains("1 problem")).collect();
    let message = below
        .get(1..3)
        .map(|lines| lines.iter().map(|line| line.trim_matches(['"', ' '])).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    assert!(message.starts_with("6:9: a page of 297 x 210 points is 105 x 74 mm"), "{screen}");
    assert!(message.contains("write `297mm x 210mm` (`297pt x 210pt` for points)"), "{screen}");
}
