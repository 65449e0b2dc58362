//! What the app does for the certificates pane: asking before it acts (the questions are in
//! `confirmations`), verification, previews, export and settings.

use std::path::Path;

use super::action::Action;
use super::app::{App, NO_COURSE, Tone};
use super::certificates::CertView;
use super::confirmations::{NO_ACTIVE, no_active};
use super::course::Loaded;
use super::paths;
use super::popup::{
    ConfirmDialog, MessageDialog, Popup, PreviewPopup, Prompt, PromptKind, SettingsPopup, TemplatePicker, picture_room,
};
use super::renderer::{Picture, PictureSize, Subject};
use crate::domain::{CertificateStatus, Code, IssuancePolicy, Mode};
use crate::ops::{self, DeleteTarget, SettingsChange};
use crate::render::graphics::Protocol;

impl App {
    /// Opens the dialog that asks before `action`, or says why there is nothing to do.
    pub(super) fn ask(&mut self, action: Action) {
        let now = self.context().now;
        self.confirm(|course| super::confirmations::confirmation(course, &action, now));
    }

    /// The mail dialog, with the mail settings as they are now (they belong to the database,
    /// not the course, and may have changed since the course was loaded).
    pub(super) fn ask_mail(&mut self) {
        match self.store.mail_settings() {
            Ok(settings) => {
                let store = self.store.clone();
                self.confirm(|course| super::confirmations::mail_confirmation(course, &settings, &store))
            }
            Err(error) => self.fail(error),
        }
    }

    /// Opens the confirmation `dialog` makes for the course, or says why there is nothing to do.
    fn confirm(&mut self, dialog: impl FnOnce(&Loaded) -> Result<ConfirmDialog, String>) {
        let Some(course) = &self.course else {
            return self.tell(NO_COURSE, Tone::Info);
        };
        match dialog(course) {
            Ok(dialog) => self.popup = Some(Popup::Confirm(dialog)),
            Err(text) => self.tell(text, Tone::Info),
        }
    }

    pub(super) fn ask_delete_selected(&mut self) {
        let Some(course) = &self.course else { return };
        let selected = course.certificates.selected(&course.state);
        match selected {
            Some((standing, entry)) if entry.status == crate::domain::CertificateStatus::Issued => {
                let target =
                    DeleteTarget::Shown { username: standing.username().to_string(), code: entry.certificate.code };
                self.ask(Action::Delete(target));
            }
            Some(_) => {
                self.tell("That certificate is no longer in force; only active ones can be deleted.", Tone::Info)
            }
            None if course.certificates.active_count() == 0 => self.tell(format!("{NO_ACTIVE} to delete."), Tone::Info),
            None => self.tell("Select a certificate to delete.", Tone::Info),
        }
    }

    pub(super) fn toggle_view(&mut self, view: CertView) {
        let Some(course) = &mut self.course else { return self.tell(NO_COURSE, Tone::Info) };
        let pane = &mut course.certificates;
        pane.view = if pane.view == view { CertView::Active } else { view };
    }

    pub(super) fn verify(&mut self, code: Code) {
        self.popup = None;
        match ops::verify(&self.store, code) {
            Ok(verification) => {
                let mut lines = super::verdict::lines(&verification);
                lines.extend(self.staff_note(&verification.verdict).map(|note| super::verdict::labelled("now", &note)));
                let title = format!("{code}: {}", super::verdict::word(&verification.verdict));
                self.popup = Some(Popup::Message(MessageDialog::new(title, lines)));
            }
            Err(error) => self.fail(error),
        }
    }

    /// For staff, under a valid code of the open course: that it no longer says what is true
    /// (its learner's grade or name changed, or they are not eligible now), and the key for it.
    ///
    /// `d` deletes the selected certificate, which was not the one verified: the note said `d`
    /// deletes it while `d` asked to delete another learner's. The one verified is selected.
    fn staff_note(&mut self, verdict: &ops::Verdict) -> Option<String> {
        let ops::Verdict::Valid { .. } = verdict else { return None };
        let certificate = verdict.certificate()?;
        let course = self.course.as_mut().filter(|course| course.id() == certificate.course_id)?;
        let standing = course.state.learner(&certificate.username)?;
        standing.active().filter(|active| active.certificate.code == certificate.code)?;
        match (&standing.eligibility, standing.staleness()) {
            (Err(reason), _) => {
                let note = format!("not eligible ({reason}): d on this tab deletes it (selected in the list).");
                course.certificates.select_active(&course.state, certificate.code).then_some(note)
            }
            (Ok(()), Some(staleness)) => Some(format!("stale ({}): r on this tab replaces it.", staleness.describe())),
            (Ok(()), None) => None,
        }
    }

    pub(super) fn open_export(&mut self) {
        let Some(course) = &self.course else { return };
        if course.certificates.active_count() == 0 {
            return self.tell(no_active(" to export"), Tone::Info);
        }
        let default = format!("./{}-certificates.pdf", course.id());
        let title = export_title(course.certificates.active_count());
        self.open_prompt(PromptKind::ExportPath, &title, default);
    }

    /// Exports to `path` in the background, unless the certificates went while the prompt was
    /// open: then the prompt stays, the path typed, saying so.
    pub(super) fn export(&mut self, path: std::path::PathBuf) {
        let Some(course) = &self.course else { return self.tell(NO_COURSE, Tone::Info) };
        if course.certificates.active_count() > 0 {
            return self.start_course_job(super::worker::Job::Export(path));
        }
        let why = none_left();
        if let Some(Popup::Prompt(prompt)) = &mut self.popup {
            prompt.error = Some(why.clone());
        }
        self.tell(why, Tone::Error);
    }

    pub(super) fn view_selected(&mut self) {
        let Some(course) = &self.course else { return };
        let (subject, title, code) = if let Some(index) = course.certificates.selected_example() {
            let Some(example) = course.examples.as_ref().and_then(|set| set.examples.get(index)) else { return };
            // A failed example drew boxes or nothing where the name goes, which passed for a
            // certificate; `certdesk preview` refuses it the same way.
            if let Some(error) = &example.error {
                let kind = example.kind.label();
                return self.fail(format!("The example '{kind}' failed, so it is not previewed: {error}."));
            }
            (Subject::Example(example.clone()), format!("Example: {}", example.kind.label()), None)
        } else if let Some((standing, entry)) = course.certificates.selected(&course.state) {
            let code = entry.certificate.code;
            // From the history, a replaced or revoked one says so: its page does not.
            let status = match entry.status {
                CertificateStatus::Issued => String::new(),
                ref other => format!("{} · ", other.label()),
            };
            (Subject::Certificate(code), format!("{code} · {status}{}", standing.enrollment.full_name), Some(code))
        } else if course.certificates.view == CertView::Active && course.certificates.active_count() == 0 {
            return self.tell(no_active(" to view"), Tone::Info);
        } else {
            return self.tell("Select a certificate to view.", Tone::Info);
        };
        match self.picture_of(&subject) {
            Ok(picture) => {
                let (truecolor, as_picture) = (self.truecolor, self.graphics.protocol != Protocol::HalfBlocks);
                self.popup =
                    Some(Popup::Preview(PreviewPopup { title, picture, subject, as_picture, code, truecolor }));
            }
            Err(error) => self.fail(format!("{error:#}")),
        }
    }

    /// `subject` drawn to fill the preview popup on the current screen.
    fn picture_of(&self, subject: &Subject) -> anyhow::Result<Picture> {
        let Some(course) = &self.course else { anyhow::bail!("no course is open") };
        let screen = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
        let (cols, rows) = picture_room(screen);
        let size = PictureSize { cols, rows, cell_px: self.graphics.raster_cell_px() };
        self.renderer.preview(&course.state, subject, size)
    }

    /// The terminal has a new size: an open preview is drawn again to fill it.
    pub(super) fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        let Some(Popup::Preview(popup)) = &self.popup else { return };
        match self.picture_of(&popup.subject) {
            Ok(picture) => {
                if let Some(Popup::Preview(popup)) = &mut self.popup {
                    popup.picture = picture;
                }
            }
            Err(error) => self.fail(format!("{error:#}")),
        }
    }

    pub(super) fn write_pdf(&mut self, code: Code, path: &Path) {
        self.popup = None;
        let Some(course) = &self.course else { return };
        let retired_key = match self.renderer.certificate_pdf(&course.state, code, path) {
            Ok(retired_key) => retired_key,
            // Refused, the prompt stays, over the preview it was asked from.
            Err(error) => {
                return self.prompt_again(PromptKind::WritePdf(code), "Write PDF", path, format!("{error:#}"));
            }
        };
        // Written, the preview closes: the message says where, in two rows it would cover.
        self.behind_prompt = None;
        let text = format!("Wrote {code} to {}.", path.display());
        if retired_key {
            // As `certdesk show --pdf` notes it: staff would hand on a credential verifiers refuse.
            let retired =
                "Its credential was signed with a retired key, which verifiers refuse, until certdesk issuer resign.";
            self.tell(format!("{text} {retired}"), Tone::Info);
        } else {
            self.tell(text, Tone::Success);
        }
    }

    /// An export that failed to write its file (a disk full, a directory that takes no files
    /// though the prompt could not tell) opens its prompt again, the path still typed, with
    /// why: to correct the path rather than type it again.
    pub(super) fn export_failed(&mut self, path: &Path, error: &str) {
        let active = self.course.as_ref().map_or(0, |course| course.certificates.active_count());
        if self.popup.is_some() || active == 0 {
            return self.fail(error);
        }
        let title = export_title(active);
        self.prompt_again(PromptKind::ExportPath, &title, path, error.to_string());
    }

    fn prompt_again(&mut self, kind: PromptKind, title: &str, path: &Path, error: String) {
        let mut prompt = Prompt::new(kind, title, paths::shown(path));
        prompt.error = Some(error.clone());
        self.popup = Some(Popup::Prompt(prompt));
        self.tell(error, Tone::Error);
    }

    pub(super) fn open_settings(&mut self) {
        let Some(course) = &self.course else { return self.tell(NO_COURSE, Tone::Info) };
        let state = &course.state;
        let template = |mode| state.templates.get(&mode).map(ToString::to_string).unwrap_or_default();
        self.popup = Some(Popup::Settings(SettingsPopup {
            course: course.id().to_string(),
            threshold: state.course.pass_threshold.to_string(),
            issuance: state.course.issuance.to_string(),
            self_generation: state.settings.self_generation,
            blocker: course.blocker.clone(),
            unprintable: course.unprintable.as_ref().map(ops::UnprintableNames::warning),
            verify_url: state.settings.verify_base_url.clone(),
            honor_template: template(Mode::Honor),
            verified_template: template(Mode::Verified),
            scroll: 0,
            scroll_limit: std::cell::Cell::new(0),
        }));
    }

    pub(super) fn ask_threshold(&mut self) {
        let Some(course) = &self.course else { return };
        let current = course.state.course.pass_threshold.decimal();
        self.open_prompt(PromptKind::Threshold, "Pass threshold in percent", current);
    }

    pub(super) fn ask_verify_url(&mut self) {
        let Some(course) = &self.course else { return };
        let current = course.state.settings.verify_base_url.clone();
        self.open_prompt(PromptKind::VerifyUrl, "Verification URL (each certificate's code is added to it)", current);
    }

    pub(super) fn toggle_issuance(&mut self) {
        let Some(course) = &self.course else { return };
        let issuance = match course.state.course.issuance {
            IssuancePolicy::Final => IssuancePolicy::Threshold,
            IssuancePolicy::Threshold => IssuancePolicy::Final,
        };
        self.change_settings(&SettingsChange { issuance: Some(issuance), ..SettingsChange::default() });
    }

    pub(super) fn ask_self_generation(&mut self) {
        let Some(course) = &self.course else { return };
        if course.state.settings.self_generation {
            let change = SettingsChange { self_generation: Some(false), ..SettingsChange::default() };
            return self.change_settings(&change);
        }
        if let Some(blocker) = course.blocker.clone() {
            return self.fail(format!("Cannot turn self-generation on: {blocker}"));
        }
        self.ask(Action::ChangeSettings(SettingsChange { self_generation: Some(true), ..SettingsChange::default() }));
    }

    /// The saved templates to pick the one `mode` prints with from.
    pub(super) fn ask_template(&mut self, mode: Mode) {
        let Some(course) = &self.course else { return };
        let current = ops::template_name(&course.state.settings, mode).to_string();
        match ops::list_templates(&self.store) {
            Ok(templates) => self.popup = Some(Popup::Templates(TemplatePicker::new(mode, &templates, &current))),
            Err(error) => self.fail(error),
        }
    }

    /// Saves a settings change and reloads the course, whose grading it may change.
    pub(super) fn change_settings(&mut self, change: &SettingsChange) {
        self.popup = None;
        let Some(course_id) = self.course.as_ref().map(|course| course.id().to_string()) else { return };
        match ops::change_settings(&self.store, &course_id, change, &self.context()) {
            Ok(changed) if changed.is_empty() => self.tell(format!("{course_id}: nothing to change."), Tone::Info),
            Ok(changed) => {
                self.tell(format!("{course_id}: {}.", changed.join("; ")), Tone::Success);
                self.start_job(super::worker::Job::Load, Some(course_id));
            }
            Err(error) => self.fail(error),
        }
    }
}

fn export_title(active: usize) -> String {
    match active {
        0 => format!("Export: {} now", NO_ACTIVE.to_lowercase()),
        _ => format!(
            "Export the {} to one PDF",
            crate::domain::counted(active, "active certificate", "active certificates")
        ),
    }
}

/// Why there is nothing to export any more, when the course's certificates went while the
/// export prompt was open.
fn none_left() -> String {
    // Not "press g": in the prompt, g is typed.
    format!("{NO_ACTIVE} to export now (deleted meanwhile): Esc closes, then g generates them.")
}

/// The export prompt counts again from the course as reloaded (a colleague deleted or
/// generated certificates meanwhile), keeping the path typed, and says what changed.
pub(super) fn recount_export(prompt: &mut Prompt, course: &Loaded) {
    let active = course.certificates.active_count();
    let title = export_title(active);
    if title == prompt.title {
        return;
    }
    prompt.title = title;
    prompt.changed_under = Some(match active {
        0 => none_left(),
        _ => format!(
            "Changed meanwhile: {} now.",
            crate::domain::counted(active, "active certificate", "active certificates")
        ),
    });
}
