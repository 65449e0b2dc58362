//! Which blocks are fixed (the same on every page of a template revision, drawn once as the
//! page's fixed layer) and which have a height that does not depend on the data.

use crate::render::template::model::{Block, BlockKind, Document, FlowAlign, RectBlock};

/// Per block id: (drawn once in the fixed layer, height independent of the data).
pub(super) fn classify(document: &Document) -> (Vec<bool>, Vec<bool>) {
    let mut count = 0;
    document.walk(|block| count = count.max(block.id as usize + 1));
    let mut static_height = vec![false; count];
    document.walk(|block| static_height[block.id as usize] = has_static_height(block));
    let mut fixed = vec![false; count];
    let flow_static = |block: &Block| block.place.is_absolute() || is_border(block) || has_static_height(block);
    let whole_flow_static = document.blocks.iter().all(flow_static);
    let mut preceding_static = true;
    for block in &document.blocks {
        let absolute = block.place.is_absolute() || is_border(block);
        let position_static = absolute
            || match document.page.flow {
                FlowAlign::Top => preceding_static,
                FlowAlign::Center | FlowAlign::Bottom => whole_flow_static,
            };
        fixed[block.id as usize] = position_static && has_static_content(block);
        preceding_static &= flow_static(block);
    }
    (fixed, static_height)
}

pub(super) fn is_border(block: &Block) -> bool {
    matches!(block.kind, BlockKind::Rect(RectBlock { inset_pt: Some(_), .. }))
}

fn has_static_content(block: &Block) -> bool {
    match &block.kind {
        BlockKind::Text(text) => !text.content.is_dynamic(),
        BlockKind::Qr(qr) => !qr.content.is_dynamic(),
        BlockKind::Row { children, .. } | BlockKind::Column { children } => children.iter().all(has_static_content),
        BlockKind::If { .. } | BlockKind::For { .. } => false,
        BlockKind::Rule(_) | BlockKind::Rect(_) | BlockKind::Image(_) | BlockKind::Space => true,
    }
}

fn has_static_height(block: &Block) -> bool {
    if block.place.height.is_some() {
        return true;
    }
    match &block.kind {
        BlockKind::Text(text) => !text.content.is_dynamic() || (text.shrink && text.max_lines.is_some()),
        BlockKind::Row { children, .. } | BlockKind::Column { children } => children.iter().all(has_static_height),
        BlockKind::If { .. } | BlockKind::For { .. } => false,
        BlockKind::Qr(_) | BlockKind::Rule(_) | BlockKind::Rect(_) | BlockKind::Image(_) | BlockKind::Space => true,
    }
}
