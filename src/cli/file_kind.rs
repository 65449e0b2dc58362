//! Refusing an output file named as another kind of file (`--png anna.pdf`): whoever opens it
//! by its name would find something else in it.

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
/// is another kind of file. A name without a known extension (`out`, `page.bin`) is taken as is.
pub fn ensure_named_as(path: &Path, flag: &str, writes: &str) -> anyhow::Result<()> {
    let extension = path.extension().and_then(|ext| ext.to_str()).map(str::to_ascii_lowercase);
    let Some(extension) = extension.filter(|ext| ext != writes) else { return Ok(()) };
    let Some((_, named)) = KINDS.iter().find(|(known, _)| *known == extension) else { return Ok(()) };
    let (_, written) = KINDS.iter().find(|(known, _)| *known == writes).copied().unwrap_or((writes, writes));
    anyhow::bail!("{flag} writes {written}, but {} is named as {named}: name it .{writes}", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

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
