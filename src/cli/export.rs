//! `certdesk export COURSE --out FILE.pdf [filters] [--sort KEY] [--manifest FILE.csv]`,
//! `certdesk export COURSE --out DIR --split`, and `certdesk show CODE (--out FILE | --pdf FILE | --png FILE)`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::interact::StderrProgress;
use crate::domain::{Code, Mode};
use crate::ops::{self, ExportOptions, Printer, SortKey};
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The course's id (`certdesk courses` lists them)
    course: String,
    /// The PDF to write (with --split, the directory)
    #[arg(long, value_name = "FILE.pdf|DIR")]
    out: PathBuf,
    /// One PDF per certificate, named USERNAME-CODE.pdf
    #[arg(long)]
    split: bool,
    /// Only certificates of this mode
    #[arg(long, value_parser = super::values::mode)]
    mode: Option<Mode>,
    /// Only stale certificates
    #[arg(long)]
    stale: bool,
    /// Only provisional certificates
    #[arg(long)]
    provisional: bool,
    /// Page order: username, name or percent (highest first)
    #[arg(long, default_value = "username", value_parser = super::values::sort)]
    sort: SortKey,
    /// Also write page,code,username,name,file as CSV (page: its place in the export, with --split
    /// too; file: with --split, the page's own file)
    #[arg(long, value_name = "FILE.csv")]
    manifest: Option<PathBuf>,
    /// Leave content streams uncompressed (readable, for diffing)
    #[arg(long, hide = true)]
    uncompressed: bool,
}

pub fn run(store: &Store, fonts: Option<&Path>, args: ExportArgs, now: jiff::Timestamp) -> anyhow::Result<ExitCode> {
    if !args.split {
        crate::ops::file_kind::ensure_output(&args.out, "--out", "pdf")?;
        anyhow::ensure!(
            !args.out.is_dir(),
            "--out {} is a directory: name the PDF to write in it, or add --split to write one PDF per certificate into it",
            args.out.display()
        );
    }
    if let Some(manifest) = &args.manifest {
        ops::refuse_inside_a_database(manifest)?;
        crate::ops::file_kind::ensure_replaceable(manifest, "--manifest", "csv")?;
    }
    let options = ExportOptions {
        mode: args.mode,
        stale_only: args.stale,
        provisional_only: args.provisional,
        sort: args.sort,
        uncompressed: args.uncompressed,
        manifest: args.manifest.clone(),
    };
    let state = ops::load_course_state(store, &args.course, now)?;
    let printer = Printer::new(store, fonts)?;
    let mut progress = StderrProgress::new("export");
    let (exported, earlier) = if args.split {
        ops::export_split(store, &printer, &state, &options, &args.out, &mut progress)?
    } else {
        (ops::export_pdf(store, &printer, &state, &options, &args.out, &mut progress)?, ops::EarlierFiles::default())
    };
    drop(progress);
    let pages = exported.certificates;
    if args.split {
        say!(
            "Exported {} of {} into {}.",
            crate::domain::counted(pages, "certificate", "certificates"),
            args.course,
            args.out.display()
        );
        for line in earlier_files_said(&earlier, &args.out) {
            say!("{line}");
        }
    } else {
        let size = std::fs::metadata(&args.out).map(|meta| meta.len()).unwrap_or(0);
        say!(
            "Exported {} of {} to {} ({} KB).",
            crate::domain::counted(pages, "certificate", "certificates"),
            args.course,
            args.out.display(),
            size.div_ceil(1024)
        );
    }
    // Of the certificates just written, not of the database: staff hand these PDFs on.
    let undeserved = undeserved_among(&state, &options);
    if !undeserved.is_empty() {
        note!(
            "certdesk: note: {} exported no longer deserved, valid until revoked: {}; `certdesk revoke` each before handing them on",
            crate::domain::counted(undeserved.len(), "certificate", "certificates"),
            crate::domain::first_of(&undeserved, NAMED_FILES)
        );
    }
    if exported.signed_with_retired > 0 {
        let them = if exported.signed_with_retired == 1 { "it" } else { "them" };
        note!(
            "certdesk: note: {}: certdesk issuer resign signs {them} again, then export again",
            ops::retired_among(exported.signed_with_retired, pages, "exported")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The learners, with why (`aerwyn (below threshold)`), of the certificates an export with
/// `options` prints that they would not be issued now: withdrawn since, or a score corrected
/// below the threshold.
fn undeserved_among(state: &ops::CourseState, options: &ExportOptions) -> Vec<String> {
    let selected = state.learners.iter().filter(|standing| ops::selects(standing, options));
    selected.filter_map(|standing| Some(format!("{} ({})", standing.username(), standing.undeserved()?))).collect()
}

/// Files shown by name before "and N more".
const NAMED_FILES: usize = 5;

/// What a split directory holds besides this export's files, which it left as they were.
fn earlier_files_said(earlier: &ops::EarlierFiles, dir: &Path) -> Vec<String> {
    let dir = dir.display();
    let mut said = Vec::new();
    if !earlier.ended.is_empty() {
        let named = crate::domain::first_of(&earlier.ended, NAMED_FILES);
        let (files, them) = match earlier.ended.len() {
            1 => ("1 PDF".to_string(), "it"),
            many => (format!("{many} PDFs"), "them"),
        };
        said.push(format!(
            "{dir} also holds {files} of an earlier export, of certificates no longer in force (superseded or revoked since): {named}; remove {them} before the folder is printed or sent."
        ));
    }
    if earlier.others > 0 {
        let files = match earlier.ended.is_empty() {
            true => crate::domain::counted(earlier.others, "certificate PDF", "certificate PDFs"),
            false => format!("{} more", earlier.others),
        };
        said.push(format!(
            "{dir} also holds {files} this export did not write (certificates it did not select, or another course's), left as they were."
        ));
    }
    said
}

/// `certdesk show CODE (--out FILE | --pdf FILE | --png FILE)`: one certificate, active or not,
/// as issued; `files` are checked already.
pub fn show(
    store: &Store,
    fonts: Option<&Path>,
    code: &str,
    files: super::page_files::Targets,
    now: jiff::Timestamp,
) -> anyhow::Result<ExitCode> {
    let code = Code::from_typed(code).map_err(ops::OpsError::from)?;
    let owner = store.code_owner(code)?.ok_or_else(|| ops::unknown_code(code))?;
    let state = ops::load_course_state(store, &owner.course_id, now)?;
    let printer = Printer::new(store, fonts)?;
    let (page, entry) = ops::certificate_page(store, &printer, &state, code)?;
    let (username, status) = (&entry.certificate.username, entry.status.label());
    if let Some(pdf) = &files.pdf {
        let title = ops::certificate_title(&state, &entry.certificate);
        ops::write_atomically(pdf, &ops::certificate_pdf(store, &printer, &state, &title, &page, &entry.certificate)?)?;
        say!("Wrote certificate {code} ({username}, {status}) to {}.", pdf.display());
        // Its own credential, the one the PDF carries; a PNG carries none.
        if ops::signed_with_retired(store, &[code])? > 0 {
            note!(
                "certdesk: note: {code}'s credential, in {} too, is signed with a key retired as compromised, which verifiers refuse: certdesk issuer resign signs it again",
                pdf.display()
            );
        }
    }
    if let Some(png) = &files.png {
        let image =
            crate::render::Rasterizer::new(printer.fonts.clone(), printer.images.clone()).render(&page, 150.0)?;
        ops::write_atomically(png, &image.to_png()?)?;
        say!("Wrote certificate {code} ({username}, {status}) to {}.", png.display());
    }
    Ok(ExitCode::SUCCESS)
}
