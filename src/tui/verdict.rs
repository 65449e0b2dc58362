//! What the verify dialog says of a code: what it certifies and, for one replaced or revoked,
//! when, by whom and what is in force now, or a later certificate of the learner that is.

use ratatui::text::Line;

use crate::domain::{CertificateStatus, course_named, when_utc};
use crate::ops::{self, Verdict, Verification};

/// What the dialog says of a certificate whose stored record no longer matches its digest.
const ALTERED: &str = "DIGEST MISMATCH: the record was altered after issue; do not rely on it";

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
        // Without bidi controls an old record's name may carry, which would reorder the line.
        Line::from(format!("{} ({})", ops::neutral(&snapshot.full_name), certificate.username)),
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
        Verdict::Valid { .. } => lines.push(Line::from("Status: valid")),
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
    // A record altered after issue is no proof, whatever became of the certificate since: said
    // for every verdict, as `certdesk verify` says it, where only a valid one said it.
    if verdict.digest_ok() == Some(false) {
        lines.push(Line::from(ALTERED));
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
    use crate::ops::Latest;

    /// A certificate whose stored name was changed after issue: its digest no longer matches.
    fn altered() -> Box<Certificate> {
        let mut certificate = Certificate::new(Code::from_random(1), "me-101", "bilbo", Snapshot::for_tests());
        certificate.snapshot.full_name = "Lobelia Sackville-Baggins".into();
        assert!(!certificate.digest_matches());
        Box::new(certificate)
    }

    fn said(verdict: Verdict) -> Vec<String> {
        let verification = Verification { code: Code::from_random(1), verdict, later_in_force: None };
        lines(&verification).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn an_altered_record_is_flagged_whatever_the_verdict() {
        let at = jiff::Timestamp::UNIX_EPOCH;
        let revoked = CertificateStatus::Revoked { reason: "plagiarism".into(), at, who: "staff".into() };
        let by = Code::from_random(2);
        let superseded = CertificateStatus::Superseded { by, at, who: "staff".into() };
        let latest = Some(Latest { code: by, status: CertificateStatus::Issued });
        for verdict in [
            Verdict::Valid { certificate: altered(), digest_ok: false },
            Verdict::Superseded { certificate: altered(), digest_ok: false, status: superseded, latest },
            Verdict::Revoked { certificate: altered(), digest_ok: false, status: revoked },
        ] {
            let label = verdict.label();
            let lines = said(verdict);
            assert!(lines.iter().any(|line| line == ALTERED), "{label}: {lines:#?}");
        }
        let intact = Box::new(Certificate::new(Code::from_random(1), "me-101", "bilbo", Snapshot::for_tests()));
        let lines = said(Verdict::Valid { certificate: intact, digest_ok: true });
        assert!(!lines.iter().any(|line| line.contains("DIGEST")), "{lines:#?}");
    }

    /// A name of an old record with a right-to-left override: shown as data, not as commands
    /// that reorder the dialog's line (the page and a printed code's record already did so).
    #[test]
    fn a_name_with_bidi_controls_cannot_reorder_its_line() {
        let snapshot = Snapshot { full_name: "Bilbo \u{202E}Baggins".into(), ..Snapshot::for_tests() };
        let certificate = Box::new(Certificate::new(Code::from_random(1), "me-101", "bilbo", snapshot));
        let lines = said(Verdict::Valid { certificate, digest_ok: true });
        assert_eq!(lines[0], "Bilbo Baggins (bilbo)");
    }

    #[test]
    fn times_and_the_course_are_said_as_certdesk_verify_says_them() {
        let intact = Box::new(Certificate::new(Code::from_random(1), "me-101", "bilbo", Snapshot::for_tests()));
        let lines = said(Verdict::Valid { certificate: intact, digest_ok: true });
        assert!(lines.iter().any(|line| line == "Issued 2026-11-23 10:00 UTC by elrond"), "{lines:#?}");
        assert!(lines.iter().any(|line| line == "me-101 · Middle-earth"), "{lines:#?}");
    }
}
