//! Course folders: `course.toml`, `roster.csv` and `grades.csv`, validated as a whole before
//! anything is written.

pub(crate) mod certificates;
mod course_file;
mod csv_file;
mod definition;
mod elsewhere;
pub(crate) mod encoding;
mod grades;
mod guards;
pub(crate) mod merge;
pub mod platform;
mod problem;
mod report_text;
mod roster;
pub(crate) mod stored_forms;
mod wording;

use std::path::{Path, PathBuf};

pub use elsewhere::Elsewhere;
pub use grades::GradesFile;
pub use merge::{Conflict, ImportReport, Keep};
pub use problem::{Problem, Problems, Waiver};
pub use report_text::{agreement_lines, conflict_lines, counts, findings, report_lines};
pub use roster::RosterEntry;
pub use wording::{Ask, CliWording, Supplement, Wording};

use crate::domain::Course;
use crate::domain::name::composed;
use crate::store::{Store, StoreError};

/// A course folder that passed validation.
#[derive(Debug, Clone)]
pub struct CourseFolder {
    pub course: Course,
    pub roster: Vec<RosterEntry>,
    pub grades: GradesFile,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0} is not a folder (a course folder holds course.toml, roster.csv and grades.csv)")]
    NotAFolder(PathBuf),
    #[error("{0}")]
    NotACourseFolder(Elsewhere),
    #[error(transparent)]
    Invalid(#[from] Problems),
    #[error("{} entered in certdesk since the last import would be overwritten, cleared or discarded; nothing was imported (say which side wins with --keep certdesk or --keep file)", crate::domain::counted(.0.conflicts.len(), "score", "scores"))]
    Conflicts(Box<ImportReport>),
    #[error("certdesk's side cannot win for {} entered in certdesk on {}, which the file no longer has; nothing was imported (put the activity back in the file, or discard the scores with --keep file)", crate::domain::counted(removed_conflicts(.0).count(), "score", "scores"), removed_activities(.0))]
    CannotKeepRemoved(Box<ImportReport>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0} already exists; name another file for the draft")]
    DraftExists(PathBuf),
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

impl ImportError {
    /// The report of an import refused over conflicts that nobody (or nothing) could settle.
    pub fn unsettled_report(&self) -> Option<&ImportReport> {
        match self {
            ImportError::Conflicts(report) | ImportError::CannotKeepRemoved(report) => Some(report),
            _ => None,
        }
    }
}

/// What the person importing said beforehand about what the import may do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Consent {
    /// Which side wins a conflict over a score entered in certdesk.
    pub keep: Option<Keep>,
    /// The activities the file no longer has are gone, with their scores, even when they are
    /// most of the course's graded ones (which otherwise looks like a file of another layout).
    pub remove_activities: bool,
    /// Check everything and report what the import would do, but write nothing.
    pub dry_run: bool,
}

impl From<Option<Keep>> for Consent {
    fn from(keep: Option<Keep>) -> Consent {
        Consent { keep, ..Consent::default() }
    }
}

/// The three files of a course folder as text; `None` where a file is absent.
#[derive(Debug, Clone, Default)]
pub struct FolderTexts {
    pub course: Option<String>,
    pub roster: Option<String>,
    pub grades: Option<String>,
}

/// Reads and validates a course folder, reporting every problem at once.
pub fn read_folder(dir: &Path) -> Result<CourseFolder, ImportError> {
    if !dir.is_dir() {
        return Err(ImportError::NotAFolder(dir.to_path_buf()));
    }
    if let Some(elsewhere) = Elsewhere::of(dir) {
        return Err(ImportError::NotACourseFolder(elsewhere));
    }
    let mut problems = Vec::new();
    let texts = FolderTexts {
        course: read_text(dir, course_file::FILE, true, &mut problems),
        roster: read_text(dir, roster::FILE, true, &mut problems),
        grades: read_text(dir, grades::FILE, false, &mut problems),
    };
    validate(texts, problems)
}

/// Validates a course folder given as texts, adding to `problems` found while reading it.
pub fn validate(texts: FolderTexts, mut problems: Vec<Problem>) -> Result<CourseFolder, ImportError> {
    // A line that is not UTF-8 is read on with U+FFFD for its bytes, to find the file's other
    // problems; what that makes of the line itself (`'jos�' is not on the roster`) is not one.
    let unreadable: std::collections::HashSet<(String, u64)> =
        problems.iter().filter_map(|problem| Some((problem.file.clone(), problem.line?))).collect();
    let read = problems.len();
    let course = texts.course.and_then(|text| course_file::parse(&text).map_err(|found| problems.extend(found)).ok());
    let roster = texts.roster.map(|text| roster::parse(&text, &mut problems)).unwrap_or_default();
    let grades = match (&course, texts.grades) {
        (Some(course), Some(text)) => grades::parse(&text, course, roster.named.as_ref(), &mut problems),
        _ => GradesFile::default(),
    };
    let roster = roster.entries;
    let mut index = 0;
    problems.retain(|problem| {
        index += 1;
        index <= read || problem.line.is_none_or(|line| !unreadable.contains(&(problem.file.clone(), line)))
    });
    match course {
        Some(course) if problems.is_empty() => Ok(CourseFolder { course, roster, grades }),
        _ => Err(Problems(problems).into()),
    }
}

fn read_text(dir: &Path, file: &'static str, required: bool, problems: &mut Vec<Problem>) -> Option<String> {
    let path = dir.join(file);
    match crate::access::read_input(&path) {
        Ok(bytes) => match encoding::decode(bytes) {
            Ok(text) => Some(composed(text)),
            Err(encoding::NotText::NotUtf8 { lines, binary, lossy }) => {
                for (index, bad) in lines.into_iter().enumerate() {
                    let message = encoding::NotText::describe_line(bad, binary, index == 0);
                    problems.push(Problem::at(file, bad.line, bad.position, None, message));
                }
                // Reading on finds the file's other problems; the import fails either way.
                Some(lossy)
            }
            Err(broken) => {
                let line = broken.first().map(|(line, _)| line);
                problems.push(Problem::new(file, line, None, broken.describe()));
                None
            }
        },
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && !required => None,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            problems.push(Problem::new(file, None, None, format!("missing: the folder needs {file}")));
            None
        }
        Err(error) => {
            let reason = crate::access::read_error(&path, &error);
            problems.push(Problem::new(file, None, None, format!("cannot read it: {reason}")));
            None
        }
    }
}

/// Imports (or re-imports) the course folder `dir`: validates it, combines it with what the
/// database holds, and replaces the course atomically. `author` (who, when) goes in the audit
/// trail.
pub fn import_folder(
    store: &Store,
    dir: &Path,
    consent: impl Into<Consent>,
    author: (&str, jiff::Timestamp),
) -> Result<ImportReport, ImportError> {
    let mut report = import_validated(store, read_folder(dir)?, consent, author)?;
    if !dir.join(grades::FILE).exists() {
        report.notes.push(format!(
            "the folder has no {}, so no scores were read: learners new to the course have none yet",
            grades::FILE
        ));
    }
    Ok(report)
}

/// Writes a validated folder: combines it with what the database holds for the course and
/// replaces the course atomically (with `consent.dry_run`, only reports). Refused, writing
/// nothing, when scores entered in certdesk conflict with the folder and `consent` does not say
/// which side wins, or when the folder would lose or distort scores unasked (see `guards`).
pub fn import_validated(
    store: &Store,
    folder: CourseFolder,
    consent: impl Into<Consent>,
    (who, now): (&str, jiff::Timestamp),
) -> Result<ImportReport, ImportError> {
    let consent = consent.into();
    let (course, enrollments, report) = plan_import(store, folder, consent.keep)?;
    guarded(&report, (course_file::FILE, guards::Source::Folder), consent)?;
    let mut report = decided(report, consent.keep)?;
    report.certificates_affected = certificates::affected_certificates(store, &course, &enrollments, now)?;
    written(store, &course, &enrollments, report, consent, (who, now))
}

/// Replaces the course with what the import made of it, unless this is a dry run; the report
/// says which.
pub(crate) fn written(
    store: &Store,
    course: &crate::domain::Course,
    enrollments: &[crate::domain::Enrollment],
    mut report: ImportReport,
    consent: Consent,
    (who, now): (&str, jiff::Timestamp),
) -> Result<ImportReport, ImportError> {
    report.dry_run = consent.dry_run;
    if let Some(note) = international_addresses(enrollments) {
        report.notes.push(note);
    }
    if let Some(note) = unusable_addresses(enrollments) {
        report.notes.push(note);
    }
    if !consent.dry_run {
        store.replace_course(course, enrollments, &report.event(who, now))?;
    }
    Ok(report)
}

/// The note for learners whose email address is not plain ASCII (`zoë@exämple.org`): mail
/// reaches them only through a server that takes international addresses (SMTPUTF8), which
/// staff had better know before the course ends, not when `mail` is refused.
fn international_addresses(enrollments: &[crate::domain::Enrollment]) -> Option<String> {
    addresses_note(
        enrollments,
        |learner| (!learner.email.is_ascii()).then(|| learner.username.clone()),
        ("an international email address", "international email addresses"),
        ", which only a mail server that takes them (SMTPUTF8) delivers to.",
    )
}

/// The note for learners whose email address mail cannot be sent to (`frodo at shire`, which a
/// platform's export may hold): said at import, long before `mail` reports them not sent.
fn unusable_addresses(enrollments: &[crate::domain::Enrollment]) -> Option<String> {
    addresses_note(
        enrollments,
        |learner| {
            let unusable = !learner.email.trim().is_empty() && crate::mail::smtp::recipient(&learner.email).is_err();
            unusable.then(|| format!("{} '{}'", learner.username, learner.email))
        },
        ("an email address", "email addresses"),
        " that mail cannot be sent to: correct it where the roster comes from and import again.",
    )
}

/// `1 learner (bilbo) has AN ADDRESS` or `3 learners (bilbo, …) have ADDRESSES`, then `rest`:
/// the active learners `shown` names (as it names them); `None` when it names none.
fn addresses_note(
    enrollments: &[crate::domain::Enrollment],
    shown: impl Fn(&crate::domain::Enrollment) -> Option<String>,
    (one, many): (&str, &str),
    rest: &str,
) -> Option<String> {
    let named: Vec<String> = enrollments
        .iter()
        .filter(|learner| learner.status == crate::domain::EnrollmentStatus::Active)
        .filter_map(shown)
        .collect();
    let who = crate::domain::Named::first(&named, 3);
    let said = match named.len() {
        0 => return None,
        1 => format!("1 learner ({who}) has {one}"),
        count => format!("{count} learners ({who}) have {many}"),
    };
    Some(format!("{said}{rest}"))
}

/// Refuses, as a problem of `file` (which `source` says what it is), an import that would
/// discard the scores of most graded activities unasked, or keep scores above a lowered maximum.
pub(crate) fn guarded(
    report: &ImportReport,
    file: (&str, guards::Source),
    consent: Consent,
) -> Result<(), ImportError> {
    let problems = guards::refusals(
        &report.removed_scores,
        &report.activities_added,
        &report.above_lowered_maximum,
        &report.course,
        file,
        consent.remove_activities,
    );
    if problems.is_empty() { Ok(()) } else { Err(Problems(problems).into()) }
}

/// The report, when every conflict in it is settled by `keep`; else why nothing may be written.
pub(crate) fn decided(report: ImportReport, keep: Option<Keep>) -> Result<ImportReport, ImportError> {
    match keep {
        _ if report.conflicts.is_empty() => Ok(report),
        None => Err(ImportError::Conflicts(Box::new(report))),
        // There is nowhere to keep a score of an activity the course no longer has.
        Some(Keep::Certdesk) if removed_conflicts(&report).next().is_some() => {
            Err(ImportError::CannotKeepRemoved(Box::new(report)))
        }
        Some(_) => Ok(report),
    }
}

fn removed_conflicts(report: &ImportReport) -> impl Iterator<Item = &Conflict> {
    report.conflicts.iter().filter(|conflict| conflict.activity_removed)
}

/// The activities of the conflicts over removed activities: `essay-1 and maps`.
fn removed_activities(report: &ImportReport) -> String {
    let mut activities: Vec<&str> = removed_conflicts(report).map(|conflict| conflict.activity.as_str()).collect();
    activities.sort_unstable();
    activities.dedup();
    match activities.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A course as stored, with its learners; `None` when there is no such course yet.
type Stored = Option<(crate::domain::Course, Vec<crate::domain::Enrollment>)>;

/// The course `course_id` as stored, to import into.
pub(crate) fn stored(store: &Store, course_id: &str) -> Result<Stored, ImportError> {
    Ok(match store.course(course_id)? {
        Some(course) => Some((course, store.enrollments(course_id)?)),
        None => None,
    })
}

/// What importing `folder` would store, and its report; writes nothing.
pub fn plan_import(
    store: &Store,
    mut folder: CourseFolder,
    keep: Option<Keep>,
) -> Result<(crate::domain::Course, Vec<crate::domain::Enrollment>, ImportReport), ImportError> {
    let existing = stored(store, &folder.course.id)?;
    let mut in_another_case = Vec::new();
    if let Some((_, learners)) = &existing {
        stored_forms::keep_stored_forms(&mut folder, learners);
        in_another_case = stored_forms::keep_usernames_differing_in_case(&mut folder, learners);
    }
    let (course, enrollments, mut report) = merge::merge(folder, existing, keep);
    report.notes.extend(stored_forms::case_note(&in_another_case));
    Ok((course, enrollments, report))
}

#[cfg(test)]
mod guard_tests;
#[cfg(test)]
mod tests;
