//! The mail dialog against a mail server that cannot be used.

use ratatui::crossterm::event::KeyCode;

use super::Harness;
use crate::domain::MailSettings;

/// A dead server stops the run with its reason and refuses nobody: before, each learner tried
/// was reported "refused by the mail server".
#[test]
fn tui_mail_through_a_server_that_cannot_be_used_stops_and_refuses_nobody() {
    let mut h = Harness::new(160, 30);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let settings = MailSettings {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        from: Some("Course Team <team@example.org>".into()),
        ..h.store.mail_settings().unwrap()
    };
    h.store.set_mail_settings(&settings).unwrap();
    h.keys("m");
    assert!(h.screen().contains("Mail learners"), "{}", h.screen());
    h.keys("y");
    let screen = h.screen();
    assert!(screen.contains("Mailed 0 learners. Stopped: the mail server cannot be used: nothing answers"), "{screen}");
    assert!(!screen.contains("refused by the mail server") && !screen.contains("Not sent"), "{screen}");
}
