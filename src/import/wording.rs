//! What a problem asks the person importing to do, which each front end words its own way:
//! the CLI names its flags (`give --roster FILE`), the TUI's import dialog its fields and keys
//! (`fill in the Roster field`).
//!
//! A message is built once, deep in the import, before anyone knows who will read it; so it
//! holds each such request as a mark ([`Ask`]'s `Display`), and [`Problem::describe`] puts the
//! front end's words in its place.
//!
//! [`Problem::describe`]: super::Problem::describe

use std::fmt;

use super::Waiver;

/// A file the import reads besides the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Supplement {
    Course,
    GradingPolicy,
    Roster,
}

impl Supplement {
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Give this file: "give --roster FILE".
    Give(Supplement),
    /// This file, as where to set or check something: "in --course".
    In(Supplement),
    /// What writes a draft course file from the export.
    Draft,
}

impl Ask {
    /// Every request: the marks [`put_words`] looks for.
    const ALL: [Ask; 7] = [
        Ask::Give(Supplement::Course),
        Ask::Give(Supplement::GradingPolicy),
        Ask::Give(Supplement::Roster),
        Ask::In(Supplement::Course),
        Ask::In(Supplement::GradingPolicy),
        Ask::In(Supplement::Roster),
        Ask::Draft,
    ];
}

/// Private-use characters, which no file name, header or cell an import quotes is expected to
/// hold, around the request's name.
const MARK_START: char = '\u{E000}';
const MARK_END: char = '\u{E001}';

impl fmt::Display for Ask {
    /// The mark [`put_words`] replaces, not words: use it only inside a problem's message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{MARK_START}{self:?}{MARK_END}")
    }
}

/// How a front end says what the user can do.
pub trait Wording {
    /// How to give `waiver`: "give --new-learners", "press Ctrl-N".
    fn waiver(&self, waiver: &Waiver) -> String;
    /// How to do what `ask` asks: "give --roster FILE", "fill in the Roster field".
    fn ask(&self, ask: Ask) -> String;
}

/// The CLI's words: `certdesk import`'s flags.
pub struct CliWording;

impl Wording for CliWording {
    fn waiver(&self, waiver: &Waiver) -> String {
        format!("give {}", waiver.flag())
    }

    fn ask(&self, ask: Ask) -> String {
        match ask {
            Ask::Give(supplement) => format!("give {} FILE", supplement.flag()),
            Ask::In(supplement) => supplement.flag().to_string(),
            Ask::Draft => "`certdesk import EXPORT --draft course.toml`".to_string(),
        }
    }
}

/// `message` with each request's mark replaced by `wording`'s words for it.
pub fn put_words(message: &str, wording: &dyn Wording) -> String {
    if !message.contains(MARK_START) {
        return message.to_string();
    }
    let mut text = message.to_string();
    for ask in Ask::ALL {
        text = text.replace(&ask.to_string(), &wording.ask(ask));
    }
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

        fn ask(&self, ask: Ask) -> String {
            format!("<{ask:?}>")
        }
    }

    #[test]
    fn each_request_gets_the_front_ends_words() {
        let message = format!(
            "set it {}, or {} ({} writes one)",
            Ask::In(Supplement::Course),
            Ask::Give(Supplement::Roster),
            Ask::Draft
        );
        assert_eq!(
            put_words(&message, &CliWording),
            "set it --course, or give --roster FILE (`certdesk import EXPORT --draft course.toml` writes one)"
        );
        assert_eq!(put_words(&message, &Dialog), "set it <In(Course)>, or <Give(Roster)> (<Draft> writes one)");
        assert_eq!(put_words("no request: {}", &Dialog), "no request: {}");
    }
}
