//! `certdesk sample --learners N --activities M [--eligible PERCENT] [--scripts latin|complex|all] --out DIR`

use std::path::Path;
use std::process::ExitCode;

use anyhow::ensure;

use super::interact::StderrProgress;
use crate::ops::Progress as _;
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
    let cannot_write = |error: std::io::Error| {
        let reason = crate::access::write_error(&out.join("course.toml"), &error);
        anyhow::anyhow!("cannot write the sample course to {}: {reason}", out.display())
    };
    // Ctrl-C is taken from here on: nothing was written before.
    let mut progress = StderrProgress::new("sample");
    let made = !out.exists();
    std::fs::create_dir_all(out).map_err(cannot_write)?;
    // Written aside, then moved in: a run stopped (Ctrl-C) or failing midway leaves no course
    // cut short, which would import as fewer learners than its title says, or not at all.
    let part = out.join(PART);
    if part.exists() {
        std::fs::remove_dir_all(&part).map_err(cannot_write)?;
    }
    let written =
        crate::sample::write_synthetic_with(learners, activities, eligible_percent, scripts, &part, &mut progress);
    let stopped = progress.cancelled();
    drop(progress);
    let moved = written.and_then(|()| {
        // course.toml last: a folder is a sample course once it has one.
        for file in ["roster.csv", "grades.csv", "course.toml"] {
            std::fs::rename(part.join(file), out.join(file))?;
        }
        std::fs::remove_dir(&part)
    });
    if let Err(error) = moved {
        let _ = std::fs::remove_dir_all(&part);
        if made {
            let _ = std::fs::remove_dir(out);
        }
        anyhow::ensure!(!stopped, "sample stopped; nothing was written to {}", out.display());
        return Err(cannot_write(error));
    }
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

/// Where a run writes the course before moving it into the folder.
const PART: &str = ".certdesk-sample-part";

/// Whether `out` may be written: new, empty, or a synthetic course an earlier run wrote
/// (its course.toml starts with the synthetic course's id). What a killed run left aside
/// does not count.
fn replaceable(out: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(out) else { return !out.exists() };
    let mut entries = entries.filter(|entry| entry.as_ref().map_or(true, |entry| entry.file_name() != PART));
    if entries.next().is_none() {
        return true;
    }
    let first_line = std::fs::read_to_string(out.join("course.toml"))
        .ok()
        .and_then(|text| text.lines().next().map(str::to_string))
        .unwrap_or_default();
    first_line == format!("id = \"{}\"", crate::sample::SYNTHETIC_COURSE_ID)
}
