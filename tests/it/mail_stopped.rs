//! A `certdesk mail` run stopped midway (Ctrl-C, a signal from a service manager) against a
//! real SMTP server on loopback: it stops at once, between messages, and says who is left.

use crate::common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::TestDb;
use common::mail::{SmtpSink, certificates, certified, recipient};

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
    let (exited, stdout, took) = interrupted_after_first_message(&db, &sink, &["mail", COURSE, "--rate", "2"]);
    assert!(took < Duration::from_secs(3), "it stopped {took:?} after Ctrl-C");
    assert_eq!(exited.code(), Some(1), "a stopped run exits 1: {stdout}");
    assert_eq!(sink.count(), 1, "no message went after Ctrl-C");
    let recorded = certificates(&db).iter().filter(|row| row["mail"]["sent_at"].is_string()).count();
    assert_eq!(recorded, 1);
    assert!(stdout.contains("Sent 1 message through"), "{stdout}");
    // Said in words, where it said "Stopped: cancelled".
    assert!(
        stdout.contains(
            "\nStopped as asked (Ctrl-C or a signal), between two messages: the 1 message sent is recorded, and no \
             other went out; run the command again to send the rest.\n"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("cancelled"), "{stdout}");
    assert!(stdout.contains(&format!("not reached yet: {} learners (", planned - 1)), "{stdout}");
}

/// Runs `args` (a mail run at two messages a minute), sends it SIGINT in the pause after its
/// first message, and returns how it exited, its stdout and how long it took to stop.
fn interrupted_after_first_message(
    db: &TestDb,
    sink: &SmtpSink,
    args: &[&str],
) -> (std::process::ExitStatus, String, Duration) {
    let before = sink.count();
    let child = db.command(args).stdout(Stdio::piped()).stderr(Stdio::null()).spawn();
    let mut child = child.expect("certdesk mail starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while sink.count() < before + 1 {
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
    (exited, String::from_utf8_lossy(&output.stdout).into_owned(), took)
}

/// A resend stopped midway names the command that sends the rest with `--only`: before, it
/// said to run the command again, and `--resend` again mailed those it had reached a second
/// time (and plain `mail` sent nothing, all of them having been sent before).
#[test]
fn a_resend_stopped_midway_names_the_command_that_resends_only_the_rest() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let planned = certificates(&db).len();
    db.ok(&["mail", COURSE]);
    let (_, stdout, _) = interrupted_after_first_message(&db, &sink, &["mail", COURSE, "--resend", "--rate", "2"]);
    let start = format!("`certdesk mail {COURSE} --resend --only ");
    let command = stdout.split(&start).nth(1).and_then(|rest| rest.split('`').next());
    let rest: Vec<&str> = command.expect(&stdout).split(' ').collect();
    assert_eq!(rest.len(), planned - 1, "{stdout}");
    assert!(stdout.contains("(the same command again would mail the 1 learner just mailed again)"), "{stdout}");

    let mut again = vec!["mail", COURSE, "--resend", "--only"];
    again.extend(&rest);
    db.ok(&again);
    // Everyone has had two messages: the first run's and the resend's, nobody a third.
    let messages = sink.messages();
    assert_eq!(messages.len(), 2 * planned);
    let mut per_address = std::collections::HashMap::new();
    for message in &messages {
        *per_address.entry(recipient(message)).or_insert(0) += 1;
    }
    assert!(per_address.values().all(|count| *count == 2), "{per_address:?}");
}

/// A resend whose mail server answered no one reached no one: the same command again mails no
/// one twice, so that is what it says, not the `--only` of a resend stopped midway (which
/// spoke of "the 0 learners just mailed").
#[test]
fn a_resend_that_reached_no_one_says_to_run_it_again() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    db.ok(&["mail", COURSE]);
    let nobody = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = nobody.local_addr().expect("port").port();
    drop(nobody);
    let smtp = format!("smtp://127.0.0.1:{port}");
    let output = db.run(&["mail", COURSE, "--resend", "--only", "frodo", "--smtp", &smtp]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("run the command again to send the rest"), "{stdout}");
    assert!(!stdout.contains("just mailed"), "{stdout}");
}
