//! `certdesk settings COURSE [--self-generation on|off] [--threshold P] [--issuance POLICY]
//! [--verify-url URL] [--template MODE=NAME] [--yes] [--json]`

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use serde::Serialize;

use super::interact::confirm;
use crate::domain::{Mode, Percent};
use crate::ops::{self, Context, SettingsChange};
use crate::store::Store;

#[derive(Serialize)]
struct SettingsJson<'a> {
    course: &'a str,
    pass_threshold: Percent,
    issuance: String,
    self_generation: bool,
    verify_base_url: &'a str,
    honor_template: Option<&'a str>,
    verified_template: Option<&'a str>,
    self_generation_blocker: Option<String>,
    /// The learners whose names cannot be printed: refused one by one, while self-generation
    /// goes on for the rest.
    unprintable_names: Option<UnprintableJson>,
}

#[derive(Serialize)]
struct UnprintableJson {
    count: usize,
    first_username: String,
    /// `U+E000`.
    first_character: String,
}

pub fn run(
    store: &Store,
    course: &str,
    change: &SettingsChange,
    yes: bool,
    json: bool,
    context: &Context,
    fonts: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    if change.is_empty() {
        return show(store, course, json, fonts);
    }
    // The check `template assign` makes, before anything changes.
    if let Some((_, Some(name))) = &change.template {
        ops::require_assignable(store, &ops::Printer::new(store, fonts)?, course, name)?;
    }
    if change.self_generation == Some(true) && !store.settings(course)?.self_generation {
        if let Some(reason) = ops::self_generation_blocker(store, course)? {
            bail!("cannot turn self-generation on for {course}: {reason}");
        }
        let question = format!(
            "Turn self-generation on for {course}? Every eligible learner will be able to issue their own certificate."
        );
        if !confirm(&question, yes, "--yes")? {
            say!("Nothing changed.");
            return Ok(ExitCode::FAILURE);
        }
    }
    let changed = ops::change_settings(store, course, change, context)?;
    let turned_on = changed.iter().any(|line| line == "self-generation on");
    let mut said = if changed.is_empty() { vec![format!("{course}: nothing to change.")] } else { Vec::new() };
    said.extend(changed.iter().map(|line| format!("{course}: {line}")));
    // Made once: for the warning after turning it on, and for the settings `--json` prints.
    let check =
        if turned_on || json { Some(ops::check_self_service(store, course, &ops::font_book(fonts)?)?) } else { None };
    if turned_on && let Some(unprintable) = check.as_ref().and_then(|check| check.unprintable.as_ref()) {
        said.push(format!("{course}: self-generation is on, but {}", unprintable.warning()));
    }
    // With --json, stdout is the settings as they now stand, as `mail-settings --json` prints
    // them after a change; what changed goes to stderr.
    if let Some(check) = check.filter(|_| json) {
        for line in said {
            note!("{line}");
        }
        return show_checked(store, &ops::require_course(store, course)?, true, check);
    }
    for line in said {
        say!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

fn show(store: &Store, course_id: &str, json: bool, fonts: Option<&Path>) -> anyhow::Result<ExitCode> {
    // An unknown course is refused as such before anything is loaded.
    let course = ops::require_course(store, course_id)?;
    let check = ops::check_self_service(store, course_id, &ops::font_book(fonts)?)?;
    show_checked(store, &course, json, check)
}

/// The settings of `course_id`, with what `check` found of self-generation.
fn show_checked(
    store: &Store,
    course: &crate::domain::Course,
    json: bool,
    check: ops::SelfServiceCheck,
) -> anyhow::Result<ExitCode> {
    let course_id = course.id.as_str();
    let settings = store.settings(course_id)?;
    let ops::SelfServiceCheck { blocker, unprintable } = check;
    if json {
        super::print_json(&SettingsJson {
            course: course_id,
            pass_threshold: course.pass_threshold,
            issuance: course.issuance.to_string(),
            self_generation: settings.self_generation,
            verify_base_url: &settings.verify_base_url,
            honor_template: settings.honor_template.as_deref(),
            verified_template: settings.verified_template.as_deref(),
            self_generation_blocker: blocker,
            unprintable_names: unprintable.map(|names| UnprintableJson {
                count: names.count,
                first_username: names.first_username,
                first_character: crate::domain::shown::code_point(names.first_missing),
            }),
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let templates = ops::current_templates(store, &settings)?;
    let template = |mode| templates.get(&mode).map(ToString::to_string).unwrap_or_default();
    say!("course            {course_id}");
    say!("pass threshold    {}", course.pass_threshold);
    say!("issuance policy   {}", course.issuance);
    let note = match (settings.self_generation, blocker) {
        (_, None) => String::new(),
        (false, Some(reason)) => format!(" (cannot be turned on: {reason})"),
        // On since before the examples stopped standing for the course.
        (true, Some(reason)) => format!(" (the examples no longer vouch for it: {reason})"),
    };
    // Whose names cannot be printed, said whether or not it is on: they get no certificate
    // either way, and self-generation serves everyone else.
    let unprintable = match (settings.self_generation, unprintable) {
        (_, None) => String::new(),
        (true, Some(names)) => format!(", but {}", names.warning()),
        (false, Some(names)) => format!("; {}", names.warning()),
    };
    say!("self-generation   {}{note}{unprintable}", if settings.self_generation { "on" } else { "off" });
    say!("verify URL        {}<code>", settings.verify_base_url);
    say!("honor template    {}", template(Mode::Honor));
    say!("verified template {}", template(Mode::Verified));
    Ok(ExitCode::SUCCESS)
}
