//! Record versions that are no longer written but must still be read.
//!
//! Version 1 of the course record had no grading rule and no category `min_count`, and
//! versions 1 and 2 no activity `platform_id`; version 1 of the enrollment had no `imported`
//! scores. All decode into today's types: a version-1 course grades by certdesk's own rule, an
//! activity of version 1 or 2 has no platform id until the next import of a platform export,
//! and a version-1 enrollment counts every score as imported, which is what re-importing did
//! before the conflict rule existed. Audit events of versions 1 to 4 did not name whom an
//! import changed: they decode with no `learner_changes`, and the log shows their summary alone.
//! A credential seal of version 1 did not note its signing again: it decodes as never signed
//! again.

use jiff::Timestamp;
use serde::Deserialize;

use super::codec::{CodecError, decode_body};
use super::courses::CourseRecord;
use crate::credential::Seal;
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
struct CourseRecordV2 {
    course: CourseV2,
    generation: u32,
}

/// The fields that open a course of versions 1 and 2 alike. bincode writes a nested struct's
/// fields one after the other with nothing around them, so nesting it changes no byte.
#[derive(Deserialize)]
struct CourseHeadV1 {
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
}

impl CourseHeadV1 {
    /// Today's course from the head and what versions 1 and 2 wrote after it.
    fn into_course(self, categories: Vec<Category>, activities: Vec<ActivityV1>, grading: GradingRule) -> Course {
        Course {
            id: self.id,
            title: self.title,
            starts: self.starts,
            ends: self.ends,
            pass_threshold: self.pass_threshold,
            letter_cutoffs: self.letter_cutoffs,
            issuance: self.issuance,
            institution: self.institution,
            signatories: self.signatories,
            categories,
            activities: activities.into_iter().map(Activity::from).collect(),
            grading,
        }
    }
}

#[derive(Deserialize)]
struct CourseV1 {
    head: CourseHeadV1,
    categories: Vec<CategoryV1>,
    activities: Vec<ActivityV1>,
}

#[derive(Deserialize)]
struct CourseV2 {
    head: CourseHeadV1,
    categories: Vec<Category>,
    activities: Vec<ActivityV1>,
    grading: GradingRule,
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

pub(super) fn course_record_v2(body: &[u8]) -> Result<CourseRecord, CodecError> {
    let CourseRecordV2 { course: CourseV2 { head, categories, activities, grading }, generation } = decode_body(body)?;
    Ok(CourseRecord { course: head.into_course(categories, activities, grading), generation })
}

#[derive(Deserialize)]
struct CategoryV1 {
    id: String,
    title: String,
    weight: f64,
    drop_lowest: u32,
}

pub(super) fn course_record_v1(body: &[u8]) -> Result<CourseRecord, CodecError> {
    let CourseRecordV1 { course: CourseV1 { head, categories, activities }, generation } = decode_body(body)?;
    let categories = categories
        .into_iter()
        .map(|c| Category { id: c.id, title: c.title, weight: c.weight, drop_lowest: c.drop_lowest, min_count: 0 })
        .collect();
    Ok(CourseRecord { course: head.into_course(categories, activities, GradingRule::Certdesk), generation })
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

/// A credential seal of version 1: written before seals kept when they were signed again.
#[derive(Deserialize)]
struct SealV1 {
    format: u8,
    kid: String,
    institution: String,
    verify_base_url: String,
    salt: [u8; 16],
    email_hash: [u8; 32],
    signature: Vec<u8>,
}

pub(super) fn seal_v1(body: &[u8]) -> Result<Seal, CodecError> {
    let SealV1 { format, kid, institution, verify_base_url, salt, email_hash, signature } = decode_body(body)?;
    Ok(Seal { format, kid, institution, verify_base_url, salt, email_hash, signature, resigned: None })
}
