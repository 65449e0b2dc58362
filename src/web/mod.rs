//! The learners' side of `certdesk serve --http ADDR`: the verification page a certificate's
//! QR code leads to, and each learner's own page (self-service). axum on a small tokio
//! runtime inside the server process, over the same store as the staff's connections; what it
//! changes is announced to the staff like any other change.

mod clients;
mod issuer;
mod learner;
mod learner_routes;
mod limit;
mod listen;
mod pages;
mod routes;
mod verify;

#[cfg(test)]
mod download_tests;
#[cfg(test)]
mod learner_page_tests;
#[cfg(test)]
mod retired_key_tests;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use anyhow::Context as _;

use crate::ops::Printer;
use crate::serve::Notifier;
use crate::store::{LocalStore, Store};

/// How the web service is set up.
#[derive(Debug, Clone)]
pub struct WebOptions {
    pub addr: SocketAddr,
    /// Requests a minute one client may make; 0 for no limit.
    pub per_minute: u32,
    /// Fonts added to the embedded ones (`--fonts DIR`), as staff print with.
    pub fonts: Option<std::path::PathBuf>,
}

/// Everything a request handler reaches.
struct Web {
    store: Store,
    limiter: limit::Limiter,
    pages: pages::Pages,
    /// Fonts, the database's images and parsed templates, for the learners' PDFs.
    printer: Printer,
    /// The staff's open certdesks, told when a learner requests a certificate.
    notifier: Notifier,
    /// Certificates printed for learners' downloads since the start (a HEAD prints none).
    pdfs_printed: AtomicUsize,
    /// The issuer's keys as the pages read them, a key file gone missing said once.
    keys: verify::KeyWatch,
    /// Learners' PDFs printed at once: one for each core. More ran no faster, and a burst of
    /// 500 downloads at once held as many threads and left the server at a gigabyte.
    printing: tokio::sync::Semaphore,
}

/// How many learners' PDFs `Web::printing` lets print at once.
fn printing_slots() -> tokio::sync::Semaphore {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, std::num::NonZero::get))
}

/// Reads `--http`'s value: an address and port, or a port alone (then on localhost only).
pub fn parse_addr(text: &str) -> Result<SocketAddr, String> {
    if let Ok(port) = text.parse::<u16>() {
        return Ok(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port));
    }
    text.parse().map_err(|_| {
        let port = text.rsplit_once(':').map_or(text, |(_, port)| port);
        if !port.is_empty() && port.bytes().all(|byte| byte.is_ascii_digit()) && port.parse::<u16>().is_err() {
            format!("'{text}' is not an address to listen on: a port is a number from 1 to 65535")
        } else if let Ok(ip) = text.parse::<IpAddr>() {
            let example = SocketAddr::new(ip, 8080);
            format!("'{text}' is not an address to listen on: give the port too ({example})")
        } else {
            format!("'{text}' is not an address to listen on: give a port (8080) or an address and port (127.0.0.1:8080, [::1]:8080)")
        }
    })
}

/// Starts listening on `options.addr` and serves on threads of its own; returns the address
/// it listens on (the port is chosen by the system when given as 0).
pub fn start(store: Arc<LocalStore>, notifier: Notifier, options: &WebOptions) -> anyhow::Result<SocketAddr> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("certdesk-http")
        .enable_all()
        .build()
        .context("cannot start the web service's threads")?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(options.addr))
        .map_err(|error| cannot_listen(options.addr, &error))?;
    let addr = listener.local_addr()?;
    let store = Store::from_shared(store);
    let printer = Printer::new(&store, options.fonts.as_deref())
        .context("cannot load the fonts and images the learners' certificates are printed with")?;
    let web = Arc::new(Web {
        store,
        printer,
        notifier,
        pdfs_printed: AtomicUsize::new(0),
        keys: verify::KeyWatch::default(),
        printing: printing_slots(),
        limiter: limit::Limiter::new(options.per_minute),
        pages: pages::Pages::new().context("a page template of the web service does not compile")?,
    });
    let router = routes::router(web);
    std::thread::Builder::new()
        .name("certdesk-http".into())
        .spawn(move || runtime.block_on(listen::serve(listener, router)))?;
    Ok(addr)
}

/// Why `addr` cannot be listened on, and what to do about it.
fn cannot_listen(addr: SocketAddr, error: &std::io::Error) -> anyhow::Error {
    let hint = match error.kind() {
        std::io::ErrorKind::PermissionDenied if (1..1024).contains(&addr.port()) => {
            ": ports below 1024 are the system's; give one from 1024 up (--http 8080) behind the institution's web server"
        }
        std::io::ErrorKind::AddrInUse => {
            ": another program listens on that port (`ss -ltnp` names it); give another port, or stop that program"
        }
        std::io::ErrorKind::AddrNotAvailable => {
            ": this machine has no such address (`ip -brief address` lists its own); give one of them, or a port alone for localhost"
        }
        _ => "",
    };
    anyhow::anyhow!("cannot listen on {addr}: {error}{hint}")
}

#[cfg(test)]
mod tests {
    use std::io::{Error, ErrorKind};

    use super::cannot_listen;

    #[test]
    fn an_address_without_a_port_or_with_one_out_of_range_says_so() {
        let said = |text: &str| super::parse_addr(text).expect_err(text);
        assert_eq!(said("99999"), "'99999' is not an address to listen on: a port is a number from 1 to 65535");
        assert_eq!(
            said("0.0.0.0:70000"),
            "'0.0.0.0:70000' is not an address to listen on: a port is a number from 1 to 65535"
        );
        assert_eq!(said("10.1.2.3"), "'10.1.2.3' is not an address to listen on: give the port too (10.1.2.3:8080)");
        assert_eq!(said("::1"), "'::1' is not an address to listen on: give the port too ([::1]:8080)");
        assert!(said("abc").ends_with("give a port (8080) or an address and port (127.0.0.1:8080, [::1]:8080)"));
        assert_eq!(super::parse_addr("8080"), Ok("127.0.0.1:8080".parse().unwrap()));
    }

    #[test]
    fn a_port_below_1024_refused_taken_or_not_this_machines_says_what_to_do() {
        let denied = Error::from(ErrorKind::PermissionDenied);
        let low = cannot_listen("0.0.0.0:80".parse().unwrap(), &denied).to_string();
        assert!(low.starts_with("cannot listen on 0.0.0.0:80: permission denied: ports below 1024"), "{low}");
        let high = cannot_listen("0.0.0.0:8080".parse().unwrap(), &denied).to_string();
        assert_eq!(high, "cannot listen on 0.0.0.0:8080: permission denied");
        let taken = cannot_listen("0.0.0.0:80".parse().unwrap(), &Error::from(ErrorKind::AddrInUse)).to_string();
        assert_eq!(
            taken,
            "cannot listen on 0.0.0.0:80: address in use: another program listens on that port (`ss -ltnp` names it); give another port, or stop that program"
        );
        let elsewhere = Error::from(ErrorKind::AddrNotAvailable);
        let elsewhere = cannot_listen("192.0.2.7:8080".parse().unwrap(), &elsewhere).to_string();
        assert!(elsewhere.ends_with(": this machine has no such address (`ip -brief address` lists its own); give one of them, or a port alone for localhost"), "{elsewhere}");
    }
}
