//! A course's own farewell HTML, taken from a real SMTP server on loopback, read on a phone:
//! addresses written out as text, long words and links wrap rather than run off the screen.

use crate::common;

use std::process::Command;

use common::TestDb;
use common::mail::SmtpSink;
use common::web::CHROMIUM;

const COURSE: &str = "middle-earth-101";

const FAREWELL: &str = r#"Subject: Your certificate for {{ course.title }}

Dear {{ learner.full_name }},
Check it at {{ certificate.verify_url }}
--- html
<!DOCTYPE html>
<html><head><style>p.note { color: #7a1f1f; }</style></head>
<body>
<p style="color: #1f3a7a">Dear {{ learner.full_name }},</p>
<p>Anyone can check it at {{ certificate.verify_url }}</p>
<p class="note">Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft is a long word.</p>
<table><tr><td>{{ certificate.verify_url }}</td></tr></table>
<p><a href="{{ certificate.verify_url }}">{{ certificate.verify_url }}</a></p>
</body></html>
"#;

/// How wide `html`'s page is laid out in a browser `width` pixels wide: wider than the window
/// when something runs off it.
fn laid_out_width(html: &str, width: u32, dir: &std::path::Path) -> u32 {
    let measure = "<script>document.body.dataset.width = document.documentElement.scrollWidth</script></body>";
    let file = dir.join("message.html");
    std::fs::write(&file, html.replace("</body>", measure)).expect("write");
    let output = Command::new(CHROMIUM)
        .args(["--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--dump-dom"])
        .arg(format!("--window-size={width},700"))
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("run chromium-headless-shell");
    let dom = String::from_utf8_lossy(&output.stdout);
    let at = dom.find("data-width=\"").unwrap_or_else(|| panic!("no width measured: {dom}"));
    let digits: String = dom[at + 12..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().expect("a width")
}

#[test]
fn long_addresses_and_words_of_a_courses_own_html_wrap_on_a_phone() {
    let db = TestDb::with_sample();
    let sink = SmtpSink::start();
    let verify = "https://certificates.registrar.example-university.edu/verify/";
    db.ok(&["settings", COURSE, "--verify-url", verify, "--yes"]);
    db.ok(&["examples", COURSE]);
    db.ok(&["generate", COURSE]);
    let file = db.dir.path().join("farewell.txt");
    std::fs::write(&file, FAREWELL).expect("write");
    db.ok(&["farewell", COURSE, "--set", file.to_str().unwrap()]);
    db.ok(&["mail", COURSE, "--only", "frodo", "--smtp", &sink.url(), "--from", "team@example.org"]);
    let messages = sink.messages();
    // Mail's lines end in CRLF.
    let html = &messages[0]["html"].as_str().expect("an HTML version").replace("\r\n", "\n");
    // The course's own styles are kept, inside the document's own body.
    assert!(html.contains("<style>p.note { color: #7a1f1f; }</style></head>\n<body><div style="), "{html}");
    assert!(html.contains("<p style=\"color: #1f3a7a\">Dear Frodo Baggins,</p>"), "{html}");
    assert!(html.trim_end().ends_with("</div></body></html>"), "{html}");
    let width = laid_out_width(html, 360, db.dir.path());
    assert!(width <= 360, "the message is laid out {width} px wide on a 360 px phone: {html}");
}
