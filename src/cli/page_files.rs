//! Where `show` and `preview` write one certificate's page: `--pdf FILE`, `--png FILE`, or
//! `--out FILE`, whose name says which, as `export` and `sample` take it. Typed `--out x.pdf`
//! to `show`, clap answered with a tip to pass `--out` as a value, which misled.

use std::path::PathBuf;

use clap::Args;

use crate::ops::file_kind::ensure_output;

/// The files a page goes to; none at all is left to the command (`show` requires one,
/// `preview` draws on the terminal instead).
#[derive(Debug, Args)]
pub struct PageFiles {
    /// Write it to FILE, a PDF or a PNG picture as the name ends (.pdf or .png)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Write it as a PDF
    #[arg(long, value_name = "FILE.pdf")]
    pdf: Option<PathBuf>,
    /// Write it as a PNG picture
    #[arg(long, value_name = "FILE.png")]
    png: Option<PathBuf>,
}

/// The PDF and the PNG to write, each checked as an output (named as what it will hold, not in
/// a database, replacing only a file of its kind).
#[derive(Debug, Default, PartialEq)]
pub struct Targets {
    pub pdf: Option<PathBuf>,
    pub png: Option<PathBuf>,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.pdf.is_none() && self.png.is_none()
    }
}

impl PageFiles {
    /// `--out` sorted into the PDF or the PNG by its extension, then every file checked, the
    /// flag it was given to named in what is refused.
    pub fn targets(self) -> anyhow::Result<Targets> {
        let mut pdf = self.pdf.map(|path| (path, "--pdf"));
        let mut png = self.png.map(|path| (path, "--png"));
        if let Some(out) = self.out {
            let extension = out.extension().and_then(|ext| ext.to_str()).map(str::to_ascii_lowercase);
            let (slot, flag, kind) = match extension.as_deref() {
                Some("pdf") => (&mut pdf, "--pdf", "PDF"),
                Some("png") => (&mut png, "--png", "PNG picture"),
                _ if out.is_dir() => {
                    anyhow::bail!("--out {} is a directory: name a file in it, ending .pdf or .png", out.display())
                }
                _ => anyhow::bail!(
                    "--out writes a PDF or a PNG picture, as the file's name ends, but {} ends in neither: name it .pdf or .png",
                    out.display()
                ),
            };
            if let Some((given, _)) = slot {
                anyhow::bail!(
                    "--out {} and {flag} {} both name the {kind} to write: give one of them",
                    out.display(),
                    given.display()
                );
            }
            *slot = Some((out, "--out"));
        }
        let checked = |target: Option<(PathBuf, &str)>, writes: &str| -> anyhow::Result<Option<PathBuf>> {
            let Some((path, flag)) = target else { return Ok(None) };
            ensure_output(&path, flag, writes)?;
            Ok(Some(path))
        };
        Ok(Targets { pdf: checked(pdf, "pdf")?, png: checked(png, "png")? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(out: Option<&str>, pdf: Option<&str>, png: Option<&str>) -> PageFiles {
        PageFiles { out: out.map(PathBuf::from), pdf: pdf.map(PathBuf::from), png: png.map(PathBuf::from) }
    }

    #[test]
    fn out_goes_to_the_kind_its_name_ends_in() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let at = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
        let (pdf, png) = (at("anna.PDF"), at("anna.png"));
        let targets = files(Some(&pdf), None, Some(&png)).targets().expect("a PDF and a PNG");
        assert_eq!(targets, Targets { pdf: Some(PathBuf::from(&pdf)), png: Some(PathBuf::from(&png)) });
        let targets = files(Some(&png), None, None).targets().expect("a PNG");
        assert_eq!(targets, Targets { pdf: None, png: Some(PathBuf::from(&png)) });
        assert!(files(None, None, None).targets().expect("nothing").is_empty());
    }

    #[test]
    fn out_of_no_known_kind_or_twice_the_same_kind_is_refused() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let at = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
        let error = files(Some(&at("anna")), None, None).targets().expect_err("no extension").to_string();
        assert!(error.contains("ends in neither: name it .pdf or .png"), "{error}");
        let error = files(Some(&at("anna.jpg")), None, None).targets().expect_err("a JPEG").to_string();
        assert!(error.contains("anna.jpg ends in neither"), "{error}");
        let error = files(Some(&at("")), None, None).targets().expect_err("a directory").to_string();
        assert!(error.ends_with("is a directory: name a file in it, ending .pdf or .png"), "{error}");
        let error = files(Some(&at("a.pdf")), Some(&at("b.pdf")), None).targets().expect_err("two").to_string();
        assert!(error.contains("and --pdf") && error.contains("both name the PDF"), "{error}");
    }

    #[test]
    fn a_file_out_would_wrongly_replace_is_refused_under_its_flag() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let notes = dir.path().join("notes.pdf");
        std::fs::write(&notes, "my notes").expect("a file");
        let error = files(Some(notes.to_str().expect("utf-8")), None, None).targets().expect_err("not a PDF");
        assert!(error.to_string().starts_with("--out "), "{error}");
        assert_eq!(std::fs::read(&notes).expect("kept"), b"my notes");
    }
}
