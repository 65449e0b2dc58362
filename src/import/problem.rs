//! One thing wrong with an import, located by file, line and column (or TOML key).

use std::fmt;

use super::wording::{CliWording, Wording, put_words};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based; `None` for a problem with the file as a whole (it is missing, say).
    pub line: Option<u64>,
    /// 1-based character position in the line, where known.
    pub position: Option<u64>,
    /// The CSV column or TOML key the problem is in.
    pub column: Option<String>,
    /// Where it asks the user to do something that each front end words its own way, it
    /// holds marks ([`super::Ask`]): read it through `describe` or `Display`.
    pub message: String,
    /// What the person importing can say to let the import through despite this problem.
    /// Boxed: problems travel in `Result`s, and most have none.
    pub waivable: Option<Box<Waivable>>,
}

/// A waiver, and when it is right. Kept apart from the message because the CLI gives a waiver
/// with a flag and the TUI with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waivable {
    pub waiver: Waiver,
    /// Said after how to give the waiver: "if 2002 is another person".
    pub when: String,
}

/// A refusal the person importing may overrule, knowing what it costs: the CLI's
/// `--new-learners` and `--remove-activities`. Counts are `u32` to keep `Problem` small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiver {
    /// The learners new to the course really are new (this many).
    NewLearners { learners: u32 },
    /// The activities the file lacks really are gone, with their scores.
    RemoveActivities { activities: u32, scores: u32 },
}

impl Waiver {
    /// The CLI's flag that gives this waiver.
    pub fn flag(&self) -> &'static str {
        match self {
            Waiver::NewLearners { .. } => "--new-learners",
            Waiver::RemoveActivities { .. } => "--remove-activities",
        }
    }
}

impl Problem {
    pub fn new(
        file: impl Into<String>,
        line: Option<u64>,
        column: Option<&str>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            file: file.into(),
            line,
            position: None,
            column: column.map(str::to_string),
            message: message.into(),
            waivable: None,
        }
    }

    /// This problem, which `waiver` lets through `when` (e.g. "if they really are other learners").
    pub fn waivable(self, waiver: Waiver, when: impl Into<String>) -> Problem {
        Problem { waivable: Some(Box::new(Waivable { waiver, when: when.into() })), ..self }
    }

    /// What lets the import through despite this problem, if anything does.
    pub fn waiver(&self) -> Option<Waiver> {
        self.waivable.as_ref().map(|waivable| waivable.waiver)
    }

    /// The problem in `wording`'s words: the CLI's flags, as [`fmt::Display`] writes it, or
    /// the TUI dialog's keys and fields ("press Ctrl-N", "fill in the Roster field").
    pub fn describe(&self, wording: &dyn Wording) -> String {
        let mut text = self.file.clone();
        if let Some(line) = self.line {
            text.push_str(&format!(":{line}"));
            if let Some(position) = self.position {
                text.push_str(&format!(":{position}"));
            }
        }
        if let Some(column) = &self.column {
            // A CSV file has columns; a course.toml or a grading_policy.json has keys.
            let keyed = [".toml", ".json"].iter().any(|extension| self.file.to_ascii_lowercase().ends_with(extension));
            let what = if keyed { "key" } else { "column" };
            text.push_str(&format!(": {what} '{column}'"));
        }
        text.push_str(&format!(": {}", put_words(&self.message, wording)));
        if let Some(Waivable { waiver, when }) = self.waivable.as_deref() {
            text.push_str(&format!(", or {} {when}", wording.waiver(waiver)));
        }
        text
    }

    /// A problem at `line:position` of `file`.
    pub fn at(file: &str, line: u64, position: u64, column: Option<&str>, message: impl Into<String>) -> Problem {
        Problem { position: Some(position), ..Problem::new(file, Some(line), column, message) }
    }
}

impl fmt::Display for Problem {
    /// `grades.csv:12: column 'quiz-3': 12.5 is above the maximum of 10 points`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(&CliWording))
    }
}

/// How many problems are printed; the rest are counted.
const SHOWN: usize = 50;

/// Everything found wrong with an import; nothing is written while there is any.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(f, "found {count} problem{}; nothing was imported:", if count == 1 { "" } else { "s" })?;
        for (index, problem) in self.0.iter().take(SHOWN).enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "  {problem}")?;
        }
        if count > SHOWN {
            write!(f, "\n  ... and {} more", count - SHOWN)?;
        }
        Ok(())
    }
}

/// 1-based line of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> u64 {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&byte| byte == b'\n').count() as u64 + 1
}
