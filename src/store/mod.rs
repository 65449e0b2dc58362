//! The sled database: one tree per record kind, versioned records, one process at a time.
//!
//! Everything certdesk keeps goes through `Store`, so that a later `certdesk serve` can put
//! the same interface in front of a database shared by several staff.

mod certificates;
mod codec;
mod commit;
mod course_state;
mod courses;
mod error;
mod keys;
mod legacy;
mod lock;
mod schema;
mod templates;

use std::path::{Path, PathBuf};

pub use certificates::CodeOwner;
pub use codec::{CodecError, Record, decode_body, decode_bytes, encode};
pub use commit::{Commit, LedgerWrite};
pub use error::{Result, StoreError, printable_key};
pub use schema::SCHEMA_VERSION;

use lock::DatabaseLock;

/// Tree names, also used in error messages.
pub(crate) mod tree {
    pub const META: &str = "meta";
    pub const COURSES: &str = "courses";
    pub const ENROLLMENTS: &str = "enrollments";
    pub const LEDGERS: &str = "ledgers";
    pub const CODES: &str = "codes";
    pub const AUDIT: &str = "audit";
    pub const ALLOWLIST: &str = "allowlist";
    pub const INVALIDATIONS: &str = "invalidations";
    pub const SETTINGS: &str = "settings";
    pub const EXAMPLES: &str = "examples";
    pub const TEMPLATES: &str = "templates";
    pub const IMAGES: &str = "images";
}

/// sled's page cache; the default (1 GiB) is far more than a course needs.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

pub struct Store {
    path: PathBuf,
    db: sled::Db,
    meta: sled::Tree,
    courses: sled::Tree,
    enrollments: sled::Tree,
    ledgers: sled::Tree,
    codes: sled::Tree,
    audit: sled::Tree,
    allowlist: sled::Tree,
    invalidations: sled::Tree,
    settings: sled::Tree,
    examples: sled::Tree,
    templates: sled::Tree,
    images: sled::Tree,
    // Dropped last: the lock outlives every handle on the database.
    _lock: DatabaseLock,
}

impl Store {
    /// Opens (creating if needed) the database in the directory `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let store = Store::open_trees(path)?;
        schema::check_and_migrate(&store)?;
        Ok(store)
    }

    fn open_trees(path: &Path) -> Result<Store> {
        std::fs::create_dir_all(path).map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        let lock = DatabaseLock::acquire(path)?;
        let db = sled::Config::new()
            .path(path)
            .cache_capacity(CACHE_BYTES)
            .open()
            .map_err(|error| open_error(path, error))?;
        let open_tree = |name: &str| db.open_tree(name).map_err(|error| open_error(path, error));
        Ok(Store {
            meta: open_tree(tree::META)?,
            courses: open_tree(tree::COURSES)?,
            enrollments: open_tree(tree::ENROLLMENTS)?,
            ledgers: open_tree(tree::LEDGERS)?,
            codes: open_tree(tree::CODES)?,
            audit: open_tree(tree::AUDIT)?,
            allowlist: open_tree(tree::ALLOWLIST)?,
            invalidations: open_tree(tree::INVALIDATIONS)?,
            settings: open_tree(tree::SETTINGS)?,
            examples: open_tree(tree::EXAMPLES)?,
            templates: open_tree(tree::TEMPLATES)?,
            images: open_tree(tree::IMAGES)?,
            path: path.to_path_buf(),
            db,
            _lock: lock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes everything written so far durable. Every command calls this before it reports
    /// success, so what the user was told is saved survives a crash a moment later.
    pub fn flush(&self) -> Result<()> {
        self.db.flush()?;
        Ok(())
    }

    /// True when nothing has ever been imported.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.courses.is_empty())
    }
}

fn open_error(path: &Path, error: sled::Error) -> StoreError {
    match error {
        sled::Error::Io(source) => StoreError::Open { path: path.to_path_buf(), source },
        other => StoreError::Sled(other),
    }
}

/// Reads and decodes one value.
fn get<R: Record>(tree: &sled::Tree, name: &str, key: &[u8]) -> Result<Option<R>> {
    tree.get(key)?.map(|bytes| codec::decode(name, key, &bytes)).transpose()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod tests_certificates;
