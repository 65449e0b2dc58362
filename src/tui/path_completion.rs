//! Tab in a field that takes a path does what it does in a shell: the name typed is completed
//! as far as the directory's entries agree, a directory with its `/`, and when they part ways
//! the names that fit are listed.

use std::path::Path;

use super::paths;

/// Beyond this many entries a directory is not read for completion.
const READ: usize = 10_000;

/// Listed when several names fit; more are counted.
const LISTED: usize = 8;

/// What Tab makes of a path typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completed {
    /// The text, completed further.
    Longer(String),
    /// Several names fit and agree no further: the list to show.
    Several(String),
    /// Nothing fits, or the name is whole: Tab does what it does elsewhere.
    Nothing,
}

/// Completes `text` (a path as typed, `~/` for the home directory) from the entries of the
/// directory it names. Hidden entries are offered only for a name begun with a dot.
pub fn complete(text: &str) -> Completed {
    if text == "~" {
        return Completed::Longer("~/".to_string());
    }
    let (dir_part, begun) = match text.rfind('/') {
        Some(slash) => text.split_at(slash + 1),
        None => ("", text),
    };
    let dir = match dir_part {
        "" => Path::new(".").to_path_buf(),
        part => paths::typed(part),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else { return Completed::Nothing };
    let mut fits: Vec<(String, bool)> = entries
        .take(READ)
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let wanted = name.starts_with(begun) && (begun.starts_with('.') || !name.starts_with('.'));
            // Through a symbolic link, as a shell does: a link to a folder completes with `/`.
            wanted.then(|| (name, entry.path().is_dir()))
        })
        .collect();
    fits.sort();
    match fits.as_slice() {
        [] => Completed::Nothing,
        [(name, is_dir)] => {
            let whole = format!("{dir_part}{name}{}", if *is_dir { "/" } else { "" });
            if whole == text { Completed::Nothing } else { Completed::Longer(whole) }
        }
        [(first, _), rest @ ..] => {
            let shared = rest.iter().fold(first.as_str(), |shared, (name, _)| common_start(shared, name));
            if shared.len() > begun.len() {
                return Completed::Longer(format!("{dir_part}{shared}"));
            }
            let shown: Vec<String> = fits
                .iter()
                .take(LISTED)
                .map(|(name, is_dir)| format!("{name}{}", if *is_dir { "/" } else { "" }))
                .collect();
            let more = fits.len().saturating_sub(LISTED);
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            Completed::Several(format!("{} names fit: {}{more}", fits.len(), shown.join("  ")))
        }
    }
}

/// The longest start `a` and `b` share, whole characters only.
fn common_start<'a>(a: &'a str, b: &str) -> &'a str {
    let end =
        a.char_indices().zip(b.chars()).find(|((_, x), y)| x != y).map_or(a.len().min(b.len()), |((at, _), _)| at);
    &a[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in ["grades-2026-autumn.csv", "grades-2026-spring.csv", "roster.csv", ".hidden.csv", "été.csv"] {
            std::fs::write(dir.path().join(file), "").expect("write");
        }
        std::fs::create_dir(dir.path().join("middle-earth")).expect("mkdir");
        dir
    }

    fn completed(dir: &tempfile::TempDir, typed: &str) -> Completed {
        complete(&format!("{}/{typed}", dir.path().display()))
    }

    fn longer(dir: &tempfile::TempDir, typed: &str) -> Completed {
        Completed::Longer(format!("{}/{typed}", dir.path().display()))
    }

    #[test]
    fn a_name_begun_is_completed_and_a_folder_gets_its_slash() {
        let dir = folder();
        assert_eq!(completed(&dir, "ro"), longer(&dir, "roster.csv"));
        assert_eq!(completed(&dir, "mid"), longer(&dir, "middle-earth/"));
        assert_eq!(completed(&dir, "é"), longer(&dir, "été.csv"));
        // Where the names part ways, as far as they agree; then the list.
        assert_eq!(completed(&dir, "gr"), longer(&dir, "grades-2026-"));
        assert_eq!(
            completed(&dir, "grades-2026-"),
            Completed::Several("2 names fit: grades-2026-autumn.csv  grades-2026-spring.csv".to_string())
        );
    }

    #[test]
    fn an_empty_name_lists_the_folder_without_hidden_entries() {
        let dir = folder();
        assert_eq!(
            completed(&dir, ""),
            Completed::Several(
                "5 names fit: grades-2026-autumn.csv  grades-2026-spring.csv  middle-earth/  roster.csv  été.csv"
                    .to_string()
            )
        );
        assert_eq!(completed(&dir, ".h"), longer(&dir, ".hidden.csv"));
    }

    #[test]
    fn a_whole_name_a_missing_one_and_a_missing_folder_leave_tab_to_its_other_use() {
        let dir = folder();
        assert_eq!(completed(&dir, "roster.csv"), Completed::Nothing);
        assert_eq!(completed(&dir, "zzz"), Completed::Nothing);
        assert_eq!(completed(&dir, "nowhere/x"), Completed::Nothing);
    }

    #[test]
    fn many_names_are_counted_beyond_the_listed() {
        let dir = tempfile::tempdir().expect("temp dir");
        for index in 0..12 {
            std::fs::write(dir.path().join(format!("export-{index:02}.csv")), "").expect("write");
        }
        let Completed::Several(list) = completed(&dir, "export-") else { panic!("a list") };
        assert!(list.starts_with("12 names fit: export-00.csv  export-01.csv"), "{list}");
        assert!(list.ends_with("export-07.csv and 4 more"), "{list}");
    }

    #[test]
    fn the_home_directory_is_completed_from_its_tilde() {
        assert_eq!(complete("~"), Completed::Longer("~/".to_string()));
    }

    #[test]
    fn shared_starts_stop_at_whole_characters() {
        assert_eq!(common_start("été-a", "été-b"), "été-");
        assert_eq!(common_start("é", "è"), "");
        assert_eq!(common_start("abc", "ab"), "ab");
    }
}
