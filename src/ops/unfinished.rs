//! Whether the course's last generate stopped before its last part (stopped with Esc, or
//! the process killed), so staff who open the course again are told what is left to issue.

use jiff::Timestamp;
use serde::Serialize;

use super::issue::PartLabel;
use super::standing::CourseState;
use crate::domain::{Action, Event};

/// The last generate of a course, stopped after `part` of `parts`, while eligible learners
/// still have no certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnfinishedGeneration {
    pub part: usize,
    pub parts: usize,
    pub at: Timestamp,
    pub who: String,
    /// Eligible learners with no certificate in force now.
    pub waiting: usize,
}

impl UnfinishedGeneration {
    /// What stopped, worded to be true whether the user stopped it on purpose or the run was
    /// cut off (the log cannot tell the two apart): `The last generate (by elrond,
    /// 2026-12-03 23:40 UTC) stopped after part 11 of 30; 19000 eligible learners have no
    /// certificate yet`.
    pub fn describe(&self) -> String {
        format!(
            "The last generate (by {}, {} UTC) stopped after part {} of {}; {} no certificate yet",
            self.who,
            self.at.strftime("%Y-%m-%d %H:%M"),
            self.part,
            self.parts,
            crate::domain::counted(self.waiting, "eligible learner has", "eligible learners have"),
        )
    }

    /// `describe` for a line of an 80-column screen: `Generate stopped at part 11 of 30:
    /// 19000 eligible without a certificate`.
    pub fn describe_briefly(&self) -> String {
        format!(
            "Generate stopped at part {} of {}: {} eligible without a certificate",
            self.part, self.parts, self.waiting
        )
    }
}

/// The course's last generate, when it stopped short and left eligible learners without a
/// certificate. `events` is the course's trail, oldest first: each part of a generate logs
/// its own event, `(part k of n)`, so a last event with k < n is a run that never finished.
pub fn unfinished_generation(state: &CourseState, events: &[Event]) -> Option<UnfinishedGeneration> {
    let last = events.iter().rev().find(|event| event.action == Action::Generate)?;
    let label = PartLabel::from_summary(&last.summary)?;
    if label.index >= label.parts {
        return None;
    }
    let waiting =
        state.learners.iter().filter(|standing| standing.active().is_none() && standing.eligibility.is_ok()).count();
    (waiting > 0).then(|| UnfinishedGeneration {
        part: label.index,
        parts: label.parts,
        at: last.at,
        who: last.who.clone(),
        waiting,
    })
}
