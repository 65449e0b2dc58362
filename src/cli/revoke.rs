//! `certdesk delete COURSE (USERNAME | --all) [--yes]` and `certdesk revoke CODE --reason TEXT
//! [--yes]`

use std::process::ExitCode;

use super::interact::{StderrProgress, confirm, confirm_at_terminal};
use crate::domain::{Certificate, CertificateStatus, Code};
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
        let mut question = format!(
            "Delete the {count} active certificates of {course}? They stay in the history as revoked (reason: deleted)."
        );
        let events = store.events(course)?;
        if let Some(unfinished) = ops::unfinished_run_leaving(&events, ops::PartedRun::DeleteAll, || count) {
            question = format!("{}. {question}", unfinished.describe());
        }
        if !confirm(&question, yes, "--yes")? {
            say!("Nothing deleted.");
            return Ok(ExitCode::FAILURE);
        }
    }
    let mut target = target.clone();
    if let DeleteTarget::Learner(username) = &target
        && let Some(ledger) = store.ledger(course, username)?
        && let Some(entry) = ledger.active()
    {
        let question =
            format!("Delete {}? It stays in the history as revoked (deleted).", described(&entry.certificate));
        if !confirm_at_terminal(&question, yes)? {
            say!("Nothing deleted.");
            return Ok(ExitCode::FAILURE);
        }
        // What was asked about, should a colleague replace it while the question waited.
        target = DeleteTarget::Shown { username: username.clone(), code: entry.certificate.code };
    }
    let target = &target;
    let mut progress = StderrProgress::new("delete");
    let deletion = ops::delete_certificates(store, course, target, context, &mut progress)?;
    drop(progress);
    print_deletion(course, target, &deletion, &mut std::io::stdout().lock())?;
    Ok(super::finished(deletion.unfinished.is_some()))
}

/// What `delete` says it did; a delete of all stopped between its parts (Ctrl-C, SIGTERM) says
/// so, with what is left and the command that finishes it.
pub fn print_deletion(
    course: &str,
    target: &DeleteTarget,
    deletion: &ops::Deletion,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    match target {
        DeleteTarget::Learner(_) | DeleteTarget::Shown { .. } => {
            for item in &deletion.revoked {
                writeln!(
                    out,
                    "Deleted {} of {}; it stays in the history as revoked (deleted).",
                    item.code, item.username
                )?;
            }
        }
        DeleteTarget::All => {
            let deleted = crate::domain::counted(deletion.revoked.len(), "certificate", "certificates");
            let stay = if deletion.revoked.len() == 1 { "it stays" } else { "they stay" };
            writeln!(out, "Deleted {deleted} of {course}; {stay} in the history as revoked (deleted).")?;
        }
    }
    if let Some(unfinished) = &deletion.unfinished {
        writeln!(out, "{}", unfinished.describe_stop(course))?;
    }
    Ok(())
}

pub fn revoke(store: &Store, code: &str, reason: &str, yes: bool, context: &Context) -> anyhow::Result<ExitCode> {
    let code = Code::from_typed(code).map_err(ops::OpsError::from)?;
    if let Some(found) = ops::find_certificate(store, code)?
        && found.entry().status == CertificateStatus::Issued
    {
        let question = format!("Revoke {}? A revocation cannot be undone.", described(&found.entry().certificate));
        if !confirm_at_terminal(&question, yes)? {
            say!("Nothing revoked.");
            return Ok(ExitCode::FAILURE);
        }
    }
    let revoked = ops::revoke(store, code, reason, context)?;
    say!("Revoked {} of {}: {reason}", revoked.code, revoked.username);
    say!(
        "If {} is still eligible, the next `certdesk generate` issues them a new certificate (they cannot ask for one themselves); `certdesk invalidate` bars them.",
        revoked.username
    );
    Ok(ExitCode::SUCCESS)
}

/// `certificate 7KQ2-M9XD-4TPA of ana (Ana Souza), honor, 92.0%`: what a question names, so
/// that a mistyped code or username shows before anything happens.
pub fn described(certificate: &Certificate) -> String {
    let snapshot = &certificate.snapshot;
    format!(
        "certificate {} of {} ({}), {}, {}",
        certificate.code, certificate.username, snapshot.full_name, snapshot.mode, snapshot.percent
    )
}
