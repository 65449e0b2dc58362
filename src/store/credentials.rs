//! Each certificate's credential seal, by code, and the issuer's keys. The process that opened
//! the database (certdesk on its own, or `certdesk serve`) holds the key file beside it and is
//! the only one that signs: credentials are sealed by `commit` as certificates are issued, in
//! the same transaction, and certificates issued before there were credentials are sealed on
//! first request.

use std::sync::{Arc, Mutex, MutexGuard};

use jiff::Timestamp;
use rayon::prelude::*;

use super::codec::{CodecError, Record, decode, decode_body, encode};
use super::commit::Commit;
use super::database_log::database_event;
use super::error::{Result, StoreError};
use super::keys;
use super::local::LocalStore;
use super::tree;
use crate::credential::{CredentialError, IssuerKeys, PublicKeyInfo, Seal, SealFacts};
use crate::domain::{Action, Certificate, Code, Event};

impl Record for Seal {
    /// 2: the seal notes when it was signed again in place of a retired key's signature.
    const VERSION: u8 = 2;

    fn decode_version(version: u8, body: &[u8]) -> std::result::Result<Seal, CodecError> {
        match version {
            1 => super::legacy::seal_v1(body),
            2 => decode_body(body),
            other => Err(CodecError::UnknownVersion(other)),
        }
    }
}

/// The issuer's keys as this process knows them: not yet read, or read.
#[derive(Default)]
pub(crate) struct KeyHolder {
    keys: Mutex<Option<Arc<IssuerKeys>>>,
}

impl From<CredentialError> for StoreError {
    fn from(error: CredentialError) -> StoreError {
        StoreError::Conflict(error.to_string())
    }
}

/// What sealing one new certificate needs besides the key.
struct ToSeal<'a> {
    certificate: &'a Certificate,
    email: String,
}

impl LocalStore {
    pub(super) fn key_holder(&self) -> MutexGuard<'_, Option<Arc<IssuerKeys>>> {
        self.issuer.keys.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The keys, read from their file once.
    fn loaded_keys(&self) -> Result<Option<Arc<IssuerKeys>>> {
        let mut held = self.key_holder();
        if held.is_none() {
            *held = self.key_file()?.map(Arc::new);
        }
        Ok(held.clone())
    }

    /// Why no key can be used when the key file is gone though credentials were signed with
    /// one (the database moved or restored without the file beside it); `None` for a
    /// database that never had a key.
    pub(super) fn lost_key(&self) -> Result<Option<StoreError>> {
        let Some(entry) = self.credentials.iter().next() else { return Ok(None) };
        let (key, bytes) = entry?;
        let seal: Seal = decode(tree::CREDENTIALS, &key, &bytes)?;
        Ok(Some(StoreError::Conflict(format!(
            "the issuer key file {} is missing, yet this database's certificates carry credentials signed with \
             its key {}: put the file back from the database's backup (certdesk makes no new key in its place \
             by itself); if it is lost for good, certdesk issuer init makes a new one, and what the old key \
             signed is then checked with the public part the database kept of it, or, where it kept none, \
             with its public key as published before",
            IssuerKeys::path_in(&self.path).display(),
            seal.kid
        ))))
    }

    /// The keys that sign; made on first need, so that no certificate goes without a
    /// credential (`certdesk issuer init` makes them ahead). A key made here is logged in the
    /// database's trail as made by `who` at `at` (the time of the operation that needed it,
    /// which lists it beside that operation's own event), to sign credentials of `course_id`,
    /// as an `issuer init` is.
    fn signing_keys(&self, (who, at): (&str, Timestamp), course_id: &str) -> Result<Arc<IssuerKeys>> {
        if let Some(keys) = self.loaded_keys()? {
            return Ok(keys);
        }
        let mut held = self.key_holder();
        if let Some(keys) = self.key_file()? {
            let keys = Arc::new(keys);
            *held = Some(keys.clone());
            return Ok(keys);
        }
        if let Some(lost) = self.lost_key()? {
            return Err(lost);
        }
        let keys = Arc::new(IssuerKeys::create(&self.path, Timestamp::now())?);
        // Held before it is logged: the key file exists now, whatever the log write does.
        *held = Some(keys.clone());
        self.remember_keys(&keys)?;
        let summary = format!(
            "made the issuer key {} on first use, to sign credentials of {course_id}",
            keys.current_public().kid()
        );
        self.log_database(&Event { at, ..database_event(who, Action::Issuer, summary) })?;
        Ok(keys)
    }

    /// Every public key of the issuer, oldest first; empty before the first key.
    /// A key file that went missing is an error, not an empty list: every credential signed
    /// with it would otherwise be refused as made by an unknown key.
    pub fn issuer_keys(&self) -> Result<Vec<PublicKeyInfo>> {
        match self.loaded_keys()? {
            Some(keys) => {
                // Keys lost with a file made afresh since come first: they are older.
                let held = keys.public();
                let mut all = self.keys_beyond(&held)?;
                all.extend(held);
                Ok(all)
            }
            None => match self.lost_key()? {
                Some(lost) => Err(lost),
                None => Ok(Vec::new()),
            },
        }
    }

    /// Makes the issuer's first key, logged in the database's trail as made by `who`; refused
    /// when there is one.
    pub fn issuer_init(&self, who: &str) -> Result<(PublicKeyInfo, Event)> {
        let mut held = self.key_holder();
        if let Some(keys) = self.key_file()? {
            return Err(StoreError::Conflict(format!(
                "the database already has an issuer key, {}, which `certdesk issuer show --jwk` shows; \
                 `certdesk issuer rotate` makes a new one",
                keys.current_public().kid()
            )));
        }
        let keys = IssuerKeys::create(&self.path, Timestamp::now())?;
        self.remember_keys(&keys)?;
        let public = keys.current_public();
        *held = Some(Arc::new(keys));
        let event = database_event(who, Action::Issuer, format!("made the issuer key {}", public.kid()));
        self.log_database(&event)?;
        Ok((public, event))
    }

    /// Makes a new signing key, logged in the database's trail as made by `who`; the old ones
    /// stay for verification.
    pub fn issuer_rotate(&self, who: &str) -> Result<(PublicKeyInfo, Event)> {
        let mut held = self.key_holder();
        let Some(mut keys) = self.key_file()? else {
            return Err(self.lost_key()?.unwrap_or_else(|| {
                StoreError::Conflict("the database has no issuer key yet; certdesk issuer init makes one".into())
            }));
        };
        keys.rotate(Timestamp::now())?;
        self.remember_keys(&keys)?;
        let public = keys.current_public();
        *held = Some(Arc::new(keys));
        let summary = format!("made the new issuer key {}; the old ones still verify", public.kid());
        let event = database_event(who, Action::Issuer, summary);
        self.log_database(&event)?;
        Ok((public, event))
    }

    /// The seal the certificate `code` carries, if it has one; never seals (a page that only
    /// shows what a certificate's credential is signed with writes nothing).
    pub fn seal_on_record(&self, code: Code) -> Result<Option<Seal>> {
        let key = keys::code(code);
        match self.credentials.get(key)? {
            Some(bytes) => Ok(Some(decode(tree::CREDENTIALS, &key, &bytes)?)),
            None => Ok(None),
        }
    }

    /// The seals of the certificates `codes` of `course_id`, in that order; a certificate issued
    /// before credentials existed is sealed now, once, and flushed before it is returned (a
    /// key made for it is logged as made by `who`, who asked).
    pub fn credentials(&self, course_id: &str, codes: &[Code], who: &str) -> Result<Vec<Seal>> {
        let mut seals: Vec<Option<Seal>> = Vec::with_capacity(codes.len());
        for &code in codes {
            let key = keys::code(code);
            seals.push(match self.credentials.get(key)? {
                Some(bytes) => Some(decode(tree::CREDENTIALS, &key, &bytes)?),
                None => None,
            });
        }
        let missing: Vec<usize> = (0..codes.len()).filter(|&index| seals[index].is_none()).collect();
        if !missing.is_empty() {
            let mut ledgers = Vec::with_capacity(missing.len());
            for &index in &missing {
                let code = codes[index];
                let owner = self.code_owner(code)?.filter(|owner| owner.course_id == course_id).ok_or_else(|| {
                    StoreError::Conflict(format!("no certificate of {course_id} has the code {code}"))
                })?;
                let ledger = self.ledger(course_id, &owner.username)?.unwrap_or_default();
                let email = self.enrollment(course_id, &owner.username)?.map(|e| e.email).unwrap_or_default();
                ledgers.push((code, ledger, email));
            }
            let mut to_seal = Vec::with_capacity(ledgers.len());
            for (code, ledger, email) in &ledgers {
                let entry = ledger
                    .entry(*code)
                    .ok_or_else(|| StoreError::Conflict(format!("the code {code} points to a ledger without it")))?;
                to_seal.push(ToSeal { certificate: &entry.certificate, email: email.clone() });
            }
            let made = self.seal(course_id, &to_seal, (who, Timestamp::now()))?;
            for (&index, seal) in missing.iter().zip(made) {
                let key = keys::code(codes[index]);
                // Two processes never seal at once (one owns the database), but two threads of
                // the server may: the first seal stored is the one everybody gets.
                let stored = match self.credentials.compare_and_swap(key, None as Option<&[u8]>, Some(encode(&seal)))? {
                    Ok(()) => seal,
                    Err(existing) => match existing.current {
                        Some(bytes) => decode(tree::CREDENTIALS, &key, &bytes)?,
                        None => seal,
                    },
                };
                seals[index] = Some(stored);
            }
            // Seals made now are on disk before anyone is handed them.
            self.flush()?;
        }
        Ok(seals.into_iter().flatten().collect())
    }

    /// Signs the credentials of `certificates` of `course_id`, on every core, for `by` (who,
    /// and when).
    fn seal(&self, course_id: &str, certificates: &[ToSeal], by: (&str, Timestamp)) -> Result<Vec<Seal>> {
        if certificates.is_empty() {
            return Ok(Vec::new());
        }
        let keys = self.signing_keys(by, course_id)?;
        let key = keys.current();
        let institution = self.course(course_id)?.map(|course| course.institution).unwrap_or_default();
        let verify_base_url = self.settings(course_id)?.verify_base_url;
        let mut salts = vec![[0u8; 16]; certificates.len()];
        for salt in &mut salts {
            getrandom::fill(salt)
                .map_err(|error| StoreError::Conflict(format!("no randomness for a salt: {error}")))?;
        }
        Ok(certificates
            .par_iter()
            .zip(salts)
            .map(|(item, salt)| {
                let facts = SealFacts {
                    email: &item.email,
                    institution: &institution,
                    verify_base_url: &verify_base_url,
                    salt,
                };
                Seal::sign(item.certificate, &facts, &key.signing, &key.kid)
            })
            .collect())
    }

    /// The seals of the certificates `commit` issues, as key and value pairs to write with it.
    pub(super) fn seals_of(&self, course_id: &str, commit: &Commit) -> Result<Vec<([u8; 8], Vec<u8>)>> {
        let mut emails = Vec::new();
        for write in &commit.ledgers {
            if !write.new_codes.is_empty() {
                let email = self.enrollment(course_id, &write.username)?.map(|e| e.email).unwrap_or_default();
                emails.push((write, email));
            }
        }
        let mut to_seal = Vec::new();
        for (write, email) in &emails {
            for &code in &write.new_codes {
                if let Some(entry) = write.ledger.entry(code) {
                    to_seal.push(ToSeal { certificate: &entry.certificate, email: email.clone() });
                }
            }
        }
        let seals = self.seal(course_id, &to_seal, (&commit.event.who, commit.event.at))?;
        Ok(to_seal.iter().zip(seals).map(|(item, seal)| (keys::code(item.certificate.code), encode(&seal))).collect())
    }
}

#[cfg(test)]
impl LocalStore {
    /// Overwrites the seal of `code` with a record version no certdesk wrote, as a damaged
    /// disk or a newer certdesk's database might hold it.
    pub(crate) fn spoil_seal(&self, code: Code) -> Result<()> {
        self.credentials.insert(keys::code(code), &[0xff_u8, 0][..])?;
        Ok(())
    }
}
