//! Self-service through the real binary: learners asking for their own certificate, and the
//! example certificates that must vouch for the templates first.

use crate::common;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

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
    assert!(db.certificates(COURSE, true).is_empty(), "examples are not certificates");
    assert_eq!(db.verify_json("EXAM-PLE2-CERT")["verdict"], "example");

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

/// Written to a pipe or a file, the examples' table gives each name whole, as every table does.
#[test]
fn the_examples_table_gives_the_longest_name_whole_to_a_pipe() {
    let db = TestDb::with_sample();
    let table = db.ok(&["examples", COURSE]);
    let longest = db.json(&["examples", COURSE, "--json"])[2]["full_name"].as_str().unwrap_or_default().to_string();
    assert!(longest.chars().count() > 40, "a name longer than a cut cell: {longest}");
    assert!(table.contains(&longest) && !table.contains('…'), "{table}");
}

#[test]
fn a_name_that_cannot_be_drawn_fails_its_example_but_bars_only_its_learner() {
    let db = TestDb::new();
    let folder = db.sample_copy("course");
    // No font certdesk embeds draws Sinhala: the unprintable-name example must fail, and say
    // why, while the non-Latin example takes a name the embedded fonts draw.
    let roster = std::fs::read_to_string(folder.join("roster.csv")).expect("roster");
    std::fs::write(folder.join("roster.csv"), format!("{roster}aaa,කමල් පෙරේරා,kamal@example.org,honor,active\n"))
        .expect("write");
    // Full marks: eligible but for the name.
    let grades = std::fs::read_to_string(folder.join("grades.csv")).expect("grades");
    std::fs::write(folder.join("grades.csv"), format!("{grades}aaa,10,10,10,10,10,10,10,10,10,10\n")).expect("write");
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
    // The table says which failed; why goes whole under it, where the status column cut the
    // reason before the letter that was missing ('error: name cannot be printed: no font …').
    let output = db.run(&["examples", COURSE]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    let row = text.lines().find(|line| line.starts_with("unprintable name")).unwrap_or_default();
    assert!(row.contains("  error  ") && !row.contains('…'), "{text}");
    let why = "1 example failed:\n  unprintable name (කමල් පෙරේරා): name cannot be printed: no font has 'ක' (U+0D9A)\n";
    assert!(text.contains(why), "{text}");
    // Under it, whose names they are and what to do; self-generation need not wait for them.
    let whose = "1 learner's name cannot be printed (aaa, U+0D9A); add a font that has it with --fonts DIR, or correct the name.\n\
                 Self-generation can be on all the same: it refuses a certificate to those learners alone.\n";
    assert!(text.contains(whose), "{text}");
    let shown = db.ok(&["settings", COURSE]);
    assert!(shown.contains("self-generation   off; 1 learner's name cannot be printed (aaa, U+0D9A); add"), "{shown}");
    let on = db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let told = format!(
        "{COURSE}: self-generation on\n{COURSE}: self-generation is on, but 1 learner's name cannot be printed \
         (aaa, U+0D9A); add a font that has it with --fonts DIR, or correct the name\n"
    );
    assert_eq!(on, told);
    let shown = db.ok(&["settings", COURSE]);
    assert!(
        shown.contains("self-generation   on, but 1 learner's name cannot be printed (aaa, U+0D9A); add"),
        "{shown}"
    );
    let json = db.json(&["settings", COURSE, "--json"]);
    assert_eq!(
        json["unprintable_names"],
        serde_json::json!({"count": 1, "first_username": "aaa", "first_character": "U+0D9A"}),
        "{json}"
    );
    // The learner is refused and told why; everyone else is served.
    let refused = db.json_status(&["request", COURSE, "aaa", "--json"], 1);
    let reason = refused["refused"]["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("no font has 'ක' (U+0D9A); add a font that has it with --fonts DIR"), "{refused}");
    assert!(db.json(&["request", COURSE, "frodo", "--json"])["issued"]["code"].is_string());
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
fn a_name_the_built_in_fonts_cannot_draw_is_not_the_example_of_its_script_nor_the_longest() {
    let db = TestDb::new();
    let folder = db.sample_copy("course");
    // 𠀀 is in CJK Extension B, which no embedded face has: a Chinese name all the same, and
    // longer than 王小明. The Sinhala name is longer than every name of the sample roster.
    let rare = "𠀀𪚥明明";
    let sinhala = ["කමල් පෙරේරා"; 9].join(" ");
    let roster = std::fs::read_to_string(folder.join("roster.csv")).expect("roster");
    std::fs::write(
        folder.join("roster.csv"),
        format!(
            "{roster}ming,王小明,ming@example.org,honor,active\nrare,{rare},rare@example.org,honor,active\nkamal,{sinhala},kamal@example.org,honor,active\n"
        ),
    )
    .expect("write");
    db.ok(&["import", folder.to_str().expect("path")]);
    let output = db.run(&["examples", COURSE, "--json"]);
    assert_eq!(output.status.code(), Some(1), "the unprintable names fail");
    let examples: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let examples = examples.as_array().expect("examples");
    let of_kind = |kind: &str| examples.iter().filter(|e| e["kind"] == kind).collect::<Vec<_>>();
    let failed: Vec<(&str, &str)> = examples
        .iter()
        .filter(|e| e["status"] == "error")
        .map(|e| (e["kind"].as_str().unwrap_or(""), e["full_name"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(failed, [("unprintable name", sinhala.as_str()), ("unprintable name", rare)], "{examples:?}");
    let chinese = of_kind("Chinese name");
    assert_eq!(chinese.len(), 1, "{examples:?}");
    assert_eq!((&chinese[0]["full_name"], &chinese[0]["status"]), (&"王小明".into(), &"success".into()));
    let longest = &of_kind("longest name")[0]["full_name"];
    assert!(longest.as_str().is_some_and(|name| name.starts_with("Maximiliana")), "{longest}");
    // So self-service waits for no template fix that would change nothing, and staff are told
    // whose names wait for a font.
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let shown = db.ok(&["settings", COURSE]);
    assert!(shown.contains("on, but 2 learners' names cannot be printed (first: kamal, U+0D9A); add"), "{shown}");
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
    let folder = db.sample_copy("course");
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
    assert_eq!(db.active_code(COURSE, "cagri"), None);
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
    let revoked = db.active_code(COURSE, "aragorn").expect("aragorn");
    db.ok(&["revoke", &revoked, "--reason", "plagiarism"]);
    let answer = db.json_status(&["request", COURSE, "aragorn", "--json"], 1);
    let reason = answer["refused"]["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("the course staff revoked the certificate"), "{answer}");
    assert_eq!(db.active_code(COURSE, "aragorn"), None);

    db.ok(&["delete", COURSE, "frodo", "--yes"]);
    let answer = db.json(&["request", COURSE, "frodo", "--json"]);
    assert!(answer["issued"]["code"].is_string(), "{answer}");
}

#[test]
fn a_revocation_may_not_give_the_reason_a_deletion_records() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "aragorn").expect("aragorn");
    for reason in ["deleted", " Deleted "] {
        let refused = db.fails(&["revoke", &code, "--reason", reason, "--yes"], 1);
        assert!(refused.contains("kept for certificates taken off the list with `certdesk delete`"), "{refused}");
    }
    let refused = db.fails(&["invalidate", COURSE, "aragorn", "--reason", "deleted", "--yes"], 1);
    assert!(refused.contains("give the reason for invalidating in other words"), "{refused}");
    assert_eq!(db.active_code(COURSE, "aragorn").as_deref(), Some(code.as_str()), "nothing was revoked");
    db.ok(&["revoke", &code, "--reason", "deleted from the LMS by mistake", "--yes"]);
    assert_eq!(db.active_code(COURSE, "aragorn"), None);
}
