//! The import dialog's words for what is missing: its own fields (Course file, Grading
//! policy, Roster) and keys (Ctrl-D), where `certdesk import` names its flags.

use ratatui::crossterm::event::KeyCode;

use super::Harness;
use super::import::{dialog_text, fixture, names_no_flag, open_dialog_with};

/// `files` of the import fixtures copied into a temporary folder, the first of them named in
/// the dialog, and Enter pressed: the problems of importing it as it is.
fn problems_of(h: &mut Harness, files: &[(&str, &str)]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (from, contents_of) in files {
        let name = std::path::Path::new(from).file_name().expect("a file name");
        let text = std::fs::read_to_string(fixture(from)).expect("fixture");
        let text = if contents_of.is_empty() { text } else { text.replace(contents_of, "") };
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let export = dir.path().join(std::path::Path::new(files[0].0).file_name().expect("a file name"));
    open_dialog_with(h, &export);
    h.key(KeyCode::Enter);
    let screen = h.screen();
    (dir, screen)
}

#[test]
fn tui_asks_for_a_missing_course_file_in_its_field() {
    let mut h = Harness::new(110, 34);
    let (_dir, screen) = problems_of(&mut h, &[("moodle/grades.csv", "")]);
    let text = dialog_text(&screen);
    assert!(
        text.contains("does not name the course title: fill in the Course file field (Ctrl-D writes one to fill in)"),
        "{screen}"
    );
    names_no_flag(&screen);
}

#[test]
fn tui_asks_for_a_grading_policy_and_a_roster_in_their_fields() {
    let mut h = Harness::new(120, 40);
    let (_dir, screen) = problems_of(&mut h, &[("openedx/grade_report.csv", ""), ("openedx/course.toml", "")]);
    let text = dialog_text(&screen);
    assert!(
        text.contains(
            "weigh: fill in the Grading policy field (grading_policy.json from the course export), or [[category]] \
             entries in the course file"
        ),
        "{screen}"
    );
    assert!(text.contains("the export carries none; fill in the Roster field (the platform's learner"), "{screen}");
    names_no_flag(&screen);
}

#[test]
fn tui_asks_for_modes_in_the_course_file_or_the_roster_field() {
    let mut h = Harness::new(110, 34);
    let files = [("moodle/grades.csv", ""), ("moodle/course.toml", "mode = \"honor\"\n")];
    let (_dir, screen) = problems_of(&mut h, &files);
    let text = dialog_text(&screen);
    assert!(text.contains("in the course file, or fill in the Roster field with a mode column"), "{screen}");
    names_no_flag(&screen);
}
