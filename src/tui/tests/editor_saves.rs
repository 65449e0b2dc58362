//! Ctrl-S when the template changed in the store since the editor opened it: a colleague
//! saved a revision (perhaps the very text typed here), deleted it, or made it again.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Harness;
use crate::domain::TemplateRevision;

fn ctrl(h: &mut Harness, c: char) {
    h.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Lets the editor's debounce pass and re-check.
fn settle(h: &mut Harness) {
    std::thread::sleep(super::super::editor::DEBOUNCE);
    h.app.tick();
}

/// A revision of template `name`, saved by `by` at `at`.
fn revision(name: &str, number: u32, source: &str, by: &str, at: &str) -> TemplateRevision {
    TemplateRevision {
        name: name.into(),
        revision: number,
        source: source.to_string(),
        saved_at: at.parse().unwrap(),
        saved_by: by.into(),
    }
}

/// A minute after the harness's now: when a colleague's revision is saved.
const LATER: &str = "2026-12-01T12:01:00Z";

#[test]
fn tui_saving_over_a_revision_someone_saved_since_asks_first() {
    let mut h = Harness::new(120, 40);
    h.keys("3");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("honor revision 1"));
    // Someone else saves revision 2 while this editor holds revision 1.
    let theirs = TemplateRevision {
        name: "honor".into(),
        revision: 2,
        source: h.store.latest_template("honor").unwrap().unwrap().source + "# theirs\n",
        saved_at: super::NOW.parse().unwrap(),
        saved_by: "ana".into(),
    };
    h.store.save_template(&theirs).unwrap();

    h.app.on_paste("# mine\n");
    settle(&mut h);
    ctrl(&mut h, 's');
    let screen = h.screen();
    assert!(screen.contains("ana saved honor revision 2 since"), "{screen}");
    assert_eq!(h.store.latest_template("honor").unwrap().unwrap().revision, 2, "nothing saved before the answer");
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("(modified)"), "still editing, edits kept");
    assert_eq!(h.store.latest_template("honor").unwrap().unwrap().revision, 2);

    ctrl(&mut h, 's');
    h.keys("y");
    let screen = h.screen();
    assert!(screen.contains("Saved honor revision 3"), "{screen}");
    let saved = h.store.latest_template("honor").unwrap().unwrap();
    assert!(saved.source.starts_with("# mine\n") && !saved.source.contains("# theirs"), "{}", saved.source);
    // Saved over once, the editor now holds revision 3: the next save does not ask.
    h.app.on_paste("# more\n");
    settle(&mut h);
    ctrl(&mut h, 's');
    assert!(h.screen().contains("Saved honor revision 4"));
    // The course prints with it from now on, and the templates pane says so.
    h.key(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("honor (revision 4)"), "{screen}");
}

#[test]
fn tui_saving_a_template_someone_deleted_meanwhile_asks_before_making_it_again() {
    let mut h = Harness::new(80, 24);
    let plain = TemplateRevision {
        name: "plain".into(),
        revision: 1,
        source: crate::render::defaults::HONOR.to_string(),
        saved_at: super::NOW.parse().unwrap(),
        saved_by: "tester".into(),
    };
    h.store.save_template(&plain).unwrap();
    h.keys("3");
    // honor, plain, verified.
    h.keys("j").key(KeyCode::Enter);
    assert!(h.screen().contains("plain revision 1"), "{}", h.screen());
    // A colleague deletes it while this editor holds it.
    let context = crate::ops::Context::new("ana", super::NOW.parse().unwrap());
    crate::ops::delete_template(&h.store, "plain", &context).unwrap();

    h.app.on_paste("# mine\n");
    settle(&mut h);
    ctrl(&mut h, 's');
    let screen = h.screen();
    assert!(screen.contains("plain was deleted since you opened it"), "{screen}");
    assert!(screen.contains("Saving makes plain again"), "{screen}");
    assert_eq!(h.store.latest_template("plain").unwrap(), None, "nothing saved before the answer");
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("(modified)"), "still editing, edits kept: {}", h.screen());

    ctrl(&mut h, 's');
    h.keys("y");
    assert!(h.screen().contains("Saved plain revision 1"), "{}", h.screen());
    let saved = h.store.latest_template("plain").unwrap().unwrap();
    assert!(saved.source.starts_with("# mine\n"), "{}", saved.source);
}

/// Deleted by a colleague and made again as revision 1 with another text, while this editor
/// holds the old revision 1: the numbers match, yet saving would bury their template.
#[test]
fn tui_saving_a_template_deleted_and_made_again_meanwhile_asks_first() {
    let mut h = Harness::new(80, 24);
    h.store.save_template(&revision("plain", 1, crate::render::defaults::HONOR, "tester", super::NOW)).unwrap();
    h.keys("3").keys("j").key(KeyCode::Enter);
    assert!(h.screen().contains("plain revision 1"), "{}", h.screen());
    let context = crate::ops::Context::new("ana", super::NOW.parse().unwrap());
    crate::ops::delete_template(&h.store, "plain", &context).unwrap();
    let theirs = format!("# ana's\n{}", crate::render::defaults::VERIFIED);
    h.store.save_template(&revision("plain", 1, &theirs, "ana", LATER)).unwrap();

    h.app.on_paste("# mine\n");
    settle(&mut h);
    ctrl(&mut h, 's');
    let screen = h.screen();
    assert!(screen.contains("plain was deleted and made again since you opened it"), "{screen}");
    let text = h.dialog_text();
    assert!(text.contains("and ana made") && text.contains("is another text"), "{screen}");
    assert_eq!(h.store.latest_template("plain").unwrap().unwrap().source, theirs, "nothing saved before the answer");
    h.key(KeyCode::Esc);
    ctrl(&mut h, 's');
    h.keys("y");
    assert!(h.screen().contains("Saved plain revision 2"), "{}", h.screen());

    // Saved here: the next save is of the revision this editor holds, and asks nothing.
    h.app.on_paste("# more\n");
    settle(&mut h);
    ctrl(&mut h, 's');
    assert!(h.screen().contains("Saved plain revision 3"), "{}", h.screen());
}

/// Made again with the very text this editor opened, under the same revision number: the
/// text alone said nothing had happened, and Ctrl-S saved over it without a word.
#[test]
fn tui_saving_over_a_template_made_again_with_the_text_opened_asks_first() {
    let mut h = Harness::new(120, 40);
    let source = crate::render::defaults::HONOR;
    h.store.save_template(&revision("plain", 1, source, "tester", super::NOW)).unwrap();
    h.keys("3").keys("j").key(KeyCode::Enter);
    assert!(h.screen().contains("plain revision 1"), "{}", h.screen());
    let context = crate::ops::Context::new("ana", LATER.parse().unwrap());
    crate::ops::delete_template(&h.store, "plain", &context).unwrap();
    h.store.save_template(&revision("plain", 1, source, "ana", LATER)).unwrap();

    h.app.on_paste("# mine\n");
    settle(&mut h);
    ctrl(&mut h, 's');
    let screen = h.screen();
    assert!(screen.contains("plain was deleted and made again since you opened it"), "{screen}");
    assert!(screen.contains("revision 1 has the very text you opened"), "{screen}");
    assert!(screen.contains("Saving makes yours its revision 2. Save it?"), "{screen}");
    assert_eq!(h.store.latest_template("plain").unwrap().unwrap().saved_by, "ana", "nothing saved before the answer");
    h.keys("y");
    assert!(h.screen().contains("Saved plain revision 2"), "{}", h.screen());
}

/// A colleague saved, as the next revision, the very text typed here (the same fix): Ctrl-S
/// asked about leaving out what their revision changed, then said it had saved revision 2,
/// which it had not. Now it says whose revision has the text and holds that one.
#[test]
fn tui_a_colleague_saving_the_very_text_typed_here_is_said_so() {
    let mut h = Harness::new(120, 40);
    h.keys("3");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("honor revision 1"));
    let opened = h.store.latest_template("honor").unwrap().unwrap().source;
    let fixed = format!("# fixed\n{opened}");
    h.store.save_template(&revision("honor", 2, &fixed, "ana", LATER)).unwrap();

    h.app.on_paste("# fixed\n");
    settle(&mut h);
    assert!(h.screen().contains("honor revision 1 (modified)"), "{}", h.screen());
    ctrl(&mut h, 's');
    let screen = h.screen();
    assert!(!screen.contains("leaves out"), "nothing of theirs is left out: {screen}");
    assert!(
        screen.contains("Nothing to save: ana saved this very text as honor revision 2 on 2026-12-01 12:01 UTC"),
        "{screen}"
    );
    let latest = h.store.latest_template("honor").unwrap().unwrap();
    assert_eq!((latest.revision, latest.saved_by.as_str()), (2, "ana"), "nothing saved");
    // The editor holds ana's revision now: its title says so, and leaving asks nothing.
    assert!(h.screen().contains("honor revision 2 "), "{}", h.screen());
    assert!(!h.screen().contains("(modified)"), "{}", h.screen());
    h.app.on_paste("# more\n");
    settle(&mut h);
    ctrl(&mut h, 's');
    assert!(h.screen().contains("Saved honor revision 3"), "asked nothing: {}", h.screen());
}

/// No edits, and a colleague saved a newer revision: "no edits since the last revision" read
/// as if the editor showed the newest.
#[test]
fn tui_nothing_to_save_names_the_revision_saved_since() {
    let mut h = Harness::new(120, 40);
    h.keys("3");
    h.key(KeyCode::Enter);
    ctrl(&mut h, 's');
    assert!(h.screen().contains("Nothing to save: no edits since revision 1."), "{}", h.screen());
    let opened = h.store.latest_template("honor").unwrap().unwrap().source;
    h.store.save_template(&revision("honor", 2, &format!("# theirs\n{opened}"), "ana", LATER)).unwrap();
    ctrl(&mut h, 's');
    let screen = h.screen();
    assert!(
        screen.contains("Nothing to save: your text is revision 1's as you opened it; ana saved revision 2 since"),
        "{screen}"
    );
    assert_eq!(h.store.latest_template("honor").unwrap().unwrap().revision, 2, "revision 1's text not saved again");
}

/// A colleague's save, delete or remake shows in the editor's title as soon as certdesk
/// hears of it (a server's notice reads the templates again), not only at Ctrl-S.
#[test]
fn tui_the_editors_title_says_what_a_colleague_did_since() {
    let mut h = Harness::new(80, 24);
    h.keys("3");
    h.key(KeyCode::Enter);
    let opened = h.store.latest_template("honor").unwrap().unwrap().source;
    assert!(h.screen().contains("┌ honor revision 1 ─"), "{}", h.screen());
    h.store.save_template(&revision("honor", 2, &format!("# theirs\n{opened}"), "ana", LATER)).unwrap();
    h.app.load_templates();
    assert!(h.screen().contains("┌ honor revision 1 · ana saved revision 2 since ─"), "{}", h.screen());
    h.app.on_paste("# mine\n");
    assert!(h.screen().contains("┌ honor revision 1 (modified) · ana saved revision 2 since ─"), "{}", h.screen());
    settle(&mut h);
    ctrl(&mut h, 's');
    h.keys("y");
    assert!(h.screen().contains("┌ honor revision 3 ─"), "saved: the newest again: {}", h.screen());
}

#[test]
fn tui_the_editors_title_says_the_template_was_deleted_or_made_again() {
    let mut h = Harness::new(80, 24);
    h.store.save_template(&revision("plain", 1, crate::render::defaults::HONOR, "tester", super::NOW)).unwrap();
    h.keys("3").keys("j").key(KeyCode::Enter);
    assert!(h.screen().contains("┌ plain revision 1 ─"), "{}", h.screen());
    let context = crate::ops::Context::new("ana", LATER.parse().unwrap());
    crate::ops::delete_template(&h.store, "plain", &context).unwrap();
    h.app.load_templates();
    assert!(h.screen().contains("┌ plain revision 1 · deleted since you opened it ─"), "{}", h.screen());
    h.store.save_template(&revision("plain", 1, crate::render::defaults::HONOR, "ana", LATER)).unwrap();
    h.app.load_templates();
    assert!(h.screen().contains("┌ plain revision 1 · ana made it again since ─"), "{}", h.screen());
}

/// Typed the very text a colleague saved since: Esc asked "Your edits to honor since revision
/// 1 will be lost", and q "they will be lost", which was not true.
#[test]
fn tui_leaving_text_a_colleague_saved_since_loses_nothing_and_asks_nothing() {
    let mut h = Harness::new(120, 40);
    h.keys("3");
    h.key(KeyCode::Enter);
    let opened = h.store.latest_template("honor").unwrap().unwrap().source;
    h.store.save_template(&revision("honor", 2, &format!("# fixed\n{opened}"), "ana", LATER)).unwrap();
    h.app.on_paste("# fixed\n");
    ctrl(&mut h, 'c');
    let screen = h.screen();
    assert!(!screen.contains("will be lost"), "{screen}");
    assert!(h.app.should_quit(), "nothing to lose, nothing asked");

    let mut h = Harness::new(120, 40);
    h.keys("3");
    h.key(KeyCode::Enter);
    h.store.save_template(&revision("honor", 2, &format!("# fixed\n{opened}"), "ana", LATER)).unwrap();
    h.app.on_paste("# fixed\n");
    h.key(KeyCode::Esc);
    let screen = h.screen();
    assert!(!screen.contains("Leave honor without saving?"), "{screen}");
    assert!(
        screen.contains("Nothing lost: your text is honor revision 2, which ana saved on 2026-12-01 12:01 UTC."),
        "{screen}"
    );
    assert!(screen.contains("prints with"), "back to the list: {screen}");

    // Another text still asks.
    h.key(KeyCode::Enter);
    h.app.on_paste("# mine\n");
    h.key(KeyCode::Esc);
    assert!(h.screen().contains("Leave honor without saving?"), "{}", h.screen());
}
