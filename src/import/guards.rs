//! What a re-import may not do unasked, though every file in it is valid: discard the scores
//! of most of a course's graded activities (the file is laid out differently, or is another
//! course's), or keep a score above an activity's maximum that the file lowered (it would
//! count as full marks, and could certify a learner who fails).

use serde::Serialize;

use super::problem::{Problem, Waiver};
use super::wording::{Ask, Supplement};
use crate::domain::{Course, Enrollment, Points, first_of};

/// The activities a re-import removes, against those that held scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RemovedScores {
    /// Each removed activity that held scores, with how many.
    pub activities: Vec<(String, usize)>,
    /// How many of the course's activities held a score before the import.
    pub activities_with_scores: usize,
}

impl RemovedScores {
    /// Counts, among `old_enrollments`, the scores of each activity of `old` (`removed` are the
    /// indexes of those the file no longer has).
    pub fn count(old: &Course, old_enrollments: &[Enrollment], removed: &[usize]) -> RemovedScores {
        let scores_of = |index: usize| {
            old_enrollments
                .iter()
                .filter(|enrollment| enrollment.scores.get(index).copied().flatten().is_some())
                .count()
        };
        let held: Vec<usize> = (0..old.activities.len()).map(scores_of).collect();
        RemovedScores {
            activities: removed
                .iter()
                .filter(|&&index| held[index] > 0)
                .map(|&index| (old.activities[index].id.clone(), held[index]))
                .collect(),
            activities_with_scores: held.iter().filter(|&&count| count > 0).count(),
        }
    }

    /// All, or most, of the activities that held scores are gone.
    fn most_gone(&self) -> bool {
        !self.activities.is_empty() && self.activities.len() * 2 > self.activities_with_scores
    }
}

/// A score kept from before the import that is above its activity's new, lower maximum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AboveLoweredMaximum {
    pub activity: String,
    pub username: String,
    pub points: Points,
    pub old_maximum: Points,
    pub new_maximum: Points,
}

/// The activities of the course `new` whose maximum is lower than it was in `old`: for each,
/// its index in `new` and its old maximum. `sources` maps `new`'s activities to `old`'s.
pub fn lowered_maxima(old: &Course, new: &Course, sources: &[Option<usize>]) -> Vec<(usize, Points)> {
    new.activities
        .iter()
        .zip(sources)
        .enumerate()
        .filter_map(|(index, (activity, source))| {
            let old_maximum = old.activities.get((*source)?)?.max_points;
            (old_maximum > activity.max_points).then_some((index, old_maximum))
        })
        .collect()
}

/// The scores of `username` (in `new`'s activity order) that the file did not state and that
/// are above a lowered maximum. `from_file` holds, per activity, the file's cell where it has
/// one for this learner.
pub fn above_lowered_maxima(
    new: &Course,
    lowered: &[(usize, Points)],
    username: &str,
    scores: &[Option<Points>],
    from_file: &[Option<Option<Points>>],
) -> Vec<AboveLoweredMaximum> {
    lowered
        .iter()
        .filter_map(|&(index, old_maximum)| {
            let points = scores.get(index).copied().flatten()?;
            let activity = &new.activities[index];
            let stated = from_file.get(index).copied().flatten() == Some(Some(points));
            (points > activity.max_points && !stated).then(|| AboveLoweredMaximum {
                activity: activity.id.clone(),
                username: username.to_string(),
                points,
                old_maximum,
                new_maximum: activity.max_points,
            })
        })
        .collect()
}

/// What was imported, which says where its activities are defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A course folder: its course.toml.
    Folder,
    /// A platform's export: its columns, and the course file given with it.
    Export,
}

/// Why the import must not be written, as problems of `file` (the course.toml of a folder, or
/// the export): most graded activities removed (unless `remove_activities` says they are
/// gone), and scores kept above a lowered maximum.
pub fn refusals(
    removed: &RemovedScores,
    activities_added: &[String],
    above: &[AboveLoweredMaximum],
    course_id: &str,
    (file, source): (&str, Source),
    remove_activities: bool,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    if removed.most_gone() && !remove_activities {
        let scores: usize = removed.activities.iter().map(|(_, count)| count).sum();
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let waiver = Waiver::RemoveActivities { activities: count(removed.activities.len()), scores: count(scores) };
        let problem = Problem::new(file, None, None, removed_message(removed, activities_added, source));
        problems.push(problem.waivable(waiver, "if these activities really are gone"));
    }
    let mut activities: Vec<&str> = Vec::new();
    for score in above {
        if !activities.contains(&score.activity.as_str()) {
            activities.push(&score.activity);
        }
    }
    for activity in activities {
        let scores: Vec<&AboveLoweredMaximum> = above.iter().filter(|score| score.activity == activity).collect();
        problems.push(Problem::new(file, None, None, above_message(&scores, course_id)));
    }
    problems
}

/// At most this many names in a list; the rest are counted.
const NAMED: usize = 5;

fn removed_message(removed: &RemovedScores, activities_added: &[String], source: Source) -> String {
    let gone: Vec<String> =
        removed.activities.iter().map(|(activity, count)| format!("{activity} with {count}")).collect();
    let scores: usize = removed.activities.iter().map(|(_, count)| count).sum();
    let new = match activities_added {
        [] => String::new(),
        added => format!(
            ", and it has {} new to the course ({})",
            crate::domain::counted(added.len(), "activity", "activities"),
            first_of(added, NAMED)
        ),
    };
    // A folder's course.toml defines the activities itself; an export's columns may be
    // mapped to them by the course file given with it.
    let check = match source {
        Source::Folder => "it may be another course's, or its activities' ids may have changed: check it".to_string(),
        Source::Export => format!(
            "it may be laid out differently, or be another course's file: check it (and {})",
            Ask::In(Supplement::Course)
        ),
    };
    format!(
        "the file no longer has {} of the course's {} activities that hold scores ({}), so {} would be discarded{new}; \
         {check}",
        removed.activities.len(),
        removed.activities_with_scores,
        first_of(&gone, NAMED),
        crate::domain::counted(scores, "score", "scores"),
    )
}

fn above_message(scores: &[&AboveLoweredMaximum], course_id: &str) -> String {
    let Some(first) = scores.first() else { return String::new() };
    let activity = &first.activity;
    let named: Vec<String> = scores.iter().map(|score| format!("{} {}", score.username, score.points)).collect();
    format!(
        "the maximum of {activity} falls from {} to {} points, but {} that the file does not restate would stay \
         above it and count as full marks: {}; give these learners' {activity} scores in the file (an empty cell \
         clears one), or first set or clear them, out of the old maximum, {}, or keep the maximum at {}",
        first.old_maximum,
        first.new_maximum,
        crate::domain::counted(scores.len(), "score", "scores"),
        first_of(&named, NAMED),
        Ask::SetScores { course: course_id.to_string(), username: first.username.clone(), activity: activity.clone() },
        first.old_maximum
    )
}
