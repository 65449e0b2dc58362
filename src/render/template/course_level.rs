//! Which blocks use only data that is the same on every certificate of one course and mode
//! (`course.*`, `certificate.mode`, `certificate.mode_label`, `signatories`): layout draws them
//! in the fixed layer of that course.

use minijinja::Environment;

use super::model::{Block, BlockKind, QrBlock, TextBlock};
use super::program::BUILTIN_FUNCTIONS;

/// Clears `course_level` for every block that (or any of whose children) reads learner data.
pub(super) fn mark_course_level(
    env: &Environment,
    blocks: &[Block],
    scope: &mut Vec<String>,
    course_level: &mut [bool],
) -> bool {
    let mut all = true;
    for block in blocks {
        let own = match &block.kind {
            BlockKind::Text(TextBlock { content, .. }) | BlockKind::Qr(QrBlock { content, .. }) => {
                !content.is_dynamic() || only_course_data(env, &content.source, false, scope)
            }
            BlockKind::If { condition, then, otherwise } => {
                let then_ok = mark_course_level(env, then, scope, course_level);
                let otherwise_ok = mark_course_level(env, otherwise, scope, course_level);
                only_course_data(env, &condition.expr, true, scope) && then_ok && otherwise_ok
            }
            // Loop variables come from the iterable, so the iterable decides; names rooted in a
            // loop variable are not data fields and pass `is_course_field` only through it.
            BlockKind::For { iterable, children, variable } => {
                let iterable_ok = only_course_data(env, &iterable.expr, true, scope);
                scope.push(variable.clone());
                scope.push("loop".to_string());
                let children_ok = mark_course_level(env, children, scope, course_level);
                scope.truncate(scope.len() - 2);
                iterable_ok && children_ok
            }
            BlockKind::Row { children, .. } | BlockKind::Column { children } => {
                mark_course_level(env, children, scope, course_level)
            }
            BlockKind::Rule(_) | BlockKind::Rect(_) | BlockKind::Image(_) | BlockKind::Space => true,
        };
        if let Some(slot) = course_level.get_mut(block.id as usize) {
            *slot = own;
        }
        all &= own;
    }
    all
}

/// Whether the text (or expression) `source` names only course-level data or loop variables.
fn only_course_data(env: &Environment, source: &str, expression: bool, scope: &[String]) -> bool {
    let names = if expression {
        env.compile_expression(source).map(|e| e.undeclared_variables(true)).ok()
    } else {
        env.template_from_str(source).map(|t| t.undeclared_variables(true)).ok()
    };
    names.is_some_and(|names| {
        names
            .iter()
            .all(|name| is_course_field(name) || scope.iter().any(|v| name.split('.').next() == Some(v.as_str())))
    })
}

fn is_course_field(name: &str) -> bool {
    let root = name.split('.').next().unwrap_or(name);
    matches!(root, "course" | "signatories")
        || matches!(name, "certificate.mode" | "certificate.mode_label")
        || BUILTIN_FUNCTIONS.contains(&root)
}
