//! Chamilo's gradebook flat view exported as CSV (main/gradebook/lib/
//! flatview_data_generator.class.php): `;` after every cell, no quoting; a header of
//! [official code,] first and last name, one column per evaluation `{name} {weight} %`
//! (weight in percent of the gradebook, one decimal, often a trailing space), `TOTAL`. Data
//! rows start with the user id, which has no header cell. A score is `8 / 10`, possibly with
//! `(80 %)` after it, a bare `80 %`, or empty; the total is `72.5 / 100`.

use super::export::{Export, Format, Item, Learner, slug, unique_ids};
use super::numbers::{Figure, decimal, decimals, percentage, points};
use super::table::{Dialect, Header, Row, Table};
use super::{Problem, read_rows_flexible};
use crate::domain::name::username_problem;
use crate::domain::name_order::full_name;
use crate::domain::shown::echoed;
use crate::domain::{EnrollmentStatus, Points};

pub const DIALECT: Dialect = Dialect { delimiter: b';', quoting: false, trailing_delimiter: true };

/// `Quiz 1 20 %` as (`Quiz 1`, 20.0).
fn evaluation(title: &str) -> Option<(&str, f64)> {
    let (head, weight) = title.trim().strip_suffix('%')?.trim_end().rsplit_once(' ')?;
    let weight = decimal(weight, true)?;
    (!head.trim().is_empty()).then(|| (head.trim(), weight))
}

fn is_total(title: &str) -> bool {
    title.trim().eq_ignore_ascii_case("total")
}

pub fn recognises(first_line: &str, header: &[String]) -> bool {
    first_line.trim_end().ends_with(';')
        && header.iter().any(|cell| is_total(cell))
        && header.iter().any(|cell| evaluation(cell).is_some())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NameColumn {
    Code,
    First,
    Last,
    Joined,
}

fn name_column(title: &str) -> Option<NameColumn> {
    let lower = title.trim().to_lowercase();
    let lower = lower.as_str();
    match lower {
        "official code" | "officialcode" | "code officiel" | "código oficial" | "code" => Some(NameColumn::Code),
        "first name" | "firstname" | "prénom" | "nombre" | "nombres" => Some(NameColumn::First),
        "last name" | "lastname" | "nom" | "apellidos" | "apellido" => Some(NameColumn::Last),
        _ if lower.contains("first") && lower.contains("last") => Some(NameColumn::Joined),
        _ => None,
    }
}

/// A score cell: (points, maximum) from `8 / 10 …`, or a percentage as points out of 100.
fn score(text: &str) -> Result<Option<(f64, Option<f64>)>, String> {
    let text = text.trim();
    if text.is_empty() || text == "-" {
        return Ok(None);
    }
    let unreadable = || format!("'{text}' is not a score such as 8 / 10 or 80 %");
    if let Some((earned, rest)) = text.split_once('/') {
        let maximum = rest.trim_start().split(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
        let earned = decimal(earned, true).ok_or_else(unreadable)?;
        let maximum = decimal(maximum, true).ok_or_else(unreadable)?;
        return Ok(Some((earned, Some(maximum))));
    }
    percentage(text, true).map(|value| Some((value, None))).ok_or_else(unreadable)
}

pub fn read(file: &str, text: &str, problems: &mut Vec<Problem>) -> Option<Export> {
    let mut table = Table::new(file, text, DIALECT);
    let mut row = Row::default();
    let Header { cells: header, positions } = table.read_header(&mut row, problems)?;
    let total_at = header.iter().position(|cell| is_total(cell));
    let first_item = header.iter().position(|cell| evaluation(cell).is_some()).unwrap_or(header.len());
    let names: Vec<(usize, NameColumn)> = header[..first_item]
        .iter()
        .enumerate()
        .map(|(index, title)| {
            let positional = match (first_item, index) {
                (1, _) => NameColumn::Joined,
                (2, 0) => NameColumn::First,
                (2, _) => NameColumn::Last,
                (_, 0) => NameColumn::Code,
                (_, 1) => NameColumn::First,
                _ => NameColumn::Last,
            };
            (index, name_column(title).unwrap_or(positional))
        })
        .collect();
    let mut items = Vec::new();
    let mut columns = Vec::new();
    for (index, title) in header.iter().enumerate() {
        if let Some((name, weight)) = evaluation(title) {
            items.push(Item {
                platform_id: None,
                id: slug(name, "evaluation"),
                title: name.to_string(),
                group: "Gradebook".to_string(),
                max_points: None,
                weight: Some(weight),
                position: positions[index],
                column: title.clone(),
            });
            columns.push(index);
        }
    }
    unique_ids(&mut items);

    let mut learners = Vec::with_capacity(super::rows_in(text));
    let mut seen = super::export::Seen::default();
    // Per evaluation, the line whose score first said what it is out of.
    let mut maximum_lines: Vec<u64> = vec![0; items.len()];
    let code_at = names.iter().find(|(_, kind)| *kind == NameColumn::Code).map(|(at, _)| *at);
    let width = header.len();
    read_rows_flexible(&mut table, &mut row, width, problems, |table, row, problems| {
        // Rows carry the user id before the cells the header names.
        let offset = row.cells.len() - width;
        let cell = |index: usize| row.cell(index + offset).trim();
        let user_id = (offset > 0).then(|| row.cell(0).trim());
        // Where the username was read, for messages: the official code's cell, or the user id's
        // (which has no header, so no column name).
        let (username, username_cell, username_column) = match code_at.filter(|&at| !cell(at).is_empty()) {
            Some(at) => (cell(at), at + offset, Some(header[at].as_str())),
            None => (user_id.unwrap_or(""), 0, None),
        };
        if let Some(problem) = username_problem(username) {
            let message = format!(
                "'{}' cannot be a username ({problem}): the export needs the official code or the user id",
                echoed(username)
            );
            problems.push(table.problem(row, username_cell, username_column, message));
            return;
        }
        if let Some((first_line, first_name)) = seen.earlier(&learners, username, row.line) {
            let message = super::export::two_rows(username, (first_line, &first_name));
            problems.push(table.problem(row, username_cell, username_column, message));
            return;
        }
        let part = |kind| names.iter().find(|(_, k)| *k == kind).map_or("", |(at, _)| cell(*at));
        let joined = part(NameColumn::Joined);
        let full_name = if joined.is_empty() {
            full_name(part(NameColumn::First), part(NameColumn::Last))
        } else {
            joined.to_string()
        };
        let mut cells = Vec::with_capacity(columns.len());
        for ((item, &at), maximum_line) in items.iter_mut().zip(&columns).zip(&mut maximum_lines) {
            match score(cell(at)) {
                Ok(None) => cells.push(None),
                Ok(Some((earned, maximum))) => {
                    let maximum = maximum.and_then(points).unwrap_or(Points::from_hundredths(10_000));
                    match item.max_points {
                        Some(known) if known != maximum => {
                            let message = format!(
                                "out of {maximum} here but out of {known} on line {maximum_line}: Chamilo gives an \
                                 evaluation one maximum (check both learners' scores on Chamilo and export again)"
                            );
                            problems.push(table.problem(row, at + offset, Some(&header[at]), message));
                        }
                        Some(_) => {}
                        None => {
                            item.max_points = Some(maximum);
                            *maximum_line = row.line;
                        }
                    }
                    cells.push(points(earned));
                }
                Err(message) => problems.push(table.problem(row, at + offset, Some(&header[at]), message)),
            }
        }
        let platform_grade = total_at.and_then(|at| match score(cell(at)) {
            Ok(Some((earned, Some(maximum)))) if maximum > 0.0 => {
                let text = cell(at).split('/').next().unwrap_or("");
                Some(Figure::rounded(earned / maximum * 100.0, decimals(text.trim()) + 1))
            }
            Ok(Some((value, None))) => Some(Figure::rounded(value, decimals(cell(at).trim_end_matches(['%', ' '])))),
            _ => None,
        });
        if cells.len() == columns.len() {
            learners.push(Learner {
                line: row.line,
                username: username.to_string(),
                email: String::new(),
                full_name: (!full_name.is_empty()).then_some(full_name),
                mode: None,
                status: EnrollmentStatus::Active,
                cells,
                platform_grade,
                platform_eligible: None,
                earlier_username: None,
                login_missing: false,
            });
        }
    });
    Some(Export {
        format: Format::Chamilo,
        layout: "gradebook flat view",
        file: file.to_string(),
        items,
        learners,
        grade_column: total_at.map(|at| header[at].clone()),
        notes: Vec::new(),
        groups: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_scores() {
        assert_eq!(evaluation("Quiz 1 20 % "), Some(("Quiz 1", 20.0)));
        assert_eq!(evaluation("Essai 33,3 %"), Some(("Essai", 33.3)));
        assert_eq!(evaluation("TOTAL"), None);
        assert_eq!(score("8 / 10 (80 %)"), Ok(Some((8.0, Some(10.0)))));
        assert_eq!(score("7,5/10"), Ok(Some((7.5, Some(10.0)))));
        assert_eq!(score("80 %"), Ok(Some((80.0, None))));
        assert_eq!(score(""), Ok(None));
        assert!(score("huit").is_err());
    }
}
