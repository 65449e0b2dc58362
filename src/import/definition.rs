//! What a re-import changes in the course definition, in words: every setting, date, letter,
//! category and activity that can change a grade or a certificate, so none changes unsaid.

use crate::domain::{Activity, Category, Course, LetterCutoff};

/// Each difference between the course as stored and as the file defines it, as
/// `title 'A' -> 'B'` or `maps max points 10 -> 20`. Activities added or removed are reported
/// on their own, with what happens to their scores.
pub fn definition_changes(old: &Course, new: &Course) -> Vec<String> {
    let mut changes = Vec::new();
    note(&mut changes, "title", quoted(&old.title), quoted(&new.title));
    note(&mut changes, "institution", quoted(&old.institution), quoted(&new.institution));
    note(&mut changes, "start", moment(old.starts), moment(new.starts));
    note(&mut changes, "end", moment(old.ends), moment(new.ends));
    note(&mut changes, "pass threshold", old.pass_threshold.to_string(), new.pass_threshold.to_string());
    note(&mut changes, "issuance policy", old.issuance.to_string(), new.issuance.to_string());
    note(&mut changes, "letter cutoffs", cutoffs(&old.letter_cutoffs), cutoffs(&new.letter_cutoffs));
    note(&mut changes, "grading rule", old.grading.to_string(), new.grading.to_string());
    let signatories = |course: &Course| {
        let names: Vec<String> = course.signatories.iter().map(|s| format!("{} ({})", s.name, s.title)).collect();
        if names.is_empty() { "none".to_string() } else { names.join(", ") }
    };
    note(&mut changes, "signatories", signatories(old), signatories(new));
    for category in &new.categories {
        match old.categories.iter().find(|known| known.id == category.id) {
            Some(known) => changes.extend(category_changes(known, category)),
            None => changes.push(format!("category {} added (weight {})", category.id, category.weight)),
        }
    }
    for category in &old.categories {
        if !new.categories.iter().any(|kept| kept.id == category.id) {
            changes.push(format!("category {} removed", category.id));
        }
    }
    for activity in &new.activities {
        if let Some(known) = earlier_activity(old, activity) {
            changes.extend(activity_changes(&old.activities[known], activity));
        }
    }
    changes
}

/// Where `activity` of the course `new` was in `old`. An item its platform names by an id of
/// its own (a Canvas assignment) is the one of `old` with that platform id, whatever its title
/// makes of its certdesk id now: renamed, or taking the id a deleted item's title gave. Else
/// it is the activity of `old` under the same id, unless that one is another item of the
/// platform.
pub fn earlier_activity(old: &Course, activity: &Activity) -> Option<usize> {
    let platform_id = activity.platform_id.as_ref();
    if let Some(platform_id) = platform_id
        && let Some(index) = old.activities.iter().position(|known| known.platform_id.as_ref() == Some(platform_id))
    {
        return Some(index);
    }
    let index = old.activity_index(&activity.id)?;
    let another_item = platform_id.is_some() && old.activities[index].platform_id.is_some();
    (!another_item).then_some(index)
}

/// Adds `what before -> after` to `changes` when the two differ.
fn note<T: PartialEq + std::fmt::Display>(changes: &mut Vec<String>, what: &str, before: T, after: T) {
    if before != after {
        changes.push(format!("{what} {before} -> {after}"));
    }
}

fn category_changes(old: &Category, new: &Category) -> Vec<String> {
    let id = &new.id;
    let mut changes = Vec::new();
    note(&mut changes, &format!("title of category {id}"), quoted(&old.title), quoted(&new.title));
    note(&mut changes, &format!("weight of category {id}"), old.weight, new.weight);
    note(&mut changes, &format!("lowest scores dropped in {id}"), old.drop_lowest, new.drop_lowest);
    note(&mut changes, &format!("min_count of {id}"), old.min_count, new.min_count);
    changes
}

/// Changes to an activity kept (its scores move with it), renamed or not.
fn activity_changes(old: &Activity, new: &Activity) -> Vec<String> {
    let id = &new.id;
    let mut changes = Vec::new();
    if old.id != new.id {
        changes.push(format!("activity {} renamed {id}", old.id));
    }
    note(&mut changes, &format!("title of {id}"), quoted(&old.title), quoted(&new.title));
    note(&mut changes, &format!("category of {id}"), &old.category, &new.category);
    note(&mut changes, &format!("{id} max points"), old.max_points, new.max_points);
    note(&mut changes, &format!("weight of {id}"), old.weight, new.weight);
    changes
}

fn quoted(text: &str) -> String {
    format!("'{text}'")
}

fn moment(at: Option<jiff::Timestamp>) -> String {
    at.map_or_else(|| "none".to_string(), |at| at.to_string())
}

fn cutoffs(cutoffs: &[LetterCutoff]) -> String {
    if cutoffs.is_empty() {
        return "none".to_string();
    }
    cutoffs.iter().map(|cutoff| format!("{} {}", cutoff.letter, cutoff.minimum)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Percent, Points};

    fn percent(text: &str) -> Percent {
        text.parse().expect("percent")
    }

    fn course() -> Course {
        let category =
            Category { id: "weekly".into(), title: "Weekly".into(), weight: 100.0, drop_lowest: 0, min_count: 0 };
        let activity = |id: &str| Activity {
            id: id.into(),
            title: id.to_uppercase(),
            category: "weekly".into(),
            max_points: Points::from_hundredths(1000),
            weight: 1.0,
            platform_id: None,
        };
        Course {
            id: "me".into(),
            title: "A".into(),
            starts: None,
            ends: Some("2027-01-31T23:59:59Z".parse().expect("date")),
            pass_threshold: percent("80"),
            letter_cutoffs: vec![LetterCutoff { letter: "A".into(), minimum: percent("90") }],
            issuance: Default::default(),
            institution: "Rivendell".into(),
            signatories: Vec::new(),
            categories: vec![category],
            activities: vec![activity("maps"), activity("essay")],
            grading: Default::default(),
        }
    }

    #[track_caller]
    fn assert_changes(change: impl FnOnce(&mut Course), expected: &[&str]) {
        let old = course();
        let mut new = course();
        change(&mut new);
        assert_eq!(definition_changes(&old, &new), expected);
    }

    #[test]
    fn every_change_that_can_move_a_grade_is_named() {
        assert_changes(|_| {}, &[]);
        assert_changes(|c| c.title = "B".into(), &["title 'A' -> 'B'"]);
        assert_changes(|c| c.institution = "Lórien".into(), &["institution 'Rivendell' -> 'Lórien'"]);
        assert_changes(|c| c.ends = None, &["end 2027-01-31T23:59:59Z -> none"]);
        assert_changes(|c| c.pass_threshold = percent("70"), &["pass threshold 80.0% -> 70.0%"]);
        assert_changes(|c| c.letter_cutoffs[0].minimum = percent("92"), &["letter cutoffs A 90.0% -> A 92.0%"]);
        assert_changes(
            |c| {
                c.activities[0].max_points = Points::from_hundredths(2000);
                c.activities[0].weight = 5.0;
            },
            &["maps max points 10 -> 20", "weight of maps 1 -> 5"],
        );
        assert_changes(
            |c| {
                c.categories[0].weight = 50.0;
                c.categories[0].drop_lowest = 1;
            },
            &["weight of category weekly 100 -> 50", "lowest scores dropped in weekly 0 -> 1"],
        );
        assert_changes(|c| c.grading = crate::domain::GradingRule::OpenEdx, &["grading rule certdesk -> openedx"]);
    }
}
