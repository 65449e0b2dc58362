//! `certdesk allow COURSE USERNAME [--remove]` and
//! `certdesk invalidate COURSE USERNAME (--reason TEXT | --remove)`

use std::process::ExitCode;

use super::interact::confirm_at_terminal;
use super::revoke::described;
use crate::domain::{Ineligible, beyond_the_allowlist};
use crate::ops::{self, Context, Invalidation};
use crate::store::Store;

pub fn allow(store: &Store, course: &str, username: &str, remove: bool, context: &Context) -> anyhow::Result<ExitCode> {
    ops::set_allowed(store, course, username, !remove, context)?;
    if remove {
        say!("{username} is off the allowlist of {course}; the usual rules apply again.");
        // A certificate the allowlist alone earned stays valid: staff hear it is no longer deserved.
        let state = ops::load_learner_state(store, course, username, context.now)?;
        if let Some(standing) = state.as_ref().and_then(|state| state.learner(username))
            && let Some(entry) = standing.active()
            && let Err(why) = standing.eligibility
        {
            say!(
                "Their certificate {} is no longer deserved ({why}) and stays valid until revoked: `certdesk revoke {}` revokes it.",
                entry.certificate.code,
                entry.certificate.code
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    say!("{username} is on the allowlist of {course}: eligible whatever the grade (unless audit or withdrawn).");
    // What keeps them from a certificate all the same: the allowlist passes over the grade only.
    let Some(enrollment) = store.enrollment(course, username)? else { return Ok(ExitCode::SUCCESS) };
    let barred = store.invalidations(course)?.remove(username);
    match beyond_the_allowlist(&enrollment, barred.is_some()) {
        Err(Ineligible::Withdrawn) => {
            say!("It changes nothing now: {username} is withdrawn (re-import them as active to certify them).");
        }
        Err(Ineligible::Audit) => {
            say!("It changes nothing now: {username} is in audit mode, which is never certified.")
        }
        Err(Ineligible::Invalidated) => say!(
            "It changes nothing now: {username} is barred from certification ({}); `certdesk invalidate {course} {username} --remove` lifts that.",
            barred.map(|barred| barred.reason).unwrap_or_default()
        ),
        // Nothing else stands beyond the allowlist.
        Err(_) | Ok(()) => {}
    }
    Ok(ExitCode::SUCCESS)
}

pub fn invalidate(
    store: &Store,
    course: &str,
    username: &str,
    reason: Option<&str>,
    yes: bool,
    context: &Context,
) -> anyhow::Result<ExitCode> {
    if reason.is_some()
        && let Some(ledger) = store.ledger(course, username)?
        && let Some(entry) = ledger.active()
    {
        let question = format!(
            "Bar {username} from certification in {course}, revoking their {}? The revocation cannot be undone.",
            described(&entry.certificate)
        );
        if !confirm_at_terminal(&question, yes)? {
            say!("Nothing changed.");
            return Ok(ExitCode::FAILURE);
        }
    }
    match reason {
        None => {
            ops::revalidate(store, course, username, context)?;
            say!("{username} may be certified in {course} again; revoked certificates stay revoked.");
        }
        Some(reason) => match ops::invalidate(store, course, username, reason, context)? {
            Invalidation::Already => {
                say!("{username} is already barred from certification in {course} for this reason; nothing changed.");
            }
            Invalidation::Barred { revoked } => {
                say!("{username} cannot be certified in {course}: {reason}");
                if let Some(code) = revoked {
                    say!("Revoked their certificate {code}.");
                }
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}
