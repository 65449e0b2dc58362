//! What the verify dialog says of a code: what it certifies and, for one replaced or revoked,
//! when, by whom and what is in force now, or a later certificate of the learner that is.

use ratatui::text::{Line, Span};

use crate::ops::{self, Verdict, Verification};

/// The lines of the dialog, each a label and its text, labelled as `certdesk verify` labels
/// them: a text too long for the dialog goes on under its own start, not under the label,
/// where a status of two lines went back to the box's edge.
pub(super) fn lines(verification: &Verification) -> Vec<Line<'static>> {
    let verdict = &verification.verdict;
    let Some(certificate) = verdict.certificate() else {
        return vec![Line::from(match verdict {
            Verdict::Example => "This is the code printed on example certificates: it certifies nothing.",
            _ => "No certificate has this code.",
        })];
    };
    let valid = matches!(verdict, Verdict::Valid { .. });
    let mut lines: Vec<Line<'static>> =
        ops::record_lines(certificate, valid).into_iter().map(|(label, text)| labelled(label, &text)).collect();
    let ended = verification.ended();
    let status = ended.as_ref().and_then(|ended| ops::no_longer_in_force(&ended.status, ended.latest.as_ref()));
    lines.push(match status {
        Some((word, what)) => labelled("status", &format!("{word} {what}")),
        None => labelled("status", "valid"),
    });
    // A code that leads to no certificate in force: staff learn the learner's certificate that
    // is, as `certdesk verify` tells them, rather than concluding the learner has none.
    if let Some((label, text)) = verification.later_in_force.as_ref().map(ops::later_in_force) {
        lines.push(labelled(label, &text));
    }
    // A record altered after issue is no proof, whatever became of the certificate since: said
    // for every verdict, in the words of `certdesk verify`.
    if verdict.digest_ok() == Some(false) {
        lines.push(labelled("ALTERED", ops::ALTERED));
    }
    lines
}

/// A line of the dialog, labelled as `certdesk verify` labels it; the text is a span of its
/// own, which the dialog wraps under its start rather than under the label.
pub(super) fn labelled(label: &str, text: &str) -> Line<'static> {
    Line::from(vec![Span::raw(ops::labelled(label, "")), Span::raw(text.to_string())])
}

/// The verdict's word for the dialog's title: a certificate staff deleted is withdrawn, as
/// `certdesk verify` and the verification page say it; a record altered after issue is that,
/// as `certdesk verify --json` answers, where the title said `valid` above `ALTERED`.
pub(super) fn word(verdict: &Verdict) -> &'static str {
    match verdict {
        _ if verdict.code_verdict() == ops::CodeVerdict::RecordAltered => "record altered",
        Verdict::Revoked { status, .. } if status.is_deletion() => "withdrawn",
        _ => verdict.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Certificate, CertificateStatus, Code, Snapshot};
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
            assert_eq!(word(&verdict), "record altered", "{label}");
            let lines = said(verdict);
            let altered = format!("ALTERED    {}", ops::ALTERED);
            assert!(lines.contains(&altered), "{label}: {lines:#?}");
        }
        let intact = Box::new(Certificate::new(Code::from_random(1), "me-101", "bilbo", Snapshot::for_tests()));
        let verdict = Verdict::Valid { certificate: intact, digest_ok: true };
        assert_eq!(word(&verdict), "valid");
        let lines = said(verdict);
        assert!(!lines.iter().any(|line| line.contains("ALTERED")), "{lines:#?}");
    }

    /// A name of an old record with a right-to-left override: shown as data, not as commands
    /// that reorder the dialog's line (the page and a printed code's record already did so).
    #[test]
    fn a_name_with_bidi_controls_cannot_reorder_its_line() {
        let snapshot = Snapshot { full_name: "Bilbo \u{202E}Baggins".into(), ..Snapshot::for_tests() };
        let certificate = Box::new(Certificate::new(Code::from_random(1), "me-101", "bilbo", snapshot));
        let lines = said(Verdict::Valid { certificate, digest_ok: true });
        assert_eq!(lines[0], "certifies  Bilbo Baggins (bilbo)");
    }

    #[test]
    fn times_and_the_course_are_said_as_certdesk_verify_says_them() {
        let intact = Box::new(Certificate::new(Code::from_random(1), "me-101", "bilbo", Snapshot::for_tests()));
        let lines = said(Verdict::Valid { certificate: intact, digest_ok: true });
        assert!(lines.iter().any(|line| line == "issued     2026-11-23 10:00 UTC by elrond"), "{lines:#?}");
        assert!(lines.iter().any(|line| line == "course     me-101 · Middle-earth"), "{lines:#?}");
    }
}
