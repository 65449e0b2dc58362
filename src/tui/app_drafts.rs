//! Drafts of the template being edited: written a few seconds after typing and when certdesk
//! is ended under the editor (a closed terminal, a dropped SSH connection, SIGTERM), offered
//! back the next time its user opens that template, and removed once the text is saved or
//! thrown away on purpose.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::app::{App, Tone};
use super::editor::DraftWrite;
use super::popup::{DraftQuestion, Popup};
use crate::domain::{TemplateDraft, TemplateRevision, when_utc};
use crate::store::Store;

/// The editor's unsaved text as the draft it would be, shared with the thread that ends the
/// process when the terminal hangs up.
pub type Unsaved = Arc<Mutex<Option<TemplateDraft>>>;

/// Keeps the unsaved text as a draft, as a hung-up terminal ends the process: nobody is left
/// to tell should that fail.
pub fn keep_unsaved(store: &Store, unsaved: &Unsaved) {
    if let Some(draft) = unsaved.lock().ok().and_then(|mut unsaved| unsaved.take()) {
        let _ = store.keep_template_draft(&draft);
    }
}

impl App {
    /// Asks what to do with the draft this user left of `latest`'s template, if one differs
    /// from it; true when the question is asked (the template stays closed until answered).
    pub(super) fn ask_about_draft(&mut self, latest: &TemplateRevision) -> bool {
        let draft = match self.store.template_draft(&latest.name, &self.actor) {
            Ok(Some(draft)) => draft,
            Ok(None) => return false,
            Err(error) => {
                self.fail(format!("Could not look for a draft of {}: {error}", latest.name));
                return true;
            }
        };
        // The very text saved since (by this user in another certdesk, say): nothing to lose.
        if draft.text.trim_end() == latest.source.trim_end() {
            if let Err(error) = self.store.drop_template_draft(&latest.name, &self.actor) {
                self.fail(error);
            }
            return false;
        }
        let base = match self.store.template_revision(&latest.name, draft.revision) {
            Ok(base) => base,
            Err(error) => {
                self.fail(error);
                return true;
            }
        };
        let title = format!("Unsaved edits to {} from {}", latest.name, when_utc(draft.written_at));
        let lines = question_lines(&draft, base.as_ref(), latest);
        self.popup = Some(Popup::Draft(DraftQuestion::new(latest.name.clone(), title, lines)));
        true
    }

    /// Opens the template with the draft its user left in place of the saved text: edited from
    /// the revision the draft was made from, so that saving asks first when one came since.
    pub(super) fn restore_draft(&mut self, name: &str) {
        self.popup = None;
        let found = self.store.template_draft(name, &self.actor).and_then(|draft| {
            let Some(draft) = draft else { return Ok(None) };
            let base = self.store.template_revision(name, draft.revision)?;
            let latest = self.store.latest_template(name)?;
            Ok(Some((draft, base, latest)))
        });
        let (draft, base, latest) = match found {
            Ok(Some((draft, base, Some(latest)))) => (draft, base, latest),
            Ok(Some((_, _, None))) => return self.fail(format!("template {name} is gone")),
            Ok(None) => {
                return self.fail(format!("There is no draft of {name} any more (restored or thrown away elsewhere)."));
            }
            Err(error) => return self.fail(error),
        };
        // The revision it was typed over, unless that template is gone (deleted, and made
        // again since): then the newest of the one there is now, which the question said the
        // draft's text would replace.
        let typed_over = base.filter(|base| draft.was_typed_over(base) && base.revision <= latest.revision);
        let remade = typed_over.is_none();
        let base = typed_over.unwrap_or_else(|| latest.clone());
        if !self.edit_revision(&base) {
            return;
        }
        if let Some(editor) = &mut self.editor {
            editor.restore_draft(&draft.text);
        }
        let when = when_utc(draft.written_at);
        let text = if remade {
            format!(
                "Restored your edits from {when}, typed over the {name} deleted since: Ctrl-S saves them as revision {} of the {name} there is now, in place of its text.",
                latest.revision + 1
            )
        } else if latest.revision > base.revision {
            format!(
                "Restored your edits of revision {} from {when}; {name} has a revision {} since: Ctrl-S asks before leaving out its changes.",
                base.revision, latest.revision
            )
        } else {
            format!(
                "Restored your edits from {when}: Ctrl-S saves them as revision {}, Ctrl-U takes them out again.",
                latest.revision + 1
            )
        };
        self.tell(text, Tone::Info);
    }

    /// Throws away the draft the user left of template `name` and opens its newest revision.
    pub(super) fn throw_draft_away(&mut self, name: &str) {
        self.popup = None;
        if let Err(error) = self.store.drop_template_draft(name, &self.actor) {
            return self.fail(error);
        }
        let latest = match self.store.latest_template(name) {
            Ok(Some(latest)) => latest,
            Ok(None) => return self.fail(format!("template {name} is gone")),
            Err(error) => return self.fail(error),
        };
        if self.edit_revision(&latest) {
            self.tell(
                format!("Threw your unsaved edits away; editing {name} revision {}.", latest.revision),
                Tone::Info,
            );
        }
    }

    pub fn unsaved_text(&self) -> Unsaved {
        Arc::clone(&self.unsaved)
    }

    /// Shares the editor's text, when it changed, as the draft a hung-up terminal's ending
    /// keeps; none once the editor is closed or its text saved.
    pub(super) fn publish_unsaved(&mut self) {
        let now = self.context().now;
        let draft = match &mut self.editor {
            None => None,
            Some(editor) => {
                if !editor.take_unpublished() {
                    return;
                }
                editor.is_modified().then(|| TemplateDraft {
                    name: editor.name.clone(),
                    login: self.actor.clone(),
                    revision: editor.revision,
                    base_saved_at: Some(editor.revision_saved_at),
                    text: editor.text(),
                    written_at: now,
                })
            }
        };
        if let Ok(mut unsaved) = self.unsaved.lock() {
            *unsaved = draft;
        }
    }

    /// Writes the editor's draft when its time has come.
    pub(super) fn write_due_draft(&mut self) {
        let Some(write) = self.editor.as_mut().and_then(|editor| editor.due_draft(Instant::now())) else { return };
        if let Err(error) = self.write_template_draft(&write) {
            self.fail(error);
        }
    }

    /// Keeps the unsaved text of the editor as a draft, as certdesk ends under it: what to
    /// tell on the way out (what was kept, or why it could not be).
    pub fn keep_draft(&mut self) -> Option<String> {
        let editor = self.editor.as_ref()?;
        let name = editor.name.clone();
        let write = editor.draft_now();
        let kept = editor.is_modified();
        if let Some(write) = write
            && let Err(error) = self.write_template_draft(&write)
        {
            return Some(format!("{error}; they are lost."));
        }
        kept.then(|| format!("Kept your unsaved edits to {name} as a draft: opening {name} again offers them back."))
    }

    /// Removes the draft of the editor's template, as its text is saved or thrown away.
    pub(super) fn forget_draft(&mut self) {
        if let Ok(mut unsaved) = self.unsaved.lock() {
            *unsaved = None;
        }
        let Some(editor) = &mut self.editor else { return };
        if !editor.has_draft() {
            return;
        }
        let name = editor.name.clone();
        match self.store.drop_template_draft(&name, &self.actor) {
            Ok(()) => editor.draft_written(&DraftWrite::Drop),
            Err(error) => self.fail(format!("Could not remove the draft of {name}: {error}")),
        }
    }

    fn write_template_draft(&mut self, write: &DraftWrite) -> Result<(), String> {
        let now = self.context().now;
        let Some(editor) = &mut self.editor else { return Ok(()) };
        let name = editor.name.clone();
        let written = match write {
            DraftWrite::Keep(text) => {
                let draft = TemplateDraft {
                    name: name.clone(),
                    login: self.actor.clone(),
                    revision: editor.revision,
                    base_saved_at: Some(editor.revision_saved_at),
                    text: text.clone(),
                    written_at: now,
                };
                self.store.keep_template_draft(&draft)
            }
            DraftWrite::Drop => self.store.drop_template_draft(&name, &self.actor),
        };
        match written {
            Ok(()) => {
                editor.draft_written(write);
                Ok(())
            }
            Err(error) => Err(format!("Could not keep your unsaved edits to {name} as a draft: {error}")),
        }
    }
}

/// What the question says of `draft`: when and from which revision it was made, whether that
/// is still the newest, whether a revision came since (and who saved it) or the template it
/// was typed over was deleted and this one made again, and where its text first differs.
pub(super) fn question_lines(
    draft: &TemplateDraft,
    base: Option<&TemplateRevision>,
    latest: &TemplateRevision,
) -> Vec<String> {
    let name = &draft.name;
    let mut lines = vec![format!(
        "You edited {name} revision {} until {}, and certdesk ended (a closed terminal, a dropped connection) before the edits were saved or thrown away.",
        draft.revision,
        when_utc(draft.written_at)
    )];
    let saved = format!("saved by {} on {}", latest.saved_by, when_utc(latest.saved_at));
    let typed_over = base.filter(|base| draft.was_typed_over(base));
    let first_change = match typed_over {
        Some(base) if base.revision == latest.revision => {
            lines.push(format!("Revision {} is still the newest.", latest.revision));
            first_difference(&base.source, &draft.text).map(|line| format!("Its first change is on line {line}."))
        }
        Some(base) => {
            lines.push(format!(
                "The draft is older than revision {}, {saved}: restored and saved, it would leave out what that revision changed (Ctrl-S asks first).",
                latest.revision
            ));
            first_difference(&base.source, &draft.text).map(|line| format!("Its first change is on line {line}."))
        }
        // Its revision is gone, or one of that number was saved since by another template of
        // the name: the numbers alone would say the draft is over the newest.
        None => {
            lines.push(format!(
                "{name} was deleted since and made again: its revision {} ({saved}) is another template than the one you edited. Restored and saved, the draft's text would become its revision {}, in place of what that one has (it stays in the history).",
                latest.revision,
                latest.revision + 1
            ));
            first_difference(&latest.source, &draft.text)
                .map(|line| format!("It first differs from {name} revision {} on line {line}.", latest.revision))
        }
    };
    lines.extend(first_change);
    lines.push(String::new());
    lines.push(format!(
        "r opens {name} with the draft's text (Ctrl-S then saves it) · d throws the draft away and opens revision {} · Esc leaves both as they are, asked again next time.",
        latest.revision
    ));
    lines
}

/// The first line (from 1) where `after` differs from `before`, if it does.
fn first_difference(before: &str, after: &str) -> Option<usize> {
    let (mut old, mut new) = (before.trim_end().lines(), after.trim_end().lines());
    let mut line = 1;
    loop {
        match (old.next(), new.next()) {
            (None, None) => return None,
            (a, b) if a != b => return Some(line),
            _ => line += 1,
        }
    }
}
