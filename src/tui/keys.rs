//! The key map of the panes (popups have their own), and the help drawn from the same
//! tables so that the two cannot disagree on what a key does.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::certificates::CertView;
use super::list::Motion;
use super::tab::Tab;

/// Which key map applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMap {
    Gradebook,
    Certificates,
    Examples,
    Templates,
    /// The template editor is open: it has every key.
    Editor,
    Log,
}

impl KeyMap {
    pub fn of(tab: Tab, view: CertView, editing: bool) -> KeyMap {
        match (tab, view) {
            (Tab::Templates, _) if editing => KeyMap::Editor,
            (Tab::Gradebook, _) => KeyMap::Gradebook,
            (Tab::Certificates, CertView::Examples) => KeyMap::Examples,
            (Tab::Certificates, CertView::Active | CertView::History) => KeyMap::Certificates,
            (Tab::Templates, _) => KeyMap::Templates,
            (Tab::Log, _) => KeyMap::Log,
        }
    }
}

pub fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C'))
}

/// The key that came right after an Esc, when the terminal sent the two as one Alt key.
///
/// Terminals write Alt-j as Esc followed by `j`, so an Esc and the next key read together
/// (typed in quick succession, over a slow link, while a frame was drawn) come back as
/// Alt-j; tmux even sends every key typed within its `escape-time` after an Esc (500 ms by
/// default) that way. Only the keys a terminal encodes with that prefix are split: characters,
/// Enter, Backspace and Tab.
pub fn after_escape(key: &KeyEvent) -> Option<KeyEvent> {
    let prefixed = matches!(key.code, KeyCode::Char(_) | KeyCode::Enter | KeyCode::Backspace | KeyCode::Tab);
    let alt_only = key.modifiers.contains(KeyModifiers::ALT) && !key.modifiers.contains(KeyModifiers::CONTROL);
    (prefixed && alt_only).then(|| KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT))
}

/// The action for `key` when no popup is open.
pub fn action_for(map: KeyMap, key: KeyEvent) -> Option<Action> {
    if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return None;
    }
    pane_key(map, key.code).or_else(|| global_key(key.code))
}

fn pane_key(map: KeyMap, code: KeyCode) -> Option<Action> {
    let action = match (map, code) {
        (KeyMap::Gradebook, KeyCode::Left | KeyCode::Char('h')) => Action::ColumnLeft,
        (KeyMap::Gradebook, KeyCode::Right | KeyCode::Char('l')) => Action::ColumnRight,
        (KeyMap::Gradebook, KeyCode::Enter) => Action::Activate,
        (KeyMap::Gradebook, KeyCode::Char('e')) => Action::EditScore,
        (KeyMap::Gradebook, KeyCode::Char('x')) => Action::ClearScore,
        (KeyMap::Gradebook, KeyCode::Char('a')) => Action::AskAllow,
        (KeyMap::Gradebook, KeyCode::Char('p')) => Action::ShowLearner,
        (KeyMap::Gradebook, KeyCode::Char('s')) => Action::SortByColumn,
        (KeyMap::Gradebook, KeyCode::Char('i')) => Action::OpenImport,
        (KeyMap::Log, KeyCode::Enter) => Action::ShowEvent,
        (KeyMap::Certificates, KeyCode::Char('g')) => Action::AskGenerate,
        (KeyMap::Certificates, KeyCode::Char('r')) => Action::AskRegenerate,
        (KeyMap::Certificates, KeyCode::Char('d')) => Action::AskDeleteSelected,
        (KeyMap::Certificates, KeyCode::Char('D')) => Action::AskDeleteAll,
        (KeyMap::Certificates, KeyCode::Char('e')) => Action::OpenExport,
        (KeyMap::Certificates, KeyCode::Char('m')) => Action::AskMail,
        (KeyMap::Certificates | KeyMap::Examples, KeyCode::Enter | KeyCode::Char('v')) => Action::View,
        (KeyMap::Certificates | KeyMap::Examples, KeyCode::Char('H')) => Action::ToggleHistory,
        (KeyMap::Certificates | KeyMap::Examples, KeyCode::Char('V')) => Action::OpenVerify,
        (KeyMap::Certificates | KeyMap::Examples, KeyCode::Char('x')) => Action::ToggleExamples,
        (KeyMap::Certificates | KeyMap::Examples, KeyCode::Char('s')) => Action::OpenSettings,
        (KeyMap::Examples, KeyCode::Char('g')) => Action::GenerateExamples,
        (KeyMap::Templates, KeyCode::Enter | KeyCode::Char('e')) => Action::OpenTemplate,
        (KeyMap::Templates, KeyCode::Char('n')) => Action::AskNewTemplate,
        (KeyMap::Templates, KeyCode::Char('d')) => Action::AskDeleteTemplate,
        _ => return None,
    };
    Some(action)
}

fn global_key(code: KeyCode) -> Option<Action> {
    let action = match code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Tab => Action::NextTab,
        KeyCode::BackTab => Action::PrevTab,
        KeyCode::Char(digit @ '1'..='4') => Action::ShowTab(super::tab::Tab::from_number(digit)?),
        KeyCode::Char('?') => Action::OpenHelp,
        KeyCode::Char('c') => Action::OpenCourses,
        KeyCode::Char('/') => Action::OpenFilter,
        KeyCode::Esc => Action::ClearFilter,
        KeyCode::Down | KeyCode::Char('j') => Action::Move(Motion::Down),
        KeyCode::Up | KeyCode::Char('k') => Action::Move(Motion::Up),
        KeyCode::PageDown => Action::Move(Motion::PageDown),
        KeyCode::PageUp => Action::Move(Motion::PageUp),
        KeyCode::Home | KeyCode::Char('g') => Action::Move(Motion::Top),
        KeyCode::End | KeyCode::Char('G') => Action::Move(Motion::Bottom),
        _ => return None,
    };
    Some(action)
}

/// Every key of a pane with what it does, for the help overlay.
pub fn help(map: KeyMap) -> Vec<(&'static str, &'static str)> {
    let mut keys = match map {
        KeyMap::Gradebook => vec![
            ("h/l ←/→", "move the column cursor (scrolls sideways)"),
            ("Enter", "edit the score under the cursor; on other columns, the learner's progress"),
            ("e", "edit the score under the cursor (Esc cancels)"),
            ("x", "clear the score under the cursor (asks first)"),
            ("a", "allowlist on/off: eligible whatever the grade (asks first)"),
            ("p", "the learner's progress: activities, what is missing, eligibility, certificates"),
            ("s", "sort by the column under the cursor (again: reverse)"),
            ("i", "import a folder or an edX, Moodle, Canvas, Chamilo export"),
        ],
        KeyMap::Certificates => vec![
            ("g", "generate certificates for every eligible learner (shows the dry run first)"),
            ("r", "regenerate the stale certificates (shows the dry run first)"),
            ("d", "delete the selected certificate (kept in the history as revoked)"),
            ("D", "delete all active certificates (type the course id to confirm)"),
            ("e", "export all active certificates to one PDF"),
            ("m", "mail each learner their certificate with the farewell (dry run first)"),
            ("Enter/v", "preview the selected certificate"),
            ("H", "show the history (superseded and revoked) / back"),
            ("V", "verify a code"),
            ("x", "example certificates"),
            ("s", "settings: threshold, issuance policy, self-generation, templates, verify URL"),
        ],
        KeyMap::Examples => vec![
            ("g", "make the example certificates again"),
            ("Enter/v", "preview the selected example"),
            ("x", "back to the certificates"),
            ("H", "the certificate history"),
            ("V", "verify a code"),
            ("s", "settings"),
        ],
        KeyMap::Templates => vec![
            ("Enter e", "edit the selected template (Esc leaves the editor)"),
            ("n", "a new template: a copy of the selected one (asks its name)"),
            ("d", "delete the selected template (asks first; refused while in use)"),
            ("Ctrl-S", "in the editor: save a new revision (refused while it has errors)"),
            ("Ctrl-T F2", "in the editor: the preview full screen, and back (Esc too)"),
            ("F3 F4", "in the editor: preview the next / previous worst-case name"),
            ("Ctrl-E", "in the editor: jump to the next problem"),
            ("Ctrl-U Ctrl-R", "in the editor: undo / redo"),
            ("F1", "in the editor: the editor's own keys (? is text there)"),
        ],
        // Every other key types into the text: the list's keys (j/k, q, Tab, c, ?) do not apply.
        KeyMap::Editor => return EDITOR_HELP.to_vec(),
        KeyMap::Log => vec![("Enter", "the selected event whole: its summary, every learner and code")],
    };
    let movement = match map {
        KeyMap::Certificates => ("Home/End G", "top / bottom (g is generate here)"),
        KeyMap::Examples => ("Home/End G", "top / bottom (g makes the examples here)"),
        _ => ("g/G Home/End", "top / bottom"),
    };
    // The templates list has no filter: `/` there only says so, and letters typed after it
    // would edit a template (`e`) or delete one (`d`).
    let filters = !matches!(map, KeyMap::Templates | KeyMap::Editor);
    keys.extend([("j/k ↑/↓", "move the selection"), ("PgUp/PgDn", "move by a page"), movement]);
    if filters {
        keys.push(match map {
            KeyMap::Certificates => ("/", "filter as you type, flags too (stale, not eligible, mailed…; Esc clears)"),
            _ => ("/", "filter the list as you type (Esc clears)"),
        });
    }
    keys.extend([("Tab/S-Tab 1-4", "switch tabs"), ("c", "switch course"), ("?", "this help")]);
    keys.push(if filters { ("Esc", "cancel running work; clear the filter") } else { ("Esc", "cancel running work") });
    keys.extend([("q", "quit"), ("Ctrl-C", "quit, always")]);
    keys
}

/// The template editor's keys, for its help (F1): every key the text area answers, none left
/// for staff to find by accident.
const EDITOR_HELP: [(&str, &str); 23] = [
    ("Ctrl-S", "save a new revision (refused while it has errors; asks first when someone saved one since)"),
    ("Ctrl-T F2", "the preview full screen, and back (Esc too)"),
    ("F3 F4", "preview the next / the previous worst-case name: the roster's longest, each other script's"),
    ("Ctrl-E", "jump to the next problem, listed first under the text"),
    ("Ctrl-U Ctrl-R", "undo / redo a step (Ctrl-Z undoes too): a word, a run of deletions, a line break, a paste"),
    ("Tab", "insert two spaces (templates are indented with spaces)"),
    ("Enter Ctrl-J", "break the line"),
    ("←/→ Ctrl-B/F", "step over a whole letter with its marks"),
    ("Bksp Del", "delete a whole letter before / after the cursor (Ctrl-H / Ctrl-D too)"),
    ("↑/↓ Ctrl-P/N", "the line above / below"),
    ("Home/End", "the start / end of the line (Ctrl-A: the start)"),
    ("Ctrl-←/→", "a word back / forward (Alt-B / Alt-F too)"),
    ("Ctrl-↑/↓", "the paragraph before / after (Alt-P / Alt-N too)"),
    ("PgUp/PgDn", "move by the lines in view"),
    ("Ctrl-Home/End", "the start / the end of the text (Alt-< / Alt-> too)"),
    ("Shift-moves", "select text: any move above with Shift held"),
    ("Ctrl-W Alt-D", "cut the word before / after the cursor (Alt-Bksp / Alt-Del too)"),
    ("Ctrl-K", "cut to the end of the line (at its end: join the next line)"),
    ("Ctrl-X", "cut the selection (so do Ctrl-W, Alt-D and Ctrl-K while there is one)"),
    ("Ctrl-Y", "paste what the last cut took (the terminal's own paste inserts the clipboard)"),
    ("F1", "this help (? is text here)"),
    (
        "Esc",
        "leave the editor (asks first when there are unsaved edits; they are kept as a draft if certdesk ends under them)",
    ),
    ("Ctrl-C", "quit (asks first when there are unsaved edits)"),
];

/// The keys shown while the editor's preview fills the pane (typing is off there).
pub const EDITOR_PREVIEW_KEYS: &str = "Ctrl-T/Esc back to the text  F3/F4 other names  Ctrl-S save  F1 help";

/// The few keys shown on the status line.
pub fn status_keys(map: KeyMap) -> &'static str {
    match map {
        KeyMap::Gradebook => "Enter edit/progress  x clear  s sort  / filter  c course  a allow  ? help  q quit",
        KeyMap::Certificates => "g gen  r regen  d/D del  e export  m mail  v view  H hist  x ex  s set  ? help",
        KeyMap::Examples => "g make examples  v preview  x back  s settings  ? help  q quit",
        KeyMap::Templates => "Enter edit  n new  d delete  j/k move  Tab switch tab  ? help  q quit",
        KeyMap::Editor => "Ctrl-S save  Ctrl-T view  Ctrl-E next  Ctrl-U/R undo/redo  F1 help  Esc leave",
        KeyMap::Log => "Enter details  / filter  j/k move  c course  ? help  q quit",
    }
}

/// A status line of keys in `width` cells: the keys before the help key (`? help`, `F1 help`)
/// give way, from there back, to one `…`, so that the help key, which lists them all, and the
/// keys after it stay whole; at 60 columns the line ran off the screen in the middle of a key
/// (`H hist  x`, `q qu`).
pub fn status_keys_within(keys: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    const BETWEEN: &str = "  ";
    let mut items: Vec<&str> = keys.split(BETWEEN).collect();
    let help = items.iter().position(|item| item.ends_with(" help")).unwrap_or(items.len() - 1);
    let (mut before, after) = (help, items.split_off(help));
    let mut joined = keys.to_string();
    while joined.width() > width && before > 1 {
        before -= 1;
        items.truncate(before);
        joined = [items.join(BETWEEN), "…".to_string(), after.join(BETWEEN)].join(BETWEEN);
    }
    super::text::fit(&joined, width).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each pane's keys at 60 columns and less: whole keys up to a `…`, then the help key.
    #[test]
    fn status_keys_too_wide_give_way_before_the_help_key() {
        let certificates = status_keys(KeyMap::Certificates);
        assert_eq!(status_keys_within(certificates, 80), certificates);
        assert_eq!(
            status_keys_within(certificates, 60),
            "g gen  r regen  d/D del  e export  m mail  v view  …  ? help"
        );
        assert_eq!(
            status_keys_within(status_keys(KeyMap::Templates), 60),
            "Enter edit  n new  d delete  j/k move  …  ? help  q quit"
        );
        assert_eq!(status_keys_within(EDITOR_PREVIEW_KEYS, 40), "Ctrl-T/Esc back to the text  …  F1 help");
        for map in [KeyMap::Gradebook, KeyMap::Examples, KeyMap::Editor, KeyMap::Log] {
            for width in [20, 40, 60] {
                let line = status_keys_within(status_keys(map), width);
                assert!(unicode_width::UnicodeWidthStr::width(line.as_str()) <= width, "{line}");
                assert!(line.contains("help") || line.ends_with('…'), "{width}: {line}");
            }
        }
    }

    #[track_caller]
    fn split(code: KeyCode, modifiers: KeyModifiers, expected: Option<(KeyCode, KeyModifiers)>) {
        let after = after_escape(&KeyEvent::new(code, modifiers)).map(|key| (key.code, key.modifiers));
        assert_eq!(after, expected, "{modifiers:?} {code:?}");
    }

    #[test]
    fn a_key_a_terminal_sent_after_an_esc_is_told_apart_from_it() {
        let (alt, none, shift) = (KeyModifiers::ALT, KeyModifiers::NONE, KeyModifiers::SHIFT);
        split(KeyCode::Char('j'), alt, Some((KeyCode::Char('j'), none)));
        split(KeyCode::Char('J'), alt | shift, Some((KeyCode::Char('J'), shift)));
        split(KeyCode::Enter, alt, Some((KeyCode::Enter, none)));
        split(KeyCode::Backspace, alt, Some((KeyCode::Backspace, none)));
        split(KeyCode::Char('j'), none, None);
        // Ctrl-Alt is how Windows reports AltGr; Alt-arrows come in sequences of their own.
        split(KeyCode::Char('@'), KeyModifiers::CONTROL | alt, None);
        split(KeyCode::Left, alt, None);
    }
}
