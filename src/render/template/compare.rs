//! `grade.percent` compared with a number: the grade is text (`"85.5"`, as it prints), and
//! minijinja compares text with a number by their kinds, not their values, so `{% if
//! grade.percent > 90 %}with distinction{% endif %}` printed "with distinction" at 18%; and
//! given to a filter of numbers (`| round`), where minijinja said `cannot round value (string)`.

/// The text that holds the grade as it prints.
const PERCENT: &str = "grade.percent";

/// Where each comparison of `grade.percent` with a number (or an order between it and
/// anything), and each filter of numbers given it, stands in `source`, a text's template, and
/// what to write instead. `expression`: `source` is one expression (an `if` or `for` line), not
/// a text with tags in it.
pub(super) fn text_used_as_number(source: &str, expression: bool) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (start, inside) in code_spans(source, expression) {
        for (at, _) in inside.match_indices(PERCENT) {
            let before = &inside[..at];
            let after = &inside[at + PERCENT.len()..];
            let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
            if before.chars().next_back().is_some_and(is_word) || after.chars().next().is_some_and(is_word) {
                continue;
            }
            if let Some(op) = operator_after(after.trim_start()) {
                found.push((start + at, message(op, &format!("grade.percent | float {op} …"))));
            } else if let Some(op) = operator_before(before.trim_end()) {
                found.push((start + at, message(op, &format!("… {op} grade.percent | float"))));
            } else if let Some(filter) = number_filter_after(after.trim_start()) {
                found.push((start + at, changed_message(filter)));
            }
        }
    }
    found
}

/// The comparison right after `grade.percent`: an order with anything, or an equality with a number.
fn operator_after(after: &str) -> Option<&'static str> {
    let op = ["<=", ">=", "==", "!=", "<", ">"].into_iter().find(|op| after.starts_with(op))?;
    let other = after[op.len()..].trim_start();
    (!op.ends_with('=') || op.starts_with(['<', '>']) || starts_with_number(other)).then_some(op)
}

/// The comparison right before `grade.percent`, as `90 < grade.percent`.
fn operator_before(before: &str) -> Option<&'static str> {
    let op = ["<=", ">=", "==", "!=", "<", ">"].into_iter().find(|op| before.ends_with(op))?;
    let other = before[..before.len() - op.len()].trim_end();
    let is_order = op.starts_with(['<', '>']);
    (is_order || other.ends_with(|c: char| c.is_ascii_digit())).then_some(op)
}

/// A filter right after `grade.percent` that takes only numbers (minijinja's answer was
/// `cannot round value (string)`).
fn number_filter_after(after: &str) -> Option<&'static str> {
    let filter = after.strip_prefix('|')?.trim_start();
    let name_ends = filter.find(|c: char| !c.is_alphanumeric() && c != '_').unwrap_or(filter.len());
    ["round", "abs"].into_iter().find(|number_filter| &filter[..name_ends] == *number_filter)
}

fn changed_message(filter: &str) -> String {
    format!(
        "`grade.percent` is text (\"85.5\"), and `{filter}` takes only numbers: print the grade as it is, as its credential holds it"
    )
}

fn starts_with_number(text: &str) -> bool {
    text.strip_prefix('-').unwrap_or(text).starts_with(|c: char| c.is_ascii_digit())
}

fn message(op: &str, instead: &str) -> String {
    format!(
        "`grade.percent` is text, as it prints (\"85.5\"), so `{op}` does not compare it by its value: write `{instead}`"
    )
}

/// The code inside `{{ … }}` and `{% … %}` of `source` (all of it for an expression), each
/// with its byte offset: what is outside is printed as it is, `>` and all.
fn code_spans(source: &str, expression: bool) -> Vec<(usize, &str)> {
    if expression {
        return vec![(0, source)];
    }
    let mut spans = Vec::new();
    let mut rest = 0;
    while let Some(open) = source[rest..].find(['{']).map(|at| rest + at) {
        let close = match source.get(open..open + 2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                rest = open + 1;
                continue;
            }
        };
        let start = open + 2;
        let end = source[start..].find(close).map_or(source.len(), |at| start + at);
        spans.push((start, &source[start..end]));
        rest = (end + close.len()).min(source.len());
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn flagged(source: &str, expression: bool) -> Vec<usize> {
        text_used_as_number(source, expression).into_iter().map(|(at, _)| at).collect()
    }

    #[test]
    fn the_grade_compared_with_a_number_is_found_and_nothing_else() {
        assert_eq!(flagged("{% if grade.percent > 90 %}distinction{% endif %}", false), [6]);
        assert_eq!(flagged("{% if 90 <= grade.percent %}d{% endif %}", false), [12]);
        assert_eq!(flagged("grade.percent >= 50", true), [0]);
        assert_eq!(flagged("grade.percent == 100", true), [0]);
        assert_eq!(flagged("{{ grade.percent < \"90\" }}", false), [3]);
        // As it should be written, or not a comparison with a number.
        assert!(flagged("{% if grade.percent | float > 90 %}d{% endif %}", false).is_empty());
        assert!(flagged("grade.percent == \"100.0\"", true).is_empty());
        assert!(flagged("{{ grade.percent }} > 90 and {{ grade.percent }}%", false).is_empty());
        assert!(flagged("grade.percentile > 3", true).is_empty());
        let said =
            |source: &str| text_used_as_number(source, true).into_iter().map(|(_, said)| said).collect::<Vec<_>>();
        assert_eq!(
            said("90 < grade.percent"),
            [
                "`grade.percent` is text, as it prints (\"85.5\"), so `<` does not compare it by its value: write `… < grade.percent | float`"
            ]
        );
        assert_eq!(
            said("grade.percent >= 50"),
            [
                "`grade.percent` is text, as it prints (\"85.5\"), so `>=` does not compare it by its value: write `grade.percent | float >= …`"
            ]
        );
        assert!(flagged("{% if grade.letter > \"B\" %}x{% endif %}", false).is_empty());
    }

    #[test]
    fn the_grade_given_to_a_filter_of_numbers_is_found() {
        assert_eq!(flagged("{{ grade.percent | round }}%", false), [3]);
        assert_eq!(flagged("{{ grade.percent|abs }}%", false), [3]);
        assert_eq!(
            text_used_as_number("{{ grade.percent | round(1) }}%", false)
                .into_iter()
                .map(|(_, said)| said)
                .collect::<Vec<_>>(),
            [
                "`grade.percent` is text (\"85.5\"), and `round` takes only numbers: print the grade as it is, as its credential holds it"
            ]
        );
        assert!(
            flagged("{{ grade.percent | float | round }}", false).is_empty(),
            "a number: the page check's to judge"
        );
        assert!(flagged("{{ grade.percent | rounded }} {{ grade.percent | upper }}", false).is_empty());
    }
}
