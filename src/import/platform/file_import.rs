//! `certdesk import FILE [--format F] [--course C] [--grading-policy P] [--roster R]`: read
//! the export and what supplements it, report every problem at once, compare certdesk's
//! grades with the platform's, and write the course only when nothing is wrong and no score
//! entered in certdesk would be lost unasked.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::agreement::{Exceptions, compare};
use super::build::{Built, Supplements, build};
use super::export::Format;
use super::{Problem, policy, read_export, roster};
use crate::domain::Enrollment;
use crate::domain::name::composed;
use crate::import::{Consent, ImportError, ImportReport, Keep, Problems, Supplement, Wording, course_file};
use crate::store::Store;

/// Everything `import FILE` is given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileImport {
    pub path: PathBuf,
    pub format: Option<Format>,
    pub course: Option<PathBuf>,
    pub grading_policy: Option<PathBuf>,
    pub roster: Option<PathBuf>,
    pub keep: Option<Keep>,
    /// The learners new to the course are new, even though most of the course's learners are
    /// missing from the file (which otherwise looks keyed by another column, and is refused).
    pub new_learners: bool,
    /// The activities the file no longer has are gone, even when they are most of the
    /// course's graded ones (which otherwise looks like a file of another layout, and is refused).
    pub remove_activities: bool,
    /// Check everything and report what the import would do, but write nothing.
    pub dry_run: bool,
}

impl FileImport {
    /// What the person importing agreed to, as the import's guards read it.
    pub fn consent(&self) -> Consent {
        Consent { keep: self.keep, remove_activities: self.remove_activities, dry_run: self.dry_run }
    }
}

/// Imports `request.path`: a course folder (the request's supplements aside, which a folder
/// holds itself) or a platform's export.
pub fn import_path(store: &Store, request: &FileImport, by: (&str, Timestamp)) -> Result<ImportReport, ImportError> {
    if request.path.is_dir() {
        crate::import::import_folder(store, &request.path, request.consent(), by)
    } else {
        import_file(store, request, by)
    }
}

/// Reads a file as UTF-8 or UTF-16, reporting the first line that is neither and how many are not.
fn read_text(path: &Path, problems: &mut Vec<Problem>) -> Option<String> {
    let name = path.display().to_string();
    let bytes = match crate::access::read_input(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            problems.push(Problem::new(&name, None, None, "there is no such file or folder; check the path"));
            return None;
        }
        Err(error) => {
            let reason = crate::access::read_error(path, &error);
            problems.push(Problem::new(&name, None, None, format!("cannot read it: {reason}")));
            return None;
        }
    };
    match crate::import::encoding::decode(bytes) {
        Ok(text) => Some(composed(text)),
        Err(not_text) => {
            // One problem, however many lines: binary garbage would otherwise fill the screen.
            let problem = match not_text.first() {
                Some((line, Some(position))) => Problem::at(&name, line, position, None, not_text.describe()),
                Some((line, None)) => Problem::new(&name, Some(line), None, not_text.describe()),
                None => Problem::new(&name, None, None, not_text.describe()),
            };
            problems.push(problem);
            None
        }
    }
}

/// The supplements named in `options`, each read and checked.
fn supplements(options: &FileImport, problems: &mut Vec<Problem>) -> Supplements {
    let name = |path: &Path| path.display().to_string();
    let mut found = Supplements::default();
    if let Some(path) = &options.course
        && let Some(text) = read_text(path, problems)
    {
        match course_file::parse_spec(&text, &name(path)) {
            Ok(spec) => found.course = Some((name(path), spec)),
            Err(list) => problems.extend(list),
        }
    }
    if let Some(path) = &options.grading_policy
        && let Some(text) = read_text(path, problems)
    {
        match policy::parse(&name(path), &text) {
            Ok(policy) => found.policy = Some((name(path), policy)),
            Err(list) => problems.extend(list),
        }
    }
    if let Some(path) = &options.roster
        && let Some(text) = read_text(path, problems)
    {
        match roster::parse(&name(path), &text) {
            Ok(roster) => found.roster = Some((name(path), roster)),
            Err(list) => problems.extend(list),
        }
    }
    found
}

/// Reads the export with its supplements into a course, or every problem found.
pub fn read_file_import(options: &FileImport, store: Option<&Store>) -> Result<Built, ImportError> {
    let mut problems = Vec::new();
    let mut supplements = supplements(options, &mut problems);
    let course_id = supplements.course.as_ref().and_then(|(_, spec)| spec.id.clone());
    if let (Some(store), Some(id)) = (store, course_id) {
        supplements.stored = store.course(&id)?;
    }
    // What is missing is only worth listing once the files given are right.
    let supplements_ok = problems.is_empty();
    let file = options.path.display().to_string();
    let export = read_text(&options.path, &mut problems)
        .and_then(|text| read_export(&file, &text, options.format, &mut problems));
    if let Some(export) = &export
        && export.format != Format::OpenEdx
        && let Some((policy_file, _)) = &supplements.policy
    {
        problems.push(Problem::new(
            policy_file,
            None,
            None,
            format!(
                "a grading policy is Open edX's, but {file} is {}",
                super::export::with_article(export.format.label())
            ),
        ));
    }
    let built = export.filter(|_| supplements_ok).and_then(|export| build(export, &supplements, &mut problems));
    match built {
        Some(built) if problems.is_empty() => Ok(built),
        _ => Err(Problems(problems).into()),
    }
}

/// Imports (or re-imports) a platform export: validates everything, combines it with the
/// course as stored, compares grades with the platform's, and replaces the course at once
/// (with `dry_run`, only reports).
pub fn import_file(
    store: &Store,
    options: &FileImport,
    (who, now): (&str, Timestamp),
) -> Result<ImportReport, ImportError> {
    let mut built = read_file_import(options, Some(store))?;
    let course_id = built.folder.course.id.clone();
    let existing = crate::import::stored(store, &course_id)?;
    if let Some((course, learners)) = &existing {
        let same_titles = super::matching::same_title_problems(course, &built, &options.path.display().to_string());
        if !same_titles.is_empty() {
            return Err(Problems(same_titles).into());
        }
        for (read, kept) in crate::import::stored_forms::keep_stored_forms(&mut built.folder, learners) {
            if let Some(verdict) = built.verdicts.remove(&read) {
                built.verdicts.insert(kept, verdict);
            }
        }
        keep_earlier_usernames(learners, &mut built);
        super::matching::keep_usernames_differing_in_case(learners, &mut built);
        let file = options.path.display().to_string();
        if !options.new_learners {
            let stand_ins = super::matching::stand_in_problems(learners, &built, &file);
            if !stand_ins.is_empty() {
                return Err(Problems(stand_ins).into());
            }
        }
        if !options.new_learners
            && let Some(problem) = super::matching::rekeyed_file_problem(learners, &built, &file)
        {
            return Err(Problems(vec![problem]).into());
        }
    }
    let Built { folder, verdicts, format, layout: _, grade_column: _, notes, earlier_usernames: _, without_login: _ } =
        built;
    let (course, enrollments, mut report) = crate::import::merge::merge(folder, existing, options.keep);
    let allowlist = store.allowlist(&course_id)?;
    let invalidations = store.invalidations(&course_id)?;
    let exceptions = Exceptions { allowlist: &allowlist, invalidations: &invalidations };
    let (grades, eligibility) = compare(&course, &enrollments, &verdicts, &exceptions, now);
    drop(verdicts);
    report.format = Some(format.to_string());
    report.agreement = grades;
    report.eligibility_agreement = eligibility;
    report.notes = notes;
    let consent = options.consent();
    let file = options.path.display().to_string();
    crate::import::guarded(&report, (&file, crate::import::guards::Source::Export), consent)?;
    let mut report = crate::import::decided(report, options.keep)?;
    report.certificates_affected =
        crate::import::certificates::affected_certificates(store, &course, &enrollments, now)?;
    crate::import::written(store, &course, &enrollments, report, consent, (who, now))
}

/// A learner the course knows under the username of an earlier export (Canvas's ID, before
/// their SIS login was filled in) keeps it: under the new one they would be a second learner,
/// with a second certificate. Said in the report's notes.
fn keep_earlier_usernames(learners: &[Enrollment], built: &mut Built) {
    if built.earlier_usernames.is_empty() {
        return;
    }
    let known: HashSet<&str> = learners.iter().map(|learner| learner.username.as_str()).collect();
    let in_file: HashSet<String> = built.folder.roster.iter().map(|entry| entry.username.clone()).collect();
    let mut kept = Vec::new();
    for (username, earlier) in std::mem::take(&mut built.earlier_usernames) {
        if known.contains(username.as_str()) || !known.contains(earlier.as_str()) || in_file.contains(&earlier) {
            continue;
        }
        let folder = &mut built.folder;
        for entry in folder.roster.iter_mut().filter(|entry| entry.username == username) {
            entry.username = earlier.clone();
        }
        if let Some(row) = folder.grades.rows.remove(&username) {
            folder.grades.rows.insert(earlier.clone(), row);
        }
        if let Some(verdict) = built.verdicts.remove(&username) {
            built.verdicts.insert(earlier.clone(), verdict);
        }
        kept.push(format!("{username} as {earlier}"));
    }
    if !kept.is_empty() {
        built.notes.push(format!(
            "Kept under the username they were first imported with, their Canvas ID (their SIS Login ID was empty then): {}.",
            kept.join(", ")
        ));
    }
}

/// Writes the draft course.toml for an export to `target`, never over an existing file,
/// its comments in `wording`'s words; returns how many values are left to fill in.
pub fn write_draft(options: &FileImport, target: &Path, wording: &dyn Wording) -> Result<Draft, ImportError> {
    let (text, supplements) = draft_for(options, wording)?;
    let write_error = |source| ImportError::Write { path: target.to_path_buf(), source };
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(target) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ImportError::DraftExists(target.to_path_buf()));
        }
        Err(error) => return Err(write_error(error)),
    };
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(write_error)?;
    let fill_in = text.lines().filter(|line| !line.starts_with('#') && line.contains("\"FILL IN\"")).count();
    Ok(Draft { fill_in, supplements })
}

/// A draft written: how many of its values are to be filled in, and the files besides it its
/// comments say to import with (`draft::supplements`).
#[derive(Debug)]
pub struct Draft {
    pub fill_in: usize,
    pub supplements: Vec<(Supplement, String)>,
}

/// The draft course.toml for an export (with its grading policy, if given), its comments in
/// `wording`'s words, and the files besides it those comments say to import with.
pub fn draft_for(
    options: &FileImport,
    wording: &dyn Wording,
) -> Result<(String, Vec<(Supplement, String)>), ImportError> {
    let mut problems = Vec::new();
    let file = options.path.display().to_string();
    if options.path.is_dir() {
        let message = "a course folder has its own course.toml: a draft is made from a platform's export";
        return Err(Problems(vec![Problem::new(&file, None, None, message)]).into());
    }
    let policy = options.grading_policy.as_ref().and_then(|path| {
        let text = read_text(path, &mut problems)?;
        policy::parse(&path.display().to_string(), &text).map_err(|list| problems.extend(list)).ok()
    });
    let export = read_text(&options.path, &mut problems)
        .and_then(|text| read_export(&file, &text, options.format, &mut problems));
    match export {
        Some(export) if problems.is_empty() => {
            let stem = options.path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
            let supplements =
                super::draft::supplements(export.format, options.grading_policy.as_deref(), options.roster.as_deref());
            Ok((super::draft_course_toml(&export, policy.as_ref(), &supplements, &stem, wording), supplements))
        }
        _ => Err(Problems(problems).into()),
    }
}
