//! The store's calls about credentials: the certificates' seals and the issuer's keys.

use super::{Inner, Store, unexpected};
use crate::credential::{PublicKeyInfo, Seal};
use crate::domain::Code;
use crate::serve::identity::own_login;
use crate::serve::protocol::{Request, Response};
use crate::store::error::Result;
use crate::store::{Resigned, Retirement};

impl Store {
    /// The credential seals of the certificates `codes` of a course, in that order; the process
    /// that holds the issuer's key seals those that have none.
    pub fn credentials(&self, course_id: &str, codes: &[Code]) -> Result<Vec<Seal>> {
        match &self.inner {
            Inner::Local(local) => local.credentials(course_id, codes, &own_login()),
            Inner::Remote(remote) => {
                let mut seals = Vec::with_capacity(codes.len());
                for part in codes.chunks(crate::serve::protocol::CHUNK) {
                    let request = Request::Credentials { course: course_id.to_string(), codes: part.to_vec() };
                    seals.extend(remote!(remote, request, Seals)?);
                }
                Ok(seals)
            }
        }
    }

    /// The seal the certificate `code` carries, if it has one; seals nothing.
    pub fn seal_on_record(&self, code: Code) -> Result<Option<Seal>> {
        match &self.inner {
            Inner::Local(local) => local.seal_on_record(code),
            Inner::Remote(remote) => {
                remote!(remote, Request::SealOnRecord(code), Seal).map(|seal| seal.map(|boxed| *boxed))
            }
        }
    }

    /// The issuer's public keys, oldest first (the last one signs); empty before the first.
    pub fn issuer_keys(&self) -> Result<Vec<PublicKeyInfo>> {
        match &self.inner {
            Inner::Local(local) => local.issuer_keys(),
            Inner::Remote(remote) => remote!(remote, Request::IssuerKeys, Keys),
        }
    }

    /// The keys the database knows were retired as compromised, with when, whether or not
    /// its key file is there.
    pub fn compromised_on_record(&self) -> Result<Vec<(String, jiff::Timestamp)>> {
        match &self.inner {
            Inner::Local(local) => local.compromised_on_record(),
            Inner::Remote(remote) => remote!(remote, Request::CompromisedOnRecord, Compromised),
        }
    }

    pub fn issuer_init(&self) -> Result<PublicKeyInfo> {
        match &self.inner {
            Inner::Local(local) => local.issuer_init(&own_login()).map(|(key, _)| key),
            Inner::Remote(remote) => remote!(remote, Request::IssuerInit, Key),
        }
    }

    pub fn issuer_rotate(&self) -> Result<PublicKeyInfo> {
        match &self.inner {
            Inner::Local(local) => local.issuer_rotate(&own_login()).map(|(key, _)| key),
            Inner::Remote(remote) => remote!(remote, Request::IssuerRotate, Key),
        }
    }

    /// How many certificates carry a credential signed with one of the issuer keys `kids`: of
    /// the certificates `among`, or of the whole database (one pass, whatever the number of
    /// keys). Only reads: a certificate never sealed counts for nothing.
    pub fn signed_with(&self, kids: &[String], among: Option<&[Code]>) -> Result<usize> {
        match &self.inner {
            Inner::Local(local) => local.signed_with(kids, among),
            Inner::Remote(_) if kids.is_empty() => Ok(0),
            Inner::Remote(remote) => {
                let Some(codes) = among else {
                    return remote!(remote, Request::SignedWith { kids: kids.to_vec(), among: None }, Count);
                };
                let mut count = 0;
                for part in codes.chunks(crate::serve::protocol::CHUNK) {
                    let request = Request::SignedWith { kids: kids.to_vec(), among: Some(part.to_vec()) };
                    count += remote!(remote, request, Count)?;
                }
                Ok(count)
            }
        }
    }

    /// Retires the issuer key `kid` as compromised.
    pub fn issuer_retire(&self, kid: &str) -> Result<Retirement> {
        match &self.inner {
            Inner::Local(local) => local.issuer_retire(kid, &own_login()).map(|(retirement, _)| retirement),
            Inner::Remote(remote) => {
                remote!(remote, Request::IssuerRetire(kid.to_string()), Retirement).map(|boxed| *boxed)
            }
        }
    }

    /// Signs again, with the key that signs now, every credential a retired key signed.
    pub fn issuer_resign(&self) -> Result<Resigned> {
        match &self.inner {
            Inner::Local(local) => local.issuer_resign(&own_login()).map(|(resigned, _)| resigned),
            Inner::Remote(remote) => remote!(remote, Request::IssuerResign, Resigned),
        }
    }
}
