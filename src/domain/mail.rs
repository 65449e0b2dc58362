//! Reaching learners: the farewell message a course sends with its certificates, where mail
//! goes out from, what was delivered to whom, and the personal links to learners' own pages.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::Code;

/// One message as templates: the subject and plain text always, HTML when given. They see the
/// same data as certificate templates, plus `link` (the learner's own page, or empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageTemplate {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// A course's farewell: what learners with a certificate receive (with the PDF attached), and,
/// when the course chooses to, a message for those without one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Farewell {
    pub certified: MessageTemplate,
    pub uncertified: Option<MessageTemplate>,
}

/// Where mail goes out from, for the whole database. The password is never kept here: only
/// the file it is read from, if any (else `CERTDESK_SMTP_PASSWORD`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSettings {
    /// lettre's form: `smtp://host:587`, `smtps://user@host`, `smtp://host?tls=required`.
    pub smtp_url: Option<String>,
    /// `Course Team <courses@example.edu>`.
    pub from: Option<String>,
    /// Messages a minute at most.
    pub per_minute: u32,
    pub password_file: Option<String>,
    /// How long a learner's personal link works.
    pub link_days: u32,
}

impl Default for MailSettings {
    fn default() -> MailSettings {
        MailSettings { smtp_url: None, from: None, per_minute: 60, password_file: None, link_days: 90 }
    }
}

impl MailSettings {
    /// What changed from `before`, one phrase a setting, for the audit trail: `mail server
    /// none -> smtp://mail.example.edu`. (None of these is a secret: a URL never holds a
    /// password, the password file is named, not read.)
    pub fn changes_from(&self, before: &MailSettings) -> Vec<String> {
        fn shown(value: &Option<String>) -> &str {
            value.as_deref().unwrap_or("none")
        }
        let mut changes = Vec::new();
        let mut compare = |what: &str, before: String, after: String| {
            if before != after {
                changes.push(format!("{what} {before} -> {after}"));
            }
        };
        compare("mail server", shown(&before.smtp_url).into(), shown(&self.smtp_url).into());
        compare("sender", shown(&before.from).into(), shown(&self.from).into());
        compare("messages a minute", before.per_minute.to_string(), self.per_minute.to_string());
        compare("password file", shown(&before.password_file).into(), shown(&self.password_file).into());
        compare("days a link works", before.link_days.to_string(), self.link_days.to_string());
        changes
    }
}

/// What a message was about: a certificate, or the farewell of a learner without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Subject {
    Certificate(Code),
    Farewell,
}

/// What became of the message to one learner about one thing: sent (when, with which
/// Message-ID), or the last error, for the next run to try again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub username: String,
    pub subject: Subject,
    pub to: String,
    pub attempts: u32,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub last_attempt: Timestamp,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::optional")]
    pub sent_at: Option<Timestamp>,
    pub message_id: Option<String>,
    pub error: Option<String>,
}

impl Delivery {
    pub fn is_sent(&self) -> bool {
        self.sent_at.is_some()
    }

    /// `mailed 2026-12-02`, or `mail refused` when no attempt got through (`mailed
    /// 2026-12-02, resend refused` when sending it again failed).
    pub fn describe(&self) -> String {
        match (self.sent_at, &self.error) {
            (Some(at), None) => format!("mailed {}", at.strftime("%Y-%m-%d")),
            (Some(at), Some(_)) => format!("mailed {}, resend refused", at.strftime("%Y-%m-%d")),
            (None, _) => "mail refused".to_string(),
        }
    }
}

/// A learner's personal link, kept under the SHA-256 of its token (the token itself is only
/// ever in the learner's mail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnerLink {
    pub course_id: String,
    pub username: String,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub created: Timestamp,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub expires: Timestamp,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::optional")]
    pub revoked: Option<Timestamp>,
}

impl LearnerLink {
    /// Whether the link still opens the learner's page at `now`.
    pub fn is_open(&self, now: Timestamp) -> bool {
        self.revoked.is_none() && now < self.expires
    }

    /// Whether it was closed the instant it was made: the link of a message that did not go,
    /// which nobody ever held (`Minted::withdrawn`), not one anybody revoked.
    pub fn never_sent(&self) -> bool {
        self.revoked == Some(self.created)
    }
}
