//! Why an operation was refused, in a sentence that says what and where.

use crate::domain::shown::echoed;
use crate::store::StoreError;

pub type Result<T, E = OpsError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error("there is no course '{}' ({hint})", echoed(course))]
    UnknownCourse { course: String, hint: String },
    #[error("course '{}' has no learner '{}'{hint}", echoed(course), echoed(username))]
    UnknownLearner { course: String, username: String, hint: String },
    #[error("course '{}' has no activity '{}' ({hint})", echoed(course), echoed(activity))]
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A course id or username typed with an escape sequence and a line break was echoed raw,
    /// colouring the terminal and breaking the line; a pasted page, whole.
    #[test]
    fn what_was_typed_wrong_is_echoed_visible_and_short() {
        let learner = OpsError::unknown_learner("me\u{1b}[31m", "bil\nbo\u{202e}", ["frodo"]);
        assert_eq!(learner.to_string(), "course 'meU+001B[31m' has no learner 'bilU+000AboU+202E'");
        let course = OpsError::UnknownCourse { course: "x".repeat(300), hint: "see `certdesk courses`".into() };
        assert_eq!(course.to_string(), format!("there is no course '{}…' (see `certdesk courses`)", "x".repeat(40)));
        let activity = OpsError::unknown_activity("c", "es\tsay", &["essay"]);
        assert!(activity.to_string().starts_with("course 'c' has no activity 'esU+0009say'"), "{activity}");
    }
}
