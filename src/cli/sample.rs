//! `certdesk sample --learners N --activities M [--eligible PERCENT] [--scripts latin|complex|all] --out DIR`

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, ensure};

use crate::sample::names::Scripts;

pub fn run(
    learners: usize,
    activities: usize,
    eligible_percent: usize,
    scripts: Scripts,
    out: &Path,
) -> anyhow::Result<ExitCode> {
    ensure!(learners > 0 && activities > 0, "a sample course needs at least one learner and one activity");
    ensure!(eligible_percent <= 100, "--eligible is a percentage from 0 to 100");
    crate::sample::write_synthetic(learners, activities, eligible_percent, scripts, out)
        .with_context(|| format!("cannot write the sample course to {}", out.display()))?;
    say!(
        "Wrote the course '{}' ({learners} learners, {activities} activities) to {}; load it with `certdesk import {}`.",
        crate::sample::SYNTHETIC_COURSE_ID,
        out.display(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
