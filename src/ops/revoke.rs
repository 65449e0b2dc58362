//! Taking certificates out of force: deleting them from a course's list, revoking one by
//! code, and invalidating a learner. The records stay, revoked, and verify as such.

use serde::Serialize;

use super::issue::{CHUNK, Context, Progress, commit_in_parts};
use super::unfinished::{PartedRun, UnfinishedRun, stopped_now};
use super::{OpsError, Result, require_course};
use crate::domain::{Action, CertificateStatus, Code, DELETED, Event, Exception, Ledger};
use crate::store::{Commit, LedgerWrite, Store};

#[derive(Debug, Clone, Serialize)]
pub struct Revoked {
    pub username: String,
    pub code: Code,
}

/// What a delete did.
#[derive(Debug, Clone)]
pub struct Deletion {
    pub revoked: Vec<Revoked>,
    /// A delete of all certificates the user stopped between its parts: what it left.
    pub unfinished: Option<UnfinishedRun>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeleteTarget {
    Learner(String),
    /// The certificate a question showed: deleted only while it is still the learner's in
    /// force, so that a question asked before a colleague replaced it does not delete the new one.
    Shown {
        username: String,
        code: Code,
    },
    All,
}

/// The learners of a course who hold an active certificate, with their ledgers.
pub fn active_ledgers(store: &Store, course_id: &str) -> Result<Vec<(String, Ledger)>> {
    require_course(store, course_id)?;
    let mut ledgers = store.ledgers(course_id)?;
    ledgers.retain(|(_, ledger)| ledger.active().is_some());
    Ok(ledgers)
}

/// Removes active certificates from the course's list; they stay in the history as
/// revoked with the reason `deleted`, and the learners can be certified again. Stops between
/// parts when `progress` is cancelled, keeping the parts it finished.
pub fn delete_certificates(
    store: &Store,
    course_id: &str,
    target: &DeleteTarget,
    context: &Context,
    progress: &mut dyn Progress,
) -> Result<Deletion> {
    let ledgers = match target {
        DeleteTarget::All => active_ledgers(store, course_id)?,
        DeleteTarget::Learner(username) | DeleteTarget::Shown { username, .. } => {
            require_learner(store, course_id, username)?;
            let ledger = store
                .ledger(course_id, username)?
                .filter(|ledger| ledger.active().is_some())
                .ok_or_else(|| OpsError::Refused(format!("{username} has no active certificate in {course_id}")))?;
            if let DeleteTarget::Shown { code, .. } = target
                && let Some(active) = ledger.active().map(|entry| entry.certificate.code)
                && active != *code
            {
                return Err(OpsError::Refused(format!(
                    "{username}'s certificate {code} is no longer in force: {active} replaced it meanwhile; nothing was deleted"
                )));
            }
            vec![(username.clone(), ledger)]
        }
    };
    let parts = commit_in_parts(store, course_id, &ledgers, progress, |chunk, part| {
        let mut commit = Commit::new(context.event(Action::Delete, String::new(), Vec::new(), Vec::new()));
        let mut revoked = Vec::with_capacity(chunk.len());
        for (username, before) in chunk {
            let mut ledger = before.clone();
            let status =
                CertificateStatus::Revoked { reason: DELETED.to_string(), at: context.now, who: context.who.clone() };
            if let Some(code) = ledger.end_active(status) {
                commit.event.learners.push(username.clone());
                commit.event.codes.push(code);
                revoked.push(Revoked { username: username.clone(), code });
                commit.ledgers.push(LedgerWrite::new(username, ledger, Vec::new(), before));
            }
        }
        commit.event.summary = format!(
            "deleted {}{}",
            crate::domain::counted(revoked.len(), "certificate", "certificates"),
            part.suffix()
        );
        Ok((commit, revoked))
    })?;
    let done = (parts.len(), ledgers.len().div_ceil(CHUNK));
    let revoked: Vec<Revoked> = parts.into_iter().flatten().collect();
    let unfinished = match target {
        DeleteTarget::All => stopped_now(PartedRun::DeleteAll, done, ledgers.len() - revoked.len(), context),
        DeleteTarget::Learner(_) | DeleteTarget::Shown { .. } => None,
    };
    Ok(Deletion { revoked, unfinished })
}

/// Revokes the certificate with `code`, which must be in force.
pub fn revoke(store: &Store, code: Code, reason: &str, context: &Context) -> Result<Revoked> {
    staff_reason(reason, "revoking")?;
    let found = super::find_certificate(store, code)?.ok_or_else(|| super::unknown_code(code))?;
    let entry = found.entry();
    if entry.status != CertificateStatus::Issued {
        return Err(OpsError::Refused(format!("certificate {code} is already {}", entry.status.label())));
    }
    let super::Located { owner, ledger: before, .. } = found;
    let mut ledger = before.clone();
    let status = CertificateStatus::Revoked { reason: reason.to_string(), at: context.now, who: context.who.clone() };
    ledger.end_active(status);
    let summary = format!("revoked {code}: {reason}");
    let mut commit = Commit::new(context.event(Action::Revoke, summary, vec![owner.username.clone()], vec![code]));
    commit.ledgers.push(LedgerWrite::new(&owner.username, ledger, Vec::new(), &before));
    store.commit(&owner.course_id, &commit)?;
    store.flush()?;
    Ok(Revoked { username: owner.username, code })
}

/// What `invalidate` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalidation {
    /// The learner is barred, and their certificate in force, if any, revoked.
    Barred { revoked: Option<Code> },
    /// They were barred for this very reason, with no certificate in force: nothing changed,
    /// and nothing is logged (a script run twice logged the invalidation twice).
    Already,
}

/// Bars a learner from certification and revokes their active certificate with `reason`.
/// Barred again for another reason, the new one is kept (and logged).
pub fn invalidate(
    store: &Store,
    course_id: &str,
    username: &str,
    reason: &str,
    context: &Context,
) -> Result<Invalidation> {
    staff_reason(reason, "invalidating")?;
    require_learner(store, course_id, username)?;
    let before = store.ledger(course_id, username)?.unwrap_or_default();
    let barred = store.invalidations(course_id)?.remove(username);
    if before.active().is_none() && barred.is_some_and(|barred| barred.reason == reason) {
        return Ok(Invalidation::Already);
    }
    let exception = Exception { reason: reason.to_string(), who: context.who.clone(), at: context.now };
    let mut ledger = before.clone();
    let status = CertificateStatus::Revoked { reason: reason.to_string(), at: context.now, who: context.who.clone() };
    let revoked = ledger.end_active(status);
    let summary = match revoked {
        Some(code) => format!("invalidated {username} and revoked {code}: {reason}"),
        None => format!("invalidated {username}: {reason}"),
    };
    let codes = revoked.into_iter().collect();
    let mut commit = Commit::new(context.event(Action::Invalidate, summary, vec![username.to_string()], codes));
    commit.invalidations.push((username.to_string(), Some(exception)));
    if revoked.is_some() {
        commit.ledgers.push(LedgerWrite::new(username, ledger, Vec::new(), &before));
    }
    store.commit(course_id, &commit)?;
    store.flush()?;
    Ok(Invalidation::Barred { revoked })
}

/// Lifts an invalidation. Revoked certificates stay revoked; generate issues a new one.
pub fn revalidate(store: &Store, course_id: &str, username: &str, context: &Context) -> Result<()> {
    require_learner(store, course_id, username)?;
    if !store.invalidations(course_id)?.contains_key(username) {
        return Err(OpsError::Refused(format!("{username} is not invalidated in {course_id}")));
    }
    let summary = format!("lifted the invalidation of {username}");
    let mut commit = Commit::new(context.event(Action::Revalidate, summary, vec![username.to_string()], Vec::new()));
    commit.invalidations.push((username.to_string(), None));
    store.commit(course_id, &commit)?;
    store.flush()?;
    Ok(())
}

/// Puts a learner on (or with `allowed == false` takes them off) the course's allowlist; the
/// event it recorded, and the learner's entry on the list (`None` taken off it).
pub fn set_allowed(
    store: &Store,
    course_id: &str,
    username: &str,
    allowed: bool,
    context: &Context,
) -> Result<(Event, Option<Exception>)> {
    require_learner(store, course_id, username)?;
    let listed = store.allowlist(course_id)?.contains_key(username);
    if listed == allowed {
        let state = if allowed { "already on" } else { "not on" };
        return Err(OpsError::Refused(format!("{username} is {state} the allowlist of {course_id}")));
    }
    let (action, summary, entry) = if allowed {
        let entry = Exception { reason: String::new(), who: context.who.clone(), at: context.now };
        (Action::Allow, format!("allowlisted {username}"), Some(entry))
    } else {
        (Action::Disallow, format!("removed {username} from the allowlist"), None)
    };
    let mut commit = Commit::new(context.event(action, summary, vec![username.to_string()], Vec::new()));
    commit.allowlist.push((username.to_string(), entry.clone()));
    store.commit(course_id, &commit)?;
    store.flush()?;
    Ok((commit.event, entry))
}

/// Refuses a reason staff did not give; one that is not a line of text (a line break in it
/// made `verify` print a forged line, `…: VALID`, under `REVOKED`); and the one a deletion
/// records: a certificate revoked "deleted" reads everywhere as taken off the list, which
/// lets the learner ask for a new one.
fn staff_reason(reason: &str, doing: &str) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(OpsError::Refused(format!("give the reason for {doing} with --reason")));
    }
    if let Some(problem) = crate::domain::name::line_problem(reason, "reason") {
        return Err(OpsError::Refused(problem));
    }
    if reason.trim().eq_ignore_ascii_case(DELETED) {
        return Err(OpsError::Refused(format!(
            "the reason '{DELETED}' is kept for certificates taken off the list with `certdesk delete` \
             (their learners may ask for new ones); give the reason for {doing} in other words"
        )));
    }
    Ok(())
}

fn require_learner(store: &Store, course_id: &str, username: &str) -> Result<()> {
    require_course(store, course_id)?;
    match store.enrollment(course_id, username)? {
        Some(_) => Ok(()),
        None => Err(super::unknown_enrolled(store, course_id, username)),
    }
}
