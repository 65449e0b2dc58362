//! A draft knows the template it was typed over: one deleted and made again since under the
//! same name is another template, whatever its revision's number, and the question says so
//! (and still offers the draft back); drafts an older certdesk kept still read.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Harness, NOW};
use crate::domain::TemplateDraft;
use crate::ops::{Context, Printer};

const TYPED: &str = "# typed before the connection dropped\n";

/// An hour before `NOW`, when gold is first made.
const EARLIER: &str = "2026-12-01T11:00:00Z";

/// An hour after `NOW`, when arwen deletes gold and makes it again.
const LATER: &str = "2026-12-01T13:00:00Z";

fn draft_of(h: &Harness, name: &str) -> Option<TemplateDraft> {
    h.store.template_draft(name, "tester").expect("read the draft")
}

/// The text of the dialog on screen, its wrapped lines joined again.
fn asked(h: &mut Harness) -> String {
    let screen = h.screen();
    let rows = screen.lines().filter_map(|row| {
        let (start, end) = (row.find('│')?, row.rfind('│')?);
        (end > start).then(|| row[start + '│'.len_utf8()..end].trim().to_string())
    });
    rows.collect::<Vec<_>>().join(" ")
}

fn honor_source(h: &Harness) -> String {
    h.store.latest_template("honor").expect("read").expect("honor").source
}

/// Saves `source` as the next revision of `name`, by `who` at `at`.
fn save(h: &Harness, name: &str, source: &str, who: &str, at: &str) {
    let context = Context::new(who, at.parse().expect("a time"));
    let printer = Printer::new(&h.store, None).expect("a printer");
    crate::ops::save_template(&h.store, &printer, name, source, &context).expect("save");
}

/// A harness with template gold (a copy of honor, listed first, made an hour ago), opened,
/// typed in at its top and ended under the editor, as a SIGHUP does.
fn typed_in_gold(width: u16, height: u16) -> Harness {
    let mut h = Harness::new(width, height);
    save(&h, "gold", &honor_source(&h), "tester", EARLIER);
    h.reopen(None);
    h.keys("3").key(KeyCode::Enter);
    assert!(h.screen().contains("gold revision 1"), "{}", h.screen());
    h.app.on_paste(TYPED);
    let said = h.app.keep_draft().expect("something to say on the way out");
    assert!(said.contains("Kept your unsaved edits to gold as a draft"), "{said}");
    h
}

/// arwen deletes gold and makes it again from `source`, an hour later.
fn arwen_remakes_gold(h: &Harness, source: &str) {
    let context = Context::new("arwen", LATER.parse().expect("a time"));
    crate::ops::delete_template(&h.store, "gold", &context).expect("delete");
    save(h, "gold", source, "arwen", LATER);
}

#[test]
fn tui_a_draft_of_a_template_deleted_and_made_again_says_so_and_restores_over_the_new_one() {
    let mut h = typed_in_gold(120, 40);
    let kept = draft_of(&h, "gold").expect("kept");
    assert_eq!(kept.base_saved_at, Some(EARLIER.parse().expect("a time")), "knows what it was typed over");
    // Made again with another text, as revision 1 again: the number alone says nothing.
    arwen_remakes_gold(&h, &format!("# arwen's gold\n{}", honor_source(&h)));

    h.reopen(None);
    h.keys("3").key(KeyCode::Enter);
    let screen = asked(&mut h);
    assert!(!screen.contains("still the newest"), "{screen}");
    assert!(screen.contains("gold was deleted since and made again: its revision 1 (saved by arwen on 2026-12-01 13:00 UTC) is another template than the one you edited."), "{screen}");
    assert!(screen.contains("It first differs from gold revision 1 on line 1."), "{screen}");

    h.keys("r");
    let screen = h.screen();
    assert!(screen.contains("gold revision 1 (modified)"), "{screen}");
    assert!(screen.contains("1 # typed before the connection dropped"), "{screen}");
    assert!(screen.contains("typed over the gold deleted since: Ctrl-S saves them as revision 2 of the"), "{screen}");
    h.press(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(h.screen().contains("Saved gold revision 2"), "{}", h.screen());
    assert_eq!(draft_of(&h, "gold"), None);
    let saved = h.store.latest_template("gold").expect("read").expect("gold");
    assert!(saved.source.starts_with(TYPED), "{}", saved.source);
}

#[test]
fn tui_a_template_made_again_with_the_very_same_text_is_still_another_one() {
    let mut h = typed_in_gold(120, 40);
    arwen_remakes_gold(&h, &honor_source(&h));
    h.reopen(None);
    h.keys("3").key(KeyCode::Enter);
    let screen = asked(&mut h);
    assert!(screen.contains("gold was deleted since and made again"), "{screen}");
    // Its text is the one typed over, so the first change is where the draft's is.
    assert!(screen.contains("It first differs from gold revision 1 on line 1."), "{screen}");
}

#[test]
fn tui_a_draft_over_a_revision_number_the_new_template_has_not_reached() {
    let mut h = Harness::new(120, 40);
    save(&h, "gold", &honor_source(&h), "tester", NOW);
    save(&h, "gold", &format!("# second\n{}", honor_source(&h)), "tester", NOW);
    h.reopen(None);
    h.keys("3").key(KeyCode::Enter);
    assert!(h.screen().contains("gold revision 2"), "{}", h.screen());
    h.app.on_paste(TYPED);
    h.app.keep_draft();
    arwen_remakes_gold(&h, &honor_source(&h));
    h.reopen(None);
    h.keys("3").key(KeyCode::Enter);
    let screen = asked(&mut h);
    assert!(screen.contains("You edited gold revision 2 until"), "{screen}");
    assert!(screen.contains("gold was deleted since and made again: its revision 1"), "{screen}");
    h.keys("r");
    assert!(h.screen().contains("gold revision 1 (modified)"), "{}", h.screen());
}

/// A draft as an older certdesk kept it: no saved time for its revision.
fn older_certdesks_draft(h: &Harness, name: &str) {
    let draft = TemplateDraft {
        name: name.into(),
        login: "tester".into(),
        revision: 1,
        base_saved_at: None,
        text: format!("{TYPED}{}", honor_source(h)),
        written_at: NOW.parse().expect("a time"),
    };
    h.store.keep_template_draft(&draft).expect("keep");
}

#[test]
fn tui_a_draft_an_older_certdesk_kept_is_asked_about_as_truly_as_it_can_be() {
    let mut h = Harness::new(120, 40);
    save(&h, "gold", &honor_source(&h), "tester", NOW);
    older_certdesks_draft(&h, "gold");
    h.reopen(None);
    h.keys("3").key(KeyCode::Enter);
    let screen = asked(&mut h);
    assert!(screen.contains("Revision 1 is still the newest."), "{screen}");
    h.key(KeyCode::Esc);

    // Made again after the draft was last written: surely not the template it was typed over.
    arwen_remakes_gold(&h, &honor_source(&h));
    h.reopen(None);
    h.keys("3").key(KeyCode::Enter);
    let screen = asked(&mut h);
    assert!(screen.contains("gold was deleted since and made again"), "{screen}");
    assert!(!screen.contains("still the newest"), "{screen}");
}

#[test]
fn tui_the_question_about_a_template_made_again_at_both_sizes() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut h = typed_in_gold(width, height);
        arwen_remakes_gold(&h, &format!("# arwen's gold\n{}", honor_source(&h)));
        h.reopen(None);
        h.keys("3").key(KeyCode::Enter);
        super::screens::snapshot(&mut h, "draft_question_made_again");
    }
}

#[test]
fn tui_the_question_about_an_older_revision_at_both_sizes() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut h = typed_in_gold(width, height);
        save(&h, "gold", &format!("# arwen's\n{}", honor_source(&h)), "arwen", LATER);
        h.reopen(None);
        h.keys("3").key(KeyCode::Enter);
        super::screens::snapshot(&mut h, "draft_question_older");
    }
}

#[test]
fn tui_deleting_a_template_says_your_draft_of_it_is_kept_and_n_offers_it_back() {
    let mut h = typed_in_gold(120, 40);
    h.reopen(None);
    h.keys("3").keys("d");
    let screen = asked(&mut h);
    assert!(screen.contains("Delete the template gold and its revision?"), "{screen}");
    assert!(
        screen.contains("Your unsaved edits to gold from 2026-12-01 12:00 UTC are kept as a draft: a template made again as gold offers them back."),
        "{screen}"
    );
    h.keys("y");
    let told = h.app.message.clone().map(|(text, _)| text).unwrap_or_default();
    assert!(told == "Deleted the template gold (1 revision); your unsaved edits to it stay kept as a draft.", "{told}");
    assert!(draft_of(&h, "gold").is_some(), "kept, as it says");

    // Made again here (at NOW, the harness's clock): asked about at once, as typed over the
    // one deleted.
    h.app.wait_for_worker();
    h.keys("n").keys("gold").key(KeyCode::Enter);
    let screen = asked(&mut h);
    assert!(screen.contains("gold was deleted since and made again: its revision 1"), "{screen}");
}
