//! Grading a course's learners where the provisional grade costs most: a category whose
//! activities weigh differently and whose lowest scores are dropped, half of it not graded
//! yet. There the lowest final grade still possible is found by trying every activity as the
//! highest dropped score, each try a pass over the category: n² in its number of activities.
//!
//!   cargo bench --bench grading                  # 10,000 learners; 10 to 300 activities
//!   LEARNERS=100000 cargo bench --bench grading
//!
//! Prints, for each size of category, the median of 5 runs of grading every learner once (as
//! loading the course does), and the same learners with every activity graded (final grades,
//! which take the linear path) for comparison.

use std::time::Instant;

use certdesk::domain::{Activity, Category, Course, GradeStatus, GradingRule, GradingScheme, IssuancePolicy, Points};

const RUNS: usize = 5;

fn main() {
    let learners: usize = std::env::var("LEARNERS").ok().and_then(|text| text.parse().ok()).unwrap_or(10_000);
    let now: jiff::Timestamp = "2026-06-01T12:00:00Z".parse().expect("a time");
    println!("{learners} learners, one category of N activities (unequal weights, the lowest 2 dropped)");
    println!("{:>5} {:>14} {:>14} {:>10}", "N", "half graded", "all graded", "ratio");
    for activities in [10, 30, 100, 300] {
        let course = course(activities);
        let scheme = GradingScheme::new(&course, now);
        let half = scores(learners, activities, true);
        let all = scores(learners, activities, false);
        // Graded half way, every grade is provisional: the n² path is the one measured.
        assert!(half.iter().all(|scores| scheme.grade(scores).status == GradeStatus::Provisional));
        let (provisional, final_) = (median(&scheme, &half), median(&scheme, &all));
        println!(
            "{activities:>5} {:>11.1} ms {:>11.1} ms {:>9.1}x",
            provisional * 1e3,
            final_ * 1e3,
            provisional / final_
        );
    }
}

/// Seconds to grade every learner once, the median of `RUNS`.
fn median(scheme: &GradingScheme, learners: &[Vec<Option<Points>>]) -> f64 {
    let mut runs: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let passed = learners.iter().filter(|scores| scheme.grade(scores).percent.as_f64() >= 80.0).count();
            std::hint::black_box(passed);
            started.elapsed().as_secs_f64()
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    runs[RUNS / 2]
}

/// One category of `activities`, weights 1 to 5 in turn, the lowest 2 dropped.
fn course(activities: usize) -> Course {
    let activities: Vec<Activity> = (0..activities)
        .map(|index| Activity {
            id: format!("a{index}"),
            title: format!("Activity {index}"),
            category: "work".into(),
            max_points: Points::from_hundredths(1_000),
            weight: (index % 5 + 1) as f64,
            platform_id: None,
        })
        .collect();
    Course {
        id: "bench".into(),
        title: "Bench".into(),
        starts: None,
        ends: None,
        pass_threshold: "80".parse().expect("a threshold"),
        letter_cutoffs: Vec::new(),
        issuance: IssuancePolicy::Final,
        institution: String::new(),
        signatories: Vec::new(),
        categories: vec![Category {
            id: "work".into(),
            title: "Work".into(),
            weight: 1.0,
            drop_lowest: 2,
            min_count: 0,
        }],
        activities,
        grading: GradingRule::Certdesk,
    }
}

/// Every learner's scores, varied from learner to learner; with `half`, every other
/// activity not graded yet.
fn scores(learners: usize, activities: usize, half: bool) -> Vec<Vec<Option<Points>>> {
    (0..learners)
        .map(|learner| {
            (0..activities)
                .map(|activity| {
                    let graded = !half || activity % 2 == 0;
                    let hundredths = ((learner * 7 + activity * 13) % 11) as u32 * 100;
                    graded.then(|| Points::from_hundredths(hundredths))
                })
                .collect()
        })
        .collect()
}
