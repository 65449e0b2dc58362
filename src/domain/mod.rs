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
pub mod mojibake;
pub mod name;
pub mod name_order;
pub mod numbers;
pub mod printed;
pub mod script;
pub mod settings;
pub mod shown;
pub mod spelling;
pub mod template;

pub use audit::{Action, Event, LearnerChanges, NAMED_PER_CHANGE, Named};
pub use certificate::{
    Certificate, CertificateStatus, DELETED, Ledger, LedgerEntry, Snapshot, Staleness, TemplateRef, hex,
};
pub use code::Code;
pub use course::{Activity, Category, Course, GradingRule, IssuancePolicy, LetterCutoff, Signatory};
pub use eligibility::{Ineligible, beyond_the_allowlist, eligibility};
pub use grading::{Grade, GradeStatus, GradingScheme};
pub use impact::{CertificateImpact, LearnerAt, certificate_impact, impact_advice};
pub use learner::{Enrollment, EnrollmentStatus, Mode};
pub use mail::{Delivery, Farewell, LearnerLink, MailSettings, MessageTemplate, Subject};
pub use numbers::{NumberError, Percent, Points};
pub use script::NameScript;
pub use settings::{CourseSettings, Example, ExampleKind, ExampleSet, Exception};
pub use template::{AssignBy, DraftAuthor, StoredImage, TemplateDraft, TemplateRevision, TemplateUse};

/// `count` with its noun, singular or plural: "1 error", "3 errors".
pub fn counted(count: usize, one: &str, many: &str) -> String {
    if count == 1 { format!("1 {one}") } else { format!("{count} {many}") }
}

/// `text` with its first letter a capital, to begin a sentence: `The examples were made …`.
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The counts that are not zero, each before what it counts, in the order given and joined by
/// commas: `2 superseded, 1 withdrawn`; empty when every count is zero. What is counted reads
/// the same for one and for several (`not on record`), so a verdict's list of findings says
/// each the same way wherever it is written.
pub fn counts_listed(counts: &[(usize, &str)]) -> String {
    let listed: Vec<String> =
        counts.iter().filter(|(count, _)| *count > 0).map(|(count, what)| format!("{count} {what}")).collect();
    listed.join(", ")
}

/// A moment as human text says it, on the command line and in the terminal application alike,
/// and as the web pages write it: `2026-12-06 14:03 UTC`. JSON keeps RFC 3339; a reader told
/// the time two ways took them for two moments.
pub fn when_utc(at: jiff::Timestamp) -> String {
    format!("{} UTC", minute(at))
}

/// A moment to the minute, UTC, in a table's column whose header says so (`issued (UTC)`,
/// `saved (UTC)`): `2026-12-06 14:03`. A sentence says `when_utc`, which names the zone.
pub fn minute(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M").to_string()
}

/// A moment to the second, UTC, as the audit trail gives it: `2026-12-06 14:03:09`.
pub fn second(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M:%S").to_string()
}

/// A course as verify names it, wherever it does (`verify CODE`, each credential and printed
/// code of `verify --file`, the verify dialog): its id, which staff type next (`certdesk
/// certificates COURSE`), then its title, as the terminal application's header names it:
/// `middle-earth-101 · Middle-earth Studies`. The id first, since it holds no space: behind
/// the title in brackets, a title that ends in brackets itself (`Intro (2026) (intro)`) left
/// the reader to guess which was the id.
pub fn course_named(title: &str, course_id: &str) -> String {
    format!("{course_id} · {title}")
}

/// The first `shown` of `items`, then how many more there are: `ana, bruno and 4 more`; a
/// long list in a message is named by its start. Only the items shown are written out, so a
/// list of a million costs no more than one of `shown`.
pub fn first_of<I>(items: I, shown: usize) -> String
where
    I: IntoIterator,
    I::IntoIter: ExactSizeIterator,
    I::Item: std::fmt::Display,
{
    use std::fmt::Write as _;
    let items = items.into_iter();
    let total = items.len();
    let mut text = String::new();
    for (at, item) in items.take(shown).enumerate() {
        let comma = if at == 0 { "" } else { ", " };
        let _ = write!(text, "{comma}{item}");
    }
    if total > shown {
        let _ = write!(text, " and {} more", total - shown);
    }
    text
}

#[cfg(test)]
mod list_tests {
    #[test]
    fn a_moment_is_said_in_minutes_and_utc() {
        let at: jiff::Timestamp = "2026-12-06T14:03:59.5Z".parse().expect("a time");
        assert_eq!(super::when_utc(at), "2026-12-06 14:03 UTC");
    }

    #[test]
    fn a_long_list_is_named_by_its_start_and_a_count() {
        assert_eq!(super::first_of(&["ana", "bruno"], 3), "ana, bruno");
        assert_eq!(super::first_of(&["a", "b", "c", "d", "e"], 3), "a, b, c and 2 more");
        assert_eq!(super::first_of(Vec::<String>::new(), 3), "");
        let lines = (1..1_000_001).map(|line| format!("line {line}"));
        assert_eq!(super::first_of(lines, 2), "line 1, line 2 and 999998 more");
    }

    #[test]
    fn counts_listed_names_only_what_happened_in_the_order_given() {
        assert_eq!(
            super::counts_listed(&[(2, "superseded"), (0, "revoked"), (1, "withdrawn")]),
            "2 superseded, 1 withdrawn"
        );
        assert_eq!(super::counts_listed(&[(1, "not on record")]), "1 not on record");
        assert_eq!(super::counts_listed(&[(0, "not authentic"), (0, "not on record")]), "");
        assert_eq!(super::counts_listed(&[]), "");
    }
}
