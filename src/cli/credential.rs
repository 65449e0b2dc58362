//! `certdesk issuer init|show|rotate`, `certdesk credential CODE` and `certdesk verify --file`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Subcommand;
use serde::Serialize;

use crate::credential::{PublicJwk, PublicKeyInfo};
use crate::domain::Code;
use crate::ops::{self, FileVerdict, Signature};
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
    let code: Code = code.parse().map_err(ops::OpsError::from)?;
    let found = ops::find_certificate(store, code)?.ok_or_else(|| ops::unknown_code(code))?;
    let credential = ops::credential(store, &found.entry().certificate)?;
    if json {
        super::print_json(&credential.payload)?;
    } else {
        say!("{}", credential.jwt);
    }
    Ok(ExitCode::SUCCESS)
}

/// The keys `verify --file` trusts: the JWK (or JWK set) file given, and the database's.
pub fn trusted_keys(key_file: Option<&Path>, store: Option<&Store>) -> anyhow::Result<Vec<PublicJwk>> {
    let mut keys = Vec::new();
    if let Some(path) = key_file {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read the key {}", path.display()))?;
        #[derive(serde::Deserialize)]
        struct KeySet {
            keys: Vec<PublicJwk>,
        }
        match serde_json::from_str::<KeySet>(&text) {
            Ok(set) => keys.extend(set.keys),
            Err(_) => keys.push(serde_json::from_str(&text).with_context(|| {
                format!("{} is neither a JWK nor a JWK set (certdesk issuer show --jwk writes one)", path.display())
            })?),
        }
        for key in &keys {
            key.verifying_key().with_context(|| format!("{}", path.display()))?;
        }
    }
    if let Some(store) = store {
        keys.extend(store.issuer_keys()?.into_iter().map(|key| key.jwk));
    }
    Ok(keys)
}

#[derive(Serialize)]
struct FileJson<'a> {
    file: &'a Path,
    #[serde(flatten)]
    verification: &'a ops::FileVerification,
}

pub fn verify_file(store: Option<&Store>, file: &Path, key: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let keys = trusted_keys(key, store)?;
    anyhow::ensure!(
        !keys.is_empty(),
        "no issuer key to check {} against: give the issuer's public key with --key FILE.jwk, or run this where the issuer's database is",
        file.display()
    );
    let verification =
        ops::verify_pdf(&bytes, &keys, store).with_context(|| format!("cannot check {}", file.display()))?;
    if json {
        super::print_json(&FileJson { file, verification: &verification })?;
    } else {
        print_file_verdict(file, &verification)?;
    }
    Ok(ExitCode::from(verification.verdict.exit_code()))
}

/// The verdict and what each credential certifies, written at once (a closed pipe is an
/// error `main` passes over, not a panic).
fn print_file_verdict(file: &Path, verification: &ops::FileVerification) -> std::io::Result<()> {
    use std::fmt::Write as _;
    let mut out = String::new();
    let headline = match verification.verdict {
        FileVerdict::Authentic if verification.status_checked => "AUTHENTIC and in force",
        FileVerdict::Authentic => {
            "AUTHENTIC (signature and page checked; whether it was revoked since was not: no database)"
        }
        FileVerdict::NoLongerValid => "AUTHENTIC but NO LONGER VALID (superseded or revoked)",
        FileVerdict::NotAuthentic => "NOT AUTHENTIC",
        FileVerdict::UnknownKey => "UNVERIFIED: signed by a key not known here (give the issuer's key with --key)",
        FileVerdict::NotOnRecord => {
            "UNCONFIRMED: signed by a known key, but this database holds no certificate with its code"
        }
        FileVerdict::NoCredential => "NO CREDENTIAL: the file carries no certdesk credential",
    };
    let _ = writeln!(out, "{}: {headline}", file.display());
    for check in &verification.credentials {
        let page = check.page.map(|page| format!("page {page}")).unwrap_or_else(|| "the document".into());
        let _ = writeln!(out, "  {} ({page})", check.file);
        let signature = match check.signature {
            Signature::Valid => "valid",
            Signature::UnknownKey => "made by an unknown key",
            Signature::Invalid => "INVALID",
        };
        let _ =
            writeln!(out, "    signature  {signature} (ES256, key {})", check.kid.as_deref().unwrap_or("not named"));
        if let Some(credential) = &check.credential {
            let _ = writeln!(out, "    certifies  {}", credential.learner_name().unwrap_or("?"));
            let _ = writeln!(out, "    course     {} ({})", credential.name, credential.issuer.name);
            let letter = credential.letter().map(|letter| format!(" ({letter})")).unwrap_or_default();
            let provisional = if credential.is_provisional() { ", provisional" } else { "" };
            let _ = writeln!(out, "    grade      {}{letter}{provisional}", credential.grade().unwrap_or("?"));
            let _ = writeln!(out, "    mode       {}", credential.mode().unwrap_or("?"));
            let _ = writeln!(out, "    code       {}  issued {}", credential.code(), credential.valid_from);
        }
        if let Some(status) = check.status {
            let _ = writeln!(out, "    status     {}", status.label());
        }
        for problem in &check.problems {
            let _ = writeln!(out, "    problem    {problem}");
        }
    }
    std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes())
}

/// Where `verify --file` finds keys and status: the database when it is named and exists, or
/// the default one when no key is given.
pub fn verify_store(db: Option<&Path>, key: Option<&Path>) -> anyhow::Result<Option<Store>> {
    match (db, key) {
        (Some(path), Some(_)) if path.exists() => match super::open_store(Some(path)) {
            Ok(store) => Ok(Some(store)),
            Err(error) => {
                eprintln!("certdesk: the database cannot be asked whether the certificate is in force: {error:#}");
                Ok(None)
            }
        },
        (Some(path), None) if path.exists() => Ok(Some(super::open_store(Some(path))?)),
        (Some(path), None) => {
            anyhow::bail!("there is no database {}; give the issuer's key with --key", path.display())
        }
        (_, Some(_)) => Ok(None),
        // Never a new database made for someone who only wants to check a file.
        (None, None) => match super::database_path(None)? {
            (path, _) if path.exists() => Ok(Some(super::open_store(None)?)),
            (path, _) => anyhow::bail!(
                "there is no database at {} to take the issuer's keys from; give the issuer's key with --key",
                path.display()
            ),
        },
    }
}
