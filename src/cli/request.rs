//! `certdesk request COURSE USERNAME [--json]`: the self-service entry point for a portal.
//! Exit status 0 when the learner has a certificate (new or existing), 1 when refused.

use std::process::ExitCode;

use crate::ops::{self, Context, Printer, RequestOutcome};
use crate::store::Store;

pub fn run(
    store: &Store,
    course: &str,
    username: &str,
    json: bool,
    context: &Context,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    let outcome = ops::request_certificate(store, course, username, context, printer)?;
    if json {
        super::print_json(&outcome)?;
    } else {
        match &outcome {
            RequestOutcome::Issued { code } => say!("Issued certificate {code} to {username}."),
            RequestOutcome::Existing { code } => say!("{username} already holds certificate {code}."),
            RequestOutcome::Refused { reason } => say!("Refused: {reason}."),
            RequestOutcome::Paused { why } => say!("Refused: self-service is paused for {username}: {why}."),
        }
    }
    Ok(match outcome {
        RequestOutcome::Refused { .. } | RequestOutcome::Paused { .. } => ExitCode::FAILURE,
        RequestOutcome::Issued { .. } | RequestOutcome::Existing { .. } => ExitCode::SUCCESS,
    })
}
