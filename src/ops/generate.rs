//! Issuing certificates to every eligible learner who has none.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Result;
use super::issue::{CHUNK, Context, Progress, commit_in_parts, decided_on, issue_to, require_printable_templates};
use super::printable::check_new_pages;
use super::printing::Printer;
use super::standing::{CourseState, load_course_state};
use super::unfinished::{PartedRun, UnfinishedRun, stopped_now, unfinished_run};
use crate::domain::{Action, Code, Ineligible, Percent};
use crate::store::{Commit, Store};

#[derive(Debug, Clone, Serialize)]
pub struct GenerationReport {
    pub course: String,
    pub dry_run: bool,
    /// Stopped by the user; the parts committed before stay issued.
    pub cancelled: bool,
    pub issued: Vec<Issued>,
    pub already_certified: usize,
    pub not_eligible: BTreeMap<Ineligible, Vec<String>>,
    /// Why each learner not eligible for `Ineligible::UnprintablePage` could not be printed.
    pub unprintable_pages: Vec<PageProblem>,
    /// The course's last generate when it stopped before its last part: in a dry run, an
    /// earlier one; else this one, when the user stopped it (`cancelled`).
    pub unfinished: Option<UnfinishedRun>,
}

/// A learner whose certificate would not print, and why (as `export` would refuse it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageProblem {
    pub username: String,
    pub problem: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Issued {
    pub username: String,
    /// `None` in a dry run.
    pub code: Option<Code>,
    pub percent: Percent,
    pub provisional: bool,
}

impl GenerationReport {
    pub fn not_eligible_count(&self) -> usize {
        self.not_eligible.values().map(Vec::len).sum()
    }
}

/// Who would get a certificate now, and why the others would not.
pub fn plan_generation(state: &CourseState) -> GenerationReport {
    let mut report = GenerationReport {
        course: state.course.id.clone(),
        dry_run: true,
        cancelled: false,
        issued: Vec::new(),
        already_certified: 0,
        not_eligible: BTreeMap::new(),
        unprintable_pages: Vec::new(),
        unfinished: None,
    };
    for standing in &state.learners {
        if standing.active().is_some() {
            report.already_certified += 1;
            continue;
        }
        match standing.eligibility {
            Ok(()) => report.issued.push(Issued {
                username: standing.username().to_string(),
                code: None,
                percent: standing.grade.percent,
                provisional: standing.grade.status == crate::domain::GradeStatus::Provisional,
            }),
            Err(reason) => report.not_eligible.entry(reason).or_default().push(standing.username().to_string()),
        }
        if let (Err(Ineligible::UnprintablePage), Some(problem)) = (standing.eligibility, &standing.new_page_problem) {
            let username = standing.username().to_string();
            report.unprintable_pages.push(PageProblem { username, problem: problem.clone() });
        }
    }
    report
}

/// Issues a certificate to every eligible learner of the course who has no active one and
/// whose certificate `printer` can print (their name, and the page as the template lays it
/// out). With `dry_run`, reports the same and writes nothing.
pub fn generate(
    store: &Store,
    course_id: &str,
    context: &Context,
    printer: &Printer,
    dry_run: bool,
    progress: &mut dyn Progress,
) -> Result<GenerationReport> {
    let mut state = load_course_state(store, course_id, context.now)?;
    state.check_names(&printer.fonts);
    let planned: Vec<String> = plan_generation(&state).issued.into_iter().map(|planned| planned.username).collect();
    require_printable_templates(&state, planned.iter().map(String::as_str))?;
    check_new_pages(store, printer, &mut state, &planned, context)?;
    let mut report = plan_generation(&state);
    if dry_run {
        report.unfinished = unfinished_run(&state, &store.events(course_id)?, PartedRun::Generate);
        return Ok(report);
    }
    let planned = std::mem::take(&mut report.issued);
    let parts = commit_in_parts(store, course_id, &planned, progress, |chunk, part| {
        let mut commit = Commit::new(context.event(Action::Generate, String::new(), Vec::new(), Vec::new()));
        let mut issued = Vec::with_capacity(chunk.len());
        for planned in chunk {
            let (write, code) = issue_to(&state, &planned.username, context)?;
            commit.ledgers.push(write);
            commit.decided_on.extend(decided_on(&state, &planned.username));
            commit.event.learners.push(planned.username.clone());
            commit.event.codes.push(code);
            issued.push(Issued { code: Some(code), ..planned.clone() });
        }
        commit.event.summary =
            format!("issued {}{}", crate::domain::counted(chunk.len(), "certificate", "certificates"), part.suffix());
        Ok((commit, issued))
    })?;
    let done = (parts.len(), planned.len().div_ceil(CHUNK));
    report.issued = parts.into_iter().flatten().collect();
    report.cancelled = report.issued.len() < planned.len();
    report.unfinished = stopped_now(PartedRun::Generate, done, planned.len() - report.issued.len(), context);
    report.dry_run = false;
    Ok(report)
}
