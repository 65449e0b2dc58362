//! What a change to a learner (a score, a re-import) does to the certificate they hold: it
//! may no longer say what is true (stale), or no longer be deserved (below the threshold now).

use jiff::Timestamp;
use serde::Serialize;

use super::certificate::{Ledger, Staleness};
use super::code::Code;
use super::course::Course;
use super::eligibility::{Ineligible, eligibility};
use super::grading::GradingScheme;
use super::learner::Enrollment;
use super::numbers::Percent;

/// A learner as graded under one version of their course.
pub struct LearnerAt<'a> {
    pub course: &'a Course,
    pub enrollment: &'a Enrollment,
    pub allowlisted: bool,
    pub invalidated: bool,
}

/// A certificate in force that a change left stale or undeserved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateImpact {
    pub username: String,
    pub code: Code,
    /// The percent the certificate states.
    pub certified: Percent,
    /// The learner's percent before the change, and after it.
    pub before: Percent,
    pub after: Percent,
    /// How the certificate differs from the learner now (`92.0% -> 84.0%`); `None` when it
    /// still says what is true.
    pub stale: Option<String>,
    /// Why the learner would not be issued it now (`below_threshold`); `None` when they would.
    pub not_eligible: Option<Ineligible>,
}

impl CertificateImpact {
    /// `frodo: certificate 7KQ2-M9XD-4TPA is now stale (92.0% -> 20.0%, letter A -> -) and no
    /// longer deserved (below threshold)`
    pub fn describe(&self) -> String {
        self.describe_as("is now")
    }

    /// The same with another verb: `would be` for a change not made yet.
    pub fn describe_as(&self, verb: &str) -> String {
        format!("{}: {}", self.username, self.consequence_as(verb))
    }

    /// What became of the certificate: `certificate 7KQ2-M9XD-4TPA is now stale (92.0% ->
    /// 84.0%) and no longer deserved (below threshold)`.
    pub fn consequence(&self) -> String {
        self.consequence_as("is now")
    }

    pub fn consequence_as(&self, verb: &str) -> String {
        let mut parts = Vec::new();
        if let Some(stale) = &self.stale {
            parts.push(format!("stale ({stale})"));
        }
        if let Some(reason) = self.not_eligible {
            parts.push(format!("no longer deserved ({reason})"));
        }
        format!("certificate {} {verb} {}", self.code, parts.join(" and "))
    }
}

/// The certificate in force of `ledger`, when the change from `before` to `after` makes it
/// stale or undeserved, or changes how it is: a certificate that was already stale and
/// stays exactly as stale is no news. `None` without a certificate in force.
pub fn certificate_impact(
    ledger: &Ledger,
    before: &LearnerAt,
    after: &LearnerAt,
    now: Timestamp,
) -> Option<CertificateImpact> {
    let entry = ledger.active()?;
    let snapshot = &entry.certificate.snapshot;
    let judge = |side: &LearnerAt| {
        let grade = GradingScheme::new(side.course, now).grade(&side.enrollment.scores);
        let letter = side.course.letter_for(grade.percent);
        let staleness = Staleness::of(snapshot, &side.enrollment.full_name, side.enrollment.mode, &grade, letter);
        let eligible = eligibility(side.course, side.enrollment, &grade, side.allowlisted, side.invalidated);
        (grade.percent, staleness, eligible.err())
    };
    let (percent_before, stale_before, ineligible_before) = judge(before);
    let (percent_after, stale_after, ineligible_after) = judge(after);
    let news = stale_after != stale_before || ineligible_after != ineligible_before;
    let bad = stale_after.is_some() || ineligible_after.is_some();
    (news && bad).then(|| CertificateImpact {
        username: after.enrollment.username.clone(),
        code: entry.certificate.code,
        certified: snapshot.percent,
        before: percent_before,
        after: percent_after,
        stale: stale_after.map(|staleness| staleness.describe()),
        not_eligible: ineligible_after,
    })
}

/// What staff can do about `impacts` of `course_id`: regenerate the stale ones, revoke the
/// undeserved ones if they want (nothing revokes them by itself). `single` names the one
/// learner to regenerate instead of every stale certificate.
pub fn impact_advice(course_id: &str, impacts: &[CertificateImpact], single: bool) -> Vec<String> {
    let mut advice = Vec::new();
    let eligible = |impact: &&CertificateImpact| impact.not_eligible.is_none();
    if let Some(first) = impacts.iter().find(eligible) {
        let target = if single { first.username.clone() } else { "--stale".to_string() };
        advice.push(format!(
            "Replace the stale certificate{} with `certdesk regenerate {course_id} {target}` (`r` on the terminal application's certificates tab).",
            if impacts.iter().filter(eligible).count() == 1 { "" } else { "s" }
        ));
    }
    let undeserved: Vec<&CertificateImpact> = impacts.iter().filter(|impact| impact.not_eligible.is_some()).collect();
    match undeserved.as_slice() {
        [] => {}
        [one] => advice.push(format!(
            "A certificate no longer deserved stays valid until revoked (nothing revokes it by itself): `certdesk revoke {} --reason TEXT` if you want (`d` on the certificates tab revokes it as deleted).",
            one.code
        )),
        _ => advice.push(
            "Certificates no longer deserved stay valid until revoked (nothing revokes them by itself): `certdesk revoke CODE --reason TEXT` for each if you want (`d` on the certificates tab revokes one as deleted).".to_string(),
        ),
    }
    advice
}
