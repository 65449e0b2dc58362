//! The import dialog's work on the worker thread: an import that would leave certificates
//! stale is asked about first; refusals become questions (conflicts) or a list to fix
//! (problems); what was written is reported.

use super::course::Loaded;
use super::popup::DialogWording;
use super::worker::{Finished, FollowUp, JobInput};
use crate::import::platform::{FileImport, import_path};
use crate::import::{ImportError, ImportReport, conflict_lines, counts, findings, report_lines};

/// An import from the dialog. Unless the user already said yes to it, it runs first as a dry
/// run: one that would leave certificates stale or no longer deserved asks before it writes.
pub(super) fn run(request: &FileImport, confirmed: bool, input: &JobInput) -> Finished {
    let store = &*input.store;
    let by = (input.context.who.as_str(), input.context.now);
    let import = |dry_run: bool| import_path(store, &FileImport { dry_run, ..request.clone() }, by);
    if !confirmed {
        match import(true) {
            Ok(report) if !report.certificates_affected.is_empty() => return confirmation(request, &report),
            Ok(_) => {}
            Err(error) => return refused(request, error),
        }
    }
    match import(false) {
        Ok(report) => imported(&report, input),
        Err(error) => refused(request, error),
    }
}

/// The question before an import that would leave certificates stale: what it would do, in
/// the conditional, as `certdesk import --dry-run` says it.
fn confirmation(request: &FileImport, report: &ImportReport) -> Finished {
    let affected = crate::domain::counted(report.certificates_affected.len(), "certificate", "certificates");
    let mut lines = vec![
        "This import would leave certificates already issued stale or no longer deserved. Import anyway? \
         They stay in force until you regenerate or revoke them."
            .to_string(),
        String::new(),
    ];
    lines.extend(findings(report, &DialogWording));
    Finished {
        message: Ok(format!("Nothing imported yet: {affected} would be left stale or no longer deserved.")),
        loaded: None,
        on_quit: None,
        follow_up: Some(FollowUp::ConfirmImport {
            request: request.clone(),
            title: format!("Import {}?", report.course),
            lines,
        }),
    }
}

/// The message and report of an import that was written, and the course as it is now.
fn imported(report: &ImportReport, input: &JobInput) -> Finished {
    let store = &*input.store;
    let loaded = Loaded::load(store, &report.course, input.context.now, input.renderer.as_ref());
    let loaded = Some(loaded.map(Box::new).map_err(|error| error.to_string()));
    let message = format!("Imported {}: {}.", report.course, counts(report));
    // A course folder's import is told in full too once it changed more than scores, or
    // has learners to name (a new course's are all added: its roster says who).
    let details = report.format.is_some()
        || (!report.created && !report.usernames_added.is_empty())
        || !report.usernames_updated.is_empty()
        || !report.usernames_not_on_roster.is_empty()
        || !report.settings_changed.is_empty()
        || !report.activities_added.is_empty()
        || !report.activities_removed.is_empty()
        || !report.conflicts.is_empty()
        || !report.notes.is_empty();
    let follow_up = details.then(|| FollowUp::Report {
        title: format!("Imported {}", report.course),
        lines: report_lines(report, &DialogWording),
    });
    Finished { message: Ok(message), loaded, follow_up, on_quit: None }
}

/// A refused import: conflicts to settle, problems to fix (some of which the user may
/// overrule), or why it failed.
fn refused(request: &FileImport, error: ImportError) -> Finished {
    match error {
        ImportError::Conflicts(report) | ImportError::CannotKeepRemoved(report) => Finished {
            message: Err(format!(
                "{} entered in certdesk {} from the file: choose which side wins.",
                crate::domain::counted(report.conflicts.len(), "score", "scores"),
                if report.conflicts.len() == 1 { "differs" } else { "differ" }
            )),
            loaded: None,
            on_quit: None,
            follow_up: Some(FollowUp::Conflicts {
                request: FileImport { keep: None, ..request.clone() },
                lines: conflict_question(&report),
                removed: removed_activities(&report),
            }),
        },
        ImportError::Invalid(problems) => Finished {
            message: Err(format!(
                "The import found {} problem{}; nothing was imported.",
                problems.0.len(),
                if problems.0.len() == 1 { "" } else { "s" }
            )),
            loaded: None,
            on_quit: None,
            follow_up: Some(FollowUp::Problems {
                request: request.clone(),
                // The dialog's keys and fields, not the CLI's flags.
                lines: crate::tui::popup::import_problem_lines(&problems.0),
                waivers: problems.0.iter().filter_map(crate::import::Problem::waiver).collect(),
            }),
        },
        // The dialog stays open with what was typed, to be corrected.
        error => {
            let (request, lines) = match &error {
                ImportError::NotACourseFolder(elsewhere) => match elsewhere.only() {
                    Some(name) => {
                        let lines = vec![
                            format!("{}.", elsewhere.not_a_course_folder()),
                            format!("It holds {name}, now in the File field: Enter imports it."),
                        ];
                        (FileImport { path: elsewhere.dir.join(name), ..request.clone() }, lines)
                    }
                    None => (request.clone(), vec![sentence(elsewhere.to_string())]),
                },
                error => (request.clone(), vec![sentence(error.to_string())]),
            };
            Finished {
                message: Err("Nothing was imported.".to_string()),
                loaded: None,
                on_quit: None,
                follow_up: Some(FollowUp::Problems { request, lines, waivers: Vec::new() }),
            }
        }
    }
}

/// The conflicts to settle, and, when the file removes an activity that has scores entered in
/// certdesk, why certdesk's side cannot win for them.
fn conflict_question(report: &ImportReport) -> Vec<String> {
    let mut lines = conflict_lines(&report.conflicts);
    if report.conflicts.iter().any(|conflict| conflict.activity_removed) {
        lines.push(String::new());
        lines.push(
            "A score of an activity the file no longer has cannot be kept: f discards it; or press Esc and put the \
             activity back in the file."
                .to_string(),
        );
    }
    lines
}

/// The activities of the conflicts over removed activities, each once, in order.
fn removed_activities(report: &ImportReport) -> Vec<String> {
    let mut activities: Vec<String> = report
        .conflicts
        .iter()
        .filter(|conflict| conflict.activity_removed)
        .map(|conflict| conflict.activity.clone())
        .collect();
    activities.sort_unstable();
    activities.dedup();
    activities
}

fn sentence(text: String) -> String {
    if text.ends_with('.') { text } else { text + "." }
}
