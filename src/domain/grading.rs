//! The grade of a learner: weighted percent, percent still reachable, final or provisional.
//!
//! Formula (also in the README): each activity scores `points / max_points`. A category's
//! score is the weighted mean of its activities' scores after dropping its `drop_lowest`
//! lowest ones; the grade is the mean of the category scores weighted by the category weights
//! divided by their sum. A final grade (everything graded, or the course has ended) counts
//! ungraded work 0. A provisional one is the lowest final grade still possible, whatever the
//! ungraded work scores, so it only grows as work is graded. The reachable percent is the
//! final computation with every ungraded activity at full marks.
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
    /// The least the final grade can still be: ungraded work could still score anything from 0
    /// to full marks (certdesk's rule); under Open edX's, ungraded count 0 and can be dropped.
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
                members: counted_members(course, &category.id),
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
        let graded = self.graded_fractions(scores);
        match pass {
            Pass::Provisional => self.lowest_final_ratio(&graded),
            Pass::Final => self.final_ratio(&graded.iter().map(|fraction| fraction.unwrap_or(0.0)).collect::<Vec<_>>()),
            Pass::Reachable => {
                self.final_ratio(&graded.iter().map(|fraction| fraction.unwrap_or(1.0)).collect::<Vec<_>>())
            }
        }
    }

    /// Each member's fraction scored, `None` while it is ungraded.
    fn graded_fractions(&self, scores: &[Option<Points>]) -> Vec<Option<f64>> {
        self.members
            .iter()
            .map(|member| {
                scores.get(member.activity).copied().flatten().map(|points| fraction_of(points, member.max_points))
            })
            .collect()
    }

    /// How many scores a final grade drops: never every activity of the category.
    fn final_drop_count(&self) -> usize {
        self.drop_lowest.min(self.members.len().saturating_sub(1))
    }

    /// certdesk's rule on a score for every member: drop the lowest (among equal fractions the
    /// one listed first), then the weighted mean of the rest.
    fn final_ratio(&self, fractions: &[f64]) -> f64 {
        let mut dropped = vec![false; fractions.len()];
        let mut order: Vec<usize> = (0..fractions.len()).collect();
        // Stable: among equal fractions the one listed first is dropped.
        order.sort_by(|&a, &b| fractions[a].total_cmp(&fractions[b]));
        for &index in order.iter().take(self.final_drop_count()) {
            dropped[index] = true;
        }
        self.kept_mean(fractions, &dropped)
    }

    /// The weighted mean of the fractions not dropped, summed in member order.
    fn kept_mean(&self, fractions: &[f64], dropped: &[bool]) -> f64 {
        let (mut total, mut weight_sum) = (0.0, 0.0);
        for ((member, fraction), &dropped) in self.members.iter().zip(fractions).zip(dropped) {
            if !dropped {
                total += fraction * member.weight;
                weight_sum += member.weight;
            }
        }
        if weight_sum <= 0.0 { 0.0 } else { total / weight_sum }
    }

    /// The provisional ratio: the lowest final ratio the category can still end with, over
    /// every score from 0 to full marks its ungraded activities could still get (or keep, if
    /// the course ends first). Grading an activity narrows those possibilities, so this can
    /// only grow, and it is never above the final ratio.
    fn lowest_final_ratio(&self, graded: &[Option<f64>]) -> f64 {
        let zeros: Vec<f64> = graded.iter().map(|fraction| fraction.unwrap_or(0.0)).collect();
        let at_zero = self.final_ratio(&zeros);
        let equal_weights = self.members.windows(2).all(|pair| pair[0].weight == pair[1].weight);
        let to_drop = self.final_drop_count();
        if to_drop == 0 || equal_weights || graded.iter().all(Option::is_some) {
            // Then no score lowers the ratio by rising, so the least is every ungraded one at 0.
            return at_zero;
        }
        // With unequal weights a score can lower the ratio by rising: one that climbs above a
        // lighter score gets the lighter one dropped instead of itself. So try each member as
        // the highest dropped (scores ordered as the final rule orders them: by fraction, then
        // listing order; an ungraded member at 0), with both extreme choices of which ungraded
        // ones go with it.
        let mut lightest_first: Vec<usize> = (0..graded.len()).collect();
        lightest_first.sort_by(|&a, &b| self.members[a].weight.total_cmp(&self.members[b].weight));
        let heaviest_first: Vec<usize> = lightest_first.iter().rev().copied().collect();
        // One set of buffers for every try: allocating them a try made this the cost of
        // loading a course whose categories drop scores.
        let mut tries = Tries::new(graded.len());
        let mut lowest = at_zero;
        for last in 0..graded.len() {
            let Some(left) = self.last_dropped(graded, last, to_drop, &mut tries) else { continue };
            for order in [&lightest_first, &heaviest_first] {
                if let Some(ratio) = self.kept_mean_dropping(&mut tries, order, left) {
                    lowest = lowest.min(ratio);
                }
            }
        }
        lowest
    }

    /// Sets `tries` for member `last` as the highest score dropped: every score ordered at or
    /// below it dropped, every graded one above it kept, and the ungraded ones that could be
    /// either marked so; returns how many of those must still be dropped for `to_drop` to be,
    /// `None` when more than `to_drop` already are. Kept ungraded ones score just above the
    /// cutoff, which pulls the mean down as far as it goes when they are dropped lightest
    /// first, unless keeping only weightless ones (the heaviest dropped first) makes it 0.
    fn last_dropped(&self, graded: &[Option<f64>], last: usize, to_drop: usize, tries: &mut Tries) -> Option<usize> {
        let cutoff = graded[last].unwrap_or(0.0);
        let at_or_below = |fraction: f64, index: usize| fraction < cutoff || (fraction == cutoff && index <= last);
        let mut dropped_count = 0;
        for (index, fraction) in graded.iter().enumerate() {
            let (fraction, dropped, either) = match *fraction {
                Some(fraction) => (fraction, at_or_below(fraction, index), false),
                None => {
                    // Full marks is as high as a score goes: at it, order decides.
                    let can_be_kept = cutoff < 1.0 || index > last;
                    (cutoff, !can_be_kept, at_or_below(0.0, index) && can_be_kept)
                }
            };
            dropped_count += usize::from(dropped);
            if dropped_count > to_drop {
                return None;
            }
            (tries.fractions[index], tries.dropped[index], tries.either[index]) = (fraction, dropped, either);
        }
        Some(to_drop - dropped_count)
    }

    /// The kept mean of `tries` with `left` more of its either-way members dropped, taken in
    /// `order`; `None` when fewer than `left` can be. Leaves `tries.dropped` as it found it.
    fn kept_mean_dropping(&self, tries: &mut Tries, order: &[usize], left: usize) -> Option<f64> {
        tries.extra.clear();
        tries.extra.extend(order.iter().copied().filter(|&index| tries.either[index]).take(left));
        if tries.extra.len() < left {
            return None;
        }
        for &index in &tries.extra {
            tries.dropped[index] = true;
        }
        let mean = self.kept_mean(&tries.fractions, &tries.dropped);
        for &index in &tries.extra {
            tries.dropped[index] = false;
        }
        Some(mean)
    }
}

/// What one try of `lowest_final_ratio` sets, a member at a time: the fraction it counts
/// with, whether it is dropped, whether it could be either, and the ones dropped besides.
struct Tries {
    fractions: Vec<f64>,
    dropped: Vec<bool>,
    either: Vec<bool>,
    extra: Vec<usize>,
}

impl Tries {
    fn new(members: usize) -> Tries {
        Tries {
            fractions: vec![0.0; members],
            dropped: vec![false; members],
            either: vec![false; members],
            extra: Vec::new(),
        }
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

/// The activities of category `id` that count: under certdesk's rule, those of weight 0 add
/// nothing to its mean and are left out, so that dropping the lowest score never drops one
/// that counts in favour of one that does not (which left the category at 0%); a category of
/// such activities only keeps them all.
fn counted_members(course: &Course, id: &str) -> Vec<Member> {
    let mut members: Vec<Member> = course
        .activities
        .iter()
        .enumerate()
        .filter(|(_, activity)| activity.category == id)
        .map(|(index, activity)| Member {
            activity: index,
            weight: activity.weight.max(0.0),
            max_points: activity.max_points,
        })
        .collect();
    if course.grading == GradingRule::Certdesk && members.iter().any(|member| member.weight > 0.0) {
        members.retain(|member| member.weight > 0.0);
    }
    members
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

#[cfg(test)]
#[path = "grading_properties_tests.rs"]
mod properties_tests;
