//! Groups classified lines into a tree by indentation: each block header owns the properties,
//! text lines and child blocks indented under it.

use super::TemplateError;
use super::lines::{Line, LineKind};
use super::model::Pos;

#[derive(Debug)]
pub(super) struct Property<'a> {
    pub key: &'a str,
    pub value: &'a str,
    pub key_pos: Pos,
    pub value_pos: Pos,
}

#[derive(Debug)]
pub(super) struct Node<'a> {
    pub keyword: &'a str,
    pub args: &'a str,
    pub pos: Pos,
    pub args_pos: Pos,
    pub properties: Vec<Property<'a>>,
    /// Each `| text` line with the position of its first character.
    pub texts: Vec<(&'a str, Pos)>,
    pub children: Vec<Node<'a>>,
    /// Whether this is a line already reported, set aside with what is indented under it.
    pub broken: bool,
}

impl Node<'_> {
    /// Whether a line of this block was set aside: the block's own errors would only repeat
    /// that one, so only its children's are looked for.
    pub fn damaged(&self) -> bool {
        self.children.iter().any(|child| child.broken)
    }
}

/// Deeper nesting is surely a mistake, and would cost stack in every recursive pass.
const MAX_DEPTH: u32 = 16;

/// The blocks of `lines`; a misplaced line is reported in `errors` and set aside (with the
/// lines under it) as a broken node, and reading goes on after it.
pub(super) fn build<'a>(lines: &[Line<'a>], errors: &mut Vec<TemplateError>) -> Vec<Node<'a>> {
    let mut index = 0;
    let mut nodes = Vec::new();
    while let Some(line) = lines.get(index) {
        if line.indent != 0 && line.kind != LineKind::Broken {
            errors.push(TemplateError::at(line.pos, "a top-level block must start at the beginning of the line"));
            nodes.push(set_aside(lines, &mut index));
            continue;
        }
        nodes.push(node(lines, &mut index, 0, errors));
    }
    nodes
}

/// Parses the header at `lines[*index]` and everything indented under it.
fn node<'a>(lines: &[Line<'a>], index: &mut usize, depth: u32, errors: &mut Vec<TemplateError>) -> Node<'a> {
    let header = lines[*index];
    let (keyword, args, args_col) = match header.kind {
        LineKind::Header { keyword, args, args_col } if depth <= MAX_DEPTH => (keyword, args, args_col),
        LineKind::Broken => return set_aside(lines, index),
        other => {
            let message = match other {
                LineKind::Property { key, .. } => {
                    format!("property `{key}` is not inside a block; indent it under one")
                }
                LineKind::Text { .. } => "a text line must be indented under a `text` block".to_string(),
                LineKind::Header { .. } | LineKind::Broken => format!("blocks are nested more than {MAX_DEPTH} deep"),
            };
            errors.push(TemplateError::at(header.pos, message));
            return set_aside(lines, index);
        }
    };
    let mut node = Node {
        keyword,
        args,
        pos: header.pos,
        args_pos: Pos { line: header.pos.line, col: args_col },
        properties: Vec::new(),
        texts: Vec::new(),
        children: Vec::new(),
        broken: false,
    };
    *index += 1;
    // The body's indentation is its first line's, unless that line is itself set aside.
    let mut body_indent = None;
    while let Some(line) = lines.get(*index) {
        if line.indent <= header.indent {
            break;
        }
        if line.kind == LineKind::Broken {
            node.children.push(set_aside(lines, index));
            continue;
        }
        let body_indent = *body_indent.get_or_insert(line.indent);
        if line.indent != body_indent {
            let message = if line.indent > body_indent {
                "unexpected indentation: only a block can have lines indented under it"
            } else {
                "this line's indentation does not line up with the lines above it"
            };
            errors.push(TemplateError::at(line.pos, message));
            node.children.push(set_aside(lines, index));
            continue;
        }
        match line.kind {
            LineKind::Property { key, value, value_col } => {
                node.properties.push(Property {
                    key,
                    value,
                    key_pos: line.pos,
                    value_pos: Pos { line: line.pos.line, col: value_col },
                });
                *index += 1;
            }
            LineKind::Text { text, text_col } => {
                node.texts.push((text, Pos { line: line.pos.line, col: text_col }));
                *index += 1;
            }
            LineKind::Header { .. } | LineKind::Broken => {
                node.children.push(self::node(lines, index, depth + 1, errors))
            }
        }
    }
    node
}

/// The line at `lines[*index]` and those indented under it, as one broken node.
fn set_aside<'a>(lines: &[Line<'a>], index: &mut usize) -> Node<'a> {
    let line = lines[*index];
    *index += 1;
    while lines.get(*index).is_some_and(|under| under.indent > line.indent) {
        *index += 1;
    }
    Node {
        keyword: "",
        args: "",
        pos: line.pos,
        args_pos: line.pos,
        properties: Vec::new(),
        texts: Vec::new(),
        children: Vec::new(),
        broken: true,
    }
}
