//! A `certdesk mail` run stopped midway (Ctrl-C, a signal from a service manager) against a
//! real SMTP server on loopback: it stops at once, between messages, and says who is left.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::mail::{SmtpSink, certificates, certified};

const COURSE: &str = "middle-earth-101";

/// At two messages a minute the run waits 30 seconds between messages. Ctrl-C in that pause
/// stops it there: before, the run slept the pause out and then sent one more message, so that
/// staff waited half a minute for a stop that did not stop, and the TUI's Esc ("stops it
/// between messages") did the same.
#[test]
fn ctrl_c_in_the_pause_between_messages_stops_the_run_at_once_without_sending_another() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let planned = certificates(&db).len();
    let child = db.command(&["mail", COURSE, "--rate", "2"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn();
    let mut child = child.expect("certdesk mail starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while sink.count() < 1 {
        assert!(Instant::now() < deadline, "the first message never arrived");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The first message is recorded before the pause begins; this lands in the pause.
    std::thread::sleep(Duration::from_millis(500));
    let interrupted = Instant::now();
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
    assert!(status.success());
    let exited = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if interrupted.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("Ctrl-C did not stop the run within 10 s of a 30 s pause");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = interrupted.elapsed();
    let output = child.wait_with_output().expect("output");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(took < Duration::from_secs(3), "it stopped {took:?} after Ctrl-C");
    assert_eq!(exited.code(), Some(1), "a stopped run exits 1: {stdout}");
    assert_eq!(sink.count(), 1, "no message went after Ctrl-C");
    let recorded = certificates(&db).iter().filter(|row| row["mail"]["sent_at"].is_string()).count();
    assert_eq!(recorded, 1);
    assert!(stdout.contains("Sent 1 message through"), "{stdout}");
    assert!(stdout.contains(&format!("not reached yet: {} learners (", planned - 1)), "{stdout}");
}
