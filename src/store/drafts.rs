//! Unsaved template text kept for the one who typed it (`name 0x00 login`): written while
//! they type and when the editor is cut off, removed when they save or throw it away.

use jiff::Timestamp;
use serde::Deserialize;

use super::codec::{CodecError, Record, decode, decode_body, encode};
use super::error::Result;
use super::keys;
use super::local::{LocalStore, get};
use super::tree;
use crate::domain::{DraftAuthor, TemplateDraft};

/// Version 1 of a draft, before it said when the revision it was typed over was saved.
#[derive(Deserialize)]
struct DraftV1 {
    name: String,
    login: String,
    revision: u32,
    text: String,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    written_at: Timestamp,
}

impl Record for TemplateDraft {
    /// 2: `base_saved_at`, which tells the template typed over from one made again since.
    const VERSION: u8 = 2;

    fn decode_version(version: u8, body: &[u8]) -> std::result::Result<Self, CodecError> {
        match version {
            1 => {
                let DraftV1 { name, login, revision, text, written_at } = decode_body(body)?;
                Ok(TemplateDraft { name, login, revision, base_saved_at: None, text, written_at })
            }
            2 => decode_body(body),
            unknown => Err(CodecError::UnknownVersion(unknown)),
        }
    }
}

fn draft_key(name: &str, login: &str) -> Vec<u8> {
    let mut key = keys::course_prefix(name);
    key.extend_from_slice(login.as_bytes());
    key
}

impl LocalStore {
    /// The draft `login` left of template `name`, if any.
    pub fn template_draft(&self, name: &str, login: &str) -> Result<Option<TemplateDraft>> {
        get(&self.drafts, tree::DRAFTS, &draft_key(name, login))
    }

    /// Keeps `draft` in place of the one its author had of that template, flushed: a draft is
    /// written for the moment the process is killed, so it must be on disk when this returns.
    pub fn keep_template_draft(&self, draft: &TemplateDraft) -> Result<()> {
        self.drafts.insert(draft_key(&draft.name, &draft.login), encode(draft))?;
        self.flush()
    }

    /// Who besides `login` left a draft of template `name`, and when they last wrote it, by
    /// login: not their text, which is theirs alone.
    pub fn others_template_drafts(&self, name: &str, login: &str) -> Result<Vec<DraftAuthor>> {
        let mut authors = Vec::new();
        for entry in self.drafts.scan_prefix(keys::course_prefix(name)) {
            let (key, bytes) = entry?;
            let draft: TemplateDraft = decode(tree::DRAFTS, &key, &bytes)?;
            if draft.name == name && draft.login != login {
                authors.push(DraftAuthor { login: draft.login, written_at: draft.written_at });
            }
        }
        Ok(authors)
    }

    /// Removes the draft `login` had of template `name` (saved or thrown away); none is fine.
    pub fn drop_template_draft(&self, name: &str, login: &str) -> Result<()> {
        if self.drafts.remove(draft_key(name, login))?.is_some() {
            self.flush()?;
        }
        Ok(())
    }
}
