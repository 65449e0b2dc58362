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
}

/// Deeper nesting is surely a mistake, and would cost stack in every recursive pass.
const MAX_DEPTH: u32 = 16;

pub(super) fn build<'a>(lines: &[Line<'a>]) -> Result<Vec<Node<'a>>, TemplateError> {
    let mut index = 0;
    let mut nodes = Vec::new();
    while let Some(line) = lines.get(index) {
        if line.indent != 0 {
            return Err(TemplateError::at(line.pos, "a top-level block must start at the beginning of the line"));
        }
        nodes.push(node(lines, &mut index, 0)?);
    }
    Ok(nodes)
}

/// Parses the header at `lines[*index]` and everything indented under it.
fn node<'a>(lines: &[Line<'a>], index: &mut usize, depth: u32) -> Result<Node<'a>, TemplateError> {
    let header = lines[*index];
    if depth > MAX_DEPTH {
        return Err(TemplateError::at(header.pos, format!("blocks are nested more than {MAX_DEPTH} deep")));
    }
    let LineKind::Header { keyword, args, args_col } = header.kind else {
        return Err(TemplateError::at(header.pos, outside_block(&header.kind)));
    };
    let mut node = Node {
        keyword,
        args,
        pos: header.pos,
        args_pos: Pos { line: header.pos.line, col: args_col },
        properties: Vec::new(),
        texts: Vec::new(),
        children: Vec::new(),
    };
    *index += 1;
    let Some(first) = lines.get(*index).filter(|line| line.indent > header.indent) else {
        return Ok(node);
    };
    let body_indent = first.indent;
    while let Some(line) = lines.get(*index) {
        if line.indent <= header.indent {
            break;
        }
        if line.indent != body_indent {
            let message = if line.indent > body_indent {
                "unexpected indentation: only a block can have lines indented under it"
            } else {
                "this line's indentation does not line up with the lines above it"
            };
            return Err(TemplateError::at(line.pos, message));
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
            LineKind::Header { .. } => node.children.push(self::node(lines, index, depth + 1)?),
        }
    }
    Ok(node)
}

fn outside_block(kind: &LineKind) -> String {
    match kind {
        LineKind::Property { key, .. } => format!("property `{key}` is not inside a block; indent it under one"),
        LineKind::Text { .. } => "a text line must be indented under a `text` block".to_string(),
        LineKind::Header { keyword, .. } => format!("`{keyword}` is misplaced"),
    }
}
