//! Deleting a template other staff left drafts of: the question says who and how many, the
//! drafts stay, and a template made again under that name offers each back to its author.

use ratatui::crossterm::event::KeyCode;

use super::{Harness, NOW};
use crate::domain::TemplateDraft;
use crate::ops::{Context, Printer};
use crate::tui::{App, Theme};

/// A minute after `NOW`, when arwen's draft was last written.
const LATER: &str = "2026-12-01T12:01:00Z";

/// The text of the dialog on screen, its wrapped lines joined again.
fn asked(h: &mut Harness) -> String {
    let screen = h.screen();
    let rows = screen.lines().filter_map(|row| {
        let (start, end) = (row.find('│')?, row.rfind('│')?);
        (end > start).then(|| row[start + '│'.len_utf8()..end].trim().to_string())
    });
    rows.collect::<Vec<_>>().join(" ")
}

/// Template gold, a copy of honor saved by tester, and the drafts `logins` left of it.
fn gold_with_drafts(h: &mut Harness, logins: &[(&str, &str)]) {
    let honor = h.store.latest_template("honor").expect("read").expect("honor").source;
    let printer = Printer::new(&h.store, None).expect("a printer");
    let context = Context::new("tester", NOW.parse().expect("a time"));
    crate::ops::save_template(&h.store, &printer, "gold", &honor, &context).expect("save");
    let gold = h.store.latest_template("gold").expect("read").expect("gold");
    for (login, at) in logins {
        let draft = TemplateDraft {
            name: "gold".into(),
            login: login.to_string(),
            revision: 1,
            base_saved_at: Some(gold.saved_at),
            text: format!("# {login}'s edits\n{honor}"),
            written_at: at.parse().expect("a time"),
        };
        h.store.keep_template_draft(&draft).expect("keep");
    }
    h.reopen(None);
}

/// The app again, as `actor` would open it.
fn open_as(h: &mut Harness, actor: &str) {
    let mut options = super::options(&h.store, Theme { color: true }, NOW, (120, 40), None);
    options.actor = actor.to_string();
    h.app = App::new(h.store.clone(), options);
    h.app.wait_for_worker();
}

#[test]
fn tui_deleting_a_template_names_the_other_staff_whose_drafts_it_keeps() {
    let mut h = Harness::new(120, 40);
    gold_with_drafts(&mut h, &[("arwen", LATER), ("elrond", NOW)]);
    // gold is listed first.
    h.keys("3").keys("d");
    let screen = asked(&mut h);
    assert!(screen.contains("Delete the template gold and its revision?"), "{screen}");
    assert!(
        screen.contains("2 members of staff have unsaved edits to gold, kept as drafts (arwen from 2026-12-01 12:01 UTC, elrond from 2026-12-01 12:00 UTC): a template made again as gold offers each theirs back."),
        "{screen}"
    );
    h.keys("y");
    h.app.wait_for_worker();
    let told = h.app.message.clone().map(|(text, _)| text).unwrap_or_default();
    assert_eq!(told, "Deleted the template gold (1 revision); 2 others' unsaved edits to it stay kept as drafts.");
    assert_eq!(h.store.latest_template("gold").expect("read"), None, "deleted");
    assert!(h.store.template_draft("gold", "arwen").expect("read").is_some(), "kept, as it says");
    assert!(h.store.template_draft("gold", "elrond").expect("read").is_some(), "kept, as it says");

    // Made again: arwen opening it is offered hers back, as typed over the one deleted.
    let printer = Printer::new(&h.store, None).expect("a printer");
    let context = Context::new("tester", "2026-12-01T13:00:00Z".parse().expect("a time"));
    let honor = h.store.latest_template("honor").expect("read").expect("honor").source;
    crate::ops::save_template(&h.store, &printer, "gold", &format!("# remade\n{honor}"), &context).expect("save");
    open_as(&mut h, "arwen");
    h.keys("3").key(KeyCode::Enter);
    let screen = asked(&mut h);
    assert!(screen.contains("You edited gold revision 1 until 2026-12-01 12:01 UTC"), "{screen}");
    assert!(screen.contains("gold was deleted since and made again"), "{screen}");
}

#[test]
fn tui_deleting_a_template_with_your_draft_and_another_says_both() {
    let mut h = Harness::new(80, 24);
    gold_with_drafts(&mut h, &[("tester", NOW), ("arwen", LATER)]);
    h.keys("3").keys("d");
    let screen = asked(&mut h);
    assert!(screen.contains("Your unsaved edits to gold from 2026-12-01 12:00 UTC are kept as a draft"), "{screen}");
    assert!(
        screen.contains("arwen has unsaved edits to gold from 2026-12-01 12:01 UTC, kept as a draft: a template made again as gold offers them back to arwen."),
        "{screen}"
    );
    h.keys("y");
    h.app.wait_for_worker();
    let told = h.app.message.clone().map(|(text, _)| text).unwrap_or_default();
    assert_eq!(
        told,
        "Deleted the template gold (1 revision); your and arwen's unsaved edits to it stay kept as drafts."
    );
}
