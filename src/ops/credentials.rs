//! A certificate's credential as files for its PDF, and as text for wallets.

use super::Result;
use crate::credential::{Credential, Seal, attachment_name};
use crate::domain::Certificate;
use crate::render::pdf::{Attachment, Relationship};
use crate::store::Store;

/// The credential of `certificate` (sealed now if it never was).
pub fn credential(store: &Store, certificate: &Certificate) -> Result<Credential> {
    let seals = store.credentials(&certificate.course_id, &[certificate.code])?;
    let Some(seal) = seals.first() else {
        return Err(super::OpsError::Refused(format!("certificate {} has no credential", certificate.code)));
    };
    Ok(seal.credential(certificate))
}

/// The JWT and its JSON, as the two files a certificate's page carries.
pub fn credential_files(certificate: &Certificate, seal: &Seal) -> Vec<Attachment> {
    let credential = seal.credential(certificate);
    let code = certificate.code;
    let json = serde_json::to_string_pretty(&credential.payload).unwrap_or_default();
    vec![
        Attachment::new(
            attachment_name(code, "jwt"),
            "application/jwt",
            format!("Open Badges 3.0 credential of certificate {code}, signed (VC-JWT, ES256)"),
            Relationship::Alternative,
            credential.jwt.as_bytes(),
        ),
        Attachment::new(
            attachment_name(code, "json"),
            "application/json",
            format!("The credential of certificate {code} as JSON, to read (the .jwt is what is signed)"),
            Relationship::Supplement,
            json.as_bytes(),
        ),
    ]
}

/// The files of `certificate`'s page, from the store.
pub fn certificate_files(store: &Store, certificate: &Certificate) -> Result<Vec<Attachment>> {
    let seals = store.credentials(&certificate.course_id, &[certificate.code])?;
    Ok(seals.first().map(|seal| credential_files(certificate, seal)).unwrap_or_default())
}
