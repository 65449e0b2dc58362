//! The categories and activities of `course.toml`: their ids, weights and references, read in
//! one pass that reports every problem, and the check that a grade has some weight to stand on.

use std::collections::{HashMap, HashSet};

use toml::Spanned;

use super::{ActivityFile, ActivitySpec, CategoryFile, Checker, IMPLICIT_CATEGORY};
use crate::domain::{Activity, Category, GradingRule, Points};
use crate::import::problem::Problem;

/// The largest weight a course file may give: weights count against each other (30 and 70
/// weigh as 3 and 7), and sums of weights near the largest number a float holds overflowed,
/// every grade 0.0%.
const MAX_WEIGHT: f64 = 1_000_000.0;

/// What a weight must be, as a refusal says it.
const WEIGHT_RULE: &str =
    "the weight must be a number from 0 to 1000000 (weights count against each other: 30 and 70 weigh as 3 and 7)";

pub(super) fn categories(checker: &mut Checker, entries: &[Spanned<CategoryFile>]) -> Vec<Category> {
    let mut seen = HashSet::new();
    let mut categories = Vec::new();
    for entry in entries {
        let category = entry.get_ref();
        let Some(id_at) = category.id.as_ref().filter(|id| !id.get_ref().trim().is_empty()) else {
            checker.report(entry, "category.id", "a category needs an id");
            continue;
        };
        let id = id_at.get_ref().trim();
        if !seen.insert(id.to_string()) {
            checker.report(id_at, "category.id", format!("category '{id}' is defined twice"));
        }
        let weight = category.weight.as_ref().map_or(1.0, |weight| *weight.get_ref());
        if let Some(at) = &category.weight
            && !(0.0..=MAX_WEIGHT).contains(&weight)
        {
            checker.report(at, "category.weight", format!("category '{id}': {WEIGHT_RULE}"));
        }
        let mut count = |value: &Option<Spanned<i64>>, key: &str| {
            let number = value.as_ref().map_or(0, |number| *number.get_ref());
            if let Some(at) = value
                && !(0..=i64::from(u32::MAX)).contains(&number)
            {
                checker.report(at, key, format!("category '{id}': {} must be 0 or more", &key[9..]));
            }
            number.clamp(0, i64::from(u32::MAX)) as u32
        };
        let drop_lowest = count(&category.drop_lowest, "category.drop_lowest");
        let min_count = count(&category.min_count, "category.min_count");
        categories.push(Category {
            id: id.to_string(),
            title: category.title.clone().unwrap_or_else(|| id.to_string()),
            weight,
            drop_lowest,
            min_count,
        });
    }
    categories
}

/// The `[[activity]]` entries. `beside_export`: the file goes with a platform export, whose item
/// of the same id supplies a category and `max_points` the entry leaves out; a course folder's
/// must state them.
pub(super) fn activities(
    checker: &mut Checker,
    entries: &[Spanned<ActivityFile>],
    categories: &[Category],
    beside_export: bool,
) -> Vec<ActivitySpec> {
    let mut seen = HashSet::new();
    let mut activities = Vec::new();
    let mut unknown = unknown_categories(entries, categories);
    for entry in entries {
        let activity = entry.get_ref();
        let Some(id_at) = activity.id.as_ref().filter(|id| !id.get_ref().trim().is_empty()) else {
            checker.report(entry, "activity.id", "an activity needs an id");
            continue;
        };
        let id = id_at.get_ref().trim();
        if id.eq_ignore_ascii_case("username") || id.contains([',', '"']) {
            checker.report(
                id_at,
                "activity.id",
                format!("'{id}' cannot be an activity id: it would not fit a grades.csv header"),
            );
        }
        if !seen.insert(id.to_lowercase()) {
            checker.report(id_at, "activity.id", format!("activity '{id}' is defined twice"));
        }
        let category = match (&activity.category, categories.is_empty()) {
            (None, true) => IMPLICIT_CATEGORY.to_string(),
            (None, false) if beside_export => String::new(),
            (None, false) => {
                checker.report(entry, "activity.category", format!("activity '{id}' needs a category"));
                continue;
            }
            (Some(category), _) if categories.iter().any(|known| known.id == *category.get_ref()) => {
                category.get_ref().clone()
            }
            (Some(category), _) => {
                // Said once, where the category is first named, with every activity naming it.
                if let Some(message) = unknown.remove(category.get_ref()) {
                    checker.report(category, "activity.category", message);
                }
                continue;
            }
        };
        let max_points = match &activity.max_points {
            None if beside_export => None,
            None => {
                checker.report(entry, "activity.max_points", format!("activity '{id}' needs max_points"));
                continue;
            }
            Some(max_at) => Some(max_at),
        };
        let max_points = match max_points.map(|max_at| (max_at, max_at.get_ref().to_string().parse::<Points>())) {
            None => Points::ZERO,
            Some((_, Ok(points))) if points > Points::ZERO => points,
            Some((max_at, Ok(_))) => {
                checker.report(max_at, "activity.max_points", format!("activity '{id}': max_points must be above 0"));
                continue;
            }
            Some((max_at, Err(error))) => {
                checker.report(max_at, "activity.max_points", format!("activity '{id}': {error}"));
                continue;
            }
        };
        let weight = activity.weight.as_ref().map_or(1.0, |weight| *weight.get_ref());
        if let Some(at) = &activity.weight
            && !(0.0..=MAX_WEIGHT).contains(&weight)
        {
            checker.report(at, "activity.weight", format!("activity '{id}': {WEIGHT_RULE}"));
        }
        activities.push(ActivitySpec {
            activity: Activity {
                id: id.to_string(),
                title: activity.title.clone().unwrap_or_else(|| id.to_string()),
                category,
                max_points,
                weight,
                platform_id: None,
            },
            title_given: activity.title.is_some(),
            category_given: activity.category.is_some(),
            max_points_given: activity.max_points.is_some(),
            weight_given: activity.weight.is_some(),
        });
    }
    activities
}

/// What to say of each category the activities name that `categories` lacks: one sentence per
/// category, naming the activities that use it, since one slip is often copied to every activity.
fn unknown_categories(entries: &[Spanned<ActivityFile>], categories: &[Category]) -> HashMap<String, String> {
    let mut users: Vec<(&str, Vec<&str>)> = Vec::new();
    for activity in entries.iter().map(Spanned::get_ref) {
        let (Some(id), Some(category)) = (&activity.id, &activity.category) else { continue };
        let (id, category) = (id.get_ref().trim(), category.get_ref().as_str());
        if id.is_empty() || categories.iter().any(|known| known.id == category) {
            continue;
        }
        match users.iter_mut().find(|(name, _)| *name == category) {
            Some((_, ids)) => ids.push(id),
            None => users.push((category, vec![id])),
        }
    }
    let known: Vec<&str> = categories.iter().map(|category| category.id.as_str()).collect();
    users
        .into_iter()
        .map(|(category, ids)| {
            // A short id is two slips from too many others for a guess to help.
            let meant = crate::domain::spelling::closest(category, &known).filter(|_| category.chars().count() > 3);
            let hint = meant.map(|id| format!(" (did you mean '{id}'?)")).unwrap_or_default();
            let message = match ids.as_slice() {
                [id] => format!("activity '{id}': unknown category '{category}'{hint}"),
                _ => {
                    const SHOWN: usize = 10;
                    let named = crate::domain::first_of(ids.iter().map(|id| format!("'{id}'")), SHOWN);
                    format!("unknown category '{category}'{hint}, named by {} activities: {named}", ids.len())
                }
            };
            (category.to_string(), message)
        })
        .collect()
}

/// A grade needs some weight: a category with activities and a weight above 0, and within
/// each weighted category some activity weight above 0. Under Open edX's rule, which takes the
/// weights as the fractions of the grade they are, they cannot add up to more than the whole.
pub fn check_weights(file: &str, categories: &[Category], activities: &[Activity], rule: GradingRule) -> Vec<Problem> {
    let mut problems = Vec::new();
    if activities.is_empty() {
        return problems;
    }
    let total: f64 = categories.iter().map(|category| category.weight).sum();
    // A grading policy's fractions, such as 0.3 + 0.2 + 0.5, may add up to a hair above 1.
    if rule == GradingRule::OpenEdx && total > 1.0 + 1e-6 {
        let weights: Vec<String> =
            categories.iter().map(|category| format!("{} {}", category.id, category.weight)).collect();
        problems.push(Problem::new(
            file,
            None,
            Some("category.weight"),
            format!(
                "the category weights ({}) add up to {total}, but Open edX's rule (grading = \"openedx\") takes each weight as the fraction of the grade it is, as grading_policy.json writes them (0.3 for 30%), so every learner would reach 100%: write them as fractions that add up to 1, or set grading = \"certdesk\", whose rule divides by their sum",
                weights.join(", ")
            ),
        ));
    }
    let mut any_weight = false;
    for category in categories {
        let members = activities.iter().filter(|activity| activity.category == category.id);
        let (count, weight): (usize, f64) = members.fold((0, 0.0), |(n, w), a| (n + 1, w + a.weight));
        if count > 0 && category.weight > 0.0 {
            any_weight = true;
            if weight <= 0.0 {
                problems.push(Problem::new(
                    file,
                    None,
                    Some("activity.weight"),
                    format!(
                        "every activity of category '{}' has weight 0, so the category cannot be graded",
                        category.id
                    ),
                ));
            }
        }
    }
    if !any_weight {
        problems.push(Problem::new(
            file,
            None,
            Some("category.weight"),
            "no category with activities has a weight above 0, so no grade can be computed",
        ));
    }
    problems
}
