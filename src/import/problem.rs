//! One thing wrong with an import, located by file, line and column (or TOML key).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based; `None` for a problem with the file as a whole (it is missing, say).
    pub line: Option<u64>,
    /// 1-based character position in the line, where known.
    pub position: Option<u64>,
    /// The CSV column or TOML key the problem is in.
    pub column: Option<String>,
    pub message: String,
    /// What the person importing can say to let the import through despite this problem.
    pub waiver: Option<Waiver>,
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
            waiver: None,
        }
    }

    /// A problem at `line:position` of `file`.
    pub fn at(file: &str, line: u64, position: u64, column: Option<&str>, message: impl Into<String>) -> Problem {
        Problem { position: Some(position), ..Problem::new(file, Some(line), column, message) }
    }
}

impl fmt::Display for Problem {
    /// `grades.csv:12: column 'quiz-3': 12.5 is above the maximum of 10 points`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(position) = self.position {
                write!(f, ":{position}")?;
            }
        }
        if let Some(column) = &self.column {
            write!(f, ": column '{column}'")?;
        }
        write!(f, ": {}", self.message)
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
