//! Accepting connections. `axum::serve` gives hyper no timer, so a client that sends half a
//! request (or opens a connection and says nothing) holds it open for ever; enough of them and
//! the server runs out of descriptors. Here each connection has `HEADER_TIMEOUT` to send a
//! request's head (also while idle between requests), and at most `MAX_CONNECTIONS` are served
//! at once; the rest wait in the listen queue. No one client address holds more than a quarter
//! of them (`clients`).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

/// Time a client has for the request line and headers, counted from when the server waits for
/// them. Headers are a few hundred bytes; a phone on a poor line sends them in well under this.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(15);
/// Connections served at once, well under the usual limit of 1,024 descriptors a process.
const MAX_CONNECTIONS: usize = 512;
/// Connections one client address may hold at once: far more than a browser opens (six), or a
/// classroom behind one address needs at once, and too few to crowd out everyone else.
pub const PER_CLIENT: usize = MAX_CONNECTIONS / 4;

/// Serves `router` on `listener` until the runtime ends; handlers see the peer's address as
/// `ConnectInfo<SocketAddr>`, as with `into_make_service_with_connect_info`.
pub async fn serve(listener: TcpListener, router: Router) {
    let open = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let clients = super::clients::Clients::new(PER_CLIENT);
    loop {
        let Ok(permit) = open.clone().acquire_owned().await else { return };
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            // The peer gave up before it was accepted: nothing to do.
            Err(error) if is_one_connection(&error) => continue,
            // Out of descriptors or memory: give connections in flight a moment to end.
            Err(error) => {
                crate::serve::note(format_args!("cannot accept a connection: {error}"));
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        // Past its share, closed at once: it frees its permit for someone else.
        let Some(slot) = clients.admit(peer.ip()) else { continue };
        let router = router.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                let mut request = request.map(axum::body::Body::new);
                request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                router.clone().oneshot(request)
            });
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
            // A connection that ends badly (reset, timed out, malformed) concerns only its client.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
            drop((slot, permit));
        });
    }
}

fn is_one_connection(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    matches!(error.kind(), ConnectionAborted | ConnectionRefused | ConnectionReset)
}
