//! Every command and every argument of the command line says what it is for in `--help`.

use clap::CommandFactory;

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
