//! Moving about the app: paging and sorting a list, keeping the selection in view on resize,
//! the selection without colour, the course switcher, and quitting.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

use super::Harness;
use crate::tui::Theme;

#[test]
fn tui_paging_and_top_bottom_move_through_the_list() {
    let mut h = Harness::new(80, 24);
    h.key(KeyCode::PageDown).key(KeyCode::PageDown);
    assert!(h.screen().contains("zoe"));
    h.keys("g");
    assert!(h.screen().contains("aerwyn"));
    h.keys("G");
    assert!(!h.screen().contains("aerwyn"));
}

#[test]
fn tui_resizing_keeps_the_selection_in_view() {
    let mut h = Harness::new(160, 48);
    h.key(KeyCode::End);
    assert!(h.screen().contains("zoe"));
    h.resize(80, 24);
    let screen = h.screen();
    assert!(screen.contains("zoe"), "{screen}");
    assert!(screen.contains("29 learners"));
}

#[test]
fn tui_the_name_column_sorts_as_people_read() {
    let mut h = Harness::new(120, 40);
    h.keys("1").key(KeyCode::Right).keys("s");
    let shown = h.screen();
    let row =
        |name: &str| shown.lines().position(|line| line.contains(name)).unwrap_or_else(|| panic!("{name}: {shown}"));
    // By code point, Ærwyn, Çağrı and Éowyn would come after Zoë.
    assert!(row("Ærwyn") < row("Aragorn"), "{shown}");
    assert!(row("Çağrı") < row("Éowyn") && row("Éowyn") < row("Faramir"), "{shown}");
    assert!(row("Faramir") < row("Zoë"), "{shown}");
}

#[test]
fn tui_no_color_still_shows_the_selection_in_reverse_video() {
    let mut h = Harness::with_theme(80, 24, Theme::plain());
    h.keys("j");
    h.screen();
    let buffer = h.terminal.backend().buffer();
    // Row 3 is aerwyn, row 4 "an", the selected one.
    assert!(buffer[(20, 4)].modifier.contains(Modifier::REVERSED));
    assert!(!buffer[(20, 3)].modifier.contains(Modifier::REVERSED));
    let colored = (0..buffer.area.width).any(|x| buffer[(x, 4)].bg != ratatui::style::Color::Reset);
    assert!(!colored, "no colour with NO_COLOR");
}

#[test]
fn tui_course_switcher_filters_as_you_type() {
    let mut h = Harness::new(80, 24);
    let folder = h._dir.path().join("synthetic");
    crate::sample::write_synthetic(5, 3, 70, crate::sample::names::Scripts::Latin, &folder).unwrap();
    crate::import::import_folder(&h.store, &folder, None, ("tester", super::NOW.parse().unwrap())).unwrap();
    h.keys("c");
    let screen = h.screen();
    assert!(screen.contains("synthetic") && screen.contains("middle-earth-101"), "{screen}");
    h.keys("synth").key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("synthetic ·") && screen.contains("5 learners"), "{screen}");
}

/// Staff with several courses come back to the one they had open, not the first by name.
/// A database without a course says how to get one, not to choose one of none.
#[test]
fn tui_a_database_without_courses_says_to_import_one() {
    let mut h = Harness::without_courses(80, 24);
    let screen = h.screen();
    assert!(screen.contains("The database has no course yet. Press i in the gradebook"), "{screen}");
    assert!(!screen.contains("Press c to choose"), "{screen}");
    h.keys("c");
    let screen = h.screen();
    assert!(screen.contains("Esc, then i in the gradebook, imports a course folder."), "{screen}");
    assert!(!screen.contains("No course matches"), "{screen}");
    h.key(KeyCode::Esc).keys("i");
    assert!(h.screen().contains("Import a course folder"), "{}", h.screen());
    // Every key of the certificates tab that needs a course says how to get one.
    h.key(KeyCode::Esc).keys("2");
    for key in ["s", "x", "H", "g"] {
        h.keys(key);
        let screen = h.screen();
        assert!(screen.contains("There is no course yet: press i in the gradebook to import one."), "{key}: {screen}");
        h.key(KeyCode::Esc);
    }
    // Templates are the database's: listed, and edited in sight, with no course.
    h.keys("3");
    let screen = h.screen();
    assert!(screen.contains("  honor ") && screen.contains("No course prints with them yet"), "{screen}");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("honor revision 1") && screen.contains("page"), "the editor is drawn: {screen}");
}

#[test]
fn tui_opens_again_on_the_course_last_shown() {
    let mut h = Harness::new(80, 24);
    let folder = h._dir.path().join("synthetic");
    crate::sample::write_synthetic(5, 3, 70, crate::sample::names::Scripts::Latin, &folder).unwrap();
    crate::import::import_folder(&h.store, &folder, None, ("tester", super::NOW.parse().unwrap())).unwrap();
    let kept = h._dir.path().join("state/certdesk/last-course");
    let last = crate::tui::LastCourse::at(kept, &h.store.path()).unwrap();
    let title = |h: &mut Harness| h.screen().lines().next().unwrap_or_default().to_string();
    h.reopen(Some(last.clone()));
    assert!(title(&mut h).contains("middle-earth-101 ·"), "nothing kept yet: the first course");
    h.keys("c").keys("synth").key(KeyCode::Enter);
    h.reopen(Some(last.clone()));
    assert!(title(&mut h).contains("synthetic ·"), "{}", h.screen());
    // A course deleted since is not looked for: the first course opens.
    last.remember("gone-101").unwrap();
    h.reopen(Some(last.clone()));
    assert!(title(&mut h).contains("middle-earth-101 ·"), "{}", h.screen());
    assert!(!h.screen().contains("gone-101"), "{}", h.screen());
}

#[test]
fn tui_q_in_a_prompt_is_text_but_ctrl_c_always_quits() {
    let mut h = Harness::new(80, 24);
    h.keys("/q");
    assert!(!h.app.should_quit());
    h.press(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(h.app.should_quit());
    let mut h = Harness::new(80, 24);
    h.keys("q");
    assert!(h.app.should_quit());
}

#[test]
fn tui_the_header_shows_the_database_whole_cut_from_the_start_or_not_at_all() {
    let mut h = Harness::new(120, 24);
    h.app.db_label = "~/.local/share/certdesk".to_string();
    let header =
        |h: &mut Harness| h.screen().lines().next().unwrap_or_default().trim_matches('"').trim_end().to_string();
    assert!(header(&mut h).ends_with("db ~/.local/share/certdesk"), "{}", header(&mut h));
    h.app.db_label = format!("/srv/{}certdesk", "courses/".repeat(8));
    let line = header(&mut h);
    assert!(line.contains(" db …") && line.ends_with("courses/courses/certdesk"), "{line}");
    // At 80 columns the course leaves 8 for it: `…certdesk` would say nothing.
    h.resize(80, 24);
    let line = header(&mut h);
    assert!(line.contains("middle-earth-101") && !line.contains(" db "), "{line}");
}

#[test]
fn tui_help_lists_the_filter_only_where_a_list_can_be_filtered() {
    let mut h = Harness::new(120, 40);
    // The certificates' filter finds their flags too, and says so.
    let filters =
        [("1", "filter the list as you type"), ("2", "filter as you type, flags too (stale"), ("4", "filter the list")];
    for (tab, filter) in filters {
        h.keys(tab).keys("?");
        let screen = h.screen();
        assert!(screen.contains(filter), "tab {tab}: {screen}");
        h.key(KeyCode::Esc);
    }
    // On the examples, g makes the examples again, which their help says where it said that
    // g generates certificates there.
    h.keys("2x?");
    let screen = h.screen();
    assert!(screen.contains("top / bottom (g makes the examples here)"), "{screen}");
    assert!(!screen.contains("g is generate here"), "{screen}");
    assert!(screen.contains("Keys: Example certificates"), "titled as the examples' keys: {screen}");
    h.key(KeyCode::Esc).keys("x");
    // The templates tab has no filter: its help does not offer one, and `/` says so.
    h.keys("3?");
    let screen = h.screen();
    assert!(screen.contains("Keys: Templates") && !screen.contains("filter"), "{screen}");
    // F1 in the editor lists the editor's keys, not this help.
    assert!(
        screen.contains("in the editor: the editor's own keys") && !screen.contains("in the editor: this help"),
        "{screen}"
    );
    h.key(KeyCode::Esc).keys("/");
    let screen = h.screen();
    assert!(screen.contains("This tab has no list to filter."), "{screen}");
}

#[test]
fn tui_course_switcher_opens_the_course_whose_id_is_typed_over_one_titled_alike() {
    let mut h = Harness::new(80, 24);
    // Two courses titled "Synthetic Course (N learners)": `huge`, first in the list, and `synthetic`.
    for (id, learners) in [("huge", 7), ("synthetic", 5)] {
        let folder = h._dir.path().join(id);
        crate::sample::write_synthetic(learners, 3, 70, crate::sample::names::Scripts::Latin, &folder).unwrap();
        let toml = std::fs::read_to_string(folder.join("course.toml")).unwrap();
        std::fs::write(folder.join("course.toml"), toml.replace("id = \"synthetic\"", &format!("id = \"{id}\"")))
            .unwrap();
        crate::import::import_folder(&h.store, &folder, None, ("tester", super::NOW.parse().unwrap())).unwrap();
    }
    h.keys("c").keys("huge").key(KeyCode::Enter);
    assert!(h.screen().contains("huge ·"), "{}", h.screen());
    // From `huge`, which matches `synthetic` by its title, the course named is the one opened.
    h.keys("c").keys("synthetic").key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("synthetic ·") && screen.contains("5 learners"), "{screen}");
    // The start of an id is enough, and the title still finds a course.
    h.keys("c").keys("hu").key(KeyCode::Enter);
    assert!(h.screen().contains("huge ·"), "{}", h.screen());
    h.keys("c").keys("middle-earth studies").key(KeyCode::Enter);
    assert!(h.screen().contains("middle-earth-101 ·"), "{}", h.screen());
}

/// The gradebook's header row.
fn header(h: &mut Harness) -> String {
    h.screen().lines().nth(2).unwrap_or_default().trim_matches('"').to_string()
}

#[test]
fn tui_the_gradebook_scrolls_sideways_only_when_the_column_cursor_leaves_the_view() {
    let mut h = Harness::new(80, 24);
    let start = header(&mut h);
    // Right until the view scrolls: the cursor's column comes in at the right edge.
    let mut presses = 0;
    while header(&mut h) == start {
        h.key(KeyCode::Right);
        presses += 1;
        assert!(presses < 20, "the view never scrolled: {}", h.screen());
    }
    let scrolled = header(&mut h);
    // Back one, onto a column on screen: nothing moves.
    h.key(KeyCode::Left);
    assert_eq!(header(&mut h), scrolled, "one column back, on screen, keeps the view");
    h.key(KeyCode::Right);
    assert_eq!(header(&mut h), scrolled);
    // Left across the whole view: the first column shown comes back at the left edge.
    for _ in 0..presses {
        h.key(KeyCode::Left);
    }
    assert_eq!(header(&mut h), start, "{}", h.screen());
    // At the last column, made wider, the columns before it fill the room that opens.
    for _ in 0..30 {
        h.key(KeyCode::Right);
    }
    let last = header(&mut h);
    // The eligible column as wide as its widest reason leaves room for the letter at 80.
    assert!(last.starts_with("username    letter status") && last.trim_end().ends_with("certificate"), "{last}");
    h.resize(110, 24);
    let wider = header(&mut h);
    assert!(wider.contains("percent reachable letter status"), "{wider}");
}

/// The header marks the column cursor's column as the selected row's cell is marked, so the
/// activity a cell belongs to is seen without counting columns (only the cell was marked).
#[test]
fn tui_the_gradebook_header_marks_the_column_the_cursor_is_in() {
    let mut h = Harness::new(100, 24);
    h.go_to_bilbo_essay().key(KeyCode::Left);
    let screen = h.screen();
    let header = screen.lines().nth(2).expect("the header row");
    let column = |name: &str| header.find(name).map(|at| header[..at].chars().count() as u16);
    let (Some(battles), Some(customs)) = (column("battles"), column("customs")) else { panic!("{screen}") };
    let buffer = h.terminal.backend().buffer();
    assert_eq!(buffer[(battles + 1, 2)].bg, buffer[(battles + 1, 3)].bg, "as the cell under it: {screen}");
    assert_ne!(buffer[(battles + 1, 2)].bg, buffer[(customs + 1, 2)].bg, "the others are not: {screen}");
}

/// A list sorted by a column stays sorted when a score is saved, as its footer says, with the
/// cursor on the learner saved: before, the row stayed where it was, under `sorted by ▼`.
#[test]
fn tui_a_score_saved_moves_its_row_to_its_place_in_the_sorted_list() {
    let mut h = Harness::new(200, 40);
    h.go_to_bilbo_essay();
    h.keys("s");
    assert!(h.screen().contains("sorted by essay ▼"), "{}", h.screen());
    let essays = |h: &mut Harness| -> Vec<(String, Option<crate::domain::Points>)> {
        let screen = h.screen();
        let course = h.app.course.as_ref().expect("a course");
        let state = &course.state;
        let index = state.course.activity_index("essay").expect("essay");
        screen
            .lines()
            .filter_map(|line| line.trim_matches('"').split_whitespace().next())
            .filter_map(|word| state.learner(word))
            .map(|standing| (standing.username().to_string(), standing.enrollment.scores.get(index).copied().flatten()))
            .collect()
    };
    let before = essays(&mut h);
    assert_eq!(before.last().map(|(who, points)| (who.as_str(), *points)), Some(("bilbo", None)), "{before:?}");
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter);
    let after = essays(&mut h);
    let scores: Vec<_> = after.iter().map(|(_, points)| *points).collect();
    let mut sorted = scores.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(scores, sorted, "still sorted by essay, highest first: {after:?}");
    let selected = h.app.course.as_ref().and_then(|course| course.gradebook.selected_learner(&course.state));
    assert_eq!(selected.map(|standing| standing.username()), Some("bilbo"), "the cursor stays on bilbo");
}
