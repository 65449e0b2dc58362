//! `certdesk serve` end to end with its clients: real clients of two operating-system users, real
//! terminals, clients that break the rules, and a server killed with SIGKILL in the middle of its work.
//!
//! The second user is `nobody`, in the group `certdesk-e2e` that scripts/test makes.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use certdesk::serve::protocol::{self, ClientMessage, ServerMessage};
use common::served::{
    COURSE, GROUP, Served, as_nobody, nobody_prefix, nobody_runs, open_tui, output, shared_sample, text, until,
};
use common::tmux::Tmux;
use common::{BIN, TestDb, login};

#[test]
fn two_staff_in_two_terminals_see_each_others_changes_signed_with_their_logins() {
    let (db, bin) = shared_sample();
    let _server = Served::start(&db, &["--group", GROUP]);
    let me = login();

    let mine = Tmux::start("serve-mine", 110, 30);
    open_tui(&mine, &format!("{BIN} --db '{}'", db.path().display()));
    let theirs = Tmux::start("serve-theirs", 110, 30);
    open_tui(
        &theirs,
        &format!("{} env TERM=xterm-256color '{}' --db '{}'", nobody_prefix(), bin.display(), db.path().display()),
    );

    // nobody grades from the command line; my screen shows the new score and who gave it.
    let graded = output(as_nobody(&bin, &db).args(["grade", COURSE, "bilbo", "essay", "7"]));
    assert!(graded.status.success(), "{}", text(&graded.stderr));
    let screen = mine.wait_for("nobody in middle-earth-101: bilbo essay: not graded -> 7");
    assert!(screen.contains("bilbo"), "{screen}");

    // I grade Frodo's essay in my terminal; theirs shows it.
    mine.type_text("/frodo");
    mine.send(&["Enter"]);
    mine.type_text("llllllllllll");
    mine.wait_for(" · essay: ");
    mine.send(&["Enter"]);
    mine.wait_for("Score of frodo for essay");
    for _ in 0..6 {
        mine.send(&["BSpace"]);
    }
    mine.type_text("3");
    mine.send(&["Enter"]);
    mine.wait_for("Saved frodo essay: 8/10 -> 3/10");
    theirs.wait_for(&format!("{me} in middle-earth-101: frodo essay: 8 -> 3"));

    // The audit trail names both, as the operating system knows them.
    let log = db.json(&["log", COURSE, "--json"]);
    let grades: Vec<(String, String)> = log
        .as_array()
        .expect("events")
        .iter()
        .filter(|event| event["action"] == "grade")
        .map(|event| (event["who"].as_str().unwrap().to_string(), event["summary"].as_str().unwrap().to_string()))
        .collect();
    assert!(grades.contains(&("nobody".to_string(), "bilbo essay: not graded -> 7".to_string())), "{grades:?}");
    assert!(grades.contains(&(me.clone(), "frodo essay: 8 -> 3".to_string())), "{grades:?}");
    let gradebook = db.json(&["gradebook", COURSE, "--json"]);
    let bilbo = gradebook["learners"].as_array().unwrap().iter().find(|row| row["username"] == "bilbo").unwrap();
    assert_eq!(bilbo["scores"]["essay"], 7.0, "{bilbo}");
}

/// A course large enough that generating it takes a while.
fn large_course(db: &TestDb, learners: usize) {
    let folder = db.dir.path().join("large");
    db.ok(&["sample", "--learners", &learners.to_string(), "--activities", "5", "--out", folder.to_str().unwrap()]);
    db.ok(&["import", folder.to_str().unwrap()]);
}

fn active(db: &TestDb, course: &str) -> Vec<serde_json::Value> {
    db.json(&["certificates", course, "--json"]).as_array().expect("a list").clone()
}

#[test]
fn a_server_killed_mid_generate_loses_nothing_it_acknowledged_and_a_new_one_takes_over() {
    let db = TestDb::new();
    large_course(&db, 100_000);
    let mut server = Served::start(&db, &[]);
    let tmux = Tmux::start("serve-kill", 100, 30);
    tmux.wait_for("e2e$");
    tmux.type_text(&format!("{BIN} --db '{}'", db.path().display()));
    tmux.send(&["Enter"]);
    tmux.wait_for("100000 learners");

    let generate = db.command(&["generate", "synthetic"]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn();
    let mut generate = generate.expect("start generate");
    // Kill the server once some parts are issued, before all are. A part shows in the log as
    // soon as it is committed, a moment before the server has flushed and acknowledged it;
    // generate sends the second part only after the first was acknowledged, so once two show,
    // at least one was acknowledged and must survive the kill.
    until("two parts of generate", || {
        let log = db.json(&["log", "synthetic", "--json"]);
        log.as_array().unwrap().iter().filter(|e| e["action"] == "generate").count() >= 2
    });
    server.kill();
    let status = generate.wait().expect("generate ends");
    let mut stderr = String::new();
    generate.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(!status.success(), "generate cannot finish without its server");
    let again = format!("start it again with `certdesk serve --db {}`", db.path().display());
    assert!(stderr.contains("went away") && stderr.contains(&again), "{stderr}");
    tmux.wait_for("The certdesk server went away; start it again with `certdesk serve --db");

    // The socket the dead server left is replaced; the terminal comes back with it.
    let _server = Served::start(&db, &[]);
    tmux.wait_for("The certdesk server is back.");

    let check = |expect_all: bool| {
        let certificates = active(&db, "synthetic");
        let log = db.json(&["log", "synthetic", "--json"]);
        let audited: std::collections::HashSet<&str> = log
            .as_array()
            .unwrap()
            .iter()
            .filter(|event| event["action"] == "generate")
            .flat_map(|event| event["codes"].as_array().unwrap().iter().map(|code| code.as_str().unwrap()))
            .collect();
        let mut learners = std::collections::HashSet::new();
        for certificate in &certificates {
            assert!(audited.contains(certificate["code"].as_str().unwrap()), "not in the audit: {certificate}");
            assert!(learners.insert(certificate["username"].as_str().unwrap().to_string()), "twice: {certificate}");
        }
        assert_eq!(audited.len(), certificates.len(), "every audited code is active");
        if !expect_all {
            assert!(!certificates.is_empty() && certificates.len() < 60_000, "killed mid-way: {}", certificates.len());
        }
        certificates.len()
    };
    let before = check(false);
    // Generating again issues the rest, and nobody gets a second certificate.
    let again = db.ok(&["generate", "synthetic"]);
    assert!(again.contains(&format!("{before} already certified")), "{again}");
    let after = check(true);
    assert!(after > before);
}

#[test]
fn a_second_server_is_refused_and_a_killed_client_does_not_disturb_the_first() {
    let db = TestDb::new();
    large_course(&db, 30_000);
    let _server = Served::start(&db, &[]);

    let second = db.run(&["serve"]);
    assert!(!second.status.success());
    assert!(
        text(&second.stderr).contains("a certdesk server already serves")
            && text(&second.stderr).contains("nothing to start"),
        "{}",
        text(&second.stderr)
    );

    // A client killed in the middle of an export: the server goes on serving the others.
    let pdf = db.dir.path().join("all.pdf");
    db.ok(&["generate", "synthetic"]);
    let mut export = db
        .command(&["export", "synthetic", "--out", pdf.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start export");
    std::thread::sleep(Duration::from_millis(300));
    export.kill().expect("kill the client");
    export.wait().expect("reap");
    let courses = db.ok(&["courses"]);
    assert!(courses.contains("synthetic"), "{courses}");
    let code = active(&db, "synthetic")[0]["code"].as_str().unwrap().to_string();
    let verified = db.ok(&["verify", &code]);
    assert!(verified.contains(&format!("{code}: VALID")), "{verified}");
}

#[test]
fn a_server_out_of_descriptors_pauses_instead_of_spinning_and_serves_again_after() {
    let db = TestDb::with_sample();
    let serve = db.command(&["serve"]);
    // 32 descriptors: the server's own files and a few connections.
    let mut child = Command::new("sh")
        .args(["-c", "ulimit -n 32 && exec \"$0\" \"$@\""])
        .arg(serve.get_program())
        .args(serve.get_args())
        .env_remove("CERTDESK_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start certdesk serve");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut first = String::new();
    stderr.read_line(&mut first).expect("read stderr");
    assert!(first.contains("certdesk serve: serving"), "{first}");
    let _server = Served { child, said: first };
    let failures = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = failures.clone();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if line.contains("a connection failed") {
                counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
    });
    let held: Vec<UnixStream> = (0..60).map(|_| raw(&db)).collect();
    until("the server to run out of descriptors", || failures.load(std::sync::atomic::Ordering::Relaxed) > 0);
    let before = failures.load(std::sync::atomic::Ordering::Relaxed);
    std::thread::sleep(Duration::from_secs(1));
    let in_a_second = failures.load(std::sync::atomic::Ordering::Relaxed) - before;
    assert!(in_a_second <= 20, "{in_a_second} failed accepts logged in a second");
    drop(held);
    let courses = db.ok(&["courses"]);
    assert!(courses.contains(COURSE), "served again once the connections closed: {courses}");
}

/// Talks to the server as a client that does not follow the rules.
fn raw(db: &TestDb) -> UnixStream {
    let stream = UnixStream::connect(db.path().join("certdesk.sock")).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream
}

fn refusal(stream: &mut UnixStream) -> String {
    match protocol::read_frame::<_, ServerMessage>(stream) {
        Ok(ServerMessage::Refused(sentence)) => sentence,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn clients_of_another_version_and_malformed_frames_are_refused_while_the_server_keeps_serving() {
    let db = TestDb::with_sample();
    let _server = Served::start(&db, &[]);

    let mut stream = raw(&db);
    let hello = ClientMessage::Hello { protocol: protocol::PROTOCOL + 1, certdesk: "9.9.9".into() };
    protocol::write_frame(&mut stream, &hello).unwrap();
    let sentence = refusal(&mut stream);
    assert!(sentence.contains("this certdesk (9.9.9) and the server of the database"), "{sentence}");
    assert!(sentence.contains("use the same certdesk for both"), "{sentence}");

    // A frame claiming 4 GiB.
    let mut stream = raw(&db);
    stream.write_all(&u32::MAX.to_be_bytes()).unwrap();
    let sentence = refusal(&mut stream);
    assert!(sentence.contains("the greeting cannot be read"), "{sentence}");

    // Bytes that decode as nothing.
    let mut stream = raw(&db);
    stream.write_all(&[0, 0, 0, 5, 0xff, 0xfe, 0xfd, 0xfc, 0xfb]).unwrap();
    let _ = refusal(&mut stream);

    // A greeting, then garbage in place of a call: refused and hung up on.
    let mut stream = raw(&db);
    let hello = ClientMessage::Hello { protocol: protocol::PROTOCOL, certdesk: env!("CARGO_PKG_VERSION").into() };
    protocol::write_frame(&mut stream, &hello).unwrap();
    assert!(matches!(protocol::read_frame::<_, ServerMessage>(&mut stream), Ok(ServerMessage::Welcome { .. })));
    stream.write_all(&[0, 0, 0, 3, 9, 9, 9]).unwrap();
    let _ = refusal(&mut stream);
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    assert!(rest.is_empty(), "nothing follows the refusal");

    // A client that connects and says nothing does not hold anyone up.
    let _silent = raw(&db);
    let courses = db.ok(&["courses"]);
    assert!(courses.contains(COURSE), "{courses}");
}

#[test]
fn a_client_gets_credentials_the_server_signed_with_a_key_the_client_cannot_read() {
    let (db, bin) = shared_sample();
    let _server = Served::start(&db, &["--group", GROUP]);
    // nobody issues; the server seals the certificates with the key it holds.
    let generated = output(as_nobody(&bin, &db).args(["generate", COURSE]));
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    let key_file = db.path().join("issuer-keys.json");
    assert_eq!(std::fs::metadata(&key_file).expect("the server made the key").permissions().mode() & 0o777, 0o600);
    assert!(!output(nobody_runs("cat").arg(&key_file)).status.success(), "nobody cannot read the private key");

    let rows = active(&db, COURSE);
    let code = rows[0]["code"].as_str().expect("code").to_string();
    let jwt = output(as_nobody(&bin, &db).args(["credential", &code]));
    assert!(jwt.status.success(), "{}", text(&jwt.stderr));
    let jwk = output(as_nobody(&bin, &db).args(["issuer", "show", "--jwk"]));
    assert!(jwk.status.success(), "{}", text(&jwk.stderr));
    let dir = db.dir.path();
    std::fs::write(dir.join("c.jwt"), &jwt.stdout).expect("jwt");
    std::fs::write(dir.join("k.jwk"), &jwk.stdout).expect("jwk");
    let script = "import json,sys,jwt; k=jwt.PyJWK.from_dict(json.load(open(sys.argv[2]))); \
                  print(jwt.decode(open(sys.argv[1]).read().strip(), k.key, algorithms=['ES256'])['jti'])";
    let checked =
        output(Command::new("/usr/bin/python3").args(["-c", script]).arg(dir.join("c.jwt")).arg(dir.join("k.jwk")));
    assert!(checked.status.success(), "PyJWT: {}", text(&checked.stderr));
    assert!(text(&checked.stdout).trim().ends_with(&code));
}
