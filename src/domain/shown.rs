//! Characters as messages show them to people: in a terminal or a web page, a character that
//! draws nothing, reorders the text around it or looks as each font pleases is named by its
//! code point instead.

/// The quotes a word processor or a phone types for `"` and `'`, which no file format of
/// certdesk reads as quotes: named where they stand in for one.
pub const TYPOGRAPHIC_QUOTES: [char; 7] =
    ['\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}', '\u{201e}', '\u{00ab}', '\u{00bb}'];

/// Whether `c` shows as blank space within a line: the space, the tab, and the spaces of other
/// kinds (a no-break space above all, which text copied from a web page or a word processor
/// brings).
pub fn shows_as_space(c: char) -> bool {
    c == '\t' || (c.is_whitespace() && !c.is_control())
}

/// Characters that draw nothing or change how the text around them reads where they are
/// echoed (a terminal, a web page): control characters, line and paragraph separators, bidi
/// embeddings, overrides, isolates and marks, zero-width characters and tags.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{e0000}'..='\u{e007f}')
}

/// A character a message names, as staff and learners can read it: `'ක' (U+0D9A)`, or its
/// code point alone for one that would not show: a private-use character (no font of the
/// reader's has it either, or one draws a glyph of its own choosing), or an invisible one.
pub fn named_char(c: char) -> String {
    let code = code_point(c);
    if is_private_use(c) {
        format!("{code} (private use)")
    } else if is_invisible(c) {
        code
    } else {
        format!("'{c}' ({code})")
    }
}

/// `U+0D9A`: a character's code point as Unicode writes it.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// The private use areas: characters whose look each font decides for itself.
pub fn is_private_use(c: char) -> bool {
    matches!(c, '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..='\u{ffffd}' | '\u{100000}'..='\u{10fffd}')
}

/// What a message repeats of what someone typed wrong (a code, a course id, a username): enough
/// to recognise it, never a whole page, and nothing that hides or turns text around where it
/// is shown (`visible`): a course id typed with an escape sequence and a line break in it was
/// echoed raw, colouring the terminal and breaking the line.
pub fn echoed(text: &str) -> String {
    const SHOWN: usize = 40;
    let text = text.trim();
    match text.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}…", visible(&text[..end])),
        None => visible(text),
    }
}

/// A path as a word of a command to paste into a shell: as it is when the shell reads it so
/// (letters of any script, digits, `-_./:@%+=,`), else in single quotes, a quote in it as
/// `'\''`. A database under `sp ace/` was named unquoted, and the pasted command failed.
pub fn shell_word(path: &std::path::Path) -> String {
    let text = path.to_string_lossy();
    let plain = |c: char| c.is_alphanumeric() || "-_./:@%+=,".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        return text.into_owned();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// `text` with each invisible character written out as `U+202E`.
pub fn visible(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible(c) {
            shown.push_str(&code_point(c));
        } else {
            shown.push(c);
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_in_a_command_is_quoted_only_where_a_shell_needs_it() {
        let word = |path: &str| shell_word(std::path::Path::new(path));
        assert_eq!(word("/srv/certdesk/db"), "/srv/certdesk/db");
        assert_eq!(word("/tmp/Ünïcødé 日本/db"), "'/tmp/Ünïcødé 日本/db'");
        assert_eq!(word("/tmp/it's/db"), r"'/tmp/it'\''s/db'");
        assert_eq!(word("/tmp/$HOME/db"), "'/tmp/$HOME/db'");
        assert_eq!(word("/tmp/日本/db"), "/tmp/日本/db");
    }

    #[test]
    fn characters_are_named_so_that_they_can_be_read() {
        assert_eq!(named_char('ක'), "'ක' (U+0D9A)");
        assert_eq!(named_char('\u{E000}'), "U+E000 (private use)");
        assert_eq!(named_char('\u{10FFFD}'), "U+10FFFD (private use)");
        assert_eq!(named_char('\u{202E}'), "U+202E");
        assert_eq!(named_char('\u{F900}'), "'\u{F900}' (U+F900)", "a CJK compatibility ideograph, past the area");
    }

    #[test]
    fn invisible_characters_are_written_out() {
        assert_eq!(visible("a\u{202E}b\u{200B}"), "aU+202EbU+200B");
        assert!(is_invisible('\n') && !is_invisible('ක'));
    }
}
