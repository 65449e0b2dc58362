//! How much one page may lay out: a template that repeats without end (a `for` over a
//! mistyped `range(100000)`, a loop inside a text) is refused at its line at once, where
//! laying it out took minutes.

use super::super::LayoutError;
use crate::render::template::TemplateError;
use crate::render::template::model::Pos;

/// The most blocks one page lays out, `for` loops expanded.
pub(crate) const MAX_BLOCKS: usize = 1_000;

/// The most characters one text prints, a full page of small print and more: a text that
/// comes to more is refused before it is laid out.
pub(crate) const MAX_TEXT_CHARS: usize = 20_000;

/// Refuses `text`, written at `pos`, when it has more than `MAX_TEXT_CHARS` characters.
pub(super) fn text(text: &str, pos: Pos) -> Result<(), LayoutError> {
    // Bytes first: no text of fewer bytes has more characters.
    if text.len() <= MAX_TEXT_CHARS {
        return Ok(());
    }
    match text.chars().count() {
        count if count <= MAX_TEXT_CHARS => Ok(()),
        count => Err(refused(
            pos,
            format!("the text comes to {count} characters on this certificate; a text prints at most {MAX_TEXT_CHARS}"),
        )),
    }
}

/// Refuses the block at `pos` when it is the page's `count`th and that is more than `MAX_BLOCKS`.
pub(super) fn blocks(count: usize, pos: Pos) -> Result<(), LayoutError> {
    if count <= MAX_BLOCKS {
        return Ok(());
    }
    Err(refused(
        pos,
        format!(
            "this is block number {count} of the page (a `for` counts its blocks each time it repeats them): a certificate lays out at most {MAX_BLOCKS} blocks"
        ),
    ))
}

fn refused(pos: Pos, message: String) -> LayoutError {
    TemplateError::at(pos, message).into()
}
