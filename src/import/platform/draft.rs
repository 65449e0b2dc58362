//! `import FILE --draft course.toml` (Ctrl-D in the TUI's import dialog): a course.toml with everything the export (and the
//! grading policy) let certdesk infer, and a comment on each value to check or fill in. A
//! value nobody can infer is written as the string "FILL IN", which the import refuses
//! until it is replaced.

use std::fmt::Write as _;
use std::path::Path;

use super::export::{Export, Format, slug};
use super::policy::GradingPolicy;
use crate::domain::Points;
use crate::import::{Ask, Supplement, Wording};

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn number(value: f64) -> String {
    let text = format!("{value:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The files besides the draft that an import of `format`'s export is told to give: those
/// given with the draft, as given, and an Open edX report's roster by the name it usually has
/// when none was. (Without a grading policy the draft asks for the weights itself.)
pub fn supplements(format: Format, policy: Option<&Path>, roster: Option<&Path>) -> Vec<(Supplement, String)> {
    let shown = |path: &Path| path.display().to_string();
    let mut files: Vec<(Supplement, String)> =
        policy.map(|path| (Supplement::GradingPolicy, shown(path))).into_iter().collect();
    match (roster, format) {
        (Some(path), _) => files.push((Supplement::Roster, shown(path))),
        (None, Format::OpenEdx) => files.push((Supplement::Roster, "PROFILES.csv".to_string())),
        (None, _) => {}
    }
    files
}

/// The draft for `export`, named after `file_stem` (the export's file name); its comments say
/// how to import with it and `supplements` in `wording`'s words (the CLI's command, or the
/// TUI's dialog).
pub fn draft_course_toml(
    export: &Export,
    policy: Option<&GradingPolicy>,
    supplements: &[(Supplement, String)],
    file_stem: &str,
    wording: &dyn Wording,
) -> String {
    let mut out = String::new();
    let line = |out: &mut String, text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(
        &mut out,
        format!("# certdesk course.toml drafted from {} ({}, {}).", export.file, export.format.label(), export.layout),
    );
    line(&mut out, "# Replace every \"FILL IN\", check every value marked CHECK, then import with".to_string());
    let besides: Vec<(Supplement, &str)> =
        supplements.iter().map(|(supplement, file)| (*supplement, file.as_str())).collect();
    for how in wording.import_with_draft(&export.file, &besides).lines() {
        line(&mut out, format!("#   {how}"));
    }
    line(&mut out, String::new());
    let id = slug(file_stem.split("_grade_report").next().unwrap_or(file_stem), "course");
    line(&mut out, format!("id = {}  # CHECK: lowercase letters, digits, '-' and '_'", quoted(&id)));
    line(&mut out, "title = \"FILL IN\"  # the course title printed on certificates".to_string());
    line(&mut out, "institution = \"\"  # FILL IN if certificates name the institution".to_string());
    line(&mut out, "# starts = 2026-09-01T08:00:00Z  # optional".to_string());
    line(&mut out, "# ends = 2027-01-31T23:59:59Z  # optional: once passed, every grade is final".to_string());
    match policy.and_then(GradingPolicy::lowest_cutoff) {
        Some(threshold) => line(
            &mut out,
            format!("pass_threshold = {}  # from the grading policy's lowest cutoff", threshold.decimal()),
        ),
        None => line(&mut out, "pass_threshold = \"FILL IN\"  # percent, e.g. 50".to_string()),
    }
    line(&mut out, "issuance = \"final\"  # CHECK: \"final\" (when every grade is final) or \"threshold\"".to_string());
    match export.format {
        Format::OpenEdx => {
            line(
                &mut out,
                "grading = \"openedx\"  # grade as Open edX does (weights as given, edX's rounding)".to_string(),
            );
            line(
                &mut out,
                format!(
                    "# Modes come from the report's Enrollment Track; names from {}.",
                    wording.ask(&Ask::In(Supplement::Roster))
                ),
            );
        }
        _ => {
            line(&mut out, "grading = \"certdesk\"".to_string());
            line(
                &mut out,
                "mode = \"honor\"  # CHECK: the mode of every learner (the export has none); audit is never certified"
                    .to_string(),
            );
        }
    }
    if let Some(policy) = policy.filter(|policy| !policy.cutoffs.is_empty()) {
        line(&mut out, "\n[letter_cutoffs]  # from the grading policy".to_string());
        for cutoff in &policy.cutoffs {
            line(&mut out, format!("{} = {}", quoted(&cutoff.letter), cutoff.minimum.decimal()));
        }
    }
    line(&mut out, "\n# [[signatory]]  # any number, for the templates".to_string());
    line(&mut out, "# name = \"FILL IN\"".to_string());
    line(&mut out, "# title = \"FILL IN\"".to_string());
    categories(&mut out, export, policy);
    activities(&mut out, export);
    out
}

fn categories(out: &mut String, export: &Export, policy: Option<&GradingPolicy>) {
    let mut groups: Vec<&str> = Vec::new();
    for item in &export.items {
        if !groups.contains(&item.group.as_str()) {
            groups.push(&item.group);
        }
    }
    let points_of = |group: &str| -> Option<f64> {
        export.items.iter().filter(|item| item.group == group).map(|item| item.max_points.map(Points::as_f64)).sum()
    };
    match (export.format, policy) {
        (Format::OpenEdx, Some(policy)) => {
            for grader in &policy.graders {
                let _ = write!(
                    out,
                    "\n[[category]]  # from the grading policy\nid = {}\ntitle = {}\nweight = {}\ndrop_lowest = {}\nmin_count = {}\n",
                    quoted(&slug(&grader.kind, "type")),
                    quoted(&grader.kind),
                    number(grader.weight),
                    grader.drop_count,
                    grader.min_count
                );
            }
        }
        (Format::OpenEdx, None) => {
            for group in groups {
                let _ = write!(
                    out,
                    "\n[[category]]  # an assignment type of the report\nid = {}\ntitle = {}\nweight = \"FILL IN\"  # as in Studio's grading settings, e.g. 0.4\ndrop_lowest = 0  # CHECK\nmin_count = 0  # CHECK\n",
                    quoted(&slug(group, "type")),
                    quoted(group)
                );
            }
        }
        (Format::Moodle, _) => {
            for group in groups {
                let weight = points_of(group).map_or_else(|| "\"FILL IN\"".to_string(), number);
                let _ = write!(
                    out,
                    "\n[[category]]  # the {group} items\nid = {}\ntitle = {}\nweight = {weight}  # CHECK: the points of its items, as Moodle's Natural aggregation weighs them\n",
                    quoted(&slug(group, "items")),
                    quoted(group)
                );
            }
        }
        (Format::Canvas, _) => {
            let _ = write!(
                out,
                "\n[[category]]  # CHECK: Canvas weighs total points unless assignment groups are weighted;\n# to weight groups, add a [[category]] per group and set each activity's category\nid = \"all\"\ntitle = \"All assignments\"\nweight = 1\n"
            );
        }
        (Format::Chamilo, _) => {
            let _ = write!(out, "\n[[category]]\nid = \"gradebook\"\ntitle = \"Gradebook\"\nweight = 1\n");
        }
    }
}

fn activities(out: &mut String, export: &Export) {
    for item in &export.items {
        // Worth no points (Canvas's extra credit), it is left out of the import: a draft that
        // wrote `max_points = 0` was refused by the import it suggested.
        if item.max_points == Some(Points::ZERO) {
            let _ = write!(
                out,
                "\n# {} is worth 0 points possible (extra credit), so the import leaves it out; to count it as an \
                 activity, add [[activity]] id = {} with max_points\n",
                quoted(&item.column),
                quoted(&item.id)
            );
            continue;
        }
        let category = match export.format {
            Format::OpenEdx => slug(&item.group, "type"),
            Format::Moodle => slug(&item.group, "items"),
            Format::Canvas => "all".to_string(),
            Format::Chamilo => "gradebook".to_string(),
        };
        let max = match (export.format, item.max_points) {
            (Format::OpenEdx, _) => "100  # edX's fraction, as a percent".to_string(),
            (_, Some(max)) => format!("{max}  # from the export"),
            (_, None) => "\"FILL IN\"  # the export does not say".to_string(),
        };
        let weight = match (export.format, item.weight, item.max_points) {
            (Format::Chamilo, Some(weight), _) => number(weight),
            (Format::Canvas | Format::Moodle, _, Some(max)) => format!("{max}  # its points"),
            (Format::Canvas | Format::Moodle, _, None) => "\"FILL IN\"  # its points".to_string(),
            _ => "1".to_string(),
        };
        let _ = write!(
            out,
            "\n[[activity]]\nid = {}\ntitle = {}\ncategory = {}\nmax_points = {max}\nweight = {weight}\n",
            quoted(&item.id),
            quoted(&item.title),
            quoted(&category)
        );
    }
}
