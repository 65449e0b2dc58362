//! The template language: text → validated document model. Structure is parsed first (lines,
//! blocks, properties); each text is then a minijinja template, so data never changes structure.

mod date;
mod lines;
pub mod markup;
pub mod model;
mod parser;
pub mod program;
mod props;
mod tree;
mod values;

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
    /// Parses and validates `source`: structure, placeholder syntax and names.
    pub fn parse(source: &str) -> Result<Template, TemplateErrors> {
        let document = parse_structure(source).map_err(|error| TemplateErrors(vec![error]))?;
        let program = Program::compile(&document).map_err(|mut errors| {
            errors.sort_by_key(|error| error.pos);
            TemplateErrors(errors)
        })?;
        let digest = Sha256::digest(source.as_bytes());
        let key = digest.iter().take(8).fold(0u64, |key, byte| key << 8 | u64::from(*byte));
        Ok(Template { document, program, key })
    }

    /// Evaluates every placeholder on `data`: the slots layout consumes.
    pub fn evaluate(&self, data: &RenderData) -> Result<String, TemplateError> {
        self.program.run(data)
    }
}

/// The structure only (no placeholder checks): lines, blocks and properties.
pub fn parse_structure(source: &str) -> Result<Document, TemplateError> {
    let lines = lines::split(source)?;
    let nodes = tree::build(&lines)?;
    parser::document(&nodes)
}
