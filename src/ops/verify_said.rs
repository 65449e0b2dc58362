//! The words of a verification that `certdesk verify`, `verify --file` and the verify dialog
//! share: what became of a certificate no longer in force, a later one in force, and a record
//! altered after issue. Each said it its own way (a date here, a time and who there).

use jiff::Timestamp;

use super::{InForce, Latest};
use crate::domain::{Certificate, CertificateStatus, Code, course_named, when_utc};

/// The width of the labels `certdesk verify` and the verify dialog put before each line.
const LABEL: usize = 10;

/// A line as `certdesk verify` and the verify dialog write it: `label` in its column, then
/// `text` (`course     middle-earth-101 · Introduction to Middle-earth Studies`).
pub fn labelled(label: &str, text: &str) -> String {
    format!("{label:<LABEL$} {text}")
}

/// What a stored certificate says, label and text, in the order `certdesk verify` and the
/// verify dialog show it: whom it certifies (`certified` for one no longer `valid`), the
/// course, the grade, the mode and its issue.
pub fn record_lines(certificate: &Certificate, valid: bool) -> [(&'static str, String); 5] {
    let snapshot = &certificate.snapshot;
    let letter = snapshot.letter.as_deref().map(|letter| format!(" ({letter})")).unwrap_or_default();
    [
        // Without bidi controls an old record's name may carry, which would reorder the line.
        (
            if valid { "certifies" } else { "certified" },
            format!("{} ({})", super::neutral(&snapshot.full_name), certificate.username),
        ),
        ("course", course_named(&snapshot.course_title, &certificate.course_id)),
        ("grade", format!("{}{letter}, {}", snapshot.percent, snapshot.grade_status)),
        ("mode", snapshot.mode.to_string()),
        ("issued", issued(snapshot.issued_at, &snapshot.issued_by)),
    ]
}

/// When a certificate was issued and by whom: `2026-12-06 14:03 UTC by elrond`; a record that
/// names no one says when alone, rather than `by ` and nothing.
pub fn issued(at: Timestamp, by: &str) -> String {
    match by.trim() {
        "" => when_utc(at),
        by => format!("{} by {by}", when_utc(at)),
    }
}

/// What is said of a certificate whose stored record no longer gives its digest, after the
/// word `ALTERED`: what it means for whoever relies on it, and what staff can do about it.
pub const ALTERED: &str = "this record was changed after issue, so it no longer says what was certified; do not \
     rely on it. The learner's PDF holds what was signed (certdesk verify --file shows what differs); restore \
     the database from a backup.";

/// What became of a certificate no longer in force, as `superseded`, `revoked` or `withdrawn`
/// and the rest of the sentence (`on 2026-12-05 14:03 UTC by elrond: plagiarism`), with when
/// and by whom, as the record says it; `None` for one in force.
pub fn no_longer_in_force(status: &CertificateStatus, latest: Option<&Latest>) -> Option<(&'static str, String)> {
    match status {
        CertificateStatus::Superseded { by, at, who } => {
            Some(("superseded", format!("{}: replaced by {by}{}", on_by(*at, who), replacement_end(*by, latest))))
        }
        // Staff took it off the list (`certdesk delete`): no reason was given, and "revoked:
        // deleted" reads to whoever asked as a misdeed; said as the verification page says it.
        CertificateStatus::Revoked { at, who, .. } if status.is_deletion() => Some((
            "withdrawn",
            format!(
                "{}: the issuer took it off its list of certificates (deleted); it no longer certifies anything.",
                on_by(*at, who)
            ),
        )),
        CertificateStatus::Revoked { reason, at, who } => Some(("revoked", format!("{}: {reason}", on_by(*at, who)))),
        CertificateStatus::Issued => None,
    }
}

/// The line that names the learner's certificate in force issued after a code that leads to
/// none, label and text, as `certdesk verify`, `verify --file` and the verify dialog all show
/// it: `in force   A3RC-FVG4-N4P9, a later certificate of the same learner, issued on
/// 2026-12-06 14:03 UTC (verify A3RC-FVG4-N4P9)`. The command line said it as a sentence with
/// the day, the dialog as a line with other words.
pub fn later_in_force(later: &InForce) -> (&'static str, String) {
    let code = later.code;
    let on = when_utc(later.issued_at);
    ("in force", format!("{code}, a later certificate of the same learner, issued on {on} (verify {code})"))
}

/// When a certificate's status changed and who changed it: `on 2026-12-05 14:03 UTC by elrond`.
fn on_by(at: Timestamp, who: &str) -> String {
    format!("on {} by {who}", when_utc(at))
}

/// The rest of the superseded sentence: where the chain of replacements that starts at `by`
/// ends.
fn replacement_end(by: Code, latest: Option<&Latest>) -> String {
    let Some(latest) = latest else {
        return ", whose record is missing; ask the issuer.".to_string();
    };
    let end = latest.code;
    let (via, revoked, none) = if end == by {
        (String::new(), "which was itself", "neither")
    } else {
        (format!(", itself replaced since by {end}"), "which was", "none of them")
    };
    match &latest.status {
        CertificateStatus::Revoked { at, who, .. } if latest.status.is_deletion() => format!(
            "{via}, {revoked} WITHDRAWN {} (taken off the issuer's list of certificates); {none} is in force.",
            on_by(*at, who)
        ),
        CertificateStatus::Revoked { reason, at, who } => {
            let reason = reason.trim_end_matches('.');
            format!("{via}, {revoked} REVOKED {}: {reason}; {none} is in force.", on_by(*at, who))
        }
        _ => format!("{via}; verify {end} for the certificate in force."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> Timestamp {
        "2026-12-05T14:03:00Z".parse().expect("a time")
    }

    /// Each status says when to the minute and by whom, where `certdesk verify` said only the
    /// day and the verify dialog the minute and who.
    #[test]
    fn every_ended_status_says_when_and_by_whom() {
        let (by, who) = (Code::from_random(2), "elrond".to_string());
        let said = |status: CertificateStatus, latest: Option<Latest>| {
            let (word, rest) = no_longer_in_force(&status, latest.as_ref()).expect("no longer in force");
            format!("{word} {rest}")
        };
        let in_force = Latest { code: by, status: CertificateStatus::Issued };
        assert_eq!(
            said(CertificateStatus::Superseded { by, at: at(), who: who.clone() }, Some(in_force)),
            format!(
                "superseded on 2026-12-05 14:03 UTC by elrond: replaced by {by}; verify {by} for the certificate in force."
            )
        );
        let revoked = CertificateStatus::Revoked { reason: "plagiarism.".into(), at: at(), who: "gandalf".into() };
        assert_eq!(said(revoked.clone(), None), "revoked on 2026-12-05 14:03 UTC by gandalf: plagiarism.");
        let ended = Latest { code: by, status: revoked };
        assert_eq!(
            said(CertificateStatus::Superseded { by, at: at(), who: who.clone() }, Some(ended)),
            format!(
                "superseded on 2026-12-05 14:03 UTC by elrond: replaced by {by}, which was itself REVOKED on \
                 2026-12-05 14:03 UTC by gandalf: plagiarism; neither is in force."
            )
        );
        let deleted = CertificateStatus::Revoked { reason: "deleted".into(), at: at(), who };
        assert!(
            said(deleted, None).starts_with("withdrawn on 2026-12-05 14:03 UTC by elrond: the issuer took it off"),
            "withdrawn"
        );
        assert_eq!(no_longer_in_force(&CertificateStatus::Issued, None), None);
    }

    #[test]
    fn a_later_certificate_in_force_is_one_labelled_line() {
        let code = Code::from_random(3);
        let (label, text) = later_in_force(&InForce { code, issued_at: at() });
        assert_eq!(
            labelled(label, &text),
            format!(
                "in force   {code}, a later certificate of the same learner, issued on 2026-12-05 14:03 UTC (verify {code})"
            )
        );
    }

    #[test]
    fn the_issue_says_by_whom_when_the_record_names_someone() {
        assert_eq!(issued(at(), "elrond"), "2026-12-05 14:03 UTC by elrond");
        assert_eq!(issued(at(), ""), "2026-12-05 14:03 UTC");
    }
}
