//! A generate's dry run in the TUI leaves out the learners whose page the template cannot
//! print, as the run itself does: it promised 26 certificates and issued 14.

use ratatui::crossterm::event::KeyCode;

use super::{COURSE, Harness, NOW};
use crate::ops::{self, Context, Quiet};

/// The sample course with a signatory's title too long for the honor template, open on the
/// certificates tab; the folder lives as long as what is returned.
fn with_a_long_title(h: &mut Harness) -> tempfile::TempDir {
    let (dir, folder) = super::sample_copy();
    let course = std::fs::read_to_string(folder.join("course.toml")).expect("course.toml");
    let long = "International Names Course with a Rather Long Title to Test Cutting";
    let course = course.replace("title = \"Course Director\"", &format!("title = \"{long}\""));
    std::fs::write(folder.join("course.toml"), course).expect("write");
    crate::import::import_folder(&h.store, &folder, None, ("tester", NOW.parse().expect("now"))).expect("import");
    h.keys("2c").key(KeyCode::Enter);
    h.app.wait_for_worker();
    dir
}

/// `certdesk generate` on the harness's course, a dry run or not, as the command runs it.
fn generate(h: &Harness, dry_run: bool) -> ops::GenerationReport {
    let context = Context::new("tester", NOW.parse().expect("now"));
    let printer = h.app.renderer.printer();
    ops::generate(&h.store, COURSE, &context, printer, dry_run, &mut Quiet).expect("generate")
}

#[test]
fn tui_the_generate_dry_run_leaves_out_the_pages_the_template_cannot_print() {
    let mut h = Harness::new(120, 40);
    let _folder = with_a_long_title(&mut h);
    let dry_run = generate(&h, true);
    let issued = dry_run.issued.len();
    let unprintable = dry_run.unprintable_pages.len();
    assert!(unprintable > 0 && issued > 0, "the honor learners' pages cannot print: {dry_run:?}");

    h.keys("g");
    let text = h.dialog_text();
    assert!(text.contains(&format!("issue {issued} certificates")), "as the command's dry run: {text}");
    assert!(
        text.contains(&format!("skip {unprintable} not eligible: page cannot be printed with the template")),
        "{text}"
    );
    assert!(text.contains("for a page the template cannot print ("), "{text}");
    assert!(text.contains("fix the template (3)"), "{text}");
    h.keys("y");
    let told = h.app.message.clone().map(|(text, _)| text).unwrap_or_default();
    assert!(told.starts_with(&format!("Issued {issued} certificates")), "{told}");
    assert!(told.contains(&format!("{unprintable} of them have pages the template cannot print")), "{told}");
}

#[test]
fn tui_nothing_to_generate_says_when_the_template_is_why() {
    let mut h = Harness::new(120, 40);
    let _folder = with_a_long_title(&mut h);
    // Every learner the template could print already certified: those left cannot be printed.
    generate(&h, false);
    h.app.apply(crate::tui::Action::SwitchCourse(COURSE.to_string()));
    h.app.wait_for_worker();
    h.keys("g");
    let told = h.app.message.clone().map(|(text, _)| text).unwrap_or_default();
    assert!(told.starts_with("Nothing to generate: "), "{told}");
    assert!(told.contains("of them have pages the template cannot print ("), "{told}");
    assert!(told.ends_with("fix the template (3)."), "{told}");
}
