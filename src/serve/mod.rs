//! Sharing one database among several staff on one machine: `certdesk serve` owns the
//! database and every other certdesk on it becomes its client over a Unix socket (see
//! `server`, `client`, `protocol`). Who does what is known from the operating system
//! (`identity`), never from what a client says.

mod admission;
mod client;
pub mod identity;
mod mail_runs;
pub mod protocol;
pub mod server;
mod session;
pub mod sharing;
pub mod socket;

pub use client::{MailRunClaim, Notice, RemoteStore, Subscription};
pub use server::{Notifier, Server};
pub use sharing::Sharing;

/// Writes one line of the server's log to stderr. A server outlives its terminal (or the pipe
/// its log went to, as in `certdesk serve | tee log` stopped with Ctrl-C): a line that cannot
/// be written is dropped, where `eprintln!` would panic and leave the server running without
/// the thread that was stopping it.
pub fn note(line: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "certdesk serve: {line}");
}
