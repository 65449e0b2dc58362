//! Saving the editor's text as a new revision, and what Ctrl-S says when the template changed
//! in the store since the editor opened it: a colleague saved a revision (perhaps this very
//! text), deleted the template, or deleted it and made it again.

use super::action::Action;
use super::app::{App, Tone};
use super::popup::{ConfirmDialog, Popup};
use crate::domain::{TemplateRevision, when_utc};
use crate::ops;

/// The store's template beside the revision the editor holds. Told apart by each revision's
/// number and the moment it was saved, not by its text: a template made again after a
/// deletion can have a revision of the same number, even the same text, and still be another.
enum SinceOpened {
    /// The revision the editor holds is still the newest.
    Held,
    /// A revision came since with the very text in the editor (a colleague made the same fix).
    SameText(TemplateRevision),
    /// Someone saved a newer revision of the template the editor holds.
    Newer(TemplateRevision),
    /// Someone deleted the template.
    Deleted,
    /// Someone deleted it and made it again: its newest revision is another template's.
    Remade(TemplateRevision),
}

impl App {
    /// Saves the editor's text as a new revision; unless `over_newer`, first asks when
    /// someone saved a revision since the one being edited, whose changes this one drops, or
    /// deleted the template (and perhaps made it again).
    pub(super) fn save_template(&mut self, over_newer: bool) {
        self.popup = None;
        let Some(editor) = &mut self.editor else { return };
        editor.refresh();
        if editor.has_errors() {
            let first = editor.diagnostics.first().map(|d| d.to_string()).unwrap_or_default();
            return self.fail(format!("Not saved: the template has errors (first: {first})."));
        }
        let since = match self.since_opened() {
            Ok(since) => since,
            Err(error) => return self.fail(error),
        };
        let Some(editor) = &self.editor else { return };
        let (name, held, modified) = (editor.name.clone(), editor.revision, editor.is_modified());
        match since {
            SinceOpened::SameText(latest) => self.hold_same_text(&latest),
            SinceOpened::Held if !modified => {
                self.tell(format!("Nothing to save: no edits since revision {held}."), Tone::Info)
            }
            SinceOpened::Newer(latest) | SinceOpened::Remade(latest) if !modified => self.tell(
                format!(
                    "Nothing to save: your text is revision {held}'s as you opened it; {} saved revision {} since (Esc, then Enter edits it).",
                    latest.saved_by, latest.revision
                ),
                Tone::Info,
            ),
            SinceOpened::Deleted if !modified => self.tell(
                format!(
                    "Nothing to save: no edits since revision {held}, and someone deleted {name} since you opened it (the log, tab 4, says who)."
                ),
                Tone::Info,
            ),
            SinceOpened::Newer(latest) if !over_newer => self.ask_saving_over_newer(&latest),
            SinceOpened::Deleted if !over_newer => self.ask_making_again(),
            SinceOpened::Remade(latest) if !over_newer => self.ask_saving_over_remade(&latest),
            SinceOpened::Held | SinceOpened::Newer(_) | SinceOpened::Deleted | SinceOpened::Remade(_) => {
                self.save_revision()
            }
        }
    }

    /// Where the store's template stands beside the revision the editor holds.
    fn since_opened(&self) -> Result<SinceOpened, String> {
        let Some(editor) = &self.editor else { return Ok(SinceOpened::Held) };
        let latest = match self.store.latest_template(&editor.name) {
            Ok(Some(latest)) => latest,
            Ok(None) => return Ok(SinceOpened::Deleted),
            Err(error) => return Err(error.to_string()),
        };
        if editor.holds(&latest) {
            return Ok(SinceOpened::Held);
        }
        if editor.is_text_of(&latest) {
            return Ok(SinceOpened::SameText(latest));
        }
        match self.store.template_revision(&editor.name, editor.revision) {
            Ok(Some(held)) if editor.holds(&held) => Ok(SinceOpened::Newer(latest)),
            Ok(_) => Ok(SinceOpened::Remade(latest)),
            Err(error) => Err(error.to_string()),
        }
    }

    /// What to say when the edited text, though not the revision held, is the newest
    /// revision's, which a colleague saved since (the same fix): leaving loses nothing, and
    /// asking "will be lost" would not be true.
    pub(super) fn saved_by_someone(&self) -> Option<String> {
        let editor = self.editor.as_ref()?;
        let latest = self.store.latest_template(&editor.name).ok()??;
        editor.is_text_of(&latest).then(|| {
            format!(
                "Nothing lost: your text is {} revision {}, which {} saved on {}.",
                editor.name,
                latest.revision,
                latest.saved_by,
                when_utc(latest.saved_at)
            )
        })
    }

    /// The text in the editor is `latest`'s, saved by someone since: nothing is saved, and the
    /// editor holds that revision from now on (its next Ctrl-S asks about nothing).
    fn hold_same_text(&mut self, latest: &TemplateRevision) {
        let Some(editor) = &mut self.editor else { return };
        editor.saved_as(latest.revision, latest.saved_at);
        let name = editor.name.clone();
        self.forget_draft();
        self.load_templates();
        self.tell(
            format!(
                "Nothing to save: {} saved this very text as {name} revision {} on {}; you are editing that revision now.",
                latest.saved_by,
                latest.revision,
                when_utc(latest.saved_at)
            ),
            Tone::Info,
        );
    }

    fn ask_saving_over_newer(&mut self, latest: &TemplateRevision) {
        let Some(editor) = &self.editor else { return };
        let name = &editor.name;
        let title = format!("{} saved {name} revision {} since", latest.saved_by, latest.revision);
        let lines = vec![
            format!(
                "You are editing revision {}. Saving yours as revision {} leaves out what revision {} changed (it stays in the history).",
                editor.revision,
                latest.revision + 1,
                latest.revision
            ),
            "Save yours anyway?".to_string(),
        ];
        self.popup = Some(Popup::Confirm(ConfirmDialog::new(title, lines, Action::SaveTemplateOver)));
    }

    /// Someone deleted it meanwhile: saving makes it again, which they should know.
    fn ask_making_again(&mut self) {
        let Some(editor) = &self.editor else { return };
        let name = &editor.name;
        let title = format!("{name} was deleted since you opened it");
        let lines = vec![
            format!(
                "Someone deleted the template {name} and its revisions while you edited revision {} (the log, tab 4, says who).",
                editor.revision
            ),
            format!("Saving makes {name} again, with your text as its revision 1. Save it?"),
        ];
        self.popup = Some(Popup::Confirm(ConfirmDialog::new(title, lines, Action::SaveTemplateOver)));
    }

    /// Deleted and made again meanwhile (revision 1, 2, ... of another template): the
    /// numbers alone can look as if no one else had saved.
    fn ask_saving_over_remade(&mut self, latest: &TemplateRevision) {
        let Some(editor) = &self.editor else { return };
        let name = &editor.name;
        let title = format!("{name} was deleted and made again since you opened it");
        let (theirs, saving) = if editor.is_the_text_opened(&latest.source) {
            (
                format!("its revision {} has the very text you opened", latest.revision),
                format!("Saving makes yours its revision {}. Save it?", latest.revision + 1),
            )
        } else {
            (
                format!("its revision {} is another text", latest.revision),
                format!(
                    "Saving yours as revision {} leaves out what theirs has (it stays in the history). Save yours anyway?",
                    latest.revision + 1
                ),
            )
        };
        let lines = vec![
            format!(
                "Someone deleted the template {name} while you edited revision {}, and {} made it again: {theirs} (the log, tab 4, says who).",
                editor.revision, latest.saved_by
            ),
            saving,
        ];
        self.popup = Some(Popup::Confirm(ConfirmDialog::new(title, lines, Action::SaveTemplateOver)));
    }

    fn save_revision(&mut self) {
        let context = self.context();
        let Some(editor) = &mut self.editor else { return };
        let (name, text) = (editor.name.clone(), editor.text());
        match ops::save_template(&self.store, editor.printer(), &name, &text, &context) {
            Ok((revision, warnings)) => {
                // The revision now held, as stored: the one just saved (at this moment), or
                // the newest when it already had this very text and nothing was saved.
                let saved_at = match self.store.template_revision(&name, revision) {
                    Ok(Some(held)) => held.saved_at,
                    Ok(None) | Err(_) => context.now,
                };
                editor.saved_as(revision, saved_at);
                self.forget_draft();
                self.load_templates();
                self.reload_after_template_change();
                match warnings.first() {
                    None => self.tell(
                        format!("Saved {name} revision {revision}; certificates issued earlier keep theirs."),
                        Tone::Success,
                    ),
                    // Saved, but not silently: a warning may be a certificate verify will refuse.
                    Some(first) => self.tell(
                        format!(
                            "Saved {name} revision {revision} with {} (first: {first}).",
                            crate::domain::counted(warnings.len(), "warning", "warnings")
                        ),
                        Tone::Info,
                    ),
                }
            }
            Err(error) => self.fail(error),
        }
    }
}
