//! What the app does for the import dialog: the draft course.toml, the problems to fix, the
//! conflicts to settle, the report to read.

use ratatui::text::Line;

use super::action::Action;
use super::app::{App, Tone};
use super::popup::{
    ConfirmDialog, ConflictChoice, DialogWording, ImportForm, MessageDialog, Popup, import_problem_lines,
};
use super::worker::FollowUp;
use crate::import::platform::{Draft, FileImport, write_draft};

impl App {
    /// Writes `<export>.course.toml` beside the export and puts it in the dialog's course field.
    pub(super) fn write_draft(&mut self, request: &FileImport) {
        let stem = request.path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let target = request.path.with_file_name(format!("{stem}.course.toml"));
        let (notes, problems, course) = match write_draft(request, &target, &DialogWording) {
            Ok(Draft { fill_in, .. }) => (
                vec![
                    format!("Wrote {} with everything the export tells.", target.display()),
                    format!(
                        "Edit it ({fill_in} value{} to fill in, marked \"FILL IN\"), then press Enter to import with it.",
                        if fill_in == 1 { "" } else { "s" }
                    ),
                ],
                false,
                Some(target),
            ),
            Err(crate::import::ImportError::Invalid(list)) => {
                (import_problem_lines(&list.0), true, request.course.clone())
            }
            // The dialog names its draft itself: the CLI's "name another file" is no answer here.
            Err(crate::import::ImportError::DraftExists(path)) => (
                vec![format!(
                    "{} already exists, and a draft never replaces a file: import with it in the Course file field, \
                     or move it away to draft again.",
                    path.display()
                )],
                true,
                request.course.clone(),
            ),
            Err(error) => (vec![error.to_string()], true, request.course.clone()),
        };
        let request = FileImport { course, ..request.clone() };
        self.popup = Some(Popup::Import(ImportForm::again(&request, notes, problems)));
    }

    pub(super) fn follow_up(&mut self, follow_up: FollowUp) {
        match follow_up {
            FollowUp::Report { title, lines } => {
                let lines = lines.into_iter().map(Line::from).collect();
                self.popup = Some(Popup::Message(MessageDialog::new(title, lines).wide()));
            }
            FollowUp::Problems { request, lines, waivers } => {
                let form = ImportForm::again(&request, lines, true).with_waivers(request, waivers);
                self.popup = Some(Popup::Import(form));
            }
            FollowUp::Conflicts { request, lines, removed } => {
                let question = if removed.is_empty() {
                    "Choose which side wins: c keeps certdesk's scores, f takes the file's.".to_string()
                } else {
                    format!(
                        "The file no longer has {}: f takes the file's side, discarding those scores; Esc imports nothing.",
                        removed.join(", ")
                    )
                };
                self.tell(&question, Tone::Info);
                self.popup = Some(Popup::Conflicts(ConflictChoice::new(request, lines, removed)));
            }
            FollowUp::ConfirmImport { request, title, lines } => {
                let dialog = ConfirmDialog::new(title, lines, Action::ImportConfirmed(request));
                self.popup = Some(Popup::Confirm(dialog));
            }
            FollowUp::ConfirmTemplateDeletion { name, revisions } => self.confirm_template_deletion(name, revisions),
        }
    }
}
