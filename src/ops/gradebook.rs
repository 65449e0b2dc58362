//! The gradebook of a course: every learner with their grade.

use jiff::Timestamp;

use super::{Result, require_course};
use crate::domain::{Course, Enrollment, Grade, GradingScheme};
use crate::store::Store;

pub struct Gradebook {
    pub course: Course,
    pub rows: Vec<GradebookRow>,
}

pub struct GradebookRow {
    pub enrollment: Enrollment,
    pub grade: Grade,
}

/// Loads a course and grades every learner as of `now`, ordered by username.
pub fn load_gradebook(store: &Store, course_id: &str, now: Timestamp) -> Result<Gradebook> {
    let course = require_course(store, course_id)?;
    let scheme = GradingScheme::new(&course, now);
    let rows = store
        .enrollments(course_id)?
        .into_iter()
        .map(|enrollment| GradebookRow { grade: scheme.grade(&enrollment.scores), enrollment })
        .collect();
    Ok(Gradebook { course, rows })
}
