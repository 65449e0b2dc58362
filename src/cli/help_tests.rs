//! Every command and every argument of the command line says what it is for in `--help`.

use clap::{CommandFactory, Parser};

use super::Cli;

/// Arguments of `command` and its subcommands, as `certdesk SUB ARG`, that `--help` shows with
/// no description.
fn undescribed(command: &clap::Command, path: &str, found: &mut Vec<String>) {
    if command.get_about().is_none() && !path.is_empty() {
        found.push(format!("certdesk{path} (the command itself)"));
    }
    for arg in command.get_arguments() {
        let builtin = matches!(arg.get_id().as_str(), "help" | "version");
        if !builtin && !arg.is_hide_set() && arg.get_help().is_none() && arg.get_long_help().is_none() {
            found.push(format!("certdesk{path} {}", arg.get_id()));
        }
    }
    for sub in command.get_subcommands().filter(|sub| sub.get_name() != "help") {
        undescribed(sub, &format!("{path} {}", sub.get_name()), found);
    }
}

#[test]
fn every_argument_has_help() {
    let mut found = Vec::new();
    undescribed(&Cli::command(), "", &mut found);
    assert!(found.is_empty(), "--help shows no description for:\n{}", found.join("\n"));
}

/// The long options of `command` and its subcommands that the README's "Command line" table
/// does not name in a row of that command, as `certdesk SUB --flag`.
fn not_in_readme(command: &clap::Command, path: &str, readme: &str, found: &mut Vec<String>) {
    let subcommands: Vec<_> = command.get_subcommands().filter(|sub| sub.get_name() != "help").collect();
    if !path.is_empty() && subcommands.is_empty() {
        let start = format!("| `certdesk{path}");
        // A row's first cell may name two commands (`certdesk image add …` / `certdesk image list`).
        let names = |cell: &str| {
            cell.match_indices(&start[2..]).any(|(at, found)| cell[at + found.len()..].starts_with([' ', '`']))
        };
        let rows: Vec<&str> = readme
            .lines()
            .filter(|line| line.starts_with("| `certdesk") && line.split(" | ").next().is_some_and(names))
            .collect();
        if rows.is_empty() {
            found.push(format!("certdesk{path} (no row at all)"));
        }
        for arg in command.get_arguments().filter(|arg| !arg.is_hide_set() && !arg.is_global_set()) {
            let Some(long) = arg.get_long().filter(|long| !matches!(*long, "help" | "version")) else {
                continue;
            };
            let flag = format!("--{long}");
            let named = rows.iter().any(|row| {
                row.match_indices(&flag)
                    .any(|(at, _)| !row[at + flag.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-'))
            });
            if !named {
                found.push(format!("certdesk{path} {flag}"));
            }
        }
    }
    for sub in subcommands {
        not_in_readme(sub, &format!("{path} {}", sub.get_name()), readme, found);
    }
}

#[test]
fn the_readme_names_every_option_of_every_command() {
    let readme = include_str!("../../README.md");
    let mut found = Vec::new();
    not_in_readme(&Cli::command(), "", readme, &mut found);
    assert!(found.is_empty(), "the README's command table does not name:\n{}", found.join("\n"));
}

/// The commands of `command` and its subcommands that take `--json`, as `SUB` or `SUB SUB`.
fn with_json(command: &clap::Command, path: &str, found: &mut Vec<String>) {
    if command.get_arguments().any(|arg| arg.get_long() == Some("json")) {
        found.push(path.trim_start().to_string());
    }
    for sub in command.get_subcommands().filter(|sub| sub.get_name() != "help") {
        with_json(sub, &format!("{path} {}", sub.get_name()), found);
    }
}

/// Each `--json` says its shapes are in the README: every command that takes it is written
/// there as `` `COMMAND … --json` `` (the table's `[--json]` aside) beside its shape, where `examples`, `links` and
/// `template list` were not.
#[test]
fn the_readme_gives_the_json_of_every_command_that_prints_it() {
    let readme = include_str!("../../README.md");
    let mut commands = Vec::new();
    with_json(&Cli::command(), "", &mut commands);
    assert!(commands.len() > 10, "{commands:?}");
    let shown = |command: &str| {
        readme.match_indices(&format!("`{command} ")).any(|(at, found)| {
            let rest = &readme[at + found.len()..];
            rest.split('`').next().is_some_and(|inside| inside.ends_with("--json"))
        })
    };
    let missing: Vec<&String> = commands.iter().filter(|command| !shown(command)).collect();
    assert!(missing.is_empty(), "the README gives no JSON shape for: {missing:?}");
}

#[test]
fn show_without_a_file_asks_for_either_kind() {
    let error = match Cli::try_parse_from(["certdesk", "show", "K7QF-M2XD-9HTA"]) {
        Err(error) => error.render().to_string(),
        Ok(_) => panic!("show without --pdf or --png was accepted"),
    };
    assert!(error.contains("--out") && error.contains("--pdf") && error.contains("--png"), "{error}");
    let about = Cli::command().find_subcommand("show").and_then(|show| show.get_about()).map(ToString::to_string);
    assert!(about.is_some_and(|about| about.contains("PNG")), "show's --help says it writes only a PDF");
}

/// `delete COURSE` alone said `Usage: certdesk delete <COURSE> <USERNAME>`, as if a username
/// were the only way; so did `regenerate` without `--stale`.
#[test]
fn a_command_of_one_learner_or_all_names_both_in_its_usage() {
    for (command, all) in [("delete", "--all"), ("regenerate", "--stale")] {
        let error = match Cli::try_parse_from(["certdesk", command, "middle-earth-101"]) {
            Err(error) => error.render().to_string(),
            Ok(_) => panic!("{command} without a learner was accepted"),
        };
        let usage = format!("Usage: certdesk {command} [OPTIONS] <COURSE> <USERNAME | {all}>");
        assert!(error.contains(&usage), "{error}");
    }
}

/// A key id is a base64url thumbprint, and one in 64 begins with `-`: `issuer retire` takes it
/// as the id, where clap refused it as an unknown option.
#[test]
fn issuer_retire_takes_a_key_id_that_begins_with_a_hyphen() {
    let kid = "-5RBpyljrFn2pEg03ymipotZAVLdm66Nu1ow_Hj0HFY";
    let retire = |args: &[&str]| {
        let parsed = Cli::try_parse_from(["certdesk", "issuer", "retire"].iter().chain(args));
        match parsed.map(|cli| cli.command) {
            Ok(Some(super::args::Command::Issuer(command))) => Ok(format!("{command:?}")),
            Ok(other) => Ok(format!("{other:?}")),
            Err(error) => Err(error.render().to_string()),
        }
    };
    let expected = format!("{:?}", super::credential::IssuerCommand::Retire { kid: kid.to_string(), yes: true });
    assert_eq!(retire(&[kid, "--yes"]), Ok(expected.clone()));
    assert_eq!(retire(&["--yes", kid]), Ok(expected));
    // --yes stays an option, not a key id.
    assert!(retire(&["--yes"]).is_err_and(|error| error.contains("<KID>")), "{:?}", retire(&["--yes"]));
}

/// `--db` and `--fonts`, which every command takes, are shown apart from a command's own options,
/// under their own heading, where they were mixed in with them.
#[test]
fn global_options_are_shown_apart_from_a_commands_own() {
    let mut command = Cli::command();
    command.build();
    for path in [&["mail"][..], &["export"], &["template", "check"], &[]] {
        let mut sub = &mut command;
        for name in path {
            sub = sub.find_subcommand_mut(name).unwrap_or_else(|| panic!("no command {name}"));
        }
        let help = sub.render_help().to_string();
        let heading = format!("{}:", super::args::GLOBAL_OPTIONS);
        let (own, global) =
            help.split_once(&heading).unwrap_or_else(|| panic!("certdesk {path:?}: no {heading}\n{help}"));
        assert!(global.contains("--db <PATH>") && global.contains("--fonts <DIR>"), "certdesk {path:?}:\n{help}");
        assert!(!own.contains("--db") && !own.contains("--fonts"), "certdesk {path:?}:\n{help}");
    }
}
