//! Where certdesk and the platform disagree: for each learner whose export carries the
//! platform's own grade (edX `Grade`, Canvas `Final Score`, Moodle `Course total`, Chamilo
//! `TOTAL`) or eligibility (edX `Certificate Eligible`), whether certdesk's figure could be
//! the same number. Each figure stands for the interval of true percentages that would print
//! as it does, so rounding alone is never a disagreement.

use std::collections::HashMap;

use jiff::Timestamp;
use serde::Serialize;

use super::build::Verdict;
use super::numbers::Figure;
use crate::domain::{Course, Enrollment, Exception, GradingRule, GradingScheme, Percent, eligibility};

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Agreement {
    pub compared: usize,
    pub agree: usize,
    pub differ: Vec<GradeDifference>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradeDifference {
    pub username: String,
    /// The platform's percent as it printed it.
    pub platform: f64,
    pub certdesk: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EligibilityAgreement {
    pub compared: usize,
    pub agree: usize,
    pub differ: Vec<EligibilityDifference>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EligibilityDifference {
    pub username: String,
    pub platform: bool,
    pub certdesk: bool,
    /// Why certdesk would not certify, when it would not.
    pub reason: Option<String>,
}

/// The figure certdesk's percent stands for under the course's rule.
fn certdesk_figure(rule: GradingRule, percent: Percent) -> Figure {
    match rule {
        GradingRule::Certdesk => Figure::rounded(percent.as_f64(), 1),
        GradingRule::OpenEdx => Figure::open_edx(percent.as_f64()),
    }
}

pub struct Exceptions<'a> {
    pub allowlist: &'a HashMap<String, Exception>,
    pub invalidations: &'a HashMap<String, Exception>,
}

/// Compares certdesk's grades of `enrollments` with the platform's verdicts; `None` where
/// the export carries no such figure.
pub fn compare(
    course: &Course,
    enrollments: &[Enrollment],
    verdicts: &HashMap<String, Verdict>,
    exceptions: &Exceptions,
    now: Timestamp,
) -> (Option<Agreement>, Option<EligibilityAgreement>) {
    let scheme = GradingScheme::new(course, now);
    let mut grades = Agreement::default();
    let mut eligible = EligibilityAgreement::default();
    let (mut any_grade, mut any_eligibility) = (false, false);
    for enrollment in enrollments {
        let Some(verdict) = verdicts.get(&enrollment.username) else { continue };
        let grade = scheme.grade(&enrollment.scores);
        if let Some(platform) = verdict.grade {
            any_grade = true;
            grades.compared += 1;
            if certdesk_figure(course.grading, grade.percent).overlaps(&platform) {
                grades.agree += 1;
            } else {
                grades.differ.push(GradeDifference {
                    username: enrollment.username.clone(),
                    platform: platform.percent,
                    certdesk: grade.percent.as_f64(),
                });
            }
        }
        if let Some(platform) = verdict.eligible {
            any_eligibility = true;
            eligible.compared += 1;
            let allowed = exceptions.allowlist.contains_key(&enrollment.username);
            let invalidated = exceptions.invalidations.contains_key(&enrollment.username);
            let verdict = eligibility(course, enrollment, &grade, allowed, invalidated);
            if verdict.is_ok() == platform {
                eligible.agree += 1;
            } else {
                eligible.differ.push(EligibilityDifference {
                    username: enrollment.username.clone(),
                    platform,
                    certdesk: verdict.is_ok(),
                    reason: verdict.err().map(|reason| reason.label()),
                });
            }
        }
    }
    (any_grade.then_some(grades), any_eligibility.then_some(eligible))
}
