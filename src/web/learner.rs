//! A learner's own page, reached by the personal link `certdesk mail` sends: their standing,
//! the button that requests their certificate (the rules of `certdesk request`), and their PDF.
//! The token in the address is the only key; it leads to one enrollment and nothing else.

use jiff::Timestamp;
use serde::Serialize;

use super::verify::CredentialOnRecord;
use crate::credential::PublicKeyInfo;
use crate::domain::{Certificate, CertificateStatus, GradeStatus, Ineligible, LearnerLink, Staleness};
use crate::mail::links;
use crate::ops::{self, CourseState, Printer, RequestOutcome};
use crate::render::FontBook;
use crate::store::Store;

/// Why a link leads nowhere; the page says as little as it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// Not a token, or not one of ours: the same answer for both.
    Unknown,
    Expired,
    Revoked,
    /// Closed when a newer message carried the learner's new link.
    Replaced,
}

/// The link a token opens, if it is open.
pub fn open(store: &Store, token: &str, now: Timestamp) -> ops::Result<Result<LearnerLink, Closed>> {
    if !links::is_token(token) {
        return Ok(Err(Closed::Unknown));
    }
    let Some(link) = store.link(links::token_hash(token))? else {
        return Ok(Err(Closed::Unknown));
    };
    Ok(if link.revoked.is_some() {
        Err(if links::replaced(store, &link)? { Closed::Replaced } else { Closed::Revoked })
    } else if link.expires <= now {
        Err(Closed::Expired)
    } else {
        Ok(link)
    })
}

/// What the learner's page shows.
#[derive(Debug, Clone, Serialize)]
pub struct LearnerPage {
    pub full_name: String,
    pub course_title: String,
    pub institution: Option<String>,
    /// `82.5%`.
    pub grade: String,
    /// The course's letter for the grade (`B`), when the course has letters.
    pub letter: Option<String>,
    pub provisional: bool,
    /// The certificate in force: its code, as printed.
    pub certificate: Option<String>,
    /// How the certificate differs from what is true now (a grade that changed since), in the
    /// learner's terms; `None` when it says what is true.
    pub outdated: Option<String>,
    /// When the key that signed the certificate's credential leaked: that copies carry a
    /// credential checkers refuse (until it is signed again, or those made before it was).
    pub credential_note: Option<String>,
    /// True while the credential in the certificate's PDF is signed with a key retired as
    /// compromised: the download link says so, as the file's name does.
    pub credential_refused: bool,
    /// What became of the learner's certificate before, when a copy of it (downloaded, or
    /// mailed) no longer verifies as in force: replaced by the one in force, or deleted.
    pub earlier: Option<String>,
    /// True when the learner may ask for their certificate now.
    pub may_request: bool,
    /// Why there is no certificate yet, in the learner's terms.
    pub why_not: Option<String>,
    /// True when no certificate will come without the staff changing something: withdrawn,
    /// auditing, withheld, revoked, or a final grade below the pass mark.
    pub settled: bool,
    pub expires_on: String,
}

/// Why an eligible learner cannot issue their certificate themselves: self-service is off, or
/// paused until staff check the certificate's design again.
const STAFF_WILL_ISSUE: &str = "You have earned a certificate; the course staff will issue it and send it to you.";

/// The learner's standing as of `now`, with the names `fonts` cannot print marked as such and
/// their credential told against the issuer's `keys` (`None` when they cannot be read);
/// `None` when they are no longer enrolled.
pub fn page(
    store: &Store,
    fonts: &FontBook,
    link: &LearnerLink,
    now: Timestamp,
    keys: Option<&[PublicKeyInfo]>,
) -> ops::Result<Option<LearnerPage>> {
    let Some(mut state) = ops::load_learner_state(store, &link.course_id, &link.username, now)? else {
        return Ok(None);
    };
    state.check_names(fonts);
    let Some(standing) = state.learner(&link.username) else {
        return Ok(None);
    };
    let code = standing.active().map(|entry| entry.certificate.code);
    let certificate = code.map(|code| code.to_string());
    let credential = match code {
        Some(code) => CredentialOnRecord::of(store, code, keys)?,
        None => None,
    };
    let credential_note = credential.as_ref().and_then(|credential| credential_note(credential, keys.is_some()));
    let credential_refused = credential.is_some_and(|credential| credential.key_retired_on.is_some());
    let (may_request, why_not) = match (&certificate, standing.eligibility) {
        (Some(_), _) => (false, None),
        (None, Err(reason)) => (false, Some(explain(reason, standing, &state))),
        (None, Ok(())) if standing.ledger.revoked_by_staff() => {
            (false, Some("The course staff revoked your certificate. Ask them if you think this is a mistake.".into()))
        }
        (None, Ok(()))
            if state.settings.self_generation && ops::self_service_paused(store, &state, standing)?.is_none() =>
        {
            (true, None)
        }
        (None, Ok(())) => (false, Some(STAFF_WILL_ISSUE.into())),
    };
    let settled = certificate.is_none() && settled(standing);
    let institution = Some(state.course.institution.clone()).filter(|institution| !institution.is_empty());
    Ok(Some(LearnerPage {
        full_name: ops::neutral(&standing.enrollment.full_name),
        course_title: state.course.title.clone(),
        institution,
        grade: standing.grade.percent.to_string(),
        letter: state.course.letter_for(standing.grade.percent).map(str::to_string),
        provisional: standing.grade.status == GradeStatus::Provisional,
        outdated: certificate
            .as_ref()
            .and(standing.staleness())
            .map(|staleness| outdated(&staleness, standing.eligibility.is_ok())),
        certificate,
        credential_note,
        credential_refused,
        earlier: earlier(standing),
        may_request,
        why_not,
        settled,
        expires_on: link.expires.strftime("%Y-%m-%d").to_string(),
    }))
}

/// What a stale certificate says that is no longer true, said to the learner.
fn outdated(staleness: &Staleness, eligible: bool) -> String {
    let mut said = Vec::new();
    if let Some((then, now)) = &staleness.name {
        said.push(format!("It shows your name as {}; the course now has {}.", ops::neutral(then), ops::neutral(now)));
    }
    if let Some((then, now)) = staleness.percent {
        said.push(format!("It shows the grade {then}; your grade is now {now}."));
    } else if let Some((then, now)) = &staleness.letter {
        let letter = |letter: &Option<String>| letter.clone().unwrap_or_else(|| "none".to_string());
        said.push(format!("It shows the letter {}; your letter is now {}.", letter(then), letter(now)));
    }
    if let Some((then, now)) = staleness.grade_status {
        said.push(format!("It was issued on a {then} grade; your grade is now {now}."));
    }
    if staleness.unprintable.is_some() {
        said.push("It cannot be printed as it was issued.".to_string());
    }
    // An updated certificate is one the learner would be issued now.
    if eligible {
        said.push("The course staff can issue an updated one.".to_string());
    }
    said.join(" ")
}

/// What became of the learner's certificate before the one in force (or, with none in force,
/// their latest), when a copy of it no longer verifies as in force: replaced, or taken off the
/// course's list. A revocation for a reason is said in `why_not`.
fn earlier(standing: &ops::Standing) -> Option<String> {
    let entries = &standing.ledger.entries;
    let issued_on = |entry: &crate::domain::LedgerEntry| entry.certificate.snapshot.issued_at.strftime("%Y-%m-%d");
    match entries.iter().rposition(|entry| entry.status == CertificateStatus::Issued) {
        Some(active) => {
            let before = entries[..active].last()?;
            matches!(before.status, CertificateStatus::Superseded { .. }).then(|| {
                format!(
                    "It replaces your certificate {} of {}: a copy of that one, downloaded or sent to you, now verifies as replaced by this one, so share this one.",
                    before.certificate.code,
                    issued_on(before)
                )
            })
        }
        None => {
            let last = entries.last()?;
            last.status.is_deletion().then(|| {
                format!(
                    "Your certificate {} of {} was taken off the course's list by the staff: a copy of it, downloaded or sent to you, now verifies as withdrawn.",
                    last.certificate.code,
                    issued_on(last)
                )
            })
        }
    }
}

/// What the learner is told when a leaked key is in their credential's story, or when the
/// issuer's keys cannot be read (`keys_known` false) to tell; `None` when every copy they have
/// carries a credential checkers accept.
fn credential_note(credential: &CredentialOnRecord, keys_known: bool) -> Option<String> {
    if let Some(retired_on) = &credential.key_retired_on {
        return Some(format!(
            "The key that signed your certificate's credential (the file in its PDF that lets others check it) \
             leaked, and the issuer retired it on {retired_on}: until the course staff sign your credential again, \
             checkers refuse the one in your PDF, in a copy downloaded now too. Your verification page still says \
             what your certificate certifies."
        ));
    }
    let signed_again = credential.signed_again.as_ref().map(|again| {
        format!(
            "Your certificate's credential (the file in its PDF that lets others check it) was signed again on {}, \
             because the key that had signed it leaked. If you downloaded your certificate or were sent it before then, \
             download it again: checkers refuse the credential in the earlier copy.",
            again.at_text
        )
    });
    if keys_known {
        return signed_again;
    }
    let unknown = "Whether checkers accept the credential in your certificate's PDF (the file in it that lets \
                   others check it) cannot be told here just now. Your verification page says what your \
                   certificate certifies.";
    Some(signed_again.map_or_else(|| unknown.to_string(), |again| format!("{again} {unknown}")))
}

/// Whether `standing` (without a certificate) will get none unless the staff change something.
fn settled(standing: &ops::Standing) -> bool {
    match standing.eligibility {
        Err(Ineligible::BelowThreshold) => standing.grade.status == GradeStatus::Final,
        Err(Ineligible::Withdrawn | Ineligible::Audit | Ineligible::Invalidated) => true,
        Err(Ineligible::Provisional | Ineligible::Unprintable(_) | Ineligible::UnprintablePage) => false,
        Ok(()) => standing.ledger.revoked_by_staff(),
    }
}

/// Why not yet, said to the learner rather than to staff.
fn explain(reason: Ineligible, standing: &ops::Standing, state: &CourseState) -> String {
    match reason {
        Ineligible::Withdrawn => "You have withdrawn from this course, so it issues you no certificate.".into(),
        Ineligible::Audit => "You are auditing this course; audit enrollments do not earn a certificate.".into(),
        Ineligible::Invalidated => {
            "The course staff have withheld your certificate. Ask them if you think this is a mistake.".into()
        }
        Ineligible::BelowThreshold => format!(
            "A certificate needs a grade of {} or more. {}",
            state.course.pass_threshold,
            match standing.grade.status {
                GradeStatus::Final => "Your grade is final.",
                GradeStatus::Provisional => "Your grade may still change while the course runs.",
            }
        ),
        Ineligible::Provisional => "Certificates are issued once grades are final. Come back then.".into(),
        // Only this learner's certificate waits: self-service goes on for the rest of the course.
        Ineligible::Unprintable(c) => format!(
            "Your name as the course has it cannot be printed yet: certdesk has no font with the character \
             {}, so no certificate can be issued to you for now. Ask the course staff: they can \
             add a font that has it, or correct your name if it is wrong.",
            crate::domain::shown::named_char(c)
        ),
        Ineligible::UnprintablePage => {
            "Your certificate cannot be printed with the course's design yet. Ask the course staff; they can fix it."
                .into()
        }
    }
}

/// Asks for the learner's certificate, by the rules of `certdesk request`.
pub fn request(store: &Store, printer: &Printer, link: &LearnerLink, now: Timestamp) -> ops::Result<RequestOutcome> {
    let context = ops::Context { who: who(link), now };
    ops::request_certificate(store, &link.course_id, &link.username, &context, printer)
}

/// How the audit trail names a learner acting on their own page.
pub fn who(link: &LearnerLink) -> String {
    format!("{} (learner page)", link.username)
}

/// How much of a download to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printing {
    /// The PDF itself (GET).
    Whole,
    /// Only what decides the answer's status and headers (HEAD): the certificate in force, its
    /// page laid out (which finds what cannot be printed) and its credential, but no PDF.
    HeadersOnly,
}

/// What the download of a learner's certificate gives.
pub enum Download {
    /// No bytes when only the headers were asked for.
    Pdf(Pdf),
    /// No certificate in force.
    None,
    /// The certificate cannot be printed here as issued (a character of the name that no font
    /// of the server has, most likely): why, for the server's log.
    Unprintable(String),
}

/// A learner's certificate as downloaded.
pub struct Pdf {
    pub file_name: String,
    pub bytes: Option<Vec<u8>>,
    /// The code of a certificate whose credential, in this PDF, is signed with a key retired
    /// as compromised (not signed again yet), for the server's log.
    pub credential_refused: Option<String>,
}

/// The learner's certificate in force as a PDF, printed from its own snapshot and template
/// revision as `export` prints it; with `Printing::HeadersOnly`, everything but the PDF. Its
/// credential is told against the issuer's `keys` (`None` when they cannot be read).
pub fn pdf(
    store: &Store,
    printer: &Printer,
    link: &LearnerLink,
    now: Timestamp,
    printing: Printing,
    keys: Option<&[PublicKeyInfo]>,
) -> ops::Result<Download> {
    let Some(state) = ops::load_learner_state(store, &link.course_id, &link.username, now)? else {
        return Ok(Download::None);
    };
    let Some(entry) = state.learner(&link.username).and_then(|standing| standing.active()) else {
        return Ok(Download::None);
    };
    let certificate = &entry.certificate;
    let email = &state.learners[0].enrollment.email;
    let data = ops::certificate_data(certificate, &state.course, &state.settings, email);
    let page = match printer.certificate_page(store, &certificate.snapshot.template, &data) {
        Ok(page) => page,
        Err(ops::OpsError::Refused(why)) => return Ok(Download::Unprintable(why)),
        Err(error) => return Err(error),
    };
    let bytes = if printing == Printing::HeadersOnly {
        // The PDF would be refused without its credential: so is the question.
        ops::credential(store, certificate)?;
        None
    } else {
        let title = ops::certificate_title(&state, certificate);
        Some(ops::certificate_pdf(store, printer, &state, &title, &page, certificate)?)
    };
    // Read after the printing, which seals a certificate issued before credentials were.
    let refused = CredentialOnRecord::of(store, certificate.code, keys)?
        .is_some_and(|credential| credential.key_retired_on.is_some());
    Ok(Download::Pdf(Pdf {
        file_name: file_name(certificate, refused),
        bytes,
        credential_refused: refused.then(|| certificate.code.to_string()),
    }))
}

/// The download's file name. A copy whose credential a leaked key signed says so in its name:
/// the learner sees it before handing the file on, and the copy they download once the staff
/// have signed it again is a file of another name, not one the browser numbers beside it.
fn file_name(certificate: &Certificate, credential_refused: bool) -> String {
    if credential_refused {
        format!("certificate-{}-credential-not-trusted.pdf", certificate.code)
    } else {
        format!("certificate-{}.pdf", certificate.code)
    }
}

#[cfg(test)]
#[path = "learner_tests.rs"]
mod tests;
