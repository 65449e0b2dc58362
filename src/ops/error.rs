//! Why an operation was refused, in a sentence that says what and where.

use crate::store::StoreError;

pub type Result<T, E = OpsError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error("there is no course '{course}' ({hint})")]
    UnknownCourse { course: String, hint: String },
    #[error("course '{course}' has no learner '{username}'{hint}")]
    UnknownLearner { course: String, username: String, hint: String },
    #[error("course '{course}' has no activity '{activity}' ({hint})")]
    UnknownActivity { course: String, activity: String, hint: String },
    #[error("{points} points is above the maximum of {max} for {activity}")]
    AboveMaximum { activity: String, points: String, max: String },
    #[error(transparent)]
    InvalidPoints(#[from] crate::domain::NumberError),
    #[error("cannot draw a random verification code: {0}")]
    Random(String),
    #[error(transparent)]
    Code(#[from] crate::domain::code::CodeError),
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl OpsError {
    /// `username` is not on `course`'s roster, whose usernames are `known`: the error names the
    /// one most likely meant, if one is (`course 'c' has no learner 'bilbo0' (did you mean
    /// 'bilbo'?)`). For staff only: it shows a username of the roster.
    pub fn unknown_learner<'k>(course: &str, username: &str, known: impl IntoIterator<Item = &'k str>) -> OpsError {
        let known: Vec<&str> = known.into_iter().collect();
        let hint = crate::domain::spelling::meant(username, &known)
            .map(|meant| format!(" (did you mean '{meant}'?)"))
            .unwrap_or_default();
        OpsError::UnknownLearner { course: course.to_string(), username: username.to_string(), hint }
    }

    /// `activity` is none of `known`, the course's activities in order: the error names the one
    /// most likely meant (`Essay`, `esay`: `did you mean 'essay'?`), as for a course or a
    /// learner, else lists them all.
    pub fn unknown_activity(course: &str, activity: &str, known: &[&str]) -> OpsError {
        let hint = match crate::domain::spelling::meant(activity, known) {
            Some(meant) => format!("did you mean '{meant}'?"),
            None => format!("its activities: {}", known.join(", ")),
        };
        OpsError::UnknownActivity { course: course.to_string(), activity: activity.to_string(), hint }
    }
}
