//! Whole-app tests: keys in, screen out, on ratatui's TestBackend over a real store.

mod allowlist;
mod certificates;
mod colleagues;
mod drafts;
mod drafts_of_others;
mod drafts_remade;
mod editor;
mod editor_keys;
mod editor_preview;
mod editor_saves;
mod filters;
mod fonts;
mod grading;
mod history;
mod import;
mod import_wording;
mod live_dialogs;
mod log;
mod mail;
mod narrow;
mod navigation;
mod new_template;
mod no_certificates;
mod prompts;
mod retired_key;
mod screens;
mod stopped_runs;
mod templates;
mod unprintable_pages;
mod utc;
mod verify;
mod whole_at_80;
mod withdrawn;

use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Options, Theme};
use crate::store::Store;

pub struct Harness {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
    pub store: Arc<Store>,
    _dir: tempfile::TempDir,
}

/// A fixed moment inside the sample course (it ends on 2027-01-31), so grades stay
/// provisional and dates on screen do not change.
pub const NOW: &str = "2026-12-01T12:00:00Z";

/// The sample course's id.
pub const COURSE: &str = "middle-earth-101";

fn sample_folder() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/middle-earth")
}

/// A copy of the sample course's folder in a temporary directory: a course folder to change
/// and import again.
pub fn sample_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("middle-earth");
    std::fs::create_dir(&folder).expect("folder");
    for file in ["course.toml", "roster.csv", "grades.csv"] {
        std::fs::copy(sample_folder().join(file), folder.join(file)).expect("copy");
    }
    (dir, folder)
}

impl Harness {
    /// The app on a fresh database with the sample course, loaded.
    pub fn new(width: u16, height: u16) -> Harness {
        Harness::with_theme(width, height, Theme { color: true })
    }

    pub fn with_theme(width: u16, height: u16, theme: Theme) -> Harness {
        Harness::build(width, height, theme, NOW, true)
    }

    /// The app on a fresh database that has no course: the default templates only.
    pub fn without_courses(width: u16, height: u16) -> Harness {
        Harness::build(width, height, Theme { color: true }, NOW, false)
    }

    /// The app as [`Harness::new`] makes it, its clock at `now` (the course is imported at
    /// `NOW` all the same).
    pub fn at(width: u16, height: u16, now: &str) -> Harness {
        Harness::build(width, height, Theme { color: true }, now, true)
    }

    fn build(width: u16, height: u16, theme: Theme, now: &str, sample: bool) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        crate::ops::ensure_default_templates(&store, NOW.parse().unwrap()).unwrap();
        if sample {
            crate::import::import_folder(&store, &sample_folder(), None, ("tester", NOW.parse().unwrap())).unwrap();
        }
        let store = Arc::new(store);
        let mut app = App::new(store.clone(), options(&store, theme, now, (width, height), None));
        app.wait_for_worker();
        let terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        Harness { app, terminal, store, _dir: dir }
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Harness {
        self.press(KeyEvent::new(code, KeyModifiers::NONE))
    }

    pub fn press(&mut self, key: KeyEvent) -> &mut Harness {
        self.app.on_key(key);
        self.app.wait_for_worker();
        self
    }

    /// A key pressed straight on the app, not waiting for the work it starts (as `key` waits):
    /// what a user presses while long work runs.
    pub fn key_now(&mut self, code: KeyCode) -> &mut Harness {
        self.app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
        self
    }

    /// Types each character as a key press.
    pub fn keys(&mut self, text: &str) -> &mut Harness {
        for c in text.chars() {
            let modifiers = if c.is_ascii_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
            self.press(KeyEvent::new(KeyCode::Char(c), modifiers));
        }
        self
    }

    pub fn resize(&mut self, width: u16, height: u16) -> &mut Harness {
        self.terminal.backend_mut().resize(width, height);
        self.app.apply(super::Action::Resize(width, height));
        self
    }

    /// The screen as text, verification codes (random) replaced by XXXX-XXXX-XXXX.
    pub fn screen(&mut self) -> String {
        let app = &self.app;
        self.terminal.draw(|frame| frame.render_widget(app, frame.area())).unwrap();
        redact_key_ids(&redact_codes(&self.terminal.backend().to_string()))
            .lines()
            .map(redact_code_fragment)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The words of the screen's dialog in reading order, rows joined by one space: a sentence
    /// a dialog wrapped is found whole wherever the box's width broke it.
    pub fn dialog_text(&mut self) -> String {
        let screen = self.screen();
        let rows = screen.lines().filter_map(|row| {
            // The widest stretch between two borders is the dialog's text on that row.
            let inside: Vec<&str> = row.split('│').collect();
            (inside.len() > 2).then(|| inside[1..inside.len() - 1].iter().copied().max_by_key(|part| part.len()))?
        });
        rows.flat_map(str::split_whitespace).collect::<Vec<_>>().join(" ")
    }

    /// The app opened again on the same database, as a user who quit and came back, with the
    /// last course kept in `last_course`.
    pub fn reopen(&mut self, last_course: Option<super::LastCourse>) -> &mut Harness {
        let area = self.terminal.backend().buffer().area;
        let size = (area.width, area.height);
        let options = options(&self.store, Theme { color: true }, NOW, size, last_course);
        self.app = App::new(self.store.clone(), options);
        self.app.wait_for_worker();
        self
    }

    /// Filters the gradebook to bilbo and moves the column cursor onto his essay.
    pub fn go_to_bilbo_essay(&mut self) -> &mut Harness {
        self.keys("1/bilbo").key(KeyCode::Enter);
        for _ in 0..12 {
            self.key(KeyCode::Right);
        }
        self
    }

    /// Settings through the same operation the CLI uses, then a reload.
    pub fn threshold_policy(&mut self) -> &mut Harness {
        self.keys("2s").keys("p")
    }

    /// Imports a synthetic course of `learners` (two activities, every learner eligible) and
    /// opens it: large enough for work that runs in parts of 1,000.
    pub fn open_synthetic(&mut self, learners: usize) -> &mut Harness {
        let course = tempfile::tempdir().unwrap();
        crate::sample::write_synthetic(learners, 2, 100, crate::sample::names::Scripts::Latin, course.path()).unwrap();
        crate::import::import_folder(&self.store, course.path(), None, ("tester", NOW.parse().unwrap())).unwrap();
        self.app.apply(crate::tui::Action::SwitchCourse("synthetic".to_string()));
        self.app.wait_for_worker();
        self
    }
}

fn options(
    store: &Arc<Store>,
    theme: Theme,
    now: &str,
    size: (u16, u16),
    last_course: Option<super::LastCourse>,
) -> Options {
    let renderer = crate::tui::printing::StoreRenderer::new(store.clone(), None).unwrap();
    Options {
        renderer: Arc::new(renderer),
        theme,
        actor: "tester".to_string(),
        now: Some(now.parse().unwrap()),
        size,
        db_label: Some("test.db".to_string()),
        course: None,
        last_course,
        truecolor: false,
        graphics: super::graphics::Graphics::half_blocks(),
    }
}

/// A code cut off by a dialog's left border leaves a few random characters before it.
fn redact_code_fragment(line: &str) -> String {
    let body = line.strip_prefix('"').unwrap_or(line);
    let fragment: String =
        body.chars().take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '-').collect();
    let rest = &body[fragment.len()..];
    if !fragment.is_empty() && fragment.len() < 14 && rest.starts_with(['╭', '│', '╰']) {
        let masked: String = fragment.chars().map(|c| if c == '-' { '-' } else { 'X' }).collect();
        format!("\"{masked}{rest}")
    } else {
        line.to_string()
    }
}

/// Issuer key ids (random, a new key each test) as `KKKK…`, as long as shown.
fn redact_key_ids(text: &str) -> String {
    const BEFORE: &str = "issuer key ";
    let mut redacted = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(BEFORE) {
        let (head, tail) = rest.split_at(at + BEFORE.len());
        redacted.push_str(head);
        let kid_len = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(tail.len());
        redacted.extend(std::iter::repeat_n('K', kid_len));
        rest = &tail[kid_len..];
    }
    redacted.push_str(rest);
    redacted
}

pub fn redact_codes(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let is_symbol = |b: u8| b.is_ascii_digit() || b.is_ascii_uppercase();
    let mut i = 0;
    while i + 14 <= bytes.len() {
        let window = &bytes[i..i + 14];
        let matches = window.iter().enumerate().all(|(k, &b)| if k == 4 || k == 9 { b == b'-' } else { is_symbol(b) });
        if matches {
            bytes[i..i + 14].copy_from_slice(b"XXXX-XXXX-XXXX");
            i += 14;
        } else {
            i += 1;
        }
    }
    String::from_utf8(bytes).unwrap()
}
