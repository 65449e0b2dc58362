//! `certdesk mail-settings`: where mail goes out from, kept in the database.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;

use crate::domain::MailSettings;
use crate::mail::smtp;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct MailSettingsArgs {
    /// The mail server, as smtp://host:port, smtps://user@host or smtp://host?tls=required (no password)
    #[arg(long, value_name = "URL")]
    smtp: Option<String>,
    /// The sender, as "Course Team <courses@example.edu>"
    #[arg(long, value_name = "ADDRESS", value_parser = super::values::sender)]
    from: Option<String>,
    /// Messages a minute at most
    #[arg(long, value_name = "N", value_parser = super::values::mail_rate)]
    rate: Option<u32>,
    /// Read the mail server's password from this file when sending (else CERTDESK_SMTP_PASSWORD)
    #[arg(
        long = "smtp-password-file",
        alias = "password-file",
        value_name = "FILE",
        conflicts_with = "no_password_file"
    )]
    password_file: Option<String>,
    /// Forget the password file
    #[arg(long = "no-smtp-password-file", alias = "no-password-file")]
    no_password_file: bool,
    /// How many days a learner's personal link works (1 to 3650)
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_LINK_DAYS)))]
    link_days: Option<u32>,
    /// Print JSON instead of text (shapes in the README's "JSON output")
    #[arg(long)]
    json: bool,
}

/// The longest a personal link may work, ten years: a link is a key to the learner's page,
/// and its expiry must stay a date every mail client and the database can write.
const MAX_LINK_DAYS: u32 = 3650;

pub fn mail_settings(store: &Store, args: MailSettingsArgs) -> anyhow::Result<ExitCode> {
    let mut settings = store.mail_settings()?;
    let before = settings.clone();
    if let Some(url) = args.smtp {
        smtp::check_url(&url).map_err(anyhow::Error::msg)?;
        settings.smtp_url = Some(url);
    }
    if let Some(from) = args.from {
        let sender = smtp::sender(&from).map_err(anyhow::Error::msg)?;
        // Said now, not when the first run stops at it: many servers refuse such a sender.
        if !sender.email.to_string().is_ascii() {
            note!(
                "Note: the sender {} is an international address, which only a mail server that takes them (SMTPUTF8) accepts; through any other, `certdesk mail` stops before its first message.",
                sender.email
            );
        }
        settings.from = Some(from);
    }
    if let Some(rate) = args.rate {
        settings.per_minute = rate;
    }
    if let Some(file) = args.password_file {
        // Kept as an absolute path, `mail` may run from anywhere; links stay links, so a rotated
        // secret is read where it is now.
        let path = std::path::Path::new(&file);
        anyhow::ensure!(
            path.is_file(),
            "--smtp-password-file {file}: there is no such file (it names the file that holds the password)"
        );
        let absolute = std::path::absolute(path).with_context(|| format!("--smtp-password-file {file}"))?;
        settings.password_file = Some(absolute.to_string_lossy().into_owned());
    }
    if args.no_password_file {
        settings.password_file = None;
    }
    if let Some(days) = args.link_days {
        settings.link_days = days;
    }
    if settings != before {
        store.set_mail_settings(&settings)?;
    }
    if args.json {
        return super::print_json(&settings).map(|()| ExitCode::SUCCESS);
    }
    print_settings(&settings)?;
    Ok(ExitCode::SUCCESS)
}

fn print_settings(settings: &MailSettings) -> anyhow::Result<()> {
    let or_unset = |value: &Option<String>| value.clone().unwrap_or_else(|| "(not set)".to_string());
    say!("mail server    {}", or_unset(&settings.smtp_url));
    say!("sender         {}", or_unset(&settings.from));
    say!("rate           {} messages a minute", settings.per_minute);
    match &settings.password_file {
        Some(file) => say!("password       read from {file}"),
        None => say!("password       from {} when sending (never stored)", smtp::PASSWORD_VARIABLE),
    }
    say!("learner links  work {} days", settings.link_days);
    Ok(())
}
