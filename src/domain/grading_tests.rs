//! Tests of grading: weights, dropping, provisional and final grades, letters, Open edX's
//! rule. The property tests are in grading_properties_tests.rs.

use jiff::Timestamp;

use super::*;
use crate::domain::course::{Activity, Category, Course, IssuancePolicy};

/// A category: (weight, drop_lowest, [(max_points, weight within category)]).
pub(super) type CategorySpec<'a> = (f64, u32, &'a [(u32, f64)]);

pub(super) fn course(categories: &[CategorySpec], ends: Option<&str>) -> Course {
    let mut activities = Vec::new();
    let categories = categories
        .iter()
        .enumerate()
        .map(|(c, (weight, drop_lowest, members))| {
            for (max_points, activity_weight) in members.iter() {
                activities.push(Activity {
                    id: format!("a{}", activities.len() + 1),
                    title: String::new(),
                    category: format!("c{c}"),
                    max_points: Points::from_hundredths(max_points * 100),
                    weight: *activity_weight,
                    platform_id: None,
                });
            }
            Category {
                id: format!("c{c}"),
                title: String::new(),
                weight: *weight,
                drop_lowest: *drop_lowest,
                min_count: 0,
            }
        })
        .collect();
    Course {
        id: "test".into(),
        title: "Test".into(),
        starts: None,
        ends: ends.map(|text| text.parse().expect("test date")),
        pass_threshold: "80".parse().expect("threshold"),
        letter_cutoffs: Vec::new(),
        issuance: IssuancePolicy::Final,
        institution: String::new(),
        signatories: Vec::new(),
        categories,
        activities,
        grading: crate::domain::GradingRule::Certdesk,
    }
}

pub(super) fn now() -> Timestamp {
    "2026-06-01T12:00:00Z".parse().expect("test date")
}

fn scores(points: &[Option<f64>]) -> Vec<Option<Points>> {
    points.iter().map(|p| p.map(|p| Points::from_hundredths((p * 100.0).round() as u32))).collect()
}

#[track_caller]
fn check(course: &Course, points: &[Option<f64>], expected: (&str, &str, GradeStatus)) {
    let grade = GradingScheme::new(course, now()).grade(&scores(points));
    let got = (grade.percent.to_string(), grade.reachable.to_string(), grade.status);
    let expected = (expected.0.to_string(), expected.1.to_string(), expected.2);
    assert_eq!(got, expected, "scores {points:?}");
}

const TEN_EQUAL: &[(u32, f64)] = &[(10, 1.0); 10];
use GradeStatus::{Final, Provisional};

#[test]
fn nine_of_ten_is_provisional_then_final() {
    let course = course(&[(1.0, 0, TEN_EQUAL)], None);
    let nine = [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 8.0, 7.0].map(Some);
    let mut partial = nine.to_vec();
    partial.push(None);
    check(&course, &partial, ("85.0%", "95.0%", Provisional));
    let mut complete = nine.to_vec();
    complete.push(Some(10.0));
    check(&course, &complete, ("95.0%", "95.0%", Final));
    let scheme = GradingScheme::new(&course, now());
    assert!(!course.passes(Percent::from_tenths(799).expect("79.9")));
    assert!(course.passes(scheme.grade(&scores(&partial)).percent));
}

#[test]
fn weights_need_not_sum_to_100() {
    // Homework weighs twice the exam: (2 * 90% + 1 * 60%) / 3 = 80%.
    let course = course(&[(2.0, 0, &[(10, 1.0)]), (1.0, 0, &[(50, 1.0)])], None);
    check(&course, &[Some(9.0), Some(30.0)], ("80.0%", "80.0%", Final));
    // The same ratio written as 0.4 and 0.2 gives the same grade.
    let scaled = self::course(&[(0.4, 0, &[(10, 1.0)]), (0.2, 0, &[(50, 1.0)])], None);
    check(&scaled, &[Some(9.0), Some(30.0)], ("80.0%", "80.0%", Final));
}

#[test]
fn activity_weights_within_a_category() {
    let course = course(&[(1.0, 0, &[(10, 1.0), (10, 3.0)])], None);
    check(&course, &[Some(10.0), Some(0.0)], ("25.0%", "25.0%", Final));
    check(&course, &[Some(0.0), None], ("0.0%", "75.0%", Provisional));
}

#[test]
fn drop_lowest() {
    let quizzes: &[(u32, f64)] = &[(10, 1.0); 4];
    let course = course(&[(1.0, 1, quizzes)], None);
    // Final: the 2 is dropped, (10 + 8 + 6) / 30.
    check(&course, &[Some(10.0), Some(8.0), Some(2.0), Some(6.0)], ("80.0%", "80.0%", Final));
    // Provisional: the final grade if the rest scored 0, one of those zeros dropped.
    check(&course, &[Some(10.0), Some(2.0), None, None], ("40.0%", "100.0%", Provisional));
    // Never every activity: a category of one keeps it even with drop_lowest.
    let single = self::course(&[(1.0, 3, &[(10, 1.0)])], None);
    check(&single, &[Some(4.0)], ("40.0%", "40.0%", Final));
}

/// An activity of weight 0 counts for nothing, so it is not the one a drop keeps: p at 2/10
/// (weight 1) and q at 9/10 (weight 0) with one dropped left q alone, its weight 0, and the
/// category at 0%. q is left out; p, the only score that counts, is never dropped.
#[test]
fn dropping_never_leaves_only_activities_of_weight_0() {
    let course = course(&[(1.0, 1, &[(10, 1.0), (10, 0.0)])], None);
    check(&course, &[Some(2.0), Some(9.0)], ("20.0%", "20.0%", Final));
    check(&course, &[Some(2.0), None], ("20.0%", "20.0%", Provisional));
    // Among those that count, the lowest is dropped as ever.
    let three = self::course(&[(1.0, 1, &[(10, 1.0), (10, 0.0), (10, 1.0)])], None);
    check(&three, &[Some(2.0), Some(9.0), Some(6.0)], ("60.0%", "60.0%", Final));
    // A category of weight-0 activities only is what it was.
    let weightless = self::course(&[(1.0, 0, &[(10, 0.0)]), (1.0, 0, &[(10, 1.0)])], None);
    check(&weightless, &[Some(9.0), Some(10.0)], ("50.0%", "50.0%", Final));
}

#[test]
fn provisional_percent_only_grows_as_work_is_graded() {
    let course = course(&[(1.0, 1, &[(10, 1.0); 5])], None);
    let order = [Some(3.0), Some(0.0), Some(7.0), Some(1.0), Some(9.0)];
    let mut points = vec![None; 5];
    let scheme = GradingScheme::new(&course, now());
    let mut previous = Percent::ZERO;
    for (index, score) in order.into_iter().enumerate() {
        points[index] = score;
        let grade = scheme.grade(&scores(&points));
        assert!(grade.percent >= previous, "fell from {previous} to {} at step {index}", grade.percent);
        assert!(grade.reachable >= grade.percent);
        previous = grade.percent;
    }
}

#[test]
fn provisional_is_the_lowest_final_grade_still_possible() {
    // Homework (40%, drop 1) of hw1, hw2 and hw3 weighing 2; an exam (60%) not graded yet.
    let homework: &[(u32, f64)] = &[(10, 1.0), (10, 1.0), (10, 2.0)];
    let course = course(&[(0.4, 1, homework), (0.6, 0, &[(100, 1.0)])], None);
    // At worst hw2 and hw3 score 0 and hw2 is dropped: 40% of (10 + 0 * 2) / 30.
    check(&course, &[Some(10.0), None, None, None], ("13.3%", "100.0%", Provisional));
    // At worst hw2 scores at most hw3's 1 and is dropped: 40% of (10 + 1 * 2) / 30.
    check(&course, &[Some(10.0), None, Some(1.0), None], ("16.0%", "100.0%", Provisional));
    // hw2's 0.5 is that worst case.
    check(&course, &[Some(10.0), Some(0.5), Some(1.0), None], ("16.0%", "76.0%", Provisional));

    // The README's example: a project weighing 10 at 0 would be dropped, but at 5/10 it ties
    // quiz1 and quiz1 goes: (5 * 10 + 10) / 110.
    let project_last: &[(u32, f64)] = &[(10, 1.0), (10, 1.0), (10, 10.0)];
    let course = self::course(&[(1.0, 1, project_last)], None);
    check(&course, &[Some(5.0), Some(10.0), None], ("54.5%", "100.0%", Provisional));

    // Among equal scores the one listed first is dropped, so an ungraded activity listed after
    // a 0 cannot take that 0's place: the heavy 0 goes, whatever hw3 scores.
    let zero_first: &[(u32, f64)] = &[(10, 2.0), (10, 1.0), (10, 1.0)];
    let course = self::course(&[(1.0, 1, zero_first)], None);
    check(&course, &[Some(0.0), Some(10.0), None], ("50.0%", "100.0%", Provisional));
    // Listed before it, a 0 of its own is dropped instead, keeping the heavy 0.
    let zero_last: &[(u32, f64)] = &[(10, 1.0), (10, 1.0), (10, 2.0)];
    let course = self::course(&[(1.0, 1, zero_last)], None);
    check(&course, &[None, Some(10.0), Some(0.0)], ("33.3%", "100.0%", Provisional));
}

#[test]
fn ended_course_counts_missing_work_as_zero_and_is_final() {
    let ended = course(&[(1.0, 0, TEN_EQUAL)], Some("2026-05-31T00:00:00Z"));
    let mut points = vec![Some(10.0); 9];
    points.push(None);
    check(&ended, &points, ("90.0%", "90.0%", Final));
    // Once final, the missing (zero) activity is what drop_lowest drops.
    let with_drop = course(&[(1.0, 1, TEN_EQUAL)], Some("2026-05-31T00:00:00Z"));
    check(&with_drop, &points, ("100.0%", "100.0%", Final));
    // Not ended yet: provisional.
    let running = course(&[(1.0, 0, TEN_EQUAL)], Some("2026-12-31T00:00:00Z"));
    check(&running, &points, ("90.0%", "100.0%", Provisional));
}

#[test]
fn threshold_boundary_is_inclusive_and_immune_to_binary_error() {
    // Three equal categories at 7/10: 0.7 * 3 / 3 is 0.69999999... in binary, still 70.0%.
    let seven_tenths: &[(u32, f64)] = &[(10, 1.0)];
    let mut course = course(&[(1.0, 0, seven_tenths), (1.0, 0, seven_tenths), (1.0, 0, seven_tenths)], None);
    course.pass_threshold = "70".parse().expect("threshold");
    let grade = GradingScheme::new(&course, now()).grade(&scores(&[Some(7.0), Some(7.0), Some(7.0)]));
    assert_eq!(grade.percent.to_string(), "70.0%");
    assert!(course.passes(grade.percent), "70.0% must pass a 70% threshold");
    // Exactly at an 80% threshold passes; a tenth below does not.
    let ten = self::course(&[(1.0, 0, TEN_EQUAL)], None);
    let grade = GradingScheme::new(&ten, now()).grade(&scores(&[Some(8.0); 10]));
    assert_eq!(grade.percent.to_string(), "80.0%");
    assert!(ten.passes(grade.percent));
    let mut just_below = vec![Some(8.0); 9];
    just_below.push(Some(7.9));
    let grade = GradingScheme::new(&ten, now()).grade(&scores(&just_below));
    assert_eq!(grade.percent.to_string(), "79.9%");
    assert!(!ten.passes(grade.percent));
}

#[test]
fn categories_without_weight_or_activities_do_not_count() {
    let course = course(&[(0.0, 0, &[(10, 1.0)]), (3.0, 0, &[(10, 1.0)]), (5.0, 0, &[])], None);
    check(&course, &[Some(0.0), Some(5.0)], ("50.0%", "50.0%", Final));
}

#[test]
fn letters_follow_cutoffs() {
    let mut course = course(&[(1.0, 0, &[(100, 1.0)])], None);
    course.letter_cutoffs = [("A", 900), ("B", 800), ("C", 700)]
        .map(|(letter, tenths)| crate::domain::course::LetterCutoff {
            letter: letter.into(),
            minimum: Percent::from_tenths(tenths).expect("cutoff"),
        })
        .into();
    let letter = |tenths| course.letter_for(Percent::from_tenths(tenths).expect("percent"));
    assert_eq!(
        [letter(1000), letter(900), letter(899), letter(700), letter(699)],
        [Some("A"), Some("A"), Some("B"), Some("C"), None]
    );
}

/// An Open edX course: categories of (weight, drop_count, min_count, subsection count), each
/// subsection scored out of 100 points so that `points / 100` is edX's fraction.
fn open_edx(categories: &[(f64, u32, u32, usize)]) -> Course {
    let members: Vec<Vec<(u32, f64)>> = categories.iter().map(|&(.., count)| vec![(100, 1.0); count]).collect();
    let borrowed: Vec<CategorySpec> = categories
        .iter()
        .zip(&members)
        .map(|(&(weight, drop, ..), members)| (weight, drop, members.as_slice()))
        .collect();
    let mut course = course(&borrowed, None);
    course.grading = crate::domain::GradingRule::OpenEdx;
    for (category, &(_, _, min_count, _)) in course.categories.iter_mut().zip(categories) {
        category.min_count = min_count;
    }
    course
}

#[test]
fn open_edx_uses_weights_as_given_and_rounds_to_whole_percents() {
    // Homework 0.4 (drop 1 of 3, two released), Final 0.6: 0.4 * (0.8 + 0.6) / 2 + 0.6 * 0.9.
    let course = open_edx(&[(0.4, 1, 3, 2), (0.6, 0, 1, 1)]);
    check(&course, &[Some(80.0), Some(60.0), Some(90.0)], ("82.0%", "82.0%", Final));
    // Weights summing to 0.5 are not rescaled: full marks everywhere is 50%, not 100%.
    let half = open_edx(&[(0.5, 0, 0, 2)]);
    check(&half, &[Some(100.0), Some(100.0)], ("50.0%", "50.0%", Final));
    // Above 1 (extra credit) the grade stops at 100%.
    let extra = open_edx(&[(1.5, 0, 0, 1)]);
    check(&extra, &[Some(100.0)], ("100.0%", "100.0%", Final));
}

#[test]
fn open_edx_rounding_adds_five_hundredths_before_rounding_half_up() {
    let course = open_edx(&[(1.0, 0, 0, 2)]);
    // A mean of 84.5%: 84.5 + 0.05 rounds up to 85.
    check(&course, &[Some(84.0), Some(85.0)], ("85.0%", "85.0%", Final));
    let three = open_edx(&[(1.0, 0, 0, 3)]);
    // 84.33%: 84.38 rounds down to 84.
    check(&three, &[Some(84.0), Some(84.0), Some(85.0)], ("84.0%", "84.0%", Final));
    // 84.46% (certdesk's own rule says 84.5%): edX's 0.05 makes it 85.
    let many = open_edx(&[(1.0, 0, 0, 50)]);
    let mut points = vec![Some(84.0); 27];
    points.extend(vec![Some(85.0); 23]);
    check(&many, &points, ("85.0%", "85.0%", Final));
    assert_eq!(open_edx_percent(0.8444), Percent::from_tenths(840).expect("84%"));
    assert_eq!(open_edx_percent(0.8445), Percent::from_tenths(850).expect("85%"));
}

#[test]
fn open_edx_drops_unattempted_work_and_pads_to_min_count() {
    // Drop 1 of 3 with one not attempted: edX drops the 0, certdesk's own rule could not yet.
    let course = open_edx(&[(1.0, 1, 0, 3)]);
    check(&course, &[Some(90.0), Some(80.0), None], ("85.0%", "95.0%", Provisional));
    // min_count 4 with two subsections: two unreleased zeros in the mean.
    let padded = open_edx(&[(1.0, 0, 4, 2)]);
    check(&padded, &[Some(100.0), Some(100.0)], ("50.0%", "50.0%", Final));
    // Dropping as many as there are leaves 0, as in edX's total_with_drops.
    let all_dropped = open_edx(&[(1.0, 2, 0, 2)]);
    check(&all_dropped, &[Some(100.0), Some(100.0)], ("0.0%", "0.0%", Final));
}

#[test]
fn open_edx_fractions_round_half_to_even_like_numpy() {
    let point = |hundredths| Points::from_hundredths(hundredths);
    let cases = [(200, 300, 0.67), (100, 800, 0.12), (300, 800, 0.38), (0, 0, 0.0), (500, 500, 1.0)];
    for (points, max, expected) in cases {
        assert_eq!(open_edx_fraction(point(points), point(max)), expected, "{points}/{max}");
    }
}
