//! `certdesk serve` starting and stopping: started by systemd on the first connection, with the
//! repository's units; refused a taken port; stopped by SIGTERM; and where it tells a browser to go.

use crate::common;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};

use common::served::{COURSE, Served, nobody_runs, output, reachable_by_nobody, text, until};
use common::{BIN, TestDb};

#[test]
fn systemd_socket_activation_starts_the_server_on_the_first_connection() {
    let db = TestDb::with_sample();
    let socket = db.path().join("certdesk.sock");
    // systemd-socket-activate is systemd's own tool for running a socket-activated service
    // by hand: it listens, and starts the service with the socket on the first connection.
    let mut activator = Command::new("systemd-socket-activate")
        .arg("--listen")
        .arg(&socket)
        .arg(BIN)
        .arg("--db")
        .arg(db.path())
        .arg("serve")
        .env_remove("CERTDESK_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("systemd-socket-activate (scripts/test installs systemd)");
    until("the activator's socket", || socket.exists());
    let courses = db.ok(&["courses"]);
    assert!(courses.contains(COURSE), "{courses}");
    let graded = db.ok(&["grade", COURSE, "bilbo", "essay", "9"]);
    assert!(graded.contains("bilbo essay: not graded -> 9/10"), "{graded}");
    let _ = activator.kill();
    let _ = activator.wait();
    let mut stderr = String::new();
    activator.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(stderr.contains("serving") && stderr.contains("the socket systemd made"), "{stderr}");
}

#[test]
fn the_systemd_units_in_the_repository_are_valid() {
    let dir = tempfile::tempdir().expect("temp dir");
    let units = Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/systemd");
    for unit in ["certdesk.socket", "certdesk.service"] {
        let text = std::fs::read_to_string(units.join(unit)).expect("the unit");
        // The units name the installed binary; check them against this build's.
        std::fs::write(dir.path().join(unit), text.replace("/usr/local/bin/certdesk", BIN)).expect("write");
    }
    let verified = Command::new("systemd-analyze")
        .arg("verify")
        .arg(dir.path().join("certdesk.socket"))
        .arg(dir.path().join("certdesk.service"))
        .output()
        .expect("systemd-analyze (scripts/test installs systemd)");
    let complaints = text(&verified.stderr);
    assert!(verified.status.success() && complaints.trim().is_empty(), "{complaints}");
}

/// A port already taken ends `serve --http` before it says it serves, and leaves no socket.
#[test]
fn a_taken_port_ends_the_server_before_it_serves() {
    let db = TestDb::with_sample();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = taken.local_addr().expect("its address").to_string();
    let output = db.run(&["serve", "--http", &addr]);
    assert_eq!(output.status.code(), Some(1));
    let said = text(&output.stderr);
    assert!(said.contains("cannot listen on") && !said.contains("serving"), "{said}");
    assert!(!db.path().join("certdesk.sock").exists(), "the socket is taken away");
    db.ok(&["courses"]);
}

/// The system lets only a group's members give it files: an owner who names a group they are
/// not in (or none that exists) is told so and what to do, and no socket is left behind for
/// staff to find.
#[test]
fn a_group_the_owner_may_not_share_with_is_refused_before_the_socket_is_made() {
    let db = TestDb::new();
    let bin = reachable_by_nobody(&db);
    let place = db.dir.path().join("theirs");
    std::fs::create_dir(&place).expect("mkdir");
    std::fs::set_permissions(&place, std::os::unix::fs::PermissionsExt::from_mode(0o1777)).expect("chmod");
    let theirs = place.join("db");
    let serve = |group: &str| output(nobody_runs(&bin).arg("--db").arg(&theirs).args(["serve", "--group", group]));
    let cases = [
        (
            "root",
            "you (nobody) are not in it, and only its members may give it files; ask root to add you (`usermod -aG root nobody`, then log in again)",
        ),
        ("no-such-group-e2e", "there is no such group; make it (`groupadd no-such-group-e2e`, as root)"),
    ];
    for (group, why) in cases {
        let refused = serve(group);
        let said = text(&refused.stderr);
        assert_eq!(refused.status.code(), Some(1), "{said}");
        let expected = format!("certdesk: cannot share {} with the group {group}: {why}", theirs.display());
        assert!(said.starts_with(&expected), "{said}");
        assert!(!theirs.join("certdesk.sock").exists(), "no socket is left for {group}");
    }
}

/// The owner's own certdesk, open without a server, holds the database: `serve` says that
/// one is in the way, not to run `certdesk serve` (what the owner just did).
#[test]
fn a_database_open_in_another_process_is_named_when_serving_it() {
    let db = TestDb::with_sample();
    let holder = certdesk::store::Store::open(&db.path()).expect("hold the database");
    let said = db.fails(&["serve"], 1);
    let expected = format!(
        "certdesk: cannot serve {}: another certdesk process (pid {}, user {}) has it open by itself (a terminal application, say); close that one, then start the server again\n",
        db.path().display(),
        std::process::id(),
        common::login()
    );
    assert_eq!(said, expected);
    assert!(!db.path().join("certdesk.sock").exists());
    drop(holder);
    let _served = Served::start(&db, &[]);
}

#[test]
fn sigterm_stops_a_server_whose_log_pipe_has_closed() {
    let db = TestDb::with_sample();
    let mut served = Served::start(&db, &[]);
    // The reader of its stderr goes, as `tee` does on Ctrl-C.
    drop(served.child.stderr.take());
    let pid = served.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().expect("kill").success());
    until("the server to stop", || served.child.try_wait().expect("wait").is_some());
    assert!(served.child.try_wait().expect("wait").is_some_and(|status| status.success()));
    assert!(db.ok(&["courses"]).contains(COURSE), "the database is free again");
}

/// On every address of the machine (0.0.0.0) and a port the system chooses (0), the server names
/// an address a browser opens, with the port it listens on, where it said http://0.0.0.0:PORT.
#[test]
fn serving_on_every_address_names_one_a_browser_opens() {
    let db = TestDb::with_sample();
    let mut child = db
        .command(&["serve", "--http", "0.0.0.0:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start certdesk serve");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let said = loop {
        let line = lines.next().expect("the server said where it listens").expect("read");
        if let Some(rest) = line.strip_prefix("certdesk serve: learners' pages at ") {
            break rest.to_string();
        }
    };
    let (url, rest) = said.split_once(", ").unwrap_or((&said, ""));
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with("/verify"), "{said}");
    let port = url.trim_start_matches("http://127.0.0.1:").trim_end_matches("/verify");
    assert!(port.parse::<u16>().is_ok_and(|port| port > 0), "{said}");
    assert_eq!(rest, format!("and on port {port} of every address of this machine (0.0.0.0)"));
    let asked = output(Command::new("curl").args(["-s", "-o", "/dev/null", "-w", "%{http_code}", url]));
    assert_eq!(text(&asked.stdout), "200", "{said}");
    let _ = child.kill();
    let _ = child.wait();
}

/// A server that holds its database but does not answer on its socket (one starting, which
/// takes seconds on a large database, or one whose socket was removed): a second server and a
/// client are told that a server holds it, not that a terminal application has it open, which
/// had them close a server they took for one.
#[test]
fn a_server_that_does_not_answer_yet_is_named_as_a_server() {
    let db = TestDb::with_sample();
    let server = Served::start(&db, &[]);
    std::fs::remove_file(db.path().join("certdesk.sock")).expect("the socket");
    let holder = format!("pid {}, user {}", server.child.id(), common::login());
    let shown = db.path().display().to_string();

    let second = db.run(&["serve"]);
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(
        text(&second.stderr),
        format!(
            "certdesk: a certdesk server already holds {shown} ({holder}), though it does not answer yet (it may be starting); there is nothing to start\n"
        )
    );

    let client = db.run(&["courses"]);
    assert_eq!(client.status.code(), Some(1));
    assert_eq!(
        text(&client.stderr),
        format!(
            "certdesk: the database {shown} is held by its certdesk server ({holder}), which does not answer yet (it may be starting); run the command again in a moment, and if it still does not answer, stop that server and start it again (`certdesk serve --db {shown}`)\n"
        )
    );
}

/// A backup put back over a served database (`rm -rf db && cp -a backup db`): the server,
/// holding the files removed, would answer a revoked certificate as valid while staff's
/// certdesks open the copy themselves. It stops, and says why.
#[test]
fn a_server_whose_database_is_replaced_under_it_stops_and_says_why() {
    let db = TestDb::with_sample();
    let backup = db.dir.path().join("backup");
    let copied = Command::new("cp").arg("-a").arg(db.path()).arg(&backup).status().expect("cp");
    assert!(copied.success());
    let mut server = Served::start(&db, &[]);
    let removed = db.dir.path().join("removed");
    std::fs::rename(db.path(), &removed).expect("move the database away");
    std::fs::rename(&backup, db.path()).expect("put the backup in its place");
    let mut status = None;
    until("the server to stop by itself", || {
        status = server.child.try_wait().expect("wait");
        status.is_some()
    });
    assert_eq!(status.and_then(|status| status.code()), Some(1));
    let mut said = String::new();
    server.child.stderr.take().expect("stderr").read_to_string(&mut said).expect("read");
    assert!(said.contains("was removed or replaced while the server ran"), "{said}");
    // The copy is the database now, opened by whoever asks.
    assert!(db.ok(&["courses"]).contains(COURSE));
}
