//! The grade of a learner: weighted percent, percent still reachable, final or provisional.
//!
//! Formula (also in the README): each activity scores `points / max_points`, ungraded ones 0.
//! A category's score is the weighted mean of its activities' scores after dropping its
//! `drop_lowest` lowest ones; the grade is the mean of the category scores weighted by the
//! category weights divided by their sum. While a grade is provisional only graded activities
//! can be dropped; once final (everything graded, or the course has ended) any can be. The
//! reachable percent is the same computation with every ungraded activity at full marks.
//!
//! A course can instead grade by Open edX's rule (`GradingRule::OpenEdx`, see `open_edx_percent`)
//! so that certdesk and the platform it came from agree to the percent.

use jiff::Timestamp;

use super::course::{Course, GradingRule};
use super::numbers::{Percent, Points};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grade {
    pub percent: Percent,
    /// What the percent would be if every ungraded activity got full marks.
    pub reachable: Percent,
    pub status: GradeStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum GradeStatus {
    Provisional,
    Final,
}

impl GradeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GradeStatus::Provisional => "provisional",
            GradeStatus::Final => "final",
        }
    }
}

impl std::fmt::Display for GradeStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A course's grading rules prepared once, then applied to many learners.
#[derive(Debug, Clone)]
pub struct GradingScheme {
    rule: GradingRule,
    categories: Vec<SchemeCategory>,
    activity_count: usize,
    ended: bool,
}

#[derive(Debug, Clone)]
struct SchemeCategory {
    /// Category weight divided by the sum of the weights of all categories with activities
    /// (under the Open edX rule: the weight as given).
    share: f64,
    drop_lowest: usize,
    min_count: usize,
    members: Vec<Member>,
}

#[derive(Debug, Clone, Copy)]
struct Member {
    activity: usize,
    weight: f64,
    max_points: Points,
}

/// How ungraded activities are treated in one pass over a learner's scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Ungraded count 0 and cannot be dropped.
    Provisional,
    /// Ungraded count 0 and can be dropped like any other score.
    Final,
    /// Ungraded count as full marks and can be dropped.
    Reachable,
}

impl GradingScheme {
    /// `now` decides whether the course has ended, which makes every grade final.
    pub fn new(course: &Course, now: Timestamp) -> GradingScheme {
        let mut categories: Vec<SchemeCategory> = course
            .categories
            .iter()
            .map(|category| SchemeCategory {
                share: category.weight.max(0.0),
                drop_lowest: category.drop_lowest as usize,
                min_count: category.min_count as usize,
                members: course
                    .activities
                    .iter()
                    .enumerate()
                    .filter(|(_, activity)| activity.category == category.id)
                    .map(|(index, activity)| Member {
                        activity: index,
                        weight: activity.weight.max(0.0),
                        max_points: activity.max_points,
                    })
                    .collect(),
            })
            .filter(|category| !category.members.is_empty())
            .collect();
        // edX uses the weights as given: they need not sum to 1 and are not rescaled.
        if course.grading == GradingRule::Certdesk {
            let total_weight: f64 = categories.iter().map(|category| category.share).sum();
            for category in &mut categories {
                category.share = if total_weight > 0.0 { category.share / total_weight } else { 0.0 };
            }
        }
        GradingScheme {
            rule: course.grading,
            categories,
            activity_count: course.activities.len(),
            ended: course.has_ended(now),
        }
    }

    pub fn grade(&self, scores: &[Option<Points>]) -> Grade {
        let all_graded = (0..self.activity_count).all(|index| scores.get(index).is_some_and(Option::is_some));
        let status = if all_graded || self.ended { GradeStatus::Final } else { GradeStatus::Provisional };
        let current_pass = match status {
            GradeStatus::Final => Pass::Final,
            GradeStatus::Provisional => Pass::Provisional,
        };
        Grade {
            percent: self.percent(scores, current_pass),
            reachable: match status {
                GradeStatus::Final => self.percent(scores, Pass::Final),
                GradeStatus::Provisional => self.percent(scores, Pass::Reachable),
            },
            status,
        }
    }

    fn percent(&self, scores: &[Option<Points>], pass: Pass) -> Percent {
        match self.rule {
            GradingRule::Certdesk => Percent::from_ratio(
                self.categories.iter().map(|category| category.share * category.ratio(scores, pass)).sum(),
            ),
            GradingRule::OpenEdx => {
                // Summed in category order, like edX's WeightedSubsectionsGrader.
                let mut total = 0.0;
                for category in &self.categories {
                    total += category.open_edx_ratio(scores, pass) * category.share;
                }
                open_edx_percent(total)
            }
        }
    }
}

/// edX's course percent (lms/djangoapps/grades/course_grade.py, `_compute_percent`):
/// `round_away_from_zero(percent * 100 + 0.05) / 100`, a whole percent, which is what edX
/// compares with the cutoffs. The 0.05 is edX's own (their ticket TNL-6972).
pub fn open_edx_percent(total: f64) -> Percent {
    let whole = ((total * 100.0 + 0.05) * 1.0 + 0.5).floor().clamp(0.0, 100.0);
    Percent::from_tenths(whole as u16 * 10).unwrap_or(Percent::FULL)
}

/// edX's subsection fraction (grades/scores.py `compute_percent`): earned / possible rounded
/// to two decimals with numpy's `around`, which rounds half to even; 0 when nothing is possible.
pub fn open_edx_fraction(points: Points, max_points: Points) -> f64 {
    if max_points == Points::ZERO {
        return 0.0;
    }
    (points.as_f64() / max_points.as_f64() * 100.0).round_ties_even() / 100.0
}

impl SchemeCategory {
    fn ratio(&self, scores: &[Option<Points>], pass: Pass) -> f64 {
        // (fraction scored, weight, may be dropped)
        let mut entries: Vec<(f64, f64, bool)> = self
            .members
            .iter()
            .map(|member| {
                let score = scores.get(member.activity).copied().flatten();
                let fraction = match (score, pass) {
                    (Some(points), _) => fraction_of(points, member.max_points),
                    (None, Pass::Reachable) => 1.0,
                    (None, Pass::Provisional | Pass::Final) => 0.0,
                };
                let droppable = score.is_some() || pass != Pass::Provisional;
                (fraction, member.weight, droppable)
            })
            .collect();
        // Never drop every activity of a category.
        let droppable_count = entries.iter().filter(|entry| entry.2).count();
        let to_drop = self.drop_lowest.min(droppable_count).min(entries.len().saturating_sub(1));
        if to_drop > 0 {
            // Stable: among equal fractions the one listed first is dropped.
            let mut order: Vec<usize> = (0..entries.len()).filter(|&i| entries[i].2).collect();
            order.sort_by(|&a, &b| entries[a].0.total_cmp(&entries[b].0));
            for &dropped in &order[..to_drop] {
                entries[dropped].1 = 0.0;
            }
        }
        let weight_sum: f64 = entries.iter().map(|entry| entry.1).sum();
        if weight_sum <= 0.0 {
            return 0.0;
        }
        entries.iter().map(|(fraction, weight, _)| fraction * weight).sum::<f64>() / weight_sum
    }
}

impl SchemeCategory {
    /// edX's AssignmentFormatGrader: the scores in course order padded with zeros up to
    /// `min_count`; the lowest `drop_lowest` dropped (sorted descending, stable, the last ones
    /// go, so among equal scores the later one is dropped); the mean of the rest. Ungraded
    /// work counts 0 and can be dropped, as on the platform.
    fn open_edx_ratio(&self, scores: &[Option<Points>], pass: Pass) -> f64 {
        let mut fractions: Vec<f64> = self
            .members
            .iter()
            .map(|member| match (scores.get(member.activity).copied().flatten(), pass) {
                (Some(points), _) => open_edx_fraction(points, member.max_points),
                (None, Pass::Reachable) => 1.0,
                (None, Pass::Provisional | Pass::Final) => 0.0,
            })
            .collect();
        let count = fractions.len().max(self.min_count);
        fractions.resize(count, 0.0);
        let mut order: Vec<usize> = (0..count).collect();
        order.sort_by(|&a, &b| fractions[b].total_cmp(&fractions[a]));
        let mut dropped = vec![false; count];
        for &index in &order[count.saturating_sub(self.drop_lowest)..] {
            dropped[index] = true;
        }
        let mut sum = 0.0;
        for (fraction, dropped) in fractions.iter().zip(&dropped) {
            if !dropped {
                sum += fraction;
            }
        }
        if count > self.drop_lowest { sum / (count - self.drop_lowest) as f64 } else { sum }
    }
}

fn fraction_of(points: Points, max_points: Points) -> f64 {
    if max_points == Points::ZERO {
        // An activity worth nothing counts as done.
        return 1.0;
    }
    (points.as_f64() / max_points.as_f64()).min(1.0)
}

#[cfg(test)]
#[path = "grading_tests.rs"]
mod tests;
