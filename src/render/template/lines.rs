//! Splits template source into classified lines (block headers, `key: value` properties and
//! `| text` lines) with their indentation and positions; comments and blank lines are dropped.

use super::TemplateError;
use super::model::Pos;
use crate::domain::shown::{code_point, shows_as_space};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineKind<'a> {
    Header {
        keyword: &'a str,
        args: &'a str,
        args_col: u32,
    },
    Property {
        key: &'a str,
        value: &'a str,
        value_col: u32,
    },
    Text {
        text: &'a str,
        text_col: u32,
    },
    /// A line with an error (already reported): what is indented under it goes with it.
    Broken,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Line<'a> {
    pub indent: u32,
    pub pos: Pos,
    pub kind: LineKind<'a>,
}

/// The template's lines; a line that cannot be read is reported in `errors` and kept as
/// `Broken`, so that the lines after it are still read in their place.
pub(super) fn split<'a>(source: &'a str, errors: &mut Vec<TemplateError>) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    // Some editors start a UTF-8 file with a byte order mark: it is no part of the template.
    let source = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    for (index, raw) in source.split('\n').enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        // A tab or another kind of space counts as one column of indentation here, so that
        // the line is reported and set aside under the block it was meant for.
        let body = raw.trim_start_matches(shows_as_space);
        let leading = &raw[..raw.len() - body.len()];
        let indent = leading.chars().count() as u32;
        let pos = Pos { line: number, col: indent + 1 };
        let kind = if let Some((col, c)) = raw.chars().enumerate().find(|(_, c)| c.is_control() && *c != '\t') {
            let message = format!("control character U+{:04X} is not allowed in a template", u32::from(c));
            Err(TemplateError::at(Pos { line: number, col: col as u32 + 1 }, message))
        } else if let Some((col, c)) = leading.chars().enumerate().find(|(_, c)| *c != ' ') {
            Err(TemplateError::at(Pos { line: number, col: col as u32 + 1 }, indented_with(c)))
        } else {
            let body = body.trim_end();
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            classify(body, indent).map_err(|(col, message)| TemplateError::at(Pos { line: number, col }, message))
        };
        let kind = kind.unwrap_or_else(|error| {
            errors.push(error);
            LineKind::Broken
        });
        lines.push(Line { indent, pos, kind });
    }
    lines
}

/// What a line indented with `c`, a tab or a space of another kind, is told.
fn indented_with(c: char) -> String {
    let what = match c {
        '\t' => return "indent with spaces, not tabs".to_string(),
        '\u{A0}' => format!("no-break spaces ({}", code_point(c)),
        other => format!("{} (a space of another kind", code_point(other)),
    };
    format!("indent with spaces, not {what}, which text copied from a web page or a word processor brings)")
}

/// The kind of a line, or what is wrong with it and at which column.
fn classify(body: &str, indent: u32) -> Result<LineKind<'_>, (u32, String)> {
    let col_of = |sub: &str| indent + 1 + body[..body.len() - sub.len()].chars().count() as u32;
    if let Some(rest) = body.strip_prefix('|') {
        let text = rest.strip_prefix(' ').unwrap_or(rest);
        return Ok(LineKind::Text { text, text_col: col_of(text) });
    }
    let word_end = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(body.len());
    let word = &body[..word_end];
    if word.is_empty() || !word.starts_with(|c: char| c.is_ascii_alphabetic()) {
        let message = "expected a block (like `text`), a property (`key: value`) or a text line (`| ...`)";
        return Err((indent + 1, message.to_string()));
    }
    let rest = &body[word_end..];
    let after_space = rest.trim_start();
    if let Some(value) = after_space.strip_prefix(':') {
        let value = value.trim();
        return Ok(LineKind::Property { key: word, value, value_col: col_of(value) });
    }
    if !rest.is_empty() && !rest.starts_with(' ') {
        return Err((col_of(rest), format!("unexpected `{}` after `{word}`", rest.chars().next().unwrap_or(' '))));
    }
    Ok(LineKind::Header { keyword: word, args: after_space, args_col: col_of(after_space) })
}
