//! Requests per minute per client: a token bucket for each address, refilled continuously.
//! Behind the institution's web server every request comes from loopback, so there the
//! address the web server passes in `X-Real-IP` counts instead. An IPv6 client counts by its
//! /64, the network a subscriber is given, since it may send from any address in it.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Web;

/// Buckets not touched for this long are forgotten (they would be full again anyway).
const FORGET_AFTER: Duration = Duration::from_secs(120);
/// Past this many clients, forgetting is tried before adding one.
const TIDY_ABOVE: usize = 10_000;

pub struct Limiter {
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Limiter {
    pub fn new(per_minute: u32) -> Limiter {
        Limiter { per_minute, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one request's token for `client`; `Err` with the wait when there is none.
    pub fn take(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() > TIDY_ABOVE {
            buckets.retain(|_, bucket| now.duration_since(bucket.at) < FORGET_AFTER);
        }
        let bucket = buckets.entry(network_of(client)).or_insert(Bucket { tokens: capacity, at: now });
        let elapsed = now.duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }
}

/// The bucket a client's requests count against: its IPv4 address (also when it reaches a
/// dual-stack listener as `::ffff:a.b.c.d`), or its IPv6 address's /64.
pub(super) fn network_of(client: IpAddr) -> IpAddr {
    match client.to_canonical() {
        IpAddr::V6(address) => {
            let [a, b, c, d, ..] = address.segments();
            IpAddr::V6(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

/// Who is asking: the peer, or the address a web server on this machine forwards for.
pub fn client(peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    let forwarded = || headers.get("x-real-ip")?.to_str().ok()?.trim().parse().ok();
    if peer.ip().is_loopback() { forwarded().unwrap_or(peer.ip()) } else { peer.ip() }
}

/// The middleware: over the limit, a 429 page saying when to come back. The stylesheet is not
/// counted: every page asks for it, and the 429 page showed unstyled.
pub async fn by_client(
    State(web): State<Arc<Web>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().path() == "/certdesk.css" {
        return next.run(request).await;
    }
    match web.limiter.take(client(peer, request.headers()), Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => web.pages.too_many(wait).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_minute_in_a_burst_then_waits_for_tokens() {
        let limiter = Limiter::new(60);
        let (ana, bruno) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        let start = Instant::now();
        for _ in 0..60 {
            assert!(limiter.take(ana, start).is_ok());
        }
        let wait = limiter.take(ana, start).expect_err("the 61st request in the same instant");
        assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(1), "{wait:?}");
        assert!(limiter.take(bruno, start).is_ok(), "another client has a bucket of its own");
        assert!(limiter.take(ana, start + Duration::from_secs(1)).is_ok(), "one token a second comes back");
        assert!(limiter.take(ana, start + Duration::from_secs(1)).is_err());
    }

    #[test]
    fn an_ipv6_client_cannot_escape_its_limit_by_changing_addresses_within_its_network() {
        let limiter = Limiter::new(60);
        let start = Instant::now();
        let address = |text: &str| text.parse::<IpAddr>().unwrap();
        for host in 0..60 {
            assert!(limiter.take(address(&format!("2001:db8:1:2::{host:x}")), start).is_ok());
        }
        assert!(limiter.take(address("2001:db8:1:2:ffff:ffff:ffff:ffff"), start).is_err(), "the same /64");
        assert!(limiter.take(address("2001:db8:1:3::1"), start).is_ok(), "the next /64 is someone else");
        // IPv4 clients of a dual-stack listener arrive as mapped addresses: each is its own.
        for _ in 0..60 {
            assert!(limiter.take(address("::ffff:192.0.2.1"), start).is_ok());
        }
        assert!(limiter.take(address("192.0.2.1"), start).is_err(), "::ffff:192.0.2.1 is 192.0.2.1");
        assert!(limiter.take(address("::ffff:192.0.2.2"), start).is_ok(), "not one bucket for all of IPv4");
    }

    #[test]
    fn no_limit_when_the_rate_is_zero() {
        let limiter = Limiter::new(0);
        let now = Instant::now();
        assert!((0..10_000).all(|_| limiter.take("192.0.2.1".parse().unwrap(), now).is_ok()));
    }

    #[test]
    fn only_a_local_web_server_may_say_who_the_client_is() {
        let mut headers = HeaderMap::new();
        headers.insert("x-real-ip", "203.0.113.7".parse().unwrap());
        let proxy: SocketAddr = "127.0.0.1:50000".parse().unwrap();
        let outsider: SocketAddr = "198.51.100.1:50000".parse().unwrap();
        assert_eq!(client(proxy, &headers), "203.0.113.7".parse::<IpAddr>().unwrap());
        assert_eq!(client(outsider, &headers), outsider.ip(), "a client cannot choose its own bucket");
        assert_eq!(client(proxy, &HeaderMap::new()), proxy.ip());
    }
}
