//! Everything the user can ask for, as data. Keys become actions (`keys.rs`, popups), and
//! `App::apply` carries them out. Destructive actions travel inside `Confirm` and only a
//! confirmation dialog hands back the real thing.

use std::path::PathBuf;

use super::list::Motion;
use super::tab::Tab;
use crate::domain::{Code, Points};
use crate::import::platform::FileImport;
use crate::ops::{DeleteTarget, SettingsChange, Target};

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    NextTab,
    PrevTab,
    ShowTab(Tab),
    Move(Motion),
    ColumnLeft,
    ColumnRight,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    OpenFilter,
    Filter(String),
    ClearFilter,
    OpenHelp,
    OpenCourses,
    SwitchCourse(String),
    ClosePopup,
    /// Esc while long work runs: stop it between parts.
    CancelJob,
    /// Opens the dialog that asks before doing the wrapped action.
    Confirm(Box<Action>),

    // Gradebook
    /// `Enter`: edit the score under the column cursor, or open the learner's progress.
    Activate,
    EditScore,
    SetScore {
        username: String,
        activity: String,
        points: Option<Points>,
    },
    ClearScore,
    /// `a`: asks to put the learner under the cursor on the allowlist, or to take them off it.
    AskAllow,
    SetAllowed {
        username: String,
        allowed: bool,
    },
    SortByColumn,
    ShowLearner,
    /// The selected event of the log, whole.
    ShowEvent,
    OpenImport,
    /// Imports a course folder or a platform's export (with its supplements and who wins conflicts).
    Import(FileImport),
    /// Imports after the user saw the certificates the import leaves stale and said yes.
    ImportConfirmed(FileImport),
    /// Writes the draft course.toml for the export in the import dialog.
    WriteDraft(FileImport),

    // Certificates
    AskGenerate,
    Generate,
    AskRegenerate,
    Regenerate(Target),
    AskDeleteSelected,
    AskDeleteAll,
    Delete(DeleteTarget),
    ToggleHistory,
    ToggleExamples,
    GenerateExamples,
    OpenVerify,
    Verify(Code),
    OpenExport,
    Export(PathBuf),
    AskMail,
    /// Mails every learner who has not had their message (`certdesk mail`).
    Mail,
    View,
    AskWritePdf(Code),
    /// Writes the certificate with this code to its own PDF.
    WritePdf(Code, PathBuf),
    OpenSettings,
    AskThreshold,
    /// The course's verification URL, in a prompt.
    AskVerifyUrl,
    ToggleIssuance,
    AskSelfGeneration,
    AskTemplate(crate::domain::Mode),
    ChangeSettings(SettingsChange),
    /// Makes the mode print with the named template once the check finds it prints the
    /// course's certificates (`certdesk template assign`).
    AssignTemplate(crate::domain::Mode, String),

    // Templates
    /// Opens the selected template's newest revision in the editor.
    OpenTemplate,
    /// `n`: asks the name of a new template, a copy of the selected one.
    AskNewTemplate,
    /// Saves a copy of template `from`'s newest revision as revision 1 of `name`, and opens it.
    NewTemplate {
        name: String,
        from: String,
    },
    /// `d`: asks before deleting the selected template, or says why it cannot go.
    AskDeleteTemplate,
    /// Deletes the template of this name and all its revisions.
    DeleteTemplate(String),
    /// Ctrl-S in the editor: save a new revision (refused while the check finds errors;
    /// asks first when someone saved a revision since the one being edited).
    SaveTemplate,
    /// Saves the edited template over a revision someone else saved since it was opened.
    SaveTemplateOver,
    /// Esc in the editor: close it, asking first when there are unsaved edits.
    LeaveEditor,
    /// Closes the editor, dropping unsaved edits.
    DiscardEdits,
    /// Quits, dropping unsaved edits.
    QuitDiscarding,
    /// Opens the template of this name with the draft its user left of it.
    RestoreTemplateDraft(String),
    /// Throws away the draft the user left of the template of this name, and opens it.
    ThrowTemplateDraftAway(String),
}

impl Action {
    /// Whether the action only changes what is in view: a move, a column, a tab. Long work
    /// running leaves these free (what they show is brought up to date when it is done).
    pub fn only_looks(&self) -> bool {
        matches!(
            self,
            Action::Move(_)
                | Action::ColumnLeft
                | Action::ColumnRight
                | Action::NextTab
                | Action::PrevTab
                | Action::ShowTab(_)
        )
    }
}
