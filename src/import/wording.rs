//! What a problem asks the person importing to do, which each front end words its own way:
//! the CLI names its flags and commands (`give --roster FILE`, `certdesk grade …`), the TUI's
//! import dialog its fields and keys (`fill in the Roster field`, the gradebook's `e`).
//!
//! A message is built once, deep in the import, before anyone knows who will read it; so it
//! holds each such request as a mark ([`Ask`]'s `Display`), and [`Problem::describe`] puts the
//! front end's words in its place.
//!
//! [`Problem::describe`]: super::Problem::describe

use std::fmt;

use super::Waiver;
use crate::domain::CertificateImpact;

/// A file the import reads besides the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Supplement {
    Course,
    GradingPolicy,
    Roster,
}

impl Supplement {
    const ALL: [Supplement; 3] = [Supplement::Course, Supplement::GradingPolicy, Supplement::Roster];

    /// Its name in a mark.
    fn name(self) -> &'static str {
        match self {
            Supplement::Course => "Course",
            Supplement::GradingPolicy => "GradingPolicy",
            Supplement::Roster => "Roster",
        }
    }

    /// The CLI's flag that gives this file.
    pub fn flag(self) -> &'static str {
        match self {
            Supplement::Course => "--course",
            Supplement::GradingPolicy => "--grading-policy",
            Supplement::Roster => "--roster",
        }
    }
}

/// A request to the person importing, inside a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Give this file: "give --roster FILE".
    Give(Supplement),
    /// This file, as where to set or check something: "in --course".
    In(Supplement),
    /// What writes a draft course file from the export.
    Draft,
    /// Say which platform wrote a file whose header none is recognised by: "name the format
    /// with --format".
    NameFormat,
    /// Set or clear scores before the import, as `username`'s score of `activity` in `course`:
    /// "with certdesk grade …".
    SetScores { course: String, username: String, activity: String },
    /// Where to see every certificate in force of `course`: "certdesk certificates COURSE".
    SeeCertificates { course: String },
}

/// Private-use characters, which no file name, header or cell an import quotes is expected to
/// hold, around a request (and between its parts).
const MARK_START: char = '\u{E000}';
const MARK_END: char = '\u{E001}';
const MARK_PART: char = '\u{E002}';

impl Ask {
    /// The request's kind, then its values, as the mark holds them.
    fn parts(&self) -> Vec<&str> {
        match self {
            Ask::Give(supplement) => vec!["Give", supplement.name()],
            Ask::In(supplement) => vec!["In", supplement.name()],
            Ask::Draft => vec!["Draft"],
            Ask::NameFormat => vec!["NameFormat"],
            Ask::SetScores { course, username, activity } => vec!["SetScores", course, username, activity],
            Ask::SeeCertificates { course } => vec!["SeeCertificates", course],
        }
    }

    /// The request a mark holds (without its start and end), if it is one.
    fn from_mark(mark: &str) -> Option<Ask> {
        let parts: Vec<&str> = mark.split(MARK_PART).collect();
        let supplement = |name: &str| Supplement::ALL.into_iter().find(|supplement| supplement.name() == name);
        match parts.as_slice() {
            ["Give", name] => supplement(name).map(Ask::Give),
            ["In", name] => supplement(name).map(Ask::In),
            ["Draft"] => Some(Ask::Draft),
            ["NameFormat"] => Some(Ask::NameFormat),
            ["SetScores", course, username, activity] => Some(Ask::SetScores {
                course: course.to_string(),
                username: username.to_string(),
                activity: activity.to_string(),
            }),
            ["SeeCertificates", course] => Some(Ask::SeeCertificates { course: course.to_string() }),
            _ => None,
        }
    }
}

impl fmt::Display for Ask {
    /// The mark [`put_words`] replaces, not words: use it only inside a problem's message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{MARK_START}{}{MARK_END}", self.parts().join(&MARK_PART.to_string()))
    }
}

/// How a front end says what the user can do.
pub trait Wording {
    /// How to give `waiver`: "give --new-learners", "press Ctrl-N".
    fn waiver(&self, waiver: &Waiver) -> String;
    /// How to do what `ask` asks: "give --roster FILE", "fill in the Roster field".
    fn ask(&self, ask: &Ask) -> String;
    /// What staff can do about the certificates an import of `course` left stale (regenerate
    /// them) or no longer deserved (revoke them, if they want): the report's last lines.
    fn certificate_advice(&self, course: &str, impacts: &[CertificateImpact]) -> Vec<String>;
    /// How to import `export` with the draft course file, and `supplements` (the file each is
    /// usually in), for the draft's comment: one line or a few.
    fn import_with_draft(&self, export: &str, supplements: &[(Supplement, &str)]) -> String;
}

/// The CLI's words: `certdesk import`'s flags, and the commands that do what it cannot.
pub struct CliWording;

impl Wording for CliWording {
    fn waiver(&self, waiver: &Waiver) -> String {
        format!("give {}", waiver.flag())
    }

    fn ask(&self, ask: &Ask) -> String {
        match ask {
            Ask::Give(supplement) => format!("give {} FILE", supplement.flag()),
            Ask::In(supplement) => supplement.flag().to_string(),
            Ask::Draft => "`certdesk import EXPORT --draft course.toml`".to_string(),
            Ask::NameFormat => "name the format with --format".to_string(),
            Ask::SetScores { course, username, activity } => {
                format!("with certdesk grade {course} {username} {activity} POINTS (or --clear)")
            }
            Ask::SeeCertificates { course } => format!("certdesk certificates {course}"),
        }
    }

    fn certificate_advice(&self, course: &str, impacts: &[CertificateImpact]) -> Vec<String> {
        crate::domain::impact_advice(course, impacts, false)
    }

    fn import_with_draft(&self, export: &str, supplements: &[(Supplement, &str)]) -> String {
        let mut command = format!("certdesk import {export} --course THIS-FILE");
        for (supplement, file) in supplements {
            command.push_str(&format!(" {} {file}", supplement.flag()));
        }
        command
    }
}

/// `message` with each request's mark replaced by `wording`'s words for it.
pub fn put_words(message: &str, wording: &dyn Wording) -> String {
    let mut text = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(MARK_START) {
        text.push_str(&rest[..start]);
        let after = &rest[start + MARK_START.len_utf8()..];
        let request = after.find(MARK_END).and_then(|end| Some((Ask::from_mark(&after[..end])?, end)));
        match request {
            Some((ask, end)) => {
                text.push_str(&wording.ask(&ask));
                rest = &after[end + MARK_END.len_utf8()..];
            }
            // Not a mark after all: kept as it is.
            None => {
                text.push(MARK_START);
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Dialog;

    impl Wording for Dialog {
        fn waiver(&self, _: &Waiver) -> String {
            "press a key".to_string()
        }

        fn ask(&self, ask: &Ask) -> String {
            format!("<{ask:?}>")
        }

        fn certificate_advice(&self, _: &str, _: &[CertificateImpact]) -> Vec<String> {
            Vec::new()
        }

        fn import_with_draft(&self, export: &str, _: &[(Supplement, &str)]) -> String {
            format!("the dialog, with {export}")
        }
    }

    #[test]
    fn each_request_gets_the_front_ends_words() {
        let scores = Ask::SetScores { course: "rep1".into(), username: "bob".into(), activity: "exam".into() };
        let message = format!(
            "set it {}, or {} ({} writes one); {} if it is; or set them {scores}",
            Ask::In(Supplement::Course),
            Ask::Give(Supplement::Roster),
            Ask::Draft,
            Ask::NameFormat,
        );
        assert_eq!(
            put_words(&message, &CliWording),
            "set it --course, or give --roster FILE (`certdesk import EXPORT --draft course.toml` writes one); name \
             the format with --format if it is; or set them with certdesk grade rep1 bob exam POINTS (or --clear)"
        );
        assert_eq!(
            put_words(&message, &Dialog),
            "set it <In(Course)>, or <Give(Roster)> (<Draft> writes one); <NameFormat> if it is; or set them \
             <SetScores { course: \"rep1\", username: \"bob\", activity: \"exam\" }>"
        );
        assert_eq!(put_words("no request: {}", &Dialog), "no request: {}");
    }

    #[test]
    fn what_only_looks_like_a_mark_is_kept() {
        for text in ["\u{E000}Nothing\u{E001} then \u{E000}Draft\u{E001}", "\u{E000}Give\u{E002}Nobody\u{E001}"] {
            let kept = text.replace("\u{E000}Draft\u{E001}", "<Draft>");
            assert_eq!(put_words(text, &Dialog), kept);
        }
        assert_eq!(put_words("unended \u{E000}Draft", &Dialog), "unended \u{E000}Draft");
    }
}
