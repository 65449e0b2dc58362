//! Files saved in another encoding than UTF-8, through the real binary: UTF-16, as Excel's
//! "Unicode Text" saves it (tabs between cells, decimal commas where the locale has them), is
//! read; Windows-1252, as Excel's plain "CSV" saves it, is refused at the byte, naming what it
//! would be, and nothing is written.

use crate::common;

use common::TestDb;
use common::platforms::{assert_nothing_imported, fixture, learner};

/// The Moodle fixture, CRLF, as UTF-16 (little-endian with its byte-order mark, or big-endian
/// without one), written to the test's directory.
fn moodle_as_utf16(db: &TestDb, big_endian: bool) -> String {
    let text = std::fs::read_to_string(fixture("moodle/grades.csv")).expect("fixture").replace('\n', "\r\n");
    let units = text.encode_utf16();
    let bytes: Vec<u8> = if big_endian {
        units.flat_map(u16::to_be_bytes).collect()
    } else {
        units.flat_map(u16::to_le_bytes).collect()
    };
    let bytes = if big_endian { bytes } else { [&[0xFF, 0xFE][..], &bytes].concat() };
    let path = db.dir.path().join(if big_endian { "grades-be.csv" } else { "grades-le.csv" });
    std::fs::write(&path, bytes).expect("write");
    path.to_str().expect("utf-8 path").to_string()
}

#[test]
fn an_export_saved_as_utf16_imports_as_the_utf8_one_does() {
    let utf8 = TestDb::new();
    utf8.ok(&["import", &fixture("moodle/grades.csv"), "--course", &fixture("moodle/course.toml")]);
    let expected = utf8.json(&["gradebook", "analytical-engines", "--json"]);
    for big_endian in [false, true] {
        let db = TestDb::new();
        let file = moodle_as_utf16(&db, big_endian);
        db.ok(&["import", &file, "--course", &fixture("moodle/course.toml")]);
        let gradebook = db.json(&["gradebook", "analytical-engines", "--json"]);
        assert_eq!(learner(&gradebook, "zoe@example.org")["full_name"], "Zoë Ångström", "big-endian: {big_endian}");
        assert_eq!(gradebook["learners"], expected["learners"], "big-endian: {big_endian}");
    }
}

#[test]
fn an_export_saved_as_windows_1252_is_refused_at_its_first_such_byte() {
    let db = TestDb::new();
    let text = std::fs::read_to_string(fixture("moodle/grades.csv")).expect("fixture");
    let latin: Vec<u8> = text.chars().map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 fixture")).collect();
    let file = db.dir.path().join("grades-1252.csv");
    std::fs::write(&file, latin).expect("write");
    let stderr = db.fails(&["import", file.to_str().expect("path"), "--course", &fixture("moodle/course.toml")], 1);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[1].ends_with(
            "grades-1252.csv:5:3: byte 0xEB is not UTF-8 (it would be 'ë' in Windows-1252): the file was saved in \
             another encoding; save it as UTF-8 (in Excel: CSV UTF-8 (Comma delimited)) and import it again"
        ),
        "{stderr}"
    );
    assert_nothing_imported(&db, "a Windows-1252 export");
}

#[test]
fn a_course_folder_roster_in_windows_1252_is_located_line_by_line() {
    let db = TestDb::new();
    let folder = db.sample_copy("latin");
    let roster = std::fs::read_to_string(folder.join("roster.csv")).expect("roster");
    // The sample's Latin names, as Excel would save them; its Cyrillic and Greek names would
    // not survive Windows-1252 at all, so those rows are left out.
    let latin: Vec<u8> = roster
        .lines()
        .filter(|line| line.chars().all(|c| u32::from(c) < 0x100))
        .flat_map(|line| line.chars().map(|c| u32::from(c) as u8).chain([b'\n']))
        .collect();
    std::fs::write(folder.join("roster.csv"), latin).expect("write");
    let stderr = db.fails(&["import", folder.to_str().expect("path")], 1);
    let problems: Vec<&str> = stderr.lines().skip(1).map(str::trim).collect();
    assert_eq!(
        problems[..2],
        [
            "roster.csv:5:7: byte 0xEB is not UTF-8 (it would be 'ë' in Windows-1252): the file was saved in another \
             encoding; save it as UTF-8 (in Excel: CSV UTF-8 (Comma delimited)) and import it again",
            "roster.csv:6:9: byte 0xE9 is not UTF-8 (it would be 'é' in Windows-1252)",
        ],
        "{stderr}"
    );
    assert_nothing_imported(&db, "a Windows-1252 roster");
}

/// A file a spreadsheet already read in the wrong encoding is UTF-8 again, so it passed: `Jos�`
/// and `JosÃ© MartÃ­nez` were imported and printed on signed certificates. Each is refused at
/// its line, saying what happened and, for the second, what the name was; the first file's
/// grades, whose usernames were read as they are, bring no knock-on problem.
#[test]
fn names_a_wrong_encoding_damaged_on_the_way_are_refused_at_their_line() {
    let db = TestDb::new();
    let folder = db.sample_copy("damaged");
    let roster = std::fs::read_to_string(folder.join("roster.csv")).expect("roster");
    let roster = roster.replace("Zoë Ångström", "Zo\u{fffd} \u{fffd}ngstr\u{fffd}m").replace("Éowyn", "Ã‰owyn");
    std::fs::write(folder.join("roster.csv"), roster).expect("write");
    let stderr = db.fails(&["import", folder.to_str().expect("path")], 1);
    let problems: Vec<&str> = stderr.lines().skip(1).map(str::trim).collect();
    assert_eq!(problems.len(), 2, "{stderr}");
    assert!(
        problems.iter().any(|line| line.ends_with(
            "column 'full_name': the name looks like UTF-8 read as Windows-1252 ('Ã‰' would be 'É'): a spreadsheet \
             opened the file in the wrong encoding and saved it so; export it again as CSV UTF-8, or correct the name"
        )),
        "{stderr}"
    );
    assert!(problems.iter().any(|line| line.contains("column 'full_name': the name contains U+FFFD (�)")), "{stderr}");
    assert_nothing_imported(&db, "damaged names");
}

/// The lines of a Windows-1252 file are read on to find its other problems, with U+FFFD for the
/// bytes that are not UTF-8: that made a second problem of each name (`the name contains U+FFFD`)
/// and of each username in grades.csv (`'jos�' is not on the roster`).
#[test]
fn a_line_that_is_not_utf8_is_one_problem_not_two() {
    let db = TestDb::new();
    let folder = db.sample_copy("latin1");
    let grades = std::fs::read_to_string(folder.join("grades.csv")).expect("grades");
    let first = grades.lines().nth(1).expect("a learner").split(',').next().expect("a username").to_string();
    let mut bytes = grades.replacen(&format!("\n{first},"), &format!("\n{first}\u{e9},"), 1).into_bytes();
    // `é` as Windows-1252 writes it: one byte, which is not UTF-8.
    let at = bytes.windows(2).position(|pair| pair == "é".as_bytes()).expect("the é");
    bytes.splice(at..at + 2, [0xE9]);
    std::fs::write(folder.join("grades.csv"), bytes).expect("write");
    let stderr = db.fails(&["import", folder.to_str().expect("path")], 1);
    let problems: Vec<&str> = stderr.lines().skip(1).map(str::trim).collect();
    assert_eq!(problems.len(), 1, "{stderr}");
    assert!(problems[0].starts_with("grades.csv:2:"), "{stderr}");
    assert!(problems[0].contains("byte 0xE9 is not UTF-8"), "{stderr}");
}

/// A course folder as Excel's "Unicode Text" saves it where the decimal separator is a comma:
/// UTF-16 with tabs between cells and `9,5` for nine and a half.
fn as_unicode_text(from: &std::path::Path, to: &std::path::Path, file: &str) {
    let mut reader = csv::Reader::from_path(from.join(file)).expect("sample file");
    let mut text = reader.headers().expect("header").iter().collect::<Vec<_>>().join("\t");
    for record in reader.records() {
        let record = record.expect("sample row");
        let cells: Vec<String> = record
            .iter()
            .map(|cell| if file == "grades.csv" { cell.replace('.', ",") } else { cell.to_string() })
            .collect();
        text.push_str("\r\n");
        text.push_str(&cells.join("\t"));
    }
    let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::write(to.join(file), bytes).expect("write");
}

#[test]
fn a_course_folder_saved_as_unicode_text_with_decimal_commas_imports_as_the_csv_does() {
    let sample = common::sample_folder();
    let csv = TestDb::new();
    csv.ok(&["import", sample.to_str().expect("path")]);
    let expected = csv.json(&["gradebook", "middle-earth-101", "--json"]);
    let db = TestDb::new();
    let folder = db.dir.path().join("unicode-text");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::copy(sample.join("course.toml"), folder.join("course.toml")).expect("course.toml");
    as_unicode_text(&sample, &folder, "roster.csv");
    as_unicode_text(&sample, &folder, "grades.csv");
    assert!(std::fs::read(folder.join("grades.csv")).expect("grades").windows(4).any(|w| w == [b',', 0, b'5', 0]));
    db.ok(&["import", folder.to_str().expect("path")]);
    let gradebook = db.json(&["gradebook", "middle-earth-101", "--json"]);
    assert_eq!(gradebook["learners"], expected["learners"]);
}

/// The grades downloaded as an Excel workbook rather than CSV (Moodle and Canvas offer both): a
/// workbook Python's zipfile writes with Excel's parts is named as one, with how to save it as
/// CSV, in one line rather than a byte that is not UTF-8; and nothing is imported.
#[test]
fn a_workbook_given_for_the_export_is_named_with_how_to_save_it_as_csv() {
    let db = TestDb::new();
    let workbook = db.dir.path().join("grades.xlsx");
    let script = "import sys, zipfile\n\
        with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as book:\n\
        \x20   book.writestr('[Content_Types].xml', '<?xml version=\"1.0\"?><Types/>')\n\
        \x20   book.writestr('_rels/.rels', '<?xml version=\"1.0\"?><Relationships/>')\n\
        \x20   book.writestr('xl/workbook.xml', '<?xml version=\"1.0\"?><workbook/>')\n\
        \x20   book.writestr('xl/worksheets/sheet1.xml', '<?xml version=\"1.0\"?><worksheet/>')\n";
    let made = std::process::Command::new("python3").arg("-c").arg(script).arg(&workbook).status().expect("python3");
    assert!(made.success(), "python3 wrote the workbook");
    let path = workbook.to_str().expect("utf-8 path");
    let stderr = db.fails(&["import", path, "--course", &fixture("moodle/course.toml")], 1);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert_eq!(
        lines[1].trim(),
        format!(
            "{path}: the file is an Excel workbook (.xlsx), not a CSV file: download the grades as CSV, or save the \
             workbook as CSV (in Excel: File > Save As > CSV UTF-8 (Comma delimited)) and import that"
        ),
        "{stderr}"
    );
    assert_nothing_imported(&db, "a workbook");
}
