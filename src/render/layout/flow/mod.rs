//! Placing blocks: the page's flow and absolute blocks, rows of columns, rules, rectangles,
//! borders, images and QR codes; and which blocks are fixed (drawn once per template revision).

use super::cache::CachedText;
use super::draw::{qr_modules, rectangles, rgb, shift};
use super::{Diagnostic, LayoutError, Renderer, TextFit, text};
use crate::render::page::{Item, Stroke};
use std::borrow::Cow;

use crate::render::data::RenderData;
use crate::render::template::TemplateError;
use crate::render::template::model::{Block, BlockKind, Content, FlowAlign, LineStyle, Placement, Pos, RectBlock};
use crate::render::template::program::slots;

mod bounds;
pub(crate) mod limits;
mod row;

/// A QR code's side without a `size`, in points (1 inch).
const QR_SIDE_PT: f32 = 72.0;

pub(super) struct Output {
    pub fixed: Vec<Item>,
    /// Items of course-level blocks: the same on every page of one course and mode.
    pub course: Vec<Item>,
    pub variable: Vec<Item>,
    pub heights: Vec<Option<f32>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Texts that did not fit as written, of the fixed blocks and of the others.
    pub fixed_fits: Vec<TextFit>,
    pub fits: Vec<TextFit>,
}

/// A container's box and, inside it, the box that blocks without a position fill (the margins).
#[derive(Debug, Clone, Copy)]
struct Area {
    x: f32,
    w: f32,
    inner_x: f32,
    inner_w: f32,
}

/// A laid-out block, its items drawn with their top at y = 0 until placed.
struct Placed {
    items: Vec<Item>,
    height: f32,
    place: Placement,
    fixed: bool,
    course: bool,
    /// Placed at this y regardless of the flow (a border).
    y: Option<f32>,
    /// An empty text: takes no room and no spacing in the flow.
    collapsed: bool,
    /// Where the block is written, and what it is called, for an error when it leaves the page.
    pos: Pos,
    noun: Option<&'static str>,
    /// Its left edge and width on the page.
    x: f32,
    w: f32,
    /// The texts of a row or column, their tops from the block's top.
    inner_texts: Vec<(Pos, bounds::Bounds)>,
}

pub(super) struct Pass<'r> {
    renderer: &'r Renderer,
    /// Blocks laid out so far (at most `limits::MAX_BLOCKS`).
    blocks: usize,
    data: &'r RenderData,
    slots: Vec<(u32, &'r str)>,
    cursor: usize,
    cached: Option<&'r [Option<f32>]>,
    heights: Vec<Option<f32>>,
    diagnostics: Vec<Diagnostic>,
    fixed_fits: Vec<TextFit>,
    fits: Vec<TextFit>,
    /// The texts columns laid out, for the row or column block that holds them to take.
    column_texts: Vec<(Pos, bounds::Bounds)>,
}

impl<'r> Pass<'r> {
    /// Lays out the whole page; with `cached` heights, fixed blocks are skipped (already drawn).
    pub fn run(
        renderer: &'r Renderer,
        data: &'r RenderData,
        output: &'r str,
        cached: Option<&'r [Option<f32>]>,
    ) -> Result<Output, LayoutError> {
        let document = &renderer.template.document;
        let mut pass = Pass {
            renderer,
            blocks: 0,
            data,
            slots: slots(output).collect(),
            cursor: 0,
            cached,
            heights: vec![None; renderer.static_height.len()],
            diagnostics: Vec::new(),
            fixed_fits: Vec::new(),
            fits: Vec::new(),
            column_texts: Vec::new(),
        };
        let setup = &document.page;
        let margin = setup.margin;
        let area = Area {
            x: 0.0,
            w: setup.width_pt,
            inner_x: margin.left,
            inner_w: setup.width_pt - margin.left - margin.right,
        };
        let mut placed = Vec::new();
        pass.stack(&document.blocks, area, true, &mut placed)?;
        let room = setup.height_pt - margin.top - margin.bottom;
        let total: f32 = placed.iter().filter(|p| is_flow(p)).map(flow_height).sum();
        let mut y = margin.top
            + match setup.flow {
                FlowAlign::Top => 0.0,
                FlowAlign::Center => (room - total) / 2.0,
                FlowAlign::Bottom => room - total,
            };
        let mut out = Output {
            fixed: Vec::new(),
            course: Vec::new(),
            variable: Vec::new(),
            heights: pass.heights,
            diagnostics: pass.diagnostics,
            fixed_fits: pass.fixed_fits,
            fits: pass.fits,
        };
        let mut texts = Vec::new();
        for mut block in placed {
            let top = if let Some(top) = block.y {
                top
            } else if let Some(top) = block.place.top {
                top
            } else if let Some(bottom) = block.place.bottom {
                setup.height_pt - bottom - block.height
            } else if let Some(middle) = block.place.middle {
                (setup.height_pt - block.height) / 2.0 + middle
            } else {
                let top = y + block.place.space_before;
                y += flow_height(&block);
                top
            };
            shift(&mut block.items, 0.0, top);
            out.diagnostics.extend(off_page(&block, top, setup.width_pt, setup.height_pt));
            let positioned = block.place.is_absolute();
            if block.noun == Some("text") && !block.collapsed {
                let bounds = bounds::Bounds { x: block.x, y: top, w: block.w, h: block.height };
                texts.push(bounds::PlacedText { pos: block.pos, bounds, positioned });
            }
            for &(pos, bounds) in &block.inner_texts {
                let bounds = bounds::Bounds { y: top + bounds.y, ..bounds };
                texts.push(bounds::PlacedText { pos, bounds, positioned });
            }
            let layer = match (block.fixed, block.course) {
                (true, _) => &mut out.fixed,
                (false, true) => &mut out.course,
                (false, false) => &mut out.variable,
            };
            layer.append(&mut block.items);
        }
        out.diagnostics.extend(bounds::overlapping(&texts));
        Ok(out)
    }

    fn slot(&mut self, id: u32) -> Result<&'r str, LayoutError> {
        match self.slots.get(self.cursor) {
            Some((slot_id, text)) if *slot_id == id => {
                self.cursor += 1;
                Ok(text)
            }
            _ => Err(TemplateError::at(
                Default::default(),
                format!("internal: the page program is out of step at block {id}"),
            )
            .into()),
        }
    }

    /// A text's content on this page: its source, its fast-path evaluation or its slot.
    fn text(&mut self, id: u32, content: &'r Content) -> Result<Cow<'r, str>, LayoutError> {
        let text = if !content.is_dynamic() {
            Cow::Borrowed(content.source.as_str())
        } else if let Some(evaluated) = self.renderer.template.evaluate_simple(id, self.data) {
            Cow::Owned(evaluated?)
        } else {
            Cow::Borrowed(self.slot(id)?)
        };
        limits::text(&text, content.pos_of(0))?;
        Ok(text)
    }

    /// Counts `block` as laid out, refusing the one after the `MAX_BLOCKS`th.
    fn count(&mut self, block: &Block) -> Result<(), LayoutError> {
        self.blocks += 1;
        limits::blocks(self.blocks, block.pos)
    }

    fn next_is(&self, id: u32) -> bool {
        self.slots.get(self.cursor).is_some_and(|(slot_id, _)| *slot_id == id)
    }

    /// Lays out `blocks` in order; `if` and `for` expand in place.
    fn stack(
        &mut self,
        blocks: &'r [Block],
        area: Area,
        top_level: bool,
        out: &mut Vec<Placed>,
    ) -> Result<(), LayoutError> {
        for block in blocks {
            match &block.kind {
                BlockKind::If { then, otherwise, .. } => {
                    let branch = if self.slot(block.id)? == "1" { then } else { otherwise };
                    self.stack(branch, area, false, out)?;
                }
                BlockKind::For { children, .. } => {
                    while self.next_is(block.id) {
                        self.cursor += 1;
                        self.stack(children, area, false, out)?;
                    }
                }
                _ => {
                    self.count(block)?;
                    out.push(self.place(block, area, top_level)?);
                }
            }
        }
        Ok(())
    }

    fn place(&mut self, block: &'r Block, area: Area, top_level: bool) -> Result<Placed, LayoutError> {
        let id = block.id as usize;
        let fixed = top_level && self.renderer.fixed_blocks.get(id) == Some(&true);
        let border_y = match &block.kind {
            BlockKind::Rect(RectBlock { inset_pt: Some(inset), .. }) => Some(*inset),
            _ => None,
        };
        let course = top_level && self.renderer.course_blocks.get(id) == Some(&true);
        let (x, w) = horizontal(&self.sized(block), area);
        let mut placed = Placed {
            items: Vec::new(),
            height: 0.0,
            place: block.place,
            fixed,
            course,
            y: border_y,
            collapsed: false,
            pos: block.pos,
            noun: bounds::noun(block),
            x,
            w,
            inner_texts: Vec::new(),
        };
        if let (true, Some(cached)) = (fixed, self.cached) {
            placed.height = cached.get(id).copied().flatten().unwrap_or(0.0);
            return Ok(placed);
        }
        let fits_before = self.fits.len();
        let texts_before = self.column_texts.len();
        let (items, height) = self.draw(block, x, w)?;
        placed.inner_texts = self.column_texts.split_off(texts_before);
        if fixed {
            let fixed_fits: Vec<TextFit> = self.fits.drain(fits_before..).collect();
            self.fixed_fits.extend(fixed_fits);
        }
        placed.collapsed = matches!(block.kind, BlockKind::Text(_)) && items.is_empty() && height == 0.0;
        placed.items = items;
        placed.height = block.place.height.unwrap_or(height);
        if self.cached.is_none() && self.renderer.static_height.get(id) == Some(&true) {
            self.heights[id] = Some(placed.height);
        }
        Ok(placed)
    }

    /// Draws one block in the box from `x` to `x + w`, top at y = 0; returns its height.
    fn draw(&mut self, block: &'r Block, x: f32, w: f32) -> Result<(Vec<Item>, f32), LayoutError> {
        let place = &block.place;
        Ok(match &block.kind {
            BlockKind::Text(text) => {
                let source = self.text(block.id, &text.content)?;
                let source = source.as_ref();
                let key = (block.id, x.to_bits(), w.to_bits());
                if let Some(cached) = self.renderer.text_cache.get(key, source) {
                    self.diagnostics.extend(cached.diagnostics.iter().cloned());
                    self.fits.extend(cached.fit.iter().cloned());
                    return Ok((cached.items.clone(), cached.height));
                }
                let mut found = Vec::new();
                let pos = text.content.pos_of(0);
                let mut laid = text::layout(self.renderer, text, pos, source, w, place.height, &mut found)?;
                shift(&mut laid.items, x, 0.0);
                self.diagnostics.extend(found.iter().cloned());
                self.fits.extend(laid.fit.iter().cloned());
                let cached = CachedText { items: laid.items, height: laid.height, diagnostics: found, fit: laid.fit };
                let result = (cached.items.clone(), cached.height);
                self.renderer.text_cache.insert(key, source, cached);
                result
            }
            BlockKind::Rule(rule) => {
                let stroke = Stroke { width_pt: rule.thickness_pt, color: rgb(rule.color) };
                let half = rule.thickness_pt / 2.0;
                let line = |y: f32| Item::Line { from: (x, y), to: (x + w, y), stroke };
                match rule.style {
                    LineStyle::Single => (vec![line(half)], rule.thickness_pt),
                    LineStyle::Double => {
                        let second = rule.thickness_pt + rule.gap_pt + half;
                        (vec![line(half), line(second)], 2.0 * rule.thickness_pt + rule.gap_pt)
                    }
                }
            }
            BlockKind::Rect(rect) => match rect.inset_pt {
                Some(inset) => {
                    let page = &self.renderer.template.document.page;
                    let (w, h) = (page.width_pt - 2.0 * inset, page.height_pt - 2.0 * inset);
                    (rectangles(rect, inset, w, h), h)
                }
                None => {
                    let h = place.height.unwrap_or(0.0);
                    (rectangles(rect, x, w, h), h)
                }
            },
            BlockKind::Image(image) => self.image(block, &image.name, x, w),
            BlockKind::Qr(qr) => {
                let source = self.text(block.id, &qr.content)?;
                let side = place.width.unwrap_or(QR_SIDE_PT);
                (
                    qr_modules(
                        &source,
                        x + (w - side) / 2.0,
                        side,
                        qr.quiet_modules,
                        qr.color,
                        block,
                        &mut self.diagnostics,
                    ),
                    side,
                )
            }
            BlockKind::Row { gap_pt, children } => self.row(children, *gap_pt, x, w)?,
            BlockKind::Space => (Vec::new(), place.height.unwrap_or(0.0)),
            BlockKind::Column { children } => self.column(children, x, w)?,
            BlockKind::If { .. } | BlockKind::For { .. } => (Vec::new(), 0.0),
        })
    }

    /// The block's placement with the width it takes without one stated: a QR code's default
    /// side, or an image's width at the height given. Placed by its `left` or `right`, such a
    /// block's edge is there, not in the middle of the room beyond.
    fn sized(&self, block: &Block) -> Placement {
        let mut place = block.place;
        if place.width.is_none() {
            place.width = match &block.kind {
                BlockKind::Qr(_) => Some(QR_SIDE_PT),
                BlockKind::Image(image) => place
                    .height
                    .zip(self.renderer.image_sizes.get(&image.name))
                    .map(|(height, &(px_w, px_h))| height * px_w.max(1) as f32 / px_h.max(1) as f32),
                _ => None,
            };
        }
        place
    }

    fn image(&mut self, block: &Block, name: &str, x: f32, w: f32) -> (Vec<Item>, f32) {
        let place = &block.place;
        let Some(&(px_w, px_h)) = self.renderer.image_sizes.get(name) else {
            self.diagnostics.push(Diagnostic::error(
                block.pos,
                format!(
                    "there is no image called {}; add it with `certdesk image add`",
                    crate::render::layout::quoted(name)
                ),
            ));
            return (Vec::new(), place.height.unwrap_or(0.0));
        };
        let aspect = px_h as f32 / px_w.max(1) as f32;
        let (box_w, box_h) = match (place.width, place.height) {
            (Some(width), Some(height)) => (width, height),
            (Some(width), None) => (width, width * aspect),
            (None, Some(height)) => (height / aspect.max(f32::MIN_POSITIVE), height),
            (None, None) => (w, w * aspect),
        };
        let scale = (box_w / px_w.max(1) as f32).min(box_h / px_h.max(1) as f32);
        let (img_w, img_h) = (px_w as f32 * scale, px_h as f32 * scale);
        let left = x + (w - img_w) / 2.0;
        let item =
            Item::Image { name: name.to_string(), x_pt: left, y_pt: (box_h - img_h) / 2.0, w_pt: img_w, h_pt: img_h };
        (vec![item], box_h)
    }
}

fn is_flow(placed: &Placed) -> bool {
    placed.y.is_none() && !placed.place.is_absolute()
}

/// The error for a block placed with its top at `top` that reaches outside the page.
fn off_page(placed: &Placed, top: f32, page_w: f32, page_h: f32) -> Option<Diagnostic> {
    let noun = placed.noun.filter(|_| !placed.collapsed)?;
    let box_ = bounds::Bounds { x: placed.x, y: top, w: placed.w, h: placed.height };
    bounds::off_page(noun, placed.pos, box_, page_w, page_h)
}

fn flow_height(placed: &Placed) -> f32 {
    if placed.collapsed {
        return 0.0;
    }
    placed.place.space_before + placed.height + placed.place.space_after
}

/// The block's left edge and width in its container (see the README's placement rules).
fn horizontal(place: &Placement, area: Area) -> (f32, f32) {
    let right_edge = area.x + area.w;
    let (x, w) = match (place.left, place.right, place.center) {
        (Some(left), Some(right), _) => (area.x + left, area.w - left - right),
        (Some(left), None, _) => (area.x + left, place.width.unwrap_or(area.inner_x + area.inner_w - area.x - left)),
        (None, Some(right), _) => {
            let w = place.width.unwrap_or(right_edge - right - area.inner_x);
            (right_edge - right - w, w)
        }
        (None, None, Some(center)) => {
            let w = place.width.unwrap_or(area.inner_w - 2.0 * center.abs());
            (area.x + area.w / 2.0 + center - w / 2.0, w)
        }
        (None, None, None) => {
            let w = place.width.unwrap_or(area.inner_w);
            (area.inner_x + (area.inner_w - w) / 2.0, w)
        }
    };
    (x, w.max(0.0))
}
