//! Combining a course folder with what the database already holds for the course.
//!
//! The folder wins for everything it states: roster fields, and every grade cell it has
//! (an empty cell clears a score). What it does not state is kept: learners missing from the
//! roster, scores of activities without a column, learners without a grades row.

use std::collections::HashMap;

use serde::Serialize;

use super::CourseFolder;
use crate::domain::{Course, Enrollment, Points};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub course: String,
    pub created: bool,
    pub learners_added: usize,
    pub learners_updated: usize,
    pub learners_unchanged: usize,
    /// In the database but not on the roster: kept as they were.
    pub learners_not_on_roster: usize,
    pub scores_added: usize,
    pub scores_changed: usize,
    pub scores_cleared: usize,
    pub activities_added: Vec<String>,
    pub activities_removed: Vec<String>,
    /// Scores of removed activities, which no longer have anywhere to go.
    pub scores_discarded: usize,
}

pub fn merge(
    folder: CourseFolder,
    existing: Option<(Course, Vec<Enrollment>)>,
) -> (Course, Vec<Enrollment>, ImportReport) {
    let CourseFolder { course, roster, grades } = folder;
    let mut report = ImportReport { course: course.id.clone(), created: existing.is_none(), ..ImportReport::default() };
    let (old_course, old_enrollments) = existing.unwrap_or_else(|| (course.clone(), Vec::new()));
    let remap = activity_remap(&old_course, &course, &mut report);
    for enrollment in &old_enrollments {
        report.scores_discarded += remap.discarded(&enrollment.scores);
    }
    let mut old: HashMap<String, Enrollment> =
        old_enrollments.into_iter().map(|enrollment| (enrollment.username.clone(), enrollment)).collect();

    let mut enrollments = Vec::with_capacity(roster.len() + old.len());
    for entry in roster {
        let previous = old.remove(&entry.username);
        let before = previous.as_ref().map_or_else(|| vec![None; course.activities.len()], |p| remap.apply(&p.scores));
        let mut scores = before.clone();
        if let Some(cells) = grades.rows.get(&entry.username) {
            for (&activity, &cell) in grades.columns.iter().zip(cells) {
                scores[activity] = cell;
            }
        }
        count_score_changes(&before, &scores, &mut report);
        let enrollment = Enrollment {
            username: entry.username,
            full_name: entry.full_name,
            email: entry.email,
            mode: entry.mode,
            status: entry.status,
            scores,
        };
        match previous {
            None => report.learners_added += 1,
            Some(previous) if same_learner(&previous, &enrollment) => report.learners_unchanged += 1,
            Some(_) => report.learners_updated += 1,
        }
        enrollments.push(enrollment);
    }
    report.learners_not_on_roster = old.len();
    enrollments.extend(old.into_values().map(|mut kept| {
        kept.scores = remap.apply(&kept.scores);
        kept
    }));
    (course, enrollments, report)
}

fn same_learner(a: &Enrollment, b: &Enrollment) -> bool {
    (&a.full_name, &a.email, a.mode, a.status) == (&b.full_name, &b.email, b.mode, b.status)
}

fn count_score_changes(before: &[Option<Points>], after: &[Option<Points>], report: &mut ImportReport) {
    for (old, new) in before.iter().zip(after) {
        match (old, new) {
            (None, Some(_)) => report.scores_added += 1,
            (Some(_), None) => report.scores_cleared += 1,
            (Some(a), Some(b)) if a != b => report.scores_changed += 1,
            _ => {}
        }
    }
}

/// Where each new activity's score comes from in the old score list.
struct ActivityRemap {
    sources: Vec<Option<usize>>,
    removed: Vec<usize>,
}

fn activity_remap(old: &Course, new: &Course, report: &mut ImportReport) -> ActivityRemap {
    let sources: Vec<Option<usize>> = new.activities.iter().map(|activity| old.activity_index(&activity.id)).collect();
    for (activity, source) in new.activities.iter().zip(&sources) {
        if source.is_none() && !report.created {
            report.activities_added.push(activity.id.clone());
        }
    }
    let removed: Vec<usize> = (0..old.activities.len()).filter(|index| !sources.contains(&Some(*index))).collect();
    report.activities_removed = removed.iter().map(|&index| old.activities[index].id.clone()).collect();
    ActivityRemap { sources, removed }
}

impl ActivityRemap {
    fn apply(&self, old_scores: &[Option<Points>]) -> Vec<Option<Points>> {
        self.sources.iter().map(|source| source.and_then(|index| old_scores.get(index).copied().flatten())).collect()
    }

    fn discarded(&self, old_scores: &[Option<Points>]) -> usize {
        self.removed.iter().filter(|&&index| old_scores.get(index).copied().flatten().is_some()).count()
    }
}
