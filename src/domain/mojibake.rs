//! Names a wrong encoding damaged before certdesk read them: a spreadsheet that opened a UTF-8
//! file as Windows-1252 and saved it again (`José` became `JosÃ©`), or one that could not read a
//! letter and left U+FFFD in its place. The file is UTF-8 by then, so the import's refusal of
//! other encodings cannot see it; the name would print wrong on a signed certificate.

/// The characters of Windows-1252 at 0x80-0x9F, where it is not Latin-1; `'\0'` for the five
/// bytes it leaves undefined.
const HIGH: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘', '’', '“', '”', '•',
    '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

/// What `byte` stands for in Windows-1252, which is Latin-1 but for 0x80-0x9F; `None` for an
/// ASCII byte, the five it leaves undefined, and the no-break space (which shows as nothing).
pub fn windows_1252(byte: u8) -> Option<char> {
    match byte {
        0x80..=0x9F => Some(HIGH[usize::from(byte - 0x80)]).filter(|&c| c != '\0'),
        0xA1..=0xFF => Some(char::from(byte)),
        _ => None,
    }
}

/// The byte Windows-1252 writes `c` as, when it is one of its characters past ASCII.
fn byte_of(c: char) -> Option<u8> {
    match u32::from(c) {
        code @ 0xA0..=0xFF => u8::try_from(code).ok(),
        _ => HIGH.iter().position(|&high| high == c && c != '\0').and_then(|at| u8::try_from(0x80 + at).ok()),
    }
}

/// Why `name` looks damaged by a wrong encoding, if it does, with what it most likely was.
pub fn encoding_damage(name: &str) -> Option<String> {
    if name.contains('\u{fffd}') {
        return Some(
            "the name contains U+FFFD (�), which a program leaves where it could not read a letter: the file was \
             opened in the wrong encoding on its way here; correct the name where it comes from"
                .to_string(),
        );
    }
    let (damaged, meant) = double_decoded(name)?;
    Some(format!(
        "the name looks like UTF-8 read as Windows-1252 ('{damaged}' would be '{meant}'): a spreadsheet opened the file \
         in the wrong encoding and saved it so; export it again as CSV UTF-8, or correct the name"
    ))
}

/// The first run of `name` that is a UTF-8 letter written as Windows-1252 characters (`Ã©` for
/// `é`), and that letter. Its first character stands for a lead byte, the rest for continuation
/// bytes, and together they must be a letter past ASCII: no name writes `Ã` before `©`.
fn double_decoded(name: &str) -> Option<(String, char)> {
    let chars: Vec<char> = name.chars().collect();
    for (at, &lead) in chars.iter().enumerate() {
        let Some(first @ 0xC2..=0xF4) = byte_of(lead) else {
            continue;
        };
        let length = match first {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        let Some(run) = chars.get(at..at + length) else {
            continue;
        };
        let bytes: Option<Vec<u8>> = run.iter().map(|&c| byte_of(c)).collect();
        let Some(bytes) = bytes else {
            continue;
        };
        if let Ok(text) = std::str::from_utf8(&bytes)
            && let Some(letter) = text.chars().next()
            && letter.is_alphabetic()
        {
            return Some((run.iter().collect(), letter));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_read_as_windows_1252_is_found_with_what_it_was() {
        let found = |name: &str| double_decoded(name).map(|(damaged, meant)| format!("{damaged} {meant}"));
        assert_eq!(found("JosÃ© MartÃ\u{ad}nez PeÃ±a").as_deref(), Some("Ã© é"));
        assert_eq!(found("Ã\u{a0}lex").as_deref(), Some("Ã\u{a0} à"));
        assert_eq!(found("Ä°lker").as_deref(), Some("Ä° İ"));
        assert_eq!(found("Å½ana").as_deref(), Some("Å½ Ž"));
        assert_eq!(found("çŽ‹").as_deref(), Some("çŽ‹ 王"));
        // Real names, capitals and all.
        for name in ["JOÃO SÃO PAULO", "José Martínez", "Ævar Ørn", "Ångström", "Ðorđe", "ÑUÑOA", "Zoë", "王小明", "Ã"]
        {
            assert_eq!(found(name), None, "{name}");
        }
    }

    #[test]
    fn a_replacement_character_is_named() {
        let said = encoding_damage("Jos\u{fffd} Mart\u{fffd}nez").unwrap_or_default();
        assert!(said.starts_with("the name contains U+FFFD (�)"), "{said}");
        assert_eq!(encoding_damage("José Martínez"), None);
    }

    #[test]
    fn windows_1252_quotes_and_the_euro_are_named() {
        assert_eq!(windows_1252(0x80), Some('€'));
        assert_eq!(windows_1252(0x92), Some('’'));
        assert_eq!(windows_1252(0x81), None);
        assert_eq!(windows_1252(0xE9), Some('é'));
        assert_eq!(byte_of('’'), Some(0x92));
        assert_eq!(byte_of('\0'), None);
    }
}
