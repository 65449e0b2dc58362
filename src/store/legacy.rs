//! Record versions that are no longer written but must still be read.
//!
//! Version 1 of the course record had no grading rule and no category `min_count`, and
//! versions 1 and 2 no activity `platform_id`; version 1 of the enrollment had no `imported`
//! scores. All decode into today's types: a version-1 course grades by certdesk's own rule, an
//! activity of version 1 or 2 has no platform id until the next import of a platform export,
//! and a version-1 enrollment counts every score as imported, which is what re-importing did
//! before the conflict rule existed. Audit events of versions 1 to 4 did not name whom an
//! import changed: they decode with no `learner_changes`, and the log shows their summary alone.

use jiff::Timestamp;
use serde::Deserialize;

use super::codec::{CodecError, decode_body};
use super::courses::CourseRecord;
use crate::domain::{
    Action, Activity, Category, Code, Course, Enrollment, EnrollmentStatus, Event, GradingRule, IssuancePolicy,
    LetterCutoff, Mode, Percent, Points, Signatory,
};

#[derive(Deserialize)]
struct CourseRecordV1 {
    course: CourseV1,
    generation: u32,
}

#[derive(Deserialize)]
struct CourseV1 {
    id: String,
    title: String,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::optional")]
    starts: Option<Timestamp>,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::optional")]
    ends: Option<Timestamp>,
    pass_threshold: Percent,
    letter_cutoffs: Vec<LetterCutoff>,
    issuance: IssuancePolicy,
    institution: String,
    signatories: Vec<Signatory>,
    categories: Vec<CategoryV1>,
    activities: Vec<ActivityV1>,
}

/// An activity of course records 1 and 2.
#[derive(Deserialize)]
struct ActivityV1 {
    id: String,
    title: String,
    category: String,
    max_points: Points,
    weight: f64,
}

impl From<ActivityV1> for Activity {
    fn from(old: ActivityV1) -> Activity {
        let ActivityV1 { id, title, category, max_points, weight } = old;
        Activity { id, title, category, max_points, weight, platform_id: None }
    }
}

#[derive(Deserialize)]
struct CourseRecordV2 {
    course: CourseV2,
    generation: u32,
}

#[derive(Deserialize)]
struct CourseV2 {
    id: String,
    title: String,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::optional")]
    starts: Option<Timestamp>,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::optional")]
    ends: Option<Timestamp>,
    pass_threshold: Percent,
    letter_cutoffs: Vec<LetterCutoff>,
    issuance: IssuancePolicy,
    institution: String,
    signatories: Vec<Signatory>,
    categories: Vec<Category>,
    activities: Vec<ActivityV1>,
    grading: GradingRule,
}

pub(super) fn course_record_v2(body: &[u8]) -> Result<CourseRecord, CodecError> {
    let CourseRecordV2 { course, generation } = decode_body(body)?;
    let course = Course {
        id: course.id,
        title: course.title,
        starts: course.starts,
        ends: course.ends,
        pass_threshold: course.pass_threshold,
        letter_cutoffs: course.letter_cutoffs,
        issuance: course.issuance,
        institution: course.institution,
        signatories: course.signatories,
        categories: course.categories,
        activities: course.activities.into_iter().map(Activity::from).collect(),
        grading: course.grading,
    };
    Ok(CourseRecord { course, generation })
}

#[derive(Deserialize)]
struct CategoryV1 {
    id: String,
    title: String,
    weight: f64,
    drop_lowest: u32,
}

pub(super) fn course_record_v1(body: &[u8]) -> Result<CourseRecord, CodecError> {
    let CourseRecordV1 { course, generation } = decode_body(body)?;
    let categories = course
        .categories
        .into_iter()
        .map(|c| Category { id: c.id, title: c.title, weight: c.weight, drop_lowest: c.drop_lowest, min_count: 0 })
        .collect();
    let course = Course {
        id: course.id,
        title: course.title,
        starts: course.starts,
        ends: course.ends,
        pass_threshold: course.pass_threshold,
        letter_cutoffs: course.letter_cutoffs,
        issuance: course.issuance,
        institution: course.institution,
        signatories: course.signatories,
        categories,
        activities: course.activities.into_iter().map(Activity::from).collect(),
        grading: GradingRule::Certdesk,
    };
    Ok(CourseRecord { course, generation })
}

#[derive(Deserialize)]
struct EnrollmentV1 {
    username: String,
    full_name: String,
    email: String,
    mode: Mode,
    status: EnrollmentStatus,
    scores: Vec<Option<Points>>,
}

pub(super) fn enrollment_v1(body: &[u8]) -> Result<Enrollment, CodecError> {
    let old: EnrollmentV1 = decode_body(body)?;
    Ok(Enrollment {
        imported: None,
        username: old.username,
        full_name: old.full_name,
        email: old.email,
        mode: old.mode,
        status: old.status,
        scores: old.scores,
    })
}

/// An audit event of versions 1 to 4 (they differ only in the actions they knew).
#[derive(Deserialize)]
struct EventV4 {
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    at: Timestamp,
    who: String,
    action: Action,
    summary: String,
    learners: Vec<String>,
    codes: Vec<Code>,
}

pub(super) fn event_v4(body: &[u8]) -> Result<Event, CodecError> {
    let EventV4 { at, who, action, summary, learners, codes } = decode_body(body)?;
    Ok(Event { at, who, action, summary, learners, codes, learner_changes: None })
}
