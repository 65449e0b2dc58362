//! `certdesk issuer init|show|rotate` and `certdesk credential CODE`.

use std::process::ExitCode;

use clap::Subcommand;

use crate::credential::{PublicJwk, PublicKeyInfo};
use crate::domain::Code;
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
        /// Every key, old ones included (they still verify what they signed).
        #[arg(long)]
        all: bool,
    },
    /// Make a new signing key; the old ones are kept for verification.
    Rotate,
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
            say!("Made the new issuer key {}; it signs from now on. The old keys still verify.", key.kid());
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
                    let set: Vec<&PublicJwk> = keys.iter().map(|key| &key.jwk).collect();
                    super::print_json(&serde_json::json!({ "keys": set }))?;
                }
                (true, false) => super::print_json(&current.jwk)?,
                (false, true) => keys.iter().try_for_each(print_key)?,
                (false, false) => print_key(current)?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_key(key: &PublicKeyInfo) -> anyhow::Result<()> {
    let state = match key.retired {
        Some(at) => format!("retired {}", at.strftime("%Y-%m-%d %H:%M UTC")),
        None => "signs now".to_string(),
    };
    say!("{}  ES256 P-256  made {}  {state}", key.kid(), key.created.strftime("%Y-%m-%d %H:%M UTC"));
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
    if json {
        super::print_json(&credential.payload)?;
    } else {
        say!("{}", credential.jwt);
    }
    Ok(ExitCode::SUCCESS)
}
