//! The two default templates shipped in the binary: `honor` and `verified`.

pub const HONOR: &str = include_str!("../../templates/honor.cdt");
pub const VERIFIED: &str = include_str!("../../templates/verified.cdt");

/// (name, source) of every default template.
pub const DEFAULTS: [(&str, &str); 2] = [("honor", HONOR), ("verified", VERIFIED)];
