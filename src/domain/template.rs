//! Saved templates and images: immutable once stored, so a certificate always prints from
//! exactly the design it was issued with.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// One saved revision of a template's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRevision {
    pub name: String,
    /// 1 for the first save, then 2, 3, ...
    pub revision: u32,
    pub source: String,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub saved_at: Timestamp,
    pub saved_by: String,
}

/// Text typed into the editor and not yet saved, kept for the one who typed it (per template
/// and login) until they save it or throw it away: a dropped SSH session or a closed terminal
/// does not lose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateDraft {
    pub name: String,
    pub login: String,
    /// The revision the text was edited from.
    pub revision: u32,
    /// When that revision was saved: what tells it from a revision of the same number of a
    /// template deleted and made again since. None in a draft an older certdesk kept.
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::optional")]
    pub base_saved_at: Option<Timestamp>,
    pub text: String,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub written_at: Timestamp,
}

/// Whose draft of a template there is, and how recent, without its text: what another
/// member of staff is told of it (nobody reads another's unsaved text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftAuthor {
    pub login: String,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub written_at: Timestamp,
}

impl TemplateDraft {
    /// Whether this draft was typed over `revision` (one of its template's now), rather than
    /// over a revision of the same name and number of a template deleted and made again since.
    /// A draft an older certdesk kept does not say when its revision was saved: then only a
    /// revision saved after the draft was last written is surely another.
    pub fn was_typed_over(&self, revision: &TemplateRevision) -> bool {
        revision.name == self.name
            && revision.revision == self.revision
            && match self.base_saved_at {
                Some(saved_at) => saved_at == revision.saved_at,
                None => revision.saved_at <= self.written_at,
            }
    }
}

/// A logo or signature a template draws by name. An image name is permanent: a new design
/// gets a new name, so certificates issued earlier keep printing the old image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredImage {
    pub name: String,
    pub bytes: Vec<u8>,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub added_at: Timestamp,
    pub added_by: String,
}

/// How long a template or image name may be.
pub const MAX_NAME_CHARS: usize = 64;

/// What a template or image name is made of, as refusals say it.
pub const NAME_RULE: &str = "use 1 to 64 lowercase letters, digits, '-' and '_'";

/// Template and image names: lowercase letters, digits, dashes and underscores.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_CHARS
        && name.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-' || byte == b'_')
}

/// How staff give a course's mode another template, as a refusal says it where they are: the
/// command, or the TUI's keys (which spare leaving it for a command).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignBy {
    Command,
    Keys,
}

impl AssignBy {
    /// How to assign another template to `one` (course, mode), or to each of several.
    pub fn assign(self, one: Option<(&str, super::Mode)>) -> String {
        match (self, one) {
            (AssignBy::Command, Some((course, mode))) => format!("`certdesk template assign {course} {mode} OTHER`"),
            (AssignBy::Command, None) => "`certdesk template assign COURSE MODE OTHER` for each".to_string(),
            (AssignBy::Keys, Some((course, mode))) => {
                let key = if mode == super::Mode::Verified { 2 } else { 1 };
                format!("in {course}'s settings on the certificates tab: s, then {key}")
            }
            (AssignBy::Keys, None) => {
                "in each course's settings on the certificates tab: s, then 1 (honor) or 2 (verified)".to_string()
            }
        }
    }

    /// How to give a mode printing with built-in template `name` another one.
    pub fn assign_instead_of(self, name: &str) -> String {
        match self {
            AssignBy::Command => format!("`certdesk template assign COURSE {name} OTHER`"),
            AssignBy::Keys => "in the course's settings on the certificates tab: s, then 1 or 2".to_string(),
        }
    }
}

/// What keeps a template from being deleted: the course modes that print with it now, and
/// the certificates printed with its revisions, which reprinting and verifying them need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateUse {
    /// (course id, mode) of every mode printing with it.
    pub printing: Vec<(String, super::Mode)>,
    /// (course id, how many) of the certificates printed with one of its revisions, whatever
    /// their status: superseded and revoked ones are still verified and reprinted.
    pub certificates: Vec<(String, usize)>,
}

impl TemplateUse {
    pub fn is_unused(&self) -> bool {
        self.printing.is_empty() && self.certificates.is_empty()
    }

    /// Counts a certificate of `course` printed with the template.
    pub fn count_certificate(&mut self, course: &str) {
        match self.certificates.iter_mut().find(|(id, _)| id == course) {
            Some((_, count)) => *count += 1,
            None => self.certificates.push((course.to_string(), 1)),
        }
    }

    /// Why `name` cannot be deleted and what to do instead, when it is in use; `by` says how
    /// to give a mode another template where the user is.
    pub fn refusal(&self, name: &str, by: AssignBy) -> Option<String> {
        let mut reasons = Vec::new();
        if let Some((course, mode)) = self.printing.first() {
            let modes: Vec<String> = self.printing.iter().map(|(course, mode)| format!("{course} ({mode})")).collect();
            let assign = by.assign((self.printing.len() == 1).then_some((course.as_str(), *mode)));
            reasons.push(format!("{} with it (assign another template first: {assign})", print_with(&modes)));
        }
        if !self.certificates.is_empty() {
            let total: usize = self.certificates.iter().map(|(_, count)| count).sum();
            let courses: Vec<String> =
                self.certificates.iter().map(|(course, count)| format!("{course}: {count}")).collect();
            reasons.push(format!(
                "{} printed with its revisions ({}), and reprinting or verifying them needs those revisions, also once superseded or revoked; it can stay unused",
                super::counted(total, "certificate was", "certificates were"),
                courses.join(", ")
            ));
        }
        (!reasons.is_empty()).then(|| format!("template {name} cannot be deleted: {}", reasons.join("; ")))
    }
}

/// `a (honor) prints` or `a (honor), b (verified) print`.
fn print_with(modes: &[String]) -> String {
    match modes {
        [one] => format!("{one} prints"),
        many => format!("{} print", many.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::{TemplateDraft, TemplateRevision};
    use jiff::Timestamp;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(second).expect("a time")
    }

    fn revision(number: u32, saved_at: i64) -> TemplateRevision {
        TemplateRevision {
            name: "gold".into(),
            revision: number,
            source: "text\n".into(),
            saved_at: at(saved_at),
            saved_by: "elrond".into(),
        }
    }

    fn draft(number: u32, base_saved_at: Option<i64>) -> TemplateDraft {
        TemplateDraft {
            name: "gold".into(),
            login: "elrond".into(),
            revision: number,
            base_saved_at: base_saved_at.map(at),
            text: "typed\n".into(),
            written_at: at(2_000),
        }
    }

    #[track_caller]
    fn typed_over(draft: &TemplateDraft, revision: &TemplateRevision, expected: bool) {
        assert_eq!(draft.was_typed_over(revision), expected, "{draft:?} over {revision:?}");
    }

    #[test]
    fn a_draft_knows_the_revision_it_was_typed_over() {
        // Kept now: the revision saved when the draft says, and no other of that number.
        typed_over(&draft(1, Some(1_000)), &revision(1, 1_000), true);
        typed_over(&draft(1, Some(1_000)), &revision(1, 3_000), false);
        typed_over(&draft(1, Some(1_000)), &revision(1, 500), false);
        typed_over(&draft(1, Some(1_000)), &revision(2, 1_000), false);
        // Kept by an older certdesk: a revision saved after the draft was written is another
        // template's; one saved before is taken for the one typed over.
        typed_over(&draft(1, None), &revision(1, 1_000), true);
        typed_over(&draft(1, None), &revision(1, 2_000), true);
        typed_over(&draft(1, None), &revision(1, 3_000), false);
        typed_over(&draft(1, None), &revision(2, 1_000), false);
    }
}
