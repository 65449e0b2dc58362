//! The learning platforms' own exports: one adapter per platform turns its file into an
//! `Export` (items, learners, the platform's own grade), which `build` combines with what the
//! file lacks (a course.toml, Open edX's grading_policy.json, a roster) into a course.

mod agreement;
mod build;
mod canvas;
mod chamilo;
mod draft;
mod export;
mod file_import;
mod headings;
mod learners;
mod localized;
mod matching;
mod moodle;
mod moodle_maxima;
mod numbers;
mod openedx;
mod openedx_problems;
mod policy;
mod rescale;
mod roster;
mod scores;
mod table;

pub use agreement::{Agreement, EligibilityAgreement, EligibilityDifference, GradeDifference};
pub use build::{Built, Supplements, Verdict, build};
pub use draft::draft_course_toml;
pub use export::{Export, Format, Item, Learner, with_article};
pub use file_import::{Draft, FileImport, draft_for, import_file, import_path, read_file_import, write_draft};
pub use numbers::Figure;
pub use policy::GradingPolicy;

use super::problem::Problem;
use table::{Dialect, Row, Table, delimiter_name, first_line, header_cells};

/// How many rows a text has at most (its line ends), so that the learners of a large export
/// are allocated once: growing the vector by doubling held both copies at the peak.
fn rows_in(text: &str) -> usize {
    text.bytes().filter(|&byte| byte == b'\n').count() + 1
}

/// Reads the rows after the header, calling `on_row` with each non-blank row of the
/// header's width; rows of another width are reported, with what probably went wrong.
fn read_rows<'a>(
    table: &mut Table<'a>,
    row: &mut Row<'a>,
    width: usize,
    problems: &mut Vec<Problem>,
    on_row: impl FnMut(&Table<'a>, &Row<'a>, &mut Vec<Problem>),
) {
    read_rows_within(table, row, width, width, problems, on_row)
}

/// Like `read_rows`, for Chamilo, whose rows carry up to two cells the header does not name.
fn read_rows_flexible<'a>(
    table: &mut Table<'a>,
    row: &mut Row<'a>,
    width: usize,
    problems: &mut Vec<Problem>,
    on_row: impl FnMut(&Table<'a>, &Row<'a>, &mut Vec<Problem>),
) {
    read_rows_within(table, row, width, width + 2, problems, on_row)
}

fn read_rows_within<'a>(
    table: &mut Table<'a>,
    row: &mut Row<'a>,
    least: usize,
    most: usize,
    problems: &mut Vec<Problem>,
    mut on_row: impl FnMut(&Table<'a>, &Row<'a>, &mut Vec<Problem>),
) {
    loop {
        match table.next_row(row) {
            Ok(false) => break,
            Err(problem) => {
                problems.push(problem);
                break;
            }
            Ok(true) if row.is_blank() => {}
            Ok(true) if (least..=most).contains(&row.cells.len()) => on_row(table, row, problems),
            Ok(true) => problems.push(width_problem(table, row, least)),
        }
    }
}

/// A row of the wrong width: another delimiter, or the end of a truncated file?
fn width_problem(table: &Table, row: &Row, width: usize) -> Problem {
    let text = table.text();
    let rest = &text[row.start..];
    let line_text = rest.split(['\n', '\r']).next().unwrap_or("");
    let cells = row.cells.len();
    let mut message = if cells < width {
        format!("too few cells: {cells} where the header has {width} columns")
    } else {
        format!("too many cells: {cells} where the header has {width} columns")
    };
    let dialect = table.dialect();
    let other = [b',', b';', b'\t', b':']
        .into_iter()
        .filter(|&delimiter| delimiter != dialect.delimiter)
        .find(|&delimiter| header_cells(line_text, Dialect::csv(delimiter)).len() == width);
    if row.cells.len() < width
        && let Some(delimiter) = other
    {
        message.push_str(&format!(
            ": the line is separated by {} where the header uses {}",
            delimiter_name(delimiter),
            dialect.delimiter_name()
        ));
    } else if row.cells.len() < width && !text.ends_with('\n') && rest.len() == line_text.len() {
        message.push_str(": the file stops in the middle of this line; it is probably truncated (download it again)");
    } else if cells < width {
        message.push_str(": the line was cut short or edited by hand; export the file again, or add the missing cells");
    } else {
        message.push_str(
            ": a cell may hold the file's separator without quotes around it, most likely after an edit by hand; \
             export the file again, or put that cell in quotes",
        );
    }
    let (line, _) = table.locate(row, row.start);
    Problem::at(table.file(), line, 1, None, message)
}

/// Which format `text` is, and how it is delimited: from its header, or forced.
pub fn detect(file: &str, text: &str, forced: Option<Format>) -> Result<(Format, Dialect), Problem> {
    let line = first_line(text);
    let candidates: Vec<(Format, Dialect)> = Format::ALL
        .into_iter()
        .filter(|format| forced.is_none_or(|forced| forced == *format))
        .flat_map(|format| dialects(format).into_iter().map(move |dialect| (format, dialect)))
        .collect();
    let mut best: Option<(Format, Dialect, usize)> = None;
    for (format, dialect) in candidates {
        let header = header_cells(line, dialect);
        let score = recognition(format, line, &header);
        if score > 0 && best.is_none_or(|(_, _, known)| score > known) {
            best = Some((format, dialect, score));
        }
    }
    if let Some((format, dialect, _)) = best {
        return Ok((format, dialect));
    }
    if let Some(why) = folder_file(file, line) {
        return Err(Problem::at(file, 1, 1, None, why));
    }
    if let Some(problem) = localized::problem(file, text, false) {
        return Err(problem);
    }
    Err(Problem::at(file, 1, 1, None, unknown_layout(line, forced)))
}

/// Why a file of a course folder, named alone, is not imported: it goes with its folder.
fn folder_file(file: &str, line: &str) -> Option<String> {
    let header: Vec<String> = header_cells(line, Dialect::csv(b',')).iter().map(|cell| cell.to_lowercase()).collect();
    let which = match header.first().map(|cell| cell.trim_start_matches('\u{feff}')) {
        Some("username") if header.iter().any(|cell| cell == "full_name") => "roster.csv",
        Some("username") => "grades.csv",
        _ if file.ends_with("course.toml") => "course.toml",
        _ => return None,
    };
    Some(format!(
        "this is a course folder's {which}, not a platform's export: import the folder that holds it (with its \
         course.toml, roster.csv and grades.csv)"
    ))
}

fn dialects(format: Format) -> Vec<Dialect> {
    match format {
        Format::OpenEdx => vec![openedx::DIALECT],
        Format::Moodle => moodle::DIALECTS.to_vec(),
        Format::Canvas => canvas::DIALECTS.to_vec(),
        Format::Chamilo => vec![chamilo::DIALECT],
    }
}

/// How surely a header is `format`'s (0: not at all). Specific layouts outrank Moodle's,
/// whose profile columns other files may share.
fn recognition(format: Format, line: &str, header: &[String]) -> usize {
    match format {
        Format::OpenEdx => usize::from(openedx::recognises(header) || openedx_problems::recognises(header)) * 1000,
        Format::Canvas => usize::from(canvas::recognises(header)) * 1000,
        Format::Chamilo => usize::from(chamilo::recognises(line, header)) * 1000,
        Format::Moodle => moodle::score(header),
    }
}

/// Why a header is not understood, with what it does look like.
fn unknown_layout(line: &str, forced: Option<Format>) -> String {
    for delimiter in [b',', b';', b'\t', b':'] {
        let header = header_cells(line, Dialect::csv(delimiter));
        for format in Format::ALL {
            if forced.is_some_and(|forced| forced != format)
                || dialects(format).iter().any(|d| d.delimiter == delimiter)
            {
                continue;
            }
            if recognition(format, line, &header) > 0 {
                let usual: Vec<&str> = dialects(format).iter().map(|d| d.delimiter_name()).collect();
                return format!(
                    "the header is {}'s, separated by {}, but the platform writes {}: export the file again, or \
                     save it with {}",
                    export::with_article(format.label()),
                    delimiter_name(delimiter),
                    usual.join(" or "),
                    usual[0]
                );
            }
        }
    }
    let start = quoted_start(line);
    match forced {
        Some(format) => format!("the header is not {}'s (it starts {start})", export::with_article(format.label())),
        None if line.trim().is_empty() => "the file is empty: an export starts with a header row".to_string(),
        None => format!(
            "unknown layout: the header matches no Open edX, Moodle, Canvas or Chamilo export (it starts \
             {start}); {} if it is one of them",
            crate::import::Ask::NameFormat
        ),
    }
}

/// The first 60 characters of a header line in quotes: single ones when the line has double
/// quotes of its own (`'"Last Name","First Name"'`, where `""Last Name"…` would read as one).
fn quoted_start(line: &str) -> String {
    const SHOWN: usize = 60;
    let mut start: String = line.chars().take(SHOWN).collect();
    if line.chars().nth(SHOWN).is_some() {
        start.push('…');
    }
    if start.contains('"') { format!("'{start}'") } else { format!("\"{start}\"") }
}

/// Reads a platform export, reporting every problem at once.
pub fn read_export(file: &str, text: &str, forced: Option<Format>, problems: &mut Vec<Problem>) -> Option<Export> {
    let (format, dialect) = match detect(file, text, forced) {
        Ok(found) => found,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    match format {
        Format::OpenEdx if openedx_problems::recognises(&header_cells(first_line(text), dialect)) => {
            openedx_problems::read(file, text, problems)
        }
        Format::OpenEdx => openedx::read(file, text, problems),
        Format::Moodle => moodle::read(file, text, dialect, problems),
        Format::Canvas => canvas::read(file, text, dialect, problems),
        Format::Chamilo => chamilo::read(file, text, problems),
    }
}

#[cfg(test)]
mod tests;
