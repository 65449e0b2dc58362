//! Why an operation was refused, in a sentence that says what and where.

use crate::store::StoreError;

pub type Result<T, E = OpsError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error("there is no course '{course}' ({hint})")]
    UnknownCourse { course: String, hint: String },
    #[error("course '{course}' has no learner '{username}'")]
    UnknownLearner { course: String, username: String },
    #[error("course '{course}' has no activity '{activity}' (its activities: {known})")]
    UnknownActivity { course: String, activity: String, known: String },
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
