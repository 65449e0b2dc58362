//! The data a template sees: a plain serde struct the caller fills from the domain records.
//! Every field is a string, so a template prints exactly what the caller decided; dates are ISO
//! strings (`2026-11-23`, or a full RFC 3339 timestamp) that the `date` filter formats.

use serde::{Deserialize, Serialize};

/// Everything `{{ ... }}` can name. Field names are the placeholder names: `learner.full_name`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RenderData {
    pub learner: LearnerData,
    pub course: CourseData,
    pub grade: GradeData,
    pub certificate: CertificateData,
    /// Who signs, in order (two or three fit side by side on the default templates).
    pub signatories: Vec<Signatory>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LearnerData {
    pub full_name: String,
    pub username: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CourseData {
    pub id: String,
    pub title: String,
    pub institution: String,
    /// ISO date or timestamp; empty when the course has no start date.
    pub starts: String,
    /// ISO date or timestamp; empty when the course has no end date.
    pub ends: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GradeData {
    /// One decimal, no percent sign: `"95.0"`.
    pub percent: String,
    /// Empty below every letter cutoff.
    pub letter: String,
    /// `"final"` or `"provisional"`.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CertificateData {
    pub code: String,
    /// ISO date (`2026-11-23`) or timestamp of issue.
    pub issued_on: String,
    /// `"honor"` or `"verified"`.
    pub mode: String,
    /// `"Honor Code Certificate"` or `"Verified Certificate"`: see [`mode_label`].
    pub mode_label: String,
    pub verify_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Signatory {
    pub name: String,
    pub title: String,
}

/// The printed label of a certificate mode (`honor`, `verified`); other modes print as given.
pub fn mode_label(mode: &str) -> String {
    match mode {
        "honor" => "Honor Code Certificate".to_string(),
        "verified" => "Verified Certificate".to_string(),
        other => other.to_string(),
    }
}

/// Every placeholder path a template may use (`signatories` items have `name` and `title`).
pub const FIELDS: &[&str] = &[
    "learner.full_name",
    "learner.username",
    "learner.email",
    "course.id",
    "course.title",
    "course.institution",
    "course.starts",
    "course.ends",
    "grade.percent",
    "grade.letter",
    "grade.status",
    "certificate.code",
    "certificate.issued_on",
    "certificate.mode",
    "certificate.mode_label",
    "certificate.verify_url",
    "signatories",
];

/// The fields of one `signatories` item.
pub const SIGNATORY_FIELDS: &[&str] = &["name", "title"];

impl RenderData {
    /// A plausible certificate for previews and checks, in `mode` (`honor` or `verified`).
    pub fn example(mode: &str) -> RenderData {
        RenderData {
            learner: LearnerData {
                full_name: "Bilbo Baggins".to_string(),
                username: "bilbo".to_string(),
                email: "bilbo@bagend.shire".to_string(),
            },
            course: CourseData {
                id: "middle-earth-101".to_string(),
                title: "Cartography of Middle-earth".to_string(),
                institution: "University of Minas Tirith".to_string(),
                starts: "2026-09-01".to_string(),
                ends: "2027-01-31".to_string(),
            },
            grade: GradeData { percent: "95.0".to_string(), letter: "A".to_string(), status: "final".to_string() },
            certificate: CertificateData {
                code: "K7QF-M2XD-9HTA".to_string(),
                issued_on: "2026-11-23".to_string(),
                mode: mode.to_string(),
                mode_label: mode_label(mode),
                verify_url: "https://certs.example.org/verify/K7QF-M2XD-9HTA".to_string(),
            },
            signatories: vec![
                Signatory { name: "Gandalf the Grey".to_string(), title: "Course Director".to_string() },
                Signatory { name: "Elrond Half-elven".to_string(), title: "Dean of Lore".to_string() },
            ],
        }
    }
}
