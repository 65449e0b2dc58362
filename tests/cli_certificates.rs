//! Certificates through the real binary: issue, supersede, revoke, verify, exceptions,
//! self-service and the audit trail.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

fn certificates(db: &TestDb, all: bool) -> Vec<serde_json::Value> {
    let mut args = vec!["certificates", COURSE, "--json"];
    if all {
        args.push("--all");
    }
    db.json(&args).as_array().expect("rows").clone()
}

fn active_code(db: &TestDb, username: &str) -> Option<String> {
    certificates(db, false)
        .iter()
        .find(|row| row["username"] == username)
        .map(|row| row["code"].as_str().expect("code").to_string())
}

fn verify(db: &TestDb, code: &str) -> serde_json::Value {
    serde_json::from_slice(&db.run(&["verify", code, "--json"]).stdout).expect("verify JSON")
}

#[test]
fn bilbo_is_certified_provisionally_then_superseded_when_his_grade_becomes_final() {
    let db = TestDb::with_sample();
    // Under the default `final` policy his 85.0% is provisional: nothing is issued to him.
    let report = db.json(&["generate", COURSE, "--json"]);
    assert!(report["not_eligible"]["provisional"].as_array().expect("provisional").iter().any(|u| u == "bilbo"));
    assert!(!report["issued"].as_array().expect("issued").iter().any(|i| i["username"] == "bilbo"));
    assert_eq!(active_code(&db, "bilbo"), None);

    // Under `threshold` he gets a certificate marked provisional.
    db.ok(&["settings", COURSE, "--issuance", "threshold"]);
    let output = db.ok(&["generate", COURSE]);
    assert!(output.contains("issued 1 certificate;"), "{output}");
    let row = certificates(&db, false).into_iter().find(|row| row["username"] == "bilbo").expect("bilbo's certificate");
    assert_eq!((row["percent"].as_f64(), row["provisional"].as_bool()), (Some(85.0), Some(true)));
    assert_eq!(row["stale"], serde_json::Value::Null);
    let old_code = row["code"].as_str().expect("code").to_string();

    // He aces the last activity: the certificate is stale, old and new side by side.
    db.ok(&["grade", COURSE, "bilbo", "essay", "10"]);
    let row = certificates(&db, false).into_iter().find(|row| row["username"] == "bilbo").expect("still listed");
    assert_eq!(row["current_percent"].as_f64(), Some(95.0));
    assert!(row["stale"].as_str().expect("stale").starts_with("85.0% -> 95.0%"), "{row}");
    assert!(db.ok(&["certificates", COURSE]).contains("stale: 85.0% -> 95.0%"));

    let output = db.ok(&["regenerate", COURSE, "--stale"]);
    let new_code = active_code(&db, "bilbo").expect("a new certificate");
    assert_ne!(new_code, old_code);
    assert!(output.contains("85.0% -> 95.0%") && output.contains(&format!("{old_code} -> {new_code}")), "{output}");

    let new = verify(&db, &new_code);
    assert_eq!(new["verdict"], "valid");
    assert_eq!(
        (new["certificate"]["percent"].as_f64(), new["certificate"]["grade_status"].as_str()),
        (Some(95.0), Some("final"))
    );
    let old = verify(&db, &old_code);
    assert_eq!(
        (old["verdict"].as_str(), old["status"]["superseded_by"].as_str()),
        (Some("superseded"), Some(new_code.as_str()))
    );
    assert_eq!(old["certificate"]["percent"].as_f64(), Some(85.0));
    assert_eq!(old["certificate"]["digest_ok"], true);
    assert_eq!(certificates(&db, true).iter().filter(|row| row["username"] == "bilbo").count(), 2);
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
        certificates(&db, true).iter().map(|r| r["username"].as_str().expect("u").to_string()).collect();
    assert!(!certified.contains("legolas") && !certified.contains("jose") && !certified.contains("galadriel"));
    assert!(certificates(&db, false).iter().all(|row| row["mode"] != "audit"));
}

#[test]
fn the_allowlist_certifies_a_learner_below_the_threshold() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    assert_eq!(active_code(&db, "merry"), None, "79.5% is below the 80% threshold");
    db.ok(&["allow", COURSE, "merry"]);
    assert!(db.ok(&["generate", COURSE]).contains("issued 1 certificate;"));
    assert!(active_code(&db, "merry").is_some());
    assert!(db.fails(&["allow", COURSE, "merry"], 1).contains("already on the allowlist"));
    db.ok(&["allow", COURSE, "merry", "--remove"]);
    assert!(db.fails(&["allow", COURSE, "nobody"], 1).contains("no learner 'nobody'"));
}

#[test]
fn invalidating_revokes_the_certificate_and_blocks_generation() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = active_code(&db, "frodo").expect("frodo is certified");
    let output = db.ok(&["invalidate", COURSE, "frodo", "--reason", "plagiarism in the essay"]);
    assert!(output.contains(&format!("Revoked their certificate {code}")), "{output}");
    let verdict = verify(&db, &code);
    assert_eq!(
        (verdict["verdict"].as_str(), verdict["status"]["reason"].as_str()),
        (Some("revoked"), Some("plagiarism in the essay"))
    );
    let report = db.json(&["generate", COURSE, "--json"]);
    assert_eq!(report["not_eligible"]["invalidated"], serde_json::json!(["frodo"]));
    assert_eq!(active_code(&db, "frodo"), None);

    db.ok(&["invalidate", COURSE, "frodo", "--remove"]);
    db.ok(&["generate", COURSE]);
    assert_ne!(active_code(&db, "frodo").as_deref(), Some(code.as_str()), "a new certificate, the old stays revoked");
    assert_eq!(verify(&db, &code)["verdict"], "revoked");
}

#[test]
fn deleting_keeps_the_history_and_the_codes_verify_as_revoked() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let before = certificates(&db, false);
    let sam = active_code(&db, "samwise").expect("samwise");
    assert!(db.ok(&["delete", COURSE, "samwise"]).contains(&sam));
    assert_eq!(certificates(&db, false).len(), before.len() - 1);
    let verdict = verify(&db, &sam);
    assert_eq!((verdict["verdict"].as_str(), verdict["status"]["reason"].as_str()), (Some("revoked"), Some("deleted")));
    assert!(db.fails(&["delete", COURSE, "samwise"], 1).contains("no active certificate"));

    // In a script, delete --all refuses without --yes and deletes nothing.
    let refusal = db.fails(&["delete", COURSE, "--all"], 1);
    assert!(
        refusal.contains(&format!("Delete the {} active certificates of {COURSE}?", before.len() - 1)),
        "{refusal}"
    );
    assert!(refusal.contains("--yes"));
    assert_eq!(certificates(&db, false).len(), before.len() - 1);

    let output = db.ok(&["delete", COURSE, "--all", "--yes"]);
    assert!(output.contains(&format!("Deleted {} certificates", before.len() - 1)), "{output}");
    assert!(certificates(&db, false).is_empty());
    let history = certificates(&db, true);
    assert_eq!(history.len(), before.len());
    assert!(history.iter().all(|row| row["status"] == "revoked" && row["reason"] == "deleted"));
    for row in &before {
        assert_eq!(verify(&db, row["code"].as_str().expect("code"))["verdict"], "revoked");
    }
    // Deleted learners can be certified again.
    assert!(db.ok(&["generate", COURSE]).contains(&format!("issued {} certificates", before.len())));
}

#[test]
fn revoke_by_code_records_the_reason_once() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = active_code(&db, "aragorn").expect("aragorn");
    db.ok(&["revoke", &code, "--reason", "issued to the wrong person"]);
    let verdict = verify(&db, &code);
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
    let code = active_code(&db, "aragorn").expect("aragorn");
    let pasted = format!("https://certificates.example.org/verify/{code}");
    let typed = code.to_lowercase().replace('-', "_");
    assert!(db.ok(&["credential", &pasted]).starts_with("ey"));
    let pdf = db.dir.path().join("aragorn.pdf");
    db.ok(&["show", &typed, "--pdf", pdf.to_str().expect("utf-8 path")]);
    assert!(std::fs::metadata(&pdf).is_ok_and(|file| file.len() > 1000));
    db.ok(&["revoke", &pasted, "--reason", "pasted from the mail"]);
    assert_eq!(verify(&db, &code)["status"]["reason"], "pasted from the mail");
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

#[test]
fn self_generation_needs_successful_examples_and_then_serves_requests() {
    let db = TestDb::with_sample();
    let refused = db.fails(&["request", COURSE, "frodo"], 1);
    assert!(refused.is_empty(), "a refusal is an answer, not an error: {refused}");
    let answer = db.json_status(&["request", COURSE, "frodo", "--json"], 1);
    assert_eq!(
        answer["refused"]["reason"].as_str().map(|r| r.contains("does not issue certificates on request")),
        Some(true)
    );

    let error = db.fails(&["settings", COURSE, "--self-generation", "on", "--yes"], 1);
    assert!(error.contains("no example certificates yet"), "{error}");
    assert!(db.ok(&["settings", COURSE]).contains("self-generation   off (cannot be turned on"));

    let examples = db.json(&["examples", COURSE, "--json"]);
    let kinds: Vec<&str> = examples.as_array().expect("examples").iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "honor mode",
            "verified mode",
            "longest name",
            "non-Latin name",
            "0%",
            "100%",
            "Arabic name",
            "Hebrew name",
            "Devanagari name",
            "Bengali name",
            "Tamil name",
            "Thai name",
            "Chinese name",
            "Japanese name",
            "Korean name",
            "Greek name",
            "Cyrillic name",
            "Vietnamese name"
        ]
    );
    assert!(examples.as_array().expect("examples").iter().all(|e| e["status"] == "success"));
    let longest = &examples[2]["full_name"];
    assert!(longest.as_str().is_some_and(|name| name.starts_with("Maximiliana")), "{longest}");
    assert!(certificates(&db, true).is_empty(), "examples are not certificates");
    assert_eq!(verify(&db, "EXAM-PLE2-CERT")["verdict"], "example");

    assert!(db.fails(&["settings", COURSE, "--self-generation", "on"], 1).contains("--yes"));
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let issued = db.json(&["request", COURSE, "frodo", "--json"]);
    let code = issued["issued"]["code"].as_str().expect("issued code").to_string();
    assert_eq!(db.json(&["request", COURSE, "frodo", "--json"])["existing"]["code"], code.as_str());
    let merry = db.json_status(&["request", COURSE, "merry", "--json"], 1);
    assert!(merry["refused"]["reason"].as_str().is_some_and(|r| r.contains("below the pass threshold")));
    let log = db.json(&["log", COURSE, "--json"]);
    let actions: Vec<&str> = log.as_array().expect("events").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["import", "examples", "settings", "request"]);
    assert!(log.as_array().expect("events").iter().all(|event| event["who"] == common::login().as_str()));
}

/// The README's promise: `verify --json` prints every field of the digested text, as it is
/// digested, so anyone can recompute the digest.
#[test]
fn anyone_can_recompute_a_digest_from_what_verify_prints() {
    use sha2::Digest as _;
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let rows = certificates(&db, false);
    let modes: HashSet<&str> = rows.iter().filter_map(|row| row["mode"].as_str()).collect();
    assert!(modes.contains("honor") && modes.contains("verified"), "{modes:?}");
    for row in &rows {
        let code = row["code"].as_str().expect("code");
        let printed = verify(&db, code);
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
    let code = active_code(&db, "eowyn").expect("eowyn");
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
    let code = active_code(&db, "zoe").expect("zoe");
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
fn an_example_that_cannot_be_drawn_blocks_self_generation() {
    let db = TestDb::new();
    let folder = db.dir.path().join("course");
    std::fs::create_dir_all(&folder).expect("dir");
    for file in ["course.toml", "grades.csv", "roster.csv"] {
        std::fs::copy(common::sample_folder().join(file), folder.join(file)).expect("copy");
    }
    // No font certdesk embeds draws Sinhala: the unprintable-name example must fail, and say
    // why, while the non-Latin example takes a name the embedded fonts draw.
    let roster = std::fs::read_to_string(folder.join("roster.csv")).expect("roster");
    std::fs::write(folder.join("roster.csv"), format!("{roster}aaa,කමල් පෙරේරා,kamal@example.org,honor,active\n"))
        .expect("write");
    db.ok(&["import", folder.to_str().expect("path")]);
    let output = db.run(&["examples", COURSE, "--json"]);
    assert_eq!(output.status.code(), Some(1), "a failed example fails the command");
    let examples: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let failed: Vec<&serde_json::Value> =
        examples.as_array().expect("examples").iter().filter(|e| e["status"] == "error").collect();
    let kinds: Vec<&serde_json::Value> = failed.iter().map(|e| &e["kind"]).collect();
    assert_eq!(kinds, ["unprintable name"], "{examples}");
    let non_latin = examples.as_array().expect("examples").iter().find(|e| e["kind"] == "non-Latin name");
    assert_eq!(non_latin.map(|e| &e["status"]), Some(&serde_json::json!("success")), "{examples}");
    for example in failed {
        assert_eq!(example["error"], "name cannot be printed: no font has 'ක' (U+0D9A)", "{example}");
    }
    let refused = db.fails(&["settings", COURSE, "--self-generation", "on", "--yes"], 1);
    assert!(refused.contains("the example certificate 'unprintable name' failed"), "{refused}");
    assert!(refused.contains("give certdesk a font that has it (--fonts DIR)"), "{refused}");
    // Nor is the learner's certificate previewed with boxes for a name.
    let png = folder.join("kamal.png");
    let refused = db.fails(&["preview", COURSE, "--learner", "aaa", "--png", png.to_str().expect("path")], 1);
    assert!(refused.contains("cannot be printed, so it is not previewed: "), "{refused}");
    // Said once, every character of the name in one sentence, and not as if it were shown.
    let problem = "no font can draw 'ක' (U+0D9A), 'ම' (U+0DB8), 'ල' (U+0DBD) and 6 more";
    assert_eq!(refused.matches(problem).count(), 1, "{refused}");
    assert_eq!(refused.matches("U+0D9A").count(), 1, "{refused}");
    assert!(!refused.contains("this shows how one would look"), "{refused}");
    assert!(!png.exists(), "nothing written");
}

#[test]
fn a_certificate_whose_learner_would_not_be_issued_one_now_is_flagged() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let flagged = |db: &TestDb| -> Vec<(String, String)> {
        certificates(db, false)
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
fn examples_made_before_the_template_or_the_roster_changed_do_not_vouch_for_self_generation() {
    let db = TestDb::with_sample();
    db.ok(&["examples", COURSE]);

    // A new revision of the honor template since the examples.
    let template = db.dir.path().join("honor.cdt");
    std::fs::write(&template, db.ok(&["template", "show", "honor"]) + "# revised\n").expect("write");
    db.ok(&["template", "save", "honor", template.to_str().expect("path")]);
    let refused = db.fails(&["settings", COURSE, "--self-generation", "on", "--yes"], 1);
    assert!(
        refused.contains("the examples were made with honor@1, and honor certificates print with honor@2 now"),
        "{refused}"
    );
    db.ok(&["examples", COURSE]);

    // A longer name joins the roster since the examples.
    let folder = db.dir.path().join("course");
    std::fs::create_dir(&folder).expect("mkdir");
    for file in ["course.toml", "roster.csv", "grades.csv"] {
        std::fs::copy(common::sample_folder().join(file), folder.join(file)).expect("copy");
    }
    let long =
        "Aldegunda Wilhelmina Rosamunde Bracegirdle-Brockhouse of Hardbottle and Michel Delving in the Westfarthing";
    let roster = std::fs::read_to_string(folder.join("roster.csv")).expect("roster");
    std::fs::write(folder.join("roster.csv"), format!("{roster}aldegunda,{long},a@example.org,honor,active\n"))
        .expect("write");
    db.ok(&["import", folder.to_str().expect("path")]);
    let refused = db.fails(&["settings", COURSE, "--self-generation", "on", "--yes"], 1);
    assert!(refused.contains(&format!("the longest name example would now be {long}")), "{refused}");
    assert!(db.ok(&["settings", COURSE]).contains("cannot be turned on"));
    db.ok(&["examples", COURSE]);
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    assert!(db.ok(&["settings", COURSE]).contains("self-generation   on\n"));
    // A template revision after it was turned on: it stays on, and the settings say so.
    std::fs::write(&template, db.ok(&["template", "show", "honor"]) + "# again\n").expect("write");
    let saved = db.ok(&["template", "save", "honor", template.to_str().expect("path")]);
    assert!(
        saved.contains(&format!("{COURSE} issues certificates on request: requests wait for its examples")),
        "{saved}"
    );
    let shown = db.ok(&["settings", COURSE]);
    assert!(shown.contains("honor template    honor@3\n"), "the revision it prints with: {shown}");
    assert!(
        shown
            .contains("self-generation   on (the examples no longer vouch for it: the examples were made with honor@2"),
        "{shown}"
    );
    // ...and requests for honor certificates wait for examples made with that revision.
    let paused = db.json_status(&["request", COURSE, "cagri", "--json"], 1);
    let why = paused["paused"]["why"].as_str().unwrap_or_default();
    assert!(why.contains("honor certificates print with honor@3 now"), "{paused}");
    assert_eq!(active_code(&db, "cagri"), None);
    assert!(db.json(&["request", COURSE, "frodo", "--json"])["issued"]["code"].is_string(), "verified is unchanged");
    db.ok(&["examples", COURSE]);
    assert!(db.json(&["request", COURSE, "cagri", "--json"])["issued"]["code"].is_string());
}

#[test]
fn a_learner_cannot_undo_a_revocation_by_asking_but_may_ask_again_after_a_deletion() {
    let db = TestDb::with_sample();
    db.ok(&["examples", COURSE]);
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    db.ok(&["generate", COURSE]);
    let revoked = active_code(&db, "aragorn").expect("aragorn");
    db.ok(&["revoke", &revoked, "--reason", "plagiarism"]);
    let answer = db.json_status(&["request", COURSE, "aragorn", "--json"], 1);
    let reason = answer["refused"]["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("the course staff revoked the certificate"), "{answer}");
    assert_eq!(active_code(&db, "aragorn"), None);

    db.ok(&["delete", COURSE, "frodo", "--yes"]);
    let answer = db.json(&["request", COURSE, "frodo", "--json"]);
    assert!(answer["issued"]["code"].is_string(), "{answer}");
}

/// Sets the `title = ` line of the synthetic course's file `nth` (0: the course's own, 1: its
/// signatory's) to `title`, and imports it again.
fn retitle(db: &TestDb, nth: usize, title: &str) {
    let folder = db.dir.path().join("synthetic-course");
    let file = folder.join("course.toml");
    let text = std::fs::read_to_string(&file).expect("course.toml");
    let mut seen = 0;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if !line.starts_with("title = ") {
                return line.to_string();
            }
            seen += 1;
            if seen == nth + 1 { format!("title = \"{title}\"") } else { line.to_string() }
        })
        .collect();
    std::fs::write(&file, lines.join("\n") + "\n").expect("write course.toml");
    db.ok(&["import", folder.to_str().expect("utf-8 path")]);
}

const LONG_TITLE: &str = "Advanced Interdisciplinary Perspectives on Computational Methods, Data Science, Ethics and Reasoning in Modern Cartography Across the Three Ages";

#[test]
fn a_certificate_whose_page_cannot_be_printed_is_not_issued_and_the_check_says_why_for_the_course() {
    let db = TestDb::with_synthetic(4, 2);
    db.ok(&["examples", "synthetic"]);
    db.ok(&["settings", "synthetic", "--self-generation", "on", "--yes"]);
    retitle(&db, 0, LONG_TITLE);
    let template = db.dir.path().join("honor.cdt");
    std::fs::write(&template, db.ok(&["template", "show", "honor"])).expect("write the template");
    let template = template.to_str().expect("utf-8 path");
    // Checked for the course, the template prints its title, which does not fit.
    let stderr = db.fails(&["template", "check", template, "--course", "synthetic"], 1);
    assert!(stderr.contains("1 error"), "{stderr}");
    let found =
        String::from_utf8(db.run(&["template", "check", template, "--course", "synthetic"]).stdout).expect("utf-8");
    assert!(found.contains(":97:5: text needs 2 lines at 12.0pt but has room for 1: \"Advanced"), "{found}");
    db.ok(&["template", "check", template]);
    // Saved as a template no course prints with, it is checked for the course it is assigned to.
    db.ok(&["template", "save", "plain", template]);
    let refused = db.fails(&["template", "assign", "synthetic", "honor", "plain"], 1);
    assert!(refused.contains("not assigned: plain@1 cannot print synthetic's certificates (1 in all"), "{refused}");
    assert!(refused.contains("the first at line 97:5: text needs 2 lines"), "{refused}");

    let dry_run = db.ok(&["generate", "synthetic", "--dry-run"]);
    assert!(dry_run.contains("would issue 0 certificates"), "{dry_run}");
    assert!(dry_run.contains("not eligible, page cannot be printed with the template: 4"), "{dry_run}");
    let report = db.json(&["generate", "synthetic", "--json"]);
    assert_eq!(report["issued"].as_array().map(Vec::len), Some(0), "{report}");
    assert_eq!(report["not_eligible"]["unprintable_page"].as_array().map(Vec::len), Some(4), "{report}");
    let problem = report["unprintable_pages"][0]["problem"].as_str().unwrap_or_default();
    assert!(problem.contains("line 97:5: text needs 2 lines") || problem.contains("line 101:5"), "{report}");
    assert!(certificates_of(&db, "synthetic").is_empty());
    let answer = db.json_status(&["request", "synthetic", "learner000001", "--json"], 1);
    let reason = answer["refused"]["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("cannot be printed with the course's template"), "{answer}");
    assert!(certificates_of(&db, "synthetic").is_empty());
}

fn certificates_of(db: &TestDb, course: &str) -> Vec<serde_json::Value> {
    db.json(&["certificates", course, "--json"]).as_array().expect("rows").clone()
}

#[test]
fn a_certificate_its_own_template_cannot_print_is_stale_and_regenerate_replaces_it() {
    let db = TestDb::with_synthetic(3, 2);
    db.ok(&["generate", "synthetic"]);
    // A signatory's title too long for its line: the certificates issued cannot be printed now.
    let title = "Professor Emeritus of Advanced Interdisciplinary Perspectives on Computational Methods and Data Science, Ethics and Reasoning in Modern Cartography Across the Three Ages of Middle-earth and Beyond";
    retitle(&db, 1, title);
    let out = db.dir.path().join("all.pdf");
    let out = out.to_str().expect("utf-8 path");
    let refused = db.fails(&["export", "synthetic", "--out", out], 1);
    assert!(refused.contains("3 certificates cannot be printed"), "{refused}");
    // Regenerating with the same template would not help: said, nothing replaced.
    let said = db.ok(&["regenerate", "synthetic", "learner000001"]);
    assert!(
        said.contains("stale (cannot be printed (") && said.contains("a new certificate cannot be printed either"),
        "{said}"
    );
    // Fixed templates: the certificates are replaced with ones printed with them.
    for mode in ["honor", "verified"] {
        let source = db.ok(&["template", "show", mode]);
        let fixed = source.replace(
            "min-size: 6\n        | {{ signer.title }}",
            "min-size: 5\n        max-lines: 3\n        | {{ signer.title }}",
        );
        assert_ne!(fixed, source, "{mode} has the signatory's title as expected");
        let file = db.dir.path().join(format!("{mode}.cdt"));
        std::fs::write(&file, fixed).expect("write the template");
        db.ok(&["template", "save", mode, file.to_str().expect("utf-8 path")]);
    }
    let replaced = db.ok(&["regenerate", "synthetic", "--stale"]);
    assert!(replaced.contains("replaced 3 stale certificates"), "{replaced}");
    assert!(
        replaced.contains("cannot be printed (honor@1") || replaced.contains("cannot be printed (verified@1"),
        "{replaced}"
    );
    assert!(db.ok(&["export", "synthetic", "--out", out]).contains("Exported 3 certificates"));
    assert!(db.ok(&["regenerate", "synthetic", "--stale"]).contains("replaced 0 stale"));
}
