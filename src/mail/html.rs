//! What certdesk adds to a message's HTML version as it is rendered: links that wrap on a
//! phone. A link written out (`https://certs.example.edu/learner/3f9a…`) is one word longer
//! than a phone's screen is wide, and runs off it unless it may break inside.

/// What a link without a style of its own is given. `overflow-wrap: anywhere` breaks a word
/// only where it would not fit otherwise, so a link of ordinary words (`your own page`) wraps
/// between them as before; the built-in message's links, always addresses, have their own
/// `word-break: break-all` and are left as they are.
const WRAPPING: &str = " style=\"overflow-wrap: anywhere\"";

/// `html` with every `<a>` start tag that has no `style` attribute given [`WRAPPING`]. A tag
/// with a style keeps it untouched: whoever wrote the message chose how that link looks.
pub fn links_wrap(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let (before, tag) = rest.split_at(at);
        out.push_str(before);
        let after_name = &tag[1..];
        let is_link = after_name.get(..1).is_some_and(|a| a.eq_ignore_ascii_case("a"))
            && after_name[1..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/');
        if is_link && !has_style(&after_name[1..]) {
            out.push_str("<a");
            out.push_str(WRAPPING);
            rest = &after_name[1..];
        } else {
            out.push('<');
            rest = after_name;
        }
    }
    out.push_str(rest);
    out
}

/// Whether the attributes of a start tag (what follows its name, up to and past its `>`) name
/// `style`. Quoted values are skipped, so `title="style=x"` is not taken for one.
fn has_style(attributes: &str) -> bool {
    let mut chars = attributes.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| c.is_ascii_whitespace() || *c == '/').is_some() {}
        let Some(&(start, first)) = chars.peek() else { return false };
        if first == '>' {
            return false;
        }
        let mut end = start;
        while let Some((at, c)) = chars.next_if(|(_, c)| !(c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))) {
            end = at + c.len_utf8();
        }
        if attributes[start..end].eq_ignore_ascii_case("style") {
            return true;
        }
        while chars.next_if(|(_, c)| c.is_ascii_whitespace()).is_some() {}
        if chars.next_if(|(_, c)| *c == '=').is_none() {
            continue;
        }
        while chars.next_if(|(_, c)| c.is_ascii_whitespace()).is_some() {}
        match chars.peek().map(|(_, c)| *c) {
            Some(quote @ ('"' | '\'')) => {
                chars.next();
                while chars.next_if(|(_, c)| *c != quote).is_some() {}
                chars.next();
            }
            _ => while chars.next_if(|(_, c)| !(c.is_ascii_whitespace() || *c == '>')).is_some() {},
        }
    }
}

#[cfg(test)]
mod tests {
    use super::links_wrap;

    #[track_caller]
    fn wraps(html: &str, expected: &str) {
        assert_eq!(links_wrap(html), expected, "{html}");
    }

    #[test]
    fn links_without_a_style_wrap_and_everything_else_is_left_alone() {
        let given = r#"<a style="overflow-wrap: anywhere""#;
        wraps(
            r#"<p><a href="https://x.example/learner/T">link</a></p>"#,
            &format!(r#"<p>{given} href="https://x.example/learner/T">link</a></p>"#),
        );
        wraps("<A HREF=x>one</A> <a\nhref=y>two</a>", &format!("{given} HREF=x>one</A> {given}\nhref=y>two</a>"));
        wraps("<a>bare</a>", &format!("{given}>bare</a>"));
        wraps(r#"<a title="style=x" href=y>z</a>"#, &format!(r#"{given} title="style=x" href=y>z</a>"#));
        wraps(r#"<a title='a > b' href=y>z</a>"#, &format!(r#"{given} title='a > b' href=y>z</a>"#));
        // Names and values in any script, however odd, are read without a panic.
        wraps("<a dätä=ü href=y>z</a>", &format!("{given} dätä=ü href=y>z</a>"));
        wraps("<a =x 'y' \"z>", &format!("{given} =x 'y' \"z>"));
        // A style of the message's own is kept as written.
        for kept in [
            r#"<a href="x" style="color: red">x</a>"#,
            r#"<a STYLE='word-break: break-all' href=x>x</a>"#,
            r#"<a href=x style>x</a>"#,
            "<a stylé=x style='é'>é</a>",
            "<abbr>x</abbr> <address>y</address> <b>z</b>",
            "no tags & < at all",
            "<a",
            "",
        ] {
            wraps(kept, kept);
        }
    }
}
