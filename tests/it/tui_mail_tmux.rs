//! The terminal application's mail run, end to end: the real binary in tmux, sending to a real
//! SMTP server on loopback, quit with Ctrl-C midway.

use crate::common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::mail::{SmtpSink, certificates, certified, recipient};
use common::tmux::Tmux;
use common::{BIN, TestDb};

const COURSE: &str = "middle-earth-101";

/// The learners the database holds as mailed.
fn mailed(db: &TestDb) -> Vec<String> {
    certificates(db)
        .iter()
        .filter(|row| !row["mail"]["sent_at"].is_null())
        .map(|row| row["username"].as_str().expect("a username").to_string())
        .collect()
}

/// Ctrl-C during a mail run stops it between messages and gives the terminal back: the shell
/// is told how many learners were mailed, who has had nothing yet and the command that sends
/// it, as it is told of a generate stopped so, where it heard only that the run was stopping.
/// What it says is what the server received and the database holds, and the command it names
/// sends the rest, nobody twice.
#[test]
fn tui_e2e_ctrl_c_during_a_mail_run_tells_the_shell_who_is_left_and_the_command_that_mails_them() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    // One message a second: the run is still going when Ctrl-C comes.
    db.ok(&["mail-settings", "--rate", "60"]);
    let planned = certificates(&db).len();
    let told = db.path().join("told.txt");

    let tmux = Tmux::start("mailquit", 80, 24);
    tmux.wait_for("e2e$");
    tmux.type_text(&format!("{BIN} --db '{}' 2>'{}'", db.path().display(), told.display()));
    tmux.send(&["Enter"]);
    tmux.wait_for("29 learners");
    tmux.type_text("2m");
    tmux.wait_for("Mail learners");
    tmux.type_text("y");
    let started = Instant::now();
    while sink.count() < 2 {
        assert!(started.elapsed() < Duration::from_secs(20), "the run sent {} messages", sink.count());
        std::thread::sleep(Duration::from_millis(50));
    }
    tmux.send(&["C-c"]);
    // Typed now, run by the shell once certdesk has ended: a run stopped short exits 1, as
    // `certdesk mail` stopped does.
    tmux.type_text("echo ended-$((40+2))-status-$?");
    tmux.send(&["Enter"]);
    tmux.wait_for("ended-42-status-1");

    let told = std::fs::read_to_string(&told).expect("what the shell was told");
    let lines: Vec<&str> = told.lines().collect();
    let sent = sink.count();
    assert!(sent < planned, "the run was stopped midway ({sent} of {planned})");
    let mailed_before = mailed(&db);
    assert_eq!(mailed_before.len(), sent, "the database holds what the server received");
    let left = planned - sent;
    let learners = |count: usize| if count == 1 { "1 learner".to_string() } else { format!("{count} learners") };
    assert_eq!(
        lines.first(),
        Some(&"certdesk: Mailing learners: stopping at the next step before quitting…"),
        "{told}"
    );
    let ended = lines.get(1).copied().unwrap_or_default();
    let said = format!("certdesk: Mailed {}, then stopped; {} (", learners(sent), learners(left));
    assert!(ended.starts_with(&said), "{told}");
    assert!(ended.ends_with(&format!("have not had their message yet: `certdesk mail {COURSE}` sends it.")), "{told}");
    // The learners it names are ones the run did not get to.
    let named = ended[said.len()..].split(')').next().unwrap_or_default();
    let named: Vec<&str> = named.split(" and ").next().unwrap_or_default().split(", ").collect();
    assert_eq!(named.len(), left.min(10), "{told}");
    assert!(named.iter().all(|username| !mailed_before.iter().any(|mailed| mailed == username)), "{told}");

    // The command the shell was told of mails the others, and nobody a second time.
    db.ok(&["mail", COURSE]);
    let messages = sink.messages();
    assert_eq!(messages.len(), planned);
    let recipients: HashSet<String> = messages.iter().map(recipient).collect();
    assert_eq!(recipients.len(), planned, "nobody was mailed twice");
    assert_eq!(mailed(&db).len(), planned);
}

/// A server that refuses every message (here, mail it will not pass on) stops the run after the
/// first three, and a dialog says so whole at 80x24, with the server's answer and what to do:
/// before, the run went through the whole course, and the status line cut the reason short.
#[test]
fn tui_e2e_a_server_refusing_every_message_stops_the_run_and_says_why_in_a_dialog() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let planned = certificates(&db).len();
    sink.answer_every(Some(("RCPT", "554 5.7.1 Relay access denied")));

    let tmux = Tmux::start("mailrelay", 80, 24);
    tmux.wait_for("e2e$");
    tmux.type_text(&format!("{BIN} --db '{}'", db.path().display()));
    tmux.send(&["Enter"]);
    tmux.wait_for("29 learners");
    tmux.type_text("2m");
    tmux.wait_for("Mail learners");
    tmux.type_text("y");
    // The dialog's text, its wrapped lines joined: what lies between each line's borders.
    let inside = |line: &str| Some(line.split_once('│')?.1.rsplit_once('│')?.0.trim().to_string());
    let dialog = |screen: &str| screen.lines().filter_map(inside).collect::<Vec<_>>().join(" ");
    // Its last line too: tmux can be read while the dialog is half drawn over the progress box.
    let screen = tmux.wait_until("the whole Mail stopped dialog", |screen| {
        screen.contains("Mail stopped") && dialog(screen).contains("Once that is mended")
    });
    let text = dialog(&screen);
    for said in [
        "Mailed 0 learners.",
        "Stopped: the mail server refused 3 messages in a row (aerwyn, an, anna)",
        "5.7.1 Relay access denied; the server does not pass mail on for",
        "or ask its administrator to let this machine send through it.",
        &format!("Not reached yet: {} learners (aragorn,", planned - 3),
        "Once that is mended, m sends to those refused and the rest.",
    ] {
        assert!(text.contains(said), "{said:?} is not on the screen:\n{screen}");
    }
    // The server was asked three times, and refused: what the dialog says.
    assert_eq!(sink.refusals().len(), 3, "{:?}", sink.refusals());
    assert_eq!(sink.count(), 0);
    tmux.send(&["Escape"]);
    let screen = tmux.wait_until("the dialog to close", |screen| !screen.contains("Mail stopped"));
    assert_eq!(screen.matches("mail refused").count(), 3, "{screen}");
}
