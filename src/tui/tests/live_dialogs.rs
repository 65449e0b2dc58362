//! Dialogs open while a colleague changes the course: the reload the server's notice brings
//! reaches them too.

use ratatui::crossterm::event::KeyCode;

use super::{COURSE, Harness};
use crate::domain::Points;
use crate::ops::{self, Context};
use crate::tui::course::Loaded;

/// A colleague's score, saved straight into the store, then the reload the server's notice
/// of it starts.
fn colleague_grades(h: &mut Harness, username: &str, activity: &str, points: Option<Points>) {
    let now = super::NOW.parse().expect("now");
    ops::set_score(&h.store, COURSE, username, activity, points, &Context::new("elrond", now)).expect("grade");
    let loaded = Loaded::load(&h.store, COURSE, now, h.app.renderer.as_ref()).expect("reload");
    h.app.show_reloaded(Box::new(loaded));
}

#[test]
fn tui_an_open_generate_dialog_counts_again_after_a_colleagues_change() {
    let mut h = Harness::new(100, 30);
    h.threshold_policy().keys("g");
    assert!(h.screen().contains("issue 20 certificates (1 provisional)"), "{}", h.screen());
    // cagri stands at 81%: a 0 in maps takes him below the threshold of 80%.
    colleague_grades(&mut h, "cagri", "maps", Some(Points::from_hundredths(0)));
    let screen = h.screen();
    assert!(screen.contains("issue 19 certificates (1 provisional)"), "{screen}");
    assert!(screen.contains("below threshold") && screen.contains("cagri"), "{screen}");
}

#[test]
fn tui_an_open_score_prompt_says_the_stored_score_changed_under_it() {
    let mut h = Harness::new(100, 30);
    h.keys("1/bilbo").key(KeyCode::Enter);
    for _ in 0..12 {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Enter).keys("9");
    assert!(h.screen().contains("Score of bilbo for essay"), "{}", h.screen());
    colleague_grades(&mut h, "bilbo", "essay", Some(Points::from_hundredths(700)));
    let screen = h.screen();
    assert!(screen.contains("bilbo's essay was changed meanwhile from not graded to 7: Enter"), "{screen}");
    assert!(screen.contains("saves yours over it, Esc keeps it."), "{screen}");
    h.keys("1");
    assert!(h.screen().contains("changed meanwhile"), "it stays while typing: {}", h.screen());
}
