//! What staff do, as functions over the store: the CLI and the TUI both call these, so the
//! TUI can do nothing the CLI cannot.

mod error;
mod gradebook;
mod scores;

pub use error::{OpsError, Result};
pub use gradebook::{Gradebook, GradebookRow, load_gradebook};
pub use scores::{ScoreChange, set_score};

use crate::domain::Course;
use crate::store::Store;

/// The course, or an error that names it.
pub fn require_course(store: &Store, course_id: &str) -> Result<Course> {
    store.course(course_id)?.ok_or_else(|| OpsError::UnknownCourse(course_id.to_string()))
}
