//! The template language: text → validated document model. Structure is parsed first (lines,
//! blocks, properties); each text is then a minijinja template, so data never changes structure.

mod block_rules;
mod compare;
mod course_level;
mod date;
mod lines;
pub mod markup;
pub mod model;
mod parser;
pub mod program;
mod props;
mod simple;
mod tree;
mod validate;
mod values;

#[cfg(test)]
mod empty_block_tests;
#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod tests;

use std::fmt;

use sha2::{Digest as _, Sha256};

pub use date::format_date;
pub use model::{Document, Pos};
pub(crate) use program::Program;

use crate::render::data::RenderData;

/// A problem in a template, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{}: {message}", pos.line, pos.col)]
pub struct TemplateError {
    pub pos: Pos,
    pub message: String,
}

impl TemplateError {
    pub fn at(pos: Pos, message: impl Into<String>) -> TemplateError {
        TemplateError { pos, message: message.into() }
    }
}

/// Every error found in a template, in source order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct TemplateErrors(pub Vec<TemplateError>);

impl TemplateErrors {
    /// `errors` in source order, each once.
    fn sorted(mut errors: Vec<TemplateError>) -> TemplateErrors {
        errors.sort_by_key(|error| error.pos);
        errors.dedup();
        TemplateErrors(errors)
    }
}

impl fmt::Display for TemplateErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

/// A parsed, validated and compiled template: parse once, render many.
#[derive(Debug)]
pub struct Template {
    pub document: Document,
    pub(crate) program: Program,
    /// SHA-256 of the source, truncated: the same text always gives the same key.
    pub key: u64,
}

impl Template {
    /// Parses and validates `source`: structure, placeholder syntax and names. Every error is
    /// reported, in source order.
    pub fn parse(source: &str) -> Result<Template, TemplateErrors> {
        let (document, mut errors) = parse_structure(source);
        // The blocks that could be read are compiled even when others could not, so that
        // their placeholders' errors are found in the same pass.
        let program = match Program::compile(&document) {
            Ok(program) if errors.is_empty() => program,
            Ok(_) => return Err(TemplateErrors::sorted(errors)),
            Err(found) => {
                errors.extend(found);
                return Err(TemplateErrors::sorted(errors));
            }
        };
        let digest = Sha256::digest(source.as_bytes());
        let key = digest.iter().take(8).fold(0u64, |key, byte| key << 8 | u64::from(*byte));
        Ok(Template { document, program, key })
    }

    /// Evaluates the placeholders on `data` that need minijinja: the slots layout consumes.
    pub fn evaluate(&self, data: &RenderData) -> Result<String, TemplateError> {
        self.program.run(data)
    }

    /// Whether block `id` looks the same on every certificate of one course and mode.
    pub fn is_course_level(&self, id: u32) -> bool {
        self.program.is_course_level(id)
    }

    /// Whether block `id`'s text is evaluated by `evaluate_simple` (and has no slot).
    pub fn is_simple(&self, id: u32) -> bool {
        self.program.simple(id).is_some()
    }

    /// Block `id`'s text on `data` without minijinja; `None` if it is not a simple text.
    pub fn evaluate_simple(&self, id: u32, data: &RenderData) -> Option<Result<String, TemplateError>> {
        let simple = self.program.simple(id)?;
        let mut out = String::new();
        let result = simple.evaluate(data, self.document.page.language, &mut out);
        Some(result.map(|()| out).map_err(|(offset, message)| TemplateError::at(self.text_pos(id, offset), message)))
    }

    /// Where in the template block `id`'s text has byte `offset`.
    fn text_pos(&self, id: u32, offset: usize) -> Pos {
        let mut pos = Pos::default();
        self.document.walk(|block| {
            if block.id == id {
                pos = match &block.kind {
                    model::BlockKind::Text(text) => text.content.pos_of(offset),
                    model::BlockKind::Qr(qr) => qr.content.pos_of(offset),
                    _ => block.pos,
                };
            }
        });
        pos
    }
}

/// The structure only (no placeholder checks): lines, blocks and properties, and every error
/// found in them. A block with an error is left out of the document.
pub fn parse_structure(source: &str) -> (Document, Vec<TemplateError>) {
    let mut errors = Vec::new();
    let lines = lines::split(source, &mut errors);
    let nodes = tree::build(&lines, &mut errors);
    let document = parser::document(&nodes, &mut errors);
    (document, errors)
}
