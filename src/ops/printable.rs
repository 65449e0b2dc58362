//! Whether certificates can be printed, found out by laying out their pages: before one is
//! issued (so nothing is issued that `export` refuses), and when `regenerate` looks for the
//! ones to replace (a certificate its own template revision cannot print is stale).

use rayon::prelude::*;

use super::Result;
use super::issue::{Context, snapshot};
use super::printing::{Printer, certificate_data};
use super::standing::CourseState;
use crate::domain::{Certificate, Code};
use crate::store::Store;

/// Lays out the certificate each of `usernames` would be issued now and marks those whose page
/// cannot be printed: they become ineligible for that reason (`Ineligible::UnprintablePage`).
/// The pages carry the widest code there is, so any code drawn at issue fits where it did.
pub fn check_new_pages(
    store: &Store,
    printer: &Printer,
    state: &mut CourseState,
    usernames: &[String],
    context: &Context,
) -> Result<()> {
    let shared: &CourseState = state;
    let problems = lay_out_each(usernames, |username| {
        let Some(standing) = shared.learner(username) else { return Ok(None) };
        let snapshot = snapshot(shared, standing, context)?;
        let certificate = Certificate::new(Code::WIDEST, &shared.course.id, username, snapshot);
        problem_of(store, printer, shared, &certificate, &standing.enrollment.email)
    })?;
    for (username, problem) in problems {
        if let Some(standing) = state.learner_mut(&username) {
            standing.new_page_problem = Some(problem);
            standing.bar_unprintable();
        }
    }
    Ok(())
}

/// Lays out the active certificate of each of `usernames` with its own template revision and
/// marks those that cannot be printed, which makes them stale.
pub fn check_active_pages(
    store: &Store,
    printer: &Printer,
    state: &mut CourseState,
    usernames: &[String],
) -> Result<()> {
    let shared: &CourseState = state;
    let problems = lay_out_each(usernames, |username| {
        let Some(standing) = shared.learner(username) else { return Ok(None) };
        let Some(entry) = standing.active() else { return Ok(None) };
        problem_of(store, printer, shared, &entry.certificate, &standing.enrollment.email)
    })?;
    for (username, problem) in problems {
        if let Some(standing) = state.learner_mut(&username) {
            standing.active_page_problem = Some(problem);
        }
    }
    Ok(())
}

/// Why `certificate` cannot be printed, as `export` would refuse it; `None` when it can.
fn problem_of(
    store: &Store,
    printer: &Printer,
    state: &CourseState,
    certificate: &Certificate,
    email: &str,
) -> Result<Option<String>> {
    let data = certificate_data(certificate, &state.course, &state.settings, email);
    let template = &certificate.snapshot.template;
    let (_, diagnostics) = printer.page(store, template, &data)?;
    Ok(super::printing::first_error(template, &diagnostics).map(|problem| problem.text))
}

/// `problem` of every username, on every core (a page takes a fraction of a millisecond, a
/// course can have 100,000 learners); the usernames with a problem, in order.
fn lay_out_each(
    usernames: &[String],
    problem: impl Fn(&str) -> Result<Option<String>> + Sync,
) -> Result<Vec<(String, String)>> {
    usernames
        .par_iter()
        .filter_map(|username| {
            problem(username).map(|found| found.map(|problem| (username.clone(), problem))).transpose()
        })
        .collect()
}
