//! Exports as other versions and languages of the platforms write them, through the real
//! binary: a site's added columns are passed over, and headings in another language than
//! English are refused at their cell, saying how to export in English, with nothing imported.

use crate::common;

use common::TestDb;
use common::platforms::{assert_nothing_imported, edx_args, fixture, learner, strs};

/// The Open edX fixture with a column `heading` inserted after its first `after` cells, each
/// learner's cell `value`.
fn edx_with_column(db: &TestDb, name: &str, after: usize, heading: &str, value: &str) -> String {
    let text = std::fs::read_to_string(fixture("openedx/grade_report.csv")).expect("fixture");
    let mut edited = String::new();
    for (index, line) in text.lines().enumerate() {
        // The first cells (Student ID, Email, Username) hold no quotes or commas.
        let mut cells: Vec<&str> = line.splitn(after + 1, ',').collect();
        cells.insert(after, if index == 0 { heading } else { value });
        edited.push_str(&cells.join(","));
        edited.push('\n');
    }
    let path = db.dir.path().join(name);
    std::fs::write(&path, edited).expect("write");
    path.to_str().expect("utf-8 path").to_string()
}

#[test]
fn open_edx_profile_columns_a_site_adds_before_the_grade_are_passed_over() {
    let expected = {
        let db = TestDb::new();
        db.ok(&strs(&edx_args("openedx/grade_report.csv")));
        db.json(&["gradebook", "circuits-101", "--json"])
    };
    for (name, after, heading, value) in
        [("joined.csv", 3, "Date Joined", "2026-01-02 10:00:00+00:00"), ("named.csv", 1, "Name", "Someone")]
    {
        let db = TestDb::new();
        let mut args = edx_args("openedx/grade_report.csv");
        args[1] = edx_with_column(&db, name, after, heading, value);
        let report = db.ok(&strs(&args));
        assert!(report.contains("Read the Open edX grade report"), "{name}: {report}");
        let gradebook = db.json(&["gradebook", "circuits-101", "--json"]);
        for username in ["bilbo", "frodo", "pippin", "gollum"] {
            assert_eq!(learner(&gradebook, username), learner(&expected, username), "{name}: {username}");
        }
        assert_eq!(gradebook["activities"], expected["activities"], "{name}: no activity of the added column");
    }
}

/// Headings replaced: (from, to).
type Replacements = &'static [(&'static str, &'static str)];

/// (fixture, course, headings replaced, the refusal after the file name)
const IN_ANOTHER_LANGUAGE: &[(&str, &str, Replacements, &str)] = &[
    (
        "moodle/grades.csv",
        "moodle/course.toml",
        &[
            ("First name,Last name,ID number", "Prénom,Nom,Numéro d'identification"),
            ("Department,Email address,Suspended", "Département,Adresse de courriel,Suspendu"),
            ("Assignment: ", "Devoir : "),
            ("(Real)", "(Réel)"),
            ("(Percentage)", "(Pourcentage)"),
            ("Course total", "Total du cours"),
        ],
        ":1:1: column 'Prénom': this is Moodle's heading in another language than English;",
    ),
    // Spanish writes Real as English does: the file is Moodle's, without a learners' column.
    (
        "moodle/grades.csv",
        "moodle/course.toml",
        &[
            (
                "First name,Last name,ID number,Institution,Department,Email address",
                "Nombre,Apellido(s),Número de ID,Institución,Departamento,Dirección de correo",
            ),
            ("Assignment: ", "Tarea: "),
        ],
        ":1:1: column 'Nombre': this is Moodle's heading in another language than English;",
    ),
    // English but for one item's columns, which were passed over without a word.
    (
        "moodle/grades.csv",
        "moodle/course.toml",
        &[("Participation (Real),Participation (Percentage)", "Participation (Réel),Participation (Pourcentage)")],
        ":1:206: column 'Participation (Réel)': this is Moodle's heading in another language than English;",
    ),
    (
        "canvas/gradebook.csv",
        "canvas/course.toml",
        &[
            ("Student,ID,SIS User ID,SIS Login ID", "Étudiant,ID,ID d'utilisateur SIS,ID de connexion SIS"),
            ("Points Possible", "Points possibles"),
        ],
        ":1:1: column 'Étudiant': this is Canvas's gradebook in another language than English (its row 'Points \
         possibles' is Canvas's Points Possible);",
    ),
];

#[test]
fn headings_in_another_language_are_refused_at_their_cell() {
    for &(export, course, replacements, expected) in IN_ANOTHER_LANGUAGE {
        let db = TestDb::new();
        let mut text = std::fs::read_to_string(fixture(export)).expect("fixture");
        for (from, to) in replacements {
            assert!(text.contains(from), "{export}: {from}");
            text = text.replace(from, to);
        }
        let edited = db.dir.path().join("edited.csv");
        std::fs::write(&edited, text).expect("write");
        let stderr = db.fails(&["import", edited.to_str().expect("path"), "--course", &fixture(course)], 1);
        let first = stderr.lines().nth(1).unwrap_or("");
        assert!(first.contains(&format!("edited.csv{expected}")), "{export}:\n{stderr}\nshould hold\n{expected}");
        assert!(first.ends_with("export the grades again") || first.ends_with("export the gradebook again"), "{first}");
        assert_nothing_imported(&db, export);
    }
}
