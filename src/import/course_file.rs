//! `course.toml`: the course, its pass rules, categories and activities.
//!
//! Every field is read as optional and checked by hand, so that one pass reports every
//! missing or invalid field with its line, rather than stopping at the first.

use std::collections::{BTreeMap, HashSet};

use jiff::Timestamp;
use serde::Deserialize;
use toml::Spanned;

use super::problem::{Problem, line_of};
use crate::domain::course::is_valid_slug;
use crate::domain::{Activity, Category, Course, IssuancePolicy, LetterCutoff, Percent, Points, Signatory};

pub const FILE: &str = "course.toml";

/// The category activities belong to when the course defines none.
const IMPLICIT_CATEGORY: &str = "all";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseFile {
    id: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    starts: Option<Spanned<toml::Value>>,
    ends: Option<Spanned<toml::Value>>,
    pass_threshold: Option<Spanned<f64>>,
    issuance: Option<Spanned<String>>,
    #[serde(default)]
    letter_cutoffs: BTreeMap<String, Spanned<f64>>,
    #[serde(default)]
    institution: String,
    #[serde(default, rename = "signatory")]
    signatories: Vec<Spanned<SignatoryFile>>,
    #[serde(default, rename = "category")]
    categories: Vec<Spanned<CategoryFile>>,
    #[serde(default, rename = "activity")]
    activities: Vec<Spanned<ActivityFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignatoryFile {
    name: Option<String>,
    #[serde(default)]
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    id: Option<Spanned<String>>,
    title: Option<String>,
    weight: Option<Spanned<f64>>,
    drop_lowest: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivityFile {
    id: Option<Spanned<String>>,
    title: Option<String>,
    category: Option<Spanned<String>>,
    max_points: Option<Spanned<f64>>,
    weight: Option<Spanned<f64>>,
}

/// Collects problems with their lines while the file is read.
struct Checker<'a> {
    text: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn report<T>(&mut self, at: &Spanned<T>, key: &str, message: impl Into<String>) {
        let line = line_of(self.text, at.span().start);
        self.problems.push(Problem::new(FILE, Some(line), Some(key), message));
    }

    fn missing(&mut self, key: &str) {
        self.problems.push(Problem::new(FILE, None, Some(key), "missing required field"));
    }

    fn required<'v, T>(&mut self, value: &'v Option<Spanned<T>>, key: &str) -> Option<&'v Spanned<T>> {
        if value.is_none() {
            self.missing(key);
        }
        value.as_ref()
    }

    fn timestamp(&mut self, value: &Option<Spanned<toml::Value>>, key: &str) -> Option<Timestamp> {
        let value = value.as_ref()?;
        let text = match value.get_ref() {
            toml::Value::Datetime(datetime) => datetime.to_string(),
            toml::Value::String(text) => text.clone(),
            _ => {
                self.report(value, key, "expected a date-time such as 2026-06-30T23:59:59Z");
                return None;
            }
        };
        match text.parse::<Timestamp>() {
            Ok(timestamp) => Some(timestamp),
            Err(_) => {
                self.report(
                    value,
                    key,
                    format!("'{text}' is not an RFC 3339 date-time with an offset, such as 2026-06-30T23:59:59Z"),
                );
                None
            }
        }
    }

    fn percent(&mut self, value: &Spanned<f64>, key: &str) -> Option<Percent> {
        match Percent::try_from(*value.get_ref()) {
            Ok(percent) => Some(percent),
            Err(error) => {
                self.report(
                    value,
                    key,
                    format!("{error}: expected a percentage from 0 to 100 with at most one decimal"),
                );
                None
            }
        }
    }
}

pub fn parse(text: &str) -> Result<Course, Vec<Problem>> {
    let file: CourseFile = toml::from_str(text).map_err(|error| {
        let line = error.span().map(|span| line_of(text, span.start));
        vec![Problem::new(FILE, line, None, error.message().trim().to_string())]
    })?;
    let mut checker = Checker { text, problems: Vec::new() };

    let id = checker.required(&file.id, "id").and_then(|id| {
        if is_valid_slug(id.get_ref()) {
            Some(id.get_ref().clone())
        } else {
            checker.report(
                id,
                "id",
                format!("'{}' is not a course id: use lowercase letters, digits, '-' and '_'", id.get_ref()),
            );
            None
        }
    });
    let title = checker.required(&file.title, "title").map(|title| title.get_ref().trim().to_string());
    let starts = checker.timestamp(&file.starts, "starts");
    let ends = checker.timestamp(&file.ends, "ends");
    if let (Some(starts), Some(ends), Some(at)) = (starts, ends, &file.ends)
        && ends <= starts
    {
        checker.report(at, "ends", "the course ends before it starts");
    }
    let pass_threshold = checker
        .required(&file.pass_threshold, "pass_threshold")
        .and_then(|threshold| checker.percent(threshold, "pass_threshold"));
    let issuance = match &file.issuance {
        None => Some(IssuancePolicy::default()),
        Some(text) => text.get_ref().parse().map_err(|message| checker.report(text, "issuance", message)).ok(),
    };
    let letter_cutoffs = letter_cutoffs(&mut checker, &file.letter_cutoffs);
    let signatories = signatories(&mut checker, &file.signatories);
    let mut categories = categories(&mut checker, &file.categories);
    let activities = activities(&mut checker, &file.activities, &categories);
    if categories.is_empty() {
        categories.push(Category {
            id: IMPLICIT_CATEGORY.to_string(),
            title: "All activities".to_string(),
            weight: 1.0,
            drop_lowest: 0,
        });
    }
    check_weights(&mut checker, &categories, &activities);

    match (id, title, pass_threshold, issuance, checker.problems.is_empty()) {
        (Some(id), Some(title), Some(pass_threshold), Some(issuance), true) => Ok(Course {
            id,
            title,
            starts,
            ends,
            pass_threshold,
            letter_cutoffs,
            issuance,
            institution: file.institution.trim().to_string(),
            signatories,
            categories,
            activities,
        }),
        _ => Err(checker.problems),
    }
}

fn letter_cutoffs(checker: &mut Checker, table: &BTreeMap<String, Spanned<f64>>) -> Vec<LetterCutoff> {
    let mut cutoffs: Vec<LetterCutoff> = table
        .iter()
        .filter_map(|(letter, minimum)| {
            let minimum = checker.percent(minimum, &format!("letter_cutoffs.{letter}"))?;
            Some(LetterCutoff { letter: letter.clone(), minimum })
        })
        .collect();
    cutoffs.sort_by(|a, b| b.minimum.cmp(&a.minimum).then_with(|| a.letter.cmp(&b.letter)));
    cutoffs
}

fn signatories(checker: &mut Checker, entries: &[Spanned<SignatoryFile>]) -> Vec<Signatory> {
    entries
        .iter()
        .filter_map(|entry| match &entry.get_ref().name {
            Some(name) if !name.trim().is_empty() => {
                Some(Signatory { name: name.trim().to_string(), title: entry.get_ref().title.trim().to_string() })
            }
            _ => {
                checker.report(entry, "signatory.name", "a signatory needs a name");
                None
            }
        })
        .collect()
}

fn categories(checker: &mut Checker, entries: &[Spanned<CategoryFile>]) -> Vec<Category> {
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
            && !(weight.is_finite() && weight >= 0.0)
        {
            checker.report(at, "category.weight", format!("category '{id}': the weight must be a number of 0 or more"));
        }
        let drop_lowest = category.drop_lowest.as_ref().map_or(0, |drop| *drop.get_ref());
        if let Some(at) = &category.drop_lowest
            && !(0..=i64::from(u32::MAX)).contains(&drop_lowest)
        {
            checker.report(at, "category.drop_lowest", format!("category '{id}': drop_lowest must be 0 or more"));
        }
        categories.push(Category {
            id: id.to_string(),
            title: category.title.clone().unwrap_or_else(|| id.to_string()),
            weight,
            drop_lowest: drop_lowest.clamp(0, i64::from(u32::MAX)) as u32,
        });
    }
    categories
}

fn activities(checker: &mut Checker, entries: &[Spanned<ActivityFile>], categories: &[Category]) -> Vec<Activity> {
    if entries.is_empty() {
        checker.problems.push(Problem::new(FILE, None, Some("activity"), "the course has no [[activity]]"));
    }
    let mut seen = HashSet::new();
    let mut activities = Vec::new();
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
            (None, false) => {
                checker.report(entry, "activity.category", format!("activity '{id}' needs a category"));
                continue;
            }
            (Some(category), _) if categories.iter().any(|known| known.id == *category.get_ref()) => {
                category.get_ref().clone()
            }
            (Some(category), _) => {
                checker.report(
                    category,
                    "activity.category",
                    format!("activity '{id}': unknown category '{}'", category.get_ref()),
                );
                continue;
            }
        };
        let Some(max_at) = &activity.max_points else {
            checker.report(entry, "activity.max_points", format!("activity '{id}' needs max_points"));
            continue;
        };
        let max_points = match max_at.get_ref().to_string().parse::<Points>() {
            Ok(points) if points > Points::ZERO => points,
            Ok(_) => {
                checker.report(max_at, "activity.max_points", format!("activity '{id}': max_points must be above 0"));
                continue;
            }
            Err(error) => {
                checker.report(max_at, "activity.max_points", format!("activity '{id}': {error}"));
                continue;
            }
        };
        let weight = activity.weight.as_ref().map_or(1.0, |weight| *weight.get_ref());
        if let Some(at) = &activity.weight
            && !(weight.is_finite() && weight >= 0.0)
        {
            checker.report(at, "activity.weight", format!("activity '{id}': the weight must be a number of 0 or more"));
        }
        activities.push(Activity {
            id: id.to_string(),
            title: activity.title.clone().unwrap_or_else(|| id.to_string()),
            category,
            max_points,
            weight,
        });
    }
    activities
}

/// A grade needs some weight: a category with activities and a weight above 0, and within
/// each weighted category some activity weight above 0.
fn check_weights(checker: &mut Checker, categories: &[Category], activities: &[Activity]) {
    if activities.is_empty() {
        return;
    }
    let mut any_weight = false;
    for category in categories {
        let members = activities.iter().filter(|activity| activity.category == category.id);
        let (count, weight): (usize, f64) = members.fold((0, 0.0), |(n, w), a| (n + 1, w + a.weight));
        if count > 0 && category.weight > 0.0 {
            any_weight = true;
            if weight <= 0.0 {
                checker.problems.push(Problem::new(
                    FILE,
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
        checker.problems.push(Problem::new(
            FILE,
            None,
            Some("category.weight"),
            "no category with activities has a weight above 0, so no grade can be computed",
        ));
    }
}
