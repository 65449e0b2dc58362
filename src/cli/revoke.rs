//! `certdesk delete COURSE (USERNAME | --all [--yes])` and `certdesk revoke CODE --reason TEXT`

use std::process::ExitCode;

use super::interact::{StderrProgress, confirm};
use crate::domain::Code;
use crate::ops::{self, Context, DeleteTarget};
use crate::store::Store;

pub fn delete(
    store: &Store,
    course: &str,
    target: &DeleteTarget,
    yes: bool,
    context: &Context,
) -> anyhow::Result<ExitCode> {
    if *target == DeleteTarget::All {
        let count = ops::active_ledgers(store, course)?.len();
        if count == 0 {
            say!("{course} has no active certificates; nothing to delete.");
            return Ok(ExitCode::SUCCESS);
        }
        let question = format!(
            "Delete the {count} active certificates of {course}? They stay in the history as revoked (reason: deleted)."
        );
        if !confirm(&question, yes, "--yes")? {
            say!("Nothing deleted.");
            return Ok(ExitCode::FAILURE);
        }
    }
    let mut progress = StderrProgress::new("delete");
    let revoked = ops::delete_certificates(store, course, target, context, &mut progress)?;
    drop(progress);
    match target {
        DeleteTarget::Learner(_) => {
            for item in &revoked {
                say!("Deleted {} of {}; it stays in the history as revoked (deleted).", item.code, item.username);
            }
        }
        DeleteTarget::All => {
            say!(
                "Deleted {} of {course}; they stay in the history as revoked (deleted).",
                crate::domain::counted(revoked.len(), "certificate", "certificates")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn revoke(store: &Store, code: &str, reason: &str, context: &Context) -> anyhow::Result<ExitCode> {
    let code: Code = code.parse().map_err(ops::OpsError::from)?;
    let revoked = ops::revoke(store, code, reason, context)?;
    say!("Revoked {} of {}: {reason}", revoked.code, revoked.username);
    say!(
        "If {} is still eligible, the next `certdesk generate` issues them a new certificate (they cannot ask for one themselves); `certdesk invalidate` bars them.",
        revoked.username
    );
    Ok(ExitCode::SUCCESS)
}
