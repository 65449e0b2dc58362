//! The parser never panics: arbitrary text, template-shaped text, and mutations of the default
//! templates either parse or give errors, and what parses also renders without panicking.

use proptest::prelude::*;

use super::Template;
use crate::render::data::RenderData;
use crate::render::defaults::DEFAULTS;
use crate::render::layout::Renderer;
use crate::render::{FontBook, ImageSet};

fn parse_and_render(source: &str) {
    if let Ok(template) = Template::parse(source) {
        if let Ok(renderer) = Renderer::new(template, &FontBook::new(), &ImageSet::new()) {
            let _ = renderer.render_page(&RenderData::example("verified"));
        }
    } else if let Err(errors) = Template::parse(source) {
        for error in errors.0 {
            assert!(error.pos.line >= 1 && error.pos.col >= 1, "{error:?} for {source:?}");
        }
    }
}

/// Applies one edit to `source` at a char position chosen by `at` (a fraction of its length).
fn mutate(source: &str, at: f64, edit: u8, insert: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let index = ((chars.len() as f64) * at) as usize % chars.len().max(1);
    let (before, after): (String, String) = (chars[..index].iter().collect(), chars[index..].iter().collect());
    match edit % 4 {
        0 => format!("{before}{insert}{after}"),
        1 => format!("{before}{}", after.chars().skip(insert.chars().count().max(1)).collect::<String>()),
        2 => format!("{before}\n{insert}{after}"),
        _ => format!("{before}  {after}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(source in ".{0,300}") {
        parse_and_render(&source);
    }

    #[test]
    fn template_shaped_text_never_panics(source in "([ ]{0,6}(text|row|column|if x|else|for s in signatories|qr|rule|page|border|image \"a\"|size: [0-9a-z]{1,4}|top: -?[0-9]{1,3}mm|fit: shrink|min-size: 1|\\| \\{\\{ learner.full_name \\}\\}|\\| \\*a\\*\\*|\\| \\{% if|#c)\n){0,25}") {
        parse_and_render(&source);
    }

    #[test]
    fn mutated_default_templates_never_panic(
        which in 0usize..2,
        edits in proptest::collection::vec((0.0f64..1.0, any::<u8>(), "[ -~]{0,8}|\\{\\{|%\\}|\\n    "), 1..4),
    ) {
        let mut source = DEFAULTS[which].1.to_string();
        for (at, edit, insert) in &edits {
            source = mutate(&source, *at, *edit, insert);
        }
        parse_and_render(&source);
    }
}
