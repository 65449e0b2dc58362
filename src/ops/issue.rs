//! The machinery every issuing operation shares: snapshots, fresh codes, and committing a
//! long list of learners in bounded, individually atomic parts with progress and cancel.

use jiff::Timestamp;

use super::standing::{CourseState, Standing};
use super::{OpsError, Result};
use crate::domain::{Action, Certificate, CertificateStatus, Code, Event, Mode, Snapshot, TemplateRef};
use crate::store::{Commit, LedgerWrite, Store, StoreError};

/// Learners per transaction: sled keeps a transaction in memory, so large operations are
/// committed in parts of this size. Each part is all or nothing, has its own log event, and
/// is flushed to disk before the next one starts.
pub const CHUNK: usize = 1000;

/// How often a part is retried when a freshly drawn code collides with one in use
/// (about one chance in 10^13 per part at 100,000 certificates).
const CODE_ATTEMPTS: usize = 4;

/// Reports progress of long work and lets the user stop it between parts.
pub trait Progress {
    fn step(&mut self, done: usize, total: usize);
    fn cancelled(&self) -> bool {
        false
    }
}

/// For callers that show no progress.
pub struct Quiet;

impl Progress for Quiet {
    fn step(&mut self, _done: usize, _total: usize) {}
}

/// Identifies who and when for everything one command does.
#[derive(Debug, Clone)]
pub struct Context {
    pub who: String,
    /// Whole seconds: what certificates print and digest must survive storage exactly.
    pub now: Timestamp,
}

impl Context {
    pub fn new(who: impl Into<String>, now: Timestamp) -> Context {
        Context { who: who.into(), now: Timestamp::from_second(now.as_second()).unwrap_or(now) }
    }

    pub fn event(&self, action: Action, summary: String, learners: Vec<String>, codes: Vec<Code>) -> Event {
        Event { at: self.now, who: self.who.clone(), action, summary, learners, codes, learner_changes: None }
    }
}

/// A code nobody can guess: 60 bits from the operating system's generator.
pub fn draw_code() -> Result<Code> {
    loop {
        let code = Code::from_random(getrandom::u64().map_err(|error| OpsError::Random(error.to_string()))?);
        if code != Code::EXAMPLE {
            return Ok(code);
        }
    }
}

/// The template revision a mode prints with now.
pub fn template_ref(state: &CourseState, mode: Mode) -> TemplateRef {
    state.templates.get(&mode).cloned().unwrap_or_else(|| TemplateRef { name: mode.as_str().to_string(), revision: 0 })
}

/// The template a mode prints with now, refused when it is not in the database: a
/// certificate issued with it could never be printed.
pub fn printable_template(state: &CourseState, mode: Mode) -> Result<TemplateRef> {
    let template = template_ref(state, mode);
    if template.revision == 0 {
        let course = &state.course.id;
        return Err(OpsError::Refused(format!(
            "the {mode} template '{name}' is not in the database, so nothing was issued: save it with `certdesk template save {name} FILE`, or choose another with `certdesk settings {course} --template {mode}=NAME`",
            name = template.name
        )));
    }
    Ok(template)
}

/// Refuses, before anything is issued, when one of `usernames` would be issued a certificate
/// from a template that is not in the database.
pub fn require_printable_templates<'a>(state: &CourseState, usernames: impl Iterator<Item = &'a str>) -> Result<()> {
    let modes: std::collections::BTreeSet<Mode> =
        usernames.filter_map(|username| state.learner(username)).map(|standing| standing.enrollment.mode).collect();
    modes.into_iter().try_for_each(|mode| printable_template(state, mode).map(drop))
}

/// A new certificate saying what is true of `standing` now.
pub fn new_certificate(state: &CourseState, standing: &Standing, context: &Context) -> Result<Certificate> {
    Ok(Certificate::new(
        draw_code()?,
        &state.course.id,
        &standing.enrollment.username,
        snapshot(state, standing, context)?,
    ))
}

/// What a certificate issued to `standing` now would say.
pub fn snapshot(state: &CourseState, standing: &Standing, context: &Context) -> Result<Snapshot> {
    let enrollment = &standing.enrollment;
    Ok(Snapshot {
        full_name: enrollment.full_name.clone(),
        course_title: state.course.title.clone(),
        percent: standing.grade.percent,
        letter: standing.letter.clone(),
        mode: enrollment.mode,
        grade_status: standing.grade.status,
        issued_at: context.now,
        template: printable_template(state, enrollment.mode)?,
        issued_by: context.who.clone(),
    })
}

/// `username`'s ledger with a new certificate saying what is true now; the certificate in
/// force, if any, is marked superseded by it. Returns the write and the new code.
pub fn issue_to(state: &CourseState, username: &str, context: &Context) -> Result<(LedgerWrite, Code)> {
    let standing = state.learner(username).ok_or_else(|| state.unknown_learner(username))?;
    let certificate = new_certificate(state, standing, context)?;
    let code = certificate.code;
    let mut ledger = standing.ledger.clone();
    ledger.end_active(CertificateStatus::Superseded { by: code, at: context.now, who: context.who.clone() });
    ledger.issue(certificate);
    Ok((LedgerWrite::new(username, ledger, vec![code], &standing.ledger), code))
}

/// What a certificate issued to `username` was decided on, for `Commit::decided_on`: their
/// enrollment as `state` read it.
pub fn decided_on(state: &CourseState, username: &str) -> Option<(String, [u8; 8])> {
    let standing = state.learner(username)?;
    Some((username.to_string(), crate::store::enrollment_digest(&standing.enrollment)))
}

/// Commits `items` in parts of `CHUNK`, each built by `build` (called again with fresh codes
/// if one collides). Returns the outcomes of the parts committed; stops early, between
/// parts, when `progress` is cancelled.
///
/// Building a part (snapshots, digests, encoding) runs on a second thread while the
/// previous part is being written, so the store is kept busy.
pub fn commit_in_parts<T: Sync, O: Send>(
    store: &Store,
    course_id: &str,
    items: &[T],
    progress: &mut dyn Progress,
    build: impl Fn(&[T], PartLabel) -> Result<(Commit, O)> + Sync,
) -> Result<Vec<O>> {
    let parts = items.len().div_ceil(CHUNK);
    let mut outcomes = Vec::with_capacity(parts);
    progress.step(0, items.len());
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        let build = &build;
        scope.spawn(move || {
            for (index, chunk) in items.chunks(CHUNK).enumerate() {
                let label = PartLabel { index: index + 1, parts };
                // The receiver hangs up when the operation stops early; so does this thread.
                if sender.send((chunk, label, build(chunk, label))).is_err() {
                    break;
                }
            }
        });
        let mut done = 0;
        for (chunk, label, built) in receiver {
            if progress.cancelled() {
                break;
            }
            let (mut commit, mut outcome) = built?;
            let mut attempt = 1;
            loop {
                match store.commit(course_id, &commit) {
                    Ok(()) => break,
                    Err(StoreError::CodeTaken(_)) if attempt < CODE_ATTEMPTS => {
                        attempt += 1;
                        (commit, outcome) = build(chunk, label)?;
                    }
                    Err(StoreError::Changed(message)) if done > 0 => {
                        return Err(OpsError::from(StoreError::Changed(written_before(
                            message,
                            label,
                            done,
                            items.len(),
                        ))));
                    }
                    Err(error) => return Err(stopped_partway(error, label, done, items.len())),
                }
            }
            // Durable before it is announced: the progress line, the TUI and the audit trail
            // say this part is done, and sled would otherwise keep it in memory for up to
            // half a second, lost to a kill -9 or a power cut.
            store.flush().map_err(|error| stopped_partway(error, label, done, items.len()))?;
            outcomes.push(outcome);
            done += chunk.len();
            progress.step(done, items.len());
        }
        Ok::<(), OpsError>(())
    })?;
    Ok(outcomes)
}

/// The message of a part refused because someone else changed one of its learners, when the
/// parts before it were written: "nothing was written" is true of that part only.
fn written_before(message: String, refused: PartLabel, done: usize, total: usize) -> String {
    let Some(what) = message.strip_suffix(crate::store::NOTHING_WRITTEN) else { return message };
    let (before, were) = match refused.index - 1 {
        1 => ("part 1".to_string(), "was"),
        last => (format!("parts 1 to {last}"), "were"),
    };
    let after = if refused.index < refused.parts { ", nor those after it" } else { "" };
    format!(
        "{what}: part {} of {} was not written{after}; {before} ({done} of {total} learners) {were}, as the log says; run the command again for the rest",
        refused.index, refused.parts
    )
}

/// A part that could not be written for a reason of the database's own (a full disk, a file
/// grown past what the system allows): when parts before it were written and flushed, the
/// error says so, or staff would read the bare reason as "nothing was issued" while thousands
/// of certificates were.
fn stopped_partway(error: StoreError, stopped: PartLabel, done: usize, total: usize) -> OpsError {
    if done == 0 {
        return OpsError::from(error);
    }
    let (before, were) = match stopped.index - 1 {
        1 => ("part 1".to_string(), "was"),
        last => (format!("parts 1 to {last}"), "were"),
    };
    // A server that went away while it wrote the part may have written it before it went.
    let maybe = match error {
        StoreError::ServerGone { .. } => {
            format!(" (part {} may have been written too, if the server went after writing it)", stopped.index)
        }
        _ => String::new(),
    };
    OpsError::Refused(format!(
        "{error}. It stopped at part {} of {}: {before} ({done} of {total} learners) {were} written before{maybe}, as the log says, and running the command again does the rest",
        stopped.index, stopped.parts
    ))
}

/// Which part of a multi-part operation an event belongs to.
#[derive(Debug, Clone, Copy)]
pub struct PartLabel {
    pub index: usize,
    pub parts: usize,
}

impl PartLabel {
    /// `""` for a one-part operation, else ` (part 3 of 100)`.
    pub fn suffix(self) -> String {
        if self.parts <= 1 { String::new() } else { format!(" (part {} of {})", self.index, self.parts) }
    }

    /// The label `suffix` wrote at the end of an event's summary, if any.
    pub fn from_summary(summary: &str) -> Option<PartLabel> {
        let label = summary.strip_suffix(')')?.rsplit_once(" (part ")?.1;
        let (index, parts) = label.split_once(" of ")?;
        Some(PartLabel { index: index.parse().ok()?, parts: parts.parse().ok()? })
    }
}

#[cfg(test)]
#[path = "issue_tests.rs"]
mod tests;
