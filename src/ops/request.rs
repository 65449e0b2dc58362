//! Self-service: what a learner-facing portal calls when a learner asks for a certificate.

use serde::Serialize;

use super::examples::outdated_for;
use super::issue::{Context, decided_on, issue_to, require_printable_templates};
use super::printable::check_new_pages;
use super::printing::Printer;
use super::settings::{examples_command, examples_failed};
use super::standing::{CourseState, Standing, load_learner_state};
use super::{OpsError, Result};
use crate::domain::{Action, Code, Ineligible};
use crate::store::{Commit, Store};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestOutcome {
    Issued {
        code: Code,
    },
    /// The learner already holds a certificate in force; it is returned, not duplicated.
    Existing {
        code: Code,
    },
    Refused {
        reason: String,
    },
    /// Self-service is on, but the examples no longer stand for this certificate (the
    /// template changed since they were made, or a name longer than theirs): staff must make
    /// them again. `why` is for staff; a learner is told only that staff will issue it.
    Paused {
        why: String,
    },
}

/// Why self-service may not issue `standing`'s certificate now, if it may not: the course's
/// examples, which vouched for self-service when it was turned on, no longer stand for it.
pub fn self_service_paused(store: &Store, state: &CourseState, standing: &Standing) -> Result<Option<String>> {
    let course_id = &state.course.id;
    let examples = store.examples(course_id)?;
    if let Some(failed) = examples_failed(examples.as_ref(), &examples_command(course_id)) {
        return Ok(Some(failed));
    }
    let Some(examples) = examples else { return Ok(None) };
    let enrollment = &standing.enrollment;
    Ok(outdated_for(state, &examples, &enrollment.full_name, enrollment.mode)
        .map(|why| format!("{why}; run `certdesk examples {course_id}` again")))
}

/// Issues the learner's certificate if they may have one and `printer` can print it (their
/// name, and the page as the template lays it out).
pub fn request_certificate(
    store: &Store,
    course_id: &str,
    username: &str,
    context: &Context,
    printer: &Printer,
) -> Result<RequestOutcome> {
    // Another request (the button pressed twice, a second tab) or staff at work may change the
    // learner's certificates between the reading and the writing: then all is read again, which
    // most likely finds the certificate the other request issued.
    let mut attempts = 0;
    loop {
        attempts += 1;
        match request_once(store, course_id, username, context, printer) {
            Err(OpsError::Store(crate::store::StoreError::Changed(_))) if attempts < 4 => continue,
            outcome => return outcome,
        }
    }
}

fn request_once(
    store: &Store,
    course_id: &str,
    username: &str,
    context: &Context,
    printer: &Printer,
) -> Result<RequestOutcome> {
    // No "did you mean": a portal asks on a learner's behalf, and must not learn other usernames.
    let unknown = || OpsError::UnknownLearner {
        course: course_id.to_string(),
        username: username.to_string(),
        hint: String::new(),
    };
    let mut state = load_learner_state(store, course_id, username, context.now)?.ok_or_else(unknown)?;
    let standing = state.learner(username).ok_or_else(unknown)?;
    if !state.settings.self_generation {
        let reason = "this course does not issue certificates on request; course staff issue them".to_string();
        return Ok(RequestOutcome::Refused { reason });
    }
    if let Some(active) = standing.active() {
        return Ok(RequestOutcome::Existing { code: active.certificate.code });
    }
    if let Err(reason) = standing.eligibility {
        return Ok(RequestOutcome::Refused { reason: reason.explain() });
    }
    if standing.ledger.revoked_by_staff() {
        let reason = "the course staff revoked the certificate; only they can issue a new one".to_string();
        return Ok(RequestOutcome::Refused { reason });
    }
    if let Some(c) = printer.fonts.missing_char(&standing.enrollment.full_name) {
        return Ok(RequestOutcome::Refused { reason: Ineligible::Unprintable(c).explain() });
    }
    if let Some(why) = self_service_paused(store, &state, standing)? {
        return Ok(RequestOutcome::Paused { why });
    }
    let usernames = [username.to_string()];
    require_printable_templates(&state, usernames.iter().map(String::as_str))?;
    check_new_pages(store, printer, &mut state, &usernames, context)?;
    if state.learner(username).is_some_and(|standing| standing.new_page_problem.is_some()) {
        return Ok(RequestOutcome::Refused { reason: Ineligible::UnprintablePage.explain() });
    }
    for _ in 0..4 {
        let (write, code) = issue_to(&state, username, context)?;
        let summary = format!("issued {code} on request of {username}");
        let mut commit = Commit::new(context.event(Action::Request, summary, vec![username.to_string()], vec![code]));
        commit.ledgers.push(write);
        commit.decided_on.extend(decided_on(&state, username));
        match store.commit(course_id, &commit) {
            Ok(()) => {
                store.flush()?;
                return Ok(RequestOutcome::Issued { code });
            }
            Err(crate::store::StoreError::CodeTaken(_)) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(OpsError::Refused("could not draw an unused verification code; try again".to_string()))
}
