//! Whether the course's last generate, regenerate or delete of all certificates stopped before
//! its last part (stopped with Esc or Ctrl-C, or the process killed), so staff who open the
//! course again are told what is left to do.

use jiff::Timestamp;
use serde::Serialize;

use super::issue::{Context, PartLabel};
use super::standing::CourseState;
use crate::domain::{Action, Event, counted};

/// The operations that run in parts, each part with its own event `(part k of n)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartedRun {
    Generate,
    /// Replacing the stale certificates.
    Regenerate,
    /// Deleting every active certificate (one learner's is never more than one part).
    DeleteAll,
}

impl PartedRun {
    pub const ALL: [PartedRun; 3] = [PartedRun::Generate, PartedRun::Regenerate, PartedRun::DeleteAll];

    fn action(self) -> Action {
        match self {
            PartedRun::Generate => Action::Generate,
            PartedRun::Regenerate => Action::Regenerate,
            PartedRun::DeleteAll => Action::Delete,
        }
    }

    /// The run as a sentence names it: `The last {name} (by …)`.
    fn name(self) -> &'static str {
        match self {
            PartedRun::Generate => "generate",
            PartedRun::Regenerate => "regenerate",
            PartedRun::DeleteAll => "delete of all",
        }
    }

    /// The run as the start of a short line names it.
    fn title(self) -> &'static str {
        match self {
            PartedRun::Generate => "Generate",
            PartedRun::Regenerate => "Regenerate",
            PartedRun::DeleteAll => "Delete all",
        }
    }

    /// The certificates pane's key that finishes the run, and what it does to those left.
    pub fn key(self) -> (char, &'static str) {
        match self {
            PartedRun::Generate => ('g', "issue"),
            PartedRun::Regenerate => ('r', "replace"),
            PartedRun::DeleteAll => ('D', "delete"),
        }
    }

    /// The command that finishes the run: `certdesk delete COURSE --all`.
    pub fn command(self, course: &str) -> String {
        match self {
            PartedRun::Generate => format!("certdesk generate {course}"),
            PartedRun::Regenerate => format!("certdesk regenerate {course} --stale"),
            PartedRun::DeleteAll => format!("certdesk delete {course} --all"),
        }
    }

    /// What is left to do, counted on the course as it is now.
    fn waiting(self, state: &CourseState) -> usize {
        let learners = state.learners.iter();
        match self {
            PartedRun::Generate => {
                learners.filter(|standing| standing.active().is_none() && standing.eligibility.is_ok()).count()
            }
            PartedRun::Regenerate => learners
                .filter(|standing| {
                    standing.active().is_some() && standing.staleness().is_some() && standing.eligibility.is_ok()
                })
                .count(),
            PartedRun::DeleteAll => learners.filter(|standing| standing.active().is_some()).count(),
        }
    }

    /// `19000 eligible learners have no certificate yet`.
    fn left(self, waiting: usize) -> String {
        match self {
            PartedRun::Generate => {
                format!("{} no certificate yet", counted(waiting, "eligible learner has", "eligible learners have"))
            }
            PartedRun::Regenerate => {
                format!("{} still stale", counted(waiting, "certificate is", "certificates are"))
            }
            PartedRun::DeleteAll => format!("{} still active", counted(waiting, "certificate is", "certificates are")),
        }
    }

    /// `left` for a short line: `19000 eligible without a certificate`.
    fn left_briefly(self, waiting: usize) -> String {
        match self {
            PartedRun::Generate => format!("{waiting} eligible without a certificate"),
            PartedRun::Regenerate => format!("{waiting} still stale"),
            PartedRun::DeleteAll => format!("{waiting} still active"),
        }
    }
}

/// The last run of an operation done in parts, stopped after `part` of `parts`, while
/// `waiting` learners are still left for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnfinishedRun {
    pub run: PartedRun,
    pub part: usize,
    pub parts: usize,
    pub at: Timestamp,
    pub who: String,
    /// Left to do now: eligible learners with no certificate (generate), stale certificates
    /// of eligible learners (regenerate), active certificates (delete all).
    pub waiting: usize,
}

impl UnfinishedRun {
    /// What stopped, worded to be true whether the user stopped it on purpose or the run was
    /// cut off (the log cannot tell the two apart): `The last generate (by elrond,
    /// 2026-12-03 23:40 UTC) stopped after part 11 of 30; 19000 eligible learners have no
    /// certificate yet`.
    pub fn describe(&self) -> String {
        format!(
            "The last {} (by {}, {}) stopped after part {} of {}; {}",
            self.run.name(),
            self.who,
            crate::domain::when_utc(self.at),
            self.part,
            self.parts,
            self.run.left(self.waiting),
        )
    }

    /// What a command that stopped this run just now (Ctrl-C, SIGTERM) says last: `Stopped
    /// after part 1 of 3; 1500 certificates are still active: `certdesk delete c --all` deletes
    /// them.`
    pub fn describe_stop(&self, course: &str) -> String {
        let (_, verb) = self.run.key();
        let when = match self.part {
            0 => "before its first part".to_string(),
            part => format!("after part {part} of {}", self.parts),
        };
        format!("Stopped {when}; {}: `{}` {verb}s them.", self.run.left(self.waiting), self.run.command(course))
    }

    /// What a generate or regenerate report says last of this run: after a dry run, that the
    /// learners it left are among those listed and which command finishes them; after a run
    /// stopped just now, `describe_stop`.
    pub fn describe_after_report(&self, course: &str, dry_run: bool) -> String {
        if !dry_run {
            return self.describe_stop(course);
        }
        let (_, verb) = self.run.key();
        format!("{}: they are among those above; `{}` {verb}s them.", self.describe(), self.run.command(course))
    }

    /// `describe` for a line of an 80-column screen: `Generate stopped at part 11 of 30:
    /// 19000 eligible without a certificate`.
    pub fn describe_briefly(&self) -> String {
        format!(
            "{} stopped at part {} of {}: {}",
            self.run.title(),
            self.part,
            self.parts,
            self.run.left_briefly(self.waiting)
        )
    }

    /// `describe_briefly` for a run still going (a colleague's, as the server's notices of its
    /// parts show): `Generate by elrond under way, part 11 of 30 done: 19000 eligible without
    /// a certificate`.
    pub fn describe_going(&self) -> String {
        format!(
            "{} by {} under way, part {} of {} done: {}",
            self.run.title(),
            self.who,
            self.part,
            self.parts,
            self.run.left_briefly(self.waiting)
        )
    }
}

/// The course's last run of `run`, when it stopped short and left something to do. `events`
/// is the course's trail, oldest first: each part logs its own event, `(part k of n)`, so a
/// last event with k < n is a run that never finished. Staff who started over are not sent
/// back to it: a delete of all certificates stopped short is left alone once certificates were
/// issued after it, and a generate stopped short once every certificate was deleted after it.
pub fn unfinished_run(state: &CourseState, events: &[Event], run: PartedRun) -> Option<UnfinishedRun> {
    unfinished_run_leaving(events, run, || run.waiting(state))
}

/// `unfinished_run` with what is left counted by the caller (`waiting`, asked only when the
/// last run stopped short), for a command that has it without the course's grades.
pub fn unfinished_run_leaving(
    events: &[Event],
    run: PartedRun,
    waiting: impl FnOnce() -> usize,
) -> Option<UnfinishedRun> {
    let position = events.iter().rposition(|event| event.action == run.action())?;
    let last = &events[position];
    let label = PartLabel::from_summary(&last.summary)?;
    if label.index >= label.parts {
        return None;
    }
    let mut since = events[position + 1..].iter();
    let started_over = match run {
        PartedRun::DeleteAll => since.any(|event| matches!(event.action, Action::Generate | Action::Regenerate)),
        PartedRun::Generate => since.any(deletes_all),
        // Its stale certificates are deleted with the rest, and then none is left waiting.
        PartedRun::Regenerate => false,
    };
    if started_over {
        return None;
    }
    let waiting = waiting();
    (waiting > 0).then(|| UnfinishedRun {
        run,
        part: label.index,
        parts: label.parts,
        at: last.at,
        who: last.who.clone(),
        waiting,
    })
}

/// Whether `event` is a part of a delete of all certificates, as far as the trail tells: one
/// of several parts, or one that deleted more than one learner's (a delete of all that found a
/// single certificate reads as one learner's delete).
fn deletes_all(event: &Event) -> bool {
    event.action == Action::Delete && (PartLabel::from_summary(&event.summary).is_some() || event.learners.len() > 1)
}

/// The run `context` just made, when `progress` stopped it between parts: committed `done` of
/// its `parts` parts, leaving `waiting` learners. `None` when it ran to its end.
pub(super) fn stopped_now(
    run: PartedRun,
    (done, parts): (usize, usize),
    waiting: usize,
    context: &Context,
) -> Option<UnfinishedRun> {
    (done < parts && waiting > 0).then(|| UnfinishedRun {
        run,
        part: done,
        parts,
        at: context.now,
        who: context.who.clone(),
        waiting,
    })
}

/// Every operation of the course whose last run stopped short, the most recent first.
pub fn unfinished_runs(state: &CourseState, events: &[Event]) -> Vec<UnfinishedRun> {
    let mut runs: Vec<UnfinishedRun> =
        PartedRun::ALL.into_iter().filter_map(|run| unfinished_run(state, events, run)).collect();
    runs.sort_by_key(|run| std::cmp::Reverse(run.at));
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stopped(run: PartedRun) -> UnfinishedRun {
        let at = "2026-12-01T12:00:00Z".parse().expect("a time");
        UnfinishedRun { run, part: 1, parts: 3, at, who: "elrond".into(), waiting: 2 }
    }

    #[test]
    fn a_dry_run_report_ends_with_what_the_run_left_and_the_command_that_finishes_it() {
        assert_eq!(
            stopped(PartedRun::Generate).describe_after_report("c", true),
            "The last generate (by elrond, 2026-12-01 12:00 UTC) stopped after part 1 of 3; 2 eligible learners have \
             no certificate yet: they are among those above; `certdesk generate c` issues them."
        );
        assert_eq!(
            stopped(PartedRun::Regenerate).describe_after_report("c", true),
            "The last regenerate (by elrond, 2026-12-01 12:00 UTC) stopped after part 1 of 3; 2 certificates are \
             still stale: they are among those above; `certdesk regenerate c --stale` replaces them."
        );
        let run = stopped(PartedRun::Generate);
        assert_eq!(run.describe_after_report("c", false), run.describe_stop("c"), "a run stopped just now");
    }
}
