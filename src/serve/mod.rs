//! Sharing one database among several staff on one machine: `certdesk serve` owns the
//! database and every other certdesk on it becomes its client over a Unix socket (see
//! `server`, `client`, `protocol`). Who does what is known from the operating system
//! (`identity`), never from what a client says.

mod client;
pub mod identity;
pub mod protocol;
pub mod server;
pub mod socket;

pub use client::{Notice, RemoteStore, Subscription};
pub use server::{Notifier, Server, Sharing};
