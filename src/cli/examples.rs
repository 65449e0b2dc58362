//! `certdesk examples COURSE [--json]`

use std::process::ExitCode;

use serde::Serialize;

use super::table::{Align, Table};
use crate::domain::{ExampleKind, ExampleSet, Mode, Percent};
use crate::ops::{self, Context};
use crate::store::Store;

#[derive(Serialize)]
struct ExampleJson<'a> {
    kind: String,
    full_name: &'a str,
    mode: Mode,
    percent: Option<Percent>,
    template: &'a str,
    status: &'static str,
    error: Option<&'a str>,
}

pub fn run(
    store: &Store,
    printer: &ops::Printer,
    course: &str,
    json: bool,
    context: &Context,
) -> anyhow::Result<ExitCode> {
    let set = ops::generate_examples(store, printer, course, context)?;
    let all_ok = set.examples.iter().all(|example| example.succeeded());
    if json {
        let examples: Vec<ExampleJson> = set
            .examples
            .iter()
            .map(|example| ExampleJson {
                kind: example.kind.label(),
                full_name: &example.full_name,
                mode: example.mode,
                percent: Percent::from_tenths(example.percent_tenths),
                template: &example.template,
                status: if example.succeeded() { "success" } else { "error" },
                error: example.error.as_deref(),
            })
            .collect();
        super::print_json(&examples)?;
    } else {
        let mut table = Table::new([
            ("example", Align::Left),
            ("status", Align::Left),
            ("mode", Align::Left),
            ("percent", Align::Right),
            ("name", Align::Left),
            ("template", Align::Left),
        ])
        .for_stdout();
        for example in &set.examples {
            let status = if example.succeeded() { "success" } else { "error" };
            let percent = Percent::from_tenths(example.percent_tenths).map_or_else(String::new, |p| p.to_string());
            table.push(vec![
                example.kind.label(),
                status.to_string(),
                example.mode.to_string(),
                percent,
                example.full_name.clone(),
                example.template.clone(),
            ]);
        }
        table.write(&mut std::io::stdout().lock())?;
        // Why each failed, whole, under the table: in its status column the reason was cut at
        // 40 cells ('error: name cannot be printed: no font …'), before what was missing.
        let failed: Vec<&crate::domain::Example> = set.examples.iter().filter(|example| !example.succeeded()).collect();
        if !failed.is_empty() {
            say!("{} failed:", crate::domain::counted(failed.len(), "example", "examples"));
        }
        for example in &failed {
            let error = example.error.as_deref().unwrap_or_default();
            say!("  {} ({}): {error}", example.kind.label(), example.full_name);
        }
        if failed.iter().any(|example| example.kind == ExampleKind::UnprintableName) {
            say_unprintable(store, printer, course, &set, context)?;
        }
        say!("Example certificates are not certificates: they are not listed and their code never verifies.");
    }
    Ok(if all_ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Whose names cannot be printed, and that they alone are refused: self-generation waits for
/// the template's examples, not for them.
fn say_unprintable(
    store: &Store,
    printer: &ops::Printer,
    course: &str,
    set: &ExampleSet,
    context: &Context,
) -> anyhow::Result<()> {
    let mut state = ops::load_course_state(store, course, context.now)?;
    state.check_names(&printer.fonts);
    if let Some(unprintable) = ops::UnprintableNames::of(&state) {
        say!("{}.", unprintable.warning());
    }
    if set.failed_for_the_template().is_none() {
        say!("Self-generation can be on all the same: it refuses a certificate to those learners alone.");
    }
    Ok(())
}
