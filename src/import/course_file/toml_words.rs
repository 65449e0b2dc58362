//! The TOML reader's own words for a course.toml that does not read (serde's `invalid type:
//! string "eighty", expected f64`, a bare `duplicate key`), said as staff would: which key, what
//! it holds, and what it should.

use std::ops::Range;

use crate::domain::shown::TYPOGRAPHIC_QUOTES;

/// The key a problem at `span` stands at, and the sentence for `message`.
pub(super) fn explain(text: &str, span: Option<Range<usize>>, message: &str) -> (Option<String>, String) {
    let key = span.as_ref().and_then(|span| key_at(text, span));
    if message == "duplicate key" {
        let sentence =
            if key.is_some() { "given twice: keep one of them" } else { "a key is given twice: keep one of them" };
        return (key, sentence.into());
    }
    if let Some((found, expected)) =
        message.strip_prefix("invalid type: ").and_then(|rest| rest.split_once(", expected "))
    {
        let mut sentence = format!("{} where {} is expected", found_words(found), expected_words(expected));
        // A number in quotes, perhaps with a percent sign (`"80%"` for a threshold).
        let quoted = found.strip_prefix("string \"").and_then(|quoted| quoted.strip_suffix('"')).map(str::trim);
        if let Some(inner) = quoted.filter(|_| expects_number(expected)) {
            match inner.strip_suffix('%').map(str::trim_end) {
                Some(number) if number.parse::<f64>().is_ok() => {
                    sentence.push_str(&format!(": write {number}, without quotes or %"));
                }
                None if inner.parse::<f64>().is_ok() => sentence.push_str(": write the number without quotes"),
                _ => {}
            }
        }
        return (key, sentence);
    }
    if let Some((unknown, expected)) = message.strip_prefix("unknown field `").and_then(|rest| rest.split_once('`')) {
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let sentence = match crate::domain::spelling::closest(unknown, &known) {
            Some(meant) => format!("no such key (did you mean '{meant}'?)"),
            None => format!("no such key; the keys here are {}", known.join(", ")),
        };
        let key = match &span {
            Some(span) => in_table(text, span.start, unknown),
            None => unknown.to_string(),
        };
        return (Some(key), sentence);
    }
    // What a word processor or a locale writes that TOML does not read: said, with the fix.
    if let Some((key, value)) = span.as_ref().and_then(|span| assignment_at(text, span)) {
        if value.starts_with(TYPOGRAPHIC_QUOTES) {
            let inner = value.trim_matches(TYPOGRAPHIC_QUOTES);
            let sentence = format!(
                "{value} is in typographic quotes, which TOML does not read: write \"{inner}\" (straight quotes)"
            );
            return (Some(key), sentence);
        }
        if let Some((whole, fraction)) = value.split_once(',')
            && [whole, fraction].iter().all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
        {
            return (Some(key), format!("'{value}' has a decimal comma: write {whole}.{fraction}"));
        }
        if let Some(number) = value.strip_suffix('%').map(str::trim_end).filter(|number| number.parse::<f64>().is_ok())
        {
            return (Some(key), format!("'{value}' has a percent sign: write {number}"));
        }
    }
    (None, message.to_string())
}

/// The key assigned on the line of `span`, with its table, and the value written after the
/// `=`, comment left out.
fn assignment_at<'a>(text: &'a str, span: &Range<usize>) -> Option<(String, &'a str)> {
    let line_start = text.get(..span.start)?.rfind('\n').map_or(0, |at| at + 1);
    let line_end = text.get(span.start..)?.find('\n').map_or(text.len(), |at| span.start + at);
    let (key, value) = text.get(line_start..line_end)?.split_once('=')?;
    let key = key.trim();
    let value = value.split('#').next().unwrap_or("").trim();
    (!key.is_empty() && !value.is_empty()).then(|| (in_table(text, line_start, key), value))
}

/// The key written at `span`: the span itself when it is a key (a duplicate), else what stands
/// before the `=` of the line where the value starts, with its table (`category.drop_lowest`).
fn key_at(text: &str, span: &Range<usize>) -> Option<String> {
    let line_start = text.get(..span.start)?.rfind('\n').map_or(0, |at| at + 1);
    let line_end = text.get(span.start..)?.find('\n').map_or(text.len(), |at| span.start + at);
    let line = text.get(line_start..line_end)?;
    let (key, assigned) = match line.split_once('=') {
        Some((key, _)) if line_start + key.len() <= span.start => (key, true),
        _ => (text.get(span.clone())?, false),
    };
    let key = key.trim().trim_matches(['[', ']', '"']).trim();
    if key.is_empty() || key.contains('\n') {
        return None;
    }
    Some(if assigned { in_table(text, line_start, key) } else { key.to_string() })
}

/// `key` named as the checks name keys: after the table it is written in, the nearest `[table]`
/// or `[[table]]` header above `at` (none: a key of the file's top level).
fn in_table(text: &str, at: usize, key: &str) -> String {
    let above = text.get(..at).unwrap_or("");
    match above.lines().rev().find_map(table_header) {
        Some(table) => format!("{table}.{key}"),
        None => key.to_string(),
    }
}

/// The table a `[table]` or `[[table]]` header line opens; `None` for any other line (a line of
/// a list written over several lines, `["A", 90],`, included).
fn table_header(line: &str) -> Option<&str> {
    let line = line.split('#').next().unwrap_or("").trim();
    let inner = line
        .strip_prefix("[[")
        .and_then(|rest| rest.strip_suffix("]]"))
        .or_else(|| line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')))?
        .trim();
    let bare = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    (!inner.is_empty() && inner.chars().all(bare)).then_some(inner)
}

fn expects_number(expected: &str) -> bool {
    matches!(expected, "f32" | "f64" | "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize")
}

fn found_words(found: &str) -> String {
    let value = |prefix: &str| found.strip_prefix(prefix).map(|rest| rest.trim_matches('`').to_string());
    if let Some(quoted) = found.strip_prefix("string ") {
        return format!("the text {quoted}");
    }
    if let Some(number) = value("integer ").or_else(|| value("floating point ")) {
        return format!("the number {number}");
    }
    if let Some(truth) = value("boolean ") {
        return format!("the value {truth}");
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a table".into(),
        other => other.into(),
    }
}

fn expected_words(expected: &str) -> String {
    match expected {
        "f32" | "f64" => "a number".into(),
        number if expects_number(number) => "a whole number".into(),
        "a string" => "text in quotes".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "a list".into(),
        table if table == "a map" || table.starts_with("struct ") => "a table".into(),
        other => other.into(),
    }
}
