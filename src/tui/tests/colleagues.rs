//! What the server's notices of colleagues' work do to the screen: a colleague's run in parts
//! reads as going, not stopped; the user's own result is not pushed off the message line; a
//! "turned away" dialog closes when the user is let in again.

use std::sync::mpsc::{Sender, channel};

use ratatui::crossterm::event::KeyCode;

use super::{COURSE, Harness};
use crate::domain::{Action, Event};
use crate::serve::protocol::Change;
use crate::serve::{Notice, Subscription};
use crate::tui::app::Tone;
use crate::tui::live::Live;

/// The harness's app as a client of a server whose notices the returned sender brings.
fn shared(h: &mut Harness) -> Sender<Notice> {
    let (sender, receiver) = channel();
    h.app.live = Some(Live::new(Subscription::from_channel(receiver), "me".to_string()));
    sender
}

fn colleagues(summary: &str) -> Notice {
    Notice::Changed(Change { course: Some(COURSE.to_string()), who: "elrond".into(), summary: summary.into() })
}

/// elrond's generate wrote its third part of twenty, as his run writes it (the course is too
/// small for twenty parts), and the screen shows it.
fn third_part_written(h: &mut Harness) {
    let event = Event {
        at: super::NOW.parse().expect("now"),
        who: "elrond".to_string(),
        action: Action::Generate,
        summary: "issued 1 certificate (part 3 of 20)".into(),
        learners: Vec::new(),
        codes: Vec::new(),
        learner_changes: None,
    };
    h.store.append_event(COURSE, &event).expect("event");
    h.app.apply(crate::tui::Action::SwitchCourse(COURSE.to_string()));
    h.app.wait_for_worker();
}

#[test]
fn tui_a_colleagues_generate_reads_as_going_while_its_parts_are_announced() {
    let mut h = Harness::new(100, 30);
    let server = shared(&mut h);
    third_part_written(&mut h);
    let pane = h.keys("2").screen();
    assert!(pane.contains("Generate stopped at part 3 of 20: 19 eligible without a certificate; press g"), "{pane}");

    server.send(colleagues("issued 1 certificate (part 3 of 20)")).expect("notice");
    h.app.poll_changes();
    let pane = h.screen();
    assert!(
        pane.contains("Generate by elrond under way, part 3 of 20 done: 19 eligible without a certificate"),
        "{pane}"
    );
    assert!(!pane.contains("press g to issue them"), "nothing to finish while it goes: {pane}");

    // Its last part announced, the run is over; the trail as loaded still shows part 3.
    server.send(colleagues("issued 1 certificate (part 20 of 20)")).expect("notice");
    h.app.poll_changes();
    assert!(h.screen().contains("Generate stopped at part 3 of 20"), "{}", h.screen());
}

#[test]
fn tui_a_colleagues_notice_does_not_push_the_users_own_result_off_the_message_line() {
    let mut h = Harness::new(100, 30);
    let server = shared(&mut h);
    h.app.tell("Saved bilbo essay 7", Tone::Success);
    server.send(colleagues("set frodo's essay to 9")).expect("notice");
    h.app.poll_changes();
    assert_eq!(h.app.message, Some(("Saved bilbo essay 7".to_string(), Tone::Success)));

    // Read (a key pressed), it makes way for the next notice.
    h.key(KeyCode::Down);
    server.send(colleagues("set sam's essay to 8")).expect("notice");
    h.app.poll_changes();
    assert_eq!(h.app.message, Some((format!("elrond in {COURSE}: set sam's essay to 8"), Tone::Info)));
}

#[test]
fn tui_the_turned_away_dialog_closes_when_the_user_is_let_in_again() {
    let mut h = Harness::new(100, 30);
    let server = shared(&mut h);
    server.send(Notice::Refused("me was taken off this database's staff list".into())).expect("notice");
    h.app.poll_changes();
    assert!(h.screen().contains("Turned away by the certdesk server"), "{}", h.screen());
    server.send(Notice::Back).expect("notice");
    h.app.poll_changes();
    let screen = h.screen();
    assert!(!screen.contains("Turned away"), "{screen}");
    assert!(screen.contains("The certdesk server lets you in again; what you save is saved."), "{screen}");
}
