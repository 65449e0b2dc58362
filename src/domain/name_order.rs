//! The order a learner's given and family names print in when a platform exports them apart:
//! given name first, as most of the world writes a name, but family name first and with no
//! space for a name in Chinese, Japanese or Korean characters, as those languages write it
//! (family `王`, given `小明`: `王小明`, where `小明 王` would read wrong to every reader of it).

use unicode_script::{Script, UnicodeScript};

/// The full name of a learner whose given and family names come apart.
pub fn full_name(given: &str, family: &str) -> String {
    let (given, family) = (given.trim(), family.trim());
    if family_first(given, family) {
        return format!("{family}{given}");
    }
    format!("{given} {family}").trim().to_string()
}

/// Whether both parts are written in the characters of Chinese, Japanese or Korean, and the
/// family name in Han or Hangul, as theirs are. A name in katakana alone is most often a
/// foreign one written the way its bearer does, given name first (ジョン・スミス), so it keeps
/// that order.
fn family_first(given: &str, family: &str) -> bool {
    let east_asian = |part: &str| !part.is_empty() && part.chars().all(|c| east_asian_script(c.script()));
    east_asian(given)
        && east_asian(family)
        && family.chars().any(|c| matches!(c.script(), Script::Han | Script::Hangul))
}

fn east_asian_script(script: Script) -> bool {
    matches!(script, Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul)
}

#[cfg(test)]
mod tests {
    use super::full_name;

    #[test]
    fn chinese_japanese_and_korean_names_put_the_family_name_first_and_others_the_given_name() {
        let cases = [
            ("小明", "王", "王小明"),
            ("太郎", "山田", "山田太郎"),
            ("さくら", "佐藤", "佐藤さくら"),
            ("민준", "김", "김민준"),
            // Given name first everywhere else, and for a name in katakana alone.
            ("ジョン", "スミス", "ジョン スミス"),
            ("Bilbo", "Baggins", "Bilbo Baggins"),
            ("محمد", "العلي", "محمد العلي"),
            ("प्रिया", "शर्मा", "प्रिया शर्मा"),
            ("Xiaoming", "王", "Xiaoming 王"),
            ("小明", "Wang", "小明 Wang"),
            // One part missing: the other alone, untouched by spaces around it.
            ("  小明 ", "", "小明"),
            ("", "Baggins", "Baggins"),
        ];
        for (given, family, expected) in cases {
            assert_eq!(full_name(given, family), expected, "given {given:?}, family {family:?}");
        }
    }
}
