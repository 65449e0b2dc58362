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
pub use template::{AssignBy, StoredImage, TemplateDraft, TemplateRevision, TemplateUse};

/// `count` with its noun, singular or plural: "1 error", "3 errors".
pub fn counted(count: usize, one: &str, many: &str) -> String {
    if count == 1 { format!("1 {one}") } else { format!("{count} {many}") }
}

/// The first `shown` of `names`, then how many more there are: `ana, bruno and 4 more`; a
/// long list in a message is named by its start.
pub fn first_of<S: AsRef<str>>(names: &[S], shown: usize) -> String {
    let mut text = names.iter().take(shown).map(AsRef::as_ref).collect::<Vec<_>>().join(", ");
    if names.len() > shown {
        text.push_str(&format!(" and {} more", names.len() - shown));
    }
    text
}

#[cfg(test)]
mod first_of_tests {
    #[test]
    fn a_long_list_is_named_by_its_start_and_a_count() {
        assert_eq!(super::first_of(&["ana", "bruno"], 3), "ana, bruno");
        assert_eq!(super::first_of(&["a", "b", "c", "d", "e"], 3), "a, b, c and 2 more");
        assert_eq!(super::first_of::<&str>(&[], 3), "");
    }
}
