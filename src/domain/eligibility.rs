//! Who may be certified, and why not.

use std::fmt;

use serde::Serialize;

use super::course::{Course, IssuancePolicy};
use super::grading::{Grade, GradeStatus};
use super::learner::{Enrollment, EnrollmentStatus};

/// Why a learner cannot be certified now. Ordered as reported in summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ineligible {
    Withdrawn,
    Audit,
    Invalidated,
    BelowThreshold,
    /// Passing, but the grade is not final and the course issues only on final grades.
    Provisional,
    /// Eligible, but the name has a character no font can draw (the first one).
    Unprintable(char),
    /// Eligible, but the certificate's page cannot be printed with the template its mode
    /// prints with (text overflowing its box, most likely a long course title).
    UnprintablePage,
}

impl Ineligible {
    /// The reason as a JSON key: `below_threshold`, or `unprintable:U+0D9A`.
    pub fn key(self) -> String {
        match self {
            Ineligible::Withdrawn => "withdrawn".into(),
            Ineligible::Audit => "audit".into(),
            Ineligible::Invalidated => "invalidated".into(),
            Ineligible::BelowThreshold => "below_threshold".into(),
            Ineligible::Provisional => "provisional".into(),
            Ineligible::Unprintable(c) => format!("unprintable:{}", super::shown::code_point(c)),
            Ineligible::UnprintablePage => "unprintable_page".into(),
        }
    }

    /// Whether the reason is the learner's standing (their mode, grade, enrollment or an
    /// invalidation), which a certificate issued before may no longer match; the rest are
    /// about printing a new page.
    pub fn is_about_the_learner(self) -> bool {
        !matches!(self, Ineligible::Unprintable(_) | Ineligible::UnprintablePage)
    }

    /// Whether allowing the learner (`certdesk allow`) would certify them: only when their
    /// grade keeps them out.
    pub fn allowlist_helps(self) -> bool {
        matches!(self, Ineligible::BelowThreshold | Ineligible::Provisional)
    }

    /// The reason as listings show it.
    pub fn label(self) -> String {
        match self {
            Ineligible::Withdrawn => "withdrawn".into(),
            Ineligible::Audit => "audit".into(),
            Ineligible::Invalidated => "invalidated".into(),
            Ineligible::BelowThreshold => "below threshold".into(),
            Ineligible::Provisional => "awaits a final grade".into(),
            Ineligible::Unprintable(c) => unprintable(c),
            Ineligible::UnprintablePage => "page cannot be printed with the template".into(),
        }
    }

    pub fn explain(self) -> String {
        match self {
            Ineligible::Withdrawn => "the learner has withdrawn from the course".into(),
            Ineligible::Audit => "audit learners are never certified".into(),
            Ineligible::Invalidated => "the learner has been invalidated for this course".into(),
            Ineligible::BelowThreshold => "the grade is below the pass threshold".into(),
            Ineligible::Provisional => {
                "the grade is provisional and the course issues certificates only on final grades".into()
            }
            Ineligible::Unprintable(c) => {
                format!("{}; add a font that has it with --fonts DIR", unprintable(c))
            }
            Ineligible::UnprintablePage => {
                "the certificate's page cannot be printed with the course's template; course staff must fix the template".into()
            }
        }
    }
}

fn unprintable(c: char) -> String {
    format!("name cannot be printed: no font has {}", super::shown::named_char(c))
}

impl fmt::Display for Ineligible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl Serialize for Ineligible {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

/// What keeps a learner from a certificate whatever their grade, the allowlist included:
/// withdrawn, in audit mode, or barred (`certdesk allow` says so of a learner it cannot help).
pub fn beyond_the_allowlist(enrollment: &Enrollment, invalidated: bool) -> Result<(), Ineligible> {
    if enrollment.status == EnrollmentStatus::Withdrawn {
        return Err(Ineligible::Withdrawn);
    }
    if !enrollment.mode.grants_certificate() {
        return Err(Ineligible::Audit);
    }
    if invalidated {
        return Err(Ineligible::Invalidated);
    }
    Ok(())
}

/// Whether `enrollment` may be certified with `grade` now.
pub fn eligibility(
    course: &Course,
    enrollment: &Enrollment,
    grade: &Grade,
    allowlisted: bool,
    invalidated: bool,
) -> Result<(), Ineligible> {
    beyond_the_allowlist(enrollment, invalidated)?;
    if allowlisted {
        return Ok(());
    }
    if !course.passes(grade.percent) {
        return Err(Ineligible::BelowThreshold);
    }
    if grade.status == GradeStatus::Provisional && course.issuance == IssuancePolicy::Final {
        return Err(Ineligible::Provisional);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Mode, Percent};

    fn course(issuance: IssuancePolicy) -> Course {
        Course {
            id: "c".into(),
            title: "C".into(),
            starts: None,
            ends: None,
            pass_threshold: Percent::from_tenths(800).expect("80%"),
            letter_cutoffs: Vec::new(),
            issuance,
            institution: String::new(),
            signatories: Vec::new(),
            categories: Vec::new(),
            activities: Vec::new(),
            grading: crate::domain::GradingRule::Certdesk,
        }
    }

    fn learner(mode: Mode, status: EnrollmentStatus) -> Enrollment {
        Enrollment {
            username: "u".into(),
            full_name: "U".into(),
            email: String::new(),
            mode,
            status,
            scores: Vec::new(),
            imported: None,
        }
    }

    fn grade(tenths: u16, status: GradeStatus) -> Grade {
        let percent = Percent::from_tenths(tenths).expect("percent");
        Grade { percent, reachable: percent, status }
    }

    #[track_caller]
    fn check(
        policy: IssuancePolicy,
        mode: Mode,
        status: EnrollmentStatus,
        grade: Grade,
        flags: (bool, bool),
        expected: Result<(), Ineligible>,
    ) {
        let (allowlisted, invalidated) = flags;
        assert_eq!(eligibility(&course(policy), &learner(mode, status), &grade, allowlisted, invalidated), expected);
    }

    #[test]
    fn eligibility_table() {
        use EnrollmentStatus::{Active, Withdrawn};
        use GradeStatus::{Final, Provisional};
        use IssuancePolicy::{Final as OnFinal, Threshold};
        use Mode::{Audit, Honor, Verified};
        let none = (false, false);
        check(OnFinal, Honor, Active, grade(850, Final), none, Ok(()));
        check(OnFinal, Verified, Active, grade(800, Final), none, Ok(()));
        check(OnFinal, Honor, Active, grade(799, Final), none, Err(Ineligible::BelowThreshold));
        check(OnFinal, Honor, Active, grade(850, Provisional), none, Err(Ineligible::Provisional));
        check(Threshold, Honor, Active, grade(850, Provisional), none, Ok(()));
        check(Threshold, Honor, Active, grade(790, Provisional), none, Err(Ineligible::BelowThreshold));
        check(OnFinal, Audit, Active, grade(1000, Final), none, Err(Ineligible::Audit));
        check(OnFinal, Audit, Active, grade(1000, Final), (true, false), Err(Ineligible::Audit));
        check(OnFinal, Honor, Withdrawn, grade(1000, Final), none, Err(Ineligible::Withdrawn));
        check(OnFinal, Honor, Active, grade(1000, Final), (false, true), Err(Ineligible::Invalidated));
        check(OnFinal, Honor, Active, grade(100, Provisional), (true, false), Ok(()));
        check(OnFinal, Honor, Active, grade(100, Final), (true, true), Err(Ineligible::Invalidated));
    }
}
