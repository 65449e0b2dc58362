//! Paths as staff read and type them in a shell: under their home, from `~`.

use std::path::{Path, PathBuf};

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// `path` as a shell prompt shows it: under the user's home, `~/…`.
pub fn shown(path: &Path) -> String {
    home_as_tilde(path, home().as_deref())
}

/// The path typed in a prompt, as a shell reads it: `~` alone or before `/` is the user's home
/// (the screen shows paths under it so, and staff type them so); anything else as it is.
pub fn typed(text: &str) -> PathBuf {
    tilde_as_home(text, home().as_deref())
}

fn home_as_tilde(path: &Path, home: Option<&Path>) -> String {
    match home.filter(|home| usable(home)).and_then(|home| path.strip_prefix(home).ok()) {
        Some(rest) if rest.as_os_str().is_empty() => "~".to_string(),
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

fn tilde_as_home(text: &str, home: Option<&Path>) -> PathBuf {
    match (text.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => home.join(rest.trim_start_matches('/')),
        _ => PathBuf::from(text),
    }
}

/// A home of `/` (some service accounts) would turn every path into `~/…`.
fn usable(home: &Path) -> bool {
    home.is_absolute() && home.parent().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_under_home_is_shown_from_the_tilde() {
        let home = Some(Path::new("/home/ana"));
        assert_eq!(home_as_tilde(Path::new("/home/ana/.local/share/certdesk"), home), "~/.local/share/certdesk");
        assert_eq!(home_as_tilde(Path::new("/home/anabel/db"), home), "/home/anabel/db");
        assert_eq!(home_as_tilde(Path::new("/srv/certdesk/db"), home), "/srv/certdesk/db");
        assert_eq!(home_as_tilde(Path::new("/srv/db"), None), "/srv/db");
        assert_eq!(home_as_tilde(Path::new("/srv/db"), Some(Path::new("/"))), "/srv/db");
    }

    #[test]
    fn a_typed_tilde_is_the_home_directory() {
        let home = Some(Path::new("/home/ana"));
        assert_eq!(tilde_as_home("~/exports/grades.csv", home), Path::new("/home/ana/exports/grades.csv"));
        assert_eq!(tilde_as_home("~", home), Path::new("/home/ana"));
        // Another user's home, a file named with a tilde, and no home: as typed.
        assert_eq!(tilde_as_home("~bob/grades.csv", home), Path::new("~bob/grades.csv"));
        assert_eq!(tilde_as_home("./~grades.csv", home), Path::new("./~grades.csv"));
        assert_eq!(tilde_as_home("~/grades.csv", None), Path::new("~/grades.csv"));
    }
}
