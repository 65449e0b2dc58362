//! Verification codes: 60 random bits shown as `7KQ2-M9XD-4TPA`.
//!
//! The alphabet has 32 symbols and leaves out 0, O, 1 and I, so a code read aloud or copied
//! from paper cannot be mistyped into another valid code by those confusions.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::shown::{echoed, is_invisible, visible};

const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const SYMBOLS: usize = 12;
const BITS: u32 = 60;

/// Stored as the number; in JSON and other human-readable formats, as `7KQ2-M9XD-4TPA`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(u64);

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() { serializer.collect_str(self) } else { self.0.serialize(serializer) }
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Code, D::Error> {
        use serde::de::Error as _;
        if deserializer.is_human_readable() {
            String::deserialize(deserializer)?.parse().map_err(D::Error::custom)
        } else {
            let bits = u64::deserialize(deserializer)?;
            Code::from_bits(bits).ok_or_else(|| D::Error::custom("a code has at most 60 bits"))
        }
    }
}

impl Code {
    /// Printed on example certificates; never issued, so it never verifies.
    pub const EXAMPLE: Code = Code::from_symbols(*b"EXAMPLE2CERT");

    /// The widest code to print, of the widest letters: what may be issued fits where it does.
    pub const WIDEST: Code = Code::from_symbols(*b"WMWMMWMWWMWM");

    const fn from_symbols(symbols: [u8; SYMBOLS]) -> Code {
        let mut bits = 0u64;
        let mut index = 0;
        while index < SYMBOLS {
            let mut value = 0;
            while ALPHABET[value] != symbols[index] {
                value += 1;
            }
            bits = bits << 5 | value as u64;
            index += 1;
        }
        Code(bits)
    }

    /// The code made of the low 60 bits of a random number.
    pub fn from_random(random: u64) -> Code {
        Code(random & ((1 << BITS) - 1))
    }

    pub fn bits(self) -> u64 {
        self.0
    }

    pub fn from_bits(bits: u64) -> Option<Code> {
        (bits >> BITS == 0).then_some(Code(bits))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = [0u8; SYMBOLS + 2];
        let mut position = 0;
        for symbol in 0..SYMBOLS {
            if symbol > 0 && symbol % 4 == 0 {
                text[position] = b'-';
                position += 1;
            }
            let shift = BITS - 5 * (symbol as u32 + 1);
            text[position] = ALPHABET[((self.0 >> shift) & 31) as usize];
            position += 1;
        }
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// `count`: how many letters and digits were typed, which tells a person whether they
    /// left one out or typed one twice.
    #[error(
        "'{text}' is not a certificate code: a code has 12 letters and digits, like K7QF-M2XD-9HTA; this has {count}"
    )]
    WrongLength { text: String, count: usize },
    /// `count` as for `WrongLength`: a code one too long with a `0` in it is told both.
    #[error("'{text}' is not a certificate code: codes never contain {}{hint}{}", quoted(*.symbol), length_too(*.count))]
    BadSymbol { text: String, symbol: char, hint: &'static str, count: usize },
    #[error("'{0}' does not end in a certificate code, as a verification address does (…/verify/7KQ2-M9XD-4TPA)")]
    NoCodeInAddress(String),
}

/// What a symbol's refusal adds when the length is wrong too.
fn length_too(count: usize) -> String {
    match count {
        SYMBOLS => String::new(),
        count => format!(", and it has {count} letters and digits where a code has {SYMBOLS}"),
    }
}

/// `'x'`, or `U+202E` for a character that would not show.
fn quoted(symbol: char) -> String {
    if is_invisible(symbol) { visible(&symbol.to_string()) } else { format!("'{symbol}'") }
}

/// Between the groups of a code as printed or as commonly typed.
fn is_separator(c: char) -> bool {
    matches!(c, '-' | ' ' | '\u{2010}'..='\u{2015}' | '\t')
}

/// Also between the groups of a code a person typed: `_`, `.`, the minus sign, any whitespace
/// (a code broken over two lines), and the invisible characters a copy from a web page or a
/// document carries along (a zero-width space, a soft hyphen, a word joiner, a byte order mark).
fn is_typed_separator(c: char) -> bool {
    is_separator(c)
        || c.is_whitespace()
        || matches!(c, '_' | '.' | '\u{2212}' | '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Brackets, quotes and sentence punctuation, which may stand around a code in running text.
fn is_around(c: char) -> bool {
    matches!(c, '(' | ')' | '[' | ']' | '<' | '>' | '{' | '}' | '"' | '\'' | ',' | ';' | ':' | '!' | '?')
        || matches!(c, '\u{2018}'..='\u{201f}' | '\u{ab}' | '\u{bb}' | '\u{3001}' | '\u{3002}')
}

/// The last part of a web address (`https://certs.example.edu/verify/K7QF-M2XD-9HTA`, with or
/// without its scheme, or one that ends in a query's `=`), where a verification address has
/// its code; `None` when `text` is no address.
fn address_tail(text: &str) -> Option<&str> {
    let text = text.trim();
    let (host, _) = text.split_once('/')?;
    if !text.contains("://") && !host.contains('.') {
        return None;
    }
    let text = text.split('#').next().unwrap_or(text).trim_end_matches('/');
    let tail = text.rsplit(['/', '=']).next().unwrap_or(text);
    Some(tail.strip_suffix(".json").unwrap_or(tail))
}

impl Code {
    /// A code as a person typed or pasted it (the verification page's form, `certdesk verify`):
    /// besides what `parse` takes, the full-width letters and digits of CJK input methods
    /// (folded by NFKC), `_` and `.` between groups, and a verification address ending in a code.
    pub fn from_typed(typed: &str) -> Result<Code, CodeError> {
        use unicode_normalization::UnicodeNormalization;
        let folded: String = if typed.is_ascii() { typed.to_string() } else { typed.nfkc().collect() };
        // What a sentence or an autolinker puts around a code or its address ("(see …/verify/
        // 7KQ2-M9XD-4TPA).", "<…>", a comma after it) is not part of it, nor is the full stop
        // that ends the sentence: no code starts or ends with a dot.
        let folded = folded.trim().trim_matches(|c| is_around(c) || matches!(c, '.' | '\u{2026}'));
        match address_tail(folded) {
            Some(tail) => parse(tail, typed, is_typed_separator).map_err(|_| CodeError::NoCodeInAddress(echoed(typed))),
            None => parse(folded, typed, is_typed_separator),
        }
    }

    /// The codes `text` prints, in order and each once: three groups of four symbols joined by
    /// dashes, standing apart from the letters and digits around them (`…/verify/7KQ2-M9XD-4TPA`
    /// is one). Whitespace inside a code is passed over, as a page's text breaks it where a
    /// program drew it in pieces.
    pub fn all_in(text: &str) -> Vec<Code> {
        let mut found = Vec::new();
        for printed in Code::shapes_in(text) {
            if let Ok(code) = parse(&printed, &printed, is_printed_dash)
                && !found.contains(&code)
            {
                found.push(code);
            }
        }
        found
    }

    /// What `text` prints in the shape of a code, as `all_in` finds them, whether or not each
    /// is one (its check symbol may not hold): a page's codes as a reader takes them.
    pub fn shapes_in(text: &str) -> Vec<String> {
        // Each character but whitespace, and whether whitespace came before it.
        let mut chars = Vec::with_capacity(text.len());
        let mut spaced = true;
        for c in text.chars() {
            if c.is_whitespace() {
                spaced = true;
            } else {
                chars.push((c, spaced));
                spaced = false;
            }
        }
        let is_symbol = |c: char| c.is_ascii() && ALPHABET.contains(&(c.to_ascii_uppercase() as u8));
        let joins = |(c, spaced): (char, bool)| !spaced && c.is_alphanumeric();
        const PRINTED: usize = SYMBOLS + 2;
        let mut found = Vec::new();
        let mut at = 0;
        while at + PRINTED <= chars.len() {
            let shape = chars[at..at + PRINTED].iter().enumerate().all(|(place, &(c, _))| match place {
                4 | 9 => is_printed_dash(c),
                _ => is_symbol(c),
            });
            let apart = (at == 0 || !chars[at - 1].0.is_alphanumeric() || chars[at].1)
                && chars.get(at + PRINTED).is_none_or(|&next| !joins(next));
            if !(shape && apart) {
                at += 1;
                continue;
            }
            found.push(chars[at..at + PRINTED].iter().map(|&(c, _)| c).collect());
            at += PRINTED;
        }
        found
    }
}

/// The code in `text`, groups split by `is_separator`; errors repeat `typed`, what the
/// person typed before it was folded.
fn parse(text: &str, typed: &str, is_separator: fn(char) -> bool) -> Result<Code, CodeError> {
    let symbols = || text.chars().filter(|c| !is_separator(*c));
    // Letters and digits only: a `!` or an invisible character among twelve is said alone.
    let count = symbols().filter(|c| c.is_alphanumeric()).count();
    let mut bits = 0u64;
    for c in symbols() {
        let upper = c.to_ascii_uppercase();
        let Some(value) = ALPHABET.iter().position(|&symbol| char::from(symbol) == upper) else {
            let hint = match upper {
                '0' | 'O' | '1' | 'I' => " (0, O, 1 and I are left out so they cannot be confused)",
                _ => "",
            };
            return Err(CodeError::BadSymbol { text: echoed(typed), symbol: c, hint, count });
        };
        bits = (bits << 5) | value as u64;
    }
    if count != SYMBOLS {
        return Err(CodeError::WrongLength { text: echoed(typed), count });
    }
    Ok(Code(bits))
}

impl FromStr for Code {
    type Err = CodeError;

    /// Accepts any case, with or without dashes and spaces: "7kq2 m9xd 4tpa" verifies.
    fn from_str(text: &str) -> Result<Code, CodeError> {
        parse(text, text, is_separator)
    }
}

/// A dash as a page may print one between a code's groups.
fn is_printed_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse_round_trip() {
        for random in [0, 1, u64::MAX, 0x0123_4567_89AB_CDEF, 0xDEAD_BEEF] {
            let code = Code::from_random(random);
            let shown = code.to_string();
            assert_eq!(shown.len(), 14);
            assert_eq!(shown.parse::<Code>(), Ok(code), "{shown}");
        }
        assert_eq!(Code::from_random(0).to_string(), "2222-2222-2222");
        assert_eq!(Code::from_random(u64::MAX).to_string(), "ZZZZ-ZZZZ-ZZZZ");
    }

    #[test]
    fn codes_are_found_where_a_page_prints_them() {
        let page = "Verify at https://certs.example.org/verify/7KQ2-M9XD-4TPA\nCode 7kq2-m9xd-4tpa issued";
        assert_eq!(Code::all_in(page), ["7KQ2-M9XD-4TPA".parse::<Code>().unwrap()], "once, whatever its case");
        // Drawn in pieces, and two different codes on one page.
        let codes = Code::all_in("K7QF -M2XD- 9HTA and 2222\u{2010}2222\u{2010}2222.");
        assert_eq!(codes.iter().map(Code::to_string).collect::<Vec<_>>(), ["K7QF-M2XD-9HTA", "2222-2222-2222"]);
        // Not a code: longer runs of letters, other shapes, symbols codes leave out.
        for text in [
            "AK7QF-M2XD-9HTA",
            "K7QF-M2XD-9HTAB",
            "2026-12-05",
            "K7QF M2XD 9HTA",
            "K7QF-M2XD-9HT0",
            "uuid 8f14e45f-ceea-467f-a0e6",
        ] {
            assert_eq!(Code::all_in(text), [], "{text}");
        }
    }

    #[track_caller]
    fn normalises(text: &str, expected: &str) {
        assert_eq!(text.parse::<Code>().map(|code| code.to_string()), Ok(expected.to_string()), "{text:?}");
    }

    #[test]
    fn input_is_normalised() {
        normalises("7KQ2-M9XD-4TPA", "7KQ2-M9XD-4TPA");
        normalises("7kq2m9xd4tpa", "7KQ2-M9XD-4TPA");
        normalises(" 7KQ2 M9XD 4TPA ", "7KQ2-M9XD-4TPA");
        normalises("7kq2\u{2013}m9xd\u{2013}4tpa", "7KQ2-M9XD-4TPA");
    }

    #[test]
    fn bad_input_says_why() {
        assert!(matches!("7KQ2-M9XD-4TP".parse::<Code>(), Err(CodeError::WrongLength { .. })));
        assert!(matches!("7KQ2-M9XD-4TPAA".parse::<Code>(), Err(CodeError::WrongLength { .. })));
        let pasted = "7KQ2".repeat(2500);
        let error = pasted.parse::<Code>().expect_err("too long").to_string();
        assert!(error.len() < 200 && error.contains("7KQ2…"), "{error}");
        let zero = "7KQ0-M9XD-4TPA".parse::<Code>().expect_err("0 is not a symbol").to_string();
        assert!(zero.contains("never contain '0'") && zero.contains("left out"), "{zero}");
        assert!(!zero.contains("letters and digits"), "the length is right, so not said: {zero}");
        for stray in ["AB!CD-EFGH-JKLM", "AB\u{202e}CD-EFGH-JKLM", "ABCD-EF\u{200b}GH-JKLM"] {
            let error = stray.parse::<Code>().expect_err("a stray character").to_string();
            assert!(!error.contains("letters and digits"), "twelve, besides what is refused: {error}");
        }
        // How many were typed, so that a person sees one was left out or typed twice.
        let short = "7KQ2-M9XD-4TP".parse::<Code>().expect_err("11").to_string();
        assert!(short.ends_with("like K7QF-M2XD-9HTA; this has 11"), "{short}");
        let both = "AARK-LHNY-9KMB0".parse::<Code>().expect_err("13, one a 0").to_string();
        assert_eq!(
            both,
            "'AARK-LHNY-9KMB0' is not a certificate code: codes never contain '0' (0, O, 1 and I are left out so \
             they cannot be confused), and it has 13 letters and digits where a code has 12"
        );
        assert!(matches!("7KQ2-M9XD-4TP!".parse::<Code>(), Err(CodeError::BadSymbol { symbol: '!', .. })));
    }

    #[track_caller]
    fn typed(text: &str, expected: &str) {
        assert_eq!(Code::from_typed(text).map(|code| code.to_string()), Ok(expected.to_string()), "{text:?}");
    }

    #[test]
    fn codes_are_taken_however_a_person_typed_or_pasted_them() {
        typed("7kq2 m9xd 4tpa", "7KQ2-M9XD-4TPA");
        // Full-width, as CJK input methods type them; the ideographic space between groups.
        typed("７ＫＱ２－Ｍ９ＸＤ\u{3000}４ＴＰＡ", "7KQ2-M9XD-4TPA");
        typed("7KQ2_M9XD_4TPA", "7KQ2-M9XD-4TPA");
        typed("7kq2.m9xd.4tpa", "7KQ2-M9XD-4TPA");
        typed("https://certs.example.edu/verify/7KQ2-M9XD-4TPA", "7KQ2-M9XD-4TPA");
        typed(" certs.example.edu/verify/7kq2m9xd4tpa/ ", "7KQ2-M9XD-4TPA");
        typed("https://certs.example.edu/check?code=7KQ2-M9XD-4TPA#top", "7KQ2-M9XD-4TPA");
        typed("https://certs.example.edu/verify/7KQ2-M9XD-4TPA.json", "7KQ2-M9XD-4TPA");
        // As a sentence, an email or an autolinker leaves it: in brackets or quotes, a comma after.
        typed("(https://certs.example.edu/verify/7KQ2-M9XD-4TPA)", "7KQ2-M9XD-4TPA");
        typed("<https://certs.example.edu/verify/7KQ2-M9XD-4TPA>", "7KQ2-M9XD-4TPA");
        typed("7KQ2-M9XD-4TPA,", "7KQ2-M9XD-4TPA");
        typed("\u{201c}7KQ2-M9XD-4TPA\u{201d}", "7KQ2-M9XD-4TPA");
        // The end of the sentence copied with it.
        typed("(https://certs.example.edu/verify/7KQ2-M9XD-4TPA).", "7KQ2-M9XD-4TPA");
        typed("\"7KQ2-M9XD-4TPA\".", "7KQ2-M9XD-4TPA");
        typed("https://certs.example.edu/verify/7KQ2-M9XD-4TPA.json.", "7KQ2-M9XD-4TPA");
        typed("7KQ2-M9XD-4TPA\u{2026}", "7KQ2-M9XD-4TPA");
        // What a copy carries along: invisible characters, a line break, a Japanese full stop.
        typed("\u{200b}7KQ2-M9XD-4TPA\u{ad}", "7KQ2-M9XD-4TPA");
        typed("\u{feff}7KQ2\u{2060}M9XD\u{200d}4TPA", "7KQ2-M9XD-4TPA");
        typed("7KQ2\tM9XD\r\n4TPA", "7KQ2-M9XD-4TPA");
        typed("7KQ2-M9XD-4TPA\u{3002}", "7KQ2-M9XD-4TPA");
        // What `parse` alone keeps refusing.
        assert!("7KQ2_M9XD_4TPA".parse::<Code>().is_err());
        assert!("https://certs.example.edu/verify/7KQ2-M9XD-4TPA".parse::<Code>().is_err());
    }

    #[test]
    fn garbage_typed_is_still_refused_with_the_reason() {
        let zero = Code::from_typed("７ＫＱ０-M9XD-4TPA").expect_err("0 is not a symbol").to_string();
        assert!(zero.contains("never contain '0'") && zero.contains("left out"), "{zero}");
        assert!(matches!(Code::from_typed("7KQ2-M9XD"), Err(CodeError::WrongLength { .. })));
        assert!(matches!(Code::from_typed("K7QF:M2XD:9HTA"), Err(CodeError::BadSymbol { symbol: ':', .. })));
        let address = Code::from_typed("https://certs.example.edu/verify/").expect_err("no code").to_string();
        assert!(address.contains("does not end in a certificate code"), "{address}");
        assert!(matches!(Code::from_typed("https://example.org/about"), Err(CodeError::NoCodeInAddress(_))));
    }

    #[test]
    fn an_error_shows_what_would_not_show_as_its_code_point() {
        for (text, expected) in [
            ("\u{202e}9HTD", "'U+202E9HTD' is not a certificate code: codes never contain U+202E"),
            ("\u{0}", "'U+0000' is not a certificate code: codes never contain U+0000"),
            ("a\u{7}b", "'aU+0007b' is not a certificate code: codes never contain U+0007"),
        ] {
            let error = Code::from_typed(text).expect_err("not a code").to_string();
            assert!(error.starts_with(expected), "{text:?}: {error}");
            assert!(!error.contains(|c: char| is_invisible(c)), "{text:?}: {error:?}");
        }
    }

    #[test]
    fn sixty_bits_only() {
        assert_eq!(Code::from_bits(1 << 60), None);
        assert_eq!(Code::from_bits((1 << 60) - 1).map(Code::bits), Some((1 << 60) - 1));
    }
}
