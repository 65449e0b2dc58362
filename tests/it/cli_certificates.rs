//! Certificates through the real binary: issue, supersede, revoke, verify, exceptions,
//! and the audit trail (self-service: `cli_self_generation.rs`; pages that cannot print:
//! `cli_printable.rs`).

use crate::common;

use std::collections::HashSet;
use std::path::Path;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

#[test]
fn bilbo_is_certified_provisionally_then_superseded_when_his_grade_becomes_final() {
    let db = TestDb::with_sample();
    // Under the default `final` policy his 85.0% is provisional: nothing is issued to him.
    let report = db.json(&["generate", COURSE, "--json"]);
    assert!(report["not_eligible"]["provisional"].as_array().expect("provisional").iter().any(|u| u == "bilbo"));
    assert!(!report["issued"].as_array().expect("issued").iter().any(|i| i["username"] == "bilbo"));
    assert_eq!(db.active_code(COURSE, "bilbo"), None);

    // Under `threshold` he gets a certificate marked provisional.
    db.ok(&["settings", COURSE, "--issuance", "threshold"]);
    let output = db.ok(&["generate", COURSE]);
    assert!(output.contains("issued 1 certificate;"), "{output}");
    let row =
        db.certificates(COURSE, false).into_iter().find(|row| row["username"] == "bilbo").expect("bilbo's certificate");
    assert_eq!((row["percent"].as_f64(), row["provisional"].as_bool()), (Some(85.0), Some(true)));
    assert_eq!(row["stale"], serde_json::Value::Null);
    let old_code = row["code"].as_str().expect("code").to_string();

    // He aces the last activity: the certificate is stale, old and new side by side.
    db.ok(&["grade", COURSE, "bilbo", "essay", "10"]);
    let row = db.certificates(COURSE, false).into_iter().find(|row| row["username"] == "bilbo").expect("still listed");
    assert_eq!(row["current_percent"].as_f64(), Some(95.0));
    assert!(row["stale"].as_str().expect("stale").starts_with("85.0% -> 95.0%"), "{row}");
    assert!(db.ok(&["certificates", COURSE]).contains("stale: 85.0% -> 95.0%"));

    let output = db.ok(&["regenerate", COURSE, "--stale"]);
    let new_code = db.active_code(COURSE, "bilbo").expect("a new certificate");
    assert_ne!(new_code, old_code);
    assert!(output.contains("85.0% -> 95.0%") && output.contains(&format!("{old_code} -> {new_code}")), "{output}");

    let new = db.verify_json(&new_code);
    assert_eq!(new["verdict"], "valid");
    assert_eq!(
        (new["certificate"]["percent"].as_f64(), new["certificate"]["grade_status"].as_str()),
        (Some(95.0), Some("final"))
    );
    let old = db.verify_json(&old_code);
    assert_eq!(
        (old["verdict"].as_str(), old["status"]["superseded_by"].as_str()),
        (Some("superseded"), Some(new_code.as_str()))
    );
    assert_eq!(old["certificate"]["percent"].as_f64(), Some(85.0));
    assert_eq!(old["certificate"]["digest_ok"], true);
    assert_eq!(db.certificates(COURSE, true).iter().filter(|row| row["username"] == "bilbo").count(), 2);
    // Nothing is stale any more.
    assert!(db.ok(&["regenerate", COURSE, "--stale"]).contains("replaced 0 stale"));
}

#[test]
fn audit_learners_are_never_certified_not_even_when_allowlisted() {
    let db = TestDb::with_sample();
    db.ok(&["allow", COURSE, "legolas"]);
    let report = db.json(&["generate", COURSE, "--json"]);
    let audit: Vec<&str> =
        report["not_eligible"]["audit"].as_array().expect("audit").iter().filter_map(|u| u.as_str()).collect();
    assert_eq!(audit, ["galadriel", "jose", "legolas"]);
    let certified: HashSet<String> =
        db.certificates(COURSE, true).iter().map(|r| r["username"].as_str().expect("u").to_string()).collect();
    assert!(!certified.contains("legolas") && !certified.contains("jose") && !certified.contains("galadriel"));
    assert!(db.certificates(COURSE, false).iter().all(|row| row["mode"] != "audit"));
}

#[test]
fn the_allowlist_certifies_a_learner_below_the_threshold() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    assert_eq!(db.active_code(COURSE, "merry"), None, "79.5% is below the 80% threshold");
    db.ok(&["allow", COURSE, "merry"]);
    assert!(db.ok(&["generate", COURSE]).contains("issued 1 certificate;"));
    assert!(db.active_code(COURSE, "merry").is_some());
    assert!(db.fails(&["allow", COURSE, "merry"], 1).contains("already on the allowlist"));
    // Off the allowlist, the certificate it earned him is valid still, and no longer deserved.
    let code = db.active_code(COURSE, "merry").expect("certified");
    let said = db.ok(&["allow", COURSE, "merry", "--remove"]);
    assert!(
        said.contains(&format!(
            "Their certificate {code} is no longer deserved (below threshold) and stays valid until revoked: \
             `certdesk revoke {code}` revokes it."
        )),
        "{said}"
    );
    assert!(db.fails(&["allow", COURSE, "nobody"], 1).contains("no learner 'nobody'"));
}

#[test]
fn invalidating_revokes_the_certificate_and_blocks_generation() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "frodo").expect("frodo is certified");
    let output = db.ok(&["invalidate", COURSE, "frodo", "--reason", "plagiarism in the essay"]);
    assert!(output.contains(&format!("Revoked their certificate {code}")), "{output}");
    let verdict = db.verify_json(&code);
    assert_eq!(
        (verdict["verdict"].as_str(), verdict["status"]["reason"].as_str()),
        (Some("revoked"), Some("plagiarism in the essay"))
    );
    let report = db.json(&["generate", COURSE, "--json"]);
    assert_eq!(report["not_eligible"]["invalidated"], serde_json::json!(["frodo"]));
    assert_eq!(db.active_code(COURSE, "frodo"), None);

    db.ok(&["invalidate", COURSE, "frodo", "--remove"]);
    db.ok(&["generate", COURSE]);
    assert_ne!(
        db.active_code(COURSE, "frodo").as_deref(),
        Some(code.as_str()),
        "a new certificate, the old stays revoked"
    );
    assert_eq!(db.verify_json(&code)["verdict"], "revoked");
}

#[test]
fn deleting_keeps_the_history_and_the_codes_verify_as_revoked() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let before = db.certificates(COURSE, false);
    let sam = db.active_code(COURSE, "samwise").expect("samwise");
    assert!(db.ok(&["delete", COURSE, "samwise"]).contains(&sam));
    assert_eq!(db.certificates(COURSE, false).len(), before.len() - 1);
    let verdict = db.verify_json(&sam);
    assert_eq!((verdict["verdict"].as_str(), verdict["status"]["reason"].as_str()), (Some("revoked"), Some("deleted")));
    assert!(db.fails(&["delete", COURSE, "samwise"], 1).contains("no active certificate"));

    // In a script, delete --all refuses without --yes and deletes nothing.
    let refusal = db.fails(&["delete", COURSE, "--all"], 1);
    assert!(
        refusal.contains(&format!("Delete the {} active certificates of {COURSE}?", before.len() - 1)),
        "{refusal}"
    );
    assert!(refusal.contains("--yes"));
    assert_eq!(db.certificates(COURSE, false).len(), before.len() - 1);

    let output = db.ok(&["delete", COURSE, "--all", "--yes"]);
    assert!(output.contains(&format!("Deleted {} certificates", before.len() - 1)), "{output}");
    assert!(db.certificates(COURSE, false).is_empty());
    let history = db.certificates(COURSE, true);
    assert_eq!(history.len(), before.len());
    assert!(history.iter().all(|row| row["status"] == "revoked" && row["reason"] == "deleted"));
    for row in &before {
        assert_eq!(db.verify_json(row["code"].as_str().expect("code"))["verdict"], "revoked");
    }
    // Deleted learners can be certified again.
    assert!(db.ok(&["generate", COURSE]).contains(&format!("issued {} certificates", before.len())));
}

#[test]
fn revoke_by_code_records_the_reason_once() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "aragorn").expect("aragorn");
    db.ok(&["revoke", &code, "--reason", "issued to the wrong person"]);
    let verdict = db.verify_json(&code);
    assert_eq!(verdict["status"]["reason"], "issued to the wrong person");
    // Who is the operating system's account running certdesk, whatever $USER says.
    assert_eq!(verdict["status"]["ended_by"], common::login());
    assert!(db.fails(&["revoke", &code, "--reason", "again"], 1).contains("already revoked"));
    assert!(db.ok(&["log", COURSE]).contains("revoked"));
}

#[test]
fn codes_are_taken_as_people_paste_them_by_every_command() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "aragorn").expect("aragorn");
    let pasted = format!("https://certificates.example.org/verify/{code}");
    let typed = code.to_lowercase().replace('-', "_");
    assert!(db.ok(&["credential", &pasted]).starts_with("ey"));
    let pdf = db.dir.path().join("aragorn.pdf");
    db.ok(&["show", &typed, "--pdf", pdf.to_str().expect("utf-8 path")]);
    assert!(std::fs::metadata(&pdf).is_ok_and(|file| file.len() > 1000));
    db.ok(&["revoke", &pasted, "--reason", "pasted from the mail"]);
    assert_eq!(db.verify_json(&code)["status"]["reason"], "pasted from the mail");
}

fn database_files(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|name| name != "certdesk.lock") {
                files.push((path.display().to_string(), std::fs::read(&path).expect("read file")));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn dry_runs_write_nothing() {
    let db = TestDb::with_sample();
    db.ok(&["settings", COURSE, "--issuance", "threshold"]);
    db.ok(&["generate", COURSE]);
    db.ok(&["grade", COURSE, "bilbo", "essay", "10"]);
    // The first open after writes may rewrite sled's snapshot file; a read settles it.
    db.ok(&["courses"]);
    let before = database_files(&db.path());
    let generate = db.ok(&["generate", COURSE, "--dry-run"]);
    assert!(generate.contains("Dry run") && generate.contains("would issue 0"), "{generate}");
    let regenerate = db.ok(&["regenerate", COURSE, "--stale", "--dry-run"]);
    assert!(regenerate.contains("would replace 1 stale") && regenerate.contains("bilbo"), "{regenerate}");
    assert!(before == database_files(&db.path()), "a dry run changed the database files");
    assert!(db.ok(&["regenerate", COURSE, "--stale"]).contains("replaced 1 stale"));
}

/// The README's promise: `verify --json` prints every field of the digested text, as it is
/// digested, so anyone can recompute the digest.
#[test]
fn anyone_can_recompute_a_digest_from_what_verify_prints() {
    use sha2::Digest as _;
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let rows = db.certificates(COURSE, false);
    let modes: HashSet<&str> = rows.iter().filter_map(|row| row["mode"].as_str()).collect();
    assert!(modes.contains("honor") && modes.contains("verified"), "{modes:?}");
    for row in &rows {
        let code = row["code"].as_str().expect("code");
        let printed = db.verify_json(code);
        let c = &printed["certificate"];
        let field = |key: &str| c[key].as_str().unwrap_or_default().to_string();
        let text = format!(
            "certdesk-certificate-v1\ncode={code}\ncourse={}\ncourse_title={}\nusername={}\nname={}\npercent={:.1}\n\
             letter={}\nmode={}\ngrade_status={}\nissued_at={}\ntemplate={}\nissued_by={}\n",
            field("course"),
            field("course_title"),
            field("username"),
            field("full_name"),
            c["percent"].as_f64().expect("percent"),
            field("letter"),
            field("mode"),
            field("grade_status"),
            field("issued_at"),
            field("template"),
            field("issued_by"),
        );
        let digest: String = sha2::Sha256::digest(text.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect();
        assert_eq!(c["digest"].as_str(), Some(digest.as_str()), "{code}: {text}");
    }
}

#[test]
fn verify_accepts_a_code_however_it_was_typed() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "eowyn").expect("eowyn");
    let compact = code.replace('-', "");
    let spaced = format!(" {} {} {} ", &compact[..4], &compact[4..8], &compact[8..]).to_lowercase();
    let en_dash = code.replace('-', "–");
    for typed in [code.clone(), compact.to_lowercase(), spaced, en_dash] {
        let output = db.ok(&["verify", &typed]);
        assert!(output.starts_with(&format!("{code}: VALID")), "{typed:?}: {output}");
        assert!(output.contains("Éowyn") || output.contains("Eowyn"), "{output}");
    }
    let unknown = db.run(&["verify", "2222-2222-2222"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stdout).contains("UNKNOWN"));
    let typo = db.fails(&["verify", "OOOO-1111-IIII"], 1);
    assert!(typo.contains("never contain"), "{typo}");
}

#[test]
fn every_change_is_in_the_audit_trail_with_who_and_which_codes() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "zoe").expect("zoe");
    db.ok(&["delete", COURSE, "zoe"]);
    db.ok(&["allow", COURSE, "merry"]);
    db.ok(&["invalidate", COURSE, "pippin", "--reason", "withdrew consent"]);
    let log = db.json(&["log", COURSE, "--json"]);
    let events = log.as_array().expect("events");
    let actions: Vec<&str> = events.iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["import", "generate", "delete", "allow", "invalidate"]);
    assert!(events[1]["codes"].as_array().expect("codes").iter().any(|c| c == code.as_str()));
    assert_eq!(events[2]["learners"], serde_json::json!(["zoe"]));
    assert_eq!(events[2]["codes"], serde_json::json!([code]));
    assert!(events.iter().all(|e| e["who"] == common::login().as_str() && e["at"].as_str().is_some()));

    // No `issuer init` ran: the first generate made the signing key, and the database's own
    // trail says so, as it would for an init.
    let kid = db.json(&["issuer", "show", "--jwk"])["kid"].as_str().expect("a key id").to_string();
    let database = db.json(&["log", "--json"]);
    let made = format!("made the issuer key {kid} on first use, to sign credentials of {COURSE}");
    let events: Vec<(&str, &str, &str)> = database
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| Some((e["who"].as_str()?, e["action"].as_str()?, e["summary"].as_str()?)))
        .collect();
    assert_eq!(events, [(common::login().as_str(), "issuer", made.as_str())]);
    assert!(db.ok(&["log"]).contains(&made));
}

#[test]
fn codes_are_unique_over_100000_certificates() {
    let db = TestDb::with_synthetic(100_000, 2);
    let report = db.json(&["generate", "synthetic", "--json"]);
    let issued = report["issued"].as_array().expect("issued");
    assert_eq!(issued.len(), 100_000);
    let codes: HashSet<&str> = issued.iter().map(|i| i["code"].as_str().expect("code")).collect();
    assert_eq!(codes.len(), issued.len());
    // Every code is indexed: the last one verifies and names its learner.
    let last = issued.last().expect("one");
    let verdict = serde_json::from_slice::<serde_json::Value>(
        &db.run(&["verify", last["code"].as_str().expect("code"), "--json"]).stdout,
    )
    .expect("json");
    assert_eq!(verdict["certificate"]["username"], last["username"]);
}

#[test]
fn a_certificate_whose_learner_would_not_be_issued_one_now_is_flagged() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let flagged = |db: &TestDb| -> Vec<(String, String)> {
        db.certificates(COURSE, false)
            .iter()
            .filter(|row| !row["not_eligible"].is_null())
            .map(|row| {
                (row["username"].as_str().unwrap().to_string(), row["not_eligible"].as_str().unwrap().to_string())
            })
            .collect()
    };
    assert_eq!(flagged(&db), [], "everyone certified is eligible");
    assert!(!db.ok(&["certificates", COURSE]).contains("not eligible now"));

    // Raising the threshold past samwise's 88% leaves his certificate in force, flagged.
    db.ok(&["settings", COURSE, "--threshold", "88.5", "--yes"]);
    let below = flagged(&db);
    assert!(below.contains(&("samwise".to_string(), "below_threshold".to_string())), "{below:?}");
    let listing = db.ok(&["certificates", COURSE]);
    assert!(listing.contains("not eligible now: below threshold"), "{listing}");
    assert!(listing.contains("in force for learners who would not be issued one now"), "{listing}");
}

#[test]
fn the_certificates_table_says_its_times_are_utc_in_the_header() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    for history in [false, true] {
        let args: &[&str] = if history { &["certificates", COURSE, "--all"] } else { &["certificates", COURSE] };
        let listing = db.ok(args);
        let header = listing.lines().find(|line| line.starts_with("CODE ")).unwrap_or_default();
        assert!(header.contains(" ISSUED (UTC) "), "{listing}");
        assert!(!listing.contains(" UTC  "), "the rows' times leave the zone to the header: {listing}");
    }
}

/// Stops a generate after its first part, as Esc does; the database is left as a kill -9
/// between parts leaves it.
struct StopAfterFirstPart {
    done: usize,
}

impl certdesk::ops::Progress for StopAfterFirstPart {
    fn step(&mut self, done: usize, _total: usize) {
        self.done = done;
    }

    fn cancelled(&self) -> bool {
        self.done > 0
    }
}

#[test]
fn a_dry_run_says_the_last_generate_stopped_short_until_the_rest_is_issued() {
    let db = TestDb::with_synthetic(2500, 2);
    {
        let store = certdesk::store::Store::open(&db.path()).expect("open");
        let printer = certdesk::ops::Printer::new(&store, None).expect("printer");
        let context = certdesk::ops::Context::new("elrond", jiff::Timestamp::now());
        let mut stop = StopAfterFirstPart { done: 0 };
        let report =
            certdesk::ops::generate(&store, "synthetic", &context, &printer, false, &mut stop).expect("generate");
        assert!(report.cancelled && report.issued.len() == 1000, "{} issued", report.issued.len());
    }
    let dry_run = db.ok(&["generate", "synthetic", "--dry-run"]);
    assert!(dry_run.contains("would issue 1500 certificates"), "{dry_run}");
    assert!(
        dry_run.contains("stopped after part 1 of 3; 1500 eligible learners have no certificate yet")
            && dry_run.contains("The last generate (by elrond, ")
            && dry_run.contains("`certdesk generate synthetic` issues them."),
        "{dry_run}"
    );
    let json = db.json(&["generate", "synthetic", "--dry-run", "--json"]);
    assert_eq!(json["unfinished"]["part"], 1, "{json}");
    assert_eq!(json["unfinished"]["waiting"], 1500, "{json}");

    assert!(db.ok(&["generate", "synthetic"]).contains("issued 1500 certificates"));
    let finished = db.ok(&["generate", "synthetic", "--dry-run"]);
    assert!(!finished.contains("stopped"), "a finished generate is not pointed out: {finished}");
    assert!(db.json(&["generate", "synthetic", "--dry-run", "--json"])["unfinished"].is_null());
}

/// The text log names the learners and codes an event touched, and counts them when there are
/// many, as its README line says.
#[test]
fn the_text_log_names_the_codes_an_event_touched() {
    let db = TestDb::with_sample();
    db.ok(&["settings", COURSE, "--issuance", "threshold"]);
    db.ok(&["generate", COURSE]);
    let frodo = db.certificates(COURSE, false).into_iter().find(|c| c["username"] == "frodo").expect("frodo's");
    let code = frodo["code"].as_str().expect("code").to_string();
    db.ok(&["delete", COURSE, "frodo", "--yes"]);
    let log = db.ok(&["log", COURSE]);
    assert!(log.contains("codes: 20 (`--json` lists them)"), "{log}");
    assert!(log.contains(&format!("codes: {code}\n")), "{log}");
}
