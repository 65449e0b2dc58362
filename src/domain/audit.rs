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
}
