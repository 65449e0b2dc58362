//! What a learner reads on their own page: their grade as a sentence would say it, and a tab
//! title in the right order whatever the script of the course's title.

use axum::http::{Method, StatusCode};
use jiff::Timestamp;

use super::download_tests::{FRODO, add_link, ask, certified, served};
use super::learner::LearnerPage;
use super::pages::Pages;

const BILBO: &str = "2123456789abcdef0123456789abcdef01234567";
const SAMWISE: &str = "3123456789abcdef0123456789abcdef01234567";

fn text(body: Vec<u8>) -> String {
    String::from_utf8(body).unwrap()
}

#[test]
fn a_grade_not_final_yet_reads_as_one_phrase() {
    let (_dir, web) = certified();
    // Bilbo has not handed in the essay: 85.0%, a B, while the course runs.
    add_link(&web.store, BILBO, "bilbo", Timestamp::now());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let (status, _, _, page) = ask(&web, Method::GET, &format!("/learner/{BILBO}")).await;
        let page = text(page);
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("<dt>Grade</dt><dd>85.0% (B), not final yet</dd>"), "{page}");
        // The grade line has said it; the reason below says what follows, not the same again.
        assert_eq!(page.matches("not final").count(), 1, "{page}");
        assert!(page.contains("Certificates are issued once grades are final. Come back then."), "{page}");
        let (_, _, _, page) = ask(&web, Method::GET, &format!("/learner/{FRODO}")).await;
        let page = text(page);
        assert!(page.contains("<dt>Grade</dt><dd>92.0% (A)</dd>"), "a final grade says no more: {page}");
    });
}

#[test]
fn a_name_no_font_has_is_told_what_to_do_while_the_others_may_ask() {
    let (_dir, web) = served(|store, context| {
        crate::ops::self_service_tests::import_with_an_unprintable_name(store, context.now);
        let printer = crate::ops::Printer::new(store, None).unwrap();
        let course = "middle-earth-101";
        crate::ops::generate_examples(store, &printer, course, context).unwrap();
        let on = crate::ops::SettingsChange { self_generation: Some(true), ..Default::default() };
        crate::ops::change_settings(store, course, &on, context).unwrap();
        add_link(store, SAMWISE, "samwise", context.now);
        add_link(store, FRODO, "frodo", context.now);
    });
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let (status, _, _, page) = ask(&web, Method::GET, &format!("/learner/{SAMWISE}")).await;
        let page = text(page);
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("<h2 id=\"state\">No certificate yet</h2>"), "{page}");
        assert!(page.contains("Your name as the course has it cannot be printed yet: certdesk has no font"), "{page}");
        assert!(
            page.contains("the character U+E000 (private use), so no certificate can be issued to you for now."),
            "{page}"
        );
        assert!(page.contains("Ask the course staff: they can add a font that has it, or correct your name"), "{page}");
        assert!(!page.contains("Issue my certificate"), "{page}");
        // One learner's name keeps nobody else from asking.
        let (_, _, _, page) = ask(&web, Method::GET, &format!("/learner/{FRODO}")).await;
        assert!(text(page).contains("Issue my certificate"));
    });
}

fn sample_page(course_title: &str) -> LearnerPage {
    LearnerPage {
        full_name: "Frodo Baggins".into(),
        course_title: course_title.into(),
        institution: None,
        grade: "91.5%".into(),
        letter: Some("A".into()),
        provisional: false,
        certificate: None,
        outdated: None,
        credential_note: None,
        credential_refused: false,
        earlier: None,
        may_request: false,
        why_not: Some("The course staff will issue it.".into()),
        settled: false,
        expires_on: "2027-03-03".into(),
    }
}

/// The page's `<title>`, as the browser's tab shows it.
fn title_of(html: &str) -> &str {
    let start = html.find("<title>").map_or(0, |at| at + "<title>".len());
    let end = html[start..].find("</title>").map_or(html.len(), |at| start + at);
    &html[start..end]
}

#[test]
fn the_tab_title_says_its_own_words_first_and_isolates_the_course_title() {
    let pages = Pages::new().unwrap();
    for course_title in ["مقدمة في دراسات الأرض الوسطى", "Introduction to Middle-earth Studies"]
    {
        let response = pages.learner(StatusCode::OK, &sample_page(course_title), FRODO, None);
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let body = runtime.block_on(axum::body::to_bytes(response.into_body(), usize::MAX)).unwrap();
        let html = text(body.to_vec());
        // First strong letter Latin: the tab reads left to right, the title (FSI … PDI) in its
        // own direction inside it, and nothing after it is drawn into its run.
        assert_eq!(title_of(&html), format!("Your certificate: \u{2068}{course_title}\u{2069}"), "{html}");
    }
}

/// Frodo's certificate was replaced, then deleted: his page showed the one in force, or none,
/// and never that the copy he had been mailed no longer verifies as in force. It says so, with
/// the earlier code.
#[test]
fn a_replaced_or_deleted_certificate_is_named_on_the_page() {
    use crate::ops::{self, Context, DeleteTarget, Printer, Quiet, Target};
    let (dir, web) = certified();
    let course = "middle-earth-101";
    let first = web.store.ledger(course, "frodo").unwrap().unwrap().active().unwrap().certificate.code;
    let context = Context::new("tester", Timestamp::now());
    let printer = Printer::new(&web.store, None).unwrap();
    let full_marks = "10".parse().ok();
    ops::set_score(&web.store, course, "frodo", "essay", full_marks, &context).unwrap();
    ops::regenerate(&web.store, course, &Target::Learner("frodo".into()), &context, &printer, false, &mut Quiet)
        .unwrap();
    let second = web.store.ledger(course, "frodo").unwrap().unwrap().active().unwrap().certificate.code;
    assert_ne!(first, second);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let page = || text(runtime.block_on(ask(&web, Method::GET, &format!("/learner/{FRODO}"))).3);
    let day = Timestamp::now().strftime("%Y-%m-%d").to_string();
    let replaced = page();
    assert!(replaced.contains(&format!("Code <strong>{second}</strong>")), "{replaced}");
    let said = format!(
        "It replaces your certificate {first} of {day}: a copy of that one, downloaded or sent to you, now verifies as replaced by this one, so share this one."
    );
    assert!(replaced.contains(&said), "{replaced}");

    ops::delete_certificates(&web.store, course, &DeleteTarget::Learner("frodo".into()), &context, &mut Quiet).unwrap();
    let deleted = page();
    assert!(!deleted.contains("It replaces"), "{deleted}");
    let said = format!(
        "Your certificate {second} of {day} was taken off the course&#x27;s list by the staff: a copy of it, downloaded or sent to you, now verifies as withdrawn."
    );
    assert!(deleted.contains(&said), "{deleted}");
    drop(dir);
}
