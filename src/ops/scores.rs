//! Entering and clearing one score.

use super::issue::Context;
use super::{OpsError, Result, require_course};
use crate::domain::{Action, Grade, GradingScheme, Points};
use crate::store::{Store, StoreError};

/// What a score edit did, for the message that reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreChange {
    pub activity: String,
    pub before: Option<Points>,
    pub after: Option<Points>,
    pub max_points: Points,
    pub grade: Grade,
}

/// How often a score edit is redone on a learner someone else changed meanwhile.
const ATTEMPTS: usize = 3;

/// Sets (or with `None` clears) one learner's score, logs it, and flushes it to disk. When
/// someone else changed the learner meanwhile (another score, on a shared database), the edit
/// is made again on the learner as they are now; on the same score, the later edit wins.
pub fn set_score(
    store: &Store,
    course_id: &str,
    username: &str,
    activity_id: &str,
    points: Option<Points>,
    context: &Context,
) -> Result<ScoreChange> {
    let course = require_course(store, course_id)?;
    let index = course.activity_index(activity_id).ok_or_else(|| OpsError::UnknownActivity {
        course: course_id.to_string(),
        activity: activity_id.to_string(),
        known: course.activities.iter().map(|activity| activity.id.as_str()).collect::<Vec<_>>().join(", "),
    })?;
    let activity = &course.activities[index];
    if let Some(points) = points
        && points > activity.max_points
    {
        return Err(OpsError::AboveMaximum {
            activity: activity.id.clone(),
            points: points.to_string(),
            max: activity.max_points.to_string(),
        });
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        let stored = store.enrollment(course_id, username)?.ok_or_else(|| OpsError::UnknownLearner {
            course: course_id.to_string(),
            username: username.to_string(),
        })?;
        let mut enrollment = stored.clone();
        enrollment.scores.resize(course.activities.len(), None);
        if enrollment.scores[index] == points {
            // The same score again changes nothing: no event, and an imported score stays
            // the import's (not marked as entered in certdesk).
            return Ok(ScoreChange {
                activity: activity.id.clone(),
                before: points,
                after: points,
                max_points: activity.max_points,
                grade: GradingScheme::new(&course, context.now).grade(&enrollment.scores),
            });
        }
        let before = enrollment.enter_score(index, points);
        let shown = |points: Option<Points>| points.map_or_else(|| "not graded".to_string(), |p| p.to_string());
        let summary = format!("{username} {}: {} -> {}", activity.id, shown(before), shown(points));
        let event = context.event(Action::Grade, summary, vec![username.to_string()], Vec::new());
        match store.save_enrollment(course_id, &enrollment, &stored, &event) {
            Ok(()) => {
                store.flush()?;
                return Ok(ScoreChange {
                    activity: activity.id.clone(),
                    before,
                    after: points,
                    max_points: activity.max_points,
                    grade: GradingScheme::new(&course, context.now).grade(&enrollment.scores),
                });
            }
            Err(StoreError::Changed(_)) if attempt < ATTEMPTS => continue,
            Err(error) => return Err(error.into()),
        }
    }
}
