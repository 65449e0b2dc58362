//! The course: its identity, dates, pass rules, and the graded activities in weighted categories.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::numbers::{Percent, Points};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    /// A slug: lowercase letters, digits and dashes (see `is_valid_slug`).
    pub id: String,
    pub title: String,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::optional")]
    pub starts: Option<Timestamp>,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::optional")]
    pub ends: Option<Timestamp>,
    pub pass_threshold: Percent,
    /// Highest minimum first; a learner gets the first letter whose minimum they reach.
    pub letter_cutoffs: Vec<LetterCutoff>,
    pub issuance: IssuancePolicy,
    pub institution: String,
    pub signatories: Vec<Signatory>,
    pub categories: Vec<Category>,
    /// In the order of the course folder; scores are stored in this order.
    pub activities: Vec<Activity>,
    /// How the grade is computed from the scores.
    pub grading: GradingRule,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterCutoff {
    pub letter: String,
    pub minimum: Percent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    pub name: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub title: String,
    /// Any non-negative number; weights are normalised by their sum.
    pub weight: f64,
    /// How many of the category's lowest scores do not count.
    pub drop_lowest: u32,
    /// Open Edx rule only: the category averages over at least this many scores, the
    /// missing ones counting 0 (edX's `min_count`: subsections not yet released).
    pub min_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: String,
    pub title: String,
    pub category: String,
    pub max_points: Points,
    /// Weight within its category (1 unless the course folder says otherwise).
    pub weight: f64,
    /// The platform's own id of the item (Canvas's assignment id), which stays when the item is
    /// renamed and so gets another `id`: a re-import matches the activity by it.
    pub platform_id: Option<String>,
}

/// When a passing learner gets a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum IssuancePolicy {
    /// Only once the grade is final.
    #[default]
    Final,
    /// As soon as the threshold is reached; such a certificate is marked provisional.
    Threshold,
}

impl IssuancePolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            IssuancePolicy::Final => "final",
            IssuancePolicy::Threshold => "threshold",
        }
    }
}

impl fmt::Display for IssuancePolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for IssuancePolicy {
    type Err = String;

    fn from_str(text: &str) -> Result<IssuancePolicy, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "final" => Ok(IssuancePolicy::Final),
            "threshold" => Ok(IssuancePolicy::Threshold),
            _ => Err(format!("unknown issuance policy '{text}' (expected final or threshold)")),
        }
    }
}

/// Which platform's arithmetic turns scores into a grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum GradingRule {
    /// Weighted means, weights divided by their sum, rounded half-up to a tenth.
    #[default]
    Certdesk,
    /// Open edX: category means after drops, weights as given, rounded to a whole percent
    /// the way edX rounds before comparing with the cutoffs.
    OpenEdx,
}

impl GradingRule {
    pub fn as_str(self) -> &'static str {
        match self {
            GradingRule::Certdesk => "certdesk",
            GradingRule::OpenEdx => "openedx",
        }
    }
}

impl fmt::Display for GradingRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for GradingRule {
    type Err = String;

    fn from_str(text: &str) -> Result<GradingRule, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "certdesk" => Ok(GradingRule::Certdesk),
            "openedx" | "open edx" | "edx" => Ok(GradingRule::OpenEdx),
            _ => Err(format!("unknown grading rule '{text}' (expected certdesk or openedx)")),
        }
    }
}

impl Course {
    pub fn activity_index(&self, activity_id: &str) -> Option<usize> {
        self.activities.iter().position(|activity| activity.id == activity_id)
    }

    /// True once the course's end date has passed: missing work then counts as zero, finally.
    pub fn has_ended(&self, now: Timestamp) -> bool {
        self.ends.is_some_and(|ends| now >= ends)
    }

    pub fn letter_for(&self, percent: Percent) -> Option<&str> {
        self.letter_cutoffs.iter().find(|cutoff| percent >= cutoff.minimum).map(|cutoff| cutoff.letter.as_str())
    }

    pub fn passes(&self, percent: Percent) -> bool {
        percent >= self.pass_threshold
    }
}

/// Course ids are slugs so they can appear in keys, file names and URLs unchanged.
pub fn is_valid_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !id.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for good in ["middle-earth-101", "a", "cs_50"] {
            assert!(is_valid_slug(good), "{good} should be a slug");
        }
        for bad in ["", "Middle", "a b", "-x", "a/b", "é", &"x".repeat(65)] {
            assert!(!is_valid_slug(bad), "{bad} should not be a slug");
        }
    }

    #[test]
    fn grading_rule_parses_and_prints() {
        assert_eq!("openedx".parse(), Ok(GradingRule::OpenEdx));
        assert_eq!("Certdesk".parse(), Ok(GradingRule::Certdesk));
        assert!("canvas".parse::<GradingRule>().is_err());
        assert_eq!(GradingRule::OpenEdx.to_string(), "openedx");
    }

    #[test]
    fn issuance_policy_parses_case_insensitively() {
        assert_eq!("Threshold".parse(), Ok(IssuancePolicy::Threshold));
        assert_eq!("final".parse(), Ok(IssuancePolicy::Final));
        assert!("sometimes".parse::<IssuancePolicy>().is_err());
    }
}
