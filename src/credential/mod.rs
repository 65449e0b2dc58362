//! Certificates that prove themselves: the issuer's ES256 keys, each certificate's Open Badges
//! 3.0 credential signed as a VC-JWT, and reading a credential back out of a certificate's PDF
//! to check it offline.

mod embedded;
mod fonts;
pub mod indent;
mod ink;
pub mod jose;
pub mod keys;
mod lazy;
mod page_text;
pub mod payload;
pub mod pdf;
mod record;
mod resign;
mod run_files;
mod shape;
mod sight;
mod unreadable;
mod visible;

use std::path::PathBuf;

pub(crate) use ink::Ink;
pub use jose::PublicJwk;
pub use keys::{IssuerKeys, PublicKeyInfo, compromised_kids};
pub use payload::{Credential, Payload, Seal, SealFacts};
pub use resign::Resigning;
pub use run_files::JsonCopy;
pub(crate) use shape::Shape;
pub(crate) use sight::{Marks, Paint};
pub(crate) use visible::Area;

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("the issuer key file {path}: {reason}")]
    KeyFile { path: PathBuf, reason: String },
    #[error("{0}")]
    Key(String),
    #[error("{0}")]
    Malformed(String),
    #[error("{0}")]
    BadSignature(String),
    #[error("{0}")]
    Pdf(String),
}

pub type Result<T> = std::result::Result<T, CredentialError>;

/// The file name of a certificate's credential inside its PDF: `credential-CODE.jwt` and
/// `credential-CODE.json`, unique in a document of many certificates.
pub fn attachment_name(code: impl std::fmt::Display, extension: &str) -> String {
    format!("credential-{code}.{extension}")
}
