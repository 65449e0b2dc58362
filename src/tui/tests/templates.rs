//! The templates tab: deleting a template, and names shown whole; assigning one to a mode.

use ratatui::crossterm::event::KeyCode;

use super::{COURSE, Harness};
use crate::domain::{Action, Mode, TemplateRevision};
use crate::ops::{self, Context, SettingsChange};
use crate::store::Commit;

/// Saves the honor design as the first revision of `name`.
fn save(h: &Harness, name: &str) {
    let revision = TemplateRevision {
        name: name.to_string(),
        revision: 1,
        source: crate::render::defaults::HONOR.to_string(),
        saved_at: super::NOW.parse().unwrap(),
        saved_by: "tester".to_string(),
    };
    h.store.save_template(&revision).unwrap();
}

#[test]
fn tui_d_deletes_a_template_nothing_uses_after_asking_and_says_why_one_stays() {
    let mut h = Harness::new(80, 24);
    save(&h, "plain");
    save(&h, "seal");
    h.keys("3");
    // honor, plain, seal, verified: the built-in honor stays.
    h.keys("d");
    let screen = h.screen();
    assert!(screen.contains("Cannot delete honor") && screen.contains("built-in template"), "{screen}");
    // What to do instead is said in the TUI's keys, not a command to leave it for.
    let told = h.app.message.clone().map(|(text, _)| text).unwrap_or_default();
    assert_eq!(
        told,
        "honor is a built-in template and cannot be deleted: a mode that should not print with it can be assigned \
         another (in the course's settings on the certificates tab: s, then 1 or 2)"
    );
    h.key(KeyCode::Esc).keys("jd");
    let screen = h.screen();
    assert!(screen.contains("Delete the template plain and its revision?"), "{screen}");
    assert!(screen.contains("No course prints with it and no certificate was printed with it"), "{screen}");
    assert!(screen.contains("This cannot be undone; the log (tab 4) keeps a note of it."), "{screen}");
    h.key(KeyCode::Esc);
    assert!(h.store.latest_template("plain").unwrap().is_some(), "Esc keeps it");
    h.keys("dy");
    let screen = h.screen();
    assert!(screen.contains("Deleted the template plain (1 revision)."), "{screen}");
    assert!(!h.app.templates.iter().any(|template| template.name == "plain"), "gone from the list: {screen}");
    assert_eq!(h.store.latest_template("plain").unwrap(), None);
    let last = h.store.database_events().unwrap().pop().unwrap();
    assert_eq!((last.who.as_str(), last.summary.as_str()), ("tester", "deleted template plain (1 revision)"));

    // A template the course prints with stays, and the dialog says what to do.
    let change = SettingsChange { template: Some((Mode::Honor, Some("seal".into()))), ..SettingsChange::default() };
    ops::change_settings(&h.store, COURSE, &change, &Context::new("tester", super::NOW.parse().unwrap())).unwrap();
    h.keys("1").keys("3").keys("gjd");
    let screen = h.screen();
    assert!(screen.contains("Cannot delete seal"), "{screen}");
    let told = h.app.message.clone().map(|(text, _)| text).unwrap_or_default();
    let why = format!("template seal cannot be deleted: {COURSE} (honor) prints with it");
    let instead = format!("(assign another template first: in {COURSE}'s settings on the certificates tab: s, then 1)");
    assert!(told.starts_with(&format!("{why} {instead}")) && !told.contains("certdesk template"), "{told}");
    assert!(h.store.latest_template("seal").unwrap().is_some());
}

/// `name` saved, and a second course (the sample course again, as `middle-earth-102`) whose
/// verified certificates print with it, as the sample course's do: it is used in two places.
pub(super) fn used_by_two_courses(h: &mut Harness, name: &str) {
    save(h, name);
    let (_dir, folder) = super::sample_copy();
    let toml = folder.join("course.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replacen(&format!("id = \"{COURSE}\""), "id = \"middle-earth-102\"", 1)).unwrap();
    crate::import::import_folder(&h.store, &folder, None, ("tester", super::NOW.parse().unwrap())).unwrap();
    let context = Context::new("tester", super::NOW.parse().unwrap());
    let change = SettingsChange { template: Some((Mode::Verified, Some(name.into()))), ..SettingsChange::default() };
    for course in [COURSE, "middle-earth-102"] {
        ops::change_settings(&h.store, course, &change, &context).unwrap();
    }
    // Opened after the changes, as staff would see them: the course on screen is loaded again.
    h.reopen(None);
}

/// The first words of the rows from the one holding `start`, joined until they make `whole`:
/// a name wrapped under itself, read back.
#[track_caller]
fn read_down(screen: &str, start: &str, whole: &str) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines.iter().position(|line| line.contains(start)).unwrap_or_else(|| panic!("{screen}"));
    let first_word = |line: &str| line.trim_matches('"').split_whitespace().next().unwrap_or_default().to_string();
    let mut read = Vec::new();
    for line in &lines[at..] {
        read.push(first_word(line));
        if read.concat().len() >= whole.len() {
            break;
        }
    }
    assert_eq!(read.concat(), whole, "the rest under it: {screen}");
    read
}

#[test]
fn tui_template_names_are_shown_whole_wrapping_under_themselves_when_the_row_is_narrow() {
    let long = "certificate-of-completion-with-distinction-for-the-whole-course";
    let mut h = Harness::new(160, 40);
    save(&h, long);
    h.keys("3");
    let screen = h.screen();
    assert!(screen.contains(&format!("{long} rev 1")), "one line at 160 columns: {screen}");

    h.resize(80, 24);
    let screen = h.screen();
    read_down(&screen, &long[..14], long);
    let row = screen.lines().find(|line| line.contains(&long[..14])).unwrap_or_default();
    assert!(row.contains("rev 1") && !row.contains('…'), "{screen}");
}

/// Where a template is used shows whole at 80 columns, each course and mode on a line of its
/// own when they do not fit on one, where it was cut to `middle-…` beside a long name.
#[test]
fn tui_where_a_template_is_used_is_shown_whole_at_80_columns() {
    let long = "certificate-of-completion-with-distinction-for-the-2026-cohort";
    let mut h = Harness::new(80, 24);
    used_by_two_courses(&mut h, long);
    h.keys("3");
    let screen = h.screen();
    assert!(!screen.contains('…'), "nothing cut: {screen}");
    let rows = read_down(&screen, &long[..14], long);
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines.iter().position(|line| line.contains(&long[..14])).unwrap_or_default();
    assert!(lines[at].trim_matches('"').trim_end().ends_with("middle-earth-101 (verified)"), "{screen}");
    assert!(lines[at + 1].trim_matches('"').trim_end().ends_with("middle-earth-102 (verified)"), "{screen}");
    assert!(rows.len() <= 4, "the name takes what the courses leave: {screen}");
    for used in ["middle-earth-101 (honor)", "middle-earth-102 (honor)", "not used"] {
        assert!(screen.contains(used), "{used}: {screen}");
    }
}

#[test]
fn tui_a_template_that_cannot_print_the_course_is_refused_as_the_cli_refuses_it() {
    let mut h = Harness::new(80, 24);
    save(&h, "plain");
    // The honor design has two lines for the title: this one needs three.
    let context = Context::new("tester", super::NOW.parse().unwrap());
    let mut course = ops::require_course(&h.store, COURSE).unwrap();
    course.title = "Advanced Interdisciplinary Perspectives on Computational Methods, Data Science, Ethics and Reasoning in Modern Cartography Across the Three Ages, with a Second Year of Fieldwork in the Archives of Minas Tirith and Rivendell".into();
    let mut commit = Commit::new(context.event(Action::Settings, "retitled".into(), Vec::new(), Vec::new()));
    commit.course = Some(course);
    h.store.commit(COURSE, &commit).unwrap();
    let printer = ops::Printer::new(&h.store, None).unwrap();
    let cli_says = ops::assign_template(&h.store, &printer, COURSE, Mode::Honor, "plain", &context).unwrap_err();
    let cli_says = cli_says.to_string();
    assert!(cli_says.starts_with("not assigned: plain@1 cannot print middle-earth-101's certificates"), "{cli_says}");

    // honor, plain, verified: j picks plain.
    h.keys("2s1j").key(KeyCode::Enter);
    let told = h.app.message.clone().map(|(text, _)| text).unwrap_or_default();
    assert_eq!(told, cli_says);
    let screen = h.screen();
    assert!(screen.contains("Template for honor certificates") && screen.contains("not assigned: plain@1"), "{screen}");
    assert!(screen.contains("--course middle-earth-101`"), "the whole reason, in a dialog: {screen}");
    assert_eq!(h.store.settings(COURSE).unwrap().template_for(Mode::Honor), None, "nothing recorded");
    let last = h.store.events(COURSE).unwrap().pop().unwrap();
    assert_eq!(last.summary, "retitled", "nothing logged");
}

#[test]
fn tui_the_templates_list_scrolls_to_keep_the_selection_on_screen() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut h = Harness::new(width, height);
        for n in 0..40 {
            save(&h, &format!("design-{n:02}"));
        }
        h.keys("3");
        // design-00..design-39, then honor and verified around them: 42 in all.
        let shows = |h: &mut Harness, name: &str| {
            let screen = h.screen();
            let row = screen
                .lines()
                .find(|line| line.contains(&format!("  {name} ")) && line.contains(" rev "))
                .map(str::to_string);
            (row.is_some(), screen)
        };
        for _ in 0..25 {
            h.keys("j");
        }
        let (seen, screen) = shows(&mut h, "design-24");
        assert!(seen && screen.contains(" of 42"), "{width}x{height}: the selection in view: {screen}");
        assert!(!shows(&mut h, "honor").0, "{width}x{height}: scrolled past the top: {screen}");
        assert!(screen.contains("middle-earth-101 prints with"), "{width}x{height}: the footer stays: {screen}");
        h.key(KeyCode::End);
        let (seen, screen) = shows(&mut h, "verified");
        assert!(seen && screen.contains("-42 of 42"), "{width}x{height}: {screen}");
        // Up from the bottom moves the selection, not the list, until it reaches the top row.
        let before = h.screen().lines().find(|line| line.starts_with("Templates")).map(str::to_string);
        h.keys("k");
        let after = h.screen().lines().find(|line| line.starts_with("Templates")).map(str::to_string);
        assert_eq!(before, after, "{width}x{height}");
        h.key(KeyCode::Home);
        let (seen, screen) = shows(&mut h, "design-00");
        assert!(seen && screen.contains("Templates 1-"), "{width}x{height}: {screen}");
        h.key(KeyCode::PageDown).key(KeyCode::PageDown);
        let selected = h.app.templates[h.app.template_selected].name.clone();
        let (seen, screen) = shows(&mut h, &selected);
        assert!(seen && !screen.contains("Templates 1-"), "{width}x{height}: {selected} in view: {screen}");
    }
}

#[test]
fn tui_a_mode_s_template_is_picked_from_the_saved_templates() {
    let mut h = Harness::new(80, 24);
    save(&h, "plain");
    let honor_template = |h: &Harness| h.store.settings(COURSE).unwrap().template_for(Mode::Honor).map(str::to_string);
    h.keys("2st");
    assert!(h.screen().contains("Pass threshold"), "{}", h.screen());
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Settings of middle-earth-101"), "{}", h.screen());
    h.keys("1");
    let screen = h.screen();
    assert!(screen.contains("Template for honor certificates"), "{screen}");
    assert!(screen.contains("● rev 1   honor") && screen.contains("plain") && screen.contains("verified"), "{screen}");
    // Nothing to type: letters choose nothing, Esc goes back to the settings.
    h.keys("nope").key(KeyCode::Esc);
    assert!(h.screen().contains("Settings of middle-earth-101"), "{}", h.screen());
    assert_eq!(honor_template(&h), None);

    h.keys("1").key(KeyCode::Down).key(KeyCode::Enter);
    assert!(h.screen().contains("honor template honor -> plain"), "{}", h.screen());
    assert_eq!(honor_template(&h).as_deref(), Some("plain"));
    // The template named after the mode is the mode's own again, not a choice of it.
    h.keys("s1").keys("k").key(KeyCode::Enter);
    assert!(h.screen().contains("honor template plain -> honor"), "{}", h.screen());
    assert_eq!(honor_template(&h), None);
}

#[test]
fn tui_deleting_a_template_looks_for_its_certificates_off_the_ui_thread() {
    let mut h = Harness::new(80, 24);
    save(&h, "plain");
    h.threshold_policy().keys("g").key(KeyCode::Enter).keys("3j");
    // Every certificate is read to know whether one was printed with the template (seconds
    // at a million): the keys are answered meanwhile.
    h.key_now(KeyCode::Char('d'));
    assert!(h.app.is_busy(), "the check runs in the background");
    let checking = h.screen();
    assert!(checking.contains("Looking for certificates printed with the"), "{checking}");
    h.app.wait_for_worker();
    assert!(h.screen().contains("Delete the template plain and its revision?"), "{}", h.screen());
    h.key_now(KeyCode::Char('y'));
    assert!(h.app.is_busy(), "the store looks again as it deletes, in the background too");
    h.app.wait_for_worker();
    let deleted = h.screen();
    assert!(deleted.contains("Deleted the template plain (1 revision)."), "{deleted}");
    assert!(!h.app.templates.iter().any(|template| template.name == "plain"), "{deleted}");
}
