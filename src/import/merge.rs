//! Combining a course folder with what the database already holds for the course.
//!
//! The folder wins for everything it states: roster fields, and every grade cell it has
//! (an empty cell clears a score). What it does not state is kept: learners missing from the
//! roster, scores of activities without a column, learners without a grades row.
//!
//! Except a score entered in certdesk since the last import: when the file would overwrite
//! or clear it, or discard it with its activity, that is a conflict, and only `Keep` says
//! which side wins (certdesk cannot win for an activity the file no longer has).

use std::collections::HashMap;

use serde::Serialize;

use super::CourseFolder;
use super::guards::{AboveLoweredMaximum, RemovedScores, above_lowered_maxima, lowered_maxima};
use super::platform::{Agreement, EligibilityAgreement};
use crate::domain::{Course, Enrollment, EnrollmentStatus, LearnerChanges, NAMED_PER_CHANGE, Named, Points, name};

/// Which side wins a conflict on re-import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Keep {
    /// The score entered in certdesk stays (and stays marked as entered in certdesk).
    Certdesk,
    /// The file's value replaces it.
    File,
}

impl std::str::FromStr for Keep {
    type Err = String;

    fn from_str(text: &str) -> Result<Keep, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "certdesk" => Ok(Keep::Certdesk),
            "file" => Ok(Keep::File),
            _ => Err(format!("'{text}' is neither certdesk nor file")),
        }
    }
}

/// A score changed in certdesk since the last import that the file would overwrite or clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub username: String,
    pub activity: String,
    /// What the last import set.
    #[serde(serialize_with = "points_as_number")]
    pub imported: Option<Points>,
    /// What certdesk holds now.
    #[serde(serialize_with = "points_as_number")]
    pub certdesk: Option<Points>,
    /// What the file says.
    #[serde(serialize_with = "points_as_number")]
    pub file: Option<Points>,
    /// The file no longer has the activity: its score would be discarded with it.
    pub activity_removed: bool,
}

/// Points in JSON as everywhere else in certdesk's JSON: a number of points (`69.95`), not
/// the hundredths they are stored as.
fn points_as_number<S: serde::Serializer>(points: &Option<Points>, serializer: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&points.map(Points::as_f64), serializer)
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub course: String,
    /// The platform export's format (`openedx`, …); `None` for a course folder.
    pub format: Option<String>,
    /// How the course grades: `certdesk` or `openedx`.
    pub grading: String,
    pub created: bool,
    pub learners_added: usize,
    pub learners_updated: usize,
    pub learners_unchanged: usize,
    /// In the database but not on the roster: kept as they were.
    pub learners_not_on_roster: usize,
    /// Who was added, updated (name, email, mode or status), and kept while not on the
    /// roster: the counts above, by username, so that staff know whom to check.
    pub usernames_added: Vec<String>,
    pub usernames_updated: Vec<String>,
    pub usernames_not_on_roster: Vec<String>,
    /// Of `usernames_updated`, who was withdrawn and is active again: said on its own, since a
    /// roster without its `status` column (a platform's export has none) makes everyone active,
    /// and a withdrawn learner would then be certified.
    pub usernames_active_again: Vec<String>,
    /// Who was in the course already and had a score added, changed or cleared by the file.
    pub usernames_scores_changed: Vec<String>,
    pub scores_added: usize,
    pub scores_changed: usize,
    pub scores_cleared: usize,
    /// What the file changed in the course definition (settings, dates, letters, categories,
    /// activities), as `pass threshold 71.0% -> 70.0%` or `maps max points 10 -> 20`: the file
    /// wins, over what `certdesk settings` set since too.
    pub settings_changed: Vec<String>,
    pub activities_added: Vec<String>,
    pub activities_removed: Vec<String>,
    /// Scores of removed activities, which no longer have anywhere to go.
    pub scores_discarded: usize,
    /// The removed activities that held scores: when they are most of those that did, the
    /// import is refused unless it was told they are gone.
    #[serde(skip)]
    pub removed_scores: RemovedScores,
    /// Scores the file did not restate that are above their activity's lowered maximum: the
    /// import is refused while there is any.
    #[serde(skip)]
    pub above_lowered_maximum: Vec<AboveLoweredMaximum>,
    /// Scores entered in certdesk that the file disagrees with.
    pub conflicts: Vec<Conflict>,
    /// Which side won them; `None` while nobody said (then nothing is written).
    pub kept: Option<Keep>,
    /// certdesk's grades against the platform's own, when the export carries them.
    pub agreement: Option<Agreement>,
    /// certdesk's eligibility against the platform's (Open edX's Certificate Eligible).
    pub eligibility_agreement: Option<EligibilityAgreement>,
    /// What the import could not take over as the platform means it.
    pub notes: Vec<String>,
    /// Certificates in force that the import left stale or no longer deserved.
    pub certificates_affected: Vec<crate::domain::CertificateImpact>,
    /// Nothing was written: this is what the import would have done.
    pub dry_run: bool,
}

impl ImportReport {
    /// The audit event of this import by `who` (a server signs it with its caller's login).
    pub fn event(&self, who: &str, at: jiff::Timestamp) -> crate::domain::Event {
        crate::domain::Event {
            at,
            who: who.to_string(),
            action: crate::domain::Action::Import,
            summary: super::report_text::audit_summary(self),
            learners: Vec::new(),
            codes: self.certificates_affected.iter().map(|impact| impact.code).collect(),
            learner_changes: Some(Box::new(self.learner_changes())),
        }
    }

    /// Who the import changed, as many named as an event keeps. A new course's learners are
    /// only counted, as in the report: naming them would repeat the start of the roster.
    fn learner_changes(&self) -> LearnerChanges {
        let named = |usernames: &[String]| Named::first(usernames, NAMED_PER_CHANGE);
        LearnerChanges {
            added: Named::first(&self.usernames_added, if self.created { 0 } else { NAMED_PER_CHANGE }),
            updated: named(&self.usernames_updated),
            not_on_roster: named(&self.usernames_not_on_roster),
            scores_changed: named(&self.usernames_scores_changed),
        }
    }
}

/// Combines the folder with the course as stored. With conflicts and no `keep`, the result
/// must not be written: the report lists them.
pub fn merge(
    folder: CourseFolder,
    existing: Option<(Course, Vec<Enrollment>)>,
    keep: Option<Keep>,
) -> (Course, Vec<Enrollment>, ImportReport) {
    let CourseFolder { course, roster, mut grades } = folder;
    let mut report = ImportReport {
        course: course.id.clone(),
        grading: course.grading.to_string(),
        created: existing.is_none(),
        kept: keep,
        ..ImportReport::default()
    };
    let (old_course, old_enrollments) = existing.unwrap_or_else(|| (course.clone(), Vec::new()));
    report.settings_changed = super::definition::definition_changes(&old_course, &course);
    let remap = activity_remap(&old_course, &course, &mut report);
    report.removed_scores = RemovedScores::count(&old_course, &old_enrollments, &remap.removed);
    let lowered = lowered_maxima(&old_course, &course, &remap.sources);
    for enrollment in &old_enrollments {
        report.scores_discarded += remap.discarded(&enrollment.scores);
        report.conflicts.extend(remap.removed_in_certdesk(enrollment, &old_course));
    }
    let mut old: HashMap<String, Enrollment> =
        old_enrollments.into_iter().map(|enrollment| (enrollment.username.clone(), enrollment)).collect();

    let mut enrollments = Vec::with_capacity(roster.len() + old.len());
    for entry in roster {
        let previous = old.remove(&entry.username);
        let empty = || vec![None; course.activities.len()];
        let before = previous.as_ref().map_or_else(empty, |p| remap.apply(&p.scores));
        let mut imported = previous.as_ref().map_or_else(empty, |p| remap.apply(p.imported_scores()));
        let mut scores = before.clone();
        let mut from_file = vec![None; course.activities.len()];
        // Taken out as they are merged, so the file's rows and the result are not both held.
        if let Some(cells) = grades.rows.remove(&entry.username) {
            for (&activity, &cell) in grades.columns.iter().zip(&cells) {
                from_file[activity] = Some(cell);
                let entered_in_certdesk = before[activity] != imported[activity];
                if entered_in_certdesk && cell != before[activity] {
                    report.conflicts.push(Conflict {
                        username: entry.username.clone(),
                        activity: course.activities[activity].id.clone(),
                        imported: imported[activity],
                        certdesk: before[activity],
                        file: cell,
                        activity_removed: false,
                    });
                    if keep == Some(Keep::Certdesk) {
                        imported[activity] = cell;
                        continue;
                    }
                }
                scores[activity] = cell;
                imported[activity] = cell;
            }
        }
        // A new learner's scores are all new: the learner is named as added.
        if count_score_changes(&before, &scores, &mut report) && previous.is_some() {
            report.usernames_scores_changed.push(entry.username.clone());
        }
        report.above_lowered_maximum.extend(above_lowered_maxima(
            &course,
            &lowered,
            &entry.username,
            &scores,
            &from_file,
        ));
        let enrollment = Enrollment {
            full_name: name::name_as_kept(entry.full_name, previous.as_ref().map(|p| p.full_name.as_str())),
            username: entry.username,
            email: entry.email,
            mode: entry.mode,
            status: entry.status,
            imported: (imported != scores).then_some(imported),
            scores,
        };
        match previous {
            None => {
                report.learners_added += 1;
                report.usernames_added.push(enrollment.username.clone());
            }
            Some(previous) if same_learner(&previous, &enrollment) => report.learners_unchanged += 1,
            Some(previous) => {
                report.learners_updated += 1;
                report.usernames_updated.push(enrollment.username.clone());
                if previous.status == EnrollmentStatus::Withdrawn && enrollment.status == EnrollmentStatus::Active {
                    report.usernames_active_again.push(enrollment.username.clone());
                }
            }
        }
        enrollments.push(enrollment);
    }
    report.learners_not_on_roster = old.len();
    let mut not_on_roster: Vec<Enrollment> = old.into_values().collect();
    not_on_roster.sort_by(|a, b| a.username.cmp(&b.username));
    report.usernames_not_on_roster = not_on_roster.iter().map(|kept| kept.username.clone()).collect();
    for mut kept in not_on_roster {
        kept.scores = remap.apply(&kept.scores);
        kept.imported = kept.imported.as_deref().map(|imported| remap.apply(imported));
        report.above_lowered_maximum.extend(above_lowered_maxima(&course, &lowered, &kept.username, &kept.scores, &[]));
        enrollments.push(kept);
    }
    report.conflicts.sort_by(|a, b| (&a.username, &a.activity).cmp(&(&b.username, &b.activity)));
    (course, enrollments, report)
}

fn same_learner(a: &Enrollment, b: &Enrollment) -> bool {
    (&a.full_name, &a.email, a.mode, a.status) == (&b.full_name, &b.email, b.mode, b.status)
}

/// Counts the scores added, changed and cleared; says whether there was any.
fn count_score_changes(before: &[Option<Points>], after: &[Option<Points>], report: &mut ImportReport) -> bool {
    let mut any = false;
    for (old, new) in before.iter().zip(after) {
        match (old, new) {
            (None, Some(_)) => report.scores_added += 1,
            (Some(_), None) => report.scores_cleared += 1,
            (Some(a), Some(b)) if a != b => report.scores_changed += 1,
            _ => continue,
        }
        any = true;
    }
    any
}

/// Where each new activity's score comes from in the old score list.
struct ActivityRemap {
    sources: Vec<Option<usize>>,
    removed: Vec<usize>,
}

fn activity_remap(old: &Course, new: &Course, report: &mut ImportReport) -> ActivityRemap {
    let sources: Vec<Option<usize>> =
        new.activities.iter().map(|activity| super::definition::earlier_activity(old, activity)).collect();
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

    /// Conflicts for the scores entered in certdesk on activities the file removes: the
    /// file would discard them.
    fn removed_in_certdesk(&self, enrollment: &Enrollment, old: &Course) -> Vec<Conflict> {
        let entered = |&&index: &&usize| {
            enrollment.scores.get(index).copied().flatten().is_some() && enrollment.entered_in_certdesk(index)
        };
        self.removed
            .iter()
            .filter(entered)
            .map(|&index| Conflict {
                username: enrollment.username.clone(),
                activity: old.activities[index].id.clone(),
                imported: enrollment.imported_score(index),
                certdesk: enrollment.scores.get(index).copied().flatten(),
                file: None,
                activity_removed: true,
            })
            .collect()
    }

    fn discarded(&self, old_scores: &[Option<Points>]) -> usize {
        self.removed.iter().filter(|&&index| old_scores.get(index).copied().flatten().is_some()).count()
    }
}
