//! The Templates tab's handlers: the list of templates, opening one in the editor, making a
//! new one from a copy, saving a revision, not losing edits on the way out, and deleting a
//! template nothing uses.

use std::time::Instant;

use ratatui::layout::Rect;

use super::action::Action;
use super::app::{App, Tone};
use super::editor::TemplateEditor;
use super::list::Motion;
use super::popup::{ConfirmDialog, Popup, Prompt, PromptKind};
use super::templates::TemplatesView;
use super::worker::Job;
use crate::domain::{Mode, Percent, TemplateRevision};
use crate::ops::{self, Printer};
use crate::render::defaults::DEFAULTS;

impl App {
    /// Reads the templates again, and which revision the open course prints with now: a
    /// revision saved here or by someone else is what its next certificates print with.
    pub(super) fn load_templates(&mut self) {
        match ops::list_templates(&self.store) {
            Ok(templates) => {
                self.template_selected = self.template_selected.min(templates.len().saturating_sub(1));
                self.templates = templates;
                if let Some(editor) = &mut self.editor {
                    editor.newest_is(self.templates.iter().find(|summary| summary.name == editor.name));
                }
            }
            Err(error) => return self.fail(error),
        }
        let Some(course) = &mut self.course else { return };
        match ops::current_templates(&self.store, &course.state.settings) {
            Ok(templates) => {
                course.state.templates = templates;
                course.blocker =
                    ops::examples_blocker(&course.state, course.examples.as_ref(), super::course::REMAKE_EXAMPLES);
            }
            Err(error) => self.fail(error),
        }
    }

    pub(super) fn move_template_selection(&mut self, motion: Motion) {
        let last = self.templates.len().saturating_sub(1);
        let page = self.templates_view().map_or(self.page(), |(view, area)| view.room(area)).max(1);
        let selected = self.template_selected;
        self.template_selected = match motion {
            Motion::Up => selected.saturating_sub(1),
            Motion::Down => (selected + 1).min(last),
            Motion::PageUp => selected.saturating_sub(page),
            Motion::PageDown => (selected + page).min(last),
            Motion::Top => 0,
            Motion::Bottom => last,
        };
        // Scrolled as little as it takes to keep the selection on screen.
        if let Some((view, area)) = self.templates_view() {
            self.template_offset = view.first_shown(area);
        }
    }

    /// The templates tab as it is drawn now, and where.
    fn templates_view(&self) -> Option<(TemplatesView<'_>, Rect)> {
        let view = TemplatesView {
            state: self.course.as_ref().map(|course| &course.state),
            templates: &self.templates,
            selected: self.template_selected,
            offset: self.template_offset,
            theme: self.theme,
        };
        let (width, height) = self.size;
        Some((view, super::frame::body_area(Rect::new(0, 0, width, height))))
    }

    /// Opens the selected template's newest revision in the editor; asks first, when its user
    /// left a draft of it, whether to restore that or throw it away.
    pub(super) fn open_template(&mut self) {
        let Some(summary) = self.templates.get(self.template_selected) else {
            return self.tell("There are no templates.", Tone::Info);
        };
        let name = summary.name.clone();
        let revision = match self.store.latest_template(&name) {
            Ok(Some(revision)) => revision,
            Ok(None) => return self.fail(format!("template {name} is gone")),
            Err(error) => return self.fail(error),
        };
        if self.ask_about_draft(&revision) {
            return;
        }
        if self.edit_revision(&revision) {
            self.tell(
                format!("Editing {name} revision {}: Ctrl-S saves a new revision, Esc leaves.", revision.revision),
                Tone::Info,
            );
        }
    }

    /// Opens `revision` in the editor; false (having said why) when it cannot be.
    pub(super) fn edit_revision(&mut self, revision: &TemplateRevision) -> bool {
        let printer = match Printer::with_fonts(&self.store, self.renderer.printer().fonts.clone()) {
            Ok(printer) => printer,
            Err(error) => {
                self.fail(error);
                return false;
            }
        };
        let names = self
            .course
            .as_ref()
            .map(|course| course.state.learners.iter().map(|s| s.enrollment.full_name.clone()).collect())
            .unwrap_or_default();
        let example = self.course.as_ref().map(|course| {
            let (course, settings) = (&course.state.course, &course.state.settings);
            ops::example_data(course, settings, "Alex Sample", Mode::Verified, Percent::FULL, self.context().now)
        });
        self.editor = Some(TemplateEditor::new(revision, printer, names, example, self.graphics));
        // Read again, so that the title says at once when a draft reopened an older revision.
        self.load_templates();
        self.tick();
        true
    }

    /// Asks the name of a new template, a copy of the selected one (of the built-in honor
    /// design when the database has none).
    pub(super) fn ask_new_template(&mut self) {
        let from = self.templates.get(self.template_selected).map_or("honor", |summary| summary.name.as_str());
        self.new_template_prompt(from.to_string(), "", None);
    }

    /// The prompt for a new template's name, copied from `from`, with `typed` in it and why
    /// it was refused, if it was; the names the templates have now are refused in it.
    fn new_template_prompt(&mut self, from: String, typed: &str, error: Option<String>) {
        let taken = self.templates.iter().map(|summary| summary.name.clone()).collect();
        let title = format!("New template, a copy of {from}: its name");
        let mut prompt = Prompt::new(PromptKind::NewTemplate { from, taken }, title, typed);
        prompt.error = error;
        self.popup = Some(Popup::Prompt(prompt));
    }

    /// Saves the newest text of template `from` as revision 1 of `name`, checked as `template
    /// save` checks it, and opens it in the editor. A name someone took since the prompt
    /// opened keeps the prompt open, saying so.
    pub(super) fn new_template(&mut self, name: &str, from: &str) {
        self.popup = None;
        let taken = match self.store.latest_template(name) {
            Ok(latest) => latest.is_some(),
            Err(error) => return self.fail(error),
        };
        if taken {
            self.load_templates();
            let why = format!("there is a template called {name} already: type another name");
            return self.new_template_prompt(from.to_string(), name, Some(why));
        }
        let (source, copied) = match self.store.latest_template(from) {
            Ok(Some(latest)) => (latest.source, format!("{from} revision {}", latest.revision)),
            // No template saved at all: the built-in design the database would have had.
            Ok(None) => match DEFAULTS.iter().find(|(built_in, _)| *built_in == from) {
                Some((_, source)) => (source.to_string(), format!("the built-in {from} design")),
                None => return self.fail(format!("template {from} is gone: it was deleted since the list was read")),
            },
            Err(error) => return self.fail(error),
        };
        let printer = match Printer::with_fonts(&self.store, self.renderer.printer().fonts.clone()) {
            Ok(printer) => printer,
            Err(error) => return self.fail(error),
        };
        if let Err(error) = ops::save_template(&self.store, &printer, name, &source, &self.context()) {
            return self.fail(error);
        }
        self.load_templates();
        self.reload_after_template_change();
        if let Some(index) = self.templates.iter().position(|summary| summary.name == name) {
            self.template_selected = index;
        }
        self.open_template();
        self.tell(
            format!(
                "Made {name}, a copy of {copied}: Ctrl-S saves your edits. A course prints with it once it is chosen in its settings (certificates tab, s)."
            ),
            Tone::Success,
        );
    }

    /// Asks before deleting the selected template, naming what goes; says instead why it
    /// cannot go (built in, printed with by a course, or needed by certificates). Finding
    /// the certificates printed with it reads them all, on the worker thread.
    pub(super) fn ask_delete_template(&mut self) {
        let Some(name) = self.templates.get(self.template_selected).map(|summary| summary.name.clone()) else {
            return self.tell("There are no templates.", Tone::Info);
        };
        self.start_job(Job::CheckTemplateDeletion(name), None);
    }

    /// The confirmation once nothing was found to use template `name`.
    pub(super) fn confirm_template_deletion(&mut self, name: String, revisions: u32) {
        let what = match revisions {
            1 => format!("Delete the template {name} and its revision?"),
            count => format!("Delete the template {name} and its {count} revisions?"),
        };
        let mut lines = vec![
            what,
            "No course prints with it and no certificate was printed with it.".to_string(),
            "This cannot be undone; the log (tab 4) keeps a note of it.".to_string(),
        ];
        match ops::drafts_kept_at_deletion(&self.store, &name, &self.actor) {
            Ok(drafts) => lines.extend(drafts.lines()),
            Err(error) => return self.fail(error),
        }
        let title = format!("Delete template {name}");
        self.popup = Some(Popup::Confirm(ConfirmDialog::new(title, lines, Action::DeleteTemplate(name))));
    }

    /// Deletes template `name` on the worker thread: the store looks again for what uses it.
    pub(super) fn delete_template(&mut self, name: &str) {
        self.start_job(Job::DeleteTemplate(name.to_string()), None);
    }

    /// The course shown again after a template was saved or deleted: its log gains the
    /// database's event, and the certificates pane's templates and examples are read anew.
    pub(super) fn reload_after_template_change(&mut self) {
        let course = self.course.as_ref().map(|course| course.id().to_string());
        if course.is_some() && self.worker.is_none() {
            self.start_job(Job::Load, course);
        }
    }

    pub(super) fn leave_editor(&mut self) {
        let Some(editor) = &self.editor else { return };
        if editor.undid_restored_draft() {
            let title = format!("Leave {} and throw away your restored edits?", editor.name);
            let lines = vec![format!(
                "Undo took out the edits restored from your draft of {}: Ctrl-R puts them back; leaving throws them away.",
                editor.name
            )];
            self.popup = Some(Popup::Confirm(ConfirmDialog::new(title, lines, Action::DiscardEdits).losing_edits()));
            return;
        }
        if !editor.is_modified() {
            self.forget_draft();
            self.editor = None;
            return;
        }
        if let Some(kept) = self.saved_by_someone() {
            self.forget_draft();
            self.editor = None;
            return self.tell(kept, Tone::Info);
        }
        let Some(editor) = &self.editor else { return };
        let title = format!("Leave {} without saving?", editor.name);
        let lines = vec![format!("Your edits to {} since revision {} will be lost.", editor.name, editor.revision)];
        self.popup = Some(Popup::Confirm(ConfirmDialog::new(title, lines, Action::DiscardEdits).losing_edits()));
    }

    pub(super) fn discard_edits(&mut self) {
        self.popup = None;
        self.forget_draft();
        self.editor = None;
    }

    /// Quits as asked, unsaved edits with it: there is no draft of them to be asked about later.
    pub(super) fn quit_discarding(&mut self) {
        self.forget_draft();
        self.editor = None;
        self.quit = true;
    }

    pub(super) fn quit_asking(&mut self) {
        let lost = self.editor.as_ref().is_some_and(|editor| {
            editor.undid_restored_draft() || (editor.is_modified() && self.saved_by_someone().is_none())
        });
        match &self.editor {
            Some(editor) if lost => {
                let title = "Quit without saving?".to_string();
                let lines = vec![format!("The template {} has unsaved edits; they will be lost.", editor.name)];
                self.popup =
                    Some(Popup::Confirm(ConfirmDialog::new(title, lines, Action::QuitDiscarding).losing_edits()));
            }
            _ => self.apply(Action::QuitDiscarding),
        }
    }

    /// Re-checks and re-renders the edited template once typing pauses.
    pub fn tick(&mut self) {
        let pane = super::frame::body_area(Rect::new(0, 0, self.size.0, self.size.1));
        if let Some(editor) = &mut self.editor {
            editor.tick(Instant::now(), pane);
        }
        self.write_due_draft();
        self.publish_unsaved();
        self.reload_at_the_course_end();
    }

    /// Whether something waits for a short timer (the editor's debounce).
    pub fn is_waiting(&self) -> bool {
        self.editor.as_ref().is_some_and(TemplateEditor::is_pending)
    }
}
