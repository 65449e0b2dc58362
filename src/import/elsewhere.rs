//! A folder given for a course folder that has none of a course folder's files: where the
//! course is instead. Staff who unpack a course or a platform's download often name the folder
//! around it (`sample-data/` for `sample-data/middle-earth/`), or the folder a grade export was
//! saved in; both are said with the path to give.

use std::fmt;
use std::path::{Path, PathBuf};

use super::{course_file, grades, roster};

/// Beyond this many entries a folder is not looked through (a home directory, say).
const LOOKED_AT: usize = 2_000;

/// A course folder's files, any one of which makes the folder one.
const FILES: [&str; 3] = [course_file::FILE, roster::FILE, grades::FILE];

/// Names listed in the message; more are counted.
const NAMED: usize = 4;

/// What a folder without course files holds that could be what was meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    pub dir: PathBuf,
    /// Its folders that are course folders (hold a course.toml), by name, sorted.
    pub courses: Vec<String>,
    /// Its files that could be a platform's export (CSV, TSV, a workbook), by name, sorted.
    pub exports: Vec<String>,
}

impl Elsewhere {
    /// `None` when `dir` holds any of the course folder's files: then each missing or broken
    /// one is a problem of its own.
    pub fn of(dir: &Path) -> Option<Elsewhere> {
        if FILES.iter().any(|file| dir.join(file).exists()) {
            return None;
        }
        let (mut courses, mut exports) = (Vec::new(), Vec::new());
        for entry in std::fs::read_dir(dir).ok()?.take(LOOKED_AT).flatten() {
            // A name given back to type must be the path itself, so only a UTF-8 one is.
            let Ok(name) = entry.file_name().into_string() else { continue };
            let path = entry.path();
            if path.is_dir() {
                if path.join(course_file::FILE).is_file() {
                    courses.push(name);
                }
            } else if is_export(&name) {
                exports.push(name);
            }
        }
        courses.sort();
        exports.sort();
        Some(Elsewhere { dir: dir.to_path_buf(), courses, exports })
    }

    /// What the folder is not, without what it holds.
    pub fn not_a_course_folder(&self) -> String {
        let [course, roster, grades] = FILES;
        format!("{} is not a course folder: it has no {course}, {roster} or {grades}", self.dir.display())
    }

    /// The name of the one thing in it that can be imported: its only course folder or, with
    /// none, its only export.
    pub fn only(&self) -> Option<&str> {
        match (self.courses.as_slice(), self.exports.as_slice()) {
            ([one], _) | ([], [one]) => Some(one),
            _ => None,
        }
    }
}

fn is_export(name: &str) -> bool {
    let lower = name.to_lowercase();
    !lower.starts_with('.') && [".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods"].iter().any(|end| lower.ends_with(end))
}

/// `a`, `a and b`, `a, b and c`, or the first few and how many more.
fn listed(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(NAMED).map(String::as_str).collect();
    match (shown.split_last(), names.len() > NAMED) {
        (None, _) => String::new(),
        (Some((last, [])), _) => (*last).to_string(),
        (Some(_), true) => format!("{} and {} more", shown.join(", "), names.len() - NAMED),
        (Some((last, rest)), false) => format!("{} and {last}", rest.join(", ")),
    }
}

impl fmt::Display for Elsewhere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dir = self.dir.display();
        write!(
            f,
            "{dir} is not a course folder: it has no {}, {} or {}",
            course_file::FILE,
            roster::FILE,
            grades::FILE
        )?;
        let join = |name: &str| self.dir.join(name).display().to_string();
        match (self.courses.as_slice(), self.exports.as_slice()) {
            ([course], _) => write!(f, "; its folder {course} is one: give {}", join(course)),
            ([first, ..], _) => write!(
                f,
                "; {} of its folders are ({}): give one of them, such as {}",
                self.courses.len(),
                listed(&self.courses),
                join(first)
            ),
            ([], [export]) => write!(f, "; for a platform's grade export, give the file itself: {}", join(export)),
            ([], [first, ..]) => write!(
                f,
                "; for a platform's grade export, give the file itself ({}), such as {}",
                listed(&self.exports),
                join(first)
            ),
            ([], []) => write!(f, " (a course folder holds those three; a platform's export is given as its file)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[&str], courses: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in files {
            std::fs::write(dir.path().join(file), "x").expect("write");
        }
        for course in courses {
            std::fs::create_dir(dir.path().join(course)).expect("mkdir");
            std::fs::write(dir.path().join(course).join("course.toml"), "").expect("write");
        }
        dir
    }

    fn said(dir: &tempfile::TempDir) -> String {
        Elsewhere::of(dir.path()).expect("no course files").to_string()
    }

    #[test]
    fn a_folder_around_one_course_names_the_path_to_give() {
        let dir = folder(&["notes.md"], &["middle-earth"]);
        std::fs::create_dir(dir.path().join("pictures")).expect("mkdir");
        let path = dir.path().display();
        assert_eq!(
            said(&dir),
            format!(
                "{path} is not a course folder: it has no course.toml, roster.csv or grades.csv; its folder \
                 middle-earth is one: give {path}/middle-earth"
            )
        );
    }

    #[test]
    fn several_courses_are_listed_in_order_then_counted() {
        let dir = folder(&[], &["c", "a", "b"]);
        let path = dir.path().display();
        assert!(
            said(&dir).ends_with(&format!("; 3 of its folders are (a, b and c): give one of them, such as {path}/a"))
        );
        let many = folder(&[], &["f", "e", "d", "c", "b", "a"]);
        assert!(said(&many).contains("; 6 of its folders are (a, b, c, d and 2 more)"), "{}", said(&many));
    }

    #[test]
    fn a_folder_with_a_download_points_at_the_file() {
        let dir = folder(&["Grades-Export.CSV", ".hidden.csv", "readme.md"], &[]);
        let path = dir.path().display();
        assert!(said(&dir).ends_with(&format!("give the file itself: {path}/Grades-Export.CSV")), "{}", said(&dir));
        let two = folder(&["b.xlsx", "a.csv"], &[]);
        assert!(said(&two).contains("give the file itself (a.csv and b.xlsx), such as"), "{}", said(&two));
    }

    #[test]
    fn an_empty_folder_says_what_a_course_folder_holds() {
        let dir = folder(&[], &[]);
        assert!(said(&dir).ends_with("it has no course.toml, roster.csv or grades.csv (a course folder holds those three; a platform's export is given as its file)"));
    }

    #[test]
    fn any_course_file_makes_it_a_course_folder_with_problems_of_its_own() {
        for file in ["course.toml", "roster.csv", "grades.csv"] {
            assert_eq!(Elsewhere::of(folder(&[file], &["inner"]).path()), None, "{file}");
        }
    }
}
