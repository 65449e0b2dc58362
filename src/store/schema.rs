//! The schema version in the meta tree, and the migrations from older ones.

use super::error::{Result, StoreError};
use super::local::LocalStore;

/// Stored in the meta tree under `schema` as four big-endian bytes.
pub const SCHEMA_VERSION: u32 = 1;
const SCHEMA_KEY: &[u8] = b"schema";

/// One step from `from` to `from + 1`. Each runs in order when an older database is opened.
type Migration = fn(&LocalStore) -> Result<()>;
const MIGRATIONS: &[(u32, Migration)] = &[];

pub(super) fn check_and_migrate(store: &LocalStore) -> Result<()> {
    let found = match store.meta.get(SCHEMA_KEY)? {
        None => {
            write_version(store, SCHEMA_VERSION)?;
            store.flush()?;
            return Ok(());
        }
        Some(bytes) => read_version(&bytes)?,
    };
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { path: store.path.clone(), found, supported: SCHEMA_VERSION });
    }
    for version in found..SCHEMA_VERSION {
        let migrate = MIGRATIONS
            .iter()
            .find(|(from, _)| *from == version)
            .map(|(_, migrate)| migrate)
            .ok_or_else(|| StoreError::Conflict(format!("no migration from schema {version}")))?;
        migrate(store)?;
        write_version(store, version + 1)?;
        store.flush()?;
    }
    Ok(())
}

fn read_version(bytes: &[u8]) -> Result<u32> {
    let array: [u8; 4] = bytes.try_into().map_err(|_| StoreError::Corrupt {
        tree: super::tree::META.to_string(),
        key: "schema".to_string(),
        reason: super::codec::CodecError::Malformed(format!("{} bytes instead of 4", bytes.len())),
    })?;
    Ok(u32::from_be_bytes(array))
}

fn write_version(store: &LocalStore, version: u32) -> Result<()> {
    store.meta.insert(SCHEMA_KEY, &version.to_be_bytes())?;
    Ok(())
}

#[cfg(test)]
pub(super) fn set_version_for_test(store: &LocalStore, version: u32) -> Result<()> {
    write_version(store, version)?;
    store.flush()
}
