//! `--roster FILE`: who the learners are, for exports that do not say (names in an Open edX
//! grade report, modes anywhere but Open edX). Either certdesk's roster.csv or a platform's
//! learner list, such as Open edX's enrolled-learner profile CSV (`id, username, name, email,
//! …, enrollment_mode, …`) or Moodle's participants: columns are found by their names.

use std::collections::HashMap;

use super::Problem;
use super::table::{Dialect, Row, Table, first_line, header_cells};
use crate::domain::name::full_name_problem;
use crate::domain::name_order::full_name;
use crate::domain::{EnrollmentStatus, Mode};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RosterRow {
    pub full_name: Option<String>,
    pub email: Option<String>,
    pub mode: Option<Mode>,
    pub status: Option<EnrollmentStatus>,
}

#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub by_username: HashMap<String, RosterRow>,
    /// Lowercase email -> username, to match exports that name learners by email; built on
    /// the first learner not found by username (an Open edX import never needs it).
    by_email: std::cell::OnceCell<HashMap<String, String>>,
}

impl Roster {
    pub fn find(&self, username: &str, email: &str) -> Option<&RosterRow> {
        self.by_username.get(username).or_else(|| {
            let by_email = self.by_email.get_or_init(|| {
                let rows = self.by_username.iter();
                rows.filter_map(|(name, row)| Some((row.email.as_ref()?.to_lowercase(), name.clone()))).collect()
            });
            let owner = by_email.get(&email.to_lowercase()).or_else(|| by_email.get(&username.to_lowercase()))?;
            self.by_username.get(owner)
        })
    }
}

fn column(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|cell| names.iter().any(|name| cell.eq_ignore_ascii_case(name)))
}

/// Open edX enrollment modes and certdesk's, as certdesk modes.
pub fn mode_of(text: &str) -> Result<Mode, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "audit" => Ok(Mode::Audit),
        "honor" => Ok(Mode::Honor),
        "verified"
        | "professional"
        | "no-id-professional"
        | "credit"
        | "masters"
        | "executive-education"
        | "paid-executive-education"
        | "paid-bootcamp" => Ok(Mode::Verified),
        other => Err(format!("unknown mode '{other}' (audit, honor, verified, professional or no-id-professional)")),
    }
}

pub fn parse(file: &str, text: &str) -> Result<Roster, Vec<Problem>> {
    let line = first_line(text);
    let dialect = [b',', b';', b'\t']
        .into_iter()
        .map(Dialect::csv)
        .max_by_key(|dialect| header_cells(line, *dialect).len())
        .unwrap_or(Dialect::csv(b','));
    let header = header_cells(line, dialect);
    let username = column(&header, &["username", "user name", "login", "sis login id"]);
    let name = column(&header, &["full_name", "full name", "name"]);
    let first = column(&header, &["first name", "firstname", "first_name"]);
    let last = column(&header, &["last name", "lastname", "last_name", "surname"]);
    let email = column(&header, &["email", "email address", "e-mail", "mail"]);
    let mode = column(&header, &["mode", "enrollment_mode", "enrollment mode", "enrollment track", "track"]);
    let status = column(&header, &["status", "enrollment status"]);
    let Some(username) = username else {
        return Err(vec![Problem::at(
            file,
            1,
            1,
            Some("username"),
            "missing required column: the roster needs usernames",
        )]);
    };
    let mut problems = Vec::new();
    let mut roster = Roster::default();
    let mut table = Table::new(file, text, dialect);
    let mut row = Row::default();
    let _ = table.next_row(&mut row);
    super::read_rows(&mut table, &mut row, header.len(), &mut problems, |table, row, problems| {
        let cell = |at: Option<usize>| at.map(|at| row.cell(at).trim()).filter(|text| !text.is_empty());
        let Some(key) = cell(Some(username)) else { return };
        let full_name = cell(name).map(str::to_string).or_else(|| {
            let joined = full_name(cell(first).unwrap_or(""), cell(last).unwrap_or(""));
            (!joined.is_empty()).then_some(joined)
        });
        if let Some(problem) = full_name.as_deref().and_then(full_name_problem) {
            let at = name.or(first).or(last).unwrap_or(0);
            problems.push(table.problem(row, at, Some(&header[at]), format!("{key}: {problem}")));
        }
        let mode = match cell(mode).map(mode_of) {
            Some(Ok(mode)) => Some(mode),
            Some(Err(message)) => {
                problems.push(table.problem(row, mode.unwrap_or(0), Some(&header[mode.unwrap_or(0)]), message));
                None
            }
            None => None,
        };
        let status = match cell(status).map(|text| text.to_ascii_lowercase()) {
            None => None,
            Some(text) if text == "active" || text == "enrolled" => Some(EnrollmentStatus::Active),
            Some(text) if text == "withdrawn" || text == "unenrolled" => Some(EnrollmentStatus::Withdrawn),
            Some(text) => {
                let at = status.unwrap_or(0);
                problems.push(table.problem(row, at, Some(&header[at]), format!("unknown status '{text}'")));
                None
            }
        };
        roster
            .by_username
            .insert(key.to_string(), RosterRow { full_name, email: cell(email).map(str::to_string), mode, status });
    });
    if problems.is_empty() { Ok(roster) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_edx_profile_export_and_a_certdesk_roster() {
        let profile = "id,username,name,email,language,enrollment_mode\n7,bilbo,Bilbo Baggins,B@shire.me,en,verified\n";
        let roster = parse("p.csv", profile).expect("profile");
        let bilbo = roster.find("someone", "b@shire.me").expect("found by email");
        assert_eq!((bilbo.full_name.as_deref(), bilbo.mode), (Some("Bilbo Baggins"), Some(Mode::Verified)));
        let certdesk = "username,full_name,email,mode,status\nzoe,Zoë,zoe@x.org,honor,withdrawn\n";
        let zoe = parse("r.csv", certdesk).expect("roster").by_username["zoe"].clone();
        assert_eq!(zoe.status, Some(EnrollmentStatus::Withdrawn));
        let bad = parse("r.csv", "username,mode\nzoe,gold\n").expect_err("bad mode");
        assert_eq!(
            bad[0].to_string(),
            "r.csv:2:5: column 'mode': unknown mode 'gold' (audit, honor, verified, professional or no-id-professional)"
        );
    }
}
