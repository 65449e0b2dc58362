//! `a` in the gradebook puts the learner under the cursor on the allowlist, or takes them off,
//! after a question that says what it changes; the advice for certificates no longer deserved
//! sends staff there instead of to `certdesk allow`, which the TUI's lock would refuse.

use ratatui::crossterm::event::KeyCode;

use super::{COURSE, Harness};

fn allowlisted(h: &Harness, username: &str) -> bool {
    h.store.allowlist(COURSE).unwrap().contains_key(username)
}

/// The screen's words, its rows joined, by single spaces.
fn words(screen: &str) -> String {
    screen.lines().flat_map(|row| row.trim_matches('"').split_whitespace()).collect::<Vec<_>>().join(" ")
}

#[test]
fn tui_a_allows_a_learner_below_the_threshold_after_asking() {
    let mut h = Harness::new(80, 24);
    h.keys("1/pippin").key(KeyCode::Enter).keys("a");
    let question = h.dialog_text();
    assert!(
        question.contains(
            "Put pippin (Peregrin Took) on the allowlist of middle-earth-101? They become eligible for a \
             certificate whatever their grade (65.0% final; the threshold is 80.0%)."
        ),
        "{question}"
    );
    h.keys("n");
    assert!(!allowlisted(&h, "pippin"), "n changes nothing");
    // A learner whose grade earns a certificate is told so: the list keeps them eligible.
    h.key(KeyCode::Esc).keys("/arwen").key(KeyCode::Enter).keys("a");
    let question = h.dialog_text();
    assert!(
        question.contains(
            "Put arwen (Arwen Undómiel) on the allowlist of middle-earth-101? Their grade earns a certificate \
             already (94.0% final; the threshold is 80.0%): on the list, they stay eligible whatever it becomes."
        ),
        "{question}"
    );
    h.keys("n").key(KeyCode::Esc).keys("/pippin").key(KeyCode::Enter);
    h.keys("a").keys("y");
    assert!(allowlisted(&h, "pippin"));
    let screen = words(&h.screen());
    assert!(
        screen.contains("pippin is on the allowlist: eligible whatever the grade. g on the certificates tab (2) issues the certificate."),
        "{screen}"
    );
    h.keys("p");
    let progress = h.dialog_text();
    assert!(
        progress.contains("Eligible for a certificate: on the allowlist, whatever the grade (a takes them off)."),
        "{progress}"
    );
    h.key(KeyCode::Esc);
    // The certificates tab issues it, as the message says.
    h.keys("2g").key(KeyCode::Enter).keys("1");
    h.keys("a");
    let question = h.dialog_text();
    assert!(
        question.contains("Take pippin (Peregrin Took) off the allowlist of middle-earth-101? The usual rules apply again: not eligible, as the grade is below the pass threshold (65.0% final). Their certificate XXXX-XXXX-XXXX would no longer be deserved, and stays valid until revoked."),
        "{question}"
    );
    h.keys("y");
    assert!(!allowlisted(&h, "pippin"));
    let screen = words(&h.screen());
    assert!(
        screen.contains("pippin is off the allowlist; the usual rules apply again. Certificate XXXX-XXXX-XXXX not deserved now (below threshold), valid until revoked: d on Certificates."),
        "{screen}"
    );
}

#[test]
fn tui_a_says_the_allowlist_changes_nothing_for_an_audit_learner() {
    let mut h = Harness::new(100, 30);
    h.keys("1/galadriel").key(KeyCode::Enter).keys("a");
    let question = h.dialog_text();
    assert!(question.contains("It changes nothing now: audit learners are never certified."), "{question}");
    h.keys("y");
    assert!(allowlisted(&h, "galadriel"), "allowed all the same, as certdesk allow does");
    let screen = words(&h.screen());
    assert!(
        screen.contains("galadriel is on the allowlist: eligible whatever the grade. It changes nothing now: audit learners are never certified."),
        "{screen}"
    );
    // Taken off again, an eligible learner's question says their grade earns a certificate.
    h.keys("a");
    assert!(h.dialog_text().contains("Take galadriel (Galadriel) off the allowlist"), "{}", h.dialog_text());
    h.keys("y").keys("/").key(KeyCode::Esc);
    h.keys("/frodo").key(KeyCode::Enter).keys("a").keys("y").keys("a");
    let question = h.dialog_text();
    assert!(
        question.contains("The usual rules apply again: their grade (92.0% final) earns a certificate."),
        "{question}"
    );
}
