//! The one place where stored values are encoded: a record-version byte, then bincode 2
//! (`config::standard()`) of the record's serde form.
//!
//! Decoding never panics on bad bytes: an unknown version, a truncated body or trailing
//! bytes is an error that names the tree and key. A record type that changes shape keeps
//! its old shape decodable by overriding `Record::decode_version`.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{StoreError, printable_key};

pub trait Record: Serialize + DeserializeOwned {
    /// The version written for new values of this record.
    const VERSION: u8;

    /// Decodes a body written with `version`. The default knows only the current version.
    fn decode_version(version: u8, body: &[u8]) -> Result<Self, CodecError> {
        if version == Self::VERSION { decode_body(body) } else { Err(CodecError::UnknownVersion(version)) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("the value is empty")]
    Empty,
    #[error("record version {0} is unknown to this certdesk")]
    UnknownVersion(u8),
    #[error("the value is truncated or malformed ({0})")]
    Malformed(String),
    #[error("{0} unexpected bytes follow the record")]
    TrailingBytes(usize),
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

pub fn encode<R: Record>(record: &R) -> Vec<u8> {
    let mut bytes = vec![R::VERSION];
    // Writing serde data into a Vec cannot fail for the plain data we store.
    bincode::serde::encode_into_std_write(record, &mut bytes, config())
        .unwrap_or_else(|error| unreachable!("encoding a record into memory failed: {error}"));
    bytes
}

/// Decodes the value stored under `key` in `tree`.
pub fn decode<R: Record>(tree: &str, key: &[u8], bytes: &[u8]) -> Result<R, StoreError> {
    decode_bytes(bytes).map_err(|reason| StoreError::Corrupt {
        tree: tree.to_string(),
        key: printable_key(key),
        reason,
    })
}

pub fn decode_bytes<R: Record>(bytes: &[u8]) -> Result<R, CodecError> {
    let (&version, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    R::decode_version(version, body)
}

/// Decodes one version's body, rejecting anything left over.
pub fn decode_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, CodecError> {
    let (value, read) =
        bincode::serde::decode_from_slice(body, config()).map_err(|error| CodecError::Malformed(error.to_string()))?;
    match body.len() - read {
        0 => Ok(value),
        extra => Err(CodecError::TrailingBytes(extra)),
    }
}
