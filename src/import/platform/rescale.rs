//! Open edX writes a subsection's score as a fraction (read out of 100) or as its problems'
//! points; a course file may give the activity another `max_points`. The scores are then read
//! on the course file's scale, keeping the percent edX gave: 0.8 of a lab out of 50 is 40.

use super::export::{Export, Format, Item};
use crate::domain::{Course, Points};

/// (the export's maximum, the course's) of `item`, when its scores are to be rescaled.
pub fn rescaling(format: Format, item: &Item, course_max: Points) -> Option<(Points, Points)> {
    let from = item.max_points.filter(|from| *from > Points::ZERO && *from != course_max)?;
    (format == Format::OpenEdx).then_some((from, course_max))
}

/// `points` out of `from`, as points out of `to`, to the hundredth.
pub fn rescaled(points: Points, (from, to): (Points, Points)) -> Points {
    let hundredths = u64::from(points.hundredths()) * u64::from(to.hundredths());
    let divisor = u64::from(from.hundredths()).max(1);
    let rounded = (hundredths + divisor / 2) / divisor;
    Points::from_hundredths(u32::try_from(rounded).unwrap_or(u32::MAX))
}

/// The report's note naming the rescaled activities, with both scales.
pub fn note(export: &Export, course: &Course, course_file: &str) -> Option<String> {
    let rescaled: Vec<String> = export
        .items
        .iter()
        .filter_map(|item| {
            let activity = course.activities.iter().find(|activity| activity.id == item.id)?;
            let (from, to) = rescaling(export.format, item, activity.max_points)?;
            Some(format!("{} (out of {from} in the export, {to} in {course_file})", item.id))
        })
        .collect();
    (!rescaled.is_empty()).then(|| {
        format!(
            "Scores rescaled to the max_points {course_file} gives, keeping the percent Open edX gave: {}.",
            rescaled.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_keep_their_percent_on_the_new_scale() {
        let points = |value: u32| Points::from_hundredths(value * 100);
        assert_eq!(rescaled(points(80), (points(100), points(50))), points(40));
        assert_eq!(rescaled(Points::from_hundredths(3333), (points(100), points(10))), Points::from_hundredths(333));
        assert_eq!(rescaled(points(4), (points(5), points(20))), points(16));
    }
}
