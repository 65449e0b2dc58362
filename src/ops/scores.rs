//! Entering and clearing one score.

use jiff::Timestamp;

use super::{OpsError, Result, require_course};
use crate::domain::{Grade, GradingScheme, Points};
use crate::store::Store;

/// What a score edit did, for the message that reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreChange {
    pub activity: String,
    pub before: Option<Points>,
    pub after: Option<Points>,
    pub max_points: Points,
    pub grade: Grade,
}

/// Sets (or with `None` clears) one learner's score and flushes it to disk.
pub fn set_score(
    store: &Store,
    course_id: &str,
    username: &str,
    activity_id: &str,
    points: Option<Points>,
    now: Timestamp,
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
    let mut enrollment = store
        .enrollment(course_id, username)?
        .ok_or_else(|| OpsError::UnknownLearner { course: course_id.to_string(), username: username.to_string() })?;
    enrollment.scores.resize(course.activities.len(), None);
    let before = enrollment.enter_score(index, points);
    store.save_enrollment(course_id, &enrollment)?;
    store.flush()?;
    Ok(ScoreChange {
        activity: activity.id.clone(),
        before,
        after: points,
        max_points: activity.max_points,
        grade: GradingScheme::new(&course, now).grade(&enrollment.scores),
    })
}
