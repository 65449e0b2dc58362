//! `certdesk grade COURSE USERNAME ACTIVITY (POINTS | --clear)`

use std::process::ExitCode;

use crate::domain::{Points, impact_advice};
use crate::ops;
use crate::store::Store;

pub fn run(
    store: &Store,
    course: &str,
    username: &str,
    activity: &str,
    points: Option<Points>,
    context: &ops::Context,
) -> anyhow::Result<ExitCode> {
    let change = ops::set_score(store, course, username, activity, points, context)?;
    let shown = |points: Option<Points>| {
        points.map_or_else(|| "not graded".to_string(), |p| format!("{p}/{}", change.max_points))
    };
    let what = if change.before == change.after {
        format!("is already {}; nothing changed", shown(change.after))
    } else {
        format!("{} -> {}", shown(change.before), shown(change.after))
    };
    say!(
        "{username} {}: {what}. Grade {} {} (reachable {}).",
        change.activity,
        change.grade.percent,
        change.grade.status,
        change.grade.reachable
    );
    if let Some(impact) = &change.certificate {
        say!("{username}'s {}.", impact.consequence());
        for advice in impact_advice(course, std::slice::from_ref(impact), true) {
            say!("{advice}");
        }
    }
    if change.newly_eligible {
        say!("{username} is eligible now and has no certificate: `certdesk generate {course}` issues it.");
    }
    Ok(ExitCode::SUCCESS)
}
