//! A certificate's credential as files for its PDF, and as text for wallets. A PDF of one
//! certificate carries `credential-CODE.jwt` and `credential-CODE.json`; in an export of many,
//! each run of pages carries its credentials together (`shared_credential_files`), which
//! compresses the parts every credential of a course repeats away.

use super::Result;
use crate::credential::indent::indent_into;
use crate::credential::{Credential, attachment_name, compromised_kids};
use crate::domain::{Certificate, Code};
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

/// The keys the issuer retired as compromised, whose credentials verifiers refuse. A key file
/// gone missing retires nothing here: whatever needs the key says that.
pub fn retired_kids(store: &Store) -> Vec<String> {
    compromised_kids(&store.issuer_keys().unwrap_or_default())
}

/// How many of the certificates `codes` carry a credential signed with a key retired as
/// compromised; without such a key, no credential is read.
pub fn signed_with_retired(store: &Store, codes: &[Code]) -> Result<usize> {
    Ok(store.signed_with(&retired_kids(store), Some(codes))?)
}

/// `3 of the 120 certificates exported carry credentials signed with a key retired as
/// compromised, which verifiers refuse`: `signed` of the `total` certificates a run hands on
/// (`what`: `exported`, `to mail`), counted among them so that it stays true of what it made.
pub fn retired_among(signed: usize, total: usize, what: &str) -> String {
    let carry = match (signed, total) {
        (_, 1) => format!("The certificate {what} carries a credential"),
        (signed, total) if signed == total => format!("All {total} certificates {what} carry credentials"),
        (1, total) => format!("1 of the {total} certificates {what} carries a credential"),
        (signed, total) => format!("{signed} of the {total} certificates {what} carry credentials"),
    };
    format!("{carry} signed with a key retired as compromised, which verifiers refuse")
}

/// The two files of the page of the certificate `code` whose credential is `credential`.
pub(super) fn page_files(code: Code, credential: &Credential) -> Vec<Attachment> {
    let json = credential.pretty_json();
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

/// The credentials of the pages `first_page`, `first_page + 1`, … (1-based) as the two files
/// those pages carry together: `credentials-pages-F-L.jwt`, one JWT a line in page order, and
/// `credentials-pages-F-L.json`, their payloads as a JSON array in the same order.
pub(super) fn shared_credential_files(first_page: usize, credentials: &[&Credential]) -> Vec<Attachment> {
    let last_page = first_page + credentials.len().saturating_sub(1);
    let pages = format!("pages {first_page}-{last_page}");
    let name = |extension: &str| format!("credentials-pages-{first_page}-{last_page}.{extension}");
    let mut jwts = String::with_capacity(credentials.iter().map(|c| c.jwt.len() + 1).sum());
    for credential in credentials {
        jwts.push_str(&credential.jwt);
        jwts.push('\n');
    }
    // The payloads as serde_json would pretty-print an array of them.
    let mut json = String::with_capacity(credentials.iter().map(|c| c.json.len() * 3 / 2).sum::<usize>() + 4);
    json.push('[');
    for (index, credential) in credentials.iter().enumerate() {
        json.push_str(if index == 0 { "\n  " } else { ",\n  " });
        indent_into(&credential.json, 1, &mut json);
    }
    json.push_str(if credentials.is_empty() { "]" } else { "\n]" });
    vec![
        Attachment::new(
            name("jwt"),
            "application/jwt",
            format!("Open Badges 3.0 credentials of {pages}, signed (VC-JWT, ES256), one a line in page order"),
            Relationship::Alternative,
            jwts.as_bytes(),
        ),
        Attachment::new(
            name("json"),
            "application/json",
            format!("The credentials of {pages} as a JSON array in page order, to read (the .jwt is what is signed)"),
            Relationship::Supplement,
            json.as_bytes(),
        ),
    ]
}

/// The files of `certificate`'s page, from the store.
pub(super) fn certificate_files(store: &Store, certificate: &Certificate) -> Result<Vec<Attachment>> {
    Ok(page_files(certificate.code, &credential(store, certificate)?))
}
