//! Compact JSON laid out the way `serde_json::to_string_pretty` lays it out (two spaces a
//! level, `": "` after a key, `{}` and `[]` when empty), without parsing it again: a
//! credential's JSON for people is its signed payload's compact text, indented.

/// Appends `compact` (JSON without whitespace between tokens, as serde_json writes it),
/// indented, to `out`, as if it were nested `depth` levels deep.
pub fn indent_into(compact: &str, depth: usize, out: &mut String) {
    let bytes = compact.as_bytes();
    let mut depth = depth;
    let mut copied = 0;
    let mut at = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                at += 1;
                continue;
            }
            b'{' | b'[' if matches!(bytes.get(at + 1), Some(b'}' | b']')) => {
                at += 2;
                continue;
            }
            b'{' | b'[' => {
                out.push_str(&compact[copied..=at]);
                depth += 1;
                newline(out, depth);
            }
            b'}' | b']' => {
                out.push_str(&compact[copied..at]);
                depth = depth.saturating_sub(1);
                newline(out, depth);
                out.push(bytes[at] as char);
            }
            b',' => {
                out.push_str(&compact[copied..=at]);
                newline(out, depth);
            }
            b':' => {
                out.push_str(&compact[copied..=at]);
                out.push(' ');
            }
            _ => {
                at += 1;
                continue;
            }
        }
        at += 1;
        copied = at;
    }
    out.push_str(&compact[copied.min(compact.len())..]);
}

#[cfg(test)]
mod tests {
    use super::indent_into;

    fn indent(compact: &str) -> String {
        let mut out = String::new();
        indent_into(compact, 0, &mut out);
        out
    }

    #[test]
    fn indented_json_is_what_serde_json_pretty_prints() {
        let value = serde_json::json!({
            "name": "Ann \"the Bold\" O'Hara, {1}: [x] \\ \u{1F600} Ærwyn",
            "empty": {}, "none": [], "numbers": [1, 2.5, -3, null, true],
            "nested": {"a": [{"b": {}}, []], "c": "]}{[,:"},
            "": ""
        });
        let compact = serde_json::to_string(&value).expect("json");
        assert_eq!(indent(&compact), serde_json::to_string_pretty(&value).expect("json"));
        for scalar in ["1", "\"a,b\"", "null", "[]", "{}"] {
            assert_eq!(indent(scalar), scalar);
        }
    }

    #[test]
    fn nested_text_is_indented_from_its_depth() {
        let mut out = String::from("[\n  ");
        indent_into(r#"{"a":[1]}"#, 1, &mut out);
        out.push_str("\n]");
        let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(out, serde_json::to_string_pretty(&serde_json::json!([value[0]])).expect("json"));
    }
}
