//! The certificates tab: issuing, replacing a stale certificate, deleting, the history, the
//! preview and the PDF export, what a raised threshold flags, and self-generation.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{COURSE, Harness};
use crate::domain::CertificateStatus;
use crate::ops;

#[test]
fn tui_stale_certificate_is_regenerated_after_confirmation() {
    let mut h = Harness::new(100, 30);
    h.threshold_policy().keys("g");
    assert!(h.screen().contains("issue 20 certificates (1 provisional)"));
    h.key(KeyCode::Enter);
    h.go_to_bilbo_essay();
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter).keys("2/bilbo").key(KeyCode::Enter);
    let screen = h.screen();
    // The row's columns give the percents; the flag says what else changed.
    let row = screen.lines().find(|line| line.contains("bilbo")).unwrap_or_default();
    assert!(row.contains("85.0%") && row.contains("95.0%") && row.contains("stale"), "{screen}");
    assert!(!row.contains("85.0% -> 95.0%"), "not said twice: {screen}");
    h.keys("r");
    let screen = h.screen();
    assert!(screen.contains("reissue bilbo: 85.0% -> 95.0%"), "{screen}");
    // One certificate is replaced with one, not "with ones"; "the old ones" would be one too.
    let text = h.dialog_text();
    assert!(text.contains("with one that says") && text.contains("The old one"), "{screen}");
    h.keys("y");
    let now = super::NOW.parse().unwrap();
    let state = ops::load_course_state(&h.store, COURSE, now).unwrap();
    let bilbo = state.learner("bilbo").unwrap();
    let active = bilbo.active().unwrap();
    assert_eq!(active.certificate.snapshot.percent.to_string(), "95.0%");
    assert!(matches!(bilbo.ledger.entries[0].status, CertificateStatus::Superseded { .. }));
    let screen = h.screen();
    assert!(screen.contains("Replaced 1 stale certificate."), "{screen}");
    let row = screen.lines().find(|line| line.contains("bilbo")).unwrap_or_default();
    assert!(!row.contains("stale"), "{screen}");
}

#[test]
fn tui_delete_all_needs_the_course_id_typed() {
    let mut h = Harness::new(120, 30);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.keys("D");
    assert!(
        h.screen()
            .contains("Delete the 20 active certificates of middle-earth-101? They stay in the history as revoked.")
    );
    h.keys("middle-earth").key(KeyCode::Enter);
    assert!(h.screen().contains("That is not middle-earth-101."));
    assert_eq!(ops::active_ledgers(&h.store, COURSE).unwrap().len(), 20);
    h.keys("-101").key(KeyCode::Enter);
    assert_eq!(ops::active_ledgers(&h.store, COURSE).unwrap().len(), 0);
    assert!(h.screen().contains("Deleted 20 certificates"));
}

#[test]
fn tui_history_shows_superseded_and_revoked_certificates() {
    let mut h = Harness::new(120, 30);
    h.threshold_policy().keys("g").key(KeyCode::Enter).keys("d").keys("y").keys("H");
    let screen = h.screen();
    assert!(screen.contains("revoked: deleted"), "{screen}");
    // Its preview says so in its title, as the page it shows does not.
    h.keys("v");
    let screen = h.screen();
    assert!(screen.contains("XXXX-XXXX-XXXX · revoked · Ærwyn Øvergård"), "{screen}");
    h.key(KeyCode::Esc).keys("j").keys("v");
    let screen = h.screen();
    assert!(screen.contains("XXXX-XXXX-XXXX · Nguyễn Văn An"), "one in force says nothing more: {screen}");
}

#[test]
fn tui_previews_with_half_blocks_and_exports_a_pdf() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter).keys("v");
    let screen = h.screen();
    assert!(screen.matches('▀').count() > 500, "a picture of the page fills the popup: {screen}");
    assert!(screen.contains("Ærwyn Øvergård"), "{screen}");
    h.key(KeyCode::Esc).keys("e");
    assert!(h.screen().contains("./middle-earth-101-certificates.pdf"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.pdf");
    for _ in 0.."./middle-earth-101-certificates.pdf".len() {
        h.key(KeyCode::Backspace);
    }
    h.keys(path.to_str().unwrap()).key(KeyCode::Enter);
    h.app.wait_for_worker();
    let screen = h.screen();
    assert!(screen.contains("Wrote 20 certificates"), "{screen}");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF was written");
}

#[test]
fn tui_export_to_a_directory_that_does_not_exist_keeps_the_path_to_correct() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter).keys("e");
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    for _ in 0.."./middle-earth-101-certificates.pdf".len() {
        h.key(KeyCode::Backspace);
    }
    h.keys(missing.join("all.pdf").to_str().unwrap()).key(KeyCode::Enter);
    let screen = h.screen();
    assert!(h.dialog_text().contains("there is no directory"), "the prompt says why: {screen}");
    assert!(screen.contains("all.pdf▏"), "the typed path is still there: {screen}");
    // A directory is not a file to write either, and the prompt stays for the name.
    for _ in 0.."/all.pdf".len() {
        h.key(KeyCode::Backspace);
    }
    std::fs::create_dir(&missing).unwrap();
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("is a directory: add the name"), "{screen}");
    h.keys("/all.pdf").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let screen = h.screen();
    assert!(screen.contains("Wrote 20 certificates"), "{screen}");
    assert!(std::fs::read(missing.join("all.pdf")).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn tui_a_certificate_whose_learner_fell_below_a_raised_threshold_is_flagged() {
    let mut h = Harness::new(120, 40);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    assert!(!h.screen().contains("not eligible now"), "{}", h.screen());
    let context = ops::Context::new("tester", super::NOW.parse().unwrap());
    let change = ops::SettingsChange { threshold: "95".parse().ok(), ..Default::default() };
    ops::change_settings(&h.store, COURSE, &change, &context).unwrap();
    h.keys("c").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let shown = h.screen();
    assert!(shown.contains("now: below threshold"), "{shown}");
    assert!(shown.contains(" not eligible now"), "{shown}");
}

/// Certificates of learners below a raised threshold are not stale: `r` has nothing to
/// replace, and says so naming them and what to do, where it said every certificate was true.
/// The list's filter finds them by their flags.
#[test]
fn tui_regenerate_and_the_filter_name_the_certificates_not_eligible_now() {
    // At 80 columns, where the message has two rows.
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let context = ops::Context::new("tester", super::NOW.parse().unwrap());
    let change = ops::SettingsChange { threshold: "95".parse().ok(), ..Default::default() };
    ops::change_settings(&h.store, COURSE, &change, &context).unwrap();
    h.keys("c").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let footer = h.screen();
    let count = footer.split(" not eligible now").next().and_then(|head| head.rsplit(' ').next()).unwrap_or_default();
    let count: usize = count.parse().unwrap_or_else(|_| panic!("the footer counts them: {footer}"));
    h.keys("r");
    // The message's two rows as one line.
    let said = h.screen().lines().map(|line| line.trim_matches('"').trim()).collect::<Vec<_>>().join(" ");
    assert!(said.contains(&format!("No stale certificates; {count} not eligible now, which r leaves")), "{said}");
    assert!(said.contains("delete them (d on each) or allow the learners (a in the gradebook)"), "{said}");
    assert!(!said.contains("every certificate says what is true"), "{said}");
    h.keys("/not eligible").key(KeyCode::Enter);
    let filtered = h.screen();
    let word = if count == 1 { "match" } else { "matches" };
    assert!(filtered.contains(&format!("{count} {word} \"not eligible\"")), "{filtered}");
    let rows: Vec<&str> = filtered.lines().filter(|line| line.starts_with("\"XXXX-XXXX-XXXX")).collect();
    assert!(!rows.is_empty() && rows.iter().all(|row| row.contains("not eligible")), "{filtered}");
}

/// With more certificates no longer deserved than anyone deletes one at a time (a synthetic
/// course of 60 learners under a threshold raised to 100%), `r` gives the bulk way, `D` then
/// `g`, where it said `d on each` whatever their number.
#[test]
fn tui_many_certificates_no_longer_deserved_are_not_left_to_d_on_each() {
    let mut h = Harness::new(80, 24);
    let folder = h._dir.path().join("synthetic");
    crate::sample::write_synthetic(60, 3, 100, crate::sample::names::Scripts::Latin, &folder).unwrap();
    crate::import::import_folder(&h.store, &folder, None, ("tester", super::NOW.parse().unwrap())).unwrap();
    h.keys("c").keys("synth").key(KeyCode::Enter);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let context = ops::Context::new("tester", super::NOW.parse().unwrap());
    let change = ops::SettingsChange { threshold: "100".parse().ok(), ..Default::default() };
    ops::change_settings(&h.store, "synthetic", &change, &context).unwrap();
    h.keys("c").keys("synth").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let footer = h.screen();
    let count = footer.split(" not eligible now").next().and_then(|head| head.rsplit(' ').next()).unwrap_or_default();
    let count: usize = count.parse().unwrap_or_else(|_| panic!("the footer counts them: {footer}"));
    assert!(count > 20, "more than a few: {footer}");
    h.keys("r");
    let said = h.screen().lines().map(|line| line.trim_matches('"').trim()).collect::<Vec<_>>().join(" ");
    let advice = "delete every certificate (D), then issue the eligible new ones with new codes (g).";
    assert!(
        said.contains(&format!("No stale certificates; {count} not eligible now, which r leaves: {advice}")),
        "{said}"
    );
    assert!(!said.contains("d on each"), "{said}");
}

/// A learner's progress below a raised threshold says the threshold, which the grade above it
/// is compared with, where it said only "below the pass threshold".
#[test]
fn tui_progress_below_the_threshold_says_the_threshold() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy();
    let context = ops::Context::new("tester", super::NOW.parse().unwrap());
    let change = ops::SettingsChange { threshold: "95".parse().ok(), ..Default::default() };
    ops::change_settings(&h.store, COURSE, &change, &context).unwrap();
    h.keys("c").key(KeyCode::Enter);
    h.app.wait_for_worker();
    h.keys("1/bilbo").key(KeyCode::Enter).keys("p");
    let screen = h.screen();
    assert!(screen.contains("Not eligible: the grade is below the pass threshold (95.0%)."), "{screen}");
}

#[test]
fn tui_one_certificate_is_counted_as_one() {
    let mut h = Harness::new(120, 40);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let context = ops::Context::new("tester", super::NOW.parse().unwrap());
    let rows = ops::list_certificates(&h.store, COURSE, false, super::NOW.parse().unwrap()).unwrap();
    for row in rows.iter().skip(1) {
        let target = ops::DeleteTarget::Learner(row.username.clone());
        ops::delete_certificates(&h.store, COURSE, &target, &context, &mut ops::Quiet).unwrap();
    }
    h.app.apply(crate::tui::Action::SwitchCourse(COURSE.to_string()));
    h.app.wait_for_worker();
    let pane = h.keys("2").screen();
    assert!(pane.contains("1 active certificate ") && !pane.contains("1 active certificates"), "{pane}");
    let dialog = h.keys("D").screen();
    assert!(dialog.contains("Delete the 1 active certificate of"), "{dialog}");
    assert!(dialog.contains("It stays in the history"), "{dialog}");
}

#[test]
fn tui_self_generation_is_refused_until_examples_succeed_then_confirmed() {
    let mut h = Harness::new(100, 30);
    h.keys("2so");
    assert!(h.screen().contains("Cannot turn self-generation on: no example certificates yet"));
    // The way to make them is the TUI's own keys, not a command to leave it for.
    let told = h.app.message.clone().map(|(text, _)| text).unwrap_or_default();
    let said = "Cannot turn self-generation on: no example certificates yet: make them on the certificates tab (x, then g) and check them first";
    assert_eq!(told, said);
    h.key(KeyCode::Esc).keys("xg").keys("so");
    assert!(h.screen().contains("Turn self-generation on for middle-earth-101?"));
    h.keys("y");
    assert!(h.store.settings(COURSE).unwrap().self_generation);
}

/// Examples made, then honor's template saved again: each example still says it succeeded, as
/// it did when made, and the line above them says why they no longer vouch (before, only the
/// settings line's `(blocked)` did).
#[test]
fn tui_examples_a_template_changed_since_say_so_above_their_list() {
    let mut h = Harness::new(80, 24);
    h.keys("2xg");
    h.app.wait_for_worker();
    assert!(!h.screen().contains("The examples were made"), "{}", h.screen());
    let source = h.store.latest_template("honor").expect("read").expect("honor").source;
    let context = crate::ops::Context::new("arwen", super::NOW.parse().expect("a time"));
    let printer = crate::ops::Printer::new(&h.store, None).expect("a printer");
    crate::ops::save_template(&h.store, &printer, "honor", &format!("# arwen's\n{source}"), &context).expect("save");
    let screen = h.reopen(None).keys("2x").screen();
    let words = screen.lines().map(|row| row.trim_matches('"').trim()).collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("The examples were made with honor@1, and honor certificates print with honor@2 now; make them on the certificates tab (x, then g) again."),
        "{screen}"
    );
    assert!(words.contains(" success "), "the list says how each went when made: {screen}");
}

#[test]
fn tui_a_generate_stopped_short_is_pointed_out_on_opening_until_the_rest_is_issued() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy();
    // The trail a generate leaves when it is stopped (Esc, or killed) after its first part:
    // this course is too small for three parts, so the event is written as the run writes it.
    let stopped = crate::domain::Event {
        at: super::NOW.parse().unwrap(),
        who: "elrond".to_string(),
        action: crate::domain::Action::Generate,
        summary: "issued 1000 certificates (part 1 of 3)".to_string(),
        learners: Vec::new(),
        codes: Vec::new(),
        learner_changes: None,
    };
    h.store.append_event(COURSE, &stopped).unwrap();
    // Read, the settings' message makes way, as the next key does; then the course opens.
    h.keys("1");
    h.app.apply(crate::tui::Action::SwitchCourse(COURSE.to_string()));
    h.app.wait_for_worker();
    let opened = h.screen();
    let told = h.app.message.clone().map(|(text, _)| text).unwrap_or_default();
    let said = "The last generate (by elrond, 2026-12-01 12:00 UTC) stopped after part 1 of 3; 20 eligible learners have no certificate yet: 2, then g, issues them.";
    assert_eq!(told, said);
    assert!(opened.contains("stopped after part 1 of 3;") && opened.contains("2, then g, issues them."), "{opened}");
    let pane = h.keys("2").screen();
    assert!(pane.contains("Generate stopped at part 1 of 3: 20 eligible without a certificate (g)"), "{pane}");
    h.resize(120, 40);
    let wide = h.screen();
    assert!(
        wide.contains("Generate stopped at part 1 of 3: 20 eligible without a certificate; press g to issue them."),
        "{wide}"
    );

    h.keys("g").key(KeyCode::Enter);
    let finished = h.screen();
    assert!(finished.contains("20 active certificates"), "{finished}");
    assert!(!finished.contains("stopped after part"), "a finished generate is not pointed out: {finished}");
    h.app.apply(crate::tui::Action::SwitchCourse(COURSE.to_string()));
    h.app.wait_for_worker();
    assert!(!h.screen().contains("stopped after part"), "{}", h.screen());
}

/// A skipped line too long for the generate dialog at 80x24 goes on under its own text.
#[test]
fn tui_generate_dialog_indents_a_wrapped_list_of_skipped_learners() {
    let mut h = Harness::new(80, 24);
    h.keys("2g");
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().collect();
    let at = rows.iter().position(|row| row.contains("skip 5 not eligible: below threshold")).expect("the line");
    assert!(rows[at].contains("│   skip 5"), "{screen}");
    assert!(rows[at + 1].contains("│     soren)"), "the rest hangs under its text: {screen}");
}

#[test]
fn tui_certificate_settings_show_whole_at_80_columns() {
    let mut h = Harness::new(80, 24);
    h.keys("2");
    let screen = h.screen();
    assert!(!screen.contains("templates…"), "{screen}");
    assert!(screen.contains("s settings: threshold 80.0% · policy final · self-gen off (blocked)"), "{screen}");
    assert!(screen.contains("  templates: honor@1 for honor, verified@1 for verified"), "{screen}");
    // Where the whole line fits, it stays one line.
    h.resize(120, 40);
    let screen = h.screen();
    assert!(
        screen.contains(
            "s settings: threshold 80.0% · policy final · self-gen off (blocked) · templates honor@1 verified@1"
        ),
        "{screen}"
    );
    assert!(!screen.contains("for honor"), "{screen}");
}

#[test]
fn tui_a_stale_certificate_no_longer_deserved_is_left_saying_what_to_do_in_the_tuis_keys() {
    let mut h = Harness::new(160, 30);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    // cagri stands at 81.0%; without the 8.5 of maps, at 72.5%: stale and below the threshold.
    h.keys("1/cagri").key(KeyCode::Enter);
    for _ in 0..3 {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Enter).key(KeyCode::Backspace).key(KeyCode::Backspace).key(KeyCode::Backspace);
    h.keys("0").key(KeyCode::Enter).keys("2r");
    let screen = h.screen();
    assert!(
        screen.contains("No stale certificate r can replace; 1 stale, not eligible: below threshold (cagri)"),
        "{screen}"
    );
    // `d` deletes it here; the TUI has no key for `allow`, so the command is named.
    assert!(screen.contains("delete it (d) or allow the learner (a in the gradebook)"), "{screen}");
    assert!(!screen.contains("revoke or allow"), "{screen}");
}

/// Quitting while an export runs stops it as Esc would: its unfinished file is removed, where
/// a process ended under it left a hidden `.partial` file beside the PDF.
#[test]
fn tui_quitting_during_an_export_stops_it_and_leaves_no_unfinished_file() {
    let mut h = Harness::new(80, 24);
    h.open_synthetic(3000);
    h.keys("2g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.pdf");
    h.keys("e");
    for _ in 0..100 {
        h.key(KeyCode::Backspace);
    }
    h.keys(path.to_str().unwrap());
    h.key_now(KeyCode::Enter);
    let files = || std::fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect::<Vec<_>>();
    // The export has begun its file: the moment a quit would have left it behind.
    let begun = std::time::Instant::now();
    while files().is_empty() {
        assert!(begun.elapsed() < std::time::Duration::from_secs(30), "the export never began its file");
        std::thread::yield_now();
    }
    h.app.on_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(h.app.should_quit());
    let mut told = Vec::new();
    let left_undone = h.app.stop_work(std::time::Duration::from_secs(30), |line| told.push(line.to_string()));
    assert!(left_undone, "an export stopped exits 1");
    // The shell hears that the export stopped and that it wrote nothing.
    let stopping = "Exporting certificates: stopping at the next step before quitting…";
    assert_eq!(told, [stopping, "export cancelled; nothing was written"]);
    assert_eq!(files(), Vec::<std::ffi::OsString>::new(), "nothing is left: neither a PDF nor its unfinished file");
}

/// `q` while work runs: certdesk quits once it is done, and the shell hears how it ended;
/// `Esc` after it stops the work and stays, to say what is left to do.
#[test]
fn tui_q_during_work_quits_once_it_is_done() {
    let mut h = Harness::new(80, 24);
    h.open_synthetic(3000);
    h.keys("2g");
    h.key_now(KeyCode::Enter);
    h.key_now(KeyCode::Char('q'));
    assert!(!h.app.should_quit(), "not before the work is done");
    let screen = h.screen();
    assert!(screen.contains("Quitting once the work is done; Esc stops the work instead, and stays."), "{screen}");
    h.app.wait_for_worker();
    assert!(h.app.should_quit());
    let words = h.app.parting_words().unwrap_or_default().to_string();
    assert!(words.starts_with("Issued 3000 certificates"), "{words}");

    let mut h = Harness::new(80, 24);
    h.open_synthetic(3000);
    h.keys("2g");
    h.key_now(KeyCode::Enter);
    h.key_now(KeyCode::Char('q'));
    h.key_now(KeyCode::Esc);
    h.app.wait_for_worker();
    assert!(!h.app.should_quit(), "Esc stopped the work: certdesk stays");
    let screen = h.screen();
    assert!(screen.contains("Stopped: issued ") && screen.contains("g issues the rest."), "{screen}");
}
