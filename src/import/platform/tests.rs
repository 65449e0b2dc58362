//! Telling the formats apart from their headers.

use super::*;

fn fixture(path: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[track_caller]
fn detects(path: &str, format: Format, delimiter: u8) {
    let found = detect(path, &fixture(path), None).map(|(format, dialect)| (format, dialect.delimiter));
    assert_eq!(found, Ok((format, delimiter)), "{path}");
}

#[test]
fn every_fixture_is_recognised_with_its_delimiter() {
    detects("openedx/grade_report.csv", Format::OpenEdx, b',');
    detects("openedx/older_grade_report.csv", Format::OpenEdx, b',');
    detects("openedx/problem_grade_report.csv", Format::OpenEdx, b',');
    detects("moodle/grades.csv", Format::Moodle, b',');
    detects("moodle/grades_colon.txt", Format::Moodle, b':');
    detects("canvas/gradebook.csv", Format::Canvas, b',');
    detects("canvas/gradebook_semicolon.csv", Format::Canvas, b';');
    detects("chamilo/flatview.csv", Format::Chamilo, b';');
}

#[test]
fn a_tab_separated_moodle_export_and_a_forced_format() {
    let tabs = fixture("moodle/grades.csv").replace(',', "\t");
    assert_eq!(detect("t.txt", &tabs, None).map(|(format, d)| (format, d.delimiter)), Ok((Format::Moodle, b'\t')));
    let forced = detect("g.csv", &fixture("canvas/gradebook.csv"), Some(Format::Moodle)).expect_err("not Moodle");
    assert!(forced.to_string().contains("the header is not a Moodle grade export's"), "{forced}");
    let empty = detect("e.csv", "", None).expect_err("empty");
    assert_eq!(empty.to_string(), "e.csv:1:1: the file is empty: an export starts with a header row");
}

#[test]
fn a_file_of_a_course_folder_is_sent_to_its_folder() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/middle-earth");
    for name in ["roster.csv", "grades.csv", "course.toml"] {
        let text = std::fs::read_to_string(folder.join(name)).expect("sample file");
        let refused = detect(name, &text, None).expect_err("a folder's file is no export");
        assert_eq!(
            refused.to_string(),
            format!(
                "{name}:1:1: this is a course folder's {name}, not a platform's export: import the folder that holds \
                 it (with its course.toml, roster.csv and grades.csv)"
            )
        );
    }
}

#[test]
fn an_unknown_header_is_quoted_so_that_its_own_quotes_read() {
    let said = |text: &str| detect("g.csv", text, None).expect_err("an unknown layout").to_string();
    assert!(said("Name,Score,Comment\n").contains("(it starts \"Name,Score,Comment\");"));
    let quoted = said("\"Last Name\",\"First Name\",\"Total\"\n");
    assert!(quoted.contains(r#"(it starts '"Last Name","First Name","Total"');"#), "{quoted}");
    let long = said(&format!("{}\n", ["Column"; 20].join(",")));
    assert!(long.contains(&format!("(it starts \"{}…\");", &["Column"; 20].join(",")[..60])), "{long}");
}
