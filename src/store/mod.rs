//! The database: everything certdesk keeps goes through `Store`, one interface whether the
//! database is opened by this process (`LocalStore`: sled, one tree per record kind, versioned
//! records) or served to it by `certdesk serve` over a Unix socket (`serve::RemoteStore`).
//! Operations are the same either way; only where the bytes live differs.

mod certificates;
mod codec;
mod commit;
mod course_state;
mod courses;
mod credentials;
mod database_log;
mod drafts;
mod error;
mod front;
mod key_record;
mod keys;
mod legacy;
mod local;
mod lock;
mod mail;
mod retire;
mod schema;
mod staff;
mod template_uses;
mod templates;

pub use certificates::CodeOwner;
pub use codec::{CodecError, Record, decode_body, decode_bytes, encode};
pub use commit::{Commit, LedgerWrite, NOTHING_WRITTEN, enrollment_digest};
pub use error::{DAMAGED, Result, StoreError, printable_key, restart_advice};
pub use front::{MailRun, Store};
pub use local::LocalStore;
pub use lock::{LOCK_FILE, held_by, recorded_as_server};
pub use retire::{Resigned, Retirement};
pub use schema::SCHEMA_VERSION;

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
    pub const FAREWELLS: &str = "farewells";
    pub const DELIVERIES: &str = "deliveries";
    pub const LINKS: &str = "links";
    pub const CREDENTIALS: &str = "credentials";
    pub const DATABASE_LOG: &str = "database-log";
    pub const DRAFTS: &str = "template-drafts";
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod tests_certificates;

#[cfg(test)]
mod tests_credentials;

#[cfg(test)]
mod tests_templates;

#[cfg(test)]
mod tests_drafts;
