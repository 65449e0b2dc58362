//! Drafts of the template editor: unsaved text kept when certdesk ends under it, offered back
//! (never applied unasked) the next time its user opens the template, and removed once the
//! text is saved or thrown away on purpose.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Harness, NOW};
use crate::domain::TemplateDraft;

const TYPED: &str = "# typed before the connection dropped\n";

fn ctrl(h: &mut Harness, c: char) {
    h.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn draft_of(h: &Harness, name: &str) -> Option<TemplateDraft> {
    h.store.template_draft(name, "tester").expect("read the draft")
}

/// Opens honor, types at its top and ends certdesk under the editor, as a SIGHUP does.
fn edit_and_end(h: &mut Harness) {
    h.keys("3").key(KeyCode::Enter);
    h.app.on_paste(TYPED);
    let said = h.app.keep_draft().expect("something to say on the way out");
    assert!(said.contains("Kept your unsaved edits to honor as a draft"), "{said}");
}

/// Someone else (arwen) saves honor's revision 2 while the draft waits.
fn arwen_saves_revision_2(h: &Harness) {
    let source = h.store.latest_template("honor").expect("read").expect("honor").source;
    let context = crate::ops::Context::new("arwen", NOW.parse().expect("a time"));
    let printer = crate::ops::Printer::new(&h.store, None).expect("a printer");
    crate::ops::save_template(&h.store, &printer, "honor", &format!("# arwen's\n{source}"), &context).expect("save");
}

#[test]
fn tui_unsaved_edits_left_by_an_ended_editor_are_offered_back_and_restored() {
    let mut h = Harness::new(120, 40);
    edit_and_end(&mut h);
    let draft = draft_of(&h, "honor").expect("kept as a draft");
    assert_eq!((draft.revision, draft.written_at), (1, NOW.parse().expect("a time")));
    assert!(draft.text.starts_with(TYPED), "{}", draft.text);

    // Opened again: asked, not applied, and Enter does not answer.
    h.reopen(None);
    h.keys("3").key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Unsaved edits to honor from 2026-12-01 12:00 UTC"), "{screen}");
    assert!(screen.contains("Revision 1 is still the newest."), "{screen}");
    assert!(screen.contains("Its first change is on line 1."), "{screen}");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Enter does not answer: r restores the draft, d throws it away."));
    assert!(!h.screen().contains("honor revision 1 (modified)"), "still asking");

    h.keys("r");
    let screen = h.screen();
    assert!(screen.contains("honor revision 1 (modified)"), "{screen}");
    assert!(screen.contains("1 # typed before the connection dropped"), "{screen}");
    assert!(screen.contains("Restored your edits from 2026-12-01 12:00 UTC"), "{screen}");
    assert!(draft_of(&h, "honor").is_some(), "kept until saved or thrown away");

    // Saved: the draft has done its work.
    ctrl(&mut h, 's');
    assert!(h.screen().contains("Saved honor revision 2"), "{}", h.screen());
    assert_eq!(draft_of(&h, "honor"), None);
    h.reopen(None);
    h.keys("3").key(KeyCode::Enter);
    assert!(h.screen().contains("honor revision 2"), "opened without a question: {}", h.screen());
}

#[test]
fn tui_a_draft_older_than_the_newest_revision_says_so_and_can_be_thrown_away() {
    let mut h = Harness::new(120, 40);
    edit_and_end(&mut h);
    arwen_saves_revision_2(&h);

    h.reopen(None);
    h.keys("3").key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("The draft is older than revision 2, saved by arwen on 2026-12-01 12:00 UTC"), "{screen}");
    // Esc decides nothing: the template stays closed and the draft kept.
    h.key(KeyCode::Esc);
    assert!(!h.screen().contains("honor revision"), "{}", h.screen());
    assert!(draft_of(&h, "honor").is_some());

    h.key(KeyCode::Enter).keys("d");
    let screen = h.screen();
    assert!(screen.contains("Threw your unsaved edits away; editing honor revision 2."), "{screen}");
    assert!(screen.contains("1 # arwen's") && !screen.contains("(modified)"), "{screen}");
    assert_eq!(draft_of(&h, "honor"), None);
}

#[test]
fn tui_a_restored_draft_of_an_older_revision_asks_before_saving_over_the_newer() {
    let mut h = Harness::new(120, 40);
    edit_and_end(&mut h);
    arwen_saves_revision_2(&h);
    h.reopen(None);
    h.keys("3").key(KeyCode::Enter).keys("r");
    assert!(h.screen().contains("honor revision 1 (modified)"), "edited from the draft's revision: {}", h.screen());
    ctrl(&mut h, 's');
    assert!(h.screen().contains("arwen saved honor revision 2 since"), "{}", h.screen());
}

#[test]
fn tui_typing_writes_the_draft_within_seconds_and_leaving_on_purpose_removes_it() {
    let mut h = Harness::new(120, 40);
    h.keys("3").key(KeyCode::Enter);
    h.app.on_paste(TYPED);
    h.app.tick();
    assert_eq!(draft_of(&h, "honor"), None, "not at every key");
    // What a hung-up terminal's ending keeps is there at once.
    let unsaved = h.app.unsaved_text();
    assert!(unsaved.lock().expect("lock").as_ref().is_some_and(|draft| draft.text.starts_with(TYPED)));
    std::thread::sleep(crate::tui::editor::DRAFT_EVERY);
    h.app.tick();
    let draft = draft_of(&h, "honor").expect("written a few seconds after typing");
    assert!(draft.text.starts_with(TYPED));

    // Leaving without saving, confirmed: no draft is left to be asked about.
    h.key(KeyCode::Esc).keys("y");
    assert_eq!(draft_of(&h, "honor"), None);
    assert!(unsaved.lock().expect("lock").is_none());
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("honor revision 1"), "no question: {}", h.screen());
}

#[test]
fn tui_a_hung_up_terminal_keeps_the_text_typed_last() {
    let mut h = Harness::new(120, 40);
    h.keys("3").key(KeyCode::Enter);
    h.app.on_paste(TYPED);
    h.app.tick();
    // The thread that ends the process on a hang-up keeps it, the event loop being stuck.
    crate::tui::app_drafts::keep_unsaved(&h.store, &h.app.unsaved_text());
    assert!(draft_of(&h, "honor").is_some_and(|draft| draft.text.starts_with(TYPED)));
}

#[test]
fn tui_the_draft_question_at_both_sizes() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut h = Harness::new(width, height);
        edit_and_end(&mut h);
        h.reopen(None);
        h.keys("3").key(KeyCode::Enter);
        super::screens::snapshot(&mut h, "draft_question");
    }
}

/// One Ctrl-U after restoring took the whole draft out, and Esc then left without a question
/// (nothing was modified) and removed the draft: the edits certdesk had kept were lost to one
/// undo. Undone, the restored draft stays kept, and leaving asks before throwing it away.
#[test]
fn tui_leaving_after_undoing_a_restored_draft_asks_before_throwing_it_away() {
    let mut h = Harness::new(120, 40);
    edit_and_end(&mut h);
    h.reopen(None);
    h.keys("3").key(KeyCode::Enter).keys("r");
    ctrl(&mut h, 'u');
    assert!(!h.screen().contains("(modified)"), "undone back to the saved text: {}", h.screen());
    assert_eq!(h.app.keep_draft(), None, "nothing to say as certdesk ends");
    assert!(draft_of(&h, "honor").is_some_and(|draft| draft.text.starts_with(TYPED)), "still kept");

    h.key(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("Leave honor and throw away your restored edits?"), "{screen}");
    assert!(screen.contains("Ctrl-R puts them back"), "{screen}");
    h.key(KeyCode::Esc);
    ctrl(&mut h, 'r');
    assert!(h.screen().contains("1 # typed before the connection dropped"), "{}", h.screen());

    ctrl(&mut h, 'u');
    h.key(KeyCode::Esc).keys("y");
    assert!(!h.screen().contains("honor revision 1"), "left: {}", h.screen());
    assert_eq!(draft_of(&h, "honor"), None, "thrown away on purpose");
}
