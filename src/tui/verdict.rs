//! What the verify dialog says of a code: what it certifies and, for one replaced or revoked,
//! when, by whom and what is in force now, or a later certificate of the learner that is.

use ratatui::text::Line;

use crate::domain::{CertificateStatus, course_named, when_utc};
use crate::ops::{Verdict, Verification};

pub(super) fn lines(verification: &Verification) -> Vec<Line<'static>> {
    let verdict = &verification.verdict;
    let Some(certificate) = verdict.certificate() else {
        return vec![Line::from(match verdict {
            Verdict::Example => "This is the code printed on example certificates: it certifies nothing.",
            _ => "No certificate has this code.",
        })];
    };
    let snapshot = &certificate.snapshot;
    let mut lines = vec![
        Line::from(format!("{} ({})", snapshot.full_name, certificate.username)),
        Line::from(course_named(&snapshot.course_title, &certificate.course_id)),
        Line::from(format!(
            "{} {} · letter {} · {} mode",
            snapshot.percent,
            snapshot.grade_status,
            snapshot.letter.as_deref().unwrap_or("-"),
            snapshot.mode
        )),
        Line::from(format!("Issued {} by {}", when_utc(snapshot.issued_at), snapshot.issued_by)),
    ];
    match verdict {
        Verdict::Valid { digest_ok, .. } => {
            lines.push(Line::from(format!("Status: valid{}", if *digest_ok { "" } else { " (DIGEST MISMATCH)" })))
        }
        Verdict::Superseded { status, latest, .. } => {
            lines.push(Line::from(format!("Status: {}", status_since(status))));
            lines.push(Line::from(match latest {
                Some(latest) if latest.status == CertificateStatus::Issued => format!("In force now: {}", latest.code),
                Some(latest) => format!("Latest replacement {}: {}", latest.code, status_since(&latest.status)),
                None => "The record of its replacement is missing.".to_string(),
            }));
        }
        Verdict::Revoked { status, .. } => lines.push(Line::from(format!("Status: {}", status_since(status)))),
        Verdict::Example | Verdict::Unknown => {}
    }
    // A code that leads to no certificate in force: staff learn the learner's certificate that
    // is, as `certdesk verify` tells them, rather than concluding the learner has none.
    if let Some(later) = &verification.later_in_force {
        // Worded as a replacement in force is, above: one line in the dialog.
        let on = later.issued_at.strftime("%Y-%m-%d");
        lines.push(Line::from(format!("In force now: {} (a later certificate, issued {on})", later.code)));
    }
    lines
}

/// The verdict's word for the dialog's title: a certificate staff deleted is withdrawn, as
/// `certdesk verify` and the verification page say it.
pub(super) fn word(verdict: &Verdict) -> &'static str {
    match verdict {
        Verdict::Revoked { status, .. } if status.is_deletion() => "withdrawn",
        _ => verdict.label(),
    }
}

/// A status with when and by whom it came about, as `certdesk verify` says it: a code a learner
/// shows is judged by whether it was replaced or revoked before or after the date in question.
fn status_since(status: &CertificateStatus) -> String {
    let when = |at: &jiff::Timestamp| when_utc(*at);
    match status {
        CertificateStatus::Issued => "issued".to_string(),
        CertificateStatus::Superseded { by, at, who } => format!("superseded by {by} on {} ({who})", when(at)),
        // Deleted by staff: withdrawn, as `certdesk verify` and the verification page say it.
        CertificateStatus::Revoked { at, who, .. } if status.is_deletion() => {
            format!("withdrawn on {} ({who}): deleted from the list", when(at))
        }
        CertificateStatus::Revoked { reason, at, who } => format!("revoked on {} ({who}): {reason}", when(at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Certificate, Code, Snapshot};

    fn said(verdict: Verdict) -> Vec<String> {
        let verification = Verification { code: Code::from_random(1), verdict, later_in_force: None };
        lines(&verification).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn times_and_the_course_are_said_as_certdesk_verify_says_them() {
        let intact = Box::new(Certificate::new(Code::from_random(1), "me-101", "bilbo", Snapshot::for_tests()));
        let lines = said(Verdict::Valid { certificate: intact, digest_ok: true });
        assert!(lines.iter().any(|line| line == "Issued 2026-11-23 10:00 UTC by elrond"), "{lines:#?}");
        assert!(lines.iter().any(|line| line == "Middle-earth (me-101)"), "{lines:#?}");
    }
}
