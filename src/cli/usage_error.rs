//! Usage errors as clap reports them, made readable: what was typed written out where it holds
//! a character that would act on the terminal, and the usage line without the options that
//! variables give.

/// Ends with clap's usage error, what was typed wrong written out where it holds a character
/// that would act on the terminal instead of showing: `--reason $'a\nb'` broke the message's
/// line, and U+202E turned it around.
pub(super) fn exit_readably(error: clap::Error) -> ! {
    let status = error.exit_code();
    match readable(error) {
        Ok(message) => {
            let _ = std::io::Write::write_all(&mut std::io::stderr(), message.as_bytes());
            std::process::exit(status)
        }
        Err(error) => error.exit(),
    }
}

/// The error's message without colours, each invisible character of what was typed written out
/// (`U+000A`), and without a tip that misleads; the error itself back when there is nothing to
/// mend.
fn readable(error: clap::Error) -> Result<String, clap::Error> {
    use crate::domain::shown::{is_invisible, visible};
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let tipless = without_trailing_tip(&error);
    let tip_dropped = tipless.is_some();
    let mut error = tipless.unwrap_or(error);
    let hides = |text: &String| text.chars().any(is_invisible);
    let mut mended: Vec<_> = error
        .context()
        .filter_map(|(kind, value)| match value {
            ContextValue::String(one) if hides(one) => Some((kind, ContextValue::String(visible(one)))),
            ContextValue::Strings(many) if many.iter().any(hides) => {
                Some((kind, ContextValue::Strings(many.iter().map(|text| visible(text)).collect())))
            }
            _ => None,
        })
        .collect();
    mended.extend(
        usage_without_variables(&error).map(|usage| (ContextKind::Usage, ContextValue::StyledStr(usage.into()))),
    );
    // A value parser's refusal may repeat the value: then the message is clap's, written here.
    let source = std::error::Error::source(&error).map(|source| source.to_string());
    let source_hides = source.as_ref().is_some_and(hides);
    if mended.is_empty() && !source_hides && !tip_dropped {
        return Err(error);
    }
    for (kind, value) in mended {
        error.insert(kind, value);
    }
    let (Some(source), ErrorKind::ValueValidation) = (source.filter(|_| source_hides), error.kind()) else {
        return Ok(error.render().to_string());
    };
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        _ => String::new(),
    };
    Ok(format!(
        "error: invalid value '{}' for '{}': {}\n\nFor more information, try '--help'.\n",
        context(clap::error::ContextKind::InvalidValue),
        context(clap::error::ContextKind::InvalidArg),
        visible(&source)
    ))
}

/// An unknown long option (`certdesk export COURSE --pdf x.pdf`) without clap's tip `to pass
/// '--pdf' as a value, use '-- --pdf'`: no value certdesk takes begins with `--`, so the tip
/// only sent staff after a value they never meant. Its other tips stay (`a similar argument
/// exists: '--out'`). `None` when there is no such tip.
fn without_trailing_tip(error: &clap::Error) -> Option<clap::Error> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let long = matches!(error.get(ContextKind::InvalidArg), Some(ContextValue::String(arg)) if arg.starts_with("--"));
    let Some(ContextValue::StyledStrs(tips)) = error.get(ContextKind::Suggested) else { return None };
    let is_trailing = |tip: &clap::builder::StyledStr| tip.to_string().starts_with("to pass '");
    if error.kind() != ErrorKind::UnknownArgument || !long || !tips.iter().any(is_trailing) {
        return None;
    }
    let kept: Vec<_> = tips.iter().filter(|tip| !is_trailing(tip)).cloned().collect();
    let mut tipless =
        clap::Error::new(ErrorKind::UnknownArgument).with_cmd(&<super::Cli as clap::CommandFactory>::command());
    for (kind, value) in error.context().filter(|(kind, _)| *kind != ContextKind::Suggested) {
        tipless.insert(kind, value.clone());
    }
    if !kept.is_empty() {
        tipless.insert(ContextKind::Suggested, ContextValue::StyledStrs(kept));
    }
    Some(tipless)
}

/// The error's usage line without `--db` and `--fonts`: clap writes them as if required
/// (`Usage: certdesk invalidate --db <PATH> --reason <REASON> …`) when their variables give them,
/// though they never are. `None` when the line has neither.
fn usage_without_variables(error: &clap::Error) -> Option<String> {
    let Some(clap::error::ContextValue::StyledStr(usage)) = error.get(clap::error::ContextKind::Usage) else {
        return None;
    };
    let usage = usage.to_string();
    let shown = usage.replace(" --db <PATH>", "").replace(" --fonts <DIR>", "");
    (shown != usage).then_some(shown)
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::readable;
    use crate::cli::args::Cli;

    fn refused(args: &[&str]) -> clap::Error {
        Cli::try_parse_from(std::iter::once("certdesk").chain(args.iter().copied())).expect_err("a usage error")
    }

    #[test]
    fn what_was_typed_is_echoed_with_its_invisible_characters_written_out() {
        let error = refused(&["revoke", "K7QF-M2XD-9HTA", "--reason", "one\ntwo\u{1b}[31m"]);
        let message = readable(error).expect("the reason holds a line break and an escape");
        assert!(message.contains("invalid value 'oneU+000AtwoU+001B[31m' for '--reason <REASON>'"), "{message}");
        assert!(!message.contains('\u{1b}') && message.contains("a reason is one line"), "{message}");
        let error = refused(&["template", "save", "a\u{202e}b", "x.cdt"]);
        let message = readable(error).expect("the name holds U+202E");
        assert!(message.contains("'aU+202Eb' is not a template name"), "{message}");
        let error = refused(&["courses", "--jso\u{7}n"]);
        assert!(readable(error).is_ok_and(|message| message.contains("'--jsoU+0007n'")));
    }

    #[test]
    fn an_unknown_option_is_not_taken_for_a_value_to_pass_after_two_dashes() {
        let message = readable(refused(&["export", "middle-earth-101", "--pdf", "x.pdf"])).expect("a tip dropped");
        assert!(message.starts_with("error: unexpected argument '--pdf' found\n\nUsage: certdesk export"), "{message}");
        assert!(!message.contains("tip:") && message.contains("try '--help'"), "{message}");
        // Where an option of the command is near what was typed, clap names it instead.
        let message = refused(&["export", "middle-earth-101", "--outt", "x.pdf"]).render().to_string();
        assert!(message.contains("tip: a similar argument exists: '--out'") && !message.contains("'-- "), "{message}");
        // A short option could be a value (a negative number): clap's tip stays.
        let error = refused(&["export", "middle-earth-101", "-5"]);
        assert!(error.render().to_string().contains("use '-- -5'"));
        assert!(readable(error).is_err());
    }

    #[test]
    fn a_usage_error_that_shows_as_typed_is_clap_s_own() {
        assert!(readable(refused(&["revoke", "K7QF-M2XD-9HTA", "--reason", ""])).is_err());
        assert!(readable(refused(&["courses", "--jsn"])).is_err());
    }
}
