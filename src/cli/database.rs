//! Which database a command opens (`--db`, `CERTDESK_DB`, or the default one; through its
//! server when one serves it) and what a database gets before its first use.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::ops;
use crate::store::Store;

/// The database from `--db` or `CERTDESK_DB`, else the default one; whether it is the default.
pub(super) fn database_path(db: Option<&Path>) -> anyhow::Result<(PathBuf, bool)> {
    Ok(match db {
        Some(path) => (path.to_path_buf(), false),
        None => (default_database()?, true),
    })
}

/// The database from `--db` or `CERTDESK_DB`, else the default one: through its server when
/// `certdesk serve` serves it, otherwise opened here.
pub fn open_store(db: Option<&Path>) -> anyhow::Result<Store> {
    let (path, is_default) = database_path(db)?;
    let store = Store::open_shared(&path)?;
    if !store.is_shared() {
        prepare(&store, &path, is_default)?;
    }
    Ok(store)
}

/// What an opened database needs before use: the built-in templates, and the sample course the
/// first time the default database is opened empty. (A server does this for its clients.)
pub(super) fn prepare(store: &Store, path: &Path, is_default: bool) -> anyhow::Result<()> {
    ops::ensure_default_templates(store, jiff::Timestamp::now())?;
    if is_default && store.is_empty()? {
        let folder = crate::import::validate(crate::sample::middle_earth(), Vec::new())
            .context("the built-in sample course is invalid")?;
        let report =
            crate::import::import_validated(store, folder, None, (&ops::current_actor(), jiff::Timestamp::now()))?;
        eprintln!("certdesk: new database {}; loaded the sample course {}", path.display(), report.course);
    }
    Ok(())
}

pub(super) fn default_database() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "certdesk")
        .context("cannot find a home directory for the database; name one with --db PATH or CERTDESK_DB")?;
    Ok(dirs.data_dir().to_path_buf())
}
