//! Sending a course's messages: one at a time, at most so many a minute, each recorded with its
//! audit event as soon as the mail server has answered. Killed in the middle, a run loses no
//! record and sends at most the one message in flight again.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use rayon::prelude::*;

use super::compose::Composer;
use super::links::{self, Minted};
use super::message::Replaced;
use super::plan::{MailPlan, Planned};
use super::smtp::{self, Alike, Failure, Mailer};
use crate::domain::{Action, Delivery, Event, Farewell, LearnerLink, LedgerEntry, MailSettings};
use crate::ops::{Context, CourseState, OpsError, Printer, Progress, Result};
use crate::store::{Commit, Store};

/// How many messages in a row the server may refuse alike, not for their recipients, before the
/// run stops: a few, so that one odd refusal does not end a run.
const REFUSED_ALIKE: usize = 3;

/// Where this run sends from and how fast.
pub struct Outbox {
    pub mailer: Mailer,
    /// The mail server's URL, as given (it holds no password).
    pub url: String,
    pub from: String,
    pub per_minute: u32,
    pub link_days: u32,
}

/// What a run may set for itself instead of the kept mail settings.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub smtp: Option<String>,
    pub from: Option<String>,
    pub per_minute: Option<u32>,
    pub password_file: Option<String>,
}

impl Outbox {
    /// The outbox the kept `settings`, changed by `overrides`, describe; the password comes
    /// from the environment or the password file.
    pub fn open(settings: &MailSettings, overrides: &Overrides) -> std::result::Result<Outbox, String> {
        let url = overrides
            .smtp
            .clone()
            .or(settings.smtp_url.clone())
            .ok_or("no mail server: give --smtp URL, or keep one with `certdesk mail-settings --smtp URL`")?;
        let from = overrides
            .from
            .clone()
            .or(settings.from.clone())
            .ok_or("no sender: give --from ADDRESS, or keep one with `certdesk mail-settings --from ADDRESS`")?;
        let password_file = overrides.password_file.as_deref().or(settings.password_file.as_deref());
        let password = smtp::password(password_file)?;
        Ok(Outbox {
            mailer: Mailer::new(&url, password)?,
            url,
            from,
            per_minute: overrides.per_minute.unwrap_or(settings.per_minute),
            link_days: settings.link_days,
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct MailReport {
    pub sent: Vec<(String, String)>,
    /// Learners whose message the server refused, or could not be made, in the run's order.
    pub refused: Vec<NotSent>,
    /// Why the run stopped before the end, if it did.
    pub stopped: Option<String>,
    /// It was stopped by the user (Esc, Ctrl-C, a signal), not by the mail server.
    pub cancelled: bool,
    /// Learners a stopped run did not get to, in the run's order: neither sent nor refused.
    pub not_reached: Vec<String>,
    /// The learners (in `refused` too) whose messages the server refused alike, one after
    /// another, for a reason that is not about their addresses: the refusals that stopped the
    /// run, said once in `stopped` rather than one by one.
    pub refused_alike: Vec<String>,
    /// Learners whose earlier personal links the message just sent closed: their next click
    /// on an older message's link says it was replaced.
    pub closed_links: Vec<String>,
}

/// The certificate a planned message carries.
pub fn entry<'a>(state: &'a CourseState, planned: &Planned) -> Option<&'a LedgerEntry> {
    let code = planned.certificate?;
    state.learners[planned.learner].ledger.entry(code)
}

/// The certificate mailed before that a planned message's replaces, as the message names it.
fn replaced(planned: &Planned) -> Option<Replaced> {
    let (code, sent_at) = planned.replaces?;
    Some(Replaced { code: code.to_string(), sent_on: sent_at.strftime("%Y-%m-%d").to_string() })
}

/// Where learners' links go for this course, if it hands them out (self-generation on, and a
/// verification URL that ends in `/verify/`).
pub fn link_base(state: &CourseState) -> Option<String> {
    links::handed_out_at(&state.settings)
}

/// A message that was not sent: to whom, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSent {
    pub username: String,
    /// The server's answer, or why the message could not be made.
    pub why: String,
    /// It could not be made (an address mail cannot be sent to, a subject too long): the next
    /// run fails the same way until what `why` says is mended. Else the server refused it.
    pub unmade: bool,
}

/// What a dry run composed: the messages and their size, and those it could not make (the
/// learner, and why), which the real run would report as not sent.
#[derive(Debug, Default)]
pub struct Composition {
    pub messages: usize,
    pub bytes: usize,
    pub unsendable: Vec<(String, String)>,
}

/// A course's messages about to go out: the course, its farewell, and the plan.
pub struct Mailing<'a> {
    pub store: &'a Store,
    pub printer: &'a Printer,
    pub state: &'a CourseState,
    pub farewell: &'a Farewell,
    pub plan: &'a MailPlan,
}

impl Mailing<'_> {
    /// Composes every planned message without sending any: what `--dry-run` checks, and what the
    /// benchmark times: how many messages were made, their size, and those that could not be.
    pub fn compose_all(&self, from: &str) -> Result<Composition> {
        let Mailing { store, printer, state, farewell, plan } = *self;
        let composer = Composer::new(store, printer, state, farewell, from).map_err(OpsError::Refused)?;
        let link = link_base(state).map(|base| format!("{base}(made when sent)")).unwrap_or_default();
        // On every core: each message is laid out, printed and encoded on its own.
        let outcomes: Vec<(&str, std::result::Result<usize, String>)> = plan
            .messages
            .par_iter()
            .map(|planned| {
                let standing = &state.learners[planned.learner];
                let composed = composer.compose(standing, entry(state, planned), &link, replaced(planned).as_ref());
                (standing.username(), composed.map(|composed| composed.message.formatted().len()))
            })
            .collect();
        // A message that cannot be made is one the real run reports and goes past, as here.
        let mut composition = Composition::default();
        for (username, outcome) in outcomes {
            match outcome {
                Ok(bytes) => {
                    composition.messages += 1;
                    composition.bytes += bytes;
                }
                Err(why) => composition.unsendable.push((username.to_string(), why)),
            }
        }
        Ok(composition)
    }

    /// Sends every planned message.
    pub fn send_all(&self, outbox: &Outbox, context: &Context, progress: &mut dyn Progress) -> Result<MailReport> {
        let Mailing { store, printer, state, farewell, plan } = *self;
        let composer = Composer::new(store, printer, state, farewell, &outbox.from).map_err(OpsError::Refused)?;
        let base = link_base(state);
        let mut earlier_links =
            if base.is_some() { open_links(store, &state.course.id, context.now)? } else { HashMap::new() };
        let pause = Duration::from_secs_f64(60.0 / f64::from(outbox.per_minute.max(1)));
        let mut report = MailReport::default();
        let mut last_sent: Option<Instant> = None;
        progress.step(0, plan.messages.len());
        // Where the run stopped: the message it was about to send (or could not) and the rest.
        let mut stopped_at = None;
        // The refusals not about their recipients just before this message, all alike: whose,
        // what makes them alike (`refusal::gist`), and the server's answer.
        let mut alike: Vec<(String, String, String)> = Vec::new();
        for (done, planned) in plan.messages.iter().enumerate() {
            if !pause_until(last_sent.map(|at| at + pause), progress) {
                report.stopped = Some("cancelled".into());
                report.cancelled = true;
                stopped_at = Some(done);
                break;
            }
            let standing = &state.learners[planned.learner];
            let username = standing.username();
            last_sent = Some(Instant::now());
            // Connected before a link is made: a server that cannot be used leaves no trace.
            let session = match outbox.mailer.connect() {
                Ok(session) => session,
                Err(why) => {
                    report.stopped = Some(format!("the mail server cannot be used: {why}"));
                    stopped_at = Some(done);
                    break;
                }
            };
            let now = Timestamp::now();
            let minted = match &base {
                Some(base) => Some(links::mint(store, base, &state.course.id, username, now, outbox.link_days)?),
                None => None,
            };
            let link = minted.as_ref().map_or("", |minted| minted.url.as_str());
            let (outcome, message_id, unmade) =
                match composer.compose(standing, entry(state, planned), link, replaced(planned).as_ref()) {
                    Ok(composed) => (session.send(&composed.message), Some(composed.message_id), false),
                    Err(problem) => (Err(Failure::Refused(problem)), None, true),
                };
            if let Err(Failure::Unreachable(why)) = &outcome {
                // The server failed, not this message: nothing is held against the learner's
                // certificate, and the link made for the message is withdrawn.
                if let Some(minted) = minted {
                    let summary = format!("mail to {username} not sent, the mail server cannot be used: {why}");
                    withdraw(
                        store,
                        &state.course.id,
                        context.event(Action::Mail, summary, vec![username.into()], vec![]),
                        minted,
                        now,
                    )?;
                }
                report.stopped = Some(format!("the mail server cannot be used: {why}"));
                stopped_at = Some(done);
                break;
            }
            let mut delivery = Delivery {
                username: username.to_string(),
                subject: planned.subject(),
                to: standing.enrollment.email.clone(),
                attempts: planned.attempts + 1,
                last_attempt: now,
                sent_at: None,
                message_id: None,
                error: None,
            };
            let what = match planned.certificate {
                Some(code) => format!("the certificate {code}"),
                None => "the farewell".to_string(),
            };
            // The link a message carries replaces the ones sent before it (or handed out by
            // hand): a learner has one link that works, the newest, whichever message they open.
            let closed = match (&outcome, &minted) {
                (Ok(()), Some(_)) => earlier_links.remove(username).unwrap_or_default(),
                _ => Vec::new(),
            };
            // Sent, or taken whole and never answered, which most likely went: recorded as sent,
            // so that running the command again does not mail it a second time.
            let went = matches!(outcome, Ok(()) | Err(Failure::Unconfirmed(_)));
            if went {
                delivery.sent_at = Some(now);
                delivery.message_id = message_id;
                report.sent.push((username.to_string(), what.clone()));
            }
            let summary = match &outcome {
                Ok(()) => {
                    if !closed.is_empty() {
                        report.closed_links.push(username.to_string());
                    }
                    match closed.len() {
                        0 => format!("mailed {username} {what}"),
                        1 => format!("mailed {username} {what}; its earlier link is closed"),
                        count => format!("mailed {username} {what}; its {count} earlier links are closed"),
                    }
                }
                // The stop says how to send it again if it did not go.
                Err(Failure::Unconfirmed(why)) => {
                    format!("mail to {username} ({what}) not confirmed by the mail server: {why}")
                }
                Err(
                    Failure::Refused(why) | Failure::Unreachable(why) | Failure::NotAboutRecipient(Alike { why, .. }),
                ) => {
                    if let Some((at, message_id)) = &planned.sent_before {
                        (delivery.sent_at, delivery.message_id) = (Some(*at), message_id.clone());
                    }
                    delivery.error = Some(why.clone());
                    report.refused.push(NotSent { username: username.to_string(), why: why.clone(), unmade });
                    format!("mail to {username} ({what}) not sent: {why}")
                }
            };
            let codes = planned.certificate.into_iter().collect();
            let mut event = context.event(Action::Mail, summary, vec![username.to_string()], codes);
            event.at = now;
            let mut commit = Commit::new(event);
            commit.deliveries.push(delivery);
            // A message the server may have delivered keeps its link open; so do the earlier
            // ones, as it may not have.
            if !went {
                commit.links.extend(minted.map(Minted::withdrawn));
            }
            // Closed at the instant the new link was made: what tells a replaced link from one
            // the staff revoked (`links::replaced`).
            commit
                .links
                .extend(closed.into_iter().map(|(hash, link)| (hash, LearnerLink { revoked: Some(now), ..link })));
            let recorded = store.commit(&state.course.id, &commit).and_then(|()| store.flush());
            if let Err(error) = recorded {
                return Err(not_recorded(error, &report, username, went));
            }
            progress.step(done + 1, plan.messages.len());
            if let Err(Failure::Unconfirmed(why)) = &outcome {
                report.stopped = Some(format!(
                    "{why}; it is recorded as sent: if {username} did not get it, `certdesk mail {} --resend --only \
                     {username}` sends it again; ask the server's staff whether it is well",
                    state.course.id
                ));
                stopped_at = Some(done + 1);
                break;
            }
            match &outcome {
                Err(Failure::NotAboutRecipient(refusal)) => {
                    if alike.last().is_some_and(|(_, gist, _)| *gist != refusal.gist) {
                        alike.clear();
                    }
                    alike.push((username.to_string(), refusal.gist.clone(), refusal.answer.clone()));
                }
                _ => alike.clear(),
            }
            // A server that refuses a few messages in a row alike, for a reason that is not
            // about their recipients, would refuse the whole course so: a course of 2,000 would
            // otherwise hear the same refusal 2,000 times, each recorded against a learner.
            if alike.len() == REFUSED_ALIKE && done + 1 < plan.messages.len() {
                report.refused_alike = alike.iter().map(|(username, _, _)| username.clone()).collect();
                report.stopped = Some(format!(
                    "the mail server refused {} messages in a row ({}) alike, not for their addresses, and would refuse the others so: {}",
                    alike.len(),
                    report.refused_alike.join(", "),
                    alike[0].2
                ));
                stopped_at = Some(done + 1);
                break;
            }
        }
        if let Some(at) = stopped_at {
            let rest = &plan.messages[at..];
            report.not_reached =
                rest.iter().map(|planned| state.learners[planned.learner].username().to_string()).collect();
        }
        Ok(report)
    }
}

/// Waits out the rate's pause before the next message, until `until`, unless the run is
/// stopped meanwhile; returns whether the run goes on. Looked at often: at a few messages a
/// minute the pause is many seconds, and Esc or Ctrl-C must not wait it out and then send one
/// more message.
/// A run stopped because what became of the message to `username` could not be recorded (the
/// server gone, a full disk): the error, with what was sent and recorded before it and what to
/// know before running again, since the record is what keeps a learner from a second message.
fn not_recorded(error: crate::store::StoreError, report: &MailReport, username: &str, sent: bool) -> OpsError {
    let before = report.sent.len() - usize::from(sent);
    let this = if sent {
        format!(
            "the message to {username} went but is not recorded, so running the command again sends it a second time, with the rest"
        )
    } else {
        format!("the message to {username} did not go; running the command again sends it and the rest")
    };
    OpsError::Refused(format!(
        "{error}. {} sent and recorded before it; {this}",
        crate::domain::counted(before, "message was", "messages were")
    ))
}

fn pause_until(until: Option<Instant>, progress: &dyn Progress) -> bool {
    const LOOK_EVERY: Duration = Duration::from_millis(50);
    while !progress.cancelled() {
        let left = until.map_or(Duration::ZERO, |until| until.saturating_duration_since(Instant::now()));
        if left.is_zero() {
            return true;
        }
        std::thread::sleep(left.min(LOOK_EVERY));
    }
    false
}

/// A kept link: its token's hash, and the link.
type KeptLink = ([u8; 32], LearnerLink);

/// The open links of a course by learner: the ones a message's new link replaces.
fn open_links(store: &Store, course_id: &str, now: Timestamp) -> Result<HashMap<String, Vec<KeptLink>>> {
    let mut open: HashMap<String, Vec<_>> = HashMap::new();
    for (hash, link) in store.links(course_id)? {
        if link.is_open(now) {
            open.entry(link.username.clone()).or_default().push((hash, link));
        }
    }
    Ok(open)
}

/// Withdraws a link made for a message that did not go, with the event saying why.
fn withdraw(store: &Store, course_id: &str, mut event: Event, minted: Minted, now: Timestamp) -> Result<()> {
    event.at = now;
    let mut commit = Commit::new(event);
    commit.links.push(minted.withdrawn());
    store.commit(course_id, &commit)?;
    Ok(store.flush()?)
}

#[cfg(test)]
#[path = "run_tests.rs"]
mod tests;
