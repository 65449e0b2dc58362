//! `certdesk serve [--group NAME]`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;

use crate::serve::{Server, Sharing};
use crate::store::{LocalStore, Store, StoreError};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Let the members of this group connect: the socket and the database directory become
    /// theirs (socket 0660, directory setgid). Without it, a database whose directory is
    /// shared with a group stays shared with that group
    #[arg(long, value_name = "NAME")]
    group: Option<String>,
    /// Also serve the learners' web pages (verification, self-service) on this address: a port
    /// (localhost only) or ADDRESS:PORT; port 0 takes a free one, which the server names
    #[arg(long, value_name = "ADDR", value_parser = crate::web::parse_addr)]
    http: Option<std::net::SocketAddr>,
    /// Requests a minute one client may make of the web pages (0: no limit)
    #[arg(long, value_name = "N", default_value_t = 60, requires = "http", value_parser = super::values::http_rate)]
    http_rate: u32,
}

pub fn run(db: &Path, args: &ServeArgs, fonts: Option<&Path>) -> anyhow::Result<ExitCode> {
    // Every file of the database is its owner's alone, whatever the flags: staff reach the
    // data through the server. The server writes nothing anyone else opens but the socket and
    // the files beside it that clients read, which `Server::new` opens to the group itself.
    nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o077));
    // Only the owner serves a database (its clients talk to no one else); anyone else who
    // finds its server running is told so, rather than why they could not have started it.
    if let Err(refusal) = super::owner::refuse_another_owners(db) {
        if matches!(Store::open_served(db), Ok(Some(_)) | Err(StoreError::Refused(_) | StoreError::NotShared { .. })) {
            anyhow::bail!("a certdesk server already serves {}; there is nothing to start", db.display());
        }
        return Err(refusal);
    }
    let local = match LocalStore::open_to_serve(db) {
        Ok(local) => local,
        Err(StoreError::Locked { holder, .. }) if Store::open_shared(db).is_ok_and(|store| store.is_shared()) => {
            let holder = holder.map(|holder| format!(" ({holder})")).unwrap_or_default();
            anyhow::bail!("a certdesk server already serves {}{holder}; there is nothing to start", db.display());
        }
        // Two servers started at once: the other one holds the database but has no socket yet.
        Err(StoreError::Locked { holder, serving: true, .. }) => {
            let holder = holder.map(|holder| format!(" ({holder})")).unwrap_or_default();
            anyhow::bail!(
                "a certdesk server already holds {}{holder}, though it does not answer yet (it may be starting); there is nothing to start",
                db.display()
            );
        }
        // The usual advice (close that one and run `certdesk serve`) is what this user is
        // doing: what stands in the way is the other process.
        Err(StoreError::Locked { holder, .. }) => {
            let holder = holder.map(|holder| format!(" ({holder})")).unwrap_or_default();
            anyhow::bail!(
                "cannot serve {}: another certdesk process{holder} has it open by itself (a terminal application, say); close that one, then start the server again",
                db.display()
            );
        }
        Err(error) => return Err(error.into()),
    };
    let store = Store::from_local(local);
    let is_default = std::env::var_os("CERTDESK_DB").is_none_or(|db| db.is_empty()) && db == super::default_database()?;
    super::prepare(&store, db, is_default)?;
    let Some(local) = store.into_local() else { unreachable!("opened locally just above") };
    // systemd's socket unit hands over the listening socket; otherwise the server makes one.
    let inherited = listenfd::ListenFd::from_env()
        .take_unix_listener(0)
        .context("the socket systemd handed over cannot be used")?;
    // Started again without --group, a server keeps sharing the database with the group its
    // directory is shared with: its members were told to ask for it, and a socket they may
    // not open would serve no one.
    let kept = args.group.is_none().then(|| crate::serve::sharing::shared_group(db)).flatten();
    let sharing = Sharing { group: args.group.clone().or(kept.clone()) };
    let server = Server::new(local, inherited, &sharing)?;
    let place = server.socket().map_or_else(|| "the socket systemd made".to_string(), |s| s.display().to_string());
    let group = match (&args.group, &kept) {
        (Some(group), _) => format!(" for the group {group}"),
        (None, Some(group)) if server.socket().is_some() => format!(
            " for the group {group}, with which its directory is shared (to stop sharing it: chmod g-s {})",
            db.display()
        ),
        _ => String::new(),
    };
    // The web pages first: a port already taken ends the server before it says it serves,
    // and takes its socket away with it.
    let pages = match args.http {
        Some(addr) => {
            let options =
                crate::web::WebOptions { addr, per_minute: args.http_rate, fonts: fonts.map(Path::to_path_buf) };
            match crate::web::start(server.store().clone(), server.notifier(), &options) {
                Ok(addr) => Some(addr),
                Err(error) => {
                    if let Some(socket) = server.socket() {
                        crate::serve::socket::remove(db, socket);
                    }
                    return Err(error);
                }
            }
        }
        None => None,
    };
    // Ready for a signal before saying it serves: a service manager (or a test) that stops it
    // as soon as it is told must find it stopping cleanly, not killed.
    stop_on_signal(&server)?;
    stop_if_replaced(&server);
    crate::serve::note(format_args!("serving {} at {place}{group}; stop with Ctrl-C", db.display()));
    warn_if_out_of_reach(db, sharing.group.as_deref());
    if let Some(addr) = pages {
        crate::serve::note(format_args!("learners' pages at {}", pages_address(addr)));
    }
    server.run()?;
    Ok(ExitCode::SUCCESS)
}

/// A server shared with a group whose members cannot reach the database (it is in its owner's
/// home, say) serves none of them, and each is told only that a directory is closed to them:
/// the owner is told here, with what to do.
fn warn_if_out_of_reach(db: &Path, group: Option<&str>) {
    let Some(group) = group.and_then(|name| nix::unistd::Group::from_name(name).ok().flatten()) else { return };
    if let Some(closed) = crate::serve::sharing::closed_to_group(db, group.gid) {
        crate::serve::note(format_args!(
            "the members of {} cannot reach {}: the directory {} is closed to them; open it to them (chmod o+x {}), or keep the database where they can reach it (/srv/certdesk/db, say)",
            group.name,
            db.display(),
            closed.display(),
            closed.display()
        ));
    }
}

/// Where the learners' pages are, as staff can open them: an address for every address of the
/// machine (0.0.0.0, ::) is no address a browser goes to, so the machine's own is given, and
/// the port (the one the system chose for port 0).
fn pages_address(addr: std::net::SocketAddr) -> String {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    let here = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        _ => return format!("http://{addr}/verify"),
    };
    let here = std::net::SocketAddr::new(here, addr.port());
    format!("http://{here}/verify, and on port {} of every address of this machine ({})", addr.port(), addr.ip())
}

/// How often the server looks whether its directory is still the one it opened.
const REPLACED_CHECK: std::time::Duration = std::time::Duration::from_secs(2);

/// Stops the server when its database's directory is removed or replaced under it (a backup
/// restored with `rm -rf db && cp -a backup db`): it would go on answering from the files
/// removed, a revoked certificate as valid, while staff's certdesks, finding no server, open
/// the restored copy themselves.
fn stop_if_replaced(server: &Server) {
    let db = server.store().path().to_path_buf();
    let socket = server.socket().map(Path::to_path_buf);
    let Some(opened) = crate::serve::socket::identity(&db) else { return };
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(REPLACED_CHECK);
            if crate::serve::socket::identity(&db) == Some(opened) {
                continue;
            }
            crate::serve::note(format_args!(
                "the database directory {} was removed or replaced while the server ran (a backup put back?): \
                 the server stops, since it holds the files that were there; start it again to serve what is \
                 there now",
                db.display()
            ));
            // A socket kept elsewhere goes with its directory; one beside the database went
            // with the directory removed, and the name there now is the restored copy's.
            if let Some(socket) = socket.as_deref().filter(|socket| socket.parent() != Some(db.as_path())) {
                let _ = std::fs::remove_file(socket);
                if let Some(dir) = socket.parent() {
                    let _ = std::fs::remove_dir(dir);
                }
            }
            std::process::exit(1);
        }
    });
}

/// On SIGINT or SIGTERM: flush, take the socket away (with the directory and the pointer made
/// for a socket kept elsewhere), and end. (After kill -9 the socket stays
/// behind; the next server replaces it, and nothing acknowledged is lost: writes are flushed
/// before they are answered.)
fn stop_on_signal(server: &Server) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    let store = server.store().clone();
    let socket = server.socket().map(Path::to_path_buf);
    let db = server.store().path().to_path_buf();
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = store.flush();
            if let Some(socket) = socket {
                crate::serve::socket::remove(&db, &socket);
            }
            crate::serve::note(format_args!("stopped"));
            std::process::exit(0);
        }
    });
    Ok(())
}
