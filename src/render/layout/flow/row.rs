//! Rows of columns: the columns' widths (given, or sharing what is left), then each column's
//! blocks stacked in its box; `if` and `for` among a row's columns expand to columns.

use super::bounds::Bounds;
use super::{Area, Pass, flow_height};
use crate::render::layout::LayoutError;
use crate::render::layout::draw::shift;
use crate::render::page::Item;
use crate::render::template::model::{Block, BlockKind, QrBlock, TextBlock};

impl<'r> Pass<'r> {
    pub(super) fn row(
        &mut self,
        children: &'r [Block],
        gap: f32,
        x: f32,
        w: f32,
    ) -> Result<(Vec<Item>, f32), LayoutError> {
        // First count the columns (walking the slots without drawing), then draw them.
        let start = self.cursor;
        let mut widths = Vec::new();
        self.columns(children, &mut |_, block, _| widths.push(block.place.width))?;
        self.cursor = start;
        let fixed: f32 = widths.iter().flatten().sum();
        let auto = widths.iter().filter(|width| width.is_none()).count();
        let gaps = gap * widths.len().saturating_sub(1) as f32;
        let auto_width = if auto > 0 { ((w - gaps - fixed) / auto as f32).max(0.0) } else { 0.0 };
        let total: f32 = widths.iter().map(|width| width.unwrap_or(auto_width)).sum::<f32>() + gaps;
        let mut pen = x + (w - total) / 2.0;
        let mut drawn: Vec<(Vec<Item>, f32)> = Vec::new();
        let mut failure = None;
        self.columns(children, &mut |pass, block, children| {
            let width = block.place.width.unwrap_or(auto_width);
            match pass.column(children, pen, width) {
                Ok(column) => drawn.push(column),
                Err(error) => failure = Some(error),
            }
            pen += width + gap;
        })?;
        if let Some(error) = failure {
            return Err(error);
        }
        let height = drawn.iter().map(|(_, height)| *height).fold(0.0, f32::max);
        Ok((drawn.into_iter().flat_map(|(items, _)| items).collect(), height))
    }

    /// Calls `visit` for each column of a row, expanding `if` and `for` (consuming their slots).
    fn columns(
        &mut self,
        children: &'r [Block],
        visit: &mut dyn FnMut(&mut Self, &'r Block, &'r [Block]),
    ) -> Result<(), LayoutError> {
        for block in children {
            match &block.kind {
                BlockKind::Column { children } => {
                    let before = self.cursor;
                    visit(self, block, children);
                    if self.cursor == before {
                        self.skip(children)?;
                    }
                }
                BlockKind::If { then, otherwise, .. } => {
                    let branch = if self.slot(block.id)? == "1" { then } else { otherwise };
                    self.columns(branch, visit)?;
                }
                BlockKind::For { children, .. } => {
                    while self.next_is(block.id) {
                        self.cursor += 1;
                        self.columns(children, visit)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Consumes the slots of `blocks` without drawing them.
    fn skip(&mut self, blocks: &'r [Block]) -> Result<(), LayoutError> {
        for block in blocks {
            match &block.kind {
                BlockKind::Text(TextBlock { content, .. }) | BlockKind::Qr(QrBlock { content, .. })
                    if content.is_dynamic() && !self.renderer.template.is_simple(block.id) =>
                {
                    self.slot(block.id)?;
                }
                BlockKind::If { then, otherwise, .. } => {
                    let branch = if self.slot(block.id)? == "1" { then } else { otherwise };
                    self.skip(branch)?;
                }
                BlockKind::For { children, .. } => {
                    while self.next_is(block.id) {
                        self.cursor += 1;
                        self.skip(children)?;
                    }
                }
                BlockKind::Row { children, .. } | BlockKind::Column { children } => self.skip(children)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// The blocks of a column stacked top down in the box from `x` to `x + w`.
    pub(super) fn column(&mut self, children: &'r [Block], x: f32, w: f32) -> Result<(Vec<Item>, f32), LayoutError> {
        let mut placed = Vec::new();
        self.stack(children, Area { x, w, inner_x: x, inner_w: w }, false, &mut placed)?;
        let mut y = 0.0;
        let mut items = Vec::new();
        for mut block in placed {
            let top = y + block.place.space_before;
            shift(&mut block.items, 0.0, top);
            if block.noun == Some("text") && !block.collapsed {
                self.column_texts.push((block.pos, Bounds { x: block.x, y: top, w: block.w, h: block.height }));
            }
            let inner = block.inner_texts.drain(..).map(|(pos, bounds)| (pos, Bounds { y: top + bounds.y, ..bounds }));
            self.column_texts.extend(inner);
            y += flow_height(&block);
            items.append(&mut block.items);
        }
        Ok((items, y))
    }
}
