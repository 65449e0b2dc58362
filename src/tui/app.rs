//! The application state and the one place it changes: `App::apply`.

use std::sync::Arc;

use jiff::Timestamp;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::text::Line;

use super::action::Action;
use super::certificates::CertView;
use super::course::Loaded;
use super::keys::{self, KeyMap};
use super::last_course::LastCourse;
use super::popup::{Handled, MessageDialog, Popup, Prompt, PromptKind};
use super::renderer::Renderer;
use super::tab::Tab;
use super::theme::Theme;
use super::worker::{Job, Worker};
use crate::ops::Context;
use crate::store::Store;

/// What an action on the course says when there is none.
pub(super) const NO_COURSE: &str = "There is no course yet: press i in the gradebook to import one.";

/// How the app is set up; tests fix the clock, the actor and the size.
pub struct Options {
    pub renderer: Arc<dyn Renderer>,
    pub theme: Theme,
    pub actor: String,
    /// `None`: the real time at each operation.
    pub now: Option<Timestamp>,
    pub size: (u16, u16),
    /// Shown in the header instead of the database path.
    pub db_label: Option<String>,
    pub course: Option<String>,
    /// Where the course last shown on this database is kept: the app opens on it (when
    /// `course` names none) and keeps each course it shows there.
    pub last_course: Option<LastCourse>,
    pub truecolor: bool,
    /// How previews are drawn: a graphics protocol, or half-blocks.
    pub graphics: super::graphics::Graphics,
}

impl Options {
    pub fn from_env(size: (u16, u16), renderer: Arc<dyn Renderer>, graphics: super::graphics::Graphics) -> Options {
        let colorterm = std::env::var("COLORTERM").unwrap_or_default();
        Options {
            renderer,
            theme: Theme::from_env(),
            actor: crate::ops::current_actor(),
            now: None,
            size,
            db_label: None,
            course: None,
            last_course: None,
            truecolor: matches!(colorterm.as_str(), "truecolor" | "24bit"),
            graphics,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Error,
}

/// What a key that must wait for running work is told; it goes when the work is done.
pub(super) const BUSY: &str = "Busy: wait for the work to finish, or press Esc to stop it.";
/// `BUSY` for work that Esc cannot stop (a load, an import).
pub(super) const BUSY_TO_THE_END: &str = "Busy: wait for the work to finish; it cannot be stopped midway.";
/// What `q` during long work says: certdesk quits once the work is done.
pub(super) const QUITTING_WHEN_DONE: &str = "Quitting once the work is done; Esc stops the work instead, and stays.";
/// `QUITTING_WHEN_DONE` for work that Esc cannot stop.
pub(super) const QUITTING_AT_THE_END: &str = "Quitting once the work is done; it cannot be stopped midway.";

pub struct App {
    pub(super) store: Arc<Store>,
    pub(super) renderer: Arc<dyn Renderer>,
    pub(super) theme: Theme,
    pub(super) truecolor: bool,
    pub(super) graphics: super::graphics::Graphics,
    pub(super) actor: String,
    pub(super) fixed_now: Option<Timestamp>,
    pub(super) db_label: String,
    pub(super) tab: Tab,
    pub(super) course: Option<Box<Loaded>>,
    /// (id, title) of every course in the database.
    pub(super) courses: Vec<(String, String)>,
    pub(super) popup: Option<Popup>,
    pub(super) message: Option<(String, Tone)>,
    pub(super) size: (u16, u16),
    pub(super) worker: Option<Worker>,
    /// The course a running job will show when it is done.
    pub(super) loading: Option<String>,
    /// The template being edited, if any.
    pub(super) editor: Option<super::editor::TemplateEditor>,
    /// The templates of the database, for the Templates tab, and the selected one.
    pub(super) templates: Vec<crate::ops::TemplateSummary>,
    pub(super) template_selected: usize,
    /// The first template the templates tab shows (see `TemplatesView::first_shown`).
    pub(super) template_offset: usize,
    /// Notices of others' changes, when the database is shared through `certdesk serve`.
    pub(super) live: Option<super::live::Live>,
    pub(super) last_course: Option<LastCourse>,
    pub(super) quit: bool,
    /// The preview that `w` opened its path prompt over, shown again when the prompt is
    /// cancelled.
    pub(super) behind_prompt: Option<Popup>,
    /// `q` was pressed during long work: certdesk quits once it is done, saying how it ended.
    pub(super) quit_when_done: bool,
    /// What the shell is told on quitting: how the work `q` waited for ended.
    pub(super) parting_words: Option<String>,
    /// The editor's unsaved text as a draft, for a hung-up terminal's ending to keep.
    pub(super) unsaved: super::app_drafts::Unsaved,
}

impl App {
    /// Opens the app on `options.course`, else the course last shown on the database, else
    /// the first course, loading it in the background.
    pub fn new(store: Arc<Store>, options: Options) -> App {
        let db_label = options.db_label.unwrap_or_else(|| super::paths::shown(&store.path()));
        let mut app = App {
            store,
            renderer: options.renderer,
            theme: options.theme,
            truecolor: options.truecolor,
            graphics: options.graphics,
            actor: options.actor,
            fixed_now: options.now,
            db_label,
            tab: Tab::Gradebook,
            course: None,
            courses: Vec::new(),
            popup: None,
            message: None,
            size: options.size,
            worker: None,
            loading: None,
            editor: None,
            templates: Vec::new(),
            template_selected: 0,
            template_offset: 0,
            live: None,
            last_course: options.last_course,
            quit: false,
            behind_prompt: None,
            quit_when_done: false,
            parting_words: None,
            unsaved: Default::default(),
        };
        app.live = app.store.subscribe().map(|subscription| super::live::Live::new(subscription, app.actor.clone()));
        app.refresh_courses();
        // The course last shown, unless it has been deleted since.
        let last = app
            .last_course
            .as_ref()
            .and_then(LastCourse::recall)
            .filter(|last| app.courses.iter().any(|(id, _)| id == last));
        let first = options.course.or(last).or_else(|| app.courses.first().map(|(id, _)| id.clone()));
        match first {
            Some(id) => app.start_job(Job::Load, Some(id)),
            None => app.tell("The database has no course yet: press i to import a course folder.", Tone::Info),
        }
        app
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// How the work `q` waited for ended, for the shell once the terminal is given back.
    pub fn parting_words(&self) -> Option<&str> {
        self.parting_words.as_deref()
    }

    pub fn is_busy(&self) -> bool {
        self.worker.is_some()
    }

    /// Whether others may change the database while this app shows it.
    pub fn is_shared(&self) -> bool {
        self.live.is_some()
    }

    pub(super) fn context(&self) -> Context {
        Context::new(self.actor.clone(), self.now())
    }

    /// The time now, or the one the app was given (tests).
    pub(super) fn now(&self) -> Timestamp {
        self.fixed_now.unwrap_or_else(Timestamp::now)
    }

    /// Shows `text` on the message line until the next key (or the next message).
    pub(super) fn tell(&mut self, text: impl Into<String>, tone: Tone) {
        self.message = Some((text.into(), tone));
    }

    /// The log's selected event, whole, in a dialog.
    pub(super) fn show_event(&mut self) {
        let Some(course) = &self.course else { return };
        let Some(event) = course.log.selected(&course.events) else { return };
        let lines = super::log::LogPane::details(event);
        self.popup = Some(Popup::Message(MessageDialog::new("Event", lines).wide()));
    }

    /// Reports a failure on the status line; one of several lines (an export's unprintable
    /// pages) also opens in a dialog, where every line can be read, unless one is open.
    pub(super) fn fail(&mut self, error: impl std::fmt::Display) {
        let text = error.to_string();
        let mut lines = text.lines();
        let first = lines.next().unwrap_or_default().to_string();
        let rest: Vec<Line<'static>> = lines.map(|line| Line::from(line.to_string())).collect();
        if !rest.is_empty() && self.popup.is_none() {
            let mut all = vec![Line::from(first.clone()), Line::from("")];
            all.extend(rest);
            self.popup = Some(Popup::Message(MessageDialog::new("Not done", all).wide()));
        }
        self.tell(first, Tone::Error);
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        // A message answers the key before this one: read, it makes way for what comes next.
        self.message = None;
        if keys::is_ctrl_c(&key) {
            return self.apply(Action::Quit);
        }
        // An Esc and the key after it read as one Alt key are answered as the two keys they
        // were; not in the editor, whose text area has Alt keys of its own (Alt-f, Alt-b).
        if !self.editor_has_keys()
            && let Some(next) = keys::after_escape(&key)
        {
            self.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            return self.on_key(next);
        }
        if let Some(popup) = &mut self.popup {
            match popup.handle_key(key) {
                Handled::Consumed => return,
                Handled::Action(action) => return self.apply(action),
                Handled::Ignored => {}
            }
        }
        if self.tab == Tab::Templates
            && let Some(editor) = &mut self.editor
        {
            // The editor has the keys while it is open: none of them is an app shortcut.
            return match editor.handle_key(key) {
                super::editor::EditorKey::Consumed => {}
                super::editor::EditorKey::Save => self.apply(Action::SaveTemplate),
                super::editor::EditorKey::Leave => self.apply(Action::LeaveEditor),
                super::editor::EditorKey::Help => self.apply(Action::OpenHelp),
            };
        }
        if self.worker.is_some() {
            return self.while_busy(key);
        }
        if let Some(action) = keys::action_for(self.key_map(), key) {
            self.apply(action);
        }
    }

    /// Whether the template editor takes the keys: it is open, on screen, under no popup.
    fn editor_has_keys(&self) -> bool {
        self.popup.is_none() && self.tab == Tab::Templates && self.editor.is_some()
    }

    pub fn on_paste(&mut self, text: &str) {
        if self.editor_has_keys()
            && let Some(editor) = &mut self.editor
        {
            return editor.paste(text);
        }
        if let Some(popup) = &mut self.popup
            && let Handled::Action(action) = popup.paste(text)
        {
            self.apply(action);
        }
    }

    /// Keys while long work runs: Esc stops it, `q` quits once it is done, the keys that only
    /// look around (moves, columns, tabs) still do, and the rest waits.
    fn while_busy(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Esc => self.apply(Action::CancelJob),
            KeyCode::Char('q') => self.quit_when_done(),
            _ => match keys::action_for(self.key_map(), key) {
                Some(action) if action.only_looks() => self.apply(action),
                _ => self.tell_busy(),
            },
        }
    }

    pub(super) fn key_map(&self) -> KeyMap {
        let view = self.course.as_ref().map_or(CertView::Active, |course| course.certificates.view);
        KeyMap::of(self.tab, view, self.editor.is_some())
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit_asking(),
            Action::QuitDiscarding => self.quit_discarding(),
            Action::NextTab => self.show_tab(self.tab.next()),
            Action::PrevTab => self.show_tab(self.tab.prev()),
            Action::ShowTab(tab) => self.show_tab(tab),
            Action::Move(motion) => self.move_selection(motion),
            Action::ColumnLeft => self.move_column(false),
            Action::ColumnRight => self.move_column(true),
            Action::Resize(width, height) => self.resize(width, height),
            Action::OpenFilter => self.open_filter(),
            Action::Filter(query) => self.set_filter(&query),
            Action::ClearFilter => self.clear_filter(),
            Action::OpenHelp => self.open_help(),
            Action::OpenCourses => self.open_courses(),
            Action::SwitchCourse(id) => self.switch_course(id),
            Action::ClosePopup => self.close_popup(),
            Action::CancelJob => self.cancel_job(),
            Action::Confirm(action) => self.ask(*action),
            Action::Activate => self.activate(),
            Action::EditScore => self.edit_score(),
            Action::SetScore { username, activity, points } => self.set_score(&username, &activity, points),
            Action::ClearScore => self.clear_score(),
            Action::AskAllow => self.ask_allow(),
            Action::SetAllowed { username, allowed } => self.set_allowed(&username, allowed),
            Action::SortByColumn => self.sort_by_column(),
            Action::ShowLearner => self.show_learner(),
            Action::ShowEvent => self.show_event(),
            Action::OpenImport => self.popup = Some(Popup::Import(super::popup::ImportForm::new())),
            Action::Import(request) => self.start_job(Job::Import { request, confirmed: false }, None),
            Action::ImportConfirmed(request) => self.start_job(Job::Import { request, confirmed: true }, None),
            Action::WriteDraft(request) => self.write_draft(&request),
            Action::AskGenerate => self.ask(Action::Generate),
            Action::Generate => self.start_course_job(Job::Generate),
            Action::AskRegenerate => self.ask(Action::Regenerate(crate::ops::Target::Stale)),
            Action::Regenerate(target) => self.start_course_job(Job::Regenerate(target)),
            Action::AskDeleteSelected => self.ask_delete_selected(),
            Action::AskDeleteAll => self.ask(Action::Delete(crate::ops::DeleteTarget::All)),
            Action::Delete(target) => self.start_course_job(Job::Delete(target)),
            Action::ToggleHistory => self.toggle_view(CertView::History),
            Action::ToggleExamples => self.toggle_view(CertView::Examples),
            Action::GenerateExamples => self.start_course_job(Job::Examples),
            Action::OpenVerify => self.open_prompt(PromptKind::VerifyCode, "Verify a code", ""),
            Action::Verify(code) => self.verify(code),
            Action::OpenExport => self.open_export(),
            Action::Export(path) => self.export(path),
            Action::AskMail => self.ask_mail(),
            Action::Mail => self.start_course_job(Job::Mail),
            Action::View => self.view_selected(),
            Action::AskWritePdf(code) => {
                let preview = self.popup.take();
                self.open_prompt(PromptKind::WritePdf(code), "Write PDF", format!("./{code}.pdf"));
                self.behind_prompt = preview;
            }
            Action::WritePdf(code, path) => self.write_pdf(code, &path),
            Action::OpenSettings => self.open_settings(),
            Action::AskThreshold => self.ask_threshold(),
            Action::AskVerifyUrl => self.ask_verify_url(),
            Action::ToggleIssuance => self.toggle_issuance(),
            Action::AskSelfGeneration => self.ask_self_generation(),
            Action::AskTemplate(mode) => self.ask_template(mode),
            Action::ChangeSettings(change) => self.change_settings(&change),
            Action::AssignTemplate(mode, name) => self.start_course_job(Job::AssignTemplate(mode, name)),
            Action::OpenTemplate => self.open_template(),
            Action::AskNewTemplate => self.ask_new_template(),
            Action::NewTemplate { name, from } => self.new_template(&name, &from),
            Action::AskDeleteTemplate => self.ask_delete_template(),
            Action::DeleteTemplate(name) => self.delete_template(&name),
            Action::SaveTemplate => self.save_template(false),
            Action::SaveTemplateOver => self.save_template(true),
            Action::LeaveEditor => self.leave_editor(),
            Action::DiscardEdits => self.discard_edits(),
            Action::RestoreTemplateDraft(name) => self.restore_draft(&name),
            Action::ThrowTemplateDraftAway(name) => self.throw_draft_away(&name),
        }
    }

    fn show_tab(&mut self, tab: Tab) {
        self.tab = tab;
        if tab == Tab::Templates {
            self.load_templates();
        }
        if matches!(self.popup, Some(Popup::Prompt(Prompt { kind: PromptKind::Filter, .. }))) {
            self.popup = None;
        }
    }

    /// Closes the popup: a `w` prompt goes back to the preview it was opened from.
    fn close_popup(&mut self) {
        let writing =
            matches!(&self.popup, Some(Popup::Prompt(prompt)) if matches!(prompt.kind, PromptKind::WritePdf(_)));
        self.popup = if writing { self.behind_prompt.take() } else { None };
    }

    pub(super) fn open_prompt(&mut self, kind: PromptKind, title: &str, initial: impl Into<String>) {
        self.popup = Some(Popup::Prompt(Prompt::new(kind, title, initial)));
    }
}
