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

/// Strips the markers from `source`, returning the plain text and its emphasis spans. A star
/// marks emphasis only as one of a pair, the first before a letter and the second after one (as
/// in Markdown, but for the text's edges): `2 * 3 * 4` and an unclosed `*note` print their stars.
pub fn parse(source: &str) -> Styled {
    let pieces = pieces(source);
    let marks = paired(&pieces);
    let mut styled = Styled { text: String::with_capacity(source.len()), spans: Vec::new() };
    let (mut bold, mut italic) = (false, false);
    let mut span_start = 0;
    let close = |styled: &mut Styled, start: &mut usize, bold: bool, italic: bool| {
        if styled.text.len() > *start {
            styled.spans.push(Span { start: *start, end: styled.text.len(), bold, italic });
        }
        *start = styled.text.len();
    };
    for (piece, marks) in pieces.iter().zip(marks) {
        match *piece {
            Piece::Char(c) => styled.text.push(c),
            Piece::Stars { count, .. } if marks => {
                close(&mut styled, &mut span_start, bold, italic);
                // `*` italic, `**` bold, `***` both.
                bold ^= count >= 2;
                italic ^= count != 2;
            }
            Piece::Stars { count, .. } => styled.text.extend(std::iter::repeat_n('*', count)),
        }
    }
    close(&mut styled, &mut span_start, bold, italic);
    styled
}

/// What a text is made of for emphasis: characters, and runs of stars.
#[derive(Debug, Clone, Copy)]
enum Piece {
    Char(char),
    /// A run of stars, which may open emphasis when a letter follows it (or anything, at the
    /// start of the text) and close it when one precedes it (or anything, at its end: a value
    /// may end in a space, `*{{ learner.full_name }}*`). Whitespace is no letter.
    Stars {
        count: usize,
        opens: bool,
        closes: bool,
    },
}

fn pieces(source: &str) -> Vec<Piece> {
    let letter = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
    // Whether a run may mark emphasis on its `inner` side (after it for an opening run, before
    // it for a closing one): a letter there, or anything with the text's edge on its `outer` side.
    let may_mark = |outer: Option<char>, inner: Option<char>| letter(inner) || outer.is_none() && inner.is_some();
    let mut pieces = Vec::new();
    let mut before = None;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        let piece = match c {
            '\\' if matches!(chars.peek(), Some('*' | '\\')) => Piece::Char(chars.next().unwrap_or('\\')),
            '*' => {
                let mut count = 1;
                while chars.next_if_eq(&'*').is_some() {
                    count += 1;
                }
                let after = chars.peek().copied();
                Piece::Stars { count, opens: may_mark(before, after), closes: may_mark(after, before) }
            }
            LITERAL_STAR => Piece::Char('*'),
            LITERAL_BACKSLASH => Piece::Char('\\'),
            c => Piece::Char(c),
        };
        before = Some(match piece {
            Piece::Char(c) => c,
            Piece::Stars { .. } => '*',
        });
        pieces.push(piece);
    }
    pieces
}

/// For each piece, whether it is a star run that marks emphasis: a run that may close pairs with
/// the nearest open run of as many stars (one to three) before it; a run left without a partner
/// is text.
fn paired(pieces: &[Piece]) -> Vec<bool> {
    let mut marks = vec![false; pieces.len()];
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (at, piece) in pieces.iter().enumerate() {
        let Piece::Stars { count: count @ 1..=3, opens, closes } = *piece else { continue };
        let partner = if closes { open.iter().rposition(|&(_, stars)| stars == count) } else { None };
        match partner {
            Some(index) => {
                let (opener, _) = open.remove(index);
                marks[opener] = true;
                marks[at] = true;
            }
            None if opens => open.push((at, count)),
            None => {}
        }
    }
    marks
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
        assert_eq!(
            spans("**bold *both* bold**"),
            vec![("bold ", true, false), ("both", true, true), (" bold", true, false)]
        );
        assert_eq!(spans("a*b*c"), vec![("a", false, false), ("b", false, true), ("c", false, false)]);
    }

    /// A star that pairs with none prints as written: one with space on both sides, one that
    /// nothing closes, a run of more than three.
    #[test]
    fn stars_without_a_partner_are_text() {
        assert_eq!(spans("2 * 3 * 4"), vec![("2 * 3 * 4", false, false)]);
        assert_eq!(spans("*unclosed"), vec![("*unclosed", false, false)]);
        assert_eq!(spans("**also unclosed"), vec![("**also unclosed", false, false)]);
        assert_eq!(spans("rated **** of 5"), vec![("rated **** of 5", false, false)]);
        assert_eq!(spans("*a * b*"), vec![("a * b", false, true)]);
        assert_eq!(spans("x* y *z"), vec![("x* y *z", false, false)]);
        assert_eq!(spans("a * b *"), vec![("a * b *", false, false)]);
        assert_eq!(spans("*ends in a space *"), vec![("ends in a space ", false, true)]);
    }

    #[test]
    fn escaped_values_stay_literal() {
        let value = format!("{LITERAL_STAR}star{LITERAL_STAR} {LITERAL_BACKSLASH}");
        assert_eq!(parse(&value).text, "*star* \\");
        assert_eq!(parse(&value).spans.len(), 1);
    }
}
