//! Signing a credential again after the key that signed it leaked. The seal keeps which
//! retired key it replaced and when, so that the verification page and the learner's page can
//! tell a holder whether the copy they have is one to replace.

use jiff::Timestamp;
use p256::ecdsa::SigningKey;
use serde::{Deserialize, Serialize};

use super::jose;
use super::payload::{Payload, Seal};
use crate::domain::Certificate;

/// The last time a seal was signed again in place of a retired key's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resigning {
    /// The retired key that had signed it (RFC 7638 thumbprint).
    pub retired_kid: String,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub at: Timestamp,
}

impl Seal {
    /// This seal signed again for `certificate` with `key` (whose thumbprint is `kid`) at `at`:
    /// the same credential, word for word (the same salt and facts, even where the course's
    /// have changed since), vouched for by another key, and a note of the key it replaces.
    pub fn resigned(&self, certificate: &Certificate, key: &SigningKey, kid: &str, at: Timestamp) -> Seal {
        let resigned = Some(Resigning { retired_kid: self.kid.clone(), at });
        let mut seal = Seal { kid: kid.to_string(), signature: Vec::new(), resigned, ..self.clone() };
        let input = seal.signing_input(&Payload::of(certificate, &seal).to_json());
        seal.signature = jose::sign(key, &input).to_vec();
        seal
    }
}
