//! Who gets which message: every learner with a certificate in force gets it, once; when the
//! course has a message for the others, every active learner without one gets that, once.
//! What was sent before is left alone unless asked to send again; a refused message is tried
//! again on the next run.

use std::collections::{HashMap, HashSet};

use crate::domain::{CertificateStatus, Code, Delivery, EnrollmentStatus, Farewell, Ledger, Subject};
use crate::ops::{CourseState, Result};

/// What a run may change about the plan.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these learners (usernames); empty for everyone.
    pub only: Vec<String>,
    /// Send again what was sent before.
    pub resend: bool,
}

/// One message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Index into the course's learners.
    pub learner: usize,
    /// The certificate it carries; `None` for the uncertified farewell.
    pub certificate: Option<Code>,
    /// Earlier attempts (refused, or sent when sending again).
    pub attempts: u32,
    /// When it was sent before, and with which Message-ID, when this sends it again: a resend
    /// that fails leaves that delivery on record.
    pub sent_before: Option<(jiff::Timestamp, Option<String>)>,
    /// The learner's certificate mailed to them before this one replaced it, and when it was
    /// sent: the message says the new one replaces it.
    pub replaces: Option<(Code, jiff::Timestamp)>,
}

impl Planned {
    pub fn subject(&self) -> Subject {
        self.certificate.map_or(Subject::Farewell, Subject::Certificate)
    }
}

#[derive(Debug, Clone, Default)]
pub struct MailPlan {
    pub messages: Vec<Planned>,
    /// Messages sent before and not sent again.
    pub already_sent: usize,
    /// Learners left out because they have no address.
    pub no_address: Vec<String>,
    /// Learners named with `only` who have no message to get, and why.
    pub nothing_for: Vec<(String, String)>,
    /// Learners whose message carries a certificate that no longer says what is true, and what
    /// changed (`90.0% -> 95.0%`): it goes as issued, so staff hear it before it does.
    pub stale: Vec<(String, String)>,
    /// Learners whose certificate in force they no longer deserve (a score lowered below the
    /// threshold, withdrawn since), and why: their message is held back, since it would carry
    /// a certificate staff mean to revoke, until staff revoke it or allow the learner.
    pub held_back: Vec<(String, String)>,
    /// How many of those their grade keeps out, whom allowing (`certdesk allow`) would let keep
    /// their certificate; a withdrawn, audit or barred learner stays so.
    pub held_back_allowable: usize,
    /// Learners who were mailed a certificate since revoked or deleted, and which: the farewell
    /// without a certificate, which asks them to see where they stand, is not theirs to get
    /// (it would read as a second farewell that forgot the first).
    pub mailed_before: Vec<(String, String)>,
    /// Addresses that more than one planned message goes to (as written first, compared without
    /// case), with those learners: each gets their own message, which staff hear before it
    /// looks like a mistake to the one reading them.
    pub shared_addresses: Vec<(String, Vec<String>)>,
}

pub fn plan(
    state: &CourseState,
    deliveries: &[Delivery],
    farewell: &Farewell,
    selection: &Selection,
) -> Result<MailPlan> {
    for username in &selection.only {
        if state.learner(username).is_none() {
            return Err(state.unknown_learner(username));
        }
    }
    let earlier: HashMap<(&str, Subject), &Delivery> =
        deliveries.iter().map(|delivery| ((delivery.username.as_str(), delivery.subject), delivery)).collect();
    // Every certificate each learner was sent, and when.
    let mut mailed: HashMap<&str, Vec<(Code, jiff::Timestamp)>> = HashMap::new();
    for delivery in deliveries {
        if let (Subject::Certificate(code), Some(at)) = (delivery.subject, delivery.sent_at) {
            mailed.entry(delivery.username.as_str()).or_default().push((code, at));
        }
    }
    let only: HashSet<&str> = selection.only.iter().map(String::as_str).collect();
    let mut plan = MailPlan::default();
    for (index, standing) in state.learners.iter().enumerate() {
        let username = standing.username();
        if !only.is_empty() && !only.contains(username) {
            continue;
        }
        let certificate = standing.active().map(|entry| entry.certificate.code);
        let wanted = certificate.is_some()
            || (farewell.uncertified.is_some() && standing.enrollment.status == EnrollmentStatus::Active);
        if !wanted {
            if !only.is_empty() {
                // Not wanted with a farewell for the uncertified means not active.
                let why = if farewell.uncertified.is_none() {
                    "the course sends nothing to learners without one"
                } else {
                    "has withdrawn: the farewell without a certificate goes to active learners only"
                };
                plan.nothing_for
                    .push((username.to_string(), format!("{}, and {why}", none_in_force(&standing.ledger))));
            }
            continue;
        }
        if standing.enrollment.email.trim().is_empty() {
            plan.no_address.push(username.to_string());
            continue;
        }
        if let Some(why) = standing.undeserved() {
            plan.held_back.push((username.to_string(), why.label()));
            plan.held_back_allowable += usize::from(why.allowlist_helps());
            continue;
        }
        if certificate.is_none()
            && let Some((code, at)) = mailed.get(username).and_then(|sent| sent.iter().max_by_key(|(_, at)| *at))
        {
            plan.mailed_before.push((username.to_string(), mailed_and_ended(&standing.ledger, *code, *at)));
            continue;
        }
        let subject = certificate.map_or(Subject::Farewell, Subject::Certificate);
        let before = earlier.get(&(username, subject));
        if before.is_some_and(|delivery| delivery.is_sent()) && !selection.resend {
            plan.already_sent += 1;
            continue;
        }
        let sent_before = before.and_then(|delivery| Some((delivery.sent_at?, delivery.message_id.clone())));
        let attempts = before.map_or(0, |delivery| delivery.attempts);
        // The last other certificate the learner was sent, which this one replaced: said again
        // when this one is sent again, since a learner who lost the first message may still
        // hold the old PDF.
        let replaces = certificate.and_then(|now| {
            let others = mailed.get(username)?.iter().filter(|(code, _)| *code != now);
            others.max_by_key(|(_, at)| *at).copied()
        });
        if let Some(staleness) = certificate.and_then(|_| standing.staleness()) {
            plan.stale.push((username.to_string(), staleness.describe()));
        }
        plan.messages.push(Planned { learner: index, certificate, attempts, sent_before, replaces });
    }
    plan.shared_addresses = shared_addresses(state, &plan.messages);
    Ok(plan)
}

/// The addresses more than one of `messages` goes to, in the order the learners come.
fn shared_addresses(state: &CourseState, messages: &[Planned]) -> Vec<(String, Vec<String>)> {
    let mut by_address: Vec<(String, Vec<String>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for planned in messages {
        let standing = &state.learners[planned.learner];
        let address = standing.enrollment.email.trim();
        let slot = *index.entry(address.to_lowercase()).or_insert_with(|| {
            by_address.push((address.to_string(), Vec::new()));
            by_address.len() - 1
        });
        by_address[slot].1.push(standing.username().to_string());
    }
    by_address.retain(|(_, usernames)| usernames.len() > 1);
    by_address
}

/// Why a learner has no certificate in force: staff asking after one mostly need to hear that it
/// was revoked or deleted, when and by whom.
fn none_in_force(ledger: &Ledger) -> String {
    match last_ended(ledger) {
        Some((code, what)) => format!("no certificate in force (their certificate {code} was {what})"),
        None => "no certificate in force".to_string(),
    }
}

/// What ended the learner's last certificate, when it was revoked or deleted: `revoked on
/// 2026-12-07 06:37 UTC by elrond: REASON`.
fn last_ended(ledger: &Ledger) -> Option<(Code, String)> {
    let last = ledger.entries.last()?;
    let CertificateStatus::Revoked { reason, at, who } = &last.status else {
        return None;
    };
    let when = crate::domain::when_utc(*at);
    let what = match last.status.is_deletion() {
        true => format!("deleted on {when} by {who}"),
        false => format!("revoked on {when} by {who}: {}", reason.trim_end_matches('.')),
    };
    Some((last.certificate.code, what))
}

/// The certificate `code` mailed `at`, and what ended the learner's last one since: `QM3E-…
/// mailed on 2026-12-02 10:00 UTC, revoked on …`.
fn mailed_and_ended(ledger: &Ledger, code: Code, at: jiff::Timestamp) -> String {
    let mailed = format!("{code} mailed on {}", crate::domain::when_utc(at));
    match last_ended(ledger) {
        Some((last, what)) if last == code => format!("{mailed}, {what}"),
        Some((last, what)) => format!("{mailed}; their later certificate {last} was {what}"),
        None => format!("{mailed}; no certificate in force"),
    }
}
