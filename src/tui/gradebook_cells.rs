//! What each column of the gradebook says of a learner, its header, and how it sorts.

use std::cmp::Ordering;

use super::gradebook::Column;
use super::text::room;
use crate::domain::Points;
use crate::ops::{CourseState, Standing};

/// The width of the widest `text` among the learners, between `min` and `max` cells.
pub(super) fn widest_text(state: &CourseState, text: fn(&Standing) -> String, min: usize, max: usize) -> u16 {
    let widest = state.learners.iter().map(|standing| room(&text(standing))).max().unwrap_or(0);
    widest.clamp(min, max) as u16
}

pub(super) fn compare(column: Column, a: &Standing, b: &Standing) -> Ordering {
    match column {
        Column::Username => a.username().cmp(b.username()),
        // Sorted by keys made once (`GradebookPane::sort_by`).
        Column::Name => Ordering::Equal,
        Column::Mode => a.enrollment.mode.cmp(&b.enrollment.mode),
        Column::Score(index) => score(a, index).cmp(&score(b, index)),
        Column::Percent | Column::Letter => a.grade.percent.cmp(&b.grade.percent),
        Column::Reachable => a.grade.reachable.cmp(&b.grade.reachable),
        Column::Status => a.grade.status.cmp(&b.grade.status),
        Column::Eligible => a.eligibility.cmp(&b.eligibility),
        Column::Certificate => certificate_rank(a).cmp(&certificate_rank(b)),
    }
}

fn score(standing: &Standing, index: usize) -> Option<Points> {
    standing.enrollment.scores.get(index).copied().flatten()
}

/// The cells `standing`'s score for activity `index` takes as the gradebook writes it.
pub(super) fn score_width(standing: &Standing, index: usize) -> usize {
    score(standing, index).map_or(1, |points| points.to_string().len())
}

fn certificate_rank(standing: &Standing) -> u8 {
    match standing.active() {
        None => 0,
        Some(_) if standing.staleness().is_some() => 3,
        Some(entry) if entry.certificate.is_provisional() => 2,
        Some(_) => 1,
    }
}

pub fn certificate_state(standing: &Standing) -> String {
    match standing.active() {
        None => "none".to_string(),
        Some(_) if let Some(staleness) = standing.staleness() => format!("stale {}", staleness.describe()),
        Some(entry) if entry.certificate.is_provisional() => "provisional".to_string(),
        Some(_) => "issued".to_string(),
    }
}

pub fn eligibility_text(standing: &Standing) -> String {
    match standing.eligibility {
        Ok(()) => "eligible".to_string(),
        Err(reason) => reason.label(),
    }
}

pub(super) fn header(column: Column, state: &CourseState) -> String {
    match column {
        Column::Username => "username".into(),
        Column::Name => "name".into(),
        Column::Mode => "mode".into(),
        Column::Score(index) => state.course.activities.get(index).map_or_else(String::new, |a| a.id.clone()),
        Column::Percent => "percent".into(),
        Column::Reachable => "reachable".into(),
        Column::Letter => "letter".into(),
        Column::Status => "status".into(),
        Column::Eligible => "eligible".into(),
        Column::Certificate => "certificate".into(),
    }
}

pub(super) fn cell_text(column: Column, standing: &Standing) -> String {
    match column {
        Column::Username => standing.username().to_string(),
        Column::Name => standing.enrollment.full_name.clone(),
        Column::Mode => standing.enrollment.mode.to_string(),
        Column::Score(index) => score(standing, index).map_or_else(|| "-".to_string(), |points| points.to_string()),
        Column::Percent => standing.grade.percent.to_string(),
        Column::Reachable => standing.grade.reachable.to_string(),
        Column::Letter => standing.letter.clone().unwrap_or_else(|| "-".to_string()),
        Column::Status => standing.grade.status.to_string(),
        Column::Eligible => eligibility_text(standing),
        Column::Certificate => certificate_state(standing),
    }
}

pub(super) fn right_aligned(column: Column) -> bool {
    matches!(column, Column::Score(_) | Column::Percent | Column::Reachable)
}
