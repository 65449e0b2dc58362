//! What certdesk adds to a message's HTML version as it is rendered, so that it reads on a
//! phone: a link written out (`https://certs.example.edu/learner/3f9a…`), an address in plain
//! text or any other long word is wider than a phone's screen, and runs off it unless it may
//! break inside.

/// What the message's content is put in: every word of it may break where it would not fit
/// otherwise (`overflow-wrap` is inherited, so this reaches text in plain paragraphs, table
/// cells and links alike, and a style of the message's own set further in wins). `anywhere`
/// also lets table cells narrow to fit; `word-wrap: break-word`, its older name, is for mail
/// clients that do not know `anywhere` and drop that declaration.
const CONTAINER: &str = "<div style=\"word-wrap: break-word; overflow-wrap: anywhere\">";

/// `html` for a phone: its content in [`CONTAINER`] (inside its `<body>` when it is a whole
/// document), and its links given [`WRAPPING`] as [`links_wrap`] says.
pub fn for_phones(html: &str) -> String {
    let html = links_wrap(html);
    let (start, end) = content_of(&html);
    let mut out = String::with_capacity(html.len() + CONTAINER.len() + 6);
    out.push_str(&html[..start]);
    out.push_str(CONTAINER);
    out.push_str(&html[start..end]);
    out.push_str("</div>");
    out.push_str(&html[end..]);
    out
}

/// Where the content of `html` starts and ends: inside `<body>` (or after `</head>`, or after
/// `<html>`) of a whole document, up to `</body>` (or `</html>`); all of a fragment.
fn content_of(html: &str) -> (usize, usize) {
    // ASCII lower case keeps every byte where it was.
    let lower = html.to_ascii_lowercase();
    let start = ["<body", "</head", "<html"]
        .into_iter()
        .find_map(|tag| start_tag(&lower, tag).and_then(|at| tag_end(html, at)))
        .unwrap_or(0);
    let end = ["</body", "</html"]
        .into_iter()
        .find_map(|tag| lower.rfind(tag).filter(|&at| at >= start && is_tag_at(&lower, at, tag)))
        .unwrap_or(html.len());
    (start, end)
}

/// Where the first tag named `tag` (`<body`, `</head`) starts in `lower`.
fn start_tag(lower: &str, tag: &str) -> Option<usize> {
    lower.match_indices(tag).map(|(at, _)| at).find(|&at| is_tag_at(lower, at, tag))
}

/// Whether `tag` at `at` is that tag and not the start of a longer name (`<bodyx`).
fn is_tag_at(lower: &str, at: usize, tag: &str) -> bool {
    lower[at + tag.len()..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
}

/// Just past the `>` of the tag starting at `at`, skipping quoted attribute values.
fn tag_end(html: &str, at: usize) -> Option<usize> {
    let mut quote = None;
    for (offset, c) in html[at..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, '>') => return Some(at + offset + 1),
            _ => {}
        }
    }
    None
}

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
    use super::{for_phones, links_wrap};

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

    #[track_caller]
    fn contained(html: &str, expected: &str) {
        let expected = expected.replace("[", super::CONTAINER).replace("]", "</div>");
        assert_eq!(for_phones(html), expected, "{html}");
    }

    #[test]
    fn the_content_of_a_fragment_or_a_whole_document_is_in_a_container_that_wraps() {
        contained("<p>https://example.org/a/very/long/address</p>", "[<p>https://example.org/a/very/long/address</p>]");
        contained("", "[]");
        contained(
            "<!DOCTYPE html><HTML lang=en><head><style>p { color: red }</style></head><BODY class='a>b'><p>x</p></BODY></HTML>",
            "<!DOCTYPE html><HTML lang=en><head><style>p { color: red }</style></head><BODY class='a>b'>[<p>x</p>]</BODY></HTML>",
        );
        // A document without a body, one whose body is not closed, and names that only start alike.
        contained(
            "<html><head><title>t</title></head><p>x</p></html>",
            "<html><head><title>t</title></head>[<p>x</p>]</html>",
        );
        contained("<html>\n<p>x</p>", "<html>[\n<p>x</p>]");
        contained("<body><p>x</p>", "<body>[<p>x</p>]");
        contained("<bodyguard>x</bodyguard> <htmlish>", "[<bodyguard>x</bodyguard> <htmlish>]");
        // A tag left open leaves the content whole.
        contained("<body class=\"x", "[<body class=\"x]");
    }
}
