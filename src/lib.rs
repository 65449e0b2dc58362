//! certdesk: run the end of a course from the terminal.
#![forbid(unsafe_code)]

pub mod access;
pub mod cells;
pub mod cli;
pub mod credential;
pub mod domain;
pub mod import;
pub mod mail;
pub mod ops;
pub mod render;
pub mod sample;
pub mod serve;
pub mod sniff;
pub mod store;
pub mod tui;
pub mod web;
