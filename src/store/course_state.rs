//! What a course keeps beside its folder: settings, the allowlist, invalidations and the
//! last example certificates. Written through `Store::commit`.

use std::collections::HashMap;

use super::codec::{CodecError, Record, decode, decode_body};
use super::error::Result;
use super::keys;
use super::local::{LocalStore, get};
use super::tree;
use crate::domain::{CourseSettings, ExampleSet, Exception};

impl Record for CourseSettings {
    const VERSION: u8 = 1;
}

impl Record for Exception {
    const VERSION: u8 = 1;
}

impl Record for ExampleSet {
    /// Version 2 added the per-script and unprintable-name example kinds; a version 1 body is
    /// a version 2 body without them, so both decode the same way.
    const VERSION: u8 = 2;

    fn decode_version(version: u8, body: &[u8]) -> std::result::Result<Self, CodecError> {
        match version {
            1 | 2 => decode_body(body),
            other => Err(CodecError::UnknownVersion(other)),
        }
    }
}

impl LocalStore {
    /// The course's settings, or the defaults when none were ever saved.
    pub fn settings(&self, course_id: &str) -> Result<CourseSettings> {
        Ok(get(&self.settings, tree::SETTINGS, &keys::course(course_id))?.unwrap_or_default())
    }

    pub fn examples(&self, course_id: &str) -> Result<Option<ExampleSet>> {
        get(&self.examples, tree::EXAMPLES, &keys::course(course_id))
    }

    /// Learners allowed a certificate whatever their grade, by username.
    pub fn allowlist(&self, course_id: &str) -> Result<HashMap<String, Exception>> {
        self.exceptions(&self.allowlist, tree::ALLOWLIST, course_id)
    }

    /// Learners who may not be certified, by username, with the reason.
    pub fn invalidations(&self, course_id: &str) -> Result<HashMap<String, Exception>> {
        self.exceptions(&self.invalidations, tree::INVALIDATIONS, course_id)
    }

    fn exceptions(&self, tree: &sled::Tree, name: &str, course_id: &str) -> Result<HashMap<String, Exception>> {
        let mut found = HashMap::new();
        for entry in tree.scan_prefix(keys::course_prefix(course_id)) {
            let (key, value) = entry?;
            if let Some(username) = keys::username_of(&key, course_id) {
                found.insert(username, decode(name, &key, &value)?);
            }
        }
        Ok(found)
    }
}
