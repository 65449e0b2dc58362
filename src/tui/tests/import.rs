//! The import dialog: platform exports with their supplements, the draft, problems, conflicts.

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Harness;
use crate::domain::Points;

pub(super) fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(path)
}

/// A copy of the fixture `path` alone in a directory of its own, to write drafts and course
/// files beside, at a path whose length does not depend on the checkout: the directory and the
/// copy.
pub(super) fn fixture_copy(path: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = Path::new(path).file_name().expect("a file name");
    let copy = dir.path().join(name);
    std::fs::copy(fixture(path), &copy).expect("copy");
    (dir, copy)
}

pub(super) fn open_dialog_with(h: &mut Harness, path: &Path) {
    h.keys("1i").keys(path.to_str().expect("utf-8 path"));
}

#[test]
fn tui_imports_an_open_edx_report_with_the_files_beside_it() {
    let mut h = Harness::new(110, 34);
    open_dialog_with(&mut h, &fixture("openedx/grade_report.csv"));
    h.key(KeyCode::Tab);
    let screen = h.screen();
    assert!(screen.contains("openedx/grading_policy.json") && screen.contains("openedx/profiles.csv"), "{screen}");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Imported circuits-101"), "{screen}");
    assert!(screen.contains("Agreement with the platform's grades: 7 of 8 the same."), "{screen}");
    assert!(screen.contains("lobelia: platform 66%, certdesk 65.0%"), "{screen}");
    assert!(screen.contains("pippin: platform not eligible, certdesk eligible"), "{screen}");
    h.key(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("circuits-101 ·") && screen.contains("Bilbo Baggins"), "{screen}");
    assert!(screen.contains("8 learners · Open edX grading"), "the rule is shown: {screen}");
}

#[test]
fn tui_offers_the_draft_and_lists_what_is_still_missing() {
    let mut h = Harness::new(110, 34);
    let (dir, export) = fixture_copy("moodle/grades.csv");
    open_dialog_with(&mut h, &export);
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("the export does not name the course title"), "{screen}");
    h.press(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
    let draft = dir.path().join("grades.course.toml");
    let screen = h.screen();
    assert!(screen.contains("2 values to fill in"), "{screen}");
    assert!(draft.is_file(), "the draft was written");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("still \"FILL IN\""), "{screen}");
    let filled = std::fs::read_to_string(&draft)
        .expect("draft")
        .replace("title = \"FILL IN\"", "title = \"Analytical Engines\"")
        .replace("pass_threshold = \"FILL IN\"", "pass_threshold = 60");
    std::fs::write(&draft, filled).expect("fill in");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Imported grades") && screen.contains("3 of 4 the same"), "{screen}");
}

#[test]
fn tui_asks_who_wins_when_a_score_entered_in_certdesk_differs_from_the_file() {
    let mut h = Harness::new(110, 34);
    let export = fixture("chamilo/flatview.csv");
    open_dialog_with(&mut h, &export);
    h.key(KeyCode::Tab).key(KeyCode::Enter).key(KeyCode::Esc);
    let now = super::NOW.parse().expect("now");
    let seven = Some(Points::from_hundredths(700));
    crate::ops::set_score(
        &h.store,
        "lovelace-101",
        "ALU001",
        "quiz-1",
        seven,
        &crate::ops::Context::new("tester", now),
    )
    .expect("grade");
    open_dialog_with(&mut h, &export);
    h.key(KeyCode::Tab).key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("ALU001 quiz-1: imported 8, certdesk 7, file 8"), "{screen}");
    let quiz = |h: &Harness| h.store.enrollment("lovelace-101", "ALU001").expect("read").expect("ada").scores[0];
    h.keys("c");
    assert_eq!(quiz(&h), seven, "certdesk's score stays");
    assert!(h.screen().contains("1 conflict: kept the certdesk score."));
    h.key(KeyCode::Esc);
    open_dialog_with(&mut h, &export);
    h.key(KeyCode::Tab).key(KeyCode::Enter).keys("f");
    assert_eq!(quiz(&h), Some(Points::from_hundredths(800)), "the file's score replaces it");
}

/// A copy of the sample course's folder in a temporary directory, imported through the
/// dialog (and the report closed): the course a folder re-import starts from.
fn sample_folder_imported(h: &mut Harness) -> (tempfile::TempDir, PathBuf) {
    let (dir, folder) = super::sample_copy();
    open_dialog_with(h, &folder);
    h.key(KeyCode::Enter).key(KeyCode::Esc);
    (dir, folder)
}

#[test]
fn tui_shows_what_a_folder_reimport_changed_in_the_course_definition() {
    let mut h = Harness::new(110, 34);
    let (_dir, folder) = sample_folder_imported(&mut h);
    let course = std::fs::read_to_string(folder.join("course.toml")).expect("course");
    let course = course.replacen("title = \"Introduction to Middle-earth Studies\"", "title = \"Middle-earth II\"", 1);
    std::fs::write(folder.join("course.toml"), course).expect("write");
    open_dialog_with(&mut h, &folder);
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        screen.contains("Course definition from the file: title 'Introduction to Middle-earth Studies' ->"),
        "{screen}"
    );
}

#[test]
fn tui_names_the_learners_a_folder_reimport_updated_or_found_off_the_roster() {
    let mut h = Harness::new(110, 34);
    let (_dir, folder) = sample_folder_imported(&mut h);
    // frodo leaves the roster (and grades.csv); bilbo's name changes.
    let without_frodo = |text: String| -> String {
        text.lines().filter(|line| !line.starts_with("frodo,")).map(|line| format!("{line}\n")).collect()
    };
    let roster = without_frodo(std::fs::read_to_string(folder.join("roster.csv")).expect("roster"))
        .replace("bilbo,Bilbo Baggins,", "bilbo,Bilbo B. Baggins,");
    std::fs::write(folder.join("roster.csv"), roster).expect("write");
    let grades = without_frodo(std::fs::read_to_string(folder.join("grades.csv")).expect("grades"));
    std::fs::write(folder.join("grades.csv"), grades).expect("write");
    open_dialog_with(&mut h, &folder);
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Updated: bilbo") && screen.contains("Not on the roster: frodo"), "{screen}");
}

#[test]
fn tui_asks_about_a_score_entered_in_certdesk_on_an_activity_the_file_removes() {
    let mut h = Harness::new(110, 34);
    let (dir, export) = fixture_copy("canvas/gradebook.csv");
    std::fs::copy(fixture("canvas/course.toml"), dir.path().join("course.toml")).expect("copy");
    open_dialog_with(&mut h, &export);
    h.key(KeyCode::Tab).key(KeyCode::Enter).key(KeyCode::Esc);
    let now = super::NOW.parse().expect("now");
    let five = Some(Points::from_hundredths(500));
    crate::ops::set_score(
        &h.store,
        "hobbit-studies",
        "rosie",
        "quiz-2",
        five,
        &crate::ops::Context::new("tester", now),
    )
    .expect("grade");
    let gradebook = std::fs::read_to_string(&export).expect("read");
    std::fs::write(&export, gradebook.replacen("Quiz 2 (103)", "Quiz Two (105)", 1)).expect("write");
    let quiz_2 = |h: &Harness| {
        let course = h.store.course("hobbit-studies").expect("read").expect("course");
        let at = course.activity_index("quiz-2");
        at.and_then(|at| h.store.enrollment("hobbit-studies", "rosie").expect("read").expect("rosie").scores[at])
    };
    open_dialog_with(&mut h, &export);
    h.key(KeyCode::Tab).key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("rosie quiz-2: imported 9, certdesk 5, file: no such activity"), "{screen}");
    assert!(screen.contains("A score of an activity the file no longer has cannot be kept"), "{screen}");
    assert!(!screen.contains("c keep certdesk's scores"), "c is not offered when it cannot work: {screen}");
    assert!(screen.contains("f take the file's (discards those scores)"), "{screen}");
    h.keys("c");
    assert_eq!(quiz_2(&h), five, "certdesk's side cannot win: nothing was written");
    let screen = h.screen();
    assert!(screen.contains("file: no such activity"), "the question stays: {screen}");
    assert!(
        screen.contains("c cannot keep certdesk's scores: the file no longer has quiz-2"),
        "pressing c says why it does nothing: {screen}"
    );
    h.keys("f");
    assert_eq!(quiz_2(&h), None, "the activity and its scores are gone");
    assert!(h.screen().contains("1 conflict: took the file's score."), "{}", h.screen());
}

#[test]
fn tui_removes_most_activities_only_once_told_so_and_confirmed() {
    let mut h = Harness::new(110, 34);
    let (_dir, folder) = super::sample_copy();
    // Only the essay is left: nine of the ten activities, with their scores, would go.
    let course = std::fs::read_to_string(folder.join("course.toml")).expect("course");
    let (head, _) = course.split_once("[[activity]]").expect("activities");
    let essay = "[[activity]]\nid = \"essay\"\ntitle = \"Final Essay\"\ncategory = \"weekly\"\nmax_points = 10\n";
    std::fs::write(folder.join("course.toml"), format!("{head}{essay}")).expect("write");
    std::fs::write(folder.join("grades.csv"), "username,essay\nfrodo,8\n").expect("write");
    let activities = |h: &Harness| h.store.course("middle-earth-101").expect("read").expect("course").activities.len();
    open_dialog_with(&mut h, &folder);
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Ctrl-R: these activities really are gone: remove the 9 activities and their"), "{screen}");
    // A folder's course.toml is the course file itself: there is no other to check.
    let text = dialog_text(&screen);
    assert!(text.contains("another course's, or its activities' ids may have changed: check it, or press"), "{screen}");
    assert!(!text.contains("(and the course file)"), "{screen}");
    names_the_key_not_the_flag(&mut h, "Ctrl-R", "if these activities really are gone");
    h.press(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
    let screen = h.screen();
    assert!(screen.contains("Remove 9 activities from the course and delete their 2"), "{screen}");
    asks_once(&screen);
    // Any key but y goes back to the form, nothing imported.
    h.key(KeyCode::Esc);
    assert_eq!(activities(&h), 10);
    assert!(h.screen().contains("Ctrl-R: these activities"), "{}", h.screen());
    h.press(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)).keys("y");
    assert_eq!(activities(&h), 1, "the activities are gone: {}", h.screen());
}

/// The overrule question's keys are said once, on the dialog's key line.
#[track_caller]
fn asks_once(screen: &str) {
    assert!(screen.contains("y/Enter yes · any other key back to the form"), "{screen}");
    assert_eq!(screen.matches("y/Enter").count(), 1, "the keys are said once: {screen}");
}

/// The Canvas fixture with its first `from` made `to`, written into `dir` as `name`.
fn canvas_export_with(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let gradebook = std::fs::read_to_string(fixture("canvas/gradebook.csv")).expect("fixture");
    assert!(gradebook.contains(from), "the fixture has no {from:?} to change");
    std::fs::copy(fixture("canvas/course.toml"), dir.join("course.toml")).expect("copy");
    let path = dir.join(name);
    std::fs::write(&path, gradebook.replacen(from, to, 1)).expect("write");
    path
}

/// The dialog's text as one line, from between its borders: what wraps there reads on.
pub(super) fn dialog_text(screen: &str) -> String {
    let inside = |line: &str| match (line.find('│'), line.rfind('│')) {
        (Some(left), Some(right)) if left < right => line[left + '│'.len_utf8()..right].trim().to_string(),
        _ => String::new(),
    };
    screen.lines().map(inside).filter(|text| !text.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The dialog names its own keys and fields, never a flag of `certdesk import`.
#[track_caller]
pub(super) fn names_no_flag(screen: &str) {
    let text = dialog_text(screen);
    let flags = ["give --", "--course", "--grading-policy", "--roster", "--draft", "--new-learners", "--remove-"];
    for flag in flags.into_iter().chain(["--format", "certdesk grade", "--clear"]) {
        assert!(!text.contains(flag), "no CLI flag ({flag}) in the TUI: {screen}");
    }
}

/// The refusals a user may overrule name the dialog's key (Ctrl-N, Ctrl-R), not the CLI's
/// flag, which the dialog has no field for.
#[track_caller]
fn names_the_key_not_the_flag(h: &mut Harness, key: &str, when: &str) {
    let screen = h.screen();
    assert!(dialog_text(&screen).contains(&format!("or press {key} {when}")), "{screen}");
    names_no_flag(&screen);
}

#[test]
fn tui_refusals_of_a_canvas_namesake_and_a_rekeyed_file_name_ctrl_n() {
    let mut h = Harness::new(200, 50);
    let dir = tempfile::tempdir().expect("temp dir");
    let first = canvas_export_with(dir.path(), "first.csv", ",2002,S2002,merry,", ",2002,S2002,merry,");
    open_dialog_with(&mut h, &first);
    h.key(KeyCode::Tab).key(KeyCode::Enter);
    assert!(h.screen().contains("Imported hobbit-studies"), "{}", h.screen());
    h.key(KeyCode::Esc);

    let emptied = canvas_export_with(dir.path(), "emptied.csv", ",2002,S2002,merry,", ",2002,S2002,,");
    open_dialog_with(&mut h, &emptied);
    h.key(KeyCode::Tab).key(KeyCode::Enter);
    names_the_key_not_the_flag(&mut h, "Ctrl-N", "if 2002 is another person");
    h.press(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
    let screen = h.screen();
    assert!(screen.contains("Import the 1 learner new to the course as a new learner?"), "{screen}");
    asks_once(&screen);
    h.key(KeyCode::Esc).key(KeyCode::Esc);

    // A Moodle export without the Email address column names its learners by ID number.
    let moodle = dir.path().join("moodle");
    std::fs::create_dir(&moodle).expect("folder");
    std::fs::copy(fixture("moodle/course.toml"), moodle.join("course.toml")).expect("copy");
    open_dialog_with(&mut h, &fixture("moodle/grades.csv"));
    h.key(KeyCode::Tab).key(KeyCode::Enter).key(KeyCode::Esc);
    let export = moodle.join("without-email.csv");
    std::fs::copy(fixture("moodle/grades_without_email.csv"), &export).expect("copy");
    open_dialog_with(&mut h, &export);
    h.key(KeyCode::Tab).key(KeyCode::Enter);
    names_the_key_not_the_flag(&mut h, "Ctrl-N", "if they really are other learners");
}

/// More problems than an 80x24 dialog holds: those that fit, then how many more, and the
/// waiver's key still shown (the dialog cut the list off at its bottom edge, unsaid).
#[test]
fn tui_an_import_dialog_with_more_problems_than_fit_says_how_many_more() {
    let mut h = Harness::new(80, 24);
    let dir = tempfile::tempdir().expect("temp dir");
    let gradebook = std::fs::read_to_string(fixture("canvas/gradebook.csv")).expect("fixture");
    let (head, _) = gradebook.split_once("\"Baggins").expect("a first learner");
    let rows: String = (0..12)
        .map(|n| {
            format!("\"Person, N{n}\",{},S{n},p{n},Section A,x,9.00,8.00,45.00{}\n", 3000 + n, ",90.00".repeat(18))
        })
        .collect();
    std::fs::copy(fixture("canvas/course.toml"), dir.path().join("course.toml")).expect("copy");
    let export = dir.path().join("bad.csv");
    std::fs::write(&export, format!("{head}{rows}")).expect("write");
    open_dialog_with(&mut h, &export);
    h.key(KeyCode::Tab).key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("The import found 12 problems"), "{screen}");
    let shown = screen.matches("is not a score").count();
    assert!(shown > 0 && shown < 12, "{screen}");
    assert!(screen.contains(&format!("… and {} more (PgDn", 12 - shown)), "{screen}");
}

#[test]
fn tui_an_import_that_would_leave_certificates_stale_asks_first() {
    let mut h = Harness::new(100, 40);
    let (_dir, folder) = sample_folder_imported(&mut h);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    let course = std::fs::read_to_string(folder.join("course.toml")).expect("course");
    let raised = course.replacen("pass_threshold = 80", "pass_threshold = 85", 1);
    assert_ne!(raised, course, "the sample's threshold is 80");
    std::fs::write(folder.join("course.toml"), raised).expect("write");
    let threshold = |h: &Harness| h.store.course(super::COURSE).unwrap().expect("the course").pass_threshold.as_f64();
    let events = |h: &Harness| h.store.events(super::COURSE).unwrap().len();
    let before = events(&h);

    h.keys("1");
    open_dialog_with(&mut h, &folder);
    h.key(KeyCode::Enter);
    let asked = h.screen();
    assert!(asked.contains("Import middle-earth-101?"), "{asked}");
    assert!(asked.contains("6 certificates would be stale or no longer deserved after this import"), "{asked}");
    assert!(asked.contains("Course definition from the file: pass threshold 80.0% -> 85.0%;"), "{asked}");
    assert!(asked.contains("would be no longer deserved (below threshold)"), "{asked}");
    assert!(!asked.contains("--dry-run"), "the command line's advice is not the dialog's: {asked}");
    h.key(KeyCode::Esc);
    assert_eq!((threshold(&h), events(&h)), (80.0, before), "answered no: nothing imported");

    open_dialog_with(&mut h, &folder);
    h.key(KeyCode::Enter).keys("y");
    assert!(h.screen().contains("Imported middle-earth-101"), "{}", h.screen());
    assert_eq!((threshold(&h), events(&h)), (85.0, before + 1), "answered yes: imported once");
}

/// The report's list of learners, longer than a line at 80x24, goes on under itself, not at
/// the dialog's left edge among the report's other lines.
#[test]
fn tui_an_import_report_wraps_a_list_of_learners_under_itself() {
    let mut h = Harness::new(80, 24);
    let (_dir, folder) = sample_folder_imported(&mut h);
    let roster = std::fs::read_to_string(folder.join("roster.csv")).expect("roster");
    let renamed: String = roster
        .lines()
        .enumerate()
        .map(|(index, line)| match line.split_once(',') {
            Some((username, rest)) if index > 0 && !rest.starts_with('"') => format!("{username},Dr {rest}\n"),
            _ => format!("{line}\n"),
        })
        .collect();
    std::fs::write(folder.join("roster.csv"), renamed).expect("write");
    open_dialog_with(&mut h, &folder);
    h.key(KeyCode::Enter);
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().filter_map(|row| row.split('│').nth(1)).collect();
    let updated = rows.iter().position(|row| row.starts_with("   Updated: ")).expect(&screen);
    assert!(rows[updated + 1].starts_with("     ") && rows[updated + 1].contains(" more"), "{screen}");
    assert!(rows[updated + 2].starts_with(" Scores: "), "{screen}");
}

#[test]
fn tui_a_path_that_does_not_exist_is_said_in_words() {
    let mut h = Harness::new(80, 24);
    open_dialog_with(&mut h, Path::new("/no/such/export.csv"));
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("/no/such/export.csv: there is no such file or folder; check"), "{screen}");
    assert!(!screen.contains("os error"), "{screen}");
    assert!(screen.contains("> /no/such/export.csv"), "the path stays typed to be corrected: {screen}");
}
