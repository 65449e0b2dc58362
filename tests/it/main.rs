//! The integration tests, as one test binary: they run the real `certdesk` binary (and the
//! referees scripts/test installs) against temporary databases. One binary rather than one per
//! file: each file's crate was compiled and linked on its own, which took minutes of every run.
//! `cargo test --release --test it cli_export` runs one file's tests.

mod common;

mod cli_certificate_impact;
mod cli_certificates;
mod cli_decomposed_usernames;
mod cli_exceptions;
mod cli_export;
mod cli_export_split_again;
mod cli_extra_credit;
mod cli_foundation;
mod cli_import;
mod cli_import_course_file;
mod cli_import_dry_run;
mod cli_import_encodings;
mod cli_import_headings;
mod cli_import_refusals;
mod cli_import_versions;
mod cli_killed_between_parts;
mod cli_mistakes;
mod cli_printable;
mod cli_reimport;
mod cli_sample;
mod cli_self_generation;
mod cli_stopped_runs;
mod cli_templates;
mod cli_terminal;
mod credentials;
mod damaged_database;
mod default_templates;
mod issuer_keys;
mod layout_speed;
mod mail;
mod mail_farewell;
mod mail_held_back;
mod mail_on_a_phone;
mod mail_one_run;
mod mail_server;
mod mail_stopped;
mod permissions;
mod pictures;
mod retired_key_notes;
mod scripts;
mod serve;
mod serve_access;
mod serve_lifecycle;
mod serve_reach;
mod tui_mail_tmux;
mod tui_terminal;
mod tui_tmux;
mod verify_file;
mod verify_forgeries;
mod verify_reprinted;
mod verify_said;
mod web_key_file_missing;
mod web_layout;
mod web_learner;
mod web_robustness;
mod web_verification;
