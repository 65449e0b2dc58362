//! Property tests of grading: as work is graded the provisional percent never falls, and it is
//! the least final grade still possible.

use super::tests::{CategorySpec, course, now};
use super::*;
use crate::domain::course::Course;

/// A random course for the property tests: per category (weight, drop_lowest, min_count,
/// activities as (maximum points, weight within the category)).
type RandomCategory = (u8, u8, u8, Vec<(u8, u8)>);

fn random_course(categories: &[RandomCategory], rule: crate::domain::GradingRule) -> Course {
    let members: Vec<Vec<(u32, f64)>> = categories
        .iter()
        .map(|(.., activities)| {
            activities.iter().map(|&(max_points, weight)| (u32::from(max_points), f64::from(weight))).collect()
        })
        .collect();
    let specs: Vec<CategorySpec> = categories
        .iter()
        .zip(&members)
        .map(|((weight, drop, ..), members)| (f64::from(*weight), u32::from(*drop), members.as_slice()))
        .collect();
    let mut course = course(&specs, None);
    course.grading = rule;
    for (category, (_, _, min_count, _)) in course.categories.iter_mut().zip(categories) {
        category.min_count = u32::from(*min_count);
    }
    course
}

/// Grades a course's activities one by one in the order of `keys` (the activity with the
/// smallest key first), each with `seed % (max_points * 100 + 1)` hundredths of a point, and
/// checks that no step lowers the percent, that the reachable percent stays at or above it, and
/// that the course ending (which makes the grade final) would not lower it either.
fn check_percent_never_falls(course: &Course, graded: &[(u32, u32)]) -> Result<(), String> {
    let scheme = GradingScheme::new(course, now());
    let mut ended_course = course.clone();
    ended_course.ends = Some("2026-05-31T00:00:00Z".parse().expect("test date"));
    let ended = GradingScheme::new(&ended_course, now());
    let count = course.activities.len();
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_key(|&index| graded[index].1);
    let mut points: Vec<Option<Points>> = vec![None; count];
    let mut previous = scheme.grade(&points);
    for index in order {
        let max_hundredths = course.activities[index].max_points.hundredths();
        points[index] = Some(Points::from_hundredths(graded[index].0 % (max_hundredths + 1)));
        let grade = scheme.grade(&points);
        if grade.percent < previous.percent {
            return Err(format!("{previous:?} -> {grade:?} grading {index}, scores now {points:?}"));
        }
        if grade.reachable < grade.percent {
            return Err(format!("reachable below the percent: {grade:?}, scores {points:?}"));
        }
        let if_ended = ended.grade(&points);
        if if_ended.percent < grade.percent {
            return Err(format!("the course ending would lower {grade:?} to {if_ended:?}, scores {points:?}"));
        }
        previous = grade;
    }
    Ok(())
}

fn random_categories() -> impl proptest::strategy::Strategy<Value = Vec<RandomCategory>> {
    use proptest::prelude::*;
    let activity = (prop_oneof![Just(0u8), Just(1), Just(3), Just(10), Just(100)], 0u8..4);
    proptest::collection::vec((0u8..4, 0u8..4, 0u8..5, proptest::collection::vec(activity, 0..6)), 1..4)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

    /// The README's promise: a provisional percent can only grow as work is graded, whatever
    /// the weights, drops and scores, up to and including the step that makes it final.
    #[test]
    fn percent_never_falls_as_work_is_graded(
        categories in random_categories(),
        graded in proptest::collection::vec((0u32..100_000, proptest::prelude::any::<u32>()), 20),
    ) {
        let course = random_course(&categories, crate::domain::GradingRule::Certdesk);
        check_percent_never_falls(&course, &graded).map_err(proptest::test_runner::TestCaseError::fail)?;
    }

    /// Open edX's own rule (plain means, unattempted work counting 0) never falls either.
    #[test]
    fn open_edx_percent_never_falls_as_work_is_graded(
        categories in random_categories(),
        graded in proptest::collection::vec((0u32..100_000, proptest::prelude::any::<u32>()), 20),
    ) {
        let course = random_course(&categories, crate::domain::GradingRule::OpenEdx);
        check_percent_never_falls(&course, &graded).map_err(proptest::test_runner::TestCaseError::fail)?;
    }
}

/// One category of certdesk's rule, for checking its provisional ratio against every way its
/// ungraded activities could still be graded: (weight of each activity, drop_lowest).
fn lone_category(weights: &[u8], drop_lowest: u8) -> SchemeCategory {
    SchemeCategory {
        share: 1.0,
        drop_lowest: usize::from(drop_lowest),
        min_count: 0,
        members: weights
            .iter()
            .enumerate()
            .map(|(activity, &weight)| Member {
                activity,
                weight: f64::from(weight),
                max_points: Points::from_hundredths(100),
            })
            .collect(),
    }
}

/// The least final ratio over the completions of `graded` whose ungraded fractions are 0, full
/// marks, a graded fraction, or a hair above one (where the least is reached or approached).
fn least_final_ratio_by_search(category: &SchemeCategory, graded: &[Option<f64>]) -> f64 {
    let hair = 1e-9;
    let mut values: Vec<f64> = vec![0.0, hair, 1.0];
    for &fraction in graded.iter().flatten() {
        values.extend([fraction, (fraction + hair).min(1.0)]);
    }
    let ungraded: Vec<usize> = (0..graded.len()).filter(|&index| graded[index].is_none()).collect();
    let mut fractions: Vec<f64> = graded.iter().map(|fraction| fraction.unwrap_or(0.0)).collect();
    let mut least = f64::INFINITY;
    let mut choice = vec![0usize; ungraded.len()];
    loop {
        for (&index, &value) in ungraded.iter().zip(&choice) {
            fractions[index] = values[value];
        }
        least = least.min(category.final_ratio(&fractions));
        // The next choice, counting in base `values.len()`.
        let Some(position) = choice.iter().position(|&value| value + 1 < values.len()) else {
            return least;
        };
        choice[position] += 1;
        choice[..position].fill(0);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

    /// The provisional ratio is the lowest final ratio still possible: never above what some
    /// way of grading the rest gives, and reached (or approached) by one.
    #[test]
    fn provisional_ratio_is_the_least_final_ratio_still_possible(
        members in proptest::collection::vec((0u8..4, proptest::option::of(0u8..5)), 1..6),
        drop_lowest in 0u8..4,
    ) {
        let weights: Vec<u8> = members.iter().map(|member| member.0).collect();
        let graded: Vec<Option<f64>> = members.iter().map(|member| member.1.map(|quarters| f64::from(quarters) / 4.0)).collect();
        let category = lone_category(&weights, drop_lowest);
        let provisional = category.lowest_final_ratio(&graded);
        let searched = least_final_ratio_by_search(&category, &graded);
        proptest::prop_assert!(
            provisional <= searched + 1e-12 && searched <= provisional + 1e-6,
            "provisional {provisional}, least found {searched}"
        );
    }
}
