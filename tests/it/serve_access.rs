//! Who may reach a database that `certdesk serve` shares: the group it is shared with, the
//! staff list that narrows it (checked on every call, not only when someone connects), and
//! what someone who may not is told. The second user is `nobody`, in the group
//! `certdesk-e2e` that scripts/test makes.

use crate::common;

use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};

use common::served::{
    COURSE, GROUP, Served, as_nobody, nobody_prefix, nobody_runs, open_tui, output, reachable_by_nobody, shared_sample,
    text,
};
use common::tmux::Tmux;
use common::{TestDb, login, sample_folder};

fn group_id() -> u32 {
    nix::unistd::Group::from_name(GROUP).expect("groups").expect("scripts/test makes the group").gid.as_raw()
}

#[test]
fn the_staff_list_admits_only_those_on_it() {
    let (db, bin) = shared_sample();
    let _server = Served::start(&db, &["--group", GROUP]);
    let me = login();

    let open = output(as_nobody(&bin, &db).arg("courses"));
    assert!(open.status.success(), "with no staff list the group may connect: {}", text(&open.stderr));

    let listed = db.run(&["staff", "--add", &me]);
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    assert!(text(&listed.stdout).contains(&format!("Only these may use the database's server: {me}.")));
    // The first list says whom it shuts out from now on; a change to a list does not again.
    let shut_out = "until now anyone who may open the server's socket could use the database; from now on only those on the staff list may";
    assert!(text(&listed.stderr).contains(shut_out), "{}", text(&listed.stderr));
    let refused = output(as_nobody(&bin, &db).arg("courses"));
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("nobody is not on this database's staff list (certdesk staff)"),
        "{}",
        text(&refused.stderr)
    );

    let added = db.run(&["staff", "--add", "nobody"]);
    assert!(added.status.success() && !text(&added.stderr).contains(shut_out), "{}", text(&added.stderr));
    let admitted = output(as_nobody(&bin, &db).arg("courses"));
    assert!(admitted.status.success(), "{}", text(&admitted.stderr));
    assert!(text(&admitted.stdout).contains(COURSE));
    let log = db.json(&["log", COURSE, "--json"]);
    assert!(log.as_array().is_some(), "{log}");
}

/// Taken off the list while their terminal application is open, a member can no longer save
/// anything through it: the open screen says so at once, a score typed afterwards is refused
/// and never written, and the screen comes back once they are on the list again.
#[test]
fn someone_taken_off_the_staff_list_is_cut_off_in_the_terminal_they_have_open() {
    let (db, bin) = shared_sample();
    let mut server = Served::start(&db, &["--group", GROUP]);
    let theirs = Tmux::start("access-taken-off", 160, 30);
    let command =
        format!("{} env TERM=xterm-256color '{}' --db '{}'", nobody_prefix(), bin.display(), db.path().display());
    open_tui(&theirs, &command);

    db.ok(&["staff", "--add", &login()]);
    theirs.wait_for("Turned away by the certdesk server");
    theirs.wait_for(&format!(
        "nobody was taken off this database's staff list (certdesk staff); ask {}, whose database it is,",
        login()
    ));
    theirs.wait_for("staff --add nobody`)");
    theirs.send(&["Escape"]);

    theirs.type_text("/bilbo");
    theirs.send(&["Enter"]);
    theirs.type_text("llllllllllll");
    theirs.wait_for(" · essay: ");
    theirs.send(&["Enter"]);
    theirs.wait_for("Score of bilbo for essay");
    theirs.type_text("2");
    theirs.send(&["Enter"]);
    let screen = theirs.wait_until("the score refused", |screen| {
        screen.contains("nobody was taken off this database's staff list") && !screen.contains("Turned away")
    });
    assert!(!screen.contains("Saved bilbo essay"), "{screen}");
    let log = db.json(&["log", COURSE, "--json"]);
    let by_nobody = log.as_array().expect("events").iter().filter(|event| event["who"] == "nobody").count();
    assert_eq!(by_nobody, 0, "{log}");
    let gradebook = db.json(&["gradebook", COURSE, "--json"]);
    let bilbo = gradebook["learners"].as_array().unwrap().iter().find(|row| row["username"] == "bilbo").unwrap();
    assert!(bilbo["scores"]["essay"].is_null(), "{bilbo}");

    db.ok(&["staff", "--add", "nobody"]);
    theirs.wait_for("The certdesk server lets you in again; what you save is saved.");

    // Only the database's owner may start its server again: the member is told whom to ask.
    server.stop();
    theirs.wait_for(&format!("The certdesk server went away; ask {} to start it again (`certdesk serve", login()));
}

/// Past 107 bytes the socket lives elsewhere and a file beside the database names it: the
/// group must be able to read that file to find the server.
#[test]
fn a_member_reaches_a_server_whose_socket_is_kept_elsewhere() {
    let dir = tempfile::Builder::new().prefix(&"d".repeat(100)).tempdir().expect("temp dir");
    let db = TestDb { dir };
    db.ok(&["import", sample_folder().to_str().expect("utf-8 path")]);
    let bin = reachable_by_nobody(&db);
    let mut server = Served::start(&db, &["--group", GROUP]);
    assert!(!db.path().join("certdesk.sock").exists(), "the path is too long for the socket: {}", server.said);

    let pointer = std::fs::metadata(db.path().join("certdesk.socket")).expect("the file that names the socket");
    assert_eq!((pointer.permissions().mode() & 0o777, pointer.gid()), (0o640, group_id()));
    let socket = std::fs::read_to_string(db.path().join("certdesk.socket")).expect("the socket's path");
    let place = std::path::Path::new(socket.trim()).parent().expect("the socket's directory").to_path_buf();
    let kept = std::fs::metadata(&place).expect("the socket's directory");
    assert_eq!((kept.permissions().mode() & 0o7777, kept.gid()), (0o710, group_id()), "{}", place.display());
    let courses = output(as_nobody(&bin, &db).arg("courses"));
    assert!(courses.status.success(), "{}", text(&courses.stderr));
    assert!(text(&courses.stdout).contains(COURSE));
    server.stop();
    assert!(!place.exists(), "{} stays after the server stopped", place.display());
    assert!(!db.path().join("certdesk.socket").exists(), "the pointer stays after the server stopped");
}

/// Someone else listening where the database's pointer leads (a place taken after its server
/// stopped) is not the database's server: certdesk checks with the kernel who listens and
/// sends such a socket nothing, not even its greeting.
#[test]
fn a_socket_held_by_someone_other_than_the_owner_is_never_talked_to() {
    use std::io::{BufRead as _, BufReader};
    let db = TestDb::with_sample();
    let squat = "import os, socket, tempfile\n\
        d = tempfile.mkdtemp(); os.chmod(d, 0o755); p = d + '/certdesk.sock'\n\
        s = socket.socket(socket.AF_UNIX); s.bind(p); os.chmod(p, 0o777); s.listen()\n\
        print(p, flush=True)\n\
        c, _ = s.accept(); c.settimeout(30); got = c.recv(4096); c.close()\n\
        os.unlink(p); os.rmdir(d); print(len(got), flush=True)\n";
    let mut squatter = nobody_runs("python3")
        .args(["-c", squat])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the squatter");
    let mut said = BufReader::new(squatter.stdout.take().expect("stdout"));
    let mut socket = String::new();
    said.read_line(&mut socket).expect("where it listens");
    std::fs::write(db.path().join("certdesk.socket"), socket.trim()).expect("the pointer");

    let refused = db.command(&["courses"]).output().expect("run certdesk");
    let told = text(&refused.stderr);
    let mut received = String::new();
    said.read_line(&mut received).expect("what it received");
    let _ = squatter.wait();
    assert!(!refused.status.success(), "{}", text(&refused.stdout));
    let expected = format!(
        "the socket {} named for the database {} is held by nobody, not by {}",
        socket.trim(),
        db.path().display(),
        login()
    );
    assert!(told.contains(&expected), "{told}");
    assert_eq!(received.trim(), "0", "the squatter was sent something");
}

/// With the server gone, a member is told to have it started, for the group the database is
/// shared with; the group may reach the socket, never list the directory or open a file.
#[test]
fn the_group_reaches_the_socket_never_the_files() {
    let (db, bin) = shared_sample();
    let mut server = Served::start(&db, &["--group", GROUP]);
    db.ok(&["staff", "--add", &login()]);
    let path = db.path();
    let listed = output(nobody_runs("ls").arg(&path));
    assert!(!listed.status.success(), "the group lists the database: {}", text(&listed.stdout));
    for file in ["db", "conf"] {
        let read = output(nobody_runs("cat").arg(path.join(file)));
        assert!(!read.status.success() && read.stdout.is_empty(), "the group reads {file}");
    }
    server.kill();
    let refused = output(as_nobody(&bin, &db).arg("courses"));
    assert!(!refused.status.success());
    let said = text(&refused.stderr);
    assert!(said.contains("through its server, which is not running") && !said.contains("os error"), "{said}");
    let start = format!("`certdesk serve --db {} --group {GROUP}`", path.display());
    assert!(said.contains(&start), "{said}");

    // The owner has it open without a server: the member is told what the owner must close.
    let holder = certdesk::store::Store::open(&path).expect("hold the database");
    let said = text(&output(as_nobody(&bin, &db).arg("courses")).stderr);
    let (me, pid) = (login(), std::process::id());
    let open = format!(
        "{me} has it open in a certdesk of their own (pid {pid}, user {me}) without one; ask {me} to close that and start the server ({start})"
    );
    assert!(said.contains(&open), "{said}");
    drop(holder);
}

/// A server that runs but is not shared with anyone: someone who may not open its socket is
/// told that, not that the server went away.
#[test]
fn someone_who_may_not_open_the_socket_is_told_the_server_is_not_shared_with_them() {
    let (db, bin) = shared_sample();
    // The directory open to all, as its owner might have left it; the server shares nothing.
    std::fs::set_permissions(db.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let _server = Served::start(&db, &[]);
    let refused = output(as_nobody(&bin, &db).arg("courses"));
    assert!(!refused.status.success());
    let said = text(&refused.stderr);
    let expected = format!(
        "you may not connect to the certdesk server of {}: it is not shared with a group of yours; ask {} to run `certdesk serve --db {} --group GROUP`",
        db.path().display(),
        login(),
        db.path().display()
    );
    assert!(said.contains(&expected) && !said.contains("went away"), "{said}");
}

/// Started again without `--group`, the server keeps sharing the database with the group its
/// directory is shared with, and says so; whatever its flags, it writes files for its owner
/// alone (umask 077).
#[test]
fn a_server_started_again_without_its_group_keeps_sharing_and_keeps_the_files_private() {
    let (db, bin) = shared_sample();
    Served::start(&db, &["--group", GROUP]).kill();
    let server = Served::start(&db, &[]);
    let says = format!("for the group {GROUP}, with which its directory is shared");
    assert!(server.said.contains(&says), "{}", server.said);

    let graded = output(as_nobody(&bin, &db).args(["grade", COURSE, "bilbo", "essay", "7"]));
    assert!(graded.status.success(), "{}", text(&graded.stderr));
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).expect("the server's status");
    assert!(status.lines().any(|line| line == "Umask:\t0077"), "{status}");
    let socket = std::fs::metadata(db.path().join("certdesk.sock")).expect("socket");
    assert_eq!((socket.permissions().mode() & 0o777, socket.gid()), (0o660, group_id()));
    for entry in std::fs::read_dir(db.path()).expect("the database") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let mode = entry.metadata().expect("metadata").permissions().mode() & 0o777;
        let shared = ["certdesk.sock", "certdesk.lock"].contains(&name.as_str());
        assert!(shared || mode & 0o077 == 0, "{name} is {mode:o}");
    }
}

/// The staff list, the issuer's keys, the mail settings and the templates belong to no course: their changes
/// are in the database's own trail, signed by whoever made them through the server, with what
/// changed (never a secret).
#[test]
fn changes_to_who_may_do_what_are_in_the_database_trail() {
    let (db, bin) = shared_sample();
    let _server = Served::start(&db, &["--group", GROUP]);
    let me = login();
    assert!(db.ok(&["log"]).contains("nothing has been logged yet"));

    db.ok(&["staff", "--add", &me, "--add", "nobody"]);
    let mailed =
        output(as_nobody(&bin, &db).args(["mail-settings", "--smtp", "smtp://mail.example.edu", "--rate", "30"]));
    assert!(mailed.status.success(), "{}", text(&mailed.stderr));
    db.ok(&["issuer", "init"]);
    let design = db.dir.path().join("honor.tmpl");
    std::fs::write(&design, db.ok(&["template", "show", "honor"]) + "\n").expect("a template file");
    let saved = output(as_nobody(&bin, &db).arg("template").arg("save").arg("honor").arg(&design));
    assert!(saved.status.success(), "{}", text(&saved.stderr));
    let saved = output(as_nobody(&bin, &db).arg("template").arg("save").arg("plain").arg(&design));
    assert!(saved.status.success(), "{}", text(&saved.stderr));
    let deleted = output(as_nobody(&bin, &db).args(["template", "delete", "plain", "--yes"]));
    assert!(deleted.status.success(), "{}", text(&deleted.stderr));
    db.ok(&["staff", "--remove", "nobody"]);
    let kid = db.json(&["issuer", "show", "--jwk"])["kid"].as_str().expect("a key id").to_string();

    let log = db.json(&["log", "--json"]);
    let events: Vec<(&str, &str, &str)> = log
        .as_array()
        .expect("events")
        .iter()
        .map(|event| {
            (event["who"].as_str().unwrap(), event["action"].as_str().unwrap(), event["summary"].as_str().unwrap())
        })
        .collect();
    let mut listed = [me.as_str(), "nobody"];
    listed.sort();
    let added = format!("staff list: added {}; now {}", listed.join(", "), listed.join(", "));
    let issued = format!("made the issuer key {kid}");
    let taken_off = format!("staff list: took off nobody; now {me}");
    assert_eq!(
        events,
        [
            (me.as_str(), "staff", added.as_str()),
            (
                "nobody",
                "mail-settings",
                "mail settings: mail server none -> smtp://mail.example.edu; messages a minute 60 -> 30"
            ),
            (me.as_str(), "issuer", issued.as_str()),
            ("nobody", "template", "saved template honor revision 2"),
            ("nobody", "template", "saved template plain revision 1"),
            ("nobody", "template", "deleted template plain (1 revision)"),
            (me.as_str(), "staff", taken_off.as_str()),
        ]
    );
    let shown = db.ok(&["log"]);
    assert!(shown.contains("nobody") && shown.contains("mail-settings") && shown.contains(&taken_off), "{shown}");
}

/// Another account opening a database itself (root, say, while its server is stopped) would
/// write files its owner may not open: it is refused and told how to reach the database, and
/// the owner opens it as before.
#[test]
fn another_account_may_not_open_a_database_itself() {
    let db = TestDb::new();
    let bin = reachable_by_nobody(&db);
    // A place where nobody may make a database of its own.
    let place = db.dir.path().join("theirs");
    std::fs::create_dir(&place).expect("mkdir");
    std::fs::set_permissions(&place, std::fs::Permissions::from_mode(0o1777)).expect("chmod");
    let theirs = place.join("db");
    let made = output(nobody_runs(&bin).arg("--db").arg(&theirs).arg("courses"));
    assert!(made.status.success(), "{}", text(&made.stderr));

    let folder = sample_folder();
    let refused = std::process::Command::new(common::BIN)
        .arg("--db")
        .arg(&theirs)
        .arg("import")
        .arg(&folder)
        .env_remove("CERTDESK_DB")
        .output()
        .expect("run certdesk");
    assert!(!refused.status.success(), "{}", text(&refused.stdout));
    let said = text(&refused.stderr);
    let expected = format!(
        "the database {} is nobody's, and certdesk opens it only as nobody, so that its files stay theirs: run certdesk as nobody (`sudo -u nobody certdesk --db {} …`)",
        theirs.display(),
        theirs.display()
    );
    assert!(said.contains(&expected), "{said}");
    let me = nix::unistd::getuid().as_raw();
    for entry in std::fs::read_dir(&theirs).expect("the database") {
        let entry = entry.expect("entry");
        assert_ne!(entry.metadata().expect("metadata").uid(), me, "{:?} was written", entry.file_name());
    }
    let again = output(nobody_runs(&bin).arg("--db").arg(&theirs).arg("courses"));
    assert!(again.status.success(), "the owner opens it as before: {}", text(&again.stderr));
}

/// Someone who may not even enter the database's directory (not in the group it is shared
/// with) is told it is not shared with them, not that its server is not running.
#[test]
fn someone_outside_the_group_is_told_the_database_is_not_shared_with_them() {
    let (db, bin) = shared_sample();
    let _server = Served::start(&db, &[]);
    // Shared with the group of the owner, which nobody is not in.
    let group = nix::unistd::Group::from_gid(nix::unistd::getgid()).expect("groups").expect("own group").name;
    std::fs::set_permissions(db.path(), std::fs::Permissions::from_mode(0o2710)).expect("chmod");
    let refused = output(as_nobody(&bin, &db).arg("courses"));
    assert!(!refused.status.success());
    let said = text(&refused.stderr);
    let expected = format!(
        "the database {} is {}'s and not shared with you (it is shared with the group {group}, which you are not in)",
        db.path().display(),
        login()
    );
    assert!(said.contains(&expected) && !said.contains("not running"), "{said}");
}

/// The staff list's edges: taking the last names off (which lets the whole group in) asks
/// first and a script must pass --yes; someone who takes themselves off is told the list as
/// they left it, not an error; a name with no account, or one not on the list, is pointed out.
#[test]
fn the_staff_list_says_what_a_change_does() {
    let (db, bin) = shared_sample();
    let _server = Served::start(&db, &["--group", GROUP]);
    let me = login();
    db.ok(&["staff", "--add", &me, "--add", "nobody"]);

    let left = output(as_nobody(&bin, &db).args(["staff", "--remove", "nobody"]));
    assert!(left.status.success(), "{}", text(&left.stderr));
    assert_eq!(text(&left.stdout), format!("Only these may use the database's server: {me}.\n"));
    let warned = "you (nobody) are not on the staff list now, and may no longer use this database";
    assert!(text(&left.stderr).contains(warned), "{}", text(&left.stderr));

    let unconfirmed = db.run(&["staff", "--remove", &me]);
    assert!(!unconfirmed.status.success());
    let said = text(&unconfirmed.stderr);
    assert!(
        said.contains("anyone who may open the server's socket may then use the database")
            && said.contains("pass --yes"),
        "{said}"
    );
    assert!(db.ok(&["staff"]).contains(&format!("Only these may use the database's server: {me}.")));
    let emptied = db.ok(&["staff", "--remove", &me, "--yes"]);
    assert!(emptied.contains("(no staff list)"), "{emptied}");
    // Naming only others on an empty list shuts out whoever names them.
    let others = output(as_nobody(&bin, &db).args(["staff", "--add", &me]));
    assert!(others.status.success() && text(&others.stderr).contains(warned), "{}", text(&others.stderr));
    db.ok(&["staff", "--remove", &me, "--yes"]);

    let unknown = db.run(&["staff", "--add", "fxs-no-such-account", "--remove", "bilbo"]);
    assert!(unknown.status.success());
    let said = text(&unknown.stderr);
    assert!(said.contains("there is no account called fxs-no-such-account on this machine; added anyway"), "{said}");
    assert!(said.contains("bilbo is not on the staff list; there is nothing to take off"), "{said}");
}

/// Opened by its owner directly while no server runs, a shared database keeps what sled writes
/// the owner's alone: a snapshot sled made so was `0644`, which a member could read by its name.
#[test]
fn the_owner_working_without_the_server_keeps_the_files_private() {
    let (db, _bin) = shared_sample();
    let mut server = Served::start(&db, &["--group", GROUP]);
    server.stop();
    let before = files(&db.path());
    db.ok(&["generate", COURSE]);
    db.ok(&["gradebook", COURSE]);
    let after = files(&db.path());
    assert!(after.len() > before.len() || after != before, "sled wrote nothing new: {after:?}");
    for (path, mode) in after {
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        let allowed = if ["certdesk.lock", "certdesk.socket"].contains(&name) { 0o740 } else { 0o700 };
        assert_eq!(mode & 0o777 & !allowed, 0, "{} is {:o}", path.display(), mode & 0o777);
    }
}

/// Every file under `dir` with its mode.
fn files(dir: &std::path::Path) -> Vec<(std::path::PathBuf, u32)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read the database") {
        let path = entry.expect("entry").path();
        let metadata = std::fs::symlink_metadata(&path).expect("metadata");
        if metadata.is_dir() {
            found.extend(files(&path));
        } else {
            found.push((path, metadata.permissions().mode()));
        }
    }
    found.sort();
    found
}
