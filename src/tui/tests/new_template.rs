//! `n` in the templates tab: a new template, a copy of the selected one, under a name the
//! prompt checks, saved as `template save` saves it and opened in the editor.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Harness;
use crate::render::defaults::VERIFIED;

fn told(h: &Harness) -> String {
    h.app.message.clone().map(|(text, _)| text).unwrap_or_default()
}

/// Deletes what the prompt holds, as a user would with Backspace.
fn clear_prompt(h: &mut Harness) {
    for _ in 0..40 {
        h.key(KeyCode::Backspace);
    }
}

#[test]
fn tui_n_makes_a_new_template_from_a_copy_of_the_selected_one() {
    let mut h = Harness::new(80, 24);
    h.keys("3");
    let screen = h.screen();
    assert!(screen.contains("n new"), "the key is in the footer: {screen}");
    assert!(screen.contains("n makes a new one from a copy of it"), "{screen}");
    h.keys("?");
    assert!(h.screen().contains("a new template: a copy of the selected one (asks its name)"), "and in the help");
    h.key(KeyCode::Esc);

    // honor, verified: the copy is of the one selected.
    h.keys("jn");
    let screen = h.screen();
    assert!(screen.contains("New template, a copy of verified: its name"), "{screen}");

    // A bad name and a taken one are refused where they were typed, the prompt left open.
    h.keys("Gold Seal").key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("'Gold Seal' is not a template name: use 1 to 64 lowercase"), "{screen}");
    clear_prompt(&mut h);
    h.keys("honor").key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("there is a template called honor already: type another name"), "{screen}");
    assert_eq!(h.store.latest_template("honor").unwrap().map(|latest| latest.revision), Some(1), "honor untouched");
    clear_prompt(&mut h);
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("type a name for the new template, or Esc to cancel"));

    clear_prompt(&mut h);
    h.keys("gold").key(KeyCode::Enter);
    let saved = h.store.latest_template("gold").unwrap().expect("gold is saved");
    assert_eq!((saved.revision, saved.source.as_str(), saved.saved_by.as_str()), (1, VERIFIED, "tester"));
    let screen = h.screen();
    assert!(screen.contains("gold revision 1"), "opened in the editor: {screen}");
    assert!(told(&h).starts_with("Made gold, a copy of verified revision 1: Ctrl-S saves"), "{}", told(&h));
    // Whole at 80 columns, where its end was cut to `…`.
    assert!(screen.contains("(certificates tab, s)."), "{screen}");
    // Saved as `template save` saves: the database's log says so.
    let last = h.store.database_events().unwrap().pop().unwrap();
    assert_eq!(last.summary, "saved template gold revision 1");

    // The editor edits it as any other: typed text saved as revision 2, the list shows it.
    h.press(KeyEvent::new(KeyCode::Home, KeyModifiers::CONTROL));
    h.keys("# gold").key(KeyCode::Enter);
    h.press(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let saved = h.store.latest_template("gold").unwrap().expect("gold");
    assert_eq!(saved.revision, 2, "{}", told(&h));
    assert!(saved.source.starts_with("# gold"), "{}", saved.source);
    h.key(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("gold     rev 2"), "{screen}");

    // Esc in the prompt makes nothing.
    h.keys("n").keys("silver");
    assert!(h.screen().contains("a copy of gold: its name"), "the copy is of the one selected");
    h.key(KeyCode::Esc);
    assert_eq!(h.store.latest_template("silver").unwrap(), None);
    assert!(!h.screen().contains("a copy of gold: its name"), "the prompt is closed");
}

/// A name taken by someone else while the prompt was open is refused when Enter is pressed,
/// and their template is left as it is.
#[test]
fn tui_a_name_taken_while_the_prompt_was_open_is_refused() {
    let mut h = Harness::new(80, 24);
    h.keys("3n").keys("gold");
    let theirs = crate::domain::TemplateRevision {
        name: "gold".to_string(),
        revision: 1,
        source: crate::render::defaults::HONOR.to_string(),
        saved_at: super::NOW.parse().unwrap(),
        saved_by: "someone".to_string(),
    };
    h.store.save_template(&theirs).unwrap();
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("there is a template called gold already"), "{screen}");
    let latest = h.store.latest_template("gold").unwrap().expect("theirs");
    assert_eq!((latest.revision, latest.saved_by.as_str()), (1, "someone"));
    assert!(h.app.editor.is_none(), "nothing opened");
}
