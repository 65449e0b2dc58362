//! Which QR code a page can draw last. Its raw samples then end the page's stream, and go into
//! a stored block of their own rather than being coded with the page's text (see `deflate`):
//! about a hundred bytes less a page. A code moves only when nothing drawn after it comes near
//! it, so the page looks the same whichever order its items are in.

use crate::render::page::{GlyphRun, Item};

/// The index of the last QR code among `items`, when nothing after it overlaps it.
pub(super) fn qr_drawn_last(items: &[Item]) -> Option<usize> {
    let (index, square) = items.iter().enumerate().rev().find_map(|(index, item)| match item {
        Item::Modules(_) => extent(item).map(|square| (index, square)),
        _ => None,
    })?;
    items[index + 1..].iter().filter_map(extent).all(|other| !other.meets(&square)).then_some(index)
}

/// A rectangle in points from the page's top-left corner, y downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Extent {
    left: f32,
    top: f32,
    right: f32,
    bottom: f32,
}

impl Extent {
    fn of(x_pt: f32, y_pt: f32, w_pt: f32, h_pt: f32) -> Extent {
        Extent { left: x_pt, top: y_pt, right: x_pt + w_pt, bottom: y_pt + h_pt }
    }

    fn grown(self, by: f32) -> Extent {
        Extent { left: self.left - by, top: self.top - by, right: self.right + by, bottom: self.bottom + by }
    }

    /// Whether the two share any point, edges included.
    fn meets(&self, other: &Extent) -> bool {
        self.left <= other.right && other.left <= self.right && self.top <= other.bottom && other.top <= self.bottom
    }
}

/// Where an item can leave ink, generously; `None` for an item that draws nothing.
fn extent(item: &Item) -> Option<Extent> {
    match item {
        Item::Text(run) => text_extent(run),
        Item::Line { from, to, stroke } => {
            let (left, right) = (from.0.min(to.0), from.0.max(to.0));
            let (top, bottom) = (from.1.min(to.1), from.1.max(to.1));
            Some(Extent { left, top, right, bottom }.grown(stroke.width_pt))
        }
        Item::Rect { x_pt, y_pt, w_pt, h_pt, stroke, .. } => {
            let stroke = stroke.as_ref().map_or(0.0, |stroke| stroke.width_pt);
            Some(Extent::of(*x_pt, *y_pt, *w_pt, *h_pt).grown(stroke))
        }
        Item::Image { x_pt, y_pt, w_pt, h_pt, .. } => Some(Extent::of(*x_pt, *y_pt, *w_pt, *h_pt)),
        Item::Modules(grid) => {
            let side = grid.module_pt * f32::from(grid.size);
            Some(Extent::of(grid.x_pt, grid.y_pt, side, side))
        }
    }
}

/// A glyph run's advances, widened by its size on either side and reaching twice its size
/// above the baseline and once below, past any glyph the shaper moved: more than any face's
/// ascenders, descenders, overhangs and stacked marks.
fn text_extent(run: &GlyphRun) -> Option<Extent> {
    let first = run.glyphs.first()?;
    let mut extent = Extent { left: first.x_pt, top: first.y_pt, right: first.x_pt, bottom: first.y_pt };
    for glyph in &run.glyphs {
        extent.left = extent.left.min(glyph.x_pt);
        extent.right = extent.right.max(glyph.x_pt + glyph.advance_pt);
        extent.top = extent.top.min(glyph.y_pt);
        extent.bottom = extent.bottom.max(glyph.y_pt);
    }
    let size = run.size_pt;
    Some(Extent {
        left: run.x_pt + extent.left - size,
        top: run.baseline_pt + extent.top.min(0.0) - 2.0 * size,
        right: run.x_pt + extent.right + size,
        bottom: run.baseline_pt + extent.bottom.max(0.0) + size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fonts::FaceId;
    use crate::render::page::{ModuleGrid, PlacedGlyph, Rgb};

    fn qr(x_pt: f32, y_pt: f32) -> Item {
        Item::Modules(ModuleGrid { x_pt, y_pt, module_pt: 2.0, size: 21, dark: vec![true; 441], color: Rgb::BLACK })
    }

    fn word(x_pt: f32, baseline_pt: f32, size_pt: f32) -> Item {
        let glyphs = (0..5)
            .map(|i| PlacedGlyph {
                glyph_id: 3,
                x_pt: i as f32 * size_pt / 2.0,
                y_pt: 0.0,
                advance_pt: size_pt / 2.0,
                text: i..i + 1,
            })
            .collect();
        Item::Text(GlyphRun {
            face: FaceId(0),
            size_pt,
            color: Rgb::BLACK,
            x_pt,
            baseline_pt,
            glyphs,
            text: "hello".into(),
        })
    }

    fn picture(x_pt: f32, y_pt: f32) -> Item {
        Item::Image { name: "logo".into(), x_pt, y_pt, w_pt: 10.0, h_pt: 10.0 }
    }

    #[test]
    fn a_code_with_nothing_near_it_after_it_is_drawn_last() {
        // The default templates: the code, then the printed code and the link below it.
        let items = [word(100.0, 100.0, 12.0), qr(600.0, 400.0), word(600.0, 500.0, 8.0), word(580.0, 520.0, 6.5)];
        assert_eq!(qr_drawn_last(&items), Some(1));
        assert_eq!(qr_drawn_last(&items[..2]), Some(1));
        assert_eq!(qr_drawn_last(&items[..1]), None);
    }

    #[test]
    fn a_code_under_a_later_item_stays_where_it_is() {
        // The code covers 600-642 across and 400-442 down.
        for (later, overlaps) in [
            (picture(616.0, 416.0), true),    // a logo on the code's middle
            (picture(642.0, 442.0), true),    // touching its corner
            (picture(643.0, 400.0), false),   // beside it
            (word(650.0, 420.0, 12.0), true), // 8 pt away: the run's generous margin reaches it
            (word(700.0, 420.0, 12.0), false),
            (word(600.0, 465.0, 12.0), true), // ascenders may reach up to the code
            (word(600.0, 500.0, 12.0), false),
            (
                Item::Line {
                    from: (550.0, 445.0),
                    to: (700.0, 445.0),
                    stroke: crate::render::page::Stroke { width_pt: 4.0, color: Rgb::BLACK },
                },
                true,
            ),
            (Item::Rect { x_pt: 590.0, y_pt: 390.0, w_pt: 62.0, h_pt: 62.0, fill: None, stroke: None }, true),
        ] {
            let items = [qr(600.0, 400.0), later.clone()];
            assert_eq!(qr_drawn_last(&items), (!overlaps).then_some(0), "{later:?}");
        }
    }

    #[test]
    fn only_the_last_code_can_move() {
        let items = [qr(0.0, 0.0), qr(600.0, 400.0), picture(610.0, 410.0)];
        assert_eq!(qr_drawn_last(&items), None);
        let items = [qr(0.0, 0.0), qr(600.0, 400.0), picture(10.0, 10.0)];
        assert_eq!(qr_drawn_last(&items), Some(1));
    }
}
