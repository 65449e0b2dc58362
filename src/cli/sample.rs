//! `certdesk sample --learners N --activities M [--eligible PERCENT] [--scripts latin|complex|all] --out DIR`

use std::path::Path;
use std::process::ExitCode;

use anyhow::ensure;

use crate::sample::names::Scripts;

pub fn run(
    learners: usize,
    activities: usize,
    eligible_percent: usize,
    scripts: Scripts,
    out: &Path,
) -> anyhow::Result<ExitCode> {
    ensure!(!out.is_file(), "{} is a file; --out names the folder to write the course to", out.display());
    if let Some(named) = named_as_a_file(out) {
        let stem = out.file_stem().map(|stem| out.with_file_name(stem)).unwrap_or_default();
        anyhow::bail!(
            "--out names the folder to write the course's files to (course.toml, roster.csv, grades.csv), but {} is named as {named}; nothing was written: name a folder, such as {}",
            out.display(),
            stem.display()
        );
    }
    ensure!(
        replaceable(out),
        "{} already holds files that are not a sample course; nothing was written (choose a new or empty folder)",
        out.display()
    );
    crate::sample::write_synthetic(learners, activities, eligible_percent, scripts, out).map_err(|error| {
        let reason = crate::access::write_error(&out.join("course.toml"), &error);
        anyhow::anyhow!("cannot write the sample course to {}: {reason}", out.display())
    })?;
    say!(
        "Wrote the course '{}' ({learners} learners, {activities} activities) to {}; load it with `certdesk import {}`.",
        crate::sample::SYNTHETIC_COURSE_ID,
        out.display(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// What kind of file `out`, a folder that does not exist yet, is named as (`c.csv`: a CSV
/// file), which a folder of that name would be taken for; `None` for a name a folder may have.
fn named_as_a_file(out: &Path) -> Option<&'static str> {
    const FILES: &[(&str, &str)] = &[
        ("csv", "a CSV file"),
        ("tsv", "a TSV file"),
        ("txt", "a text file"),
        ("toml", "a TOML file"),
        ("json", "a JSON file"),
        ("xlsx", "a spreadsheet"),
        ("ods", "a spreadsheet"),
        ("zip", "a ZIP archive"),
        ("pdf", "a PDF"),
    ];
    if out.exists() {
        return None;
    }
    let extension = out.extension()?.to_str()?.to_ascii_lowercase();
    FILES.iter().find(|(known, _)| *known == extension).map(|(_, named)| *named)
}

/// Whether `out` may be written: new, empty, or a synthetic course an earlier run wrote
/// (its course.toml starts with the synthetic course's id).
fn replaceable(out: &Path) -> bool {
    let Ok(mut entries) = std::fs::read_dir(out) else { return !out.exists() };
    if entries.next().is_none() {
        return true;
    }
    let first_line = std::fs::read_to_string(out.join("course.toml"))
        .ok()
        .and_then(|text| text.lines().next().map(str::to_string))
        .unwrap_or_default();
    first_line == format!("id = \"{}\"", crate::sample::SYNTHETIC_COURSE_ID)
}
