//! Template revisions (`name 0x00 revision(u32 BE)`) and images (`name`).

use sled::Transactional as _;
use sled::transaction::ConflictableTransactionError;

use super::codec::{Record, decode, encode};
use super::database_log::database_event;
use super::error::{Result, StoreError};
use super::keys;
use super::local::{LocalStore, get};
use super::tree;
use crate::domain::{Action, Event, StoredImage, TemplateRevision};

impl Record for TemplateRevision {
    const VERSION: u8 = 1;
}

impl Record for StoredImage {
    const VERSION: u8 = 1;
}

pub(super) fn revision_key(name: &str, revision: u32) -> Vec<u8> {
    let mut key = keys::course_prefix(name);
    key.extend_from_slice(&revision.to_be_bytes());
    key
}

impl LocalStore {
    /// Every revision of every template, by name then revision.
    pub fn template_revisions(&self) -> Result<Vec<TemplateRevision>> {
        self.templates
            .iter()
            .map(|entry| {
                let (key, value) = entry?;
                decode(tree::TEMPLATES, &key, &value)
            })
            .collect()
    }

    pub fn template_revision(&self, name: &str, revision: u32) -> Result<Option<TemplateRevision>> {
        get(&self.templates, tree::TEMPLATES, &revision_key(name, revision))
    }

    pub fn latest_template(&self, name: &str) -> Result<Option<TemplateRevision>> {
        match self.templates.scan_prefix(keys::course_prefix(name)).next_back() {
            Some(entry) => {
                let (key, value) = entry?;
                Ok(Some(decode(tree::TEMPLATES, &key, &value)?))
            }
            None => Ok(None),
        }
    }

    /// Stores `revision`, which must be the next one of its template, with an event in the
    /// database's trail signed by whoever saved it.
    pub fn save_template(&self, revision: &TemplateRevision) -> Result<()> {
        let summary = format!("saved template {} revision {}", revision.name, revision.revision);
        self.store_revision(revision, Some(database_event(&revision.saved_by, Action::Template, summary)))
    }

    /// Stores a revision of a design this certdesk ships, which nobody on the staff made: not
    /// in the trail.
    pub fn install_built_in_template(&self, revision: &TemplateRevision) -> Result<()> {
        self.store_revision(revision, None)
    }

    /// Stores `revision`, which must be the next one of its template, and `event` with it.
    fn store_revision(&self, revision: &TemplateRevision, event: Option<Event>) -> Result<()> {
        let key = revision_key(&revision.name, revision.revision);
        self.log_database_with(|log_key| {
            (&self.templates, &self.database_log).transaction(|(templates, log)| {
                if templates.get(key.as_slice())?.is_some() {
                    return Err(ConflictableTransactionError::Abort(StoreError::Conflict(format!(
                        "template {} already has a revision {}",
                        revision.name, revision.revision
                    ))));
                }
                templates.insert(key.as_slice(), encode(revision))?;
                if let Some(event) = &event {
                    log.insert(&log_key, encode(event))?;
                }
                Ok(())
            })
        })
    }

    pub fn images(&self) -> Result<Vec<StoredImage>> {
        self.images
            .iter()
            .map(|entry| {
                let (key, value) = entry?;
                decode(tree::IMAGES, &key, &value)
            })
            .collect()
    }

    pub fn image(&self, name: &str) -> Result<Option<StoredImage>> {
        get(&self.images, tree::IMAGES, name.as_bytes())
    }

    /// Adds an image under a new name; a name is never reused for other bytes.
    pub fn add_image(&self, image: &StoredImage) -> Result<()> {
        let stored = self.images.compare_and_swap(image.name.as_bytes(), None as Option<&[u8]>, Some(encode(image)))?;
        stored.map_err(|_| {
            StoreError::Conflict(format!(
                "there is already an image named '{}'; images are permanent, so give the new one another name",
                image.name
            ))
        })?;
        self.flush()
    }
}
