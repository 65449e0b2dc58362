//! The audit trail: one event per operation that changed certificates, scores, the roster or
//! settings, kept per course; and the database's own, for what belongs to no course (who may
//! use the server, the issuer's keys, the mail settings).

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::code::Code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    Generate,
    Regenerate,
    Delete,
    Revoke,
    Allow,
    Disallow,
    Invalidate,
    Revalidate,
    Settings,
    Examples,
    Request,
    /// A score entered or cleared in certdesk.
    Grade,
    /// A course folder or platform export imported.
    Import,
    /// A message to a learner sent (or refused by the mail server).
    Mail,
    /// The farewell message changed.
    Farewell,
    /// Learners' personal links revoked.
    Links,
    /// The staff list changed (database-wide).
    Staff,
    /// An issuer key was made (database-wide).
    Issuer,
    /// The mail settings changed (database-wide).
    MailSettings,
    /// A template revision saved (database-wide: templates belong to no course).
    Template,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Generate => "generate",
            Action::Regenerate => "regenerate",
            Action::Delete => "delete",
            Action::Revoke => "revoke",
            Action::Allow => "allow",
            Action::Disallow => "disallow",
            Action::Invalidate => "invalidate",
            Action::Revalidate => "revalidate",
            Action::Settings => "settings",
            Action::Examples => "examples",
            Action::Request => "request",
            Action::Grade => "grade",
            Action::Import => "import",
            Action::Mail => "mail",
            Action::Farewell => "farewell",
            Action::Links => "links",
            Action::Staff => "staff",
            Action::Issuer => "issuer",
            Action::MailSettings => "mail-settings",
            Action::Template => "template",
        }
    }

    /// Whether the event is the database's own (it concerns every course), not a course's.
    pub fn is_database_wide(self) -> bool {
        matches!(self, Action::Staff | Action::Issuer | Action::MailSettings | Action::Template)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happened, when, by whom, to which learners and certificates. Large operations are
/// committed in parts; each part appends its own event naming the learners it touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub at: Timestamp,
    pub who: String,
    pub action: Action,
    /// One line for people: `issued 41 certificates (part 1 of 1)`.
    pub summary: String,
    pub learners: Vec<String>,
    pub codes: Vec<Code>,
    /// An import's: who it added, updated, found off the roster and regraded. `None` for every
    /// other action, and for imports logged before certdesk recorded them. Boxed: it would
    /// make every event, and every message carrying one, four lists larger.
    pub learner_changes: Option<Box<LearnerChanges>>,
}

/// How many usernames an event keeps of each kind of change; the rest are counted, so that an
/// import of 100,000 learners still writes an event of a few hundred bytes.
pub const NAMED_PER_CHANGE: usize = 20;

/// Who an import changed, by username.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnerChanges {
    /// New to the course.
    pub added: Named,
    /// Already in the course with another name, email, mode or status.
    pub updated: Named,
    /// In the course but not in the file: kept as they were.
    pub not_on_roster: Named,
    /// Already in the course, with a score the file added, changed or cleared.
    pub scores_changed: Named,
}

impl LearnerChanges {
    /// Each kind of change that named anyone, with its label: `("not on the roster", …)`.
    pub fn labelled(&self) -> impl Iterator<Item = (&'static str, &Named)> {
        [
            ("added", &self.added),
            ("updated", &self.updated),
            ("not on the roster", &self.not_on_roster),
            ("scores changed", &self.scores_changed),
        ]
        .into_iter()
        .filter(|(_, named)| !named.usernames.is_empty())
    }
}

/// The first usernames of a list, and how many more it had.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub usernames: Vec<String>,
    pub more: u64,
}

impl Named {
    /// The first `kept` of `usernames`, counting the rest.
    pub fn first(usernames: &[String], kept: usize) -> Named {
        let named = &usernames[..usernames.len().min(kept)];
        Named { usernames: named.to_vec(), more: (usernames.len() - named.len()) as u64 }
    }

    /// Everyone, named or counted.
    pub fn total(&self) -> u64 {
        self.usernames.len() as u64 + self.more
    }
}

/// `bilbo, frodo and sam`, or `bilbo, frodo and 5 more`.
impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.usernames.split_last(), self.more) {
            (None, more) => write!(f, "{more} learners"),
            (Some((last, [])), 0) => f.write_str(last),
            (Some((last, rest)), 0) => write!(f, "{} and {last}", rest.join(", ")),
            (Some(_), more) => write!(f, "{} and {more} more", self.usernames.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Named;

    #[track_caller]
    fn named(count: usize, kept: usize, expected: &str) {
        let usernames: Vec<String> = (1..=count).map(|i| format!("l{i}")).collect();
        let named = Named::first(&usernames, kept);
        assert_eq!(named.to_string(), expected, "{count} kept to {kept}");
        assert_eq!(named.total(), count as u64);
    }

    #[test]
    fn a_long_list_keeps_its_first_names_and_counts_the_rest() {
        named(1, 20, "l1");
        named(3, 20, "l1, l2 and l3");
        named(20, 20, &format!("{} and l20", (1..20).map(|i| format!("l{i}")).collect::<Vec<_>>().join(", ")));
        named(25, 20, &format!("{} and 5 more", (1..=20).map(|i| format!("l{i}")).collect::<Vec<_>>().join(", ")));
        named(100_000, 2, "l1, l2 and 99998 more");
    }
}
