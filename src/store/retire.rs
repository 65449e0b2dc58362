//! Retiring a leaked issuer key: it is trusted no more, and the credentials it signed are
//! signed again with the key that signs now, so that learners' downloads carry a credential a
//! verifier can trust. Signing again changes only who vouches: each credential says, word for
//! word, what it said (see `Seal::resigned`).

use std::sync::Arc;

use jiff::Timestamp;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::codec::{decode, encode};
use super::database_log::database_event;
use super::error::{Result, StoreError};
use super::local::LocalStore;
use super::tree;
use crate::credential::{PublicKeyInfo, Seal, compromised_kids};
use crate::domain::{Action, Certificate, Code, Event};

/// What `certdesk issuer retire` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retirement {
    pub retired: PublicKeyInfo,
    /// The key made to sign in its place, when the retired key was the one signing.
    pub made: Option<PublicKeyInfo>,
    /// How many certificates carry a credential signed with it, to be signed again.
    pub signed: usize,
}

/// What `certdesk issuer resign` did: how many credentials it signed again, with which key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resigned {
    pub count: usize,
    pub kid: String,
}

/// Credentials signed a batch at a time: every core busy, memory bounded.
const BATCH: usize = 4_096;

impl LocalStore {
    /// How many certificates carry a credential signed with one of the keys `kids`: of the
    /// certificates `among`, looked up one by one, or of the whole database, in one pass
    /// whatever the number of keys. Without a key, nothing is read. A certificate never sealed
    /// counts for nothing, and none is sealed here: this only reads.
    pub fn signed_with(&self, kids: &[String], among: Option<&[Code]>) -> Result<usize> {
        if kids.is_empty() {
            return Ok(0);
        }
        let signed = |key: &[u8], bytes: &[u8]| -> Result<bool> {
            let seal: Seal = decode(tree::CREDENTIALS, key, bytes)?;
            Ok(kids.contains(&seal.kid))
        };
        let mut count = 0;
        match among {
            Some(codes) => {
                for &code in codes {
                    let key = super::keys::code(code);
                    if let Some(bytes) = self.credentials.get(key)? {
                        count += usize::from(signed(&key, &bytes)?);
                    }
                }
            }
            None => {
                for entry in self.credentials.iter() {
                    let (key, bytes) = entry?;
                    count += usize::from(signed(&key, &bytes)?);
                }
            }
        }
        Ok(count)
    }

    /// Retires the issuer key `kid` as compromised, logged in the database's trail as done by
    /// `who`; a new key signs in its place when it was the one signing.
    pub fn issuer_retire(&self, kid: &str, who: &str) -> Result<(Retirement, Event)> {
        let mut held = self.key_holder();
        let Some(mut keys) = self.key_file()? else {
            return Err(self.lost_key()?.unwrap_or_else(|| {
                StoreError::Conflict("the database has no issuer key yet; there is nothing to retire".into())
            }));
        };
        let retired = keys.retire(kid, Timestamp::now())?;
        self.remember_keys(&keys)?;
        *held = Some(Arc::new(keys));
        drop(held);
        let signed = self.signed_with(&[kid.to_string()], None)?;
        let made = match &retired.made {
            Some(made) => format!("; made the new issuer key {} to sign", made.kid()),
            None => String::new(),
        };
        let summary = format!(
            "retired the issuer key {kid} as compromised: what it signed is trusted no more{made}; \
             {signed} credential{} signed with it",
            if signed == 1 { " was" } else { "s were" }
        );
        let event = database_event(who, Action::Issuer, summary);
        self.log_database(&event)?;
        Ok((Retirement { retired: retired.retired, made: retired.made, signed }, event))
    }

    /// Signs again, with the key that signs now, every credential signed with a key retired as
    /// compromised; logged in the database's trail as done by `who` when there was any.
    pub fn issuer_resign(&self, who: &str) -> Result<(Resigned, Option<Event>)> {
        let keys = match self.key_file()? {
            Some(keys) => keys,
            None => {
                return Err(self.lost_key()?.unwrap_or_else(|| {
                    StoreError::Conflict("the database has no issuer key yet; there is nothing to sign again".into())
                }));
            }
        };
        let retired = compromised_kids(&keys.public());
        let signing = keys.current();
        // One time for the whole run: the pages tell holders that copies from before it are
        // the ones to replace.
        let now = Timestamp::now();
        let mut count = 0;
        let mut batch: Vec<([u8; 8], Seal, Certificate)> = Vec::with_capacity(BATCH);
        for entry in self.credentials.iter() {
            let (key, bytes) = entry?;
            let seal: Seal = decode(tree::CREDENTIALS, &key, &bytes)?;
            if !retired.contains(&seal.kid) {
                continue;
            }
            let code =
                <[u8; 8]>::try_from(key.as_ref()).ok().and_then(|bits| Code::from_bits(u64::from_be_bytes(bits)));
            // A seal whose certificate is gone is handed to nobody: left as it is.
            let Some(code) = code else { continue };
            let Some(certificate) = self.certificate_of(code)? else { continue };
            let code_key = super::keys::code(code);
            batch.push((code_key, seal, certificate));
            if batch.len() == BATCH {
                count += self.write_resigned(&mut batch, (&signing.signing, &signing.kid), now)?;
            }
        }
        count += self.write_resigned(&mut batch, (&signing.signing, &signing.kid), now)?;
        self.flush()?;
        let resigned = Resigned { count, kid: signing.kid.clone() };
        if count == 0 {
            return Ok((resigned, None));
        }
        let summary = format!(
            "signed again with the issuer key {} the {count} credential{} signed with the retired key{} {}",
            signing.kid,
            if count == 1 { "" } else { "s" },
            if retired.len() == 1 { "" } else { "s" },
            retired.join(", ")
        );
        let event = database_event(who, Action::Issuer, summary);
        self.log_database(&event)?;
        Ok((resigned, Some(event)))
    }

    /// The certificate under `code`, as its learner's ledger holds it.
    fn certificate_of(&self, code: Code) -> Result<Option<Certificate>> {
        let Some(owner) = self.code_owner(code)? else { return Ok(None) };
        let ledger = self.ledger(&owner.course_id, &owner.username)?;
        Ok(ledger.and_then(|ledger| ledger.entry(code).map(|entry| entry.certificate.clone())))
    }

    /// Signs the seals of `batch` again at `at`, on every core, with `key` (whose thumbprint is
    /// `kid`), and stores them; empties `batch`.
    fn write_resigned(
        &self,
        batch: &mut Vec<([u8; 8], Seal, Certificate)>,
        (key, kid): (&p256::ecdsa::SigningKey, &str),
        at: Timestamp,
    ) -> Result<usize> {
        let signed: Vec<([u8; 8], Vec<u8>)> = batch
            .par_iter()
            .map(|(code_key, seal, certificate)| (*code_key, encode(&seal.resigned(certificate, key, kid, at))))
            .collect();
        let mut write = sled::Batch::default();
        for (code_key, bytes) in &signed {
            write.insert(code_key, bytes.as_slice());
        }
        self.credentials.apply_batch(write)?;
        batch.clear();
        Ok(signed.len())
    }
}
