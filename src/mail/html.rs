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
/// document), whose wrapping its links inherit as any other text does.
pub fn for_phones(html: &str) -> String {
    let (start, end) = content_of(html);
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

#[cfg(test)]
mod tests {
    use super::for_phones;

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
