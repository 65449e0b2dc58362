//! Exports written in another language than English. Moodle and Canvas write their headings in
//! the language of the person who exports (Moodle's `Prénom`, `Devoir : Essai (Réel)`, `Total
//! du cours (Pourcentage)`; Canvas's `Étudiant` and its `    Points possibles` row), and
//! certdesk reads the English ones: such a file is refused at its first heading in another
//! language, saying how to export it in English, where it was an unknown layout or a file
//! without learners.

use super::Problem;
use super::table::{Dialect, Header, Row, Table};

/// Moodle's display types in French, Spanish, Portuguese, Italian and German (Spanish and
/// Portuguese `Real` is English's), as the suffix of a grade column.
const MOODLE_DISPLAY_TYPES: [&str; 13] = [
    "Réel",
    "Brut",
    "Pourcentage",
    "Lettre",
    "Porcentaje",
    "Letra",
    "Porcentagem",
    "Reale",
    "Percentuale",
    "Lettera",
    "Prozent",
    "Prozentsatz",
    "Buchstabe",
];

/// Moodle's course total in those languages.
const MOODLE_COURSE_TOTALS: [&str; 5] =
    ["Total du cours", "Total del curso", "Total do curso", "Totale corso", "Kurs gesamt"];

/// Moodle's profile headings in those languages, that English does not share.
const MOODLE_PROFILE: [&str; 14] = [
    "Prénom",
    "Nom",
    "Adresse de courriel",
    "Numéro d'identification",
    "Nom d'utilisateur",
    "Nombre",
    "Apellido(s)",
    "Dirección de correo",
    "Dirección Email",
    "Número de ID",
    "Nombre de usuario",
    "Vorname",
    "Nachname",
    "E-Mail-Adresse",
];

const MOODLE_IN_ANOTHER_LANGUAGE: &str = "this is Moodle's heading in another language than English; certdesk reads \
     the headings Moodle writes in English (First name, Email address, Quiz: Week 1 (Real), Course total \
     (Percentage)): choose English as your preferred language in Moodle and export the grades again";

/// The first grade column of a Moodle export read otherwise in English that is in another
/// language (`Devoir : Essai (Réel)` beside `Quiz: Week 1 (Real)`), which the reader would pass
/// over as a column it does not know, leaving out the item's scores without a word.
pub fn moodle_grade_column(file: &str, header: &[String], positions: &[u64]) -> Option<Problem> {
    let index = header.iter().position(|cell| is_moodle_grade(cell))?;
    Some(Problem::at(file, 1, positions[index], Some(&header[index]), MOODLE_IN_ANOTHER_LANGUAGE))
}

/// Why `text` is not read: its headings are a platform's in another language, named at the
/// first such heading. `None` when they are not. `moodle` says the file is already known to be
/// Moodle's (its grade columns end in `(Real)`); else a profile heading alone (`Prénom`, which
/// Chamilo writes too) does not make it Moodle's.
pub fn problem(file: &str, text: &str, moodle: bool) -> Option<Problem> {
    [b',', b';', b'\t', b':']
        .into_iter()
        .find_map(|delimiter| problem_with(file, text, Dialect::csv(delimiter), moodle))
}

fn problem_with(file: &str, text: &str, dialect: Dialect, moodle: bool) -> Option<Problem> {
    let mut table = Table::new(file, text, dialect);
    let mut row = Row::default();
    let Header { cells, positions } = table.read_header(&mut row, &mut Vec::new())?;
    if cells.len() < 2 {
        return None;
    }
    let at = |index: usize, message: String| Problem::at(file, 1, positions[index], Some(&cells[index]), message);
    let moodle = moodle || cells.iter().any(|cell| is_moodle_grade(cell));
    if let Some(index) = cells.iter().position(|cell| MOODLE_PROFILE.contains(&cell.as_str()) || is_moodle_grade(cell))
        && moodle
    {
        return Some(at(index, MOODLE_IN_ANOTHER_LANGUAGE.to_string()));
    }
    let assignments = cells.iter().any(|cell| is_canvas_assignment(cell));
    if !assignments || cells[0] == "Student" {
        return None;
    }
    // Canvas's indented Points Possible row, on line 2 or 3 (after its Manual Posting row).
    for _ in 0..2 {
        if !table.next_row(&mut row).unwrap_or(false) {
            return None;
        }
        let first = row.cell(0);
        if first.starts_with("    ") && first.trim() != "Points Possible" && row.cell(1).trim().is_empty() {
            return Some(at(
                0,
                format!(
                    "this is Canvas's gradebook in another language than English (its row '{}' is Canvas's Points \
                     Possible); certdesk reads the headings Canvas writes in English (Student, ID, SIS Login ID, \
                     Section): choose English as your language in Canvas's account settings and export the \
                     gradebook again",
                    first.trim()
                ),
            ));
        }
    }
    None
}

/// `Devoir : Essai (Pourcentage)`, `Total del curso (Real)`.
fn is_moodle_grade(cell: &str) -> bool {
    let Some((name, kind)) = cell.strip_suffix(')').and_then(|rest| rest.rsplit_once(" (")) else {
        return false;
    };
    MOODLE_DISPLAY_TYPES.contains(&kind) || MOODLE_COURSE_TOTALS.contains(&name)
}

/// `Essai 1 (101)`: a Canvas assignment, its id in brackets.
fn is_canvas_assignment(cell: &str) -> bool {
    cell.strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" ("))
        .is_some_and(|(_, id)| !id.is_empty() && id.bytes().all(|byte| byte.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn refused(text: &str, expected: Option<&str>) {
        let shown = problem("g.csv", text, false).map(|problem| problem.to_string());
        match expected {
            Some(start) => {
                let shown = shown.unwrap_or_default();
                assert!(shown.starts_with(start), "{text:?}: {shown}");
            }
            None => assert_eq!(shown, None, "{text:?}"),
        }
    }

    #[test]
    fn headings_in_another_language_are_named_at_their_cell() {
        refused(
            "Prénom,Nom,Adresse de courriel,Devoir : Essai (Réel)\nAda,Lovelace,a@b.org,18.00\n",
            Some("g.csv:1:1: column 'Prénom': this is Moodle's heading in another language than English;"),
        );
        refused(
            "Vorname;Nachname;Test: Quiz (Prozent)\nAda;Lovelace;80,00 %\n",
            Some("g.csv:1:1: column 'Vorname': this is Moodle's heading in another language than English;"),
        );
        // Spanish writes Real as English does: the course total and profile headings tell.
        refused(
            "Email address,Tarea: Ensayo (Real),Total del curso (Real)\na@b.org,18.00,18.00\n",
            Some("g.csv:1:36: column 'Total del curso (Real)': this is Moodle's heading"),
        );
        refused(
            "Étudiant,ID,Section,Essai 1 (101)\n,,,Manual Posting\n    Points possibles,,,20.00\n",
            Some(
                "g.csv:1:1: column 'Étudiant': this is Canvas's gradebook in another language than English (its row \
                 'Points possibles' is Canvas's Points Possible);",
            ),
        );
    }

    #[test]
    fn one_grade_column_in_another_language_is_named() {
        let header: Vec<String> =
            ["First name", "Email address", "Quiz: Week 1 (Real)", "Participation (Réel)"].map(String::from).into();
        let shown = moodle_grade_column("g.csv", &header, &[1, 12, 26, 46]).map(|problem| problem.to_string());
        assert!(
            shown.as_deref().is_some_and(|shown| shown.starts_with(
                "g.csv:1:46: column 'Participation (Réel)': this is Moodle's heading in another language"
            )),
            "{shown:?}"
        );
        assert!(moodle_grade_column("g.csv", &header[..3], &[1, 12, 26]).is_none());
    }

    #[test]
    fn english_headings_are_left_to_the_readers() {
        refused("First name,Email address,Quiz: Week 1 (Real),Course total (Percentage)\n", None);
        refused("Student,ID,Section,Essay 1 (101)\n    Points Possible,,,20.00\n", None);
        refused("Learner,Essay 1 (101)\n    someone,20.00\n", None);
        refused("username,quiz-1\nbilbo,8\n", None);
        // Chamilo writes Prénom and Nom too: a profile heading alone is not Moodle's.
        refused("Code officiel;Prénom;Nom;Quiz 1 20 %\n", None);
        let known = problem("g.csv", "Nombre,Apellido(s),Tarea: Ensayo (Real)\n", true).map(|p| p.to_string());
        assert!(known.is_some_and(|shown| shown.starts_with("g.csv:1:1: column 'Nombre': this is Moodle's heading")));
    }
}
