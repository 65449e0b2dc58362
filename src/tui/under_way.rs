//! Colleagues' runs in parts (generate, regenerate, delete of all) that are still going, as
//! the server's notices of their parts show: the course's trail alone cannot tell a run under
//! way from one stopped, and its last part would read as "stopped at part 3 of 20; press g".

use std::time::{Duration, Instant};

use crate::ops::{PartLabel, UnfinishedRun};

/// A run whose last part was announced this long ago is taken as stopped. A part is at most
/// a few thousand learners, which takes well under a second; a loaded server, a few.
const QUIET_FOR: Duration = Duration::from_secs(15);

/// The last part announced of one colleague's run.
struct Announced {
    course: String,
    who: String,
    label: PartLabel,
    at: Instant,
}

/// The runs in parts whose parts others' notices announce.
#[derive(Default)]
pub(super) struct RunsUnderWay {
    runs: Vec<Announced>,
}

impl RunsUnderWay {
    /// Takes in a notice of `who`'s change to `course`, summarised as the event says (`issued
    /// 1000 certificates (part 3 of 20)`); a last part ends the run.
    pub(super) fn announced(&mut self, course: &str, who: &str, summary: &str, at: Instant) {
        let Some(label) = PartLabel::from_summary(summary) else { return };
        let same = |run: &Announced| run.course == course && run.who == who && run.label.parts == label.parts;
        self.runs.retain(|run| !same(run));
        if label.index < label.parts {
            self.runs.push(Announced { course: course.to_string(), who: who.to_string(), label, at });
        }
    }

    /// The server went away: whatever was going, nothing says so any more.
    pub(super) fn forget(&mut self) {
        self.runs.clear();
    }

    /// Whether `run`, the last of its kind `course`'s trail shows stopped short, is still
    /// going: its maker announced that part, or a later one, within `QUIET_FOR` of `now`.
    pub(super) fn is_going(&self, course: &str, run: &UnfinishedRun, now: Instant) -> bool {
        self.runs.iter().any(|announced| {
            announced.course == course
                && announced.who == run.who
                && announced.label.parts == run.parts
                && announced.label.index >= run.part
                && now.saturating_duration_since(announced.at) < QUIET_FOR
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::PartedRun;

    fn stopped_at(part: usize) -> UnfinishedRun {
        let at = "2026-12-01T12:00:00Z".parse().expect("a time");
        UnfinishedRun { run: PartedRun::Generate, part, parts: 20, at, who: "elrond".into(), waiting: 100 }
    }

    #[test]
    fn a_run_is_going_while_its_parts_are_announced_and_stopped_when_they_end_or_cease() {
        let mut runs = RunsUnderWay::default();
        let start = Instant::now();
        assert!(!runs.is_going("c", &stopped_at(3), start), "nothing announced");
        runs.announced("c", "elrond", "issued 1000 certificates (part 3 of 20)", start);
        assert!(runs.is_going("c", &stopped_at(3), start));
        assert!(runs.is_going("c", &stopped_at(2), start), "the screen shows an older part");
        assert!(!runs.is_going("c", &stopped_at(4), start), "a later part than announced");
        assert!(!runs.is_going("other", &stopped_at(3), start), "another course");
        let theirs = UnfinishedRun { who: "galadriel".into(), ..stopped_at(3) };
        assert!(!runs.is_going("c", &theirs, start), "someone else's run");
        let quiet = start + QUIET_FOR;
        assert!(!runs.is_going("c", &stopped_at(3), quiet), "no part for a while: stopped");
        runs.announced("c", "elrond", "issued 1000 certificates (part 4 of 20)", quiet);
        assert!(runs.is_going("c", &stopped_at(4), quiet), "the next part came");
        runs.announced("c", "elrond", "issued 12 certificates (part 20 of 20)", quiet);
        assert!(!runs.is_going("c", &stopped_at(4), quiet), "the last part ends it");
    }

    #[test]
    fn changes_not_in_parts_and_a_server_gone_leave_nothing_going() {
        let mut runs = RunsUnderWay::default();
        let now = Instant::now();
        runs.announced("c", "elrond", "set bilbo's essay to 7", now);
        assert!(runs.runs.is_empty());
        runs.announced("c", "elrond", "issued 1000 certificates (part 3 of 20)", now);
        runs.forget();
        assert!(!runs.is_going("c", &stopped_at(3), now));
    }
}
