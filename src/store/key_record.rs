//! What the database knows of the issuer's keys, kept in it beside the key file: each key's id,
//! public key and when it was retired as compromised. A key file put back from a backup older
//! than a rotation or a retirement is told by it, rather than signing again with a leaked key
//! and publishing it as trusted; and what was retired stays known when the key file is
//! missing, or made afresh after it was lost (`issuer init`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::codec::{CodecError, Record, decode_body, encode};
use super::error::{Result, StoreError};
use super::local::{LocalStore, get};
use super::tree;
use crate::credential::{IssuerKeys, PublicKeyInfo};

/// Under this key of the meta tree.
const KNOWN_KEYS: &[u8] = b"issuer_keys";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct KnownKey {
    kid: String,
    compromised: Option<Timestamp>,
    /// The key as `PublicKeyInfo` in JSON (a JWK's optional members have no place in bincode).
    public: Option<String>,
    /// Lost with the key file it was in, the file made afresh since (`issuer init`): what it
    /// signed still verifies with its public part, and no file need hold it.
    lost: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct KnownKeys {
    keys: Vec<KnownKey>,
}

/// Version 1 kept no public key, version 2 no mark of a key lost.
#[derive(Deserialize)]
struct KnownKeysV1 {
    keys: Vec<(String, Option<Timestamp>)>,
}

#[derive(Deserialize)]
struct KnownKeysV2 {
    keys: Vec<(String, Option<Timestamp>, Option<String>)>,
}

impl Record for KnownKeys {
    /// 2: each key's public part; 3: keys lost with their file.
    const VERSION: u8 = 3;

    fn decode_version(version: u8, body: &[u8]) -> std::result::Result<KnownKeys, CodecError> {
        let known = |(kid, compromised, public)| KnownKey { kid, compromised, public, lost: false };
        match version {
            1 => {
                let KnownKeysV1 { keys } = decode_body(body)?;
                Ok(KnownKeys {
                    keys: keys.into_iter().map(|(kid, compromised)| known((kid, compromised, None))).collect(),
                })
            }
            2 => {
                let KnownKeysV2 { keys } = decode_body(body)?;
                Ok(KnownKeys { keys: keys.into_iter().map(known).collect() })
            }
            3 => decode_body(body),
            other => Err(CodecError::UnknownVersion(other)),
        }
    }
}

impl KnownKeys {
    fn of(keys: &IssuerKeys) -> KnownKeys {
        let known = keys.public().into_iter().map(|key| KnownKey {
            kid: key.kid().to_string(),
            compromised: key.compromised,
            public: serde_json::to_string(&key).ok(),
            lost: false,
        });
        KnownKeys { keys: known.collect() }
    }

    /// What `file` does not know that this record does: a key made since it was copied, or a
    /// key retired since. A compromised key the file lacks is no such thing: a key file made
    /// afresh after the old one was lost need not hold it, and nothing signs with it.
    fn unknown_to(&self, file: &KnownKeys) -> Option<String> {
        self.keys.iter().find_map(|known| {
            let in_file = file.keys.iter().find(|key| key.kid == known.kid);
            match (in_file, known.compromised) {
                (None, None) if !known.lost => {
                    Some(format!("it lacks the key {}, which the database knows", known.kid))
                }
                (Some(key), Some(at)) if key.compromised.is_none() => Some(format!(
                    "it does not say that the key {} was retired as compromised on {}",
                    known.kid,
                    crate::domain::when_utc(at)
                )),
                _ => None,
            }
        })
    }

    /// This record with what `file` knows besides (it may be newer than the record).
    fn with(mut self, file: &KnownKeys) -> KnownKeys {
        for key in &file.keys {
            match self.keys.iter_mut().find(|known| known.kid == key.kid) {
                Some(known) => {
                    known.compromised = known.compromised.or(key.compromised);
                    known.public = known.public.take().or_else(|| key.public.clone());
                }
                None => self.keys.push(key.clone()),
            }
        }
        self
    }
}

impl LocalStore {
    fn known_keys(&self) -> Result<Option<KnownKeys>> {
        get(&self.meta, tree::META, KNOWN_KEYS)
    }

    /// The key file beside the database, refused when it is older than what the database knows
    /// of its keys; what it knows besides is recorded (the first time, all of it).
    pub(super) fn key_file(&self) -> Result<Option<IssuerKeys>> {
        let Some(keys) = IssuerKeys::load(&self.path)? else { return Ok(None) };
        let in_file = KnownKeys::of(&keys);
        let known = self.known_keys()?;
        if let Some(stale) = known.as_ref().and_then(|known| known.unknown_to(&in_file)) {
            return Err(StoreError::Conflict(format!(
                "the issuer key file {} is older than the database: {stale}; put back its newest copy from the \
                 database's backup (certdesk neither signs with nor publishes the keys of a file put back from \
                 before a rotation or a retirement)",
                IssuerKeys::path_in(&self.path).display()
            )));
        }
        let updated = known.clone().unwrap_or_default().with(&in_file);
        if known.as_ref() != Some(&updated) {
            self.meta.insert(KNOWN_KEYS, encode(&updated))?;
        }
        Ok(Some(keys))
    }

    /// Records `keys` as they are now (made, rotated or retired): the record follows the file.
    /// The keys of the record a key set made afresh lacks (the old file lost) are kept, marked
    /// lost: what they signed still verifies, and a retired one is still refused.
    pub(super) fn remember_keys(&self, keys: &IssuerKeys) -> Result<()> {
        let mut record = KnownKeys::of(keys);
        if let Some(known) = self.known_keys()? {
            for key in known.keys {
                if !record.keys.iter().any(|kept| kept.kid == key.kid) {
                    record.keys.push(KnownKey { lost: true, ..key });
                }
            }
        }
        self.meta.insert(KNOWN_KEYS, encode(&record))?;
        Ok(())
    }

    /// The keys the database knows and `file` does not hold (a key file made afresh after the
    /// old one was lost), to publish still: what they signed verifies with their public part,
    /// and a retired one is refused as retired.
    pub(super) fn keys_beyond(&self, file: &[PublicKeyInfo]) -> Result<Vec<PublicKeyInfo>> {
        let known = self.known_keys()?.unwrap_or_default();
        let beyond = known.keys.into_iter().filter(|key| !file.iter().any(|held| held.kid() == key.kid));
        Ok(beyond.filter_map(|key| serde_json::from_str(key.public.as_deref()?).ok()).collect())
    }

    /// The keys the database knows were retired as compromised, with when, whether or not the
    /// key file is there.
    pub fn compromised_on_record(&self) -> Result<Vec<(String, Timestamp)>> {
        let known = self.known_keys()?.unwrap_or_default();
        Ok(known.keys.into_iter().filter_map(|key| Some((key.kid, key.compromised?))).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kid: &str, compromised: Option<&str>) -> KnownKey {
        let compromised = compromised.map(|at| at.parse().expect("a time"));
        KnownKey { kid: kid.into(), compromised, public: None, lost: false }
    }

    #[test]
    fn a_file_from_before_a_rotation_or_a_retirement_is_told_and_a_newer_one_is_not() {
        let record = KnownKeys { keys: vec![key("a", Some("2026-12-01T12:00:00Z")), key("b", None)] };
        let before_rotation = KnownKeys { keys: vec![key("a", Some("2026-12-01T12:00:00Z"))] };
        assert_eq!(
            record.unknown_to(&before_rotation).as_deref(),
            Some("it lacks the key b, which the database knows")
        );
        let before_retirement = KnownKeys { keys: vec![key("a", None), key("b", None)] };
        let said = record.unknown_to(&before_retirement).expect("stale");
        assert_eq!(said, "it does not say that the key a was retired as compromised on 2026-12-01 12:00 UTC");
        let newer = KnownKeys { keys: vec![key("a", Some("2026-12-01T12:00:00Z")), key("b", None), key("c", None)] };
        assert_eq!(record.unknown_to(&newer), None);
        assert_eq!(record.clone().with(&newer), newer, "the record learns what the newer file knows");
        let made_afresh = KnownKeys { keys: vec![key("b", None)] };
        assert_eq!(record.unknown_to(&made_afresh), None, "a retired key it lacks signs nothing");
    }
}
