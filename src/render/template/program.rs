//! Placeholders and logic through minijinja: validates every text and condition on its own, then
//! joins them into one page program rendered once per certificate. Its output is a sequence of
//! slots, `\x1E<block id>\x1F<text>`, that layout consumes in document order.

use std::ops::Range;

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, Error, UndefinedBehavior, Value};

use super::TemplateError;
use super::date::{format_date, language_code};
use super::model::{Block, BlockKind, Content, Document, Language, Pos, QrBlock, TextBlock};
use super::simple::SimpleText;
use super::validate::{describe, validate};
use crate::render::data::RenderData;

pub(crate) const SLOT_START: char = '\u{1E}';
pub(crate) const SLOT_TEXT: char = '\u{1F}';
/// What a data value's `*` and `\` become, so that no value can turn on emphasis.
pub(crate) const LITERAL_STAR: char = '\u{E000}';
pub(crate) const LITERAL_BACKSLASH: char = '\u{E001}';

const PROGRAM: &str = "page";
pub(super) const BUILTIN_FUNCTIONS: &[&str] = &["range", "dict", "namespace", "debug"];

/// Where a stretch of the page program came from, to map its errors back to template lines.
#[derive(Debug, Clone)]
enum Origin {
    Text(Content),
    Expression(Pos),
}

#[derive(Debug, Clone)]
struct Segment {
    range: Range<usize>,
    origin: Origin,
}

pub(crate) struct Program {
    env: Environment<'static>,
    segments: Vec<Segment>,
    empty: bool,
    /// By block id: texts evaluated without minijinja (they have no slot in the program).
    simple: Vec<Option<SimpleText>>,
    /// By block id: the block uses only data that is the same for a whole course and mode.
    course_level: Vec<bool>,
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program").field("segments", &self.segments.len()).finish()
    }
}

/// Writes a data value so that markup cannot see it: `*` and `\\` become private characters
/// (turned back by the markup parser), control characters (slot separators, newlines) spaces.
pub(crate) fn escape_value(text: &str, out: &mut impl std::fmt::Write) -> std::fmt::Result {
    if !text.contains(|c: char| c == '*' || c == '\\' || c.is_control()) {
        return out.write_str(text);
    }
    for c in text.chars() {
        out.write_char(match c {
            '*' => LITERAL_STAR,
            '\\' => LITERAL_BACKSLASH,
            c if c.is_control() => ' ',
            c => c,
        })?;
    }
    Ok(())
}

pub(super) fn environment<'s>(language: Language) -> Environment<'s> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Error details ("`x` is undefined") also in release builds; it costs only when an error occurs.
    env.set_debug(true);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_formatter(|out, _state, value| {
        // A group printed whole (`{{ signatories }}`, `{{ signatories[0] }}`) would print as
        // `{'name': …}`, which no certificate means to say; the check finds it on a worst case.
        if matches!(value.kind(), minijinja::value::ValueKind::Map | minijinja::value::ValueKind::Seq) {
            return Err(Error::new(
                minijinja::ErrorKind::InvalidOperation,
                "this prints a group of placeholders whole, as `{'…': '…'}`: name one of them (a signatory's name or title: `signatories[0].name`, or `s.name` in `for s in signatories`)",
            ));
        }
        let text = match value.as_str() {
            Some(text) => std::borrow::Cow::Borrowed(text),
            None => std::borrow::Cow::Owned(value.to_string()),
        };
        escape_value(&text, out).map_err(Error::from)
    });
    env.add_filter("date", move |value: &str, code: Option<&str>| -> Result<String, Error> {
        let language = match code {
            Some(code) => language_code(code).ok_or_else(|| {
                Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("`date` knows no language {code:?}; use {}", Language::code_list()),
                )
            })?,
            None => language,
        };
        format_date(value, language)
    });
    env
}

impl Program {
    /// Validates every text and expression of `document`, then compiles the page program.
    pub fn compile(document: &Document) -> Result<Program, Vec<TemplateError>> {
        let mut errors = Vec::new();
        let check_env = environment(document.page.language);
        validate(&check_env, &document.blocks, &mut Vec::new(), &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let simple = simple_texts(document);
        let mut course_level = vec![true; simple.len()];
        super::course_level::mark_course_level(&check_env, &document.blocks, &mut Vec::new(), &mut course_level);
        let mut source = String::new();
        let mut segments = Vec::new();
        emit(&document.blocks, &simple, &mut source, &mut segments);
        let mut env = environment(document.page.language);
        let empty = source.is_empty();
        let compiled = env.add_template_owned(PROGRAM, source);
        let program = Program { env, segments, empty, simple, course_level };
        if let Err(error) = compiled {
            return Err(vec![program.map_error(&error)]);
        }
        Ok(program)
    }

    /// Renders the page program on `data`; the output is a sequence of slots.
    pub fn run(&self, data: &RenderData) -> Result<String, TemplateError> {
        if self.empty {
            return Ok(String::new());
        }
        let template = self.env.get_template(PROGRAM).map_err(|error| self.map_error(&error))?;
        template.render(Value::from(Serde(data))).map_err(|error| self.map_error(&error))
    }

    /// Whether block `id` uses only `course.*`, `certificate.mode`, `certificate.mode_label` and
    /// `signatories`: it looks the same on every certificate of one course and mode.
    pub fn is_course_level(&self, id: u32) -> bool {
        self.course_level.get(id as usize).copied().unwrap_or(false)
    }

    /// The fast-path form of block `id`'s text, if it has one.
    pub fn simple(&self, id: u32) -> Option<&SimpleText> {
        self.simple.get(id as usize)?.as_ref()
    }

    fn map_error(&self, error: &Error) -> TemplateError {
        // Each text's syntax was checked on its own first (`validate`), where a typographic
        // quote is named from its source: none is left to name here.
        let message = describe(error, "");
        let Some(range) = error.range() else {
            return TemplateError::at(self.segments.first().map(origin_start).unwrap_or_default(), message);
        };
        let segment = self.segments.iter().rev().find(|segment| segment.range.start <= range.start);
        let pos = match segment {
            Some(Segment { range: seg, origin: Origin::Text(content) }) => content.pos_of(range.start - seg.start),
            Some(Segment { range: seg, origin: Origin::Expression(pos) }) => {
                Pos { line: pos.line, col: pos.col + (range.start - seg.start) as u32 }
            }
            None => Pos::default(),
        };
        TemplateError::at(pos, message)
    }
}

fn origin_start(segment: &Segment) -> Pos {
    match &segment.origin {
        Origin::Text(content) => content.pos_of(0),
        Origin::Expression(pos) => *pos,
    }
}

/// By block id, the texts outside loops that need no template engine; none at all when a text
/// sets variables (`{% set %}` could shadow a data field).
fn simple_texts(document: &Document) -> Vec<Option<SimpleText>> {
    let mut count = 0;
    let mut sets = false;
    document.walk(|block| {
        count = count.max(block.id as usize + 1);
        if let BlockKind::Text(TextBlock { content, .. }) | BlockKind::Qr(QrBlock { content, .. }) = &block.kind {
            sets |= content.source.split("{%").skip(1).any(|tag| {
                let tag = tag.trim_start_matches(['-', '+']).trim_start();
                tag.starts_with("set") || tag.starts_with("with")
            });
        }
    });
    let mut simple = vec![None; count];
    if sets {
        return simple;
    }
    fn visit(blocks: &[Block], simple: &mut Vec<Option<SimpleText>>) {
        for block in blocks {
            match &block.kind {
                BlockKind::Text(TextBlock { content, .. }) | BlockKind::Qr(QrBlock { content, .. })
                    if content.is_dynamic() =>
                {
                    simple[block.id as usize] = SimpleText::recognise(&content.source);
                }
                BlockKind::If { then, otherwise, .. } => {
                    visit(then, simple);
                    visit(otherwise, simple);
                }
                BlockKind::Row { children, .. } | BlockKind::Column { children } => visit(children, simple),
                _ => {}
            }
        }
    }
    visit(&document.blocks, &mut simple);
    simple
}

fn emit(blocks: &[Block], simple: &[Option<SimpleText>], out: &mut String, segments: &mut Vec<Segment>) {
    for block in blocks {
        let id = block.id;
        if simple.get(id as usize).is_some_and(Option::is_some) {
            continue;
        }
        match &block.kind {
            BlockKind::Text(text) if text.content.is_dynamic() => emit_text(id, &text.content, out, segments),
            BlockKind::Qr(qr) if qr.content.is_dynamic() => emit_text(id, &qr.content, out, segments),
            BlockKind::If { condition, then, otherwise } => {
                out.push_str("{% if ");
                emit_expression(&condition.expr, condition.pos, out, segments);
                out.push_str(&format!(" %}}{SLOT_START}{id}{SLOT_TEXT}1"));
                emit(then, simple, out, segments);
                out.push_str(&format!("{{% else %}}{SLOT_START}{id}{SLOT_TEXT}0"));
                emit(otherwise, simple, out, segments);
                out.push_str("{% endif %}");
            }
            BlockKind::For { variable, iterable, children } => {
                out.push_str(&format!("{{% for {variable} in "));
                emit_expression(&iterable.expr, iterable.pos, out, segments);
                out.push_str(&format!(" %}}{SLOT_START}{id}{SLOT_TEXT}"));
                emit(children, simple, out, segments);
                out.push_str("{% endfor %}");
            }
            BlockKind::Row { children, .. } | BlockKind::Column { children } => emit(children, simple, out, segments),
            BlockKind::Text(_)
            | BlockKind::Qr(_)
            | BlockKind::Rule(_)
            | BlockKind::Rect(_)
            | BlockKind::Image(_)
            | BlockKind::Space => {}
        }
    }
}

fn emit_text(id: u32, content: &Content, out: &mut String, segments: &mut Vec<Segment>) {
    out.push_str(&format!("{SLOT_START}{id}{SLOT_TEXT}"));
    let start = out.len();
    out.push_str(&content.source);
    segments.push(Segment { range: start..out.len(), origin: Origin::Text(content.clone()) });
}

fn emit_expression(expr: &str, pos: Pos, out: &mut String, segments: &mut Vec<Segment>) {
    let start = out.len();
    out.push_str(expr);
    segments.push(Segment { range: start..out.len(), origin: Origin::Expression(pos) });
}

/// The slots of a program's output: `(block id, text)` in document order.
pub fn slots(output: &str) -> impl Iterator<Item = (u32, &str)> {
    output.split(SLOT_START).skip(1).filter_map(|slot| {
        let (id, text) = slot.split_once(SLOT_TEXT)?;
        Some((id.parse().ok()?, text))
    })
}
