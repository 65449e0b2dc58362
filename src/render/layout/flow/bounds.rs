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

/// A text block as placed on the page, for finding texts printed over each other.
#[derive(Debug, Clone, Copy)]
pub(super) struct PlacedText {
    pub pos: Pos,
    pub bounds: Bounds,
    /// Placed where `top`, `bottom` or `middle` says rather than in the flow, which never
    /// lays one block over another.
    pub positioned: bool,
}

/// Less than this much overlap is the leading of a line, not a text over another.
const OVERLAP_TOLERANCE_PT: f32 = 0.5;

/// An error for each text that reaches into a text below it, where either of the two is
/// placed with `top`, `bottom` or `middle`: a title wrapped onto more lines than there is room
/// for prints over the line under it.
pub(super) fn overlapping(texts: &[PlacedText]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for upper in texts {
        let (a, upper_bottom) = (upper.bounds, upper.bounds.y + upper.bounds.h);
        let lower = texts
            .iter()
            .filter(|lower| upper.positioned || lower.positioned)
            .filter(|lower| lower.bounds.y > a.y && upper_bottom - lower.bounds.y > OVERLAP_TOLERANCE_PT)
            .filter(|lower| a.x < lower.bounds.x + lower.bounds.w && lower.bounds.x < a.x + a.w)
            .min_by(|p, q| p.bounds.y.total_cmp(&q.bounds.y));
        if let Some(lower) = lower {
            let by_mm = (upper_bottom - lower.bounds.y) * 25.4 / 72.0;
            let message = format!(
                "the text runs {by_mm:.1} mm into the text of line {} below it: give it fewer lines or a smaller size, or move that text down",
                lower.pos.line
            );
            found.push(Diagnostic::error(upper.pos, message));
        }
    }
    found
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

    #[test]
    fn a_text_that_reaches_into_a_positioned_text_below_it_is_an_error() {
        let text = |line: u32, y: f32, h: f32, positioned: bool| PlacedText {
            pos: Pos { line, col: 5 },
            bounds: Bounds { x: 50.0, y, w: 500.0, h },
            positioned,
        };
        let found =
            |texts: &[PlacedText]| -> Vec<String> { overlapping(texts).iter().map(|d| d.to_string()).collect() };
        assert!(found(&[text(10, 100.0, 20.0, true), text(20, 120.0, 10.0, true)]).is_empty(), "touching");
        assert!(found(&[text(10, 100.0, 20.4, true), text(20, 120.0, 10.0, true)]).is_empty(), "leading");
        assert_eq!(
            found(&[text(10, 100.0, 50.0, true), text(20, 120.0, 10.0, true), text(30, 140.0, 10.0, false)]),
            [
                "10:5: the text runs 10.6 mm into the text of line 20 below it: give it fewer lines or a smaller size, or move that text down"
            ]
        );
        assert!(found(&[text(10, 100.0, 50.0, false), text(20, 120.0, 10.0, false)]).is_empty(), "the flow stacks");
        let beside = PlacedText {
            bounds: Bounds { x: 600.0, ..text(20, 120.0, 10.0, true).bounds },
            ..text(20, 0.0, 0.0, true)
        };
        assert!(found(&[text(10, 100.0, 50.0, true), beside]).is_empty(), "side by side");
    }
}
