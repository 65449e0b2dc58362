//! Whether a placed block stays on its page: a block laid out even partly outside the page
//! prints cut off or not at all (a learner's name pushed off by a long text above it), so it
//! is an error, which `template check` reports and `template save` refuses.

use super::super::Diagnostic;
use crate::render::template::model::{Block, BlockKind, Pos, RectBlock};

/// Less than this far outside the page is rounding, not a block off the page.
const TOLERANCE_PT: f32 = 0.05;

/// A placed block's box, in points from the page's top-left corner.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bounds {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// What a block is called in a message, or `None` for a block that cannot leave the page
/// (a border is inset from its edges) or draws nothing of its own (space, if, for).
pub(super) fn noun(block: &Block) -> Option<&'static str> {
    match &block.kind {
        BlockKind::Text(_) => Some("text"),
        BlockKind::Rule(_) => Some("rule"),
        BlockKind::Rect(RectBlock { inset_pt: Some(_), .. }) => None,
        BlockKind::Rect(_) => Some("rect"),
        BlockKind::Image(_) => Some("image"),
        BlockKind::Qr(_) => Some("QR code"),
        BlockKind::Row { .. } => Some("row"),
        BlockKind::Column { .. } => Some("column"),
        BlockKind::Space | BlockKind::If { .. } | BlockKind::For { .. } => None,
    }
}

/// An error when `bounds` reach outside a page of `page_w` x `page_h` points, saying by how
/// much on the side where it is furthest out.
pub(super) fn off_page(noun: &str, pos: Pos, bounds: Bounds, page_w: f32, page_h: f32) -> Option<Diagnostic> {
    let sides = [
        ("bottom", bounds.y + bounds.h - page_h, "move it up or make it shorter"),
        ("top", -bounds.y, "move it down or make the text above it shorter"),
        ("right", bounds.x + bounds.w - page_w, "move it left or make it narrower"),
        ("left", -bounds.x, "move it right or make it narrower"),
    ];
    let (side, by_pt, advice) = sides.into_iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    if by_pt <= TOLERANCE_PT {
        return None;
    }
    let by_mm = by_pt * 25.4 / 72.0;
    let message = format!("the {noun} runs off the {side} of the page by {by_mm:.1} mm: {advice}");
    Some(Diagnostic::error(pos, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(bounds: (f32, f32, f32, f32), expected: Option<&str>) {
        let (x, y, w, h) = bounds;
        let found = off_page("text", Pos { line: 4, col: 1 }, Bounds { x, y, w, h }, 100.0, 200.0);
        assert_eq!(found.map(|d| d.to_string()).as_deref(), expected);
    }

    #[test]
    fn a_block_outside_the_page_is_an_error_on_its_furthest_side() {
        check((0.0, 0.0, 100.0, 200.0), None);
        check((10.0, 150.0, 50.0, 50.04), None);
        check(
            (10.0, 150.0, 50.0, 122.0),
            Some("4:1: the text runs off the bottom of the page by 25.4 mm: move it up or make it shorter"),
        );
        check(
            (10.0, -72.0, 50.0, 10.0),
            Some(
                "4:1: the text runs off the top of the page by 25.4 mm: move it down or make the text above it shorter",
            ),
        );
        check(
            (30.0, 10.0, 142.0, 10.0),
            Some("4:1: the text runs off the right of the page by 25.4 mm: move it left or make it narrower"),
        );
        check(
            (-72.0, 10.0, 50.0, 10.0),
            Some("4:1: the text runs off the left of the page by 25.4 mm: move it right or make it narrower"),
        );
    }
}
