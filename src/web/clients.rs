//! Connections per client address. The server serves `MAX_CONNECTIONS` at once; one address
//! that opened as many and sent nothing (each held for the 15 s a request's head may take)
//! made every learner's page wait about 12 s. No address (an IPv6 client's /64, as the rate
//! limit counts them) holds more than a share of them; the web server in front of certdesk,
//! on this machine, speaks for every learner and is not counted (it limits its own clients).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// The connections open, by client network.
pub struct Clients {
    open: Mutex<HashMap<IpAddr, usize>>,
    per_client: usize,
}

/// One connection counted for its client, until dropped.
pub struct Slot {
    clients: Arc<Clients>,
    network: Option<IpAddr>,
}

impl Clients {
    pub fn new(per_client: usize) -> Arc<Clients> {
        Arc::new(Clients { open: Mutex::new(HashMap::new()), per_client })
    }

    /// A slot for a connection from `peer`, or `None` when its network holds its share already.
    pub fn admit(self: &Arc<Self>, peer: IpAddr) -> Option<Slot> {
        if peer.to_canonical().is_loopback() {
            return Some(Slot { clients: self.clone(), network: None });
        }
        let network = super::limit::network_of(peer);
        let mut open = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = open.entry(network).or_insert(0);
        if *count >= self.per_client {
            return None;
        }
        *count += 1;
        Some(Slot { clients: self.clone(), network: Some(network) })
    }

    #[cfg(test)]
    fn open(&self, network: IpAddr) -> usize {
        self.open.lock().map(|open| open.get(&network).copied().unwrap_or(0)).unwrap_or(0)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let Some(network) = self.network else { return };
        let mut open = self.clients.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = open.get_mut(&network) {
            *count -= 1;
            if *count == 0 {
                open.remove(&network);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_client_holds_more_than_its_share_and_a_closed_connection_frees_its_slot() {
        let clients = Clients::new(3);
        let learner: IpAddr = "203.0.113.7".parse().unwrap();
        let mut held: Vec<Slot> = (0..3).map(|_| clients.admit(learner).expect("within its share")).collect();
        assert!(clients.admit(learner).is_none(), "a fourth from the same address");
        assert!(clients.admit("203.0.113.8".parse().unwrap()).is_some(), "another address");
        held.pop();
        assert_eq!(clients.open(learner), 2);
        assert!(clients.admit(learner).is_some(), "one closed: room again");
        drop(held);
        assert_eq!(clients.open(learner), 0);
        assert!(clients.open.lock().unwrap().is_empty(), "addresses with nothing open are forgotten");
    }

    #[test]
    fn an_ipv6_clients_network_counts_as_one_and_the_web_server_in_front_is_not_counted() {
        let clients = Clients::new(2);
        let _first = clients.admit("2001:db8:1:2::10".parse().unwrap()).expect("first");
        let _second = clients.admit("2001:db8:1:2:ffff::1".parse().unwrap()).expect("second");
        assert!(clients.admit("2001:db8:1:2::99".parse().unwrap()).is_none(), "the same /64");
        let proxy: Vec<Slot> =
            (0..10).map(|_| clients.admit("127.0.0.1".parse().unwrap()).expect("loopback")).collect();
        assert_eq!(proxy.len(), 10);
        assert!(clients.admit("::ffff:127.0.0.1".parse().unwrap()).is_some());
        assert!(clients.admit("::1".parse().unwrap()).is_some());
    }
}
