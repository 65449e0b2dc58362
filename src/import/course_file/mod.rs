//! `course.toml`: the course, its pass rules, grading rule, categories and activities.
//!
//! Every field is read as optional and checked by hand, so that one pass reports every
//! missing or invalid field with its line, rather than stopping at the first. Beside a
//! platform export the file may leave out what the export supplies (`parse_spec`).

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Deserialize;
use toml::Spanned;

pub use self::structure::check_weights;
use self::structure::{activities, categories};
use super::problem::{Problem, line_of};
use crate::domain::course::is_valid_slug;
use crate::domain::{Activity, Category, Course, GradingRule, IssuancePolicy, LetterCutoff, Mode, Percent, Signatory};

mod structure;
mod toml_words;

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
    grading: Option<Spanned<String>>,
    /// The mode of learners whose export gives none (Moodle, Canvas, Chamilo).
    mode: Option<Spanned<String>>,
    letter_cutoffs: Option<BTreeMap<String, Spanned<f64>>>,
    institution: Option<Spanned<String>>,
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
    min_count: Option<Spanned<i64>>,
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
    file: &'a str,
    text: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn report<T>(&mut self, at: &Spanned<T>, key: &str, message: impl Into<String>) {
        let line = line_of(self.text, at.span().start);
        self.problems.push(Problem::new(self.file, Some(line), Some(key), message));
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
                // jiff reads a date off the front of a date-time, so a time is looked for first.
                let has_time = text.contains(['T', 't', ' ']);
                let message = match (has_time, text.parse::<jiff::civil::DateTime>()) {
                    (true, Ok(_)) => format!(
                        "'{text}' has no offset, so no one knows where in the world it is: write {text}Z for UTC, or the offset (as {text}+01:00)"
                    ),
                    // A course ends at the end of its last day, and starts at the start of its first.
                    (false, Ok(_)) => {
                        let time = if key == "ends" { "23:59:59" } else { "00:00:00" };
                        format!(
                            "'{text}' is a date without a time: write {text}T{time}Z (UTC), or another time and offset"
                        )
                    }
                    (_, Err(_)) => {
                        format!("'{text}' is not an RFC 3339 date-time with an offset, such as 2026-06-30T23:59:59Z")
                    }
                };
                self.report(value, key, message);
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

/// What a course.toml states; beside a platform export any part may be missing.
#[derive(Debug, Clone, Default)]
pub struct CourseSpec {
    pub id: Option<String>,
    pub title: Option<String>,
    pub starts: Option<Timestamp>,
    pub ends: Option<Timestamp>,
    pub pass_threshold: Option<Percent>,
    pub issuance: Option<IssuancePolicy>,
    pub grading: Option<GradingRule>,
    /// The mode of learners whose export and roster give none.
    pub mode: Option<Mode>,
    /// `None` when the file has no `[letter_cutoffs]` table.
    pub letter_cutoffs: Option<Vec<LetterCutoff>>,
    pub institution: String,
    pub signatories: Vec<Signatory>,
    pub categories: Vec<Category>,
    pub activities: Vec<ActivitySpec>,
}

/// An `[[activity]]` with what it left out, which a platform export can supply for its item:
/// its title, the category of its group, what it is out of, and the weight the platform gives
/// it (its points in Moodle and Canvas). A course folder has no export to ask, so there the
/// defaults stand, and a category (where the file has categories) and `max_points` are required.
#[derive(Debug, Clone)]
pub struct ActivitySpec {
    pub activity: Activity,
    pub title_given: bool,
    pub category_given: bool,
    pub max_points_given: bool,
    pub weight_given: bool,
}

/// Reads a course.toml that may leave out anything; what it states must be valid.
pub fn parse_spec(text: &str, file: &str) -> Result<CourseSpec, Vec<Problem>> {
    let (spec, problems, _) = read_spec(text, file, true)?;
    if problems.is_empty() { Ok(spec) } else { Err(problems) }
}

/// A spec, every problem found in what the file states, and the required keys it leaves out.
type SpecReading = (CourseSpec, Vec<Problem>, Vec<&'static str>);

/// Reads what the file states (`beside_export`: with a platform export, which supplies what
/// an activity leaves out); `Err` only when the file is not TOML.
fn read_spec(text: &str, file: &str, beside_export: bool) -> Result<SpecReading, Vec<Problem>> {
    let placeholders = placeholders(text, file);
    let parsed: CourseFile = toml::from_str(text).map_err(|error| {
        if !placeholders.is_empty() {
            return placeholders.clone();
        }
        let line = error.span().map(|span| line_of(text, span.start));
        let (key, message) = toml_words::explain(text, error.span(), error.message().trim());
        vec![Problem::new(file, line, key.as_deref(), message)]
    })?;
    let mut checker = Checker { file, text, problems: placeholders };
    let id = parsed.id.as_ref().and_then(|id| {
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
    // Certificates name the course by its title: a blank one prints a certificate of nothing,
    // which `verify --file` then finds not authentic.
    if let Some(title) = &parsed.title
        && !title.get_ref().chars().any(char::is_alphanumeric)
    {
        checker.report(
            title,
            "title",
            "the title is empty: certificates name the course by it, so give the course's title",
        );
    }
    // Printed on every certificate and listed on every screen (the institution signed into
    // every credential too): a line break splits the listing, a bidi control turns the text
    // around on the page.
    for (text, key) in [(&parsed.title, "title"), (&parsed.institution, "institution")] {
        if let Some(text) = text
            && let Some(problem) = crate::domain::name::line_problem(text.get_ref(), key)
        {
            checker.report(text, key, problem);
        }
    }
    let starts = checker.timestamp(&parsed.starts, "starts");
    let ends = checker.timestamp(&parsed.ends, "ends");
    if let (Some(starts), Some(ends), Some(at)) = (starts, ends, &parsed.ends)
        && ends <= starts
    {
        checker.report(at, "ends", "the course ends before it starts");
    }
    let pass_threshold = parsed.pass_threshold.as_ref().and_then(|at| checker.percent(at, "pass_threshold"));
    let issuance = parsed
        .issuance
        .as_ref()
        .and_then(|text| text.get_ref().parse().map_err(|message| checker.report(text, "issuance", message)).ok());
    let grading = parsed
        .grading
        .as_ref()
        .and_then(|text| text.get_ref().parse().map_err(|message| checker.report(text, "grading", message)).ok());
    let mode = parsed
        .mode
        .as_ref()
        .and_then(|text| text.get_ref().parse().map_err(|message| checker.report(text, "mode", message)).ok());
    let letter_cutoffs = parsed.letter_cutoffs.as_ref().map(|table| letter_cutoffs(&mut checker, table));
    let signatories = signatories(&mut checker, &parsed.signatories);
    let categories = categories(&mut checker, &parsed.categories);
    let activities = activities(&mut checker, &parsed.activities, &categories, beside_export);
    let absent = [
        ("id", parsed.id.is_none()),
        ("title", parsed.title.is_none()),
        ("pass_threshold", parsed.pass_threshold.is_none()),
        ("activity", parsed.activities.is_empty()),
    ]
    .into_iter()
    .filter_map(|(key, absent)| absent.then_some(key))
    .collect();
    let spec = CourseSpec {
        id,
        title: parsed.title.map(|title| title.get_ref().trim().to_string()),
        starts,
        ends,
        pass_threshold,
        issuance,
        grading,
        mode,
        letter_cutoffs,
        institution: parsed.institution.as_ref().map_or_else(String::new, |name| name.get_ref().trim().to_string()),
        signatories,
        categories,
        activities,
    };
    Ok((spec, checker.problems, absent))
}

/// A draft's `"FILL IN"` values, which must not reach a certificate.
fn placeholders(text: &str, file: &str) -> Vec<Problem> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let value = line.split('#').next().unwrap_or("");
        if value.contains("\"FILL IN\"") {
            let key = value.split('=').next().unwrap_or("").trim();
            found.push(Problem::new(
                file,
                Some(number as u64 + 1),
                Some(key),
                "still \"FILL IN\": replace it with the course's value",
            ));
        }
    }
    found
}

/// Reads the course.toml of a course folder, which must state everything.
pub fn parse(text: &str) -> Result<Course, Vec<Problem>> {
    let (spec, found, absent) = read_spec(text, FILE, false)?;
    let mut problems: Vec<Problem> = absent
        .into_iter()
        .map(|key| match key {
            "activity" => Problem::new(FILE, None, Some(key), "the course has no [[activity]]"),
            _ => Problem::new(FILE, None, Some(key), "missing required field"),
        })
        .collect();
    problems.extend(found);
    let mut categories = spec.categories;
    if categories.is_empty() {
        categories.push(implicit_category());
    }
    let activities: Vec<Activity> = spec.activities.into_iter().map(|given| given.activity).collect();
    problems.extend(check_weights(FILE, &categories, &activities, spec.grading.unwrap_or_default()));
    match (spec.id, spec.title, spec.pass_threshold, problems.is_empty()) {
        (Some(id), Some(title), Some(pass_threshold), true) => Ok(Course {
            id,
            title,
            starts: spec.starts,
            ends: spec.ends,
            pass_threshold,
            letter_cutoffs: spec.letter_cutoffs.unwrap_or_default(),
            issuance: spec.issuance.unwrap_or_default(),
            institution: spec.institution,
            signatories: spec.signatories,
            categories,
            activities,
            grading: spec.grading.unwrap_or_default(),
        }),
        _ => Err(problems),
    }
}

/// The one category of a course whose activities name none.
pub fn implicit_category() -> Category {
    Category {
        id: IMPLICIT_CATEGORY.to_string(),
        title: "All activities".to_string(),
        weight: 1.0,
        drop_lowest: 0,
        min_count: 0,
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
                let title = &entry.get_ref().title;
                let problems =
                    [(name, "signatory's name", "signatory.name"), (title, "signatory's title", "signatory.title")]
                        .map(|(text, what, key)| {
                            crate::domain::name::line_problem(text, what).map(|problem| (key, problem))
                        });
                let mut refused = false;
                for (key, problem) in problems.into_iter().flatten() {
                    checker.report(entry, key, problem);
                    refused = true;
                }
                (!refused).then(|| Signatory { name: name.trim().to_string(), title: title.trim().to_string() })
            }
            _ => {
                checker.report(entry, "signatory.name", "a signatory needs a name");
                None
            }
        })
        .collect()
}
