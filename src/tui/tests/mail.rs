//! The mail dialog against a mail server that cannot be used.

use ratatui::crossterm::event::KeyCode;

use super::Harness;
use crate::domain::MailSettings;
use crate::mail::NotSent;

/// Sets the mail server to `url` (the dialog asks nothing of a server before `y`).
fn mail_through(h: &mut Harness, url: String) {
    let settings = MailSettings {
        smtp_url: Some(url),
        from: Some("Course Team <team@example.org>".into()),
        ..h.store.mail_settings().unwrap()
    };
    h.store.set_mail_settings(&settings).unwrap();
}

/// A dead server stops the run with its reason and refuses nobody: before, each learner tried
/// was reported "refused by the mail server".
#[test]
fn tui_mail_through_a_server_that_cannot_be_used_stops_and_refuses_nobody() {
    let mut h = Harness::new(160, 30);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    mail_through(&mut h, format!("smtp://127.0.0.1:{port}"));
    h.keys("m");
    assert!(h.screen().contains("Mail learners"), "{}", h.screen());
    h.keys("y");
    let screen = h.screen();
    assert!(screen.contains("Mailed 0 learners. Stopped: the mail server cannot be used: nothing answers"), "{screen}");
    assert!(!screen.contains("refused by the mail server") && !screen.contains("Not sent"), "{screen}");
}

/// The progress box counts messages from the start (`0/20`), not "working…" until the first
/// message has gone, which through a slow server takes seconds.
#[test]
fn tui_mail_shows_how_many_messages_from_the_start() {
    let mut h = Harness::new(160, 30);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    // Takes the connection and never greets: the first message stays in flight.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    mail_through(&mut h, format!("smtp://127.0.0.1:{}", listener.local_addr().unwrap().port()));
    h.keys("m");
    h.key_now(KeyCode::Char('y'));
    let mut shown = false;
    for _ in 0..500 {
        h.app.poll_worker();
        if h.screen().contains(" 0/20") {
            shown = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let screen = h.screen();
    // Closing the listener resets the connection: the run stops at once.
    drop(listener);
    h.app.wait_for_worker();
    assert!(shown, "{screen}");
}

/// A message that cannot be made (an address mail cannot take) fails the same way on the next
/// run: the message line says so, where it promised that the next run would try again; one the
/// server refused may go next time.
#[test]
fn tui_mail_says_a_message_that_cannot_be_made_is_not_tried_again() {
    let report = crate::mail::MailReport {
        sent: vec![("sam".into(), "<1@example.org>".into())],
        refused: vec![
            NotSent {
                username: "frodo".into(),
                why: "the address 'frodo at shire' is not one mail can be sent to".into(),
                unmade: true,
            },
            NotSent {
                username: "merry".into(),
                why: "refused by the mail server: 550 mailbox full".into(),
                unmade: false,
            },
        ],
        ..Default::default()
    };
    assert_eq!(
        crate::tui::mail_messages::mailed(&report),
        "Mailed 1 learner. Not sent to 1 learner (merry): refused by the mail server: 550 mailbox full; the next run \
         tries again. Not sent to 1 learner (frodo): the address 'frodo at shire' is not one mail can be sent to; no \
         message could be made, and the next run fails the same way until that is mended."
    );
}

/// A stale certificate goes as issued: the dialog names it before anything is sent, with the key
/// that replaces it, where it only counted it among the certificates attached.
#[test]
fn tui_mail_names_the_stale_certificates_it_would_send_as_issued() {
    let mut h = Harness::new(160, 30);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.go_to_bilbo_essay();
    h.key(KeyCode::Enter).keys("10").key(KeyCode::Enter).keys("2");
    mail_through(&mut h, "smtp://127.0.0.1:25".to_string());
    h.keys("m");
    let screen = h.screen();
    assert!(screen.contains("Mail learners"), "{screen}");
    assert!(screen.contains("1 stale, sent as issued unless r replaces them first (bilbo)"), "{screen}");
}

/// A certificate its learner no longer deserves is not mailed: the dialog names it with the keys
/// that settle it, where it went with the others.
#[test]
fn tui_mail_holds_back_a_certificate_no_longer_deserved() {
    let mut h = Harness::new(160, 30);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    // aerwyn has 80.0%.
    h.keys("s").keys("t").keys("81").key(KeyCode::Enter);
    mail_through(&mut h, "smtp://127.0.0.1:25".to_string());
    h.keys("m");
    let screen = h.screen();
    assert!(
        screen.contains("hold back 1 no longer deserved (aerwyn: below threshold): delete it (d) or allow the learner"),
        "{screen}"
    );
    assert!(!screen.contains("stale, sent as issued"), "{screen}");
}
