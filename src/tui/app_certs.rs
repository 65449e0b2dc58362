//! What the app does for the certificates pane: the confirmation texts with their dry
//! runs, verification, previews, export and settings.

use std::path::Path;

use super::action::Action;
use super::app::{App, NO_COURSE, Tone};
use super::certificates::CertView;
use super::course::Loaded;
use super::popup::{
    ConfirmDialog, MessageDialog, Popup, PreviewPopup, PromptKind, SettingsPopup, TemplatePicker, picture_room,
};
use super::renderer::{Picture, PictureSize, Subject};
use crate::domain::{CertificateStatus, Code, IssuancePolicy, MailSettings, Mode, counted};
use crate::ops::{self, DeleteTarget, SettingsChange};
use crate::render::graphics::Protocol;

/// What staff can do with a stale certificate whose learner is no longer eligible, in the TUI's
/// keys (there is no key for `certdesk allow`), for `count` of them.
pub(super) fn revoke_or_allow(count: usize) -> &'static str {
    match count {
        1 => "delete it (d) or allow the learner (certdesk allow)",
        _ => "delete them (d on each) or allow the learners (certdesk allow)",
    }
}

/// Learners named in a dialog before "... and N more".
const NAMED: usize = 6;

impl App {
    /// Opens the dialog that asks before `action`, or says why there is nothing to do.
    pub(super) fn ask(&mut self, action: Action) {
        let now = self.context().now;
        self.confirm(|course| confirmation(course, &action, now));
    }

    /// The mail dialog, with the mail settings as they are now (they belong to the database,
    /// not the course, and may have changed since the course was loaded).
    pub(super) fn ask_mail(&mut self) {
        match self.store.mail_settings() {
            Ok(settings) => self.confirm(|course| mail_confirmation(course, &settings)),
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
                let target = DeleteTarget::Learner(standing.username().to_string());
                self.ask(Action::Delete(target));
            }
            Some(_) => {
                self.tell("That certificate is no longer in force; only active ones can be deleted.", Tone::Info)
            }
            None => self.tell("Select a certificate to delete.", Tone::Info),
        }
    }

    pub(super) fn toggle_view(&mut self, view: CertView) {
        if let Some(course) = &mut self.course {
            let pane = &mut course.certificates;
            pane.view = if pane.view == view { CertView::Active } else { view };
        }
    }

    pub(super) fn verify(&mut self, code: Code) {
        self.popup = None;
        match ops::verify(&self.store, code) {
            Ok(verification) => {
                let mut lines = super::verdict::lines(&verification.verdict);
                lines.extend(self.staff_note(&verification.verdict).map(ratatui::text::Line::from));
                let title = format!("{code}: {}", verification.verdict.label());
                self.popup = Some(Popup::Message(MessageDialog::new(title, lines)));
            }
            Err(error) => self.fail(error),
        }
    }

    /// For staff, under a valid code of the open course: that it no longer says what is true
    /// (its learner's grade or name changed, or they are not eligible now), and the key for it.
    fn staff_note(&self, verdict: &ops::Verdict) -> Option<String> {
        let ops::Verdict::Valid { .. } = verdict else { return None };
        let certificate = verdict.certificate()?;
        let course = self.course.as_ref().filter(|course| course.id() == certificate.course_id)?;
        let standing = course.state.learner(&certificate.username)?;
        standing.active().filter(|active| active.certificate.code == certificate.code)?;
        match (&standing.eligibility, standing.staleness()) {
            (Err(reason), _) => Some(format!("Not eligible now ({reason}): d on this tab deletes it.")),
            (Ok(()), Some(staleness)) => Some(format!("Stale ({}): r on this tab replaces it.", staleness.describe())),
            (Ok(()), None) => None,
        }
    }

    pub(super) fn open_export(&mut self) {
        let Some(course) = &self.course else { return };
        let default = format!("./{}-certificates.pdf", course.id());
        let title = format!(
            "Export the {} to one PDF",
            crate::domain::counted(course.certificates.active_count(), "active certificate", "active certificates")
        );
        self.open_prompt(PromptKind::ExportPath, &title, default);
    }

    pub(super) fn view_selected(&mut self) {
        let Some(course) = &self.course else { return };
        let (subject, title, code) = if let Some(index) = course.certificates.selected_example() {
            let Some(example) = course.examples.as_ref().and_then(|set| set.examples.get(index)) else { return };
            (Subject::Example(example.clone()), format!("Example: {}", example.kind.label()), None)
        } else if let Some((standing, entry)) = course.certificates.selected(&course.state) {
            let code = entry.certificate.code;
            // From the history, a replaced or revoked one says so: its page does not.
            let status = match entry.status {
                CertificateStatus::Issued => String::new(),
                ref other => format!("{} · ", other.label()),
            };
            (Subject::Certificate(code), format!("{code} · {status}{}", standing.enrollment.full_name), Some(code))
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
        match self.renderer.certificate_pdf(&course.state, code, path) {
            Ok(_) => self.tell(format!("Wrote {code} to {}.", path.display()), Tone::Success),
            Err(error) => self.fail(format!("{error:#}")),
        }
    }

    pub(super) fn open_settings(&mut self) {
        let Some(course) = &self.course else { return };
        let state = &course.state;
        let template = |mode| state.templates.get(&mode).map(ToString::to_string).unwrap_or_default();
        self.popup = Some(Popup::Settings(SettingsPopup {
            course: course.id().to_string(),
            threshold: state.course.pass_threshold.to_string(),
            issuance: state.course.issuance.to_string(),
            self_generation: state.settings.self_generation,
            blocker: course.blocker.clone(),
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

/// The dialog for `action` with exactly what it will do, or why there is nothing to do.
pub(super) fn confirmation(course: &Loaded, action: &Action, now: jiff::Timestamp) -> Result<ConfirmDialog, String> {
    let state = &course.state;
    let id = course.id();
    let dialog = match action {
        Action::Generate => {
            let plan = ops::plan_generation(state);
            if plan.issued.is_empty() {
                return Err(format!(
                    "Nothing to generate: {} already certified, {} not eligible.",
                    plan.already_certified,
                    plan.not_eligible_count()
                ));
            }
            let provisional = plan.issued.iter().filter(|issued| issued.provisional).count();
            let mut lines = vec![
                format!("Generate certificates for {id}? Dry run:"),
                format!(
                    "  issue {} ({provisional} provisional)",
                    crate::domain::counted(plan.issued.len(), "certificate", "certificates")
                ),
                format!("  skip {} already certified", plan.already_certified),
            ];
            for (reason, usernames) in &plan.not_eligible {
                lines.push(format!("  skip {} not eligible: {reason} ({})", usernames.len(), named(usernames)));
            }
            ConfirmDialog::new("Generate certificates", lines, action.clone())
        }
        Action::Regenerate(target) => {
            let plan = ops::plan_regeneration(state, target).map_err(|error| error.to_string())?;
            // Not stale, yet no longer deserved (a raised threshold): regenerating leaves them.
            let undeserved = not_eligible_now(state);
            if plan.reissued.is_empty() && plan.not_eligible.is_empty() {
                // The message line's two rows at 80 columns (the course is named above them):
                // one learner named, many counted.
                return Err(match undeserved.as_slice() {
                    [] => format!("No stale certificates in {id}: every certificate says what is true."),
                    [one] => format!(
                        "No stale certificates; {one} is not eligible now, which r leaves: {}.",
                        revoke_or_allow(1)
                    ),
                    many => format!(
                        "No stale certificates; {} not eligible now, which r leaves: {}.",
                        many.len(),
                        revoke_or_allow(many.len())
                    ),
                });
            }
            let (with, stay) = match plan.reissued.len() {
                1 => ("one that says", "The old one stays"),
                _ => ("ones that say", "The old ones stay"),
            };
            let mut lines = vec![format!(
                "Replace {} of {id} with {with} what is true now? {stay} in the history as superseded. Dry run:",
                crate::domain::counted(plan.reissued.len(), "stale certificate", "stale certificates")
            )];
            for reissue in plan.reissued.iter().take(NAMED) {
                lines.push(format!("  reissue {}: {}", reissue.username, reissue.change));
            }
            if plan.reissued.len() > NAMED {
                lines.push(format!("  ... and {} more", plan.reissued.len() - NAMED));
            }
            if !plan.not_eligible.is_empty() {
                let mut by_reason = std::collections::BTreeMap::<_, Vec<String>>::new();
                for refusal in &plan.not_eligible {
                    by_reason.entry(refusal.reason).or_default().push(refusal.username.clone());
                }
                for (reason, usernames) in by_reason {
                    lines.push(format!(
                        "  skip {} not eligible: {reason} ({}): {}",
                        usernames.len(),
                        named(&usernames),
                        revoke_or_allow(usernames.len())
                    ));
                }
            }
            if !undeserved.is_empty() {
                lines.push(format!(
                    "  leave {} not eligible now, not stale ({}): {}",
                    undeserved.len(),
                    named(&undeserved),
                    revoke_or_allow(undeserved.len())
                ));
            }
            if plan.reissued.is_empty() {
                return Err(lines[1..].join(";").trim().to_string());
            }
            ConfirmDialog::new("Regenerate stale certificates", lines, action.clone())
        }
        Action::Delete(DeleteTarget::All) => {
            let count = course.certificates.active_count();
            if count == 0 {
                return Err(format!("{id} has no active certificates; nothing to delete."));
            }
            let lines = vec![format!(
                "Delete the {} of {id}? {} in the history as revoked.",
                crate::domain::counted(count, "active certificate", "active certificates"),
                if count == 1 { "It stays" } else { "They stay" }
            )];
            ConfirmDialog::new("Delete all certificates", lines, action.clone()).typing(id)
        }
        Action::Delete(DeleteTarget::Learner(username)) => {
            let standing = state.learner(username).ok_or_else(|| format!("{id} has no learner {username}"))?;
            let entry = standing.active().ok_or_else(|| format!("{username} has no active certificate"))?;
            let lines = vec![format!(
                "Delete certificate {} of {username} ({})? It stays in the history as revoked.",
                entry.certificate.code, standing.enrollment.full_name
            )];
            ConfirmDialog::new("Delete certificate", lines, action.clone())
        }
        Action::SetScore { username, activity, points: None } => {
            let lines = vec![super::app_grades::clear_score_question(state, username, activity, now)?];
            ConfirmDialog::new("Clear score", lines, action.clone())
        }
        Action::ChangeSettings(change) if change.self_generation == Some(true) => {
            let lines = vec![format!(
                "Turn self-generation on for {id}? Every eligible learner will be able to issue their own certificate."
            )];
            ConfirmDialog::new("Self-generation", lines, action.clone())
        }
        other => return Err(format!("Nothing to confirm for {other:?}.")),
    };
    Ok(dialog)
}

/// The dry run of `certdesk mail` with the kept settings, or why there is nothing to send.
fn mail_confirmation(course: &Loaded, settings: &MailSettings) -> Result<ConfirmDialog, String> {
    let (state, mail) = (&course.state, &course.mail);
    let plan = crate::mail::plan(state, &mail.deliveries, &mail.farewell, &crate::mail::Selection::default())
        .map_err(|error| error.to_string())?;
    let (Some(url), Some(from)) = (&settings.smtp_url, &settings.from) else {
        return Err("No mail server: certdesk mail-settings --smtp URL --from ADDRESS, then m.".into());
    };
    if plan.messages.is_empty() {
        return Err(format!(
            "Nothing to mail: {} had their message already (certdesk mail --resend sends again).",
            counted(plan.already_sent, "learner", "learners")
        ));
    }
    let certified = plan.messages.iter().filter(|planned| planned.certificate.is_some()).count();
    let per_minute = settings.per_minute.max(1) as usize;
    let duration = match plan.messages.len() {
        n if n <= per_minute => "under a minute".to_string(),
        n => format!("about {} minutes", n.div_ceil(per_minute)),
    };
    let mut lines = vec![
        format!("Mail the learners of {} through {url} as {from}? Dry run:", course.id()),
        format!("  {certified} with their certificate attached"),
    ];
    if plan.messages.len() > certified {
        lines.push(format!("  {} farewells to learners without a certificate", plan.messages.len() - certified));
    }
    lines.push(format!("  skip {} who had their message already", plan.already_sent));
    if !plan.no_address.is_empty() {
        lines.push(format!("  skip {} with no address ({})", plan.no_address.len(), named(&plan.no_address)));
    }
    if crate::mail::link_base(state).is_some() {
        lines.push("  each with a personal link to their own page (self-generation is on)".into());
    }
    lines.push(format!("  at most {} a minute: {duration} (Esc stops between messages)", settings.per_minute));
    Ok(ConfirmDialog::new("Mail learners", lines, Action::Mail))
}

/// The learners whose active certificate is not stale but who are not eligible now.
fn not_eligible_now(state: &ops::CourseState) -> Vec<String> {
    let undeserved = |standing: &&ops::Standing| {
        standing.active().is_some() && standing.staleness().is_none() && standing.eligibility.is_err()
    };
    state.learners.iter().filter(undeserved).map(|standing| standing.username().to_string()).collect()
}

fn named(usernames: &[String]) -> String {
    let mut text = usernames.iter().take(NAMED).cloned().collect::<Vec<_>>().join(", ");
    if usernames.len() > NAMED {
        text.push_str(&format!(", ... {} more", usernames.len() - NAMED));
    }
    text
}
