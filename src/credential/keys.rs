//! The issuer's signing keys: a file beside the database, `issuer-keys.json`, readable and
//! writable by its owner only (0600). The newest key signs; older ones are kept after a
//! rotation so that what they signed still verifies, unless they were retired as compromised:
//! a key that leaked signs a forgery as well as a true credential, so it vouches for nothing.

use std::fs::OpenOptions;
use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use p256::ecdsa::SigningKey;
use serde::{Deserialize, Serialize};

use super::jose::{PublicJwk, b64, unb64};
use super::{CredentialError, Result};

pub const KEY_FILE: &str = "issuer-keys.json";

/// One key as the file keeps it.
#[derive(Serialize, Deserialize)]
struct StoredKey {
    kid: String,
    created: Timestamp,
    /// When a newer key took over signing.
    retired: Option<Timestamp>,
    /// When staff said the key leaked (`certdesk issuer retire`): trusted no more. Absent from
    /// files written before keys could be retired.
    #[serde(default)]
    compromised: Option<Timestamp>,
    /// The private scalar, base64url (as a JWK's `d`).
    d: String,
}

#[derive(Serialize, Deserialize, Default)]
struct StoredKeys {
    keys: Vec<StoredKey>,
}

/// A public key and its history, as `certdesk issuer show` and the web service tell it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKeyInfo {
    pub jwk: PublicJwk,
    #[serde(with = "jiff::fmt::serde::timestamp::second::required")]
    pub created: Timestamp,
    #[serde(with = "jiff::fmt::serde::timestamp::second::optional")]
    pub retired: Option<Timestamp>,
    /// When it was retired as compromised: what it signed cannot be trusted.
    #[serde(with = "jiff::fmt::serde::timestamp::second::optional")]
    pub compromised: Option<Timestamp>,
}

impl PublicKeyInfo {
    pub fn kid(&self) -> &str {
        self.jwk.kid.as_deref().unwrap_or("")
    }

    /// Whether verifiers may trust what it signed: every key but those retired as compromised.
    pub fn is_trusted(&self) -> bool {
        self.compromised.is_none()
    }
}

/// The ids of the keys among `keys` retired as compromised, whose credentials verifiers refuse.
pub fn compromised_kids(keys: &[PublicKeyInfo]) -> Vec<String> {
    keys.iter().filter(|key| !key.is_trusted()).map(|key| key.kid().to_string()).collect()
}

/// What `IssuerKeys::retire` did: the key retired, and the key made to sign in its place when
/// it was the one signing.
pub struct Retired {
    pub retired: PublicKeyInfo,
    pub made: Option<PublicKeyInfo>,
}

pub struct IssuerKey {
    pub kid: String,
    pub signing: SigningKey,
    pub created: Timestamp,
    pub retired: Option<Timestamp>,
    pub compromised: Option<Timestamp>,
}

impl IssuerKey {
    fn public(&self) -> PublicKeyInfo {
        PublicKeyInfo {
            jwk: PublicJwk::of(self.signing.verifying_key()),
            created: self.created,
            retired: self.retired,
            compromised: self.compromised,
        }
    }
}

/// Every key of the issuer, oldest first; the last one signs.
pub struct IssuerKeys {
    path: PathBuf,
    keys: Vec<IssuerKey>,
}

impl IssuerKeys {
    pub fn path_in(database: &Path) -> PathBuf {
        database.join(KEY_FILE)
    }

    /// The keys of the database in `database`, if it has any. A file that others may read is
    /// refused rather than used: the key may have leaked.
    pub fn load(database: &Path) -> Result<Option<IssuerKeys>> {
        let path = IssuerKeys::path_in(database);
        let metadata = match std::fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(CredentialError::KeyFile { path, reason: error.to_string() }),
        };
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(CredentialError::KeyFile {
                path: path.clone(),
                reason: format!(
                    "it may be read by other users (mode {mode:o}): run chmod 600 {}, then, unless nobody else could have read it, retire the keys it holds as compromised (certdesk issuer show --all lists them; certdesk issuer retire KID)",
                    path.display()
                ),
            });
        }
        let text = std::fs::read_to_string(&path).map_err(|error| {
            // Refused: whose the key is and what to do, where the system said "Permission denied".
            let refused = crate::access::is_refusal(&error).then(|| crate::access::why_cannot_read_private(&path));
            let reason = refused.flatten().unwrap_or_else(|| error.to_string());
            CredentialError::KeyFile { path: path.clone(), reason }
        })?;
        // Cut short or overwritten (a disk that filled, a copy stopped midway): the keys in it
        // cannot be made again, only brought back.
        let stored: StoredKeys = serde_json::from_str(&text).map_err(|error| CredentialError::KeyFile {
            path: path.clone(),
            reason: format!(
                "it is damaged ({error}): restore it from the database's backup; certdesk changed nothing (a new key would not verify what the lost ones signed)"
            ),
        })?;
        let mut keys = Vec::with_capacity(stored.keys.len());
        for key in stored.keys {
            let bad = |reason: &str| CredentialError::KeyFile {
                path: path.clone(),
                reason: format!("key {}: {reason}", key.kid),
            };
            let scalar = unb64(&key.d, "d").map_err(|_| bad("its d is not base64url"))?;
            let signing = SigningKey::from_slice(&scalar).map_err(|_| bad("its d is not a P-256 private key"))?;
            if PublicJwk::of(signing.verifying_key()).thumbprint() != key.kid {
                return Err(bad("its id is not its thumbprint"));
            }
            let (created, retired, compromised) = (key.created, key.retired, key.compromised);
            keys.push(IssuerKey { kid: key.kid, signing, created, retired, compromised });
        }
        if keys.is_empty() {
            return Err(CredentialError::KeyFile { path, reason: "it holds no key".into() });
        }
        Ok(Some(IssuerKeys { path, keys }))
    }

    /// Makes the first key. Refused when the database already has keys.
    pub fn create(database: &Path, now: Timestamp) -> Result<IssuerKeys> {
        let path = IssuerKeys::path_in(database);
        let mut keys = IssuerKeys { path, keys: Vec::new() };
        keys.keys.push(new_key(now)?);
        keys.save(true)?;
        Ok(keys)
    }

    /// Retires the signing key and makes a new one; the old ones stay for verification.
    pub fn rotate(&mut self, now: Timestamp) -> Result<&IssuerKey> {
        let key = new_key(now)?;
        if let Some(current) = self.keys.last_mut() {
            current.retired = Some(now);
        }
        self.keys.push(key);
        if let Err(error) = self.save(false) {
            self.keys.pop();
            if let Some(current) = self.keys.last_mut() {
                current.retired = None;
            }
            return Err(error);
        }
        Ok(self.current())
    }

    /// Retires the key `kid` as compromised: it is published no more and what it signed is not
    /// trusted. When it is the one signing, a new key is made to sign in its place, so the
    /// signing key is never a compromised one.
    pub fn retire(&mut self, kid: &str, now: Timestamp) -> Result<Retired> {
        let refused = |reason: String| Err(CredentialError::Key(reason));
        let Some(index) = self.keys.iter().position(|key| key.kid == kid) else {
            return refused(format!("the issuer has no key {kid}; certdesk issuer show --all lists its keys"));
        };
        if let Some(at) = self.keys[index].compromised {
            return refused(format!(
                "the issuer key {kid} was already retired as compromised on {}",
                crate::domain::when_utc(at)
            ));
        }
        let before: Vec<(Option<Timestamp>, Option<Timestamp>)> =
            self.keys.iter().map(|key| (key.retired, key.compromised)).collect();
        let signing = index + 1 == self.keys.len();
        if signing {
            let key = new_key(now)?;
            self.keys.push(key);
        }
        let retiring = &mut self.keys[index];
        retiring.retired = retiring.retired.or(Some(now));
        retiring.compromised = Some(now);
        if let Err(error) = self.save(false) {
            self.keys.truncate(before.len());
            for (key, (retired, compromised)) in self.keys.iter_mut().zip(before) {
                (key.retired, key.compromised) = (retired, compromised);
            }
            return Err(error);
        }
        Ok(Retired { retired: self.keys[index].public(), made: signing.then(|| self.current().public()) })
    }

    /// The key that signs now.
    pub fn current(&self) -> &IssuerKey {
        // `load` and `create` never leave the list empty.
        let Some(key) = self.keys.last() else { unreachable!("an issuer without keys") };
        key
    }

    /// Every key's public half and history, oldest first.
    pub fn public(&self) -> Vec<PublicKeyInfo> {
        self.keys.iter().map(IssuerKey::public).collect()
    }

    /// The signing key's public half and history.
    pub fn current_public(&self) -> PublicKeyInfo {
        self.current().public()
    }

    /// Writes the file under a temporary name created 0600, synced, then renamed over it, so
    /// the key is never on disk with wider permissions nor half-written.
    fn save(&self, first: bool) -> Result<()> {
        let stored = StoredKeys {
            keys: self
                .keys
                .iter()
                .map(|key| StoredKey {
                    kid: key.kid.clone(),
                    created: key.created,
                    retired: key.retired,
                    compromised: key.compromised,
                    d: b64(&key.signing.to_bytes()),
                })
                .collect(),
        };
        let failed =
            |error: std::io::Error| CredentialError::KeyFile { path: self.path.clone(), reason: error.to_string() };
        let text = serde_json::to_string_pretty(&stored)
            .map_err(|error| CredentialError::KeyFile { path: self.path.clone(), reason: error.to_string() })?;
        let temporary = self.path.with_extension(format!("json.{}.partial", std::process::id()));
        let _ = std::fs::remove_file(&temporary);
        let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&temporary).map_err(failed)?;
        let written = file.write_all(text.as_bytes()).and_then(|()| file.sync_all());
        if let Err(error) = written {
            let _ = std::fs::remove_file(&temporary);
            return Err(failed(error));
        }
        if first {
            // A link never replaces a file: two `issuer init` at once cannot both win.
            let linked = std::fs::hard_link(&temporary, &self.path);
            let _ = std::fs::remove_file(&temporary);
            match linked {
                Ok(()) => {}
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(CredentialError::KeyFile {
                        path: self.path.clone(),
                        reason: "the database already has an issuer key; certdesk issuer rotate makes a new one".into(),
                    });
                }
                Err(error) => return Err(failed(error)),
            }
        } else {
            std::fs::rename(&temporary, &self.path).map_err(failed)?;
        }
        if let Some(dir) = self.path.parent()
            && let Ok(dir) = std::fs::File::open(dir)
        {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

fn new_key(now: Timestamp) -> Result<IssuerKey> {
    // A uniformly random 32-byte string is a valid scalar except with probability about 2^-32;
    // draw again in that case.
    for _ in 0..16 {
        let mut scalar = [0u8; 32];
        getrandom::fill(&mut scalar).map_err(|error| CredentialError::Key(format!("no randomness: {error}")))?;
        if let Ok(signing) = SigningKey::from_slice(&scalar) {
            let kid = PublicJwk::of(signing.verifying_key()).thumbprint();
            return Ok(IssuerKey { kid, signing, created: now, retired: None, compromised: None });
        }
    }
    Err(CredentialError::Key("the system's randomness gave no usable key".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_kept_0600_and_old_ones_survive_a_rotation() {
        let dir = tempfile::tempdir().expect("temp dir");
        let now = Timestamp::from_second(1_800_000_000).expect("time");
        let mut keys = IssuerKeys::create(dir.path(), now).expect("created");
        let path = IssuerKeys::path_in(dir.path());
        let mode = std::fs::metadata(&path).expect("file").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(IssuerKeys::create(dir.path(), now).is_err(), "a second init is refused");
        let first = keys.current().kid.clone();
        let second = keys.rotate(now).expect("rotated").kid.clone();
        assert_ne!(first, second);
        let loaded = IssuerKeys::load(dir.path()).expect("loads").expect("has keys");
        let public = loaded.public();
        assert_eq!(public.iter().map(|key| key.kid().to_string()).collect::<Vec<_>>(), vec![first, second.clone()]);
        assert_eq!(public[0].retired, Some(now));
        assert_eq!(loaded.current().kid, second);

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let refused = IssuerKeys::load(dir.path()).err().expect("refused");
        assert!(refused.to_string().contains("chmod 600"), "{refused}");
        assert!(refused.to_string().contains("certdesk issuer retire KID"), "{refused}");
    }

    #[test]
    fn a_retired_key_is_kept_as_compromised_and_never_signs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let made = Timestamp::from_second(1_800_000_000).expect("time");
        let later = Timestamp::from_second(1_800_086_400).expect("time");
        let mut keys = IssuerKeys::create(dir.path(), made).expect("created");
        let first = keys.current().kid.clone();
        let retired = keys.retire(&first, later).expect("retired");
        let made_now = retired.made.expect("a new key signs in its place");
        assert_eq!((retired.retired.kid(), retired.retired.compromised), (first.as_str(), Some(later)));
        assert!(!retired.retired.is_trusted());
        assert_eq!(keys.current().kid, made_now.kid(), "the new key signs");

        let mut loaded = IssuerKeys::load(dir.path()).expect("loads").expect("has keys");
        let public = loaded.public();
        assert_eq!(public.iter().map(PublicKeyInfo::is_trusted).collect::<Vec<_>>(), [false, true]);
        assert_eq!((public[0].retired, public[0].compromised), (Some(later), Some(later)));
        let again = loaded.retire(&first, later).err().expect("refused");
        assert!(again.to_string().contains("already retired as compromised on 2027-01-16"), "{again}");
        assert!(loaded.retire("no-such-kid", later).is_err());

        // An old key retired by rotation keeps the date a newer key took over; no key is made.
        let second = loaded.current().kid.clone();
        loaded.rotate(made).expect("rotated");
        let retired = loaded.retire(&second, later).expect("retired");
        assert!(retired.made.is_none());
        assert_eq!((retired.retired.retired, retired.retired.compromised), (Some(made), Some(later)));
        assert_eq!(loaded.public().len(), 3);
    }
}
