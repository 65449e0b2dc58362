//! The values of options and arguments that only some words or numbers are: read while the
//! command line is parsed, so that a wrong one is a usage error (exit status 2, with the
//! command's usage) that says what it takes, as `--keep` and `--format` were already.

use crate::domain::{IssuancePolicy, Mode, NumberError, Percent, Points};
use crate::ops::SortKey;

/// `honor`, `verified` or `audit`.
pub fn mode(text: &str) -> Result<Mode, String> {
    text.parse()
}

/// The mode of an example certificate: one that certifies.
pub fn certified_mode(text: &str) -> Result<Mode, String> {
    let mode = mode(text)?;
    if mode.grants_certificate() {
        Ok(mode)
    } else {
        Err("audit learners get no certificate, so there is no audit example (honor or verified)".to_string())
    }
}

/// `--sort username|name|percent`.
pub fn sort(text: &str) -> Result<SortKey, String> {
    match text {
        "username" => Ok(SortKey::Username),
        "name" => Ok(SortKey::Name),
        "percent" => Ok(SortKey::Percent),
        other => Err(format!("'{other}' is no page order: sort by username, name or percent")),
    }
}

/// `final` or `threshold`.
pub fn issuance(text: &str) -> Result<IssuancePolicy, String> {
    text.parse()
}

/// A pass threshold: `80`, `80.5` or `80.5%`.
pub fn threshold(text: &str) -> Result<Percent, String> {
    text.parse().map_err(|error: NumberError| error.to_string())
}

/// A score: `8.5`, at most two decimals. Whether it fits the activity is the store's to say.
pub fn points(text: &str) -> Result<Points, String> {
    if text.trim().is_empty() {
        return Err("no points given: give them (8.5), or --clear to mark the activity not graded".to_string());
    }
    text.parse().map_err(|error: NumberError| error.to_string())
}

/// `honor=fancy`, or `honor=` (back to the built-in design).
pub fn template_choice(text: &str) -> Result<(Mode, Option<String>), String> {
    let (mode, name) = text
        .split_once('=')
        .ok_or_else(|| format!("'{text}': write the template choice as MODE=NAME, e.g. honor=fancy"))?;
    let mode: Mode = mode.parse()?;
    let name = name.trim();
    Ok((mode, (!name.is_empty()).then(|| name.to_string())))
}

/// `--dpi`: a resolution a picture can be drawn at.
pub fn dpi(text: &str) -> Result<f32, String> {
    match text.trim().parse::<f32>() {
        Ok(dpi) if dpi > 0.0 && dpi <= 600.0 => Ok(dpi),
        _ => Err(format!("'{text}' is no resolution: give a number of dots per inch from 1 to 600, as 150")),
    }
}

/// How many learners or activities a sample course has: one at least.
pub fn how_many(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(count) if count > 0 => Ok(count),
        _ => Err(format!("'{text}' is not a whole number from 1 up: a sample course needs at least one")),
    }
}

/// `--eligible`: a share of the learners, in whole percent.
pub fn share(text: &str) -> Result<usize, String> {
    match text.trim().trim_end_matches('%').parse::<usize>() {
        Ok(percent) if percent <= 100 => Ok(percent),
        _ => Err(format!("'{text}' is not a whole percentage from 0 to 100")),
    }
}

/// `on` or `off` (`yes`/`no`, `true`/`false` too).
pub fn on_off(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "on" | "yes" | "true" => Ok(true),
        "off" | "no" | "false" => Ok(false),
        _ => Err(format!("'{text}' is neither on nor off")),
    }
}

/// `--rate`: messages a minute, at least one (none would never send).
pub fn mail_rate(text: &str) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(0) => Err("at least 1 message a minute: a rate of 0 would never send".into()),
        Ok(rate) => Ok(rate),
        Err(_) => Err(format!("the rate is a whole number of messages a minute, as 60 (not {text})")),
    }
}

/// `--http-rate`: requests a minute, 0 for no limit.
pub fn http_rate(text: &str) -> Result<u32, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("the rate is a whole number of requests a minute, as 60, or 0 for no limit (not {text})"))
}

/// `--verify-url`: an http(s) address with a host, ending in `/` or a query's `=`.
pub fn verify_url(text: &str) -> Result<String, String> {
    match crate::domain::settings::verify_url_problem(text) {
        Some(problem) => Err(problem),
        None => Ok(text.to_string()),
    }
}

/// A reason staff give (`revoke`, `invalidate`): some words, on one line.
pub fn reason(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("give the reason in words".to_string());
    }
    match crate::domain::name::line_problem(text, "reason") {
        Some(problem) => Err(problem),
        None => Ok(text.to_string()),
    }
}

/// A login name `staff --add` takes: one that could be an account's, none that would break a
/// field of /etc/passwd or a path.
pub fn login_name(text: &str) -> Result<String, String> {
    let fits = !text.is_empty()
        && !text.starts_with('-')
        && text.chars().count() <= 256
        && !text.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, ':' | '/' | ','));
    match fits {
        true => Ok(text.to_string()),
        false => Err("a login name is one word without ':', '/' or ',', not starting with '-'".to_string()),
    }
}

/// A template's name as `template save` takes it.
pub fn template_name(text: &str) -> Result<String, String> {
    stored_name(text, "a template")
}

/// An image's name as `image add` takes it: the rule of template names.
pub fn image_name(text: &str) -> Result<String, String> {
    stored_name(text, "an image")
}

/// A name `crate::domain::template::NAME_RULE` allows, for `what` is named so.
fn stored_name(text: &str, what: &str) -> Result<String, String> {
    if crate::domain::template::is_valid_name(text) {
        Ok(text.to_string())
    } else {
        Err(format!("'{text}' is not {what} name: {}", crate::domain::template::NAME_RULE))
    }
}

/// `--from`: the sender, `Name <address>` or an address.
pub fn sender(text: &str) -> Result<String, String> {
    crate::mail::smtp::sender(text).map(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use crate::cli::Cli;

    /// `args` is refused as a usage error (exit status 2) whose message holds `said`.
    #[track_caller]
    fn usage_error(args: &[&str], said: &str) {
        let error = match Cli::try_parse_from(std::iter::once("certdesk").chain(args.iter().copied())) {
            Err(error) => error,
            Ok(parsed) => panic!("{args:?} was accepted: {parsed:?}"),
        };
        assert_eq!(error.exit_code(), 2, "{args:?}: {error}");
        let shown = error.render().to_string();
        assert!(shown.contains(said), "{args:?}: {shown}");
    }

    #[test]
    fn a_value_a_flag_does_not_take_is_a_usage_error_that_says_what_it_takes() {
        usage_error(&["export", "c", "--out", "x.pdf", "--sort", "date"], "sort by username, name or percent");
        usage_error(&["export", "c", "--out", "x.pdf", "--mode", "gold"], "unknown mode 'gold'");
        usage_error(&["preview", "c", "--example", "gold"], "unknown mode 'gold'");
        usage_error(&["preview", "c", "--example", "audit"], "there is no audit example");
        usage_error(&["preview", "c", "--example", "honor", "--png", "x.png", "--dpi", "0"], "from 1 to 600");
        usage_error(&["template", "assign", "c", "gold", "fancy"], "unknown mode 'gold'");
        usage_error(&["grade", "c", "bilbo", "maps", "8,5"], "'8,5' is not a number (use a decimal point");
        usage_error(&["grade", "c", "bilbo", "maps", "-3"], "'-3' is negative");
        usage_error(&["grade", "c", "bilbo", "maps", ""], "or --clear to mark the activity not graded");
        usage_error(&["settings", "c", "--issuance", "always"], "expected final or threshold");
        usage_error(&["settings", "c", "--threshold", "eighty"], "'eighty' is not a number");
        usage_error(&["settings", "c", "--threshold", "150"], "above 100%");
        usage_error(&["settings", "c", "--template", "fancy"], "write the template choice as MODE=NAME");
        usage_error(&["sample", "--learners", "0", "--activities", "2", "--out", "s"], "at least one");
        usage_error(&["sample", "--learners", "2", "--activities", "2", "--eligible", "150", "--out", "s"], "0 to 100");
        usage_error(&["serve", "--http", "0", "--http-rate", "many"], "whole number of requests a minute");
        // Checked as they are read too, where they exited 1 like a refusal of what they do.
        usage_error(&["settings", "c", "--verify-url", "ftp://x/"], "must start with https://");
        usage_error(&["revoke", "K7QF-M2XD-9HTA", "--reason", ""], "give the reason in words");
        usage_error(&["invalidate", "c", "bilbo", "--reason", "one\ntwo"], "a reason is one line");
        usage_error(&["template", "save", "Gold Seal", "gold.cdt"], "is not a template name");
        usage_error(&["mail-settings", "--from", "notanemail"], "is not a sender address");
        usage_error(&["mail", "c", "--from", "notanemail"], "is not a sender address");
        usage_error(&["preview", "c"], "<--example <EXAMPLE>|--learner <LEARNER>>");
        usage_error(&["preview", "c", "--example", "honor", "--learner", "bilbo"], "cannot be used with");
    }

    #[test]
    fn a_rate_is_at_least_one_message_a_minute() {
        assert_eq!(super::mail_rate("60"), Ok(60));
        assert!(super::mail_rate("0").unwrap_err().contains("would never send"));
        assert!(super::mail_rate("fast").unwrap_err().contains("whole number of messages a minute"));
    }

    #[test]
    fn the_values_they_take_are_read() {
        for args in [
            &["export", "c", "--out", "x.pdf", "--sort", "percent", "--mode", "Verified"][..],
            &["preview", "c", "--example", "honor", "--png", "x.png", "--dpi", "72"],
            &["template", "assign", "c", "honor", "fancy"],
            &["grade", "c", "bilbo", "maps", "8.25"],
            &["grade", "c", "bilbo", "maps", "--clear"],
            &["settings", "c", "--issuance", "threshold", "--threshold", "80.5%", "--template", "honor="],
            &["sample", "--learners", "1", "--activities", "1", "--eligible", "0", "--out", "s"],
        ] {
            let parsed = Cli::try_parse_from(std::iter::once("certdesk").chain(args.iter().copied()));
            assert!(parsed.is_ok(), "{args:?}: {}", parsed.err().map(|error| error.to_string()).unwrap_or_default());
        }
    }
}
