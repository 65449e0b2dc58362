//! Entering and clearing one score.

use super::issue::Context;
use super::{OpsError, Result, require_course};
use crate::domain::{
    Action, CertificateImpact, Course, Enrollment, Event, Grade, GradingScheme, LearnerAt, Points, certificate_impact,
    eligibility,
};
use crate::store::{Store, StoreError};

/// What a score edit did, for the message that reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreChange {
    pub activity: String,
    pub before: Option<Points>,
    pub after: Option<Points>,
    pub max_points: Points,
    pub grade: Grade,
    /// The learner's certificate in force, when the edit left it stale or undeserved.
    pub certificate: Option<CertificateImpact>,
    /// The edit made a learner without a certificate in force eligible for one: a generate
    /// issues it.
    pub newly_eligible: bool,
    /// What the audit trail now says of the edit (none when nothing changed), so that a
    /// screen showing the trail can show it without reading the whole trail again.
    pub event: Option<Event>,
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
    let index = course.activity_index(activity_id).ok_or_else(|| {
        let known: Vec<&str> = course.activities.iter().map(|activity| activity.id.as_str()).collect();
        OpsError::unknown_activity(course_id, activity_id, &known)
    })?;
    let activity = &course.activities[index];
    let mut attempt = 0;
    loop {
        attempt += 1;
        let stored = store
            .enrollment(course_id, username)?
            .ok_or_else(|| super::unknown_enrolled(store, course_id, username))?;
        let mut enrollment = stored.clone();
        enrollment.scores.resize(course.activities.len(), None);
        // Points above the maximum are refused, but for the score already stored: a platform's
        // extra credit (Canvas's 52 of 50) may be entered again as it is.
        if let Some(points) = points
            && points > activity.max_points
            && enrollment.scores[index] != Some(points)
        {
            return Err(OpsError::AboveMaximum {
                activity: activity.id.clone(),
                points: points.to_string(),
                max: activity.max_points.to_string(),
            });
        }
        if enrollment.scores[index] == points {
            // The same score again changes nothing: no event, and an imported score stays
            // the import's (not marked as entered in certdesk).
            return Ok(ScoreChange {
                activity: activity.id.clone(),
                before: points,
                after: points,
                max_points: activity.max_points,
                grade: GradingScheme::new(&course, context.now).grade(&enrollment.scores),
                certificate: None,
                newly_eligible: false,
                event: None,
            });
        }
        let before = enrollment.enter_score(index, points);
        let (impact, newly_eligible) = impact_on_certificate(store, &course, &stored, &enrollment, context)?;
        let shown = |points: Option<Points>| points.map_or_else(|| "not graded".to_string(), |p| p.to_string());
        let mut summary = format!("{username} {}: {} -> {}", activity.id, shown(before), shown(points));
        let mut codes = Vec::new();
        if let Some(impact) = &impact {
            summary.push_str(&format!("; {}", impact.consequence()));
            codes.push(impact.code);
        }
        let event = context.event(Action::Grade, summary, vec![username.to_string()], codes);
        match store.save_enrollment(course_id, &enrollment, &stored, &event) {
            Ok(()) => {
                store.flush()?;
                return Ok(ScoreChange {
                    activity: activity.id.clone(),
                    before,
                    after: points,
                    max_points: activity.max_points,
                    grade: GradingScheme::new(&course, context.now).grade(&enrollment.scores),
                    certificate: impact,
                    newly_eligible,
                    event: Some(event),
                });
            }
            Err(StoreError::Changed(_)) if attempt < ATTEMPTS => continue,
            Err(error) => return Err(error.into()),
        }
    }
}

/// What changing the learner from `before` to `after` does to the certificate they hold, and,
/// holding none, whether it made them eligible for one.
fn impact_on_certificate(
    store: &Store,
    course: &Course,
    before: &Enrollment,
    after: &Enrollment,
    context: &Context,
) -> Result<(Option<CertificateImpact>, bool)> {
    let ledger = store.ledger(&course.id, &after.username)?.unwrap_or_default();
    let allowlisted = store.allowlist(&course.id)?.contains_key(&after.username);
    let invalidated = store.invalidations(&course.id)?.contains_key(&after.username);
    if ledger.active().is_none() {
        let scheme = GradingScheme::new(course, context.now);
        let eligible = |enrollment: &Enrollment| {
            eligibility(course, enrollment, &scheme.grade(&enrollment.scores), allowlisted, invalidated).is_ok()
        };
        return Ok((None, !eligible(before) && eligible(after)));
    }
    let side = |enrollment| LearnerAt { course, enrollment, allowlisted, invalidated };
    Ok((certificate_impact(&ledger, &side(before), &side(after), context.now), false))
}
