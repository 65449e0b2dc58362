//! Behaviour driven by keys, checked on screen and in the store.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

use super::Harness;
use crate::domain::{CertificateStatus, Mode, Points};
use crate::ops;
use crate::tui::Theme;

const COURSE: &str = "middle-earth-101";

/// Filters the gradebook to bilbo and moves the column cursor onto his essay.
fn to_bilbo_essay(h: &mut Harness) {
    h.keys("1/bilbo").key(KeyCode::Enter);
    for _ in 0..12 {
        h.key(KeyCode::Right);
    }
}

fn bilbo_essay(h: &Harness) -> Option<Points> {
    let now = super::NOW.parse().unwrap();
    let book = ops::load_gradebook(&h.store, COURSE, now).unwrap();
    let bilbo = book.rows.iter().find(|row| row.enrollment.username == "bilbo").unwrap();
    bilbo.enrollment.scores[9]
}

#[test]
fn tui_grading_in_place_saves_the_score() {
    let mut h = Harness::new(80, 24);
    to_bilbo_essay(&mut h);
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter);
    assert_eq!(bilbo_essay(&h), Some(Points::from_hundredths(1000)));
    let screen = h.screen();
    assert!(screen.contains("Saved bilbo essay: not graded -> 10/10. Grade 95.0% final"), "{screen}");
}

#[test]
fn tui_a_score_above_the_maximum_is_refused_and_esc_cancels() {
    let mut h = Harness::new(80, 24);
    to_bilbo_essay(&mut h);
    h.key(KeyCode::Enter).keys("11").key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("11 points is above the maximum of 10 for essay"), "{screen}");
    h.key(KeyCode::Esc);
    assert_eq!(bilbo_essay(&h), None);
    assert!(!h.screen().contains("above the maximum"));
}

#[test]
fn tui_clearing_a_score_asks_first() {
    let mut h = Harness::new(80, 24);
    h.keys("/bilbo").key(KeyCode::Enter);
    for _ in 0..3 {
        h.key(KeyCode::Right);
    }
    h.keys("x");
    assert!(h.screen().contains("Clear bilbo's score for maps?"));
    h.keys("n");
    let now = super::NOW.parse().unwrap();
    let maps = |h: &Harness| {
        let book = ops::load_gradebook(&h.store, COURSE, now).unwrap();
        book.rows.iter().find(|row| row.enrollment.username == "bilbo").unwrap().enrollment.scores[0]
    };
    assert_eq!(maps(&h), Some(Points::from_hundredths(1000)), "n keeps the score");
    h.keys("x").keys("y");
    assert_eq!(maps(&h), None, "y clears it");
}

/// The text inside a dialog's borders, its lines joined by spaces.
fn dialog_text(screen: &str) -> String {
    let inside = screen.lines().filter_map(|line| {
        let rest = line.trim_matches([' ', '"']).strip_prefix('│')?;
        Some(rest.strip_suffix('│').unwrap_or(rest).trim().to_string())
    });
    inside.filter(|line| !line.is_empty()).collect::<Vec<_>>().join(" ")
}

#[test]
fn tui_clearing_a_score_says_what_the_grade_becomes() {
    for (now, predicted) in [
        ("2027-02-15T12:00:00Z", "The course has ended, so work not graded counts 0 and the grade stays final"),
        (super::NOW, "It counts as not graded, and the grade is provisional until it is graded again"),
    ] {
        let mut h = Harness::at(80, 24, now);
        h.keys("/bilbo").key(KeyCode::Enter);
        for _ in 0..3 {
            h.key(KeyCode::Right);
        }
        let asked = dialog_text(&h.keys("x").screen());
        h.keys("y");
        let book = ops::load_gradebook(&h.store, COURSE, now.parse().unwrap()).unwrap();
        let grade = book.rows.iter().find(|row| row.enrollment.username == "bilbo").unwrap().grade;
        assert!(asked.contains(predicted), "{now}: {asked}");
        let outcome = format!("-> {} {}.", grade.percent, grade.status);
        assert!(asked.contains(&outcome), "{now}: the dialog did not say {outcome}: {asked}");
        let screen = h.screen();
        assert!(screen.contains(&format!("Grade {} {}", grade.percent, grade.status)), "{screen}");
    }
}

#[test]
fn tui_stale_certificate_is_regenerated_after_confirmation() {
    let mut h = Harness::new(100, 30);
    h.threshold_policy().keys("g");
    assert!(h.screen().contains("issue 20 certificates (1 provisional)"));
    h.key(KeyCode::Enter);
    to_bilbo_essay(&mut h);
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter).keys("2/bilbo").key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("stale 85.0% -> 95.0%"), "{screen}");
    h.keys("r");
    assert!(h.screen().contains("reissue bilbo: 85.0% -> 95.0%"));
    h.keys("y");
    let now = super::NOW.parse().unwrap();
    let state = ops::load_course_state(&h.store, COURSE, now).unwrap();
    let bilbo = state.learner("bilbo").unwrap();
    let active = bilbo.active().unwrap();
    assert_eq!(active.certificate.snapshot.percent.to_string(), "95.0%");
    assert!(matches!(bilbo.ledger.entries[0].status, CertificateStatus::Superseded { .. }));
    let screen = h.screen();
    assert!(screen.contains("Replaced 1 stale certificate."), "{screen}");
    assert!(!screen.contains("stale 85.0%"), "{screen}");
}

#[test]
fn tui_a_score_that_leaves_a_certificate_stale_or_undeserved_says_so() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    to_bilbo_essay(&mut h);
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter);
    // The message wraps over the status line's two rows.
    let words = |screen: String| screen.lines().map(|row| row.trim_matches('"').trim()).collect::<Vec<_>>().join(" ");
    let screen = words(h.screen());
    assert!(screen.contains("Certificate now stale (85.0% -> 95.0%): r on Certificates replaces it."), "{screen}");
    // Down below the threshold (80%): not deserved, and nothing revokes it.
    h.key(KeyCode::Enter).key(KeyCode::Backspace).key(KeyCode::Backspace).keys("0").key(KeyCode::Enter);
    h.key(KeyCode::Left).key(KeyCode::Enter);
    for _ in 0..3 {
        h.key(KeyCode::Backspace);
    }
    h.keys("0").key(KeyCode::Enter);
    let screen = words(h.screen());
    assert!(
        screen.contains("Certificate not deserved now (below threshold), valid until revoked: d on Certificates."),
        "{screen}"
    );
    let now = super::NOW.parse().unwrap();
    let state = ops::load_course_state(&h.store, COURSE, now).unwrap();
    assert!(state.learner("bilbo").unwrap().active().is_some(), "nothing revoked it");
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
}

#[test]
fn tui_verify_says_what_a_code_certifies() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    let code = ops::active_ledgers(&h.store, COURSE).unwrap()[0].1.active().unwrap().certificate.code;
    h.keys("V").keys(&code.to_string().to_lowercase()).key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("XXXX-XXXX-XXXX: valid"), "{screen}");
    assert!(screen.contains("Ærwyn Øvergård (aerwyn)"), "{screen}");
    h.key(KeyCode::Esc).keys("V").keys("nope").key(KeyCode::Enter);
    assert!(h.screen().contains("not"), "a bad code is refused in words");
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
fn tui_self_generation_is_refused_until_examples_succeed_then_confirmed() {
    let mut h = Harness::new(100, 30);
    h.keys("2so");
    assert!(h.screen().contains("Cannot turn self-generation on: no example certificates yet"));
    h.key(KeyCode::Esc).keys("xg").keys("so");
    assert!(h.screen().contains("Turn self-generation on for middle-earth-101?"));
    h.keys("y");
    assert!(h.store.settings(COURSE).unwrap().self_generation);
}

#[test]
fn tui_a_mode_s_template_is_picked_from_the_saved_templates() {
    let mut h = Harness::new(80, 24);
    let plain = crate::domain::TemplateRevision {
        name: "plain".into(),
        revision: 1,
        source: crate::render::defaults::HONOR.into(),
        saved_at: super::NOW.parse().unwrap(),
        saved_by: "tester".into(),
    };
    h.store.save_template(&plain).unwrap();
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
fn tui_filter_narrows_every_list_and_esc_clears_it() {
    let mut h = Harness::new(80, 24);
    h.keys("/bag");
    let screen = h.screen();
    assert!(screen.contains("bilbo") && screen.contains("frodo") && !screen.contains("aragorn"), "{screen}");
    assert!(screen.contains("2 match \"bag\""));
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("aragorn"));
    // Case and accents aside: staff type names as their keyboards let them.
    h.keys("/ZOE");
    let screen = h.screen();
    assert!(screen.contains("Zoë Ångström") && screen.contains("1 match"), "{screen}");
    h.key(KeyCode::Esc).keys("/lukasz zolc");
    let screen = h.screen();
    assert!(screen.contains("Łukasz Żółć") && screen.contains("1 match"), "{screen}");
    h.key(KeyCode::Esc);
    h.keys("4/settings");
    assert!(h.screen().contains("0 match \"settings\""));
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
fn tui_log_enter_shows_an_event_whole() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    h.keys("4");
    let list = h.screen();
    assert!(!list.contains("Codes ("), "{list}");
    // The newest is the issuer key the generate made on first use (at the same time); the
    // generate is next.
    h.keys("j").key(KeyCode::Enter);
    let shown = h.screen();
    let issued = ops::list_certificates(&h.store, COURSE, false, super::NOW.parse().unwrap()).unwrap().len();
    assert!(shown.contains(&format!("issued {issued} certificates")), "{shown}");
    assert!(shown.contains(&format!("Learners ({issued}): ")), "{shown}");
    assert!(shown.contains(&format!("Codes ({issued}): ")), "{shown}");
    h.key(KeyCode::Esc);
    assert!(!h.screen().contains("Codes ("));
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
fn tui_a_message_lasts_until_the_next_key_and_busy_until_the_work_is_done() {
    let mut h = Harness::new(80, 24);
    to_bilbo_essay(&mut h);
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter);
    assert!(h.screen().contains("Saved bilbo essay"), "{}", h.screen());
    h.key(KeyCode::Down);
    assert!(!h.screen().contains("Saved bilbo essay"), "{}", h.screen());

    h.app.apply(crate::tui::Action::SwitchCourse(COURSE.to_string()));
    h.app.on_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    assert!(h.screen().contains("Busy: wait for the work"), "{}", h.screen());
    h.app.wait_for_worker();
    assert!(!h.screen().contains("Busy"), "{}", h.screen());
}

#[test]
fn tui_the_log_shows_the_database_events_beside_the_course_events() {
    let mut h = Harness::new(120, 40);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.store.set_staff(vec!["tester".to_string(), "ana".to_string()]).unwrap();
    h.keys("c").key(KeyCode::Enter).keys("4");
    let list = h.screen();
    assert!(list.contains("staff      database: "), "{list}");
    assert!(list.contains("generate"), "the course's events stay: {list}");
    // The staff list changed now, after the course's events of the fixed test time: newest.
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("The database's own event"), "{}", h.screen());
    // With the issuer key the generate made on first use.
    h.key(KeyCode::Esc).keys("/database").key(KeyCode::Enter);
    let filtered = h.screen();
    assert!(filtered.contains("2 match \"database\""), "{filtered}");
    assert!(filtered.contains("issuer     database: made the issuer key"), "{filtered}");
}

#[test]
fn tui_the_log_columns_are_as_wide_as_who_and_the_action_on_screen() {
    let mut h = Harness::new(120, 40);
    let context = ops::Context::new("frodo (learner page)", super::NOW.parse().unwrap());
    let change = ops::SettingsChange { threshold: "75".parse().ok(), ..Default::default() };
    ops::change_settings(&h.store, COURSE, &change, &context).unwrap();
    let settings = crate::domain::MailSettings { per_minute: 30, ..h.store.mail_settings().unwrap() };
    h.store.set_mail_settings(&settings).unwrap();
    h.keys("c").key(KeyCode::Enter).keys("4");
    let list = h.screen();
    let line = |text: &str| list.lines().find(|line| line.contains(text)).unwrap_or_else(|| panic!("{text}: {list}"));
    assert!(line("frodo (learner page)").contains("pass threshold"), "{list}");
    assert!(line("mail-settings").contains("database: mail settings"), "{list}");
    let summary_at =
        |text: &str, summary: &str| line(text).find(summary).unwrap_or_else(|| panic!("{summary}: {list}"));
    assert_eq!(
        summary_at("frodo (learner page)", "pass threshold"),
        summary_at("mail-settings", "database:"),
        "{list}"
    );
}

#[test]
fn tui_verifying_a_replaced_code_says_where_its_replacements_ended() {
    let mut h = Harness::new(120, 40);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let context = ops::Context::new("tester", super::NOW.parse().unwrap());
    let code_of_aragorn = |h: &Harness| {
        let rows = ops::list_certificates(&h.store, COURSE, false, super::NOW.parse().unwrap()).unwrap();
        rows.iter().find(|row| row.username == "aragorn").map(|row| row.code).expect("aragorn's certificate")
    };
    let first = code_of_aragorn(&h);
    for hundredths in [500, 600] {
        ops::set_score(&h.store, COURSE, "aragorn", "essay", Some(Points::from_hundredths(hundredths)), &context)
            .unwrap();
        let target = ops::Target::Learner("aragorn".into());
        let printer = ops::Printer::new(&h.store, None).unwrap();
        ops::regenerate(&h.store, COURSE, &target, &context, &printer, false, &mut ops::Quiet).unwrap();
    }
    let last = code_of_aragorn(&h);
    h.keys("2V").keys(&first.to_string()).key(KeyCode::Enter);
    // The screen shows codes as XXXX-XXXX-XXXX (they are random).
    assert!(h.screen().contains("In force now: XXXX-XXXX-XXXX"), "{}", h.screen());
    h.key(KeyCode::Esc);
    ops::revoke(&h.store, last, "grade entered in error", &context).unwrap();
    h.keys("V").keys(&first.to_string()).key(KeyCode::Enter);
    let shown = h.screen();
    assert!(shown.contains("Latest replacement XXXX-XXXX-XXXX: revoked: grade entered in error"), "{shown}");
}

#[test]
fn tui_a_mistyped_code_keeps_the_verify_prompt_open_with_the_reason() {
    let mut h = Harness::new(80, 24);
    h.keys("2V").keys("7KQ2-M9XD").key(KeyCode::Enter);
    let shown = h.screen();
    assert!(shown.contains("Verify a code"), "the prompt stays: {shown}");
    assert!(shown.contains("is not a certificate code: a code has 12 letters and"), "{shown}");
    assert!(shown.contains("digits, like XXXX-XXXX-XXXX"), "the reason wraps whole: {shown}");
    // What is typed next goes into the prompt, not to the list's keys (e would export).
    h.keys("e");
    assert!(h.screen().contains("> 7KQ2-M9XDe"), "{}", h.screen());
    assert!(!h.screen().contains("Export the"), "{}", h.screen());
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
