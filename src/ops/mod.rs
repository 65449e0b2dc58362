//! What staff do, as functions over the store: the CLI and the TUI both call these, so the
//! TUI can do nothing the CLI cannot.

mod actor;
mod credentials;
mod error;
mod examples;
mod export;
pub mod file_kind;
mod generate;
mod gradebook;
mod issue;
mod kept_drafts;
mod listing;
mod lookup;
mod printable;
mod printing;
mod regenerate;
mod request;
mod revoke;
mod scores;
#[cfg(test)]
pub(crate) mod self_service_tests;
mod settings;
mod standing;
mod templates;
#[cfg(test)]
pub(crate) mod test_course;
mod unambiguous_json;
mod unfinished;
mod verify;
mod verify_file;
mod verify_printed;
mod verify_said;

pub use actor::current_actor;
pub use credentials::{credential, retired_among, retired_kids, signed_with_retired};
pub use error::{OpsError, Result};
pub use examples::{SAMPLE_NAME, SAMPLE_PERCENT, example_subjects, generate_examples};
pub use export::{
    EarlierFiles, ExportOptions, Exported, ExportedPage, SortKey, certificate_page, certificate_pdf, certificate_title,
    directory_of, export_pdf, export_split, preview_pdf, refuse_inside_a_database, refuse_what_is_not_a_file, select,
    selects, split_file_name, why_path_refused, write_atomically,
};
pub use generate::{GenerationReport, Issued, PageProblem, generate, plan_generation};
pub use gradebook::{Gradebook, GradebookRow, load_gradebook};
pub use issue::{CHUNK, Context, PartLabel, Progress, Quiet, template_ref};
pub use kept_drafts::{KeptDrafts, drafts_kept_at_deletion};
pub use listing::{CertificateRow, by_certificate, certificate_rows, list_certificates};
pub use lookup::{Located, find_certificate, stored_username, unknown_code};
pub use printable::check_new_pages;
pub use printing::{
    FONT_ADVICE, PrintProblem, Printer, certificate_data, example_data, first_error, font_book, learner_data, neutral,
};
pub use regenerate::{Refusal, RegenerationReport, Reissue, Target, plan_regeneration, regenerate};
pub use request::{RequestOutcome, request_certificate, self_service_paused};
pub use revoke::{
    DeleteTarget, Deletion, Invalidation, Revoked, active_ledgers, delete_certificates, invalidate, revalidate, revoke,
    set_allowed,
};
pub use scores::{ScoreChange, set_score};
pub use settings::{
    SelfServiceCheck, SettingsChange, UnprintableNames, change_settings, check_self_service, examples_blocker,
    examples_command, placeholder_url_advice, self_generation_blocker, verify_url_command,
};
pub use standing::{CourseState, Standing, current_templates, load_course_state, load_learner_state};
pub use templates::{
    TemplateSummary, assign_template, check_template, current_template, delete_template, ensure_default_templates,
    list_templates, require_assignable, save_template, self_service_courses_printing, template_deletion, template_name,
};
pub use unfinished::{PartedRun, UnfinishedRun, unfinished_run, unfinished_run_leaving, unfinished_runs};
pub use verify::{
    CodeStatus, CodeVerdict, Ended, EndedKinds, InForce, Latest, Verdict, Verification, code_status, verify,
};
pub use verify_file::{
    CredentialCheck, FileVerdict, FileVerification, FileVerifier, RetiredKey, Signature, load_pdf, open_pdf,
};
pub use verify_printed::{PrintedCode, PrintedCodes, PrintedCounts};
pub use verify_said::{ALTERED, issued, labelled, later_in_force, no_longer_in_force, record_lines};

use crate::domain::Course;
use crate::store::Store;

/// The error for `username`, who is not enrolled in `course_id`, naming the learner most likely
/// meant among those who are.
pub fn unknown_enrolled(store: &Store, course_id: &str, username: &str) -> OpsError {
    match store.enrollments(course_id) {
        Ok(enrolled) => OpsError::unknown_learner(course_id, username, enrolled.iter().map(|e| e.username.as_str())),
        Err(error) => error.into(),
    }
}

/// The course, or an error that names it and the course most likely meant.
pub fn require_course(store: &Store, course_id: &str) -> Result<Course> {
    if let Some(course) = store.course(course_id)? {
        return Ok(course);
    }
    let courses = store.courses()?;
    let ids: Vec<&str> = courses.iter().map(|course| course.id.as_str()).collect();
    let hint = match crate::domain::spelling::meant(course_id, &ids) {
        Some(meant) => format!("did you mean '{meant}'?"),
        None if ids.is_empty() => "the database has none yet: import one with `certdesk import`".to_string(),
        None => "see `certdesk courses`".to_string(),
    };
    Err(OpsError::UnknownCourse { course: course_id.to_string(), hint })
}
