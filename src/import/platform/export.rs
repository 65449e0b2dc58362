//! What every platform adapter makes of its file: graded items, learners with their cells,
//! and the platform's own grade and eligibility where the file carries them.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::numbers::Figure;
use crate::domain::name::username_problem;
use crate::domain::name_order::full_name;
use crate::domain::shown::echoed;
use crate::domain::{EnrollmentStatus, Mode, Points};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    OpenEdx,
    Moodle,
    Canvas,
    Chamilo,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::OpenEdx, Format::Moodle, Format::Canvas, Format::Chamilo];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::OpenEdx => "openedx",
            Format::Moodle => "moodle",
            Format::Canvas => "canvas",
            Format::Chamilo => "chamilo",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::OpenEdx => "Open edX grade report",
            Format::Moodle => "Moodle grade export",
            Format::Canvas => "Canvas gradebook export",
            Format::Chamilo => "Chamilo gradebook flat view",
        }
    }
}

/// "a Moodle grade export", "an Open edX grade report".
pub fn with_article(label: &str) -> String {
    let article = if label.starts_with(['A', 'E', 'I', 'O', 'U']) { "an" } else { "a" };
    format!("{article} {label}")
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Format, String> {
        let wanted = text.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|format| format.as_str() == wanted || (wanted == "edx" && *format == Format::OpenEdx))
            .ok_or_else(|| format!("unknown format '{text}' (expected openedx, moodle, canvas or chamilo)"))
    }
}

/// One graded column of the export, which becomes an activity.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub title: String,
    /// What groups it: the edX assignment type, the Moodle module, the Chamilo category.
    pub group: String,
    /// The maximum, when the file says it (Canvas's Points Possible, Moodle's Real and
    /// Percentage pair, Chamilo's `8 / 10`, edX's fractions read as out of 100).
    pub max_points: Option<Points>,
    /// Its weight within its group, when the file says it (Chamilo's `20 %`).
    pub weight: Option<f64>,
    /// 1-based position of its column in the header, for messages.
    pub position: u64,
    /// Its column's title as the header writes it (`Quiz: Week 1 (Real)`, `Essay (101)`), for
    /// messages about its cells; the first of its columns where it has several.
    pub column: String,
    /// The platform's own id of the item, when the file carries one: Canvas's `(104)`.
    pub platform_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Learner {
    pub line: u64,
    pub username: String,
    pub email: String,
    pub full_name: Option<String>,
    pub mode: Option<Mode>,
    pub status: EnrollmentStatus,
    /// One per item; `None` is not graded (or excused, or not assigned).
    pub cells: Vec<Option<Points>>,
    /// The platform's own grade of the learner.
    pub platform_grade: Option<Figure>,
    /// The platform's own eligibility for a certificate (edX's `Certificate Eligible`).
    pub platform_eligible: Option<bool>,
    /// The username the learner had in an export made before their `username` was known:
    /// Canvas names a learner by their Canvas `ID` until the SIS login is filled in.
    pub earlier_username: Option<String>,
    /// The file has a login column but this learner's cell is empty, so `username` is a
    /// stand-in (Canvas's `ID`), not the login a course imported earlier may know them by.
    pub login_missing: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub format: Format,
    /// Which of the format's layouts the file has, for the report.
    pub layout: &'static str,
    pub file: String,
    pub items: Vec<Item>,
    pub learners: Vec<Learner>,
    /// The column the platform's grade came from, for the report.
    pub grade_column: Option<String>,
    /// What the import could not take over as the platform means it (excused cells, say).
    pub notes: Vec<String>,
    /// The assignment groups a Canvas export's total columns name, which its assignments' own
    /// columns do not; empty for the other formats.
    pub groups: Vec<String>,
}

/// Finds a username's earlier row without a second copy of every username: a map from the
/// name's hash (lowercase: the platforms compare logins ignoring case, so `Merry` and `merry`
/// are one learner) to the index its learner gets, checked against the learner itself.
#[derive(Default)]
pub struct Seen {
    by_hash: std::collections::HashMap<u64, usize>,
    /// The row last admitted: how many learners there were then, its line and username. Once
    /// the next row comes with no learner pushed for it, it was not kept (a cell of it was
    /// refused), and goes to `unkept`.
    last: Option<(usize, u64, String)>,
    /// Rows admitted but not kept (line, username): a later row of the same learner is still a
    /// second row, reported with the problem of the first rather than once it is mended.
    unkept: Vec<(u64, String)>,
}

impl Seen {
    fn hash(username: &str) -> u64 {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        BuildHasherDefault::<DefaultHasher>::default().hash_one(username.to_lowercase())
    }

    /// Why the row at `line` naming `username` cannot become the next learner (not a
    /// username, or the name of an earlier row); when it can, remembers that the next learner
    /// pushed has it.
    pub fn admit(&mut self, learners: &[Learner], username: &str, line: u64) -> Result<(), String> {
        if let Some(problem) = username_problem(username) {
            return Err(format!("'{}' cannot be a username: {problem}", echoed(username)));
        }
        match self.earlier(learners, username, line) {
            Some((first_line, first_name)) => Err(two_rows(username, (first_line, &first_name))),
            None => Ok(()),
        }
    }

    /// The earlier row naming `username`, ignoring case (its line and username), kept as a
    /// learner or not; else remembers that the next learner pushed is the row at `line`.
    pub fn earlier(&mut self, learners: &[Learner], username: &str, line: u64) -> Option<(u64, String)> {
        if let Some((count, line, name)) = self.last.take()
            && learners.len() == count
        {
            self.unkept.push((line, name));
        }
        let same = |learner: &&Learner| same_login(&learner.username, username);
        let found = match self.by_hash.get(&Self::hash(username)) {
            Some(&index) => learners.get(index).filter(same).or_else(|| {
                // Another name with the same hash, or a row that was not kept: look properly.
                learners.iter().find(same)
            }),
            None => {
                self.by_hash.insert(Self::hash(username), learners.len());
                None
            }
        };
        let found = found.map(|learner| (learner.line, learner.username.clone())).or_else(|| {
            self.unkept.iter().find(|(_, name)| same_login(name, username)).map(|(line, name)| (*line, name.clone()))
        });
        if found.is_none() {
            self.last = Some((learners.len(), line, username.to_string()));
        }
        found
    }
}

/// Two logins the platforms take for one: equal ignoring case.
pub fn same_login(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

/// Why a second row of one learner is refused: `'frodo' has two rows (first on line 3)`, or,
/// for names differing in case, which earlier name it is.
pub fn two_rows(username: &str, (first_line, first_name): (u64, &str)) -> String {
    if username == first_name {
        format!("'{username}' has two rows (first on line {first_line})")
    } else {
        format!(
            "'{username}' and '{first_name}' on line {first_line} are one learner: usernames that differ only in case \
             are one login on the platform"
        )
    }
}

/// Turns a column title into an activity id: lowercase ASCII letters and digits joined by
/// dashes, at most 40 characters; `fallback` when nothing is left.
pub fn slug(title: &str, fallback: &str) -> String {
    let mut id = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let mut id: String = id.trim_end_matches('-').chars().take(40).collect();
    while id.ends_with('-') {
        id.pop();
    }
    if id.is_empty() || id == "username" { fallback.to_string() } else { id }
}

/// Makes every item id unique by numbering repeats (`quiz`, `quiz-2`).
pub fn unique_ids(items: &mut [Item]) {
    let mut seen = std::collections::HashSet::new();
    for item in items {
        let base = item.id.clone();
        let mut number = 2;
        while !seen.insert(item.id.clone()) {
            item.id = format!("{base}-{number}");
            number += 1;
        }
    }
}

/// "Baggins, Bilbo" as "Bilbo Baggins" ("王, 小明" as "王小明": see `full_name`); a name
/// without a comma as it is.
pub fn first_last(sortable: &str) -> String {
    match sortable.split_once(',') {
        Some((last, first)) if !first.trim().is_empty() => full_name(first, last),
        _ => sortable.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_names() {
        assert_eq!(slug("Homework 1: Intro to Ohm's law", "x"), "homework-1-intro-to-ohm-s-law");
        assert_eq!(slug("Quiz (Real)", "x"), "quiz-real");
        assert_eq!(slug("Ιστορία", "item-3"), "item-3");
        assert_eq!(first_last("Baggins, Bilbo"), "Bilbo Baggins");
        assert_eq!(first_last("Galadriel"), "Galadriel");
        assert_eq!(first_last("王, 小明"), "王小明");
        assert_eq!("edx".parse(), Ok(Format::OpenEdx));
    }

    #[test]
    fn a_row_is_admitted_once_per_username() {
        let learner = |line: u64, username: &str| Learner {
            line,
            username: username.to_string(),
            email: String::new(),
            full_name: None,
            mode: None,
            status: EnrollmentStatus::Active,
            cells: Vec::new(),
            platform_grade: None,
            platform_eligible: None,
            earlier_username: None,
            login_missing: false,
        };
        let (mut seen, mut learners) = (Seen::default(), Vec::new());
        for (line, username) in [(2, "bilbo"), (3, "frodo")] {
            assert_eq!(seen.admit(&learners, username, line), Ok(()));
            learners.push(learner(line, username));
        }
        assert_eq!(seen.admit(&learners, "frodo", 4), Err("'frodo' has two rows (first on line 3)".to_string()));
        assert_eq!(
            seen.admit(&learners, "Bilbo", 5),
            Err("'Bilbo' and 'bilbo' on line 2 are one learner: usernames that differ only in case are one login on \
                 the platform"
                .to_string())
        );
        assert_eq!(
            seen.admit(&learners, "sam gamgee", 6),
            Err("'sam gamgee' cannot be a username: it contains a space; a username has none".to_string())
        );
        assert_eq!(seen.admit(&learners, "sam", 7), Ok(()));
        // Sam's row was not kept (a cell of it refused), and merry's was: a second row of sam
        // is still a second row, and is told beside the first one's problem.
        assert_eq!(seen.admit(&learners, "merry", 8), Ok(()));
        learners.push(learner(8, "merry"));
        assert_eq!(seen.admit(&learners, "Sam", 9), Err("'Sam' and 'sam' on line 7 are one learner: usernames that differ only in case are one login on the platform".to_string()));
        assert_eq!(seen.admit(&learners, "merry", 10), Err("'merry' has two rows (first on line 8)".to_string()));
    }
}
