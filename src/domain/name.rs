//! Learners' names and usernames as text: what a name may be (one line of data that prints,
//! at most 120 characters), how names and usernames are kept (composed, spaces tidied), and how
//! they sort and are searched.

/// The most characters a full name may have: every certificate template must print a name
/// this long (`certdesk template check` tries one), so longer ones are refused at import.
pub const MAX_NAME_CHARS: usize = 120;

/// Why `full_name` cannot be a learner's name, if it cannot: empty, too long, or holding a
/// control character or a bidi embedding, override or isolate (which would reorder the rest of
/// a printed line or listing: a name is data, never structure).
pub fn full_name_problem(full_name: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization as _;
    if full_name.trim().is_empty() {
        return Some("the name is empty".to_string());
    }
    if !full_name.chars().any(is_visible_letter) {
        return Some(
            "the name has no letter or digit, only spaces, punctuation, marks or invisible characters: a certificate would show a blank name"
                .to_string(),
        );
    }
    if let Some(mark) = stray_mark(full_name) {
        return Some(format!(
            "the name has a mark (U+{:04X}) with no letter before it, at its start or after a space: a certificate would print it on a dotted circle; join it to its letter or remove it",
            u32::from(mark)
        ));
    }
    if let Some(problem) = line_problem(full_name, "name") {
        return Some(problem);
    }
    if let Some(problem) = super::mojibake::encoding_damage(full_name) {
        return Some(problem);
    }
    // Counted as certificates print it, composed and with its spaces tidied: a name exported in
    // decomposed form (as macOS writes `é`, `e` and a combining accent) is no longer on paper
    // than the same name composed, nor one typed with a run of spaces than with one.
    let printed = spaces_tidied(full_name);
    let length = if printed.is_ascii() { printed.len() } else { printed.nfc().count() };
    if length > MAX_NAME_CHARS {
        return Some(format!("the name has {length} characters; at most {MAX_NAME_CHARS} fit on a certificate"));
    }
    None
}

/// Why `text`, one line of data (a name, a reason staff give), would break or reorder what is
/// printed or listed around it, if it would: a control character, a line break, or a bidi
/// embedding, override or isolate. `what` names it in the message (`the name contains …`).
pub fn line_problem(text: &str, what: &str) -> Option<String> {
    if let Some(c) = text.chars().find(|&c| is_bidi_control(c)) {
        return Some(format!(
            "the {what} contains the bidi control U+{:04X}, which would reorder the text around it; remove it",
            u32::from(c)
        ));
    }
    let c = text.chars().find(|&c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))?;
    let code = u32::from(c);
    let a = if what.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    Some(match c {
        // A quoted cell that runs over two lines, in a file with either line ending.
        '\n' | '\r' => format!("the {what} contains a line break; {a} {what} is one line"),
        '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
            format!("the {what} contains a line break (U+{code:04X}); {a} {what} is one line")
        }
        '\t' => format!("the {what} contains a tab (U+0009); put a space in its place"),
        _ => format!("the {what} contains the control character U+{code:04X}, which prints as nothing; remove it"),
    })
}

/// `text` with its accents composed (NFC), as certdesk keeps every name and username: a file
/// or a command line that writes them decomposed (`é` as `e` and a combining accent, as macOS
/// writes file contents and may send typed text) then names the same learners, and a username
/// is never two learners.
pub fn composed(text: String) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization as _, is_nfc_quick};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        IsNormalized::No | IsNormalized::Maybe => text.nfc().collect(),
    }
}

/// The username `composed` stands for as a certdesk older than composing imports may have
/// kept it: read from a file that wrote its accents decomposed (NFD). `None` when the two forms
/// are one (every ASCII username).
pub fn decomposed_form(composed: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization as _;
    if composed.is_ascii() {
        return None;
    }
    let decomposed: String = composed.nfd().collect();
    (decomposed != composed).then_some(decomposed)
}

/// The name to keep for a learner whose file says `imported`: what was kept before when the two
/// are the same text written differently (composed or decomposed accents: an export from
/// macOS decomposes them), so that nothing reads as renamed; else `imported`, composed, with
/// its spaces tidied (`spaces_tidied`).
pub fn name_as_kept(imported: String, before: Option<&str>) -> String {
    use unicode_normalization::{UnicodeNormalization as _, is_nfc};
    let imported = spaces_tidied(&imported);
    match before {
        Some(before) if before != imported && before.nfc().eq(imported.nfc()) => before.to_string(),
        _ if is_nfc(&imported) => imported,
        _ => imported.nfc().collect(),
    }
}

/// `name` without spaces at either end, each run of spaces inside it kept as its first (a
/// name typed `Ava   Wilson` prints as `Ava Wilson`, where the certificate showed the gap;
/// a Japanese name's one ideographic space stays one).
pub fn spaces_tidied(name: &str) -> String {
    let mut tidied = String::with_capacity(name.len());
    let mut after_space = false;
    for c in name.trim().chars() {
        if !(after_space && c.is_whitespace()) {
            tidied.push(c);
        }
        after_space = c.is_whitespace();
    }
    tidied
}

/// A letter or digit that prints as something: not a zero-width or format character, not a
/// mark (a vowel sign or a shadda is alphabetic, but alone it is drawn on a dotted circle), not
/// one of the Hangul fillers, which are letters that draw nothing, and not the Arabic tatweel,
/// a letter that only stretches the letters it joins (alone it prints as a dash).
fn is_visible_letter(c: char) -> bool {
    c.is_alphanumeric()
        && !unicode_normalization::char::is_combining_mark(c)
        && !matches!(c, '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}' | '\u{640}')
}

/// The first mark that has no letter to sit on, at the name's start or after a space (or a
/// character that prints as nothing): shaping draws it on a dotted circle (`◌́Ana`).
fn stray_mark(full_name: &str) -> Option<char> {
    let mut after_letter = false;
    for c in full_name.trim().chars() {
        if unicode_normalization::char::is_combining_mark(c) && !after_letter {
            return Some(c);
        }
        after_letter = !c.is_whitespace() && !super::shown::is_invisible(c);
    }
    None
}

/// The key names sort by, alphabetically as people read a list rather than by code point:
/// accents and case aside (`Éowyn` beside `eowyn`, before `Zoë`), the Latin letters that do not
/// decompose read as their base letters (`Ærwyn` as `aerwyn`, `Łukasz` as `lukasz`), and the
/// name itself to break ties. Other scripts follow Latin, each in its own order.
pub fn name_sort_key(name: &str) -> (String, String) {
    (folded(name), name.to_string())
}

/// `text` as a list compares it, sorting or searching: lowercase, accents and marks dropped,
/// and the Latin letters that do not decompose as their base letters (`Ærwyn` as `aerwyn`),
/// so that staff typing `maria` find María.
pub fn folded(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            key.push(c.to_ascii_lowercase());
        } else {
            // NFD a character at a time: the canonical reordering a whole string's NFD adds
            // moves only marks, which are all dropped. Lists fold every row's text, names of
            // 100,000 learners at a time, where NFD's buffering of the whole string cost most.
            unicode_normalization::char::decompose_canonical(c, |part| fold_into(&mut key, part));
        }
    }
    key
}

/// A character of a canonical decomposition as `folded` keeps it.
fn fold_into(key: &mut String, c: char) {
    if unicode_normalization::char::is_combining_mark(c) {
        return;
    }
    match c {
        'Æ' | 'æ' => key.push_str("ae"),
        'Œ' | 'œ' => key.push_str("oe"),
        'Ø' | 'ø' => key.push('o'),
        'Ł' | 'ł' => key.push('l'),
        'Đ' | 'đ' | 'Ð' | 'ð' => key.push('d'),
        'Þ' | 'þ' => key.push_str("th"),
        'ß' => key.push_str("ss"),
        'ı' => key.push('i'),
        _ => key.extend(c.to_lowercase()),
    }
}

/// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Usernames appear in keys, file names and the CLI: no spaces, no control characters,
/// no path separators.
pub fn is_valid_username(username: &str) -> bool {
    username_problem(username).is_none()
}

/// A character that shows as nothing in a login: the invisible ones of `shown::is_invisible`,
/// and those that draw blank or join without showing (Hangul fillers, the combining grapheme
/// joiner, variation selectors, Khmer's inherent vowels, musical formatting marks).
fn is_blank_in_a_login(c: char) -> bool {
    super::shown::is_invisible(c)
        || matches!(c,
            '\u{34f}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}' | '\u{3164}' | '\u{ffa0}'
            | '\u{fe00}'..='\u{fe0f}' | '\u{1d173}'..='\u{1d17a}' | '\u{e0100}'..='\u{e01ef}')
}

/// The bytes a username may take.
pub const MAX_USERNAME_BYTES: usize = 128;

/// Why `username` cannot be one, in words: one login must never pass for another, so an
/// invisible character (a zero-width space, a bidi control) is refused as a space is.
pub fn username_problem(username: &str) -> Option<String> {
    if username.is_empty() {
        return Some("a username cannot be empty".into());
    }
    if let Some(c) = username.chars().find(|&c| c.is_whitespace() || is_blank_in_a_login(c)) {
        let what = match c {
            ' ' => "a space".to_string(),
            c if c.is_control() => format!("the control character {}", super::shown::code_point(c)),
            c if c.is_whitespace() => format!("the space {}", super::shown::code_point(c)),
            c => format!("the invisible character {}", super::shown::code_point(c)),
        };
        return Some(format!("it contains {what}; a username has none"));
    }
    if let Some(c) = username.chars().find(|&c| c == '/' || c == '\\') {
        return Some(format!("it contains '{c}'; a username has no slashes"));
    }
    (username.len() > MAX_USERNAME_BYTES)
        .then(|| format!("it takes {} bytes; a username takes at most {MAX_USERNAME_BYTES}", username.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization as _;

    #[track_caller]
    fn name(full_name: &str, problem: Option<&str>) {
        assert_eq!(full_name_problem(full_name).as_deref(), problem, "{full_name:?}");
    }

    #[test]
    fn names_are_data_not_structure() {
        name("محمد العتيبي", None);
        name("Zoë Ångström", None);
        name(&"a".repeat(120), None);
        name("", Some("the name is empty"));
        name(
            "Eve\u{202e}evE",
            Some("the name contains the bidi control U+202E, which would reorder the text around it; remove it"),
        );
        name(
            "Eve\u{2067}x",
            Some("the name contains the bidi control U+2067, which would reorder the text around it; remove it"),
        );
        name("Eve\u{7}", Some("the name contains the control character U+0007, which prints as nothing; remove it"));
        name("Eve\tSmith", Some("the name contains a tab (U+0009); put a space in its place"));
        name("Eve\nSmith", Some("the name contains a line break; a name is one line"));
        name("Eve\u{2028}Smith", Some("the name contains a line break (U+2028); a name is one line"));
        let blank = Some(
            "the name has no letter or digit, only spaces, punctuation, marks or invisible characters: a certificate would show a blank name",
        );
        for invisible in ["\u{200b} \u{200b}", "\u{200b}", "\u{feff}", "\u{3164}", "\u{2800}", "\u{115f}\u{1160}", "-"]
        {
            name(invisible, blank);
        }
        // Vowel signs, harakat, niqqud and the like are alphabetic, but alone they print as
        // marks on a dotted circle.
        for marks in
            ["\u{64e}\u{651}", "\u{5b8}\u{5bc}", "\u{93f}\u{93e}\u{902}", "\u{9be}", "\u{bbe}", "\u{e31}", "\u{345}"]
        {
            name(marks, blank);
        }
        name("मोहन", None);
        // A tatweel only stretches the letters it joins: alone it prints as a dash.
        name("\u{640}\u{640}\u{640}", blank);
        name("محمـــد", None);
        // A mark at the start or after a space has no letter to sit on.
        let stray = |code: &str| {
            format!(
                "the name has a mark (U+{code}) with no letter before it, at its start or after a space: a certificate would print it on a dotted circle; join it to its letter or remove it"
            )
        };
        name("\u{301}Ana Souza", Some(&stray("0301")));
        name("Ana \u{64e}Souza", Some(&stray("064E")));
        name("Ana\u{301} Souza", None);
        name("e\u{323}\u{302} \u{928}\u{93f}", None);
        name("\u{200b}\u{301}Ana", Some(&stray("0301")));
        name("Anna\u{2028}Berg", Some("the name contains a line break (U+2028); a name is one line"));
        name("Anna\u{2029}", Some("the name contains a line break (U+2029); a name is one line"));
        name("\u{200b}Ana", None);
        name("X Æ A-12", None);
        name("李", None);
        name(&"é".repeat(121), Some("the name has 121 characters; at most 120 fit on a certificate"));
        // 120 letters as a certificate prints them, whether composed or, as macOS exports
        // them, each `ệ` written as `e` and two combining marks (360 code points).
        name(&"ệ".repeat(120), None);
        name(&"e\u{323}\u{302}".repeat(120), None);
        name(&"e\u{323}\u{302}".repeat(121), Some("the name has 121 characters; at most 120 fit on a certificate"));
        // Counted as kept: without a run of spaces inside or spaces at the ends.
        name(&format!("  {}    {}  ", "a".repeat(60), "b".repeat(59)), None);
        name(
            &format!("{}  {}", "a".repeat(60), "b".repeat(60)),
            Some("the name has 121 characters; at most 120 fit on a certificate"),
        );
    }

    #[test]
    fn a_name_is_kept_composed_and_not_renamed_by_how_it_was_written() {
        let composed = "Đặng Thị Ngọc Lan";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(decomposed, composed);
        assert_eq!(name_as_kept(decomposed.clone(), None), composed, "a new learner's name is kept composed");
        assert_eq!(name_as_kept(composed.to_string(), Some(&decomposed)), decomposed, "kept as it was: not renamed");
        assert_eq!(name_as_kept(decomposed.clone(), Some("Lan Đặng")), composed, "renamed, and composed");
        assert_eq!(name_as_kept("Zoë".into(), Some("Zoe")), "Zoë");
    }

    #[test]
    fn a_names_runs_of_spaces_are_one_and_its_ends_have_none() {
        assert_eq!(name_as_kept("  Ava    Wilson ".into(), None), "Ava Wilson");
        assert_eq!(name_as_kept("Ava \u{a0} Wilson".into(), None), "Ava Wilson", "a run of any spaces");
        assert_eq!(name_as_kept("山田\u{3000}\u{3000}太郎".into(), None), "山田\u{3000}太郎", "its first kept");
        assert_eq!(name_as_kept("van\u{a0}Dijk".into(), None), "van\u{a0}Dijk", "one space as it was typed");
        assert_eq!(
            name_as_kept("Ava  Wilson".into(), Some("Ava  Wilson")),
            "Ava Wilson",
            "kept before with the gap: tidied, so the certificate reads as stale"
        );
    }

    #[test]
    fn names_sort_as_people_read_them() {
        let mut names =
            ["Zoë", "Ærwyn", "Çağrı", "Éowyn", "Özgür", "Đặng", "Łukasz", "Ιωάννης", "Анна", "eowyn", "Adam"];
        names.sort_by_cached_key(|name| name_sort_key(name));
        assert_eq!(
            names,
            ["Adam", "Ærwyn", "Çağrı", "Đặng", "eowyn", "Éowyn", "Łukasz", "Özgür", "Zoë", "Ιωάννης", "Анна"]
        );
    }

    #[test]
    fn usernames() {
        for good in ["bilbo", "zoë.ångström", "анна", "user_00001"] {
            assert!(is_valid_username(good), "{good}");
        }
        for bad in [
            "",
            "bil bo",
            "a/b",
            "x\u{0}",
            "tab\there",
            "bil\u{200b}bo",
            "frodo\u{202e}",
            "sam\u{2067}x",
            "bil\u{3164}bo",
            "bil\u{34f}bo",
            "bilbo\u{fe0f}",
            "bil\u{1d173}bo",
            "bil\u{17b4}bo",
        ] {
            assert!(!is_valid_username(bad), "{bad:?}");
        }
        assert_eq!(
            username_problem("bil\u{200b}bo").as_deref(),
            Some("it contains the invisible character U+200B; a username has none")
        );
        assert_eq!(username_problem("bil bo").as_deref(), Some("it contains a space; a username has none"));
        let broken = username_problem("bil\nbo");
        assert_eq!(broken.as_deref(), Some("it contains the control character U+000A; a username has none"));
        let long = "a".repeat(129);
        assert_eq!(username_problem(&long).as_deref(), Some("it takes 129 bytes; a username takes at most 128"));
        assert!(is_valid_username(&"a".repeat(128)));
    }

    #[test]
    fn a_username_has_a_decomposed_form_only_when_it_has_accents_that_decompose() {
        assert_eq!(composed("jose\u{301}".to_string()), "jos\u{e9}");
        assert_eq!(decomposed_form("jos\u{e9}").as_deref(), Some("jose\u{301}"));
        for one_form in ["jose", "learner000001", "\u{674e}\u{534e}", "\u{141}ukasz"] {
            assert_eq!(decomposed_form(one_form), None, "{one_form}");
        }
    }

    /// `folded` a character at a time is `folded` over the string's whole NFD, as it was.
    fn folded_over_whole_nfd(text: &str) -> String {
        let mut key = String::new();
        for c in text.nfd() {
            fold_into(&mut key, c);
        }
        key
    }

    #[test]
    fn folding_finds_names_as_staff_type_them() {
        assert_eq!(folded("María Ærwyn ØVERGÅRD Łukasz Þór Straße"), "maria aerwyn overgard lukasz thor strasse");
        assert_eq!(folded("Nguyễn Đặng"), "nguyen dang");
        assert_eq!(folded("K7QF-M2XD Ελένη 李小明"), "k7qf-m2xd ελενη 李小明");
        // Hangul syllables decompose to their letters, as typed ones do.
        assert_eq!(folded("한국"), "\u{1112}\u{1161}\u{11ab}\u{1100}\u{116e}\u{11a8}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn folding_a_character_at_a_time_is_folding_the_whole_nfd(text in "\\PC{0,24}") {
            proptest::prop_assert_eq!(folded(&text), folded_over_whole_nfd(&text));
        }

        #[test]
        fn folding_latin_with_marks_is_folding_the_whole_nfd(
            text in "[a-zA-ZÀ-ɏ\\u{300}-\\u{36f}\\u{1e00}-\\u{1eff} ]{0,24}",
        ) {
            proptest::prop_assert_eq!(folded(&text), folded_over_whole_nfd(&text));
        }
    }
}
