//! Templates: the built-in designs, saving revisions (refused while the check finds errors),
//! which template a mode prints with (assigned once it prints the course's certificates), and
//! where each template is used.

use serde::Serialize;

use super::issue::Context;
use super::printing::Printer;
use super::printing::example_data;
use super::settings::SettingsChange;
use super::{OpsError, Result};
use crate::domain::template::is_valid_name;
use crate::domain::{AssignBy, CourseSettings, Mode, Percent, TemplateRef, TemplateRevision};
use crate::render::check::{check, roster_worst_cases};
use crate::render::data::RenderData;
use crate::render::defaults::DEFAULTS;
use crate::render::layout::{Diagnostic, Severity};
use crate::store::Store;

/// The account recorded for the built-in templates.
const BUILT_IN: &str = "certdesk";

/// Saves the built-in `honor` and `verified` templates as revision 1 when the database has
/// no template of that name yet.
pub fn ensure_default_templates(store: &Store, now: jiff::Timestamp) -> Result<()> {
    for (name, source) in DEFAULTS {
        // A built-in design nobody edited follows the one this certdesk ships (a new revision:
        // certificates already issued keep printing from theirs); an edited one is the staff's.
        let next = match store.latest_template(name)? {
            None => 1,
            Some(latest) if latest.saved_by == BUILT_IN && latest.source != *source => latest.revision + 1,
            Some(_) => continue,
        };
        let revision = TemplateRevision {
            name: name.to_string(),
            revision: next,
            source: source.to_string(),
            saved_at: now,
            saved_by: BUILT_IN.to_string(),
        };
        store.install_built_in_template(&revision)?;
    }
    Ok(())
}

/// The template name a mode prints with: the course's choice, else the built-in one.
pub fn template_name(settings: &CourseSettings, mode: Mode) -> &str {
    settings.template_for(mode).unwrap_or(mode.as_str())
}

/// The newest revision of the template `mode` prints with. Revision 0 when the template was
/// never saved (a database the built-in templates were not seeded into): printing with it
/// then fails with a sentence that names it, while everything else keeps working.
pub fn current_template(store: &Store, settings: &CourseSettings, mode: Mode) -> Result<TemplateRef> {
    let name = template_name(settings, mode);
    let revision = store.latest_template(name)?.map_or(0, |latest| latest.revision);
    Ok(TemplateRef { name: name.to_string(), revision })
}

#[derive(Debug, Clone, Serialize)]
pub struct TemplateSummary {
    pub name: String,
    pub latest: u32,
    pub saved_at: jiff::Timestamp,
    pub saved_by: String,
    /// `course-id (mode)` for every course and mode printing with it.
    pub used_by: Vec<String>,
}

pub fn list_templates(store: &Store) -> Result<Vec<TemplateSummary>> {
    let mut summaries: Vec<TemplateSummary> = Vec::new();
    for revision in store.template_revisions()? {
        match summaries.last_mut() {
            Some(last) if last.name == revision.name => {
                (last.latest, last.saved_at, last.saved_by) = (revision.revision, revision.saved_at, revision.saved_by);
            }
            _ => summaries.push(TemplateSummary {
                name: revision.name,
                latest: revision.revision,
                saved_at: revision.saved_at,
                saved_by: revision.saved_by,
                used_by: Vec::new(),
            }),
        }
    }
    for course in store.courses()? {
        let settings = store.settings(&course.id)?;
        for mode in [Mode::Honor, Mode::Verified] {
            let name = template_name(&settings, mode);
            if let Some(summary) = summaries.iter_mut().find(|summary| summary.name == name) {
                summary.used_by.push(format!("{} ({mode})", course.id));
            }
        }
    }
    Ok(summaries)
}

/// The courses that issue certificates on request and print one of their modes with the
/// template `name`: a new revision of it pauses their self-service until their examples are
/// made again.
pub fn self_service_courses_printing(store: &Store, name: &str) -> Result<Vec<String>> {
    let mut courses = Vec::new();
    for course in store.courses()? {
        let settings = store.settings(&course.id)?;
        let prints = [Mode::Honor, Mode::Verified].into_iter().any(|mode| template_name(&settings, mode) == name);
        if settings.self_generation && prints {
            courses.push(course.id);
        }
    }
    Ok(courses)
}

/// Every problem of `source`, checked on worst-case data printed for `course` (its title, dates,
/// institution and signatories) and the worst names of its roster; for a made-up course without one.
pub fn check_template(store: &Store, printer: &Printer, source: &str, course: Option<&str>) -> Result<Vec<Diagnostic>> {
    let courses = match course {
        Some(course) => vec![super::require_course(store, course)?.id],
        None => Vec::new(),
    };
    let names = worst_roster_names(store, printer, &courses)?;
    Ok(check(source, &names, &course_examples(store, &courses)?, &printer.fonts, &printer.images))
}

/// The worst names of the rosters of `courses` (see `roster_worst_cases`).
fn worst_roster_names(store: &Store, printer: &Printer, courses: &[String]) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for course in courses {
        names.extend(store.enrollments(course)?.into_iter().map(|enrollment| enrollment.full_name));
    }
    Ok(roster_worst_cases(&names, &printer.fonts))
}

fn course_examples(store: &Store, courses: &[String]) -> Result<Vec<RenderData>> {
    courses.iter().map(|course| course_example(store, course)).collect()
}

/// An example certificate of `course_id` as issued today: what the check prints its worst
/// cases with.
pub fn course_example(store: &Store, course_id: &str) -> Result<RenderData> {
    let course = super::require_course(store, course_id)?;
    let settings = store.settings(course_id)?;
    let today = jiff::Timestamp::now();
    Ok(example_data(&course, &settings, "Alex Sample", Mode::Honor, Percent::FULL, today))
}

/// The courses that print one of their modes with the template `name`.
pub fn courses_printing(store: &Store, name: &str) -> Result<Vec<String>> {
    let mut courses = Vec::new();
    for course in store.courses()? {
        let settings = store.settings(&course.id)?;
        if [Mode::Honor, Mode::Verified].into_iter().any(|mode| template_name(&settings, mode) == name) {
            courses.push(course.id);
        }
    }
    Ok(courses)
}

/// Saves `source` as the next revision of `name`; refused while the check finds errors.
/// Returns the new revision and the warnings.
pub fn save_template(
    store: &Store,
    printer: &Printer,
    name: &str,
    source: &str,
    context: &Context,
) -> Result<(u32, Vec<Diagnostic>)> {
    if !is_valid_name(name) {
        return Err(OpsError::Refused(format!(
            "'{name}' is not a template name: {}",
            crate::domain::template::NAME_RULE
        )));
    }
    // Every roster's names, printed for the courses that print with it now (a template is
    // checked again for a course when it is assigned there).
    let all_courses: Vec<String> = store.courses()?.into_iter().map(|course| course.id).collect();
    let names = worst_roster_names(store, printer, &all_courses)?;
    let printing = courses_printing(store, name)?;
    let examples = course_examples(store, &printing)?;
    let diagnostics = check(source, &names, &examples, &printer.fonts, &printer.images);
    if let Some(error) = diagnostics.iter().find(|diagnostic| diagnostic.severity == Severity::Error) {
        let check = match printing.first() {
            None => "`certdesk template check FILE`".to_string(),
            Some(course) => {
                format!("`certdesk template check FILE --course {course}` (it prints for {})", printing.join(", "))
            }
        };
        let first = match error.line {
            0 => format!("the first: {error}"),
            _ => format!("the first at line {error}"),
        };
        return Err(OpsError::Refused(format!(
            "not saved: {name} has errors ({} in all), {first}; run {check}",
            diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
        )));
    }
    let previous = store.latest_template(name)?;
    if let Some(previous) = &previous
        && previous.source == source
    {
        return Ok((previous.revision, diagnostics));
    }
    let revision = TemplateRevision {
        name: name.to_string(),
        revision: previous.map_or(0, |previous| previous.revision) + 1,
        source: source.to_string(),
        saved_at: context.now,
        saved_by: context.who.clone(),
    };
    store.save_template(&revision)?;
    Ok((revision.revision, diagnostics))
}

/// Refuses a template `course_id` cannot print with: one that does not exist, or whose newest
/// revision cannot print the course's certificates (the check of `template check --course`).
pub fn require_assignable(store: &Store, printer: &Printer, course_id: &str, name: &str) -> Result<()> {
    let Some(latest) = store.latest_template(name)? else {
        return Err(OpsError::Refused(format!(
            "there is no template '{name}' (see `certdesk template list`; `certdesk template save` adds one)"
        )));
    };
    let diagnostics = check_template(store, printer, &latest.source, Some(course_id))?;
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    match errors.first() {
        None => Ok(()),
        Some(first) => {
            let first = match first.line {
                0 => format!("the first: {first}"),
                _ => format!("the first at line {first}"),
            };
            Err(OpsError::Refused(format!(
                "not assigned: {name}@{} cannot print {course_id}'s certificates ({} in all, {first}); run `certdesk template check FILE --course {course_id}`",
                latest.revision,
                errors.len(),
            )))
        }
    }
}

/// Makes `mode` of `course_id` print with the newest revision of template `name` from now on,
/// after checking it prints this course's certificates: saved for other courses, its title,
/// dates or signatories may not fit this one's. Returns the settings lines that changed (none
/// when the mode prints with it already). What `certdesk template assign` and the TUI's
/// template picker both do, so both refuse alike.
pub fn assign_template(
    store: &Store,
    printer: &Printer,
    course_id: &str,
    mode: Mode,
    name: &str,
    context: &Context,
) -> Result<Vec<String>> {
    require_assignable(store, printer, course_id, name)?;
    let change = SettingsChange { template: Some((mode, Some(name.to_string()))), ..SettingsChange::default() };
    super::change_settings(store, course_id, &change, context)
}

/// How many revisions deleting template `name` removes; refused, saying why and what to do,
/// for a built-in design, a name no template has, or a template a course prints with or a
/// certificate was printed with. What the deletion's confirmation asks about.
pub fn template_deletion(store: &Store, name: &str, by: AssignBy) -> Result<u32> {
    refuse_built_in(name, by)?;
    let Some(latest) = store.latest_template(name)? else {
        return Err(OpsError::Refused(format!("there is no template '{name}' (see `certdesk template list`)")));
    };
    if let Some(refusal) = store.template_use(name)?.refusal(name, by) {
        return Err(OpsError::Refused(refusal));
    }
    Ok(latest.revision)
}

/// Deletes every revision of template `name`, in the database's trail; refused as
/// `template_deletion` says (the store looks again as it deletes, so a certificate issued
/// meanwhile still keeps it). Returns how many revisions went.
pub fn delete_template(store: &Store, name: &str, context: &Context) -> Result<usize> {
    refuse_built_in(name, AssignBy::Command)?;
    Ok(store.delete_template(name, &context.who)?)
}

fn refuse_built_in(name: &str, by: AssignBy) -> Result<()> {
    if DEFAULTS.iter().any(|(built_in, _)| *built_in == name) {
        return Err(OpsError::Refused(format!(
            "{name} is a built-in template and cannot be deleted: a mode that should not print with it can be assigned another ({})",
            by.assign_instead_of(name)
        )));
    }
    Ok(())
}
