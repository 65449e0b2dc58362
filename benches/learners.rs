//! The learners' side on a synthetic course: composing the farewell messages (each with its
//! certificate PDF), and the verification page of `certdesk serve --http` under load.
//!
//!   cargo bench --bench learners              # 10,000 messages; 100,000 certificates served
//!   MESSAGES=1000 LEARNERS=10000 CONNECTIONS=8 SECONDS=3 cargo bench --bench learners
//!
//! The load comes from this process on the same two cores as the server, over keep-alive
//! connections, as nginx in front of it would send it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use certdesk::mail::{self, Mailing, Selection};
use certdesk::ops::Printer;
use certdesk::store::Store;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BIN: &str = env!("CARGO_BIN_EXE_certdesk");

fn main() {
    let messages = env_number("MESSAGES", 10_000);
    let learners = env_number("LEARNERS", 100_000);
    let connections = env_number("CONNECTIONS", 8);
    let seconds = env_number("SECONDS", 5) as u64;
    let work = tempfile::tempdir().expect("temp dir");

    let small = work.path().join("mail-db");
    certified_course(&small, &work.path().join("mail-course"), messages, 100);
    compose(&small, messages);

    let db = work.path().join("db");
    certified_course(&db, &work.path().join("course"), learners, 100);
    let listing: serde_json::Value =
        serde_json::from_str(&certdesk_ok(&db, &["certificates", "synthetic", "--json"])).expect("json");
    let codes: Vec<String> =
        listing.as_array().unwrap().iter().map(|row| row["code"].as_str().unwrap().to_string()).collect();
    let mut server = Served::start(&db);
    println!("\nverification page, {} certificates; medians", codes.len());
    latency(server.addr, &codes, "/verify/{}", "HTML");
    latency(server.addr, &codes, "/verify/{}.json", "JSON");
    latency(server.addr, &["AAAA-AAAA-AAAA".to_string()], "/verify/{}", "unknown code");
    throughput(server.addr, &codes, connections, Duration::from_secs(seconds));
    server.stop();
}

/// A synthetic course of `learners`, `eligible` percent of them certified.
fn certified_course(db: &Path, folder: &Path, learners: usize, eligible: u32) {
    let (n, eligible) = (learners.to_string(), eligible.to_string());
    let folder = folder.to_str().unwrap();
    certdesk_ok(db, &["sample", "--learners", &n, "--activities", "10", "--eligible", &eligible, "--out", folder]);
    certdesk_ok(db, &["import", folder]);
    certdesk_ok(db, &["generate", "synthetic"]);
}

/// What `certdesk mail --dry-run` does: every message composed, its certificate printed.
fn compose(db: &Path, learners: usize) {
    let store = Store::open(db).expect("open the database");
    let printer = Printer::new(&store, None).expect("fonts");
    let now = jiff::Timestamp::now();
    let started = Instant::now();
    let prepared = mail::prepare(&store, "synthetic", &Selection::default(), now, &printer.fonts).expect("prepare");
    let loaded = started.elapsed();
    let mailing = Mailing {
        store: &store,
        printer: &printer,
        state: &prepared.state,
        farewell: &prepared.farewell,
        plan: &prepared.plan,
    };
    let bytes = mailing.compose_all("Course Team <team@example.org>").expect("compose").bytes;
    let total = started.elapsed();
    let count = prepared.plan.messages.len();
    println!("farewell messages of a {learners}-learner course, each with its certificate PDF attached");
    println!(
        "  {count} messages composed in {total:.2?} (course loaded in {loaded:.2?}): {:.0} a second, {:.1} KB each",
        count as f64 / total.as_secs_f64(),
        bytes as f64 / count as f64 / 1e3
    );
}

/// One keep-alive connection asking for page after page.
struct Client {
    reader: BufReader<TcpStream>,
}

impl Client {
    fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        Client { reader: BufReader::new(stream) }
    }

    /// GETs `path`; returns the status.
    fn get(&mut self, path: &str) -> u16 {
        let request = format!("GET {path} HTTP/1.1\r\nHost: bench\r\nAccept: text/html\r\n\r\n");
        self.reader.get_mut().write_all(request.as_bytes()).expect("send");
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status line");
        let status = line.split_whitespace().nth(1).and_then(|code| code.parse().ok()).expect("a status");
        let mut length = 0;
        loop {
            line.clear();
            self.reader.read_line(&mut line).expect("header");
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().expect("length");
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).expect("body");
        status
    }
}

fn latency(addr: SocketAddr, codes: &[String], pattern: &str, what: &str) {
    let mut client = Client::connect(addr);
    let mut times = Vec::new();
    for index in 0..2000 {
        let path = pattern.replace("{}", &codes[(index * 7919) % codes.len()]);
        let started = Instant::now();
        let status = client.get(&path);
        times.push(started.elapsed());
        assert!(status == 200 || status == 404, "{path}: {status}");
    }
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!(
        "  {what:<14} one connection, request to last byte: median {:.2?}, p95 {:.2?}, max {:.2?}",
        at(0.5),
        at(0.95),
        at(1.0)
    );
}

fn throughput(addr: SocketAddr, codes: &[String], connections: usize, duration: Duration) {
    let deadline = Instant::now() + duration;
    let counts: Vec<usize> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..connections)
            .map(|worker| {
                scope.spawn(move || {
                    let mut client = Client::connect(addr);
                    let mut done = 0;
                    while Instant::now() < deadline {
                        let code = &codes[(worker * 104_729 + done * 7919) % codes.len()];
                        assert_eq!(client.get(&format!("/verify/{code}")), 200);
                        done += 1;
                    }
                    done
                })
            })
            .collect();
        workers.into_iter().map(|worker| worker.join().expect("a client")).collect()
    });
    let total: usize = counts.iter().sum();
    println!(
        "  {connections} keep-alive connections for {duration:.0?}: {total} pages, {:.0} requests a second",
        total as f64 / duration.as_secs_f64()
    );
}

struct Served {
    child: Child,
    addr: SocketAddr,
}

impl Served {
    fn start(db: &Path) -> Served {
        let mut child = Command::new(BIN)
            .arg("--db")
            .arg(db)
            .args(["serve", "--http", "127.0.0.1:0", "--http-rate", "0"])
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the server");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let addr = loop {
            let line = lines.next().expect("the server said where it listens").expect("read");
            if let Some(rest) = line.strip_prefix("certdesk serve: learners' pages at http://") {
                break rest.trim_end_matches("/verify").parse().expect("an address");
            }
        };
        std::thread::spawn(move || for _ in lines {});
        Served { child, addr }
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn certdesk_ok(db: &Path, args: &[&str]) -> String {
    let output = Command::new(BIN).arg("--db").arg(db).args(args).output().expect("certdesk");
    assert!(output.status.success(), "certdesk {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8")
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}
