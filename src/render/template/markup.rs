//! Inline emphasis inside a text: `*italic*`, `**bold**`, `\*` for a literal star. Runs after
//! placeholders are evaluated; values arrive with their stars escaped, so data never styles.

use super::program::{LITERAL_BACKSLASH, LITERAL_STAR};

/// A stretch of `Styled::text` with one emphasis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub bold: bool,
    pub italic: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Styled {
    pub text: String,
    pub spans: Vec<Span>,
}

/// Strips the markers from `source`, returning the plain text and its emphasis spans.
pub fn parse(source: &str) -> Styled {
    let mut styled = Styled { text: String::with_capacity(source.len()), spans: Vec::new() };
    let (mut bold, mut italic) = (false, false);
    let mut span_start = 0;
    let mut chars = source.chars().peekable();
    let close = |styled: &mut Styled, start: &mut usize, bold: bool, italic: bool| {
        if styled.text.len() > *start {
            styled.spans.push(Span { start: *start, end: styled.text.len(), bold, italic });
        }
        *start = styled.text.len();
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('*' | '\\')) => styled.text.push(chars.next().unwrap_or('\\')),
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                close(&mut styled, &mut span_start, bold, italic);
                bold = !bold;
            }
            '*' => {
                close(&mut styled, &mut span_start, bold, italic);
                italic = !italic;
            }
            LITERAL_STAR => styled.text.push('*'),
            LITERAL_BACKSLASH => styled.text.push('\\'),
            c => styled.text.push(c),
        }
    }
    close(&mut styled, &mut span_start, bold, italic);
    styled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(source: &str) -> Vec<(&str, bool, bool)> {
        let styled = parse(source);
        let text: &'static str = Box::leak(styled.text.into_boxed_str());
        styled.spans.iter().map(|span| (&text[span.start..span.end], span.bold, span.italic)).collect()
    }

    #[test]
    fn emphasis_markers_become_spans() {
        assert_eq!(
            spans("a *b* **c** d"),
            vec![
                ("a ", false, false),
                ("b", false, true),
                (" ", false, false),
                ("c", true, false),
                (" d", false, false)
            ]
        );
        assert_eq!(spans("***both***"), vec![("both", true, true)]);
        assert_eq!(spans(r"5 \* 3"), vec![("5 * 3", false, false)]);
    }

    #[test]
    fn escaped_values_stay_literal() {
        let value = format!("{LITERAL_STAR}star{LITERAL_STAR} {LITERAL_BACKSLASH}");
        assert_eq!(parse(&value).text, "*star* \\");
        assert_eq!(parse(&value).spans.len(), 1);
    }
}
