//! Replacing stale certificates: a new certificate with what is true now, the old one
//! marked superseded by it. Learners no longer eligible are reported, never re-certified.

use serde::Serialize;

use super::Result;
use super::issue::{CHUNK, Context, Progress, commit_in_parts, decided_on, issue_to, require_printable_templates};
use super::printable::{check_active_pages, check_new_pages};
use super::printing::Printer;
use super::standing::{CourseState, Standing, load_course_state};
use super::unfinished::{PartedRun, UnfinishedRun, stopped_now, unfinished_run};
use crate::domain::{Action, Code, Ineligible, Percent};
use crate::store::{Commit, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Every learner whose active certificate is stale.
    Stale,
    Learner(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct RegenerationReport {
    pub course: String,
    pub dry_run: bool,
    pub cancelled: bool,
    pub reissued: Vec<Reissue>,
    /// Stale, but the learner may no longer be certified: staff decide (revoke or allow).
    pub not_eligible: Vec<Refusal>,
    /// Named learners whose certificate still says what is true.
    pub up_to_date: Vec<String>,
    /// Named learners with no active certificate.
    pub without_certificate: Vec<String>,
    /// Of every stale certificate, the course's last regenerate when it stopped before its last
    /// part: in a dry run, an earlier one; else this one, when the user stopped it (`cancelled`).
    pub unfinished: Option<UnfinishedRun>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reissue {
    pub username: String,
    /// `85.0% -> 95.0%, provisional -> final`
    pub change: String,
    pub old_code: Code,
    /// `None` in a dry run.
    pub new_code: Option<Code>,
    pub old_percent: Percent,
    pub new_percent: Percent,
}

#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    pub username: String,
    pub reason: Ineligible,
    pub change: String,
    /// Why the new certificate could not be printed, when that is the reason.
    pub page_problem: Option<String>,
}

/// What regenerating `target` would do.
pub fn plan_regeneration(state: &CourseState, target: &Target) -> Result<RegenerationReport> {
    let mut report = RegenerationReport {
        course: state.course.id.clone(),
        dry_run: true,
        cancelled: false,
        reissued: Vec::new(),
        not_eligible: Vec::new(),
        up_to_date: Vec::new(),
        without_certificate: Vec::new(),
        unfinished: None,
    };
    let standings = targeted(state, target)?;
    let named = matches!(target, Target::Learner(_));
    for standing in standings {
        let username = standing.username().to_string();
        let Some(active) = standing.active() else {
            if named {
                report.without_certificate.push(username);
            }
            continue;
        };
        let Some(staleness) = standing.staleness() else {
            if named {
                report.up_to_date.push(username);
            }
            continue;
        };
        let change = staleness.describe();
        match standing.eligibility {
            Ok(()) => report.reissued.push(Reissue {
                username,
                change,
                old_code: active.certificate.code,
                new_code: None,
                old_percent: active.certificate.snapshot.percent,
                new_percent: standing.grade.percent,
            }),
            Err(reason) => {
                let page_problem = standing.new_page_problem.clone();
                report.not_eligible.push(Refusal { username, reason, change, page_problem });
            }
        }
    }
    Ok(report)
}

/// The learners `target` names.
fn targeted<'a>(state: &'a CourseState, target: &Target) -> Result<Vec<&'a Standing>> {
    Ok(match target {
        Target::Stale => state.learners.iter().collect(),
        Target::Learner(username) => {
            vec![state.learner(username).ok_or_else(|| state.unknown_learner(username))?]
        }
    })
}

/// Issues a new certificate for each stale one in `target` and supersedes the old one. A
/// certificate its own template revision cannot print counts as stale; a new one is never
/// issued that `printer` cannot print (the name, or the page as the template lays it out).
pub fn regenerate(
    store: &Store,
    course_id: &str,
    target: &Target,
    context: &Context,
    printer: &Printer,
    dry_run: bool,
    progress: &mut dyn Progress,
) -> Result<RegenerationReport> {
    let mut state = load_course_state(store, course_id, context.now)?;
    state.check_names(&printer.fonts);
    // Only those that are not stale already need laying out to find out.
    let up_to_date: Vec<String> = targeted(&state, target)?
        .into_iter()
        .filter(|standing| standing.active().is_some() && standing.staleness().is_none())
        .map(|standing| standing.username().to_string())
        .collect();
    check_active_pages(store, printer, &mut state, &up_to_date)?;
    let planned: Vec<String> =
        plan_regeneration(&state, target)?.reissued.into_iter().map(|planned| planned.username).collect();
    require_printable_templates(&state, planned.iter().map(String::as_str))?;
    check_new_pages(store, printer, &mut state, &planned, context)?;
    let mut report = plan_regeneration(&state, target)?;
    if dry_run {
        if *target == Target::Stale {
            report.unfinished = unfinished_run(&state, &store.events(course_id)?, PartedRun::Regenerate);
        }
        return Ok(report);
    }
    let planned = std::mem::take(&mut report.reissued);
    let parts = commit_in_parts(store, course_id, &planned, progress, |chunk, part| {
        let mut commit = Commit::new(context.event(Action::Regenerate, String::new(), Vec::new(), Vec::new()));
        let mut done = Vec::with_capacity(chunk.len());
        for planned in chunk {
            let (write, code) = issue_to(&state, &planned.username, context)?;
            commit.ledgers.push(write);
            commit.decided_on.extend(decided_on(&state, &planned.username));
            commit.event.learners.push(planned.username.clone());
            commit.event.codes.extend([planned.old_code, code]);
            done.push(Reissue { new_code: Some(code), ..planned.clone() });
        }
        commit.event.summary = format!(
            "replaced {}{}",
            crate::domain::counted(chunk.len(), "stale certificate", "stale certificates"),
            part.suffix()
        );
        Ok((commit, done))
    })?;
    let done = (parts.len(), planned.len().div_ceil(CHUNK));
    report.reissued = parts.into_iter().flatten().collect();
    report.cancelled = report.reissued.len() < planned.len();
    if *target == Target::Stale {
        let waiting = planned.len() - report.reissued.len();
        report.unfinished = stopped_now(PartedRun::Regenerate, done, waiting, context);
    }
    report.dry_run = false;
    Ok(report)
}
