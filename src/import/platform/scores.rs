//! An export's scores as the course's grades file: one column per activity, rescaled where the
//! course file gives another maximum, with what is said about scores above a maximum (a
//! mistake, or extra credit the platform gave).

use super::Problem;
use super::export::{Export, Format, Item};
use crate::domain::Course;
use crate::import::GradesFile;

/// The score cells, one column per activity, in the export's order; Open edX's on the course
/// file's scale where it gives another maximum (`rescale`).
pub(super) fn grades(export: &Export, course: Option<&Course>, problems: &mut Vec<Problem>) -> GradesFile {
    let mut grades = GradesFile::default();
    let Some(course) = course else { return grades };
    let columns: Vec<(usize, &Item)> =
        export.items.iter().enumerate().filter(|(_, item)| course.activity_index(&item.id).is_some()).collect();
    grades.columns = columns.iter().filter_map(|(_, item)| course.activity_index(&item.id)).collect();
    for learner in &export.learners {
        let mut row = Vec::with_capacity(columns.len());
        for &(index, item) in &columns {
            let max = course.activity_index(&item.id).map(|at| course.activities[at].max_points);
            let scale = max.and_then(|max| super::rescale::rescaling(export.format, item, max));
            let cell = learner.cells.get(index).copied().flatten();
            let cell = cell.map(|points| scale.map_or(points, |scale| super::rescale::rescaled(points, scale)));
            if let (Some(points), Some(max)) = (cell, max)
                && points > max
                && !keeps_extra_credit(export.format)
            {
                problems.push(Problem::new(
                    &export.file,
                    Some(learner.line),
                    Some(&item.column),
                    format!("{points} is above the maximum of {max} points"),
                ));
            }
            row.push(cell);
        }
        grades.rows.insert(learner.username.clone(), row);
    }
    grades
}

/// Whether points above an item's maximum are extra credit the platform gave (kept, and counted
/// as full marks), rather than a mistake. Canvas, Moodle (over-grading) and Chamilo let a
/// teacher give more than the maximum; an Open edX fraction above 1 is no grade edX writes.
/// This is the one place that decides it for imports.
fn keeps_extra_credit(format: Format) -> bool {
    format != Format::OpenEdx
}

pub(super) fn notes(export: &Export, course: Option<&Course>) -> Vec<String> {
    let mut notes = export.notes.clone();
    let Some(course) = course else { return notes };
    if keeps_extra_credit(export.format) {
        let above = export
            .learners
            .iter()
            .flat_map(|learner| learner.cells.iter().zip(&course.activities))
            .filter(|(cell, activity)| cell.is_some_and(|points| points > activity.max_points))
            .count();
        if above > 0 {
            notes.push(if above == 1 {
                "1 score above its maximum (extra credit) counts as full marks.".to_string()
            } else {
                format!("{above} scores above their maximum (extra credit) count as full marks.")
            });
        }
    }
    notes
}
