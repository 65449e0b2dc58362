//! Open edX's `grading_policy.json` from a course export (policies/<run>/grading_policy.json):
//! `GRADER` entries with `type`, `short_label`, `min_count`, `drop_count`, `weight`, and
//! `GRADE_CUTOFFS`, letter -> lowest fraction. It becomes the categories (drop-lowest, weights
//! as given, min_count), the letters, and the pass threshold (the lowest cutoff).

use serde_json::Value;

use super::Problem;
use crate::domain::{LetterCutoff, Percent};

#[derive(Debug, Clone, PartialEq)]
pub struct Grader {
    pub kind: String,
    pub short_label: Option<String>,
    pub min_count: u32,
    pub drop_count: u32,
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GradingPolicy {
    pub graders: Vec<Grader>,
    /// Highest first.
    pub cutoffs: Vec<LetterCutoff>,
}

impl GradingPolicy {
    /// The grader an edX column names: by type (course grade report) or short label (older).
    pub fn grader(&self, name: &str) -> Option<&Grader> {
        self.graders
            .iter()
            .find(|grader| grader.kind == name)
            .or_else(|| self.graders.iter().find(|grader| grader.short_label.as_deref() == Some(name)))
    }

    pub fn lowest_cutoff(&self) -> Option<Percent> {
        self.cutoffs.iter().map(|cutoff| cutoff.minimum).min()
    }
}

/// Line and column of the `nth` occurrence of `needle` at or after `from`, for messages
/// about a value serde_json read without positions.
fn position_of(text: &str, needle: &str, from: usize, nth: usize) -> (u64, u64) {
    let mut at = from.min(text.len());
    for _ in 0..=nth {
        match text[at..].find(needle) {
            Some(found) => at += found + needle.len(),
            None => return (1, 1),
        }
    }
    let start = at - needle.len();
    let line = text[..start].bytes().filter(|&b| b == b'\n').count() as u64 + 1;
    let line_start = text[..start].rfind('\n').map_or(0, |newline| newline + 1);
    (line, text[line_start..start].chars().count() as u64 + 1)
}

pub fn parse(file: &str, text: &str) -> Result<GradingPolicy, Vec<Problem>> {
    let value: Value = serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).map_err(|error| {
        let text = error.to_string();
        let what = text.rsplit_once(" at line ").map_or(text.as_str(), |(what, _)| what);
        vec![Problem::at(file, error.line() as u64, error.column() as u64, None, format!("not valid JSON: {what}"))]
    })?;
    let mut problems = Vec::new();
    let mut report = |needle: &str, from: usize, nth: usize, key: &str, message: String| {
        let (line, column) = position_of(text, needle, from, nth);
        problems.push(Problem::at(file, line, column, Some(key), message));
    };
    let grader_start = text.find("\"GRADER\"").unwrap_or(0);
    let mut graders = Vec::new();
    match value.get("GRADER").and_then(Value::as_array) {
        None => report("{", 0, 0, "GRADER", "missing: the policy needs a GRADER list".to_string()),
        Some(entries) => {
            for (index, entry) in entries.iter().enumerate() {
                let kind = entry.get("type").and_then(Value::as_str).map(str::trim).filter(|kind| !kind.is_empty());
                let Some(kind) = kind else {
                    report("{", grader_start, index, "GRADER.type", format!("entry {} has no type", index + 1));
                    continue;
                };
                let number = |key: &str| {
                    entry.get(key).and_then(|value| value.as_f64().or_else(|| value.as_str()?.parse().ok()))
                };
                let count = |key: &str| number(key).filter(|n| *n >= 0.0 && n.fract() == 0.0).map(|n| n as u32);
                let weight = number("weight");
                let (min_count, drop_count) = (count("min_count"), count("drop_count"));
                for (key, ok) in [
                    ("weight", weight.is_some_and(|w| w >= 0.0)),
                    ("min_count", min_count.is_some()),
                    ("drop_count", drop_count.is_some()),
                ] {
                    if !ok {
                        report(
                            "\"type\"",
                            grader_start,
                            index,
                            &format!("GRADER.{key}"),
                            format!("type '{kind}': {key} must be a number of 0 or more"),
                        );
                    }
                }
                graders.push(Grader {
                    kind: kind.to_string(),
                    short_label: entry.get("short_label").and_then(Value::as_str).map(str::to_string),
                    min_count: min_count.unwrap_or(0),
                    drop_count: drop_count.unwrap_or(0),
                    weight: weight.unwrap_or(0.0),
                });
            }
        }
    }
    let mut cutoffs = Vec::new();
    match value.get("GRADE_CUTOFFS").and_then(Value::as_object) {
        None => report("{", 0, 0, "GRADE_CUTOFFS", "missing: the policy needs GRADE_CUTOFFS".to_string()),
        Some(table) => {
            for (letter, fraction) in table {
                let needle = format!("\"{letter}\"");
                match fraction.as_f64().map(|f| Percent::try_from(f * 100.0)) {
                    Some(Ok(minimum)) => cutoffs.push(LetterCutoff { letter: letter.clone(), minimum }),
                    _ => report(
                        &needle,
                        text.find("\"GRADE_CUTOFFS\"").unwrap_or(0),
                        0,
                        "GRADE_CUTOFFS",
                        format!(
                            "cutoff '{letter}' must be a fraction from 0 to 1 with at most 3 decimals, such as 0.5"
                        ),
                    ),
                }
            }
        }
    }
    cutoffs.sort_by(|a, b| b.minimum.cmp(&a.minimum).then_with(|| a.letter.cmp(&b.letter)));
    if problems.is_empty() { Ok(GradingPolicy { graders, cutoffs }) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_reads_and_a_bad_one_is_located() {
        let text = r#"{"GRADER": [{"type": "Homework", "short_label": "HW", "min_count": 12, "drop_count": 2, "weight": 0.15},
 {"type": "Final Exam", "short_label": "Final", "min_count": 1, "drop_count": 0, "weight": 0.4}],
 "GRADE_CUTOFFS": {"Pass": 0.5, "A": 0.9}}"#;
        let policy = parse("p.json", text).expect("valid");
        assert_eq!(policy.graders[0].drop_count, 2);
        assert_eq!(policy.grader("Final").map(|g| g.kind.as_str()), Some("Final Exam"));
        assert_eq!(policy.lowest_cutoff(), Percent::from_tenths(500));
        assert_eq!(policy.cutoffs[0].letter, "A");
        let bad = text.replace("\"weight\": 0.4", "\"weight\": \"heavy\"");
        let problems: Vec<String> =
            parse("p.json", &bad).expect_err("bad weight").iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            ["p.json:2:3: key 'GRADER.weight': type 'Final Exam': weight must be a number of 0 or more"]
        );
        let broken = parse("p.json", "{\"GRADER\": [").expect_err("truncated");
        assert_eq!(broken[0].to_string(), "p.json:1:12: not valid JSON: EOF while parsing a list");
    }
}
