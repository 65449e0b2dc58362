//! The template editor: errors with line and column, saving refused while there are errors,
//! a saved revision, and no edit lost by leaving or quitting.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Harness;

fn ctrl(h: &mut Harness, c: char) {
    h.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Lets the editor's debounce pass and re-check.
fn settle(h: &mut Harness) {
    std::thread::sleep(super::super::editor::DEBOUNCE);
    h.app.tick();
}

#[test]
fn tui_template_editor_checks_saves_and_guards_edits() {
    let mut h = Harness::new(160, 48);
    h.keys("3");
    let list = h.screen();
    assert!(list.contains("honor") && list.contains("revision 1"), "{list}");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("honor revision 1"), "{screen}");
    assert!(screen.contains("no problems"), "{screen}");
    assert!(screen.matches('▀').count() > 200, "the live preview is drawn: {screen}");

    // An unknown placeholder typed at the top: an error at its line and column, no save.
    h.app.on_paste("text\n  | {{ learner.nickname }}\n\n");
    settle(&mut h);
    let screen = h.screen();
    assert!(screen.contains("2:8: unknown placeholder `learner.nickname`"), "{screen}");
    assert!(screen.contains("(modified)"));
    ctrl(&mut h, 's');
    assert!(h.screen().contains("Not saved: the template has errors"));
    assert_eq!(h.store.latest_template("honor").unwrap().unwrap().revision, 1);

    // Leaving with unsaved edits asks first; Esc in the dialog keeps editing.
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Leave honor without saving?"));
    h.key(KeyCode::Esc);
    assert!(!h.app.should_quit());

    // Fix it: replace the placeholder with a known one, then save revision 2.
    for _ in 0..3 {
        ctrl(&mut h, 'u');
    }
    h.app.on_paste("text\n  | {{ learner.username }}\n\n");
    settle(&mut h);
    ctrl(&mut h, 's');
    let screen = h.screen();
    assert!(screen.contains("Saved honor revision 2"), "{screen}");
    let saved = h.store.latest_template("honor").unwrap().unwrap();
    assert_eq!(saved.revision, 2);
    assert!(saved.source.starts_with("text\n  | {{ learner.username }}"), "{}", saved.source);
    assert_eq!(h.store.template_revision("honor", 1).unwrap().unwrap().revision, 1, "revision 1 stays");

    // Leaving after a save does not ask; new edits are dropped only when confirmed.
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("prints with"), "back to the list");
    h.key(KeyCode::Enter).keys("x");
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Leave honor without saving?"));
    // An Enter meant as a line break does not throw the edits away; only y does.
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Enter does not answer: y throws them away, n keeps them."), "{screen}");
    assert!(screen.contains("Leave honor without saving?"), "{screen}");
    h.keys("y");
    assert!(h.screen().contains("prints with"));
    assert_eq!(h.store.latest_template("honor").unwrap().unwrap().revision, 2, "the discarded edit was not saved");
    h.keys("q");
    assert!(h.app.should_quit());
}

/// Renames the first learner of the open course to a name no font can draw.
fn give_a_learner_a_name_no_font_has(h: &mut Harness) {
    let course = h.app.course.as_mut().expect("the sample course is open");
    course.state.learners[0].enrollment.full_name = "\u{10FFFD}x".to_string();
    let enrollments: Vec<_> = course.state.learners.iter().map(|standing| standing.enrollment.clone()).collect();
    let event = crate::domain::Event {
        at: super::NOW.parse().unwrap(),
        who: "tester".into(),
        action: crate::domain::Action::Import,
        summary: "renamed".into(),
        learners: Vec::new(),
        codes: Vec::new(),
        learner_changes: None,
    };
    h.store.replace_course(&course.state.course, &enrollments, &event).unwrap();
}

/// Opens the first template of the templates tab, adds a comment line, saves, and returns the
/// screen that answers.
fn edit_the_first_template_and_save(h: &mut Harness) -> String {
    h.keys("3");
    h.key(KeyCode::Enter);
    h.app.on_paste("# edited\n");
    settle(h);
    ctrl(h, 's');
    h.screen()
}

#[test]
fn tui_a_revision_saved_with_warnings_says_so() {
    let mut h = Harness::new(120, 40);
    // A roster name no font can draw: a warning (no template could print it), not an error.
    give_a_learner_a_name_no_font_has(&mut h);
    let screen = edit_the_first_template_and_save(&mut h);
    assert!(screen.contains("Saved honor revision 2 with 1 warning (first:"), "{screen}");
}

#[test]
fn tui_a_blank_template_is_not_saved() {
    let mut h = Harness::new(120, 40);
    // A blank revision saved before blanks were refused: editing it cannot save it again.
    let built_in = h.store.latest_template("honor").unwrap().unwrap();
    let blank = crate::domain::TemplateRevision { revision: 2, source: String::new(), ..built_in };
    h.store.save_template(&blank).unwrap();
    let screen = edit_the_first_template_and_save(&mut h);
    assert!(screen.contains("Not saved: the template has errors (first: the certificate does not print"), "{screen}");
    assert_eq!(h.store.latest_template("honor").unwrap().unwrap().revision, 2);
}

#[test]
fn tui_the_editor_checks_and_previews_with_the_open_courses_title() {
    let mut h = Harness::new(160, 48);
    let long = "Advanced Interdisciplinary Perspectives on Computational Methods, Data Science, Ethics and Reasoning in Modern Cartography Across the Three Ages, with a Second Year of Fieldwork in the Archives of Minas Tirith and Rivendell";
    h.app.course.as_mut().expect("the sample course is open").state.course.title = long.to_string();
    h.keys("3");
    h.key(KeyCode::Enter);
    settle(&mut h);
    let screen = h.screen();
    assert!(screen.contains("100:5: text needs 3 lines at 12.0pt but has room for 2: \"Advanced"), "{screen}");
    ctrl(&mut h, 's');
    assert!(h.screen().contains("Not saved"), "{}", h.screen());
}

#[test]
fn tui_editor_lists_errors_first_and_shows_the_one_visited_whole_at_80x24() {
    let mut h = Harness::new(80, 24);
    // A roster name no font draws (a warning at the name's line) and a revision whose line
    // further down cannot fit its box (an error, with a message longer than a row).
    give_a_learner_a_name_no_font_has(&mut h);
    let built_in = h.store.latest_template("honor").unwrap().unwrap();
    let issued_on = "  | Issued on {{ certificate.issued_on | date }}";
    assert!(built_in.source.contains(issued_on));
    let source = built_in
        .source
        .replace(issued_on, &format!("  width: 10mm\n  max-lines: 1\n{issued_on} and a great many more words"));
    h.store.save_template(&crate::domain::TemplateRevision { revision: 2, source, ..built_in }).unwrap();
    h.keys("3");
    h.key(KeyCode::Enter);
    settle(&mut h);
    let screen = h.screen();
    // The text too wide for its box wraps word by word down into the signatories' names.
    assert!(screen.contains("4 problems (3 errors) · 1 of 4 below"), "{screen}");
    let below: Vec<&str> = screen.lines().skip_while(|line| !line.contains("1 of 4 below")).collect();
    assert!(below[1].contains("the text runs") && below[1].contains("into the text of line 126"), "{screen}");
    assert!(below[2].contains("smaller size, or move that text down"), "the error comes first, whole: {screen}");
    // Ctrl-E goes to the errors, then to the warning, which the list then shows first.
    ctrl(&mut h, 'e');
    ctrl(&mut h, 'e');
    let screen = h.screen();
    let below: Vec<&str> = screen.lines().skip_while(|line| !line.contains("2 of 4 below")).collect();
    assert!(below[1].contains("text is wider than its box"), "{screen}");
    assert!(below[2].contains("a great ma…"), "and whole, wrapped: {screen}");

    ctrl(&mut h, 'e');
    ctrl(&mut h, 'e');
    let screen = h.screen();
    assert!(screen.contains("4 of 4 below"), "{screen}");
    assert!(screen.contains("no font can draw U+10FFFD (private use) in the roster's name"), "{screen}");
    assert!(screen.contains("a font that has it is added with"), "{screen}");

    // F1 is the editor's help (`?` is text there); the full-screen preview says how back.
    h.key(KeyCode::F(1));
    assert!(h.screen().contains("undo / redo a step"), "{}", h.screen());
    h.key(KeyCode::Esc);
    ctrl(&mut h, 't');
    assert!(h.screen().contains("Ctrl-T/Esc back to the text"), "{}", h.screen());
}

#[test]
fn tui_a_template_saved_in_the_editor_is_in_the_log_tab_at_once() {
    let mut h = Harness::new(120, 30);
    h.keys("3").key(KeyCode::Enter);
    h.app.on_paste("# a comment\n");
    settle(&mut h);
    ctrl(&mut h, 's');
    assert!(h.screen().contains("Saved honor revision 2"), "{}", h.screen());
    h.key(KeyCode::Esc).keys("4");
    let log = h.screen();
    assert!(log.contains("saved template honor revision 2"), "the log shows the save: {log}");
}

#[test]
fn tui_every_mistake_of_a_template_is_listed_and_the_preview_points_to_the_list() {
    let mut h = Harness::new(160, 48);
    h.keys("3");
    h.key(KeyCode::Enter);
    // Two blocks with a mistake each, typed at the top: both are listed, each at its line.
    h.app.on_paste("txt\n  | a\nrule\n  colr: red\n\n");
    settle(&mut h);
    let screen = h.screen();
    assert!(screen.contains("2 problems (2 errors)"), "{screen}");
    assert!(screen.contains("1:1: unknown block `txt` (did you mean `text`?)"), "{screen}");
    assert!(screen.contains("4:3: `rule` has no property `colr` (did you mean `color`?)"), "{screen}");
    assert!(screen.contains("no preview until the 2 errors listed under the text are fixed"), "{screen}");
    // Ctrl-E goes to each in turn.
    ctrl(&mut h, 'e');
    assert!(h.screen().contains("1 of 2 below"), "{}", h.screen());
    ctrl(&mut h, 'e');
    assert!(h.screen().contains("2 of 2 below"), "{}", h.screen());
}

#[test]
fn tui_the_previews_error_wraps_in_its_box_rather_than_run_off_its_edge() {
    let mut h = Harness::new(120, 40);
    h.keys("3").key(KeyCode::Enter);
    h.app.on_paste("txet\n  | a\n");
    settle(&mut h);
    let screen = h.screen();
    assert!(screen.contains("no preview: 1:1: unknown block `txet`"), "{screen}");
    // Once in the list of problems and once, its end wrapped, in the preview's box.
    assert_eq!(screen.matches("(did you mean").count(), 2, "{screen}");
    assert_eq!(screen.matches("`text`?)").count(), 2, "{screen}");
}

/// A line longer than the box ends in `…` where the border was, and once the text scrolls
/// sideways the lines it scrolled past start with `…` after their number; a line that fits
/// keeps its border.
#[test]
fn tui_a_line_past_the_editors_edge_looks_cut() {
    let mut h = Harness::new(80, 24);
    h.keys("3").key(KeyCode::Enter);
    let screen = h.screen();
    // The screen's rows are quoted.
    let row = |screen: &str, start: &str| {
        let rows = screen.lines().map(|line| line.trim_matches('"'));
        rows.into_iter().find(|line| line.starts_with(start)).unwrap_or("").to_string()
    };
    let long = row(&screen, "│   2 # Lengths");
    assert!(long.ends_with("`ri…"), "{screen}");
    assert!(row(&screen, "│   5 page").ends_with(" │"), "{screen}");

    // On line 2, End scrolls the text sideways: its start and line 1's are cut on the left.
    h.key(KeyCode::Down).key(KeyCode::End);
    let screen = h.screen();
    assert!(row(&screen, "│   2…").contains("are measured"), "{screen}");
    assert!(!row(&screen, "│   1…").is_empty(), "{screen}");
    assert!(row(&screen, "│   4 ").ends_with(" │"), "an empty line is not cut: {screen}");
}
