//! Every text and condition of a template checked on its own, before the page program is
//! compiled: its syntax, said in words staff can act on, and every name it uses, which must be a
//! data field, a loop variable or, for a loop over `signatories`, a field a signatory has.

use std::collections::HashSet;

use minijinja::{Environment, Error};

use super::TemplateError;
use super::compare::text_used_as_number;
use super::model::{Block, BlockKind, Content, Pos};
use super::program::BUILTIN_FUNCTIONS;
use crate::domain::shown::TYPOGRAPHIC_QUOTES;
use crate::render::data::{FIELDS, SIGNATORY_FIELDS};

/// A loop variable in scope, with the fields of the items it takes when they are known.
#[derive(Debug, Clone)]
pub(super) struct LoopVariable {
    name: String,
    fields: Option<&'static [&'static str]>,
}

impl LoopVariable {
    fn new(name: &str, fields: Option<&'static [&'static str]>) -> Self {
        LoopVariable { name: name.to_string(), fields }
    }
}

/// The fields of the items `iterable` yields: a signatory's for `signatories` and slices of it
/// (`signatories[:2]`); unknown (anything goes) otherwise.
fn item_fields(iterable: &str) -> Option<&'static [&'static str]> {
    let rest = iterable.trim().strip_prefix("signatories")?.trim_start();
    let is_slice =
        rest.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')).is_some_and(|inner| inner.contains(':'));
    (rest.is_empty() || is_slice).then_some(SIGNATORY_FIELDS)
}

/// "undefined value: `x` is undefined" without minijinja's "(in page:1)" suffix; an unknown
/// filter or test once, by name (minijinja's detail says "filter x is unknown" again), a filter
/// with the one most likely meant; a typographic quote of `source` (a word processor's
/// `“final”`) by name, with the fix.
pub(super) fn describe(error: &Error, source: &str) -> String {
    match (error.kind(), error.detail()) {
        (minijinja::ErrorKind::UnknownFilter, Some(detail)) if let Some(name) = unknown("filter", detail) => {
            match filter_meant(name) {
                Some(meant) => format!("unknown filter `{name}` (did you mean `{meant}`?)"),
                None => format!("unknown filter `{name}`"),
            }
        }
        (minijinja::ErrorKind::UnknownTest, Some(detail)) if let Some(name) = unknown("test", detail) => {
            format!("unknown test `{name}`")
        }
        (minijinja::ErrorKind::SyntaxError, Some(detail)) if let Some(said) = unclosed(detail) => said.to_string(),
        (minijinja::ErrorKind::SyntaxError, Some("unexpected character"))
            if let Some(quote) = error.range().and_then(|range| source.get(range.start..)?.chars().next())
                && TYPOGRAPHIC_QUOTES.contains(&quote) =>
        {
            format!(
                "{quote} is a typographic quote, which is no quote here: write text in straight quotes (\"final\" or 'final')"
            )
        }
        (kind, Some(detail)) => format!("{kind}: {detail}"),
        (kind, None) => kind.to_string(),
    }
}

/// The name in minijinja's detail of an unknown filter or test: `filter x is unknown`.
fn unknown<'d>(what: &str, detail: &'d str) -> Option<&'d str> {
    detail.strip_prefix(what).and_then(|rest| rest.strip_suffix(" is unknown")).map(str::trim)
}

/// The filters a certificate's text would use: minijinja's own, and certdesk's `date`.
const FILTERS: &[&str] = &[
    "upper",
    "lower",
    "title",
    "capitalize",
    "trim",
    "replace",
    "default",
    "length",
    "count",
    "round",
    "abs",
    "int",
    "float",
    "string",
    "join",
    "split",
    "first",
    "last",
    "reverse",
    "sort",
    "unique",
    "list",
    "min",
    "max",
    "sum",
    "format",
    "date",
];

/// The filter meant by `name`: the one another template language calls so (Liquid's `upcase`,
/// Python's `strftime`), else the one `name` is a slip from (`uper`, `capitalise`).
fn filter_meant(name: &str) -> Option<&'static str> {
    let alias = match name.to_lowercase().replace(['_', '-'], "").as_str() {
        "uppercase" | "upcase" | "toupper" | "caps" => Some("upper"),
        "lowercase" | "downcase" | "tolower" => Some("lower"),
        "titlecase" | "titleize" | "totitle" | "proper" => Some("title"),
        "strip" => Some("trim"),
        "strftime" | "dateformat" | "formatdate" | "datetime" => Some("date"),
        "size" | "len" => Some("length"),
        _ => None,
    };
    alias.or_else(|| crate::domain::spelling::closest(name, FILTERS))
}

/// The syntax errors a hand slips into most, said as what to write, where minijinja's parser
/// says what it expected next ("unexpected end of input, expected end of block").
fn unclosed(detail: &str) -> Option<&'static str> {
    Some(match detail {
        "unexpected end of input, expected end of block" => {
            "a `{% if %}` or `{% for %}` is not closed: end it with `{% endif %}` or `{% endfor %}` within this text (each text is a template of its own)"
        }
        "unexpected end of input, expected end of variable block" => {
            "a placeholder opened with `{{` is not closed: end it with `}}`"
        }
        "unexpected `}`, expected end of variable block" => "a placeholder ends with two braces, `}}`, not one",
        "unknown statement endif" => "`{% endif %}` closes no `{% if %}` opened before it in this text",
        "unknown statement endfor" => "`{% endfor %}` closes no `{% for %}` opened before it in this text",
        "unexpected end of variable block" => {
            "the placeholder `{{ }}` names nothing: write what it prints, e.g. `{{ learner.full_name }}`"
        }
        "unexpected end of string" => "a text in quotes is not closed: end it with the same quote",
        "unexpected end of comment" => "a comment opened with `{#` is not closed: end it with `#}`",
        _ => return None,
    })
}

pub(super) fn validate(
    env: &Environment,
    blocks: &[Block],
    scope: &mut Vec<LoopVariable>,
    errors: &mut Vec<TemplateError>,
) {
    for block in blocks {
        match &block.kind {
            BlockKind::Text(text) => validate_text(env, &text.content, scope, errors),
            BlockKind::Qr(qr) => validate_text(env, &qr.content, scope, errors),
            BlockKind::If { condition, then, otherwise } => {
                validate_expression(env, &condition.expr, condition.pos, scope, errors);
                validate(env, then, scope, errors);
                validate(env, otherwise, scope, errors);
            }
            BlockKind::For { variable, iterable, children } => {
                validate_expression(env, &iterable.expr, iterable.pos, scope, errors);
                scope.push(LoopVariable::new(variable, item_fields(&iterable.expr)));
                scope.push(LoopVariable::new("loop", None));
                validate(env, children, scope, errors);
                scope.truncate(scope.len() - 2);
            }
            BlockKind::Row { children, .. } | BlockKind::Column { children } => validate(env, children, scope, errors),
            BlockKind::Rule(_) | BlockKind::Rect(_) | BlockKind::Image(_) | BlockKind::Space => {}
        }
    }
}

fn validate_text(env: &Environment, content: &Content, scope: &[LoopVariable], errors: &mut Vec<TemplateError>) {
    if !content.is_dynamic() {
        return;
    }
    match env.template_from_str(&content.source) {
        Err(error) => {
            let pos = content.pos_of(error.range().map_or(0, |range| range.start));
            errors.push(TemplateError::at(pos, describe(&error, &content.source)));
        }
        Ok(template) => {
            for name in unknown_names(template.undeclared_variables(true), scope) {
                let offset = find_name(&content.source, &name);
                errors.push(TemplateError::at(content.pos_of(offset), unknown_message(&name, scope)));
            }
            for (name, message) in whole_groups(&template.undeclared_variables(true), scope) {
                errors.push(TemplateError::at(content.pos_of(find_name(&content.source, &name)), message));
            }
            for (offset, message) in text_used_as_number(&content.source, false) {
                errors.push(TemplateError::at(content.pos_of(offset), message));
            }
        }
    }
}

fn validate_expression(
    env: &Environment,
    expr: &str,
    pos: Pos,
    scope: &[LoopVariable],
    errors: &mut Vec<TemplateError>,
) {
    let at =
        |offset: usize| Pos { line: pos.line, col: pos.col + expr[..offset.min(expr.len())].chars().count() as u32 };
    match env.compile_expression(expr) {
        Err(error) => errors.push(TemplateError::at(at(error.range().map_or(0, |r| r.start)), describe(&error, expr))),
        Ok(expression) => {
            for name in unknown_names(expression.undeclared_variables(true), scope) {
                errors.push(TemplateError::at(at(find_name(expr, &name)), unknown_message(&name, scope)));
            }
            for (offset, message) in text_used_as_number(expr, true) {
                errors.push(TemplateError::at(at(offset), message));
            }
        }
    }
}

/// The names in `names` that are a group of fields used whole (`{{ grade }}`, `{{ signer }}`
/// in a loop over signatories), each with what to write: printed, a group is minijinja's
/// `{'percent': '95.0', …}`, which no certificate means to say.
fn whole_groups(names: &HashSet<String>, scope: &[LoopVariable]) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = names
        .iter()
        .filter_map(|name| {
            let fields: Vec<String> = match scope.iter().rev().find(|variable| &variable.name == name) {
                Some(variable) => variable.fields?.iter().map(|field| format!("{name}.{field}")).collect(),
                None => FIELDS
                    .iter()
                    .filter(|field| field.strip_prefix(name.as_str()).is_some_and(|rest| rest.starts_with('.')))
                    .map(|field| field.to_string())
                    .collect(),
            };
            (!fields.is_empty()).then(|| {
                let message = format!(
                    "`{name}` is a group of placeholders, which would print as `{{'…': '…'}}`: name one of them, {}",
                    fields.join(", ")
                );
                (name.clone(), message)
            })
        })
        .collect();
    found.sort();
    found
}

/// The byte offset of `name` as a whole word in `source` (0 if absent): not a part of a longer
/// name, nor the start of a dotted one (`s` is not found in `s.name`, a field of it).
fn find_name(source: &str, name: &str) -> usize {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    source
        .match_indices(name)
        .find(|(start, _)| {
            let before = source[..*start].chars().next_back();
            let after = source[start + name.len()..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
        .map_or(0, |(start, _)| start)
}

/// The names (sorted) that are neither data fields nor loop variables in `scope`.
fn unknown_names(names: HashSet<String>, scope: &[LoopVariable]) -> Vec<String> {
    let mut unknown: Vec<String> = names.into_iter().filter(|name| !is_known(name, scope)).collect();
    unknown.sort();
    unknown
}

fn is_known(name: &str, scope: &[LoopVariable]) -> bool {
    let (root, field) = split_root(name);
    // The innermost loop of a name wins, as in minijinja.
    if let Some(variable) = scope.iter().rev().find(|variable| variable.name == root) {
        return match (variable.fields, field) {
            (Some(fields), Some(field)) => fields.contains(&field),
            _ => true,
        };
    }
    if BUILTIN_FUNCTIONS.contains(&root) || root == "signatories" {
        return true;
    }
    FIELDS.iter().any(|known| *known == name || known.strip_prefix(name).is_some_and(|rest| rest.starts_with('.')))
}

/// `signer.name.x` -> (`signer`, `name`): the variable and the field of it a name reads.
fn split_root(name: &str) -> (&str, Option<&str>) {
    let mut parts = name.split('.');
    let root = parts.next().unwrap_or(name);
    (root, parts.next())
}

fn unknown_message(name: &str, scope: &[LoopVariable]) -> String {
    let mut message = format!("unknown placeholder `{name}`");
    let (root, _) = split_root(name);
    let loop_fields = scope.iter().rev().find(|variable| variable.name == root).and_then(|variable| variable.fields);
    let paths: Vec<String> = match loop_fields {
        Some(fields) => fields.iter().map(|field| format!("{root}.{field}")).collect(),
        None => FIELDS.iter().map(|field| field.to_string()).collect(),
    };
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let siblings: Vec<&str> = paths.iter().filter_map(|path| path.strip_prefix(root)?.strip_prefix('.')).collect();
    if let Some(hint) = crate::domain::spelling::closest(name, &paths) {
        message.push_str(&format!(" (did you mean `{hint}`?)"));
    } else if !siblings.is_empty() {
        message.push_str(&format!(" ({root} has {})", siblings.join(", ")));
    } else {
        message.push_str(" (placeholders are learner.*, course.*, grade.*, certificate.* and signatories)");
    }
    message
}
