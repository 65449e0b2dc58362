//! Saved templates and images: immutable once stored, so a certificate always prints from
//! exactly the design it was issued with.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// One saved revision of a template's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRevision {
    pub name: String,
    /// 1 for the first save, then 2, 3, ...
    pub revision: u32,
    pub source: String,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub saved_at: Timestamp,
    pub saved_by: String,
}

/// A logo or signature a template draws by name. An image name is permanent: a new design
/// gets a new name, so certificates issued earlier keep printing the old image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredImage {
    pub name: String,
    pub bytes: Vec<u8>,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub added_at: Timestamp,
    pub added_by: String,
}

/// How long a template or image name may be.
pub const MAX_NAME_CHARS: usize = 64;

/// What a template or image name is made of, as refusals say it.
pub const NAME_RULE: &str = "use 1 to 64 lowercase letters, digits, '-' and '_'";

/// Template and image names: lowercase letters, digits, dashes and underscores.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_CHARS
        && name.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-' || byte == b'_')
}
