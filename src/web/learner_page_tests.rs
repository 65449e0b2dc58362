//! What a learner reads on their own page: their grade as a sentence would say it.

use axum::http::{Method, StatusCode};
use jiff::Timestamp;

use super::download_tests::{FRODO, add_link, ask, certified};

const BILBO: &str = "2123456789abcdef0123456789abcdef01234567";

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
        let (_, _, _, page) = ask(&web, Method::GET, &format!("/learner/{FRODO}")).await;
        let page = text(page);
        assert!(page.contains("<dt>Grade</dt><dd>92.0% (A)</dd>"), "a final grade says no more: {page}");
    });
}
