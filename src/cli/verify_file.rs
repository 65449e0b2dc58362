//! `certdesk verify --file`: the credentials a certificate's PDF carries, checked and reported
//! one by one as they are read, then the verdict on the whole file.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use super::{verify_file_verdict, verify_printed};
use crate::credential::PublicJwk;
use crate::credential::pdf::Pdf;
use crate::domain::{course_named, when_utc};
use crate::ops::{self, CredentialCheck, FileVerification, PrintedCodes, Signature};
use crate::store::Store;

/// The keys `verify --file` trusts: the JWK (or JWK set) file given, and the database's; and
/// those the database says were retired as compromised, which it trusts no more.
pub fn trusted_keys(
    key_file: Option<&Path>,
    store: Option<&Store>,
) -> anyhow::Result<(Vec<PublicJwk>, Vec<ops::RetiredKey>)> {
    let mut keys = Vec::new();
    let mut retired = Vec::new();
    if let Some(path) = key_file {
        let text = crate::access::read_text(path)
            .map_err(|reason| anyhow::anyhow!("cannot read the key {}: {reason}", path.display()))?;
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
        match store.issuer_keys() {
            Ok(known) => {
                for key in known {
                    match key.compromised {
                        Some(at) => retired.push((key.kid().to_string(), at)),
                        None => keys.push(key.jwk),
                    }
                }
            }
            // The key file given checks the signatures still; the database is asked the rest,
            // what it knows was retired above all (the key set given may be older than that).
            Err(error) if key_file.is_some() => {
                note!("certdesk: {error}");
                retired.extend(store.compromised_on_record()?);
            }
            Err(error) => return Err(error.into()),
        }
    }
    Ok((keys, retired))
}

/// The file to check, or what keeps the user from it in words (no such file, a folder, a
/// refusal), as `access::read_file` says it, rather than the system's `(os error 2)`.
fn open(file: &Path) -> Result<std::fs::File, String> {
    if file.is_dir() {
        return Err("it is a folder; give the certificate's PDF in it".to_string());
    }
    std::fs::File::open(file).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => "there is no such file; check the path".to_string(),
        _ => crate::access::read_error(file, &error),
    })
}

pub fn verify_file(store: Option<&Store>, file: &Path, key: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let (keys, retired) = trusted_keys(key, store)?;
    anyhow::ensure!(
        !keys.is_empty() || !retired.is_empty(),
        "no issuer key to check {} against: give the issuer's public key with --key FILE.jwk, or run this where the issuer's database is",
        file.display()
    );
    // Pages are read from the file as they are checked: an export of any size fits.
    let loaded = open(file)
        .map_err(|reason| anyhow::anyhow!("cannot read {}: {reason}", file.display()))
        .and_then(|opened| ops::open_pdf(opened).with_context(|| format!("cannot check {}", file.display())));
    let pdf = match loaded {
        Ok(pdf) => pdf,
        // A script reading JSON gets JSON, as for a file that breaks off midway.
        Err(error) if json => {
            #[derive(serde::Serialize)]
            struct Unread<'a> {
                file: &'a Path,
                credentials: [(); 0],
                error: String,
            }
            super::print_json(&Unread { file, credentials: [], error: format!("{error:#}") })?;
            return Err(error);
        }
        Err(error) => return Err(error),
    };
    let verifier = ops::FileVerifier::new(&pdf, &keys, store).distrusting(retired);
    let mut out = UntilClosed { out: std::io::BufWriter::new(std::io::stdout().lock()), closed: false };
    let read = Read { file, pdf: &pdf, store };
    let written = if json { write_json(&read, verifier, &mut out) } else { write_text(&read, verifier, &mut out) };
    let verification = written.with_context(|| format!("cannot check {}", file.display()))?;
    out.flush()?;
    Ok(ExitCode::from(verification.verdict.exit_code()))
}

/// Output whose reader may leave early (`verify --file big.pdf | head`): what it no longer
/// reads is dropped, the checks go on, and the exit status still tells what they found.
struct UntilClosed<W> {
    out: W,
    closed: bool,
}

impl<W: Write> UntilClosed<W> {
    fn passing(&mut self, written: std::io::Result<()>) -> std::io::Result<()> {
        match written {
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

impl<W: Write> Write for UntilClosed<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if !self.closed {
            let written = self.out.write_all(bytes);
            self.passing(written)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let flushed = self.out.flush();
        self.passing(flushed)
    }
}

/// The file being checked, and the database its codes are looked up in.
struct Read<'a> {
    file: &'a Path,
    pdf: &'a Pdf,
    store: Option<&'a Store>,
}

impl Read<'_> {
    /// The codes printed by the pages of `verification` that carry no credential.
    fn printed(&self, verification: &FileVerification) -> PrintedCodes<'_> {
        PrintedCodes::of(self.pdf, &verification.pages_without_credential, self.store)
    }
}

/// What each credential certifies, written as it is checked, then what the pages that carry
/// none print, then the verdict on the file.
fn write_text(read: &Read, mut verifier: ops::FileVerifier, out: &mut impl Write) -> anyhow::Result<FileVerification> {
    // The first credential's verification page, signed into it by the issuer: where a
    // verifier without the database asks whether the certificate is still in force.
    let mut first_page = None;
    while let Some(checks) = verifier.next_checks()? {
        for check in &checks {
            write_check(check, out)?;
            if first_page.is_none() {
                first_page = check.credential.as_ref().map(|credential| (check.page, credential.id.clone()));
            }
        }
    }
    let verification = verifier.finish();
    let printed = match verification.pages_without_credential.is_empty() {
        true => None,
        false => Some(verify_printed::write_text(read.printed(&verification), out)?),
    };
    let verdict = verify_file_verdict::said(&verification, first_page, printed);
    writeln!(out, "{}: {verdict}", read.file.display())?;
    Ok(verification)
}

fn write_check(check: &CredentialCheck, out: &mut impl Write) -> std::io::Result<()> {
    let page = check.page.map(|page| format!("page {page}")).unwrap_or_else(|| "the document".into());
    writeln!(out, "{} ({page})", check.file)?;
    let retired;
    let signature = match (check.signature, check.key_retired) {
        (Signature::Valid, _) => "valid",
        (Signature::UnknownKey, _) => "made by an unknown key",
        (Signature::Invalid, _) => "INVALID",
        (Signature::RetiredKey, at) => {
            let on = at.map(|at| format!(" on {}", at.strftime("%Y-%m-%d"))).unwrap_or_default();
            retired = format!("NOT TRUSTED: made by a key the issuer retired as compromised{on}");
            &retired
        }
    };
    let key = check.kid.as_deref().unwrap_or("not named");
    write_line(out, "signature", &format!("{signature} (ES256, key {key})"))?;
    if let Some(credential) = &check.credential {
        // A forged credential's name could carry bidi controls that reorder the line.
        let name = credential.learner_name().map(ops::neutral).unwrap_or_else(|| "?".into());
        write_line(out, "certifies", &name)?;
        // Named as `verify CODE` names it; an achievement not named by its course's id (not
        // certdesk's) leaves the title alone.
        match credential.course_id() {
            Some(course_id) => write_line(out, "course", &course_named(&credential.name, course_id))?,
            None => write_line(out, "course", &credential.name)?,
        }
        let letter = credential.letter().map(|letter| format!(" ({letter})")).unwrap_or_default();
        let status = if credential.is_provisional() { "provisional" } else { "final" };
        write_line(out, "grade", &format!("{}{letter}, {status}", credential.grade().unwrap_or("?")))?;
        write_line(out, "mode", credential.mode().unwrap_or("?"))?;
        // The time as `verify CODE` says it; one that does not read as a time is shown as signed.
        let issued = credential.valid_from.parse().map(when_utc).unwrap_or_else(|_| credential.valid_from.clone());
        write_line(out, "code", &format!("{}  issued {issued}", credential.code()))?;
    }
    if let Some(status) = check.status
        && !write_ended(check.ended.as_ref(), out)?
    {
        write_line(out, "status", status_said(status))?;
    }
    for problem in &check.problems {
        write_line(out, "problem", problem)?;
    }
    if let Some(differences) = &check.record_altered {
        write_line(out, "ALTERED", RECORD_ALTERED)?;
        for difference in differences {
            write_line(out, "differs", difference)?;
        }
        if differences.is_empty() {
            write_line(out, "differs", "in nothing the credential says: the change is elsewhere in the record")?;
        }
    }
    Ok(())
}

/// A line of a credential's or a printed code's check: labelled in the column `certdesk
/// verify` labels its lines in (`ops::labelled`), under the line that names the page.
pub(super) fn write_line(out: &mut impl Write, label: &str, text: &str) -> std::io::Result<()> {
    writeln!(out, "    {}", ops::labelled(label, text))
}

/// What a credential's check says of the issuer's record under its code once that record was
/// changed after issue: the record, not the file, is what cannot be trusted.
const RECORD_ALTERED: &str = "the issuer's record of this certificate was changed after issue (its digest no longer \
     matches), so it cannot confirm this credential, nor show it forged";

/// A code's status as its status line says it, for a credential as for a code a page prints:
/// `unknown` and `example` alone leave the reader to guess what was looked up and where.
pub(super) fn status_said(status: ops::CodeStatus) -> &'static str {
    match status {
        ops::CodeStatus::Unknown => "unknown: this database holds no certificate with this code",
        ops::CodeStatus::Example => "example: the code example certificates print, never issued",
        ops::CodeStatus::Valid | ops::CodeStatus::Superseded | ops::CodeStatus::Revoked => status.label(),
    }
}

/// For a certificate no longer in force, its status line with what became of it (when and
/// why it was revoked, which certificate replaced it, a later one in force) as `verify CODE`
/// says it, so that the holder of an old PDF learns where the certificate in force is; false,
/// with nothing written, for any other.
pub(super) fn write_ended(ended: Option<&ops::Ended>, out: &mut impl Write) -> std::io::Result<bool> {
    let Some((word, what)) = ended.and_then(|ended| ops::no_longer_in_force(&ended.status, ended.latest.as_ref()))
    else {
        return Ok(false);
    };
    write_line(out, "status", &format!("{word} {what}"))?;
    if let Some((label, text)) = ended.and_then(|ended| ended.later_in_force.as_ref()).map(ops::later_in_force) {
        write_line(out, label, &text)?;
    }
    Ok(true)
}

/// `{file, credentials: [...], checked, ..., verdict}`, each credential written as it is
/// checked. A file that cannot be read to its end still gets a whole JSON document: the
/// credentials checked so far and the `error`.
fn write_json(read: &Read, mut verifier: ops::FileVerifier, out: &mut impl Write) -> anyhow::Result<FileVerification> {
    write!(out, "{{\n  \"file\": {},\n  \"credentials\": [", serde_json::to_string(read.file)?)?;
    let mut first = true;
    let checked = loop {
        let checks = match verifier.next_checks() {
            Ok(Some(checks)) => checks,
            Ok(None) => break Ok(()),
            Err(error) => break Err(error),
        };
        for check in &checks {
            out.write_all(if first { b"\n    " } else { b",\n    " })?;
            first = false;
            // Pretty, one level in.
            let pretty = serde_json::to_string_pretty(&Checked::of(check))?;
            out.write_all(pretty.replace('\n', "\n    ").as_bytes())?;
        }
    };
    out.write_all(if first { b"]" } else { b"\n  ]" })?;
    if let Err(error) = checked {
        writeln!(out, ",\n  \"error\": {}\n}}", serde_json::to_string(&error.to_string())?)?;
        return Err(error.into());
    }
    let verification = verifier.finish();
    if !verification.pages_without_credential.is_empty() {
        verify_printed::write_json(read.printed(&verification), out)?;
    }
    // The verification's own members, pretty, after the credentials.
    let members = serde_json::to_string_pretty(&verification)?;
    let members = members.trim().trim_start_matches('{').trim_end_matches('}').trim_end();
    writeln!(out, ",{members}\n}}")?;
    Ok(verification)
}

/// A credential's check as JSON: with what became of its certificate when it is no longer
/// in force (`ended`: when, why or by what, where its replacements end, a later one in force),
/// which the text says on its status line.
#[derive(serde::Serialize)]
pub(super) struct Checked<'a, T: serde::Serialize> {
    #[serde(flatten)]
    check: &'a T,
    ended: Option<super::verify::EndedJson<'a>>,
}

impl<'a, T: serde::Serialize> Checked<'a, T> {
    pub(super) fn with(check: &'a T, ended: Option<&'a ops::Ended>) -> Checked<'a, T> {
        Checked { check, ended: ended.map(super::verify::EndedJson::of) }
    }
}

impl<'a> Checked<'a, CredentialCheck> {
    fn of(check: &'a CredentialCheck) -> Checked<'a, CredentialCheck> {
        Checked::with(check, check.ended.as_ref())
    }
}

/// Where `verify --file` finds keys and status: the database when it is named (it must be
/// there), or the default one when no key is given.
pub fn verify_store(db: Option<&Path>, key: Option<&Path>) -> anyhow::Result<Option<Store>> {
    match (db, key) {
        (Some(path), Some(_)) if path.exists() => match super::open_store(Some(path)) {
            Ok(store) => Ok(Some(store)),
            Err(error) => {
                note!("certdesk: the database cannot be asked whether the certificate is in force: {error:#}");
                Ok(None)
            }
        },
        // A database named that is not there is a mistyped path, not a request to trust the key
        // alone: the database may say the key was retired as leaked.
        (Some(path), Some(_)) => anyhow::bail!(
            "there is no database {}: name one that is there, or leave out --db (and CERTDESK_DB) to check the file \
             against --key alone",
            path.display()
        ),
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
