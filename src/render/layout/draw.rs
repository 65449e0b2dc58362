//! Drawing primitives of layout: rectangles with single or double strokes, QR codes as module
//! grids, and moving laid-out items into place.

use super::Diagnostic;
use crate::render::page::{Item, ModuleGrid, Rgb, Stroke};
use crate::render::template::model::{Block, Color, LineStyle, RectBlock};

pub(super) fn rgb(color: Color) -> Rgb {
    Rgb::new(color.r, color.g, color.b)
}

/// A rectangle's fill and one or two strokes, kept inside the box `x, 0, w, h`.
pub(super) fn rectangles(rect: &RectBlock, x: f32, w: f32, h: f32) -> Vec<Item> {
    let t = rect.thickness_pt;
    let stroke = rect.stroke.map(|color| Stroke { width_pt: t, color: rgb(color) });
    let boxed = |inset: f32, fill, stroke| Item::Rect {
        x_pt: x + inset,
        y_pt: inset,
        w_pt: (w - 2.0 * inset).max(0.0),
        h_pt: (h - 2.0 * inset).max(0.0),
        fill,
        stroke,
    };
    let mut items = vec![boxed(t / 2.0, rect.fill.map(rgb), stroke)];
    if rect.style == LineStyle::Double && stroke.is_some() {
        items.push(boxed(t * 1.5 + rect.gap_pt, None, stroke));
    }
    items
}

pub(super) fn qr_modules(
    source: &str,
    x: f32,
    side: f32,
    quiet: u32,
    color: Color,
    block: &Block,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Item> {
    let content = source.trim();
    if content.is_empty() {
        diagnostics.push(Diagnostic::error(block.pos, "the QR code has nothing to encode"));
        return Vec::new();
    }
    // A fixed mask: choosing the best of eight costs 90% of the encoding time, and any mask
    // scans; the penalty rules only avoid patterns that confuse very poor readers.
    let Some((size, dark)) = super::qr::encode(content) else {
        diagnostics.push(Diagnostic::error(block.pos, "the QR code's text is too long to encode"));
        return Vec::new();
    };
    let module_pt = side / (size as f32 + 2.0 * quiet as f32);
    let offset = quiet as f32 * module_pt;
    vec![Item::Modules(ModuleGrid { x_pt: x + offset, y_pt: offset, module_pt, size, dark, color: rgb(color) })]
}

pub(super) fn shift(items: &mut [Item], dx: f32, dy: f32) {
    for item in items {
        match item {
            Item::Text(run) => {
                run.x_pt += dx;
                run.baseline_pt += dy;
            }
            Item::Line { from, to, .. } => {
                *from = (from.0 + dx, from.1 + dy);
                *to = (to.0 + dx, to.1 + dy);
            }
            Item::Rect { x_pt, y_pt, .. } | Item::Image { x_pt, y_pt, .. } => {
                *x_pt += dx;
                *y_pt += dy;
            }
            Item::Modules(grid) => {
                grid.x_pt += dx;
                grid.y_pt += dy;
            }
        }
    }
}
