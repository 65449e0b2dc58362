//! The issuer's signing keys: a file beside the database, `issuer-keys.json`, readable and
//! writable by its owner only (0600). The newest key signs; older ones are kept after a
//! rotation so that what they signed still verifies.

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
}

impl PublicKeyInfo {
    pub fn kid(&self) -> &str {
        self.jwk.kid.as_deref().unwrap_or("")
    }
}

pub struct IssuerKey {
    pub kid: String,
    pub signing: SigningKey,
    pub created: Timestamp,
    pub retired: Option<Timestamp>,
}

impl IssuerKey {
    fn public(&self) -> PublicKeyInfo {
        PublicKeyInfo { jwk: PublicJwk::of(self.signing.verifying_key()), created: self.created, retired: self.retired }
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
                    "it may be read by other users (mode {mode:o}); if nobody else could have read it, run chmod 600 {}, else make a new key with certdesk issuer rotate after that",
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
        let stored: StoredKeys = serde_json::from_str(&text)
            .map_err(|error| CredentialError::KeyFile { path: path.clone(), reason: error.to_string() })?;
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
            keys.push(IssuerKey { kid: key.kid, signing, created: key.created, retired: key.retired });
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
            return Ok(IssuerKey { kid, signing, created: now, retired: None });
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
    }
}
