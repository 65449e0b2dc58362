//! The import dialog's words for what is missing: its own fields (Course file, Grading
//! policy, Roster) and keys (Ctrl-D), where `certdesk import` names its flags.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Harness;
use super::import::{dialog_text, fixture, fixture_copy, names_no_flag, open_dialog_with};

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

#[test]
fn tui_a_header_of_no_platform_is_asked_for_again_not_named_with_a_flag() {
    let mut h = Harness::new(80, 24);
    // A copy under a short path of a known length: the problem names the file, and at 80x24 a
    // checkout's longer path would push the advice off the dialog's last line.
    let (_dir, file) = fixture_copy("bad/unknown_layout.csv");
    open_dialog_with(&mut h, &file);
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        dialog_text(&screen)
            .contains("(it starts \"Name,Score,Comment\"); export it again from the platform if it is one of them"),
        "{screen}"
    );
    names_no_flag(&screen);
}

/// The sample folder with the maximum of maps lowered from 10 to 8 points, the file's maps
/// scores at most 8, and bilbo (maps 10) left out of it: his 10 would stay above 8.
fn maps_lowered_without_bilbo(folder: &std::path::Path) {
    let course = std::fs::read_to_string(folder.join("course.toml")).expect("course");
    let maps = "id = \"maps\"\ntitle = \"Maps of the Shire\"\ncategory = \"weekly\"\nmax_points = 10\n";
    assert!(course.contains(maps), "the sample's maps is out of 10");
    let course = course.replace(maps, &maps.replace("max_points = 10", "max_points = 8"));
    std::fs::write(folder.join("course.toml"), course).expect("write");
    let grades = std::fs::read_to_string(folder.join("grades.csv")).expect("grades");
    let capped: String = grades
        .lines()
        .filter(|line| !line.starts_with("bilbo,"))
        .map(|line| match line.split_once(',').and_then(|(who, rest)| Some((who, rest.split_once(',')?))) {
            Some((who, (maps, rest))) if maps.parse::<f64>().is_ok_and(|points| points > 8.0) => {
                format!("{who},8,{rest}\n")
            }
            _ => format!("{line}\n"),
        })
        .collect();
    std::fs::write(folder.join("grades.csv"), capped).expect("write");
}

#[test]
fn tui_a_score_kept_above_a_lowered_maximum_is_set_or_cleared_in_the_gradebook() {
    let mut h = Harness::new(80, 24);
    let (_dir, folder) = super::sample_copy();
    maps_lowered_without_bilbo(&folder);
    open_dialog_with(&mut h, &folder);
    h.key(KeyCode::Enter);
    let screen = h.screen();
    let text = dialog_text(&screen);
    assert!(text.contains("count as full marks: bilbo 10;"), "{screen}");
    assert!(
        text.contains(
            "or first set or clear them, out of the old maximum, in the gradebook (e edits the score under the cursor, \
             x clears it), or keep the maximum at 10"
        ),
        "{screen}"
    );
    names_no_flag(&screen);

    // Done as it says: bilbo's maps cleared in the gradebook, the import goes through.
    h.key(KeyCode::Esc).keys("1/bilbo").key(KeyCode::Enter);
    for _ in 0..3 {
        h.key(KeyCode::Right);
    }
    h.keys("x").keys("y");
    let maps = |h: &Harness| h.store.enrollment(super::COURSE, "bilbo").expect("read").expect("bilbo").scores[0];
    assert_eq!(maps(&h), None, "cleared in the gradebook: {}", h.screen());
    open_dialog_with(&mut h, &folder);
    h.key(KeyCode::Enter);
    let course = h.store.course(super::COURSE).expect("read").expect("course");
    assert_eq!(course.activities[0].max_points, crate::domain::Points::from_hundredths(800), "{}", h.screen());
}

#[test]
fn tui_a_draft_says_how_to_import_with_it_in_the_dialog_and_replaces_no_file() {
    let mut h = Harness::new(80, 24);
    let (dir, export) = fixture_copy("openedx/grade_report.csv");
    open_dialog_with(&mut h, &export);
    let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
    h.press(ctrl_d);
    let draft = std::fs::read_to_string(dir.path().join("grade_report.course.toml")).expect("the draft was written");
    // No grading policy beside the report: the draft asks for the weights, not for a policy.
    let how = format!(
        "then import with\n#   the import dialog (i in the gradebook): {}, with\n#   this file in its Course file field,\n\
         #   PROFILES.csv in its Roster field\n",
        export.display()
    );
    assert!(draft.contains(&how), "{draft}");
    assert!(draft.contains("# Modes come from the report's Enrollment Track; names from the roster.\n"), "{draft}");
    for flag in ["certdesk import", "--course", "--grading-policy", "--roster"] {
        assert!(!draft.contains(flag), "{flag}: {draft}");
    }

    // Asked again, the dialog cannot be told another file, as `--draft FILE` can.
    h.press(ctrl_d);
    let screen = h.screen();
    assert!(
        dialog_text(&screen).contains(
            "already exists, and a draft never replaces a file: import with it in the Course file field, or move it \
             away to draft again."
        ),
        "{screen}"
    );
    assert!(!screen.contains("name another file"), "{screen}");

    // A course folder has its course.toml: a draft is for an export, said in words.
    let (_folder_dir, folder) = super::sample_copy();
    h.key(KeyCode::Esc);
    open_dialog_with(&mut h, &folder);
    h.press(ctrl_d);
    let screen = h.screen();
    let said = dialog_text(&screen);
    assert!(
        said.contains("a course folder has its own course.toml: a draft is made from a platform's export"),
        "{screen}"
    );
    assert!(!said.contains("os error"), "{screen}");
}

/// More certificates left no longer deserved than the question and the report name: the rest
/// are on the Certificates tab, not behind a command, and so is what revokes them.
#[test]
fn tui_the_certificates_an_import_affects_beyond_those_named_are_on_the_certificates_tab() {
    let mut h = Harness::new(100, 40);
    let (_dir, folder) = super::sample_copy();
    open_dialog_with(&mut h, &folder);
    h.key(KeyCode::Enter).key(KeyCode::Esc);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    let course = std::fs::read_to_string(folder.join("course.toml")).expect("course");
    let raised = course.replacen("pass_threshold = 80", "pass_threshold = 99", 1);
    assert_ne!(raised, course, "the sample's threshold is 80");
    std::fs::write(folder.join("course.toml"), raised).expect("write");
    h.keys("1");
    open_dialog_with(&mut h, &folder);
    h.key(KeyCode::Enter);
    let asked = h.screen();
    assert!(
        asked.contains("Import middle-earth-101?") && asked.contains(" more (the Certificates tab lists them)"),
        "{asked}"
    );
    h.keys("y");
    let report = h.screen();
    assert!(report.contains(" more (the Certificates tab lists them)"), "{report}");
    // What to do about them, with the Certificates tab's keys too.
    let text = dialog_text(&report);
    assert!(text.contains("d on the Certificates tab revokes the one selected as deleted, if you want."), "{report}");
    for screen in [asked, report] {
        for command in ["certdesk certificates", "certdesk revoke", "certdesk regenerate"] {
            assert!(!screen.contains(command), "{screen}");
        }
    }
}

/// The folder a course was unpacked in: the dialog stays open, the course folder inside put in
/// the File field, and Enter imports it.
#[test]
fn tui_given_the_folder_around_a_course_puts_the_course_folder_in_the_field() {
    let mut h = Harness::new(80, 24);
    let (dir, folder) = super::sample_copy();
    open_dialog_with(&mut h, dir.path());
    h.key(KeyCode::Enter);
    let screen = h.screen();
    let text = dialog_text(&screen);
    assert!(text.contains("It holds middle-earth, now in the File field: Enter imports it."), "{screen}");
    assert!(text.contains(&format!("File or folder > {}", folder.display())), "{screen}");
    assert!(screen.contains("Nothing was imported."), "{screen}");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Imported middle-earth-101"), "{}", h.screen());
}

/// Tab completes the path typed as a shell does, lists the names where they part ways, and
/// goes on to the next field when pressed again (or when there is nothing to complete).
#[test]
fn tui_tab_completes_the_path_in_the_import_dialog() {
    let mut h = Harness::new(80, 24);
    let (dir, folder) = super::sample_copy();
    std::fs::create_dir(dir.path().join("middle-earth-old")).expect("mkdir");
    open_dialog_with(&mut h, &dir.path().join("mid"));
    h.key(KeyCode::Tab);
    let text = dialog_text(&h.screen());
    assert!(text.contains(&format!("File or folder > {}▏", folder.display())), "{}", h.screen());
    h.key(KeyCode::Tab);
    let text = dialog_text(&h.screen());
    assert!(text.contains("2 names fit: middle-earth/  middle-earth-old/"), "{}", h.screen());
    h.key(KeyCode::Tab);
    assert!(dialog_text(&h.screen()).contains("Course file > ▏"), "the next field: {}", h.screen());
    h.key(KeyCode::BackTab).keys("/");
    h.key(KeyCode::Tab);
    let text = dialog_text(&h.screen());
    assert!(text.contains("3 names fit: course.toml  grades.csv  roster.csv"), "{}", h.screen());
}
