//! Rendering certificates: templates, the data they see, layout into pages, and checks.

pub mod data;
pub mod template;
