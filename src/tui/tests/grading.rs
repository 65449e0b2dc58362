//! Scores entered in the gradebook: in place, refused above the maximum, cleared only after
//! asking and saying what the grade becomes, and what a new score does to a certificate.

use ratatui::crossterm::event::KeyCode;

use super::{COURSE, Harness};
use crate::domain::Points;
use crate::ops;

/// Where maps and essay are in the sample course's list of activities.
const MAPS: usize = 0;
const ESSAY: usize = 9;

/// bilbo's score of the activity at `index`, as stored.
fn bilbo_score(h: &Harness, index: usize) -> Option<Points> {
    let now = super::NOW.parse().unwrap();
    let book = ops::load_gradebook(&h.store, COURSE, now).unwrap();
    let bilbo = book.rows.iter().find(|row| row.enrollment.username == "bilbo").unwrap();
    bilbo.enrollment.scores[index]
}

#[test]
fn tui_grading_in_place_saves_the_score() {
    let mut h = Harness::new(80, 24);
    h.go_to_bilbo_essay();
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter);
    assert_eq!(bilbo_score(&h, ESSAY), Some(Points::from_hundredths(1000)));
    let screen = h.screen();
    assert!(screen.contains("Saved bilbo essay: not graded -> 10/10. Grade 95.0% final"), "{screen}");
    // Final now, his grade earns a certificate he does not have: said, with the key.
    let words = screen.lines().map(|row| row.trim_matches('"').trim()).collect::<Vec<_>>().join(" ");
    assert!(words.contains("bilbo is eligible now: g on the certificates tab (2) issues the certificate."), "{screen}");
}

#[test]
fn tui_a_score_above_the_maximum_is_refused_and_esc_cancels() {
    let mut h = Harness::new(80, 24);
    h.go_to_bilbo_essay();
    h.key(KeyCode::Enter).keys("11").key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("11 points is above the maximum of 10 for essay"), "{screen}");
    h.key(KeyCode::Esc);
    assert_eq!(bilbo_score(&h, ESSAY), None);
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
    assert_eq!(bilbo_score(&h, MAPS), Some(Points::from_hundredths(1000)), "n keeps the score");
    h.keys("x").keys("y");
    assert_eq!(bilbo_score(&h, MAPS), None, "y clears it");
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
fn tui_a_score_that_leaves_a_certificate_stale_or_undeserved_says_so() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.go_to_bilbo_essay();
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter);
    // The message wraps over the status line's two rows.
    let words = |screen: String| screen.lines().map(|row| row.trim_matches('"').trim()).collect::<Vec<_>>().join(" ");
    let screen = words(h.screen());
    assert!(
        screen.contains("Certificate now stale, r on Certificates replaces it: 85.0% -> 95.0%, letter B -> A,"),
        "{screen}"
    );
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
    // How it is stale comes last, cut first at 80 columns.
    assert!(screen.contains("Stale too: 85.0%"), "{screen}");
    let now = super::NOW.parse().unwrap();
    let state = ops::load_course_state(&h.store, COURSE, now).unwrap();
    assert!(state.learner("bilbo").unwrap().active().is_some(), "nothing revoked it");
}

#[test]
fn tui_a_message_lasts_until_the_next_key_and_busy_until_the_work_is_done() {
    let mut h = Harness::new(80, 24);
    h.go_to_bilbo_essay();
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter);
    assert!(h.screen().contains("Saved bilbo essay"), "{}", h.screen());
    h.key(KeyCode::Down);
    assert!(!h.screen().contains("Saved bilbo essay"), "{}", h.screen());

    h.app.apply(crate::tui::Action::SwitchCourse(COURSE.to_string()));
    h.key_now(KeyCode::Char('e'));
    // A load cannot be stopped midway: Esc is not offered.
    assert!(h.screen().contains("Busy: wait for the work to finish; it cannot be stopped"), "{}", h.screen());
    h.app.wait_for_worker();
    assert!(!h.screen().contains("Busy"), "{}", h.screen());
    assert!(h.app.popup.is_none(), "the e pressed while busy opened nothing after");
}

/// While long work runs, the keys that only look around still do: the rows, the columns and
/// the tabs move under the progress box, and a key that acts is told to wait.
#[test]
fn tui_moves_and_tabs_answer_while_work_runs() {
    let mut h = Harness::new(120, 40);
    h.keys("1");
    let before = h.screen();
    assert!(before.contains("columns 1-"), "{before}");
    h.app.apply(crate::tui::Action::SwitchCourse(COURSE.to_string()));
    h.key_now(KeyCode::Char('j')).key_now(KeyCode::Char('l'));
    let moved = h.screen();
    assert!(!moved.contains("Busy"), "{moved}");
    assert!(moved.contains("Loading"), "the progress box still shows: {moved}");
    let gradebook = &h.app.course.as_ref().unwrap().gradebook;
    assert_eq!(gradebook.list.selected_position(), 1, "j moved to the second row");
    assert_eq!(gradebook.column, 1, "l moved to the second column");
    h.key_now(KeyCode::Char('2'));
    assert_eq!(h.app.tab, crate::tui::Tab::Certificates);
    h.key_now(KeyCode::Char('g'));
    assert!(h.screen().contains("Busy: wait for the work to finish"), "g waits: {}", h.screen());
    h.app.wait_for_worker();
    assert!(h.app.popup.is_none(), "the g pressed while busy asks nothing after");
    assert_eq!(h.app.tab, crate::tui::Tab::Certificates, "the tab stays where it was moved to");
}

/// Activities out of 10, 20, 50 and 100 points: the progress dialog's share column stays in
/// one place, where a maximum of 100 pushed it one cell right and 96.5/100 two.
#[test]
fn tui_the_progress_dialog_keeps_its_columns_whatever_the_maximum() {
    let mut h = Harness::new(120, 40);
    let folder = h._dir.path().join("synthetic");
    crate::sample::write_synthetic(5, 8, 70, crate::sample::names::Scripts::Latin, &folder).unwrap();
    crate::import::import_folder(&h.store, &folder, None, ("tester", super::NOW.parse().unwrap())).unwrap();
    h.app.apply(crate::tui::Action::SwitchCourse("synthetic".to_string()));
    h.app.wait_for_worker();
    h.keys("p");
    let screen = h.screen();
    let columns: Vec<usize> = screen
        .lines()
        .filter(|line| line.contains("/100 ") || line.contains("/10 "))
        .filter_map(|line| line.find('%'))
        .collect();
    assert!(columns.len() >= 4, "{screen}");
    assert!(columns.iter().all(|column| *column == columns[0]), "{columns:?}\n{screen}");
}

/// A score saved here is in the log at once, and the certificates' filter finds what it made
/// of the certificate: the log left the edit out, and `/stale` missed the certificate, until
/// the course was opened again.
#[test]
fn tui_a_saved_score_is_in_the_log_and_the_certificates_filter_finds_it_stale() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.go_to_bilbo_essay();
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter);
    let log = h.keys("4").screen();
    assert!(log.contains("grade      bilbo essay: not graded -> 10"), "{log}");
    let certificates = h.keys("2/stale").key(KeyCode::Enter).screen();
    assert!(certificates.contains("1 match \"stale\""), "{certificates}");
    assert!(certificates.lines().any(|row| row.contains("bilbo") && row.contains("stale")), "{certificates}");
}

/// A filter already typed over the certificates finds a certificate a saved score made
/// stale, and lets go of it when a later score makes it current again: only the learner's
/// rows are looked at again, not the whole course's.
#[test]
fn tui_a_certificates_filter_typed_before_a_score_follows_what_the_score_made_of_it() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    let before = h.keys("2/stale").key(KeyCode::Enter).screen();
    assert!(before.contains("0 matches \"stale\"") || before.contains("No certificate matches"), "{before}");
    h.go_to_bilbo_essay();
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter);
    let stale = h.keys("2").screen();
    assert!(stale.contains("1 match \"stale\""), "{stale}");
    assert!(stale.lines().any(|row| row.contains("bilbo") && row.contains("stale")), "{stale}");
    // Cleared again, the essay leaves Bilbo's certificate as it was issued.
    h.keys("1").key(KeyCode::Char('x')).keys("y");
    let current = h.keys("2").screen();
    assert!(!current.lines().any(|row| row.contains("bilbo")), "{current}");
}

/// What a certificate made stale by a score says, whole, in the gradebook's last column at
/// 80 and 120 columns, where it was cut at 24 cells (`stale 80.0% -> 78.0%, l…`).
#[test]
fn tui_the_gradebook_says_whole_how_a_certificate_went_stale() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut h = Harness::new(width, height);
        h.keys("2g").key(KeyCode::Enter);
        h.keys("1/aerwyn").key(KeyCode::Enter);
        for _ in 0..12 {
            h.key(KeyCode::Right);
        }
        // aerwyn's essay 7 -> 5: 80.0% (B) -> 78.0% (C).
        h.key(KeyCode::Enter).key(KeyCode::Backspace).keys("5").key(KeyCode::Enter);
        for _ in 0..6 {
            h.key(KeyCode::Right);
        }
        let screen = h.screen();
        assert!(screen.contains("stale 80.0% -> 78.0%, letter B -> C"), "{width}x{height}\n{screen}");
    }
}

/// Clearing the score of a learner who holds a certificate says, in the question, what it
/// does to the certificate: it was said only once the score was gone.
#[test]
fn tui_clearing_a_score_says_first_what_becomes_of_the_certificate() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.keys("1/bilbo").key(KeyCode::Enter);
    for _ in 0..3 {
        h.key(KeyCode::Right);
    }
    let asked = dialog_text(&h.keys("x").screen());
    assert!(asked.contains("85.0% provisional -> 75.0% provisional."), "{asked}");
    assert!(asked.contains("The certificate XXXX-XXXX-XXXX would be stale (85.0% -> 75.0%, letter B -> C)"), "{asked}");
    assert!(asked.contains("and no longer deserved (below threshold)."), "{asked}");
    h.keys("n");
    assert_eq!(bilbo_score(&h, MAPS), Some(Points::from_hundredths(1000)), "n keeps the score");
}

/// A score column is as wide as its widest score: `17.25` under `maps` (an id of four letters)
/// was cut to `17.…` with room to spare.
#[test]
fn tui_a_score_wider_than_its_activity_id_shows_whole() {
    let h = Harness::new(120, 40);
    let now = super::NOW.parse().expect("now");
    let mut state = ops::load_course_state(&h.store, COURSE, now).expect("the sample course");
    state.learners[0].enrollment.scores[MAPS] = Some(Points::from_hundredths(1725));
    let pane = crate::tui::gradebook::GradebookPane::new(&state);
    let area = ratatui::layout::Rect::new(0, 0, 120, 10);
    let mut buffer = ratatui::buffer::Buffer::empty(area);
    ratatui::widgets::Widget::render(pane.view(&state, crate::tui::Theme { color: false }), area, &mut buffer);
    let shown: String = buffer.content().iter().map(|cell| cell.symbol()).collect();
    assert!(shown.contains("17.25"), "{shown}");
}

/// The course's end passing while the gradebook is open makes every grade final there, as a
/// restart would: bilbo's essay not graded counts 0, and his grade is final.
#[test]
fn tui_the_course_end_passing_reloads_the_grades_as_final() {
    let mut h = Harness::new(100, 30);
    h.keys("/bilbo").key(KeyCode::Enter);
    let progress = |h: &mut Harness| {
        let text = h.keys("p").dialog_text();
        h.key(KeyCode::Esc);
        text
    };
    assert!(progress(&mut h).contains("Grade 85.0% provisional"));
    h.app.tick();
    assert!(!h.app.is_busy(), "nothing reloads before the end");
    h.app.fixed_now = Some("2027-02-01T00:00:00Z".parse().unwrap());
    h.app.tick();
    h.app.wait_for_worker();
    let screen = h.screen();
    assert!(
        screen
            .contains("The course ended at 2027-01-31 23:59 UTC: every grade is final now (work not graded counts 0)."),
        "{screen}"
    );
    assert!(screen.contains("1 match \"bilbo\""), "the filter is kept across the reload: {screen}");
    assert!(progress(&mut h).contains("Grade 85.0% final"));
    // Once: the course reloaded after its end does not reload again.
    h.app.tick();
    assert!(!h.app.is_busy());
}
