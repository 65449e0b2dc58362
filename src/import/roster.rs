//! `roster.csv`: `username,full_name,email,mode`, and optionally `status` (active or withdrawn).

use std::collections::HashMap;

use super::csv_file::CsvFile;
use super::problem::Problem;
use crate::domain::name::{full_name_problem, is_valid_username, username_problem};
use crate::domain::shown::echoed;
use crate::domain::{EnrollmentStatus, Mode};

pub const FILE: &str = "roster.csv";

/// The columns a roster has, `status` optional.
const COLUMNS: [&str; 5] = ["username", "full_name", "email", "mode", "status"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub line: u64,
    pub username: String,
    pub full_name: String,
    pub email: String,
    pub mode: Mode,
    pub status: EnrollmentStatus,
}

/// What a roster.csv gives: its learners, and whom its rows name.
#[derive(Debug, Default)]
pub struct Roster {
    pub entries: Vec<RosterEntry>,
    /// Every username a row names, a row with a mistake in another cell or of the wrong width
    /// included; `None` when the file could not be read as a table or to its end (a quote
    /// never closed takes the rest of it): then no username is known to be missing from it,
    /// and saying so of grades.csv's rows would only repeat that mistake. Keyed by the
    /// username in lowercase (logins differing only in case are one person), to the first
    /// spelling of it in the file.
    pub named: Option<HashMap<String, String>>,
}

pub fn parse(text: &str, problems: &mut Vec<Problem>) -> Roster {
    let Some(mut csv) = CsvFile::open(FILE, text, problems) else {
        return Roster::default();
    };
    let [username, full_name, email, mode, status] = COLUMNS;
    let required = [username, full_name, email, mode].map(|name| csv.column(name, problems));
    let [Some(username), Some(full_name), Some(email), Some(mode)] = required else {
        return Roster::default();
    };
    let status = csv.optional_column(status);
    // Only the first of two like-named columns would be read: a second `status` holding
    // `withdrawn` left the learner active, unsaid.
    for name in COLUMNS {
        let at: Vec<usize> = (0..csv.header.len()).filter(|&index| csv.header[index] == name).collect();
        if let [first, second, ..] = at[..] {
            let message = format!(
                "the column '{name}' is there twice (columns {} and {}): which one to read cannot be told; keep one",
                first + 1,
                second + 1
            );
            problems.push(Problem::new(FILE, Some(1), Some(name), message));
        }
    }
    // A column read as no other would be dropped without a word: a misspelt `status` left
    // every learner active, a withdrawn one certified.
    for name in csv.header.iter().filter(|name| !name.is_empty() && !COLUMNS.contains(&name.as_str())) {
        let hint = crate::domain::spelling::closest(name, &COLUMNS).map(|meant| format!("; did you mean '{meant}'?"));
        let message = format!(
            "unknown column '{}' (a roster's columns are username, full_name, email, mode and status{})",
            crate::domain::shown::echoed(name),
            hint.unwrap_or_default()
        );
        problems.push(Problem::new(FILE, Some(1), Some(name), message));
    }
    let mut entries = Vec::new();
    let mut named = HashMap::new();
    let mut first_line: HashMap<String, (u64, String)> = HashMap::new();
    let unread = csv.for_each_row(problems, |line, record, problems| {
        let cell = |index: usize| record.get(index).unwrap_or("").trim();
        let mut report =
            |column: &str, message: String| problems.push(Problem::new(FILE, Some(line), Some(column), message));
        let username = cell(username);
        if username.is_empty() {
            report("username", "missing required field".into());
            return;
        }
        if let Some(problem) = username_problem(username) {
            report("username", format!("'{}' is not a username: {problem}", echoed(username)));
            return;
        }
        named.entry(username.to_lowercase()).or_insert_with(|| username.to_string());
        // Logins differing only in case are one person (as on the platforms): one learner.
        if let Some((first, first_name)) = first_line.get(&username.to_lowercase()) {
            let message = if first_name == username {
                format!("duplicate username '{username}' (first on line {first})")
            } else {
                format!("duplicate username '{username}': '{first_name}' on line {first} differs only in case")
            };
            report("username", message);
            return;
        }
        first_line.insert(username.to_lowercase(), (line, username.to_string()));
        let written = record.get(full_name).unwrap_or("");
        let full_name = cell(full_name);
        if written.is_empty() {
            report("full_name", "missing required field".into());
        } else if full_name.is_empty() {
            report("full_name", "the name is only spaces".into());
        } else if let Some(problem) = full_name_problem(full_name) {
            report("full_name", problem);
        }
        let email = cell(email);
        if !email.is_empty() && (!email.contains('@') || email.contains(char::is_whitespace)) {
            report("email", format!("'{email}' is not an email address"));
        }
        let mode = match cell(mode) {
            "" => Err("missing required field".to_string()),
            text => text.parse::<Mode>(),
        };
        let status = status.map_or(Ok(EnrollmentStatus::Active), |index| cell(index).parse());
        match (mode, status) {
            (Ok(mode), Ok(status)) if !full_name.is_empty() => entries.push(RosterEntry {
                line,
                username: username.to_string(),
                full_name: full_name.to_string(),
                email: email.to_string(),
                mode,
                status,
            }),
            (mode, status) => {
                if let Err(message) = mode {
                    report("mode", message);
                }
                if let Err(message) = status {
                    report("status", message);
                }
            }
        }
    });
    // A row of the wrong width still names its learner.
    let misshapen = unread.misshapen.iter().filter_map(|record| record.get(username)).map(str::trim);
    for username in misshapen.filter(|username| is_valid_username(username)) {
        named.entry(username.to_lowercase()).or_insert_with(|| username.to_string());
    }
    Roster { entries, named: (!unread.cut_short).then_some(named) }
}
