//! The grading and certification model: plain data and pure functions, no I/O.

pub mod audit;
pub mod certificate;
pub mod code;
pub mod course;
pub mod eligibility;
pub mod grading;
pub mod impact;
pub mod learner;
pub mod mail;
pub mod name;
pub mod name_order;
pub mod numbers;
pub mod printed;
pub mod script;
pub mod settings;
pub mod spelling;
pub mod template;

pub use audit::{Action, Event, LearnerChanges, NAMED_PER_CHANGE, Named};
pub use certificate::{
    Certificate, CertificateStatus, DELETED, Ledger, LedgerEntry, Snapshot, Staleness, TemplateRef, hex,
};
pub use code::Code;
pub use course::{Activity, Category, Course, GradingRule, IssuancePolicy, LetterCutoff, Signatory};
pub use eligibility::{Ineligible, eligibility};
pub use grading::{Grade, GradeStatus, GradingScheme};
pub use impact::{CertificateImpact, LearnerAt, certificate_impact, impact_advice};
pub use learner::{Enrollment, EnrollmentStatus, Mode};
pub use mail::{Delivery, Farewell, LearnerLink, MailSettings, MessageTemplate, Subject};
pub use numbers::{NumberError, Percent, Points};
pub use script::NameScript;
pub use settings::{CourseSettings, Example, ExampleKind, ExampleSet, Exception};
pub use template::{AssignBy, StoredImage, TemplateRevision, TemplateUse};

/// `count` with its noun, singular or plural: "1 error", "3 errors".
pub fn counted(count: usize, one: &str, many: &str) -> String {
    if count == 1 { format!("1 {one}") } else { format!("{count} {many}") }
}
