//! What each block may hold (its properties, an argument on its line, text lines, blocks
//! inside it) and the sentence for each breach, said where the breach stands.

use super::TemplateError;
use super::model::Pos;
use super::props::{PAGE_STYLE_KEYS, PLACEMENT_KEYS, STYLE_KEYS};
use super::tree::Node;

/// Every block keyword.
pub(super) const BLOCKS: &[&str] =
    &["page", "text", "rule", "rect", "border", "image", "qr", "row", "column", "space", "if", "else", "for"];

/// The properties block `keyword` takes, in groups.
pub(super) fn keys(keyword: &str) -> &'static [&'static [&'static str]] {
    match keyword {
        "page" => &[&["size", "orientation", "margin", "background", "language", "flow"], PAGE_STYLE_KEYS],
        "text" => &[PLACEMENT_KEYS, STYLE_KEYS, &["fit", "min-size", "max-lines", "break"]],
        "rule" => &[PLACEMENT_KEYS, &["thickness", "color", "style", "gap"]],
        "rect" => &[PLACEMENT_KEYS, &["thickness", "color", "style", "gap", "fill"]],
        "border" => &[&["inset", "thickness", "color", "style", "gap", "fill"]],
        "qr" => &[PLACEMENT_KEYS, &["size", "color", "quiet"]],
        "row" => &[PLACEMENT_KEYS, &["gap"]],
        "column" => &[&["width"]],
        "image" | "space" => &[PLACEMENT_KEYS],
        _ => &[],
    }
}

/// What to say of a line read as a block that is a property written without its colon
/// (`size 24`), if it is one: saying that it is an unknown block, or that its block holds no
/// blocks, would send its writer looking in the wrong place.
pub(super) fn without_colon(node: &Node) -> Option<String> {
    let keyword = node.keyword;
    let is_key = BLOCKS.iter().any(|block| keys(block).iter().any(|group| group.contains(&keyword)));
    if BLOCKS.contains(&keyword) || !is_key {
        return None;
    }
    let value = if node.args.is_empty() { "…" } else { node.args };
    Some(format!("`{keyword}` is a property, which needs a colon: write `{keyword}: {value}`"))
}

pub(super) fn unknown_block(keyword: &str) -> String {
    let mut message = format!("unknown block `{keyword}`");
    if let Some(hint) = crate::domain::spelling::closest(keyword, BLOCKS) {
        message.push_str(&format!(" (did you mean `{hint}`?)"));
    }
    message
}

pub(super) fn no_args(node: &Node) -> Result<(), TemplateError> {
    if node.args.is_empty() {
        return Ok(());
    }
    Err(TemplateError::at(
        node.args_pos,
        format!("`{}` takes no arguments on its line; use properties below it", node.keyword),
    ))
}

pub(super) fn no_children(node: &Node) -> Result<(), TemplateError> {
    match node.children.iter().find(|child| !child.broken) {
        Some(child) => {
            let message = without_colon(child)
                .unwrap_or_else(|| format!("a `{}` block cannot contain other blocks", node.keyword));
            Err(TemplateError::at(child.pos, message))
        }
        None => Ok(()),
    }
}

pub(super) fn no_text(node: &Node) -> Result<(), TemplateError> {
    match node.texts.first() {
        Some((_, pos)) => Err(TemplateError::at(
            Pos { line: pos.line, col: pos.col.saturating_sub(2).max(1) },
            format!("`{}` takes no text lines; only `text` and `qr` do", node.keyword),
        )),
        None => Ok(()),
    }
}
