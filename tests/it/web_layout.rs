//! The learners' web pages as a browser lays them out at every width from a small phone's to a
//! desktop's: what a reader must read whole stays whole, and nothing runs off the screen.

use crate::common;

use std::process::Command;

use common::TestDb;
use common::web::{CHROMIUM, COURSE, Web, certificate_of, certified};

/// Counts, at every width from 300 to 800 px, the dates (2026-12-05) a line break cuts in two.
const MEASURE: &str = r"<script>
let cut = [];
for (let width = 300; width <= 800; width += 4) {
  document.documentElement.style.width = width + 'px';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode;
    for (const date of text.data.matchAll(/\d{4}-\d{2}-\d{2}/g)) {
      const range = document.createRange();
      range.setStart(text, date.index);
      range.setEnd(text, date.index + 10);
      const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
      if (lines.size > 1) cut.push(width + ': ' + date[0]);
    }
  }
}
document.body.dataset.cut = cut.join('; ') || 'none';
</script></body>";

/// The widths from 300 to 800 px at which something on the page is wider than the page, so
/// that a phone shows it cut off, or scrolls sideways.
const OVERFLOW: &str = r"<script>
let over = [];
for (let width = 300; width <= 800; width += 20) {
  document.documentElement.style.width = width + 'px';
  if (document.body.scrollWidth > document.body.clientWidth) over.push(width);
}
document.body.dataset.cut = over.join('; ') || 'none';
</script></body>";

/// The dates `path`'s page cuts at the end of a line, at any width (`none` when there is none).
fn dates_cut(web: &Web, path: &str, dir: &std::path::Path) -> String {
    measured(web, path, dir, MEASURE)
}

/// What `script` finds on `path`'s page, laid out by Chromium.
fn measured(web: &Web, path: &str, dir: &std::path::Path, script: &str) -> String {
    let (_, _, page) = web.get(path);
    let (_, _, css) = web.get("/certdesk.css");
    // The page as saved, with its stylesheet in it, and a script the server's pages never have.
    let link = page.find("<link rel=\"stylesheet\"").expect("the stylesheet's link");
    let end = link + page[link..].find('>').expect("the link's end") + 1;
    let saved = format!("{}<style>{css}</style>{}", &page[..link], &page[end..]).replace("</body>", script);
    let file = dir.join("page.html");
    std::fs::write(&file, saved).expect("write");
    let output = Command::new(CHROMIUM)
        .args(["--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--dump-dom", "--window-size=1280,800"])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("run chromium-headless-shell");
    let dom = String::from_utf8_lossy(&output.stdout);
    let at = dom.find("data-cut=\"").unwrap_or_else(|| panic!("nothing measured: {dom}"));
    dom[at + 10..].split('"').next().unwrap_or("").to_string()
}

/// A date at the end of a line was cut after its year ('… on 2026-' above '12-05, is in
/// force'); a date is read whole.
#[test]
fn no_date_of_the_learners_pages_is_cut_at_the_end_of_a_line() {
    let db = certified();
    let web = Web::start(&db, &["--http-rate", "0"]);
    let first = certificate_of(&db, "anna")["code"].as_str().unwrap().to_string();
    db.ok(&["grade", COURSE, "anna", "essay", "10"]);
    db.ok(&["regenerate", COURSE, "anna"]);
    db.ok(&["delete", COURSE, "anna", "--yes"]);
    db.ok(&["generate", COURSE]);
    // Replaced on a date, its replacement revoked on one, a later one issued on one.
    let (_, _, page) = web.get(&format!("/verify/{first}"));
    assert!(page.contains("A later certificate"), "{page}");
    assert_eq!(dates_cut(&web, &format!("/verify/{first}"), db.dir.path()), "none");
    // The learner's own page says until when its link works.
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let issued = db.ok(&["links", COURSE, "--issue", "anna"]);
    let at = issued.find("/learner/").unwrap_or_else(|| panic!("a link: {issued}"));
    let path: String = issued[at..].chars().take_while(|c| !c.is_whitespace()).collect();
    let (_, _, page) = web.get(&path);
    assert!(page.contains("It works until"), "{page}");
    assert_eq!(dates_cut(&web, &path, db.dir.path()), "none");
}

/// A course title of one long word (German makes them) ran off a phone's screen on the
/// learner's own page, which scrolled sideways; it breaks where it must, as names do.
#[test]
fn a_course_title_of_one_long_word_stays_on_the_screen() {
    let db = TestDb::new();
    let folder = db.sample_copy("course");
    let course = std::fs::read_to_string(folder.join("course.toml")).unwrap();
    let title = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaftskurs";
    let edited = course.replacen("Introduction to Middle-earth Studies", title, 1);
    assert_ne!(edited, course, "the sample course's title");
    std::fs::write(folder.join("course.toml"), edited).unwrap();
    db.ok(&["import", folder.to_str().unwrap()]);
    db.ok(&["examples", COURSE]);
    db.ok(&["generate", COURSE]);
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let web = Web::start(&db, &["--http-rate", "0"]);
    let issued = db.ok(&["links", COURSE, "--issue", "anna"]);
    let at = issued.find("/learner/").unwrap_or_else(|| panic!("a link: {issued}"));
    let path: String = issued[at..].chars().take_while(|c| !c.is_whitespace()).collect();
    let (_, _, page) = web.get(&path);
    assert!(page.contains(title), "{page}");
    assert_eq!(measured(&web, &path, db.dir.path(), OVERFLOW), "none", "the learner's page");
    let code = certificate_of(&db, "anna")["code"].as_str().unwrap().to_string();
    assert_eq!(measured(&web, &format!("/verify/{code}"), db.dir.path(), OVERFLOW), "none", "the verification page");
}

/// For each text of the verification page's list of what was certified, the side of its box
/// it stands against in the browser (`left`, `right`, or `middle`), one `text=side` a line.
const SIDES: &str = r"<script>
let sides = [];
for (const dd of document.querySelectorAll('dl.certified dd')) {
  const box = dd.getBoundingClientRect();
  const walker = document.createTreeWalker(dd, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode;
    if (!text.data.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(text);
    const rect = range.getBoundingClientRect();
    const side = Math.abs(rect.right - box.right) < 2 ? 'right' : Math.abs(rect.left - box.left) < 2 ? 'left' : 'middle';
    sides.push(text.data.trim() + '=' + side);
  }
}
document.body.dataset.cut = sides.join('|');
</script></body>";

/// An Arabic course title and a Hebrew institution stood at the left of the page, where an
/// Arabic or Hebrew reader starts at the right, though the learner's name above them did; each
/// line now takes the side of its own script, and a line that starts in Latin stays at the left.
#[test]
fn right_to_left_titles_and_institutions_stand_at_the_right_like_names() {
    let db = TestDb::new();
    let folder = db.sample_copy("course");
    let (title, institution, name, mixed) =
        ("مقدمة في دراسات الأرض الوسطى", "האוניברסיטה של ריוונדל", "أحمد بن محمد الفارسي", "Sara سارة Cohen כהן");
    let course = std::fs::read_to_string(folder.join("course.toml")).unwrap();
    let edited = course.replacen("Introduction to Middle-earth Studies", title, 1).replacen(
        "University of Rivendell",
        institution,
        1,
    );
    std::fs::write(folder.join("course.toml"), edited).unwrap();
    let roster = std::fs::read_to_string(folder.join("roster.csv")).unwrap();
    let edited = roster.replacen("Анна Каренина", name, 1).replacen("Frodo Baggins", mixed, 1);
    assert!(edited.contains(name) && edited.contains(mixed), "the sample roster's names");
    std::fs::write(folder.join("roster.csv"), edited).unwrap();
    db.ok(&["import", folder.to_str().unwrap()]);
    db.ok(&["generate", COURSE]);
    let web = Web::start(&db, &["--http-rate", "0"]);
    let sides = |username: &str| {
        let code = certificate_of(&db, username)["code"].as_str().unwrap().to_string();
        measured(&web, &format!("/verify/{code}"), db.dir.path(), SIDES)
    };
    let anna = sides("anna");
    for right in [name, title, institution] {
        assert!(anna.split('|').any(|side| side == format!("{right}=right")), "{right} at the right: {anna}");
    }
    assert!(anna.split('|').any(|side| side.ends_with("% (A)=left")), "a grade stays at the left: {anna}");
    let frodo = sides("frodo");
    assert!(frodo.split('|').any(|side| side == format!("{mixed}=left")), "{frodo}");
}
