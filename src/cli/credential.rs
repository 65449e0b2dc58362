//! `certdesk issuer init|show|rotate|retire|resign` and `certdesk credential CODE`.

use std::process::ExitCode;

use clap::Subcommand;

use crate::credential::{PublicJwk, PublicKeyInfo};
use crate::domain::{Code, counted, when_utc};
use crate::ops;
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum IssuerCommand {
    /// Make the institution's signing key (ES256, P-256), kept 0600 beside the database.
    Init,
    /// The signing key's fingerprint (RFC 7638 thumbprint), or its public JWK with --jwk.
    Show {
        /// Print the public key as a JWK (with --all, every key as a JWK set).
        #[arg(long)]
        jwk: bool,
        /// Every key, old ones included (they still verify what they signed); with --jwk, every
        /// key verifiers may trust, so without those retired as compromised.
        #[arg(long)]
        all: bool,
    },
    /// Make a new signing key; the old ones are kept for verification (a key that leaked is
    /// retired instead: certdesk issuer retire KID).
    Rotate,
    /// Retire a key that leaked, so that nothing it signed is trusted (then: certdesk issuer
    /// resign).
    ///
    /// A new key signs in its place when it was the signing one. It is published no more, and
    /// `verify --file` and the verification page say what it signed cannot be trusted.
    Retire {
        /// The key's id, as `certdesk issuer show --all` lists it.
        // A thumbprint is base64url: one in 64 begins with `-`, and is still the key's id.
        #[arg(allow_hyphen_values = true)]
        kid: String,
        /// Do not ask for confirmation (needed when stdin is not a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Sign again, with the key that signs now, every credential a retired key signed.
    Resign,
}

pub fn issuer(store: &Store, command: IssuerCommand) -> anyhow::Result<ExitCode> {
    match command {
        IssuerCommand::Init => {
            let key = store.issuer_init()?;
            say!(
                "Made the issuer key {} (ES256, P-256); the private key never leaves the database's server.",
                key.kid()
            );
            say!("Publish its public key for verifiers: certdesk issuer show --jwk");
        }
        IssuerCommand::Rotate => {
            let key = store.issuer_rotate()?;
            say!(
                "Made the new issuer key {}; it signs from now on. The old keys still verify what they signed (if one leaked, retire it: certdesk issuer retire KID).",
                key.kid()
            );
        }
        IssuerCommand::Retire { kid, yes } => return retire(store, &kid, yes),
        IssuerCommand::Resign => {
            let resigned = store.issuer_resign()?;
            match resigned.count {
                0 => say!("No certificate carries a credential signed with a retired key; nothing was signed again."),
                count => {
                    say!(
                        "Signed again with the issuer key {} the credentials of {}; learners' downloads and links carry them from now on.",
                        resigned.kid,
                        certificates(count)
                    );
                    say!(
                        "Copies handed out before carry the old credential, which verifiers refuse: learners download theirs again."
                    );
                }
            }
        }
        IssuerCommand::Show { jwk, all } => {
            let keys = store.issuer_keys()?;
            let Some(current) = keys.last() else {
                anyhow::bail!(
                    "the database has no issuer key yet; certdesk issuer init makes one (so does the first certificate issued)"
                );
            };
            match (jwk, all) {
                (true, true) => {
                    // What verifiers take as the issuer's: a key that leaked vouches for nothing.
                    let set: Vec<&PublicJwk> = keys.iter().filter(|key| key.is_trusted()).map(|key| &key.jwk).collect();
                    super::print_json(&serde_json::json!({ "keys": set }))?;
                }
                (true, false) => super::print_json(&current.jwk)?,
                (false, true) => {
                    keys.iter().try_for_each(print_key)?;
                    still_to_sign_again(store, &keys)?;
                }
                (false, false) => print_key(current)?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_key(key: &PublicKeyInfo) -> anyhow::Result<()> {
    let state = match (key.compromised, key.retired) {
        (Some(at), _) => {
            format!("RETIRED AS COMPROMISED {}: what it signed is trusted no more", when_utc(at))
        }
        (None, Some(at)) => format!("retired {}", when_utc(at)),
        (None, None) => "signs now".to_string(),
    };
    say!("{}  ES256 P-256  made {}  {state}", key.kid(), when_utc(key.created));
    Ok(())
}

/// `3 certificates`, `1 certificate`.
fn certificates(count: usize) -> String {
    counted(count, "certificate", "certificates")
}

/// `3 certificates carry`, `1 certificate carries`.
fn certificates_carry(count: usize) -> String {
    format!("{} carr{}", certificates(count), if count == 1 { "ies" } else { "y" })
}

/// `certdesk issuer retire KID [--yes]`: asked first, since it cannot be undone.
fn retire(store: &Store, kid: &str, yes: bool) -> anyhow::Result<ExitCode> {
    let keys = store.issuer_keys()?;
    let Some(key) = keys.iter().find(|key| key.kid() == kid) else {
        anyhow::bail!("the issuer has no key {kid}; certdesk issuer show --all lists its keys");
    };
    if let Some(at) = key.compromised {
        anyhow::bail!("the issuer key {kid} was already retired as compromised on {}", when_utc(at));
    }
    let signed = store.signed_with(&[kid.to_string()], None)?;
    let signing = keys.last().is_some_and(|last| last.kid() == kid);
    let question = format!(
        "Retire the issuer key {kid} as compromised{}? It will be published no more, and nothing it signed will be \
         trusted, the credentials of {} among them, until certdesk issuer resign signs them again. This cannot be \
         undone.",
        if signing { " (a new key will sign in its place)" } else { "" },
        certificates(signed)
    );
    if !super::interact::confirm(&question, yes, "--yes")? {
        say!("Nothing retired.");
        return Ok(ExitCode::FAILURE);
    }
    let retirement = store.issuer_retire(kid)?;
    say!(
        "Retired the issuer key {kid} as compromised: it is published no more, and verify --file and the verification page say that what it signed cannot be trusted."
    );
    if let Some(made) = &retirement.made {
        say!("Made the new issuer key {}; it signs from now on.", made.kid());
    }
    match retirement.signed {
        0 => say!("No certificate carries a credential signed with it."),
        count => say!(
            "{} credentials signed with it: certdesk issuer resign signs them again with the current key, and learners' downloads and links then carry the new credential.",
            certificates_carry(count)
        ),
    }
    say!("Publish the keys verifiers may trust again: certdesk issuer show --jwk --all");
    Ok(ExitCode::SUCCESS)
}

/// After the list of keys, what a retired key still signs: certificates whose credential
/// verifiers refuse until it is signed again. One pass over the credentials, however many keys
/// were retired.
fn still_to_sign_again(store: &Store, keys: &[PublicKeyInfo]) -> anyhow::Result<()> {
    let waiting = store.signed_with(&crate::credential::compromised_kids(keys), None)?;
    if waiting > 0 {
        say!(
            "{} credentials signed with a retired key, which verifiers refuse, until certdesk issuer resign signs them again",
            certificates_carry(waiting)
        );
    }
    Ok(())
}

/// `certdesk credential CODE [--json]`: the JWT a wallet takes, or its payload.
pub fn credential(store: &Store, code: &str, json: bool) -> anyhow::Result<ExitCode> {
    let code = Code::from_typed(code).map_err(ops::OpsError::from)?;
    let found = ops::find_certificate(store, code)?.ok_or_else(|| ops::unknown_code(code))?;
    let entry = found.entry();
    let credential = ops::credential(store, &entry.certificate)?;
    // The credential itself never changes; whoever takes it must ask its status URL. Staff
    // handing one on are told here.
    match &entry.status {
        crate::domain::CertificateStatus::Issued => {}
        crate::domain::CertificateStatus::Superseded { by, .. } => {
            note!("certdesk: note: {code} was superseded by {by}; its credential's status says so");
        }
        crate::domain::CertificateStatus::Revoked { reason, .. } => {
            note!("certdesk: note: {code} was revoked ({reason}); its credential's status says so");
        }
    }
    // Not yet signed again since its key leaked: verifiers refuse what staff would hand on.
    let signer = crate::credential::jose::Compact::parse(&credential.jwt).ok().and_then(|jwt| jwt.header.kid);
    // A key file gone missing is said by whatever needs the key; the credential is still handed on.
    let keys = store.issuer_keys().unwrap_or_default();
    if let Some(retired) = keys.iter().find(|key| Some(key.kid()) == signer.as_deref() && !key.is_trusted()) {
        note!(
            "certdesk: note: {code}'s credential is signed with the key {}, retired as compromised, which verifiers refuse: certdesk issuer resign signs it again",
            retired.kid()
        );
    }
    if json {
        super::print_json(&credential.payload)?;
    } else {
        say!("{}", credential.jwt);
    }
    Ok(ExitCode::SUCCESS)
}
