//! The certificates an import leaves stale or no longer deserved, and how the report says so.

use std::collections::HashMap;

use super::ImportError;
use super::merge::ImportReport;
use super::wording::{Ask, Wording};
use crate::domain::{CertificateImpact, Course, Enrollment, LearnerAt, certificate_impact, counted};
use crate::store::Store;

/// How many learners the report and the audit trail name; the rest are counted.
const NAMED: usize = 10;

/// Each certificate in force of the course that importing `course` and `enrollments` over what
/// the store holds now would leave stale or undeserved. The learners as they are now are read
/// in one call (through a server, one per learner would be a round trip each).
pub(crate) fn affected_certificates(
    store: &Store,
    course: &Course,
    enrollments: &[Enrollment],
    now: jiff::Timestamp,
) -> Result<Vec<CertificateImpact>, ImportError> {
    let Some(old_course) = store.course(&course.id)? else { return Ok(Vec::new()) };
    let ledgers: Vec<_> =
        store.ledgers(&course.id)?.into_iter().filter(|(_, ledger)| ledger.active().is_some()).collect();
    if ledgers.is_empty() {
        return Ok(Vec::new());
    }
    let stored = store.enrollments(&course.id)?;
    let (before, after) = (by_username(&stored), by_username(enrollments));
    let allowlist = store.allowlist(&course.id)?;
    let invalidations = store.invalidations(&course.id)?;
    let mut impacts = Vec::new();
    for (username, ledger) in &ledgers {
        let (Some(&was), Some(&is)) = (before.get(username.as_str()), after.get(username.as_str())) else {
            continue;
        };
        let allowlisted = allowlist.contains_key(username);
        let invalidated = invalidations.contains_key(username);
        let old = LearnerAt { course: &old_course, enrollment: was, allowlisted, invalidated };
        let new = LearnerAt { course, enrollment: is, allowlisted, invalidated };
        impacts.extend(certificate_impact(ledger, &old, &new, now));
    }
    Ok(impacts)
}

fn by_username(enrollments: &[Enrollment]) -> HashMap<&str, &Enrollment> {
    enrollments.iter().map(|enrollment| (enrollment.username.as_str(), enrollment)).collect()
}

/// The report's lines on them: how many, the first few named (and where to see the others, in
/// `wording`'s words), what staff can do.
pub fn affected_lines(report: &ImportReport, wording: &dyn Wording) -> Vec<String> {
    let affected = &report.certificates_affected;
    if affected.is_empty() {
        return Vec::new();
    }
    let (verb, is, are) = if report.dry_run {
        ("would be", "certificate would be", "certificates would be")
    } else {
        ("is now", "certificate is", "certificates are")
    };
    let mut lines =
        vec![format!("{} stale or no longer deserved after this import:", counted(affected.len(), is, are))];
    lines.extend(affected.iter().take(NAMED).map(|impact| format!("  {}", impact.describe_as(verb))));
    if affected.len() > NAMED {
        let all = Ask::SeeCertificates { course: report.course.clone() };
        lines.push(format!("  and {} more ({} lists them)", affected.len() - NAMED, wording.ask(&all)));
    }
    // What to do about them is for after the import.
    if !report.dry_run {
        lines.extend(wording.certificate_advice(&report.course, affected));
    }
    lines
}

/// The same for the audit trail, in one part: `certificates left stale or no longer deserved:
/// ann 94.3% -> 20.0%, below threshold (7KQ2-M9XD-4TPA), 3 more`.
pub fn affected_audit(report: &ImportReport) -> Option<String> {
    let affected = &report.certificates_affected;
    if affected.is_empty() {
        return None;
    }
    let named = crate::domain::first_of(affected.iter().map(audit_entry), NAMED);
    Some(format!("certificates left stale or no longer deserved: {named}"))
}

fn audit_entry(impact: &CertificateImpact) -> String {
    let reason = impact.not_eligible.map(|reason| format!(", {reason}")).unwrap_or_default();
    format!("{} {} -> {}{reason} ({})", impact.username, impact.certified, impact.after, impact.code)
}
