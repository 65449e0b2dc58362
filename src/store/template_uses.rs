//! Where templates are used, and deleting one nothing uses. A deletion looks for every use
//! and removes the revisions while no commit can add a use: commits that name templates (new
//! certificates, a course's choice of template) wait for it, and check that what they name
//! still exists.

use std::sync::{RwLockReadGuard, RwLockWriteGuard};

use sled::Transactional as _;

use super::codec::{decode, encode};
use super::commit::Commit;
use super::database_log::database_event;
use super::error::{Result, StoreError};
use super::keys;
use super::local::LocalStore;
use super::templates::revision_key;
use super::tree;
use crate::domain::{Action, Ledger, Mode, TemplateUse, counted};

impl LocalStore {
    /// The course modes printing with template `name` (a mode without a choice prints with
    /// the template named after it) and the certificates printed with its revisions.
    pub fn template_use(&self, name: &str) -> Result<TemplateUse> {
        let mut uses = TemplateUse::default();
        for course in self.courses()? {
            let settings = self.settings(&course.id)?;
            for mode in [Mode::Honor, Mode::Verified] {
                if settings.template_for(mode).unwrap_or(mode.as_str()) == name {
                    uses.printing.push((course.id.clone(), mode));
                }
            }
        }
        for entry in self.ledgers.iter() {
            let (key, value) = entry?;
            let ledger: Ledger = decode(tree::LEDGERS, &key, &value)?;
            for entry in &ledger.entries {
                if entry.certificate.snapshot.template.name == name {
                    uses.count_certificate(&entry.certificate.course_id);
                }
            }
        }
        Ok(uses)
    }

    /// Removes every revision of template `name`, with an event in the database's trail
    /// signed by `who`; refused while a course prints with it or a certificate was printed
    /// with one of its revisions. Returns how many revisions went. Flushed.
    pub fn delete_template(&self, name: &str, who: &str) -> Result<usize> {
        let _no_commit_names_templates = self.write_template_uses();
        let keys: Vec<sled::IVec> =
            self.templates.scan_prefix(keys::course_prefix(name)).keys().collect::<std::result::Result<_, _>>()?;
        if keys.is_empty() {
            return Err(StoreError::Conflict(format!("there is no template '{name}' (see `certdesk template list`)")));
        }
        if let Some(refusal) = self.template_use(name)?.refusal(name, crate::domain::AssignBy::Command) {
            return Err(StoreError::Conflict(refusal));
        }
        let summary = format!("deleted template {name} ({})", counted(keys.len(), "revision", "revisions"));
        let event = encode(&database_event(who, Action::Template, summary));
        self.log_database_with(|log_key| {
            (&self.templates, &self.database_log).transaction(|(templates, log)| {
                for key in &keys {
                    templates.remove(key)?;
                }
                log.insert(&log_key, event.as_slice())?;
                Ok(())
            })
        })?;
        Ok(keys.len())
    }

    /// Held by a commit that names templates while it checks that they still exist and
    /// writes (see `delete_template`); `None` for one that names none, which never waits.
    pub(super) fn read_template_uses(
        &self,
        course_id: &str,
        commit: &Commit,
    ) -> Result<Option<RwLockReadGuard<'_, ()>>> {
        let certificates = commit.ledgers.iter().flat_map(|write| {
            let new = |entry: &&crate::domain::LedgerEntry| write.new_codes.contains(&entry.certificate.code);
            write.ledger.entries.iter().filter(new).map(|entry| &entry.certificate.snapshot.template)
        });
        // Revision 0: a template never saved, which no deletion can take away.
        let revisions: Vec<_> = certificates.filter(|template| template.revision > 0).collect();
        // A course's choice of template, where it changes: one kept as it was is none of a
        // deletion's business (the deletion would have been refused).
        let mut chosen = Vec::new();
        if let Some(settings) = &commit.settings {
            let before = self.settings(course_id)?;
            for mode in [Mode::Honor, Mode::Verified] {
                if let Some(name) = settings.template_for(mode)
                    && before.template_for(mode) != Some(name)
                {
                    chosen.push(name);
                }
            }
        }
        if revisions.is_empty() && chosen.is_empty() {
            return Ok(None);
        }
        let guard = self.template_uses.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        let deleted = |name: &str| format!("the template {name} was deleted meanwhile; nothing was written");
        for template in revisions {
            if !self.templates.contains_key(revision_key(&template.name, template.revision))? {
                return Err(StoreError::Changed(format!("{}, run the command again", deleted(&template.name))));
            }
        }
        for name in chosen {
            if self.templates.scan_prefix(keys::course_prefix(name)).next().is_none() {
                return Err(StoreError::Changed(format!("{}; choose another", deleted(name))));
            }
        }
        Ok(Some(guard))
    }

    fn write_template_uses(&self) -> RwLockWriteGuard<'_, ()> {
        // Poisoned only by a panic elsewhere; the lock guards no data of its own.
        self.template_uses.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
