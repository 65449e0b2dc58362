//! Refusing an output file named as another kind of file (`--png anna.pdf`): whoever opens it
//! by its name would find something else in it; and refusing to replace a file that holds
//! something certdesk does not write there (`--out roster.csv`): a mistyped name must not cost
//! the file it names.

use std::io::Read;
use std::path::Path;

/// The kinds of file an output could be mistaken for, by extension.
const KINDS: &[(&str, &str)] = &[
    ("pdf", "a PDF"),
    ("png", "a PNG picture"),
    ("jpg", "a JPEG picture"),
    ("jpeg", "a JPEG picture"),
    ("gif", "a GIF picture"),
    ("webp", "a WebP picture"),
    ("svg", "an SVG picture"),
    ("tif", "a TIFF picture"),
    ("tiff", "a TIFF picture"),
    ("bmp", "a BMP picture"),
];

/// Refuses `path`, given to `flag` to write a file of extension `writes`, when its name says it
/// is another kind of file (`flag` empty: typed in a dialog that says what it writes). A name without a known extension (`out`, `page.bin`) is taken as is.
pub fn ensure_named_as(path: &Path, flag: &str, writes: &str) -> anyhow::Result<()> {
    let extension = path.extension().and_then(|ext| ext.to_str()).map(str::to_ascii_lowercase);
    let Some(extension) = extension.filter(|ext| ext != writes) else { return Ok(()) };
    let Some((_, named)) = KINDS.iter().find(|(known, _)| *known == extension) else { return Ok(()) };
    let (_, written) = KINDS.iter().find(|(known, _)| *known == writes).copied().unwrap_or((writes, writes));
    match flag {
        "" => anyhow::bail!("{} is named as {named}, but {written} is written here: name it .{writes}", path.display()),
        _ => anyhow::bail!("{flag} writes {written}, but {} is named as {named}: name it .{writes}", path.display()),
    }
}

/// The checks of an output file `path` given to `flag`: it is named as what it will hold
/// (`writes`, an extension), it is not in a database (said first: that is the graver slip), and
/// whatever it holds now, if it exists, is what would be written.
pub fn ensure_output(path: &Path, flag: &str, writes: &str) -> anyhow::Result<()> {
    ensure_named_as(path, flag, writes)?;
    crate::ops::refuse_inside_a_database(path)?;
    ensure_replaceable(path, flag, writes)
}

/// Refuses to replace `path` when it is a file that does not hold what `flag` writes (a PDF, a
/// PNG picture, an export's manifest: `writes` is its extension), going by how it begins. An
/// empty file, or one that cannot be read, is left to the write to deal with; what is not a
/// file at all (a device, a named pipe, a link) is refused before it is opened.
pub fn ensure_replaceable(path: &Path, flag: &str, writes: &str) -> anyhow::Result<()> {
    crate::ops::refuse_what_is_not_a_file(path)?;
    let Ok(file) = std::fs::File::open(path) else { return Ok(()) };
    if !file.metadata().is_ok_and(|meta| meta.is_file()) {
        return Ok(());
    }
    let (magic, holds): (&[u8], &str) = match writes {
        "pdf" => (b"%PDF-", "a PDF"),
        "png" => (b"\x89PNG\r\n\x1a\n", "a PNG picture"),
        "csv" => (b"page,code,username,name,file", "an export's manifest"),
        _ => return Ok(()),
    };
    let mut start = Vec::with_capacity(magic.len());
    if file.take(magic.len() as u64).read_to_end(&mut start).is_err() || start.is_empty() || start == magic {
        return Ok(());
    }
    let given = if flag.is_empty() { String::new() } else { format!("{flag} ") };
    anyhow::bail!(
        "{given}{} exists and is not {holds}: nothing was written, since certdesk replaces only {holds} there; name another file, or move that one away first",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_file_of_the_kind_written_is_replaced() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let file = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).expect("write");
            path
        };
        let refused = |path: &Path, flag: &str, writes: &str| {
            ensure_output(path, flag, writes).err().map(|error| error.to_string()).unwrap_or_default()
        };
        assert_eq!(refused(&dir.path().join("new.pdf"), "--out", "pdf"), "");
        assert_eq!(refused(&file("old.pdf", b"%PDF-1.7\n%..."), "--out", "pdf"), "");
        assert_eq!(refused(&file("empty.pdf", b""), "--out", "pdf"), "");
        assert_eq!(refused(&file("a.png", b"\x89PNG\r\n\x1a\n...."), "--png", "png"), "");
        assert_eq!(refused(&file("m.csv", b"page,code,username,name,file\n1,A,b,c,\n"), "--manifest", "csv"), "");
        let roster = file("roster.csv", b"username,email,full_name\n");
        let said = refused(&roster, "--out", "pdf");
        assert!(
            said.starts_with("--out ") && said.contains("roster.csv exists and is not a PDF: nothing was written"),
            "{said}"
        );
        assert!(refused(&roster, "--manifest", "csv").contains("is not an export's manifest"));
        assert!(refused(&file("notes", b"%PDF"), "--pdf", "pdf").contains("is not a PDF"), "shorter than the magic");
        assert!(refused(&file("pic.png", b"%PDF-1.7"), "--png", "png").contains("is not a PNG picture"));
        assert_eq!(refused(dir.path(), "--out", "pdf"), "", "a directory is the caller's to refuse");
    }

    /// As root, `--out /dev/full` made the device a PDF, and a link became a file, its target
    /// left as it was; a named pipe hung the export (and the terminal application) in `open`.
    #[test]
    fn what_is_not_a_file_is_refused_before_it_is_opened() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let refused = |path: &Path| ensure_output(path, "--out", "pdf").err().map(|error| error.to_string());
        let pipe = dir.path().join("pipe.pdf");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status().expect("mkfifo runs");
        assert!(made.success());
        let said = refused(&pipe).unwrap_or_default();
        assert!(said.ends_with("pipe.pdf is a named pipe, not a file: nothing was written (certdesk writes a whole new file and renames it into place, which would replace it)"), "{said}");
        let said = refused(Path::new("/dev/null")).unwrap_or_default();
        assert!(said.starts_with("/dev/null is a device, not a file"), "{said}");
        let target = dir.path().join("kept.pdf");
        std::fs::write(&target, b"%PDF-1.7\n").expect("write");
        let link = dir.path().join("link.pdf");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        let said = refused(&link).unwrap_or_default();
        assert!(
            said.contains(&format!("link.pdf is a symbolic link to {}; name that file itself", target.display())),
            "{said}"
        );
        // The write itself refuses them too (split exports, the terminal application's PDFs).
        let written = crate::ops::write_atomically(&link, b"%PDF-1.7\n");
        assert!(written.is_err_and(|error| error.to_string().contains("symbolic link")));
        assert!(std::fs::symlink_metadata(&link).expect("still there").file_type().is_symlink());
        assert_eq!(refused(&dir.path().join("new.pdf")), None);
    }

    #[track_caller]
    fn check(path: &str, flag: &str, writes: &str, expected: Option<&str>) {
        let found = ensure_named_as(Path::new(path), flag, writes).err().map(|error| error.to_string());
        assert_eq!(found.as_deref(), expected);
    }

    #[test]
    fn an_output_named_as_another_kind_of_file_is_refused() {
        check("out/anna.pdf", "--pdf", "pdf", None);
        check("out/ANNA.PDF", "--pdf", "pdf", None);
        check("out/anna", "--pdf", "pdf", None);
        check("out/anna.certificate", "--png", "png", None);
        check(
            "out/anna.pdf",
            "--png",
            "png",
            Some("--png writes a PNG picture, but out/anna.pdf is named as a PDF: name it .png"),
        );
        check("x.png", "--pdf", "pdf", Some("--pdf writes a PDF, but x.png is named as a PNG picture: name it .pdf"));
        check("x.JPG", "--pdf", "pdf", Some("--pdf writes a PDF, but x.JPG is named as a JPEG picture: name it .pdf"));
    }
}
