//! Which blocks are fixed (the same on every page of a template revision, drawn once as the
//! page's fixed layer), which are course-level (the same for one course and mode: they join the
//! fixed layer of that course), and which have a height that does not depend on the data.

use crate::render::template::Template;
use crate::render::template::model::{Block, BlockKind, FlowAlign, RectBlock};

/// Per block id.
pub(super) struct Classes {
    pub fixed: Vec<bool>,
    pub course: Vec<bool>,
    pub static_height: Vec<bool>,
}

pub(super) fn classify(template: &Template) -> Classes {
    let document = &template.document;
    let mut count = 0;
    document.walk(|block| count = count.max(block.id as usize + 1));
    let mut static_height = vec![false; count];
    document.walk(|block| static_height[block.id as usize] = has_static_height(block));
    let mut fixed = vec![false; count];
    let mut course = vec![false; count];
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
        course[block.id as usize] = position_static
            && !fixed[block.id as usize]
            && template.is_course_level(block.id)
            && !matches!(block.kind, BlockKind::If { .. } | BlockKind::For { .. });
        preceding_static &= flow_static(block);
    }
    Classes { fixed, course, static_height }
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
