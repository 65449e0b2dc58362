//! The writing systems a name can be in, as far as printing is concerned: each needs its own
//! fonts or shaping, so each gets its own worst case among the example certificates.

use serde::{Deserialize, Serialize};
use unicode_script::{Script, UnicodeScript};

/// A writing system certdesk prints out of the box beyond plain Latin. Stored in example
/// records: add new ones at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NameScript {
    Arabic,
    Hebrew,
    Devanagari,
    Bengali,
    Tamil,
    Thai,
    Chinese,
    Japanese,
    Korean,
    Greek,
    Cyrillic,
    /// Latin with the stacked diacritics of Vietnamese.
    Vietnamese,
}

impl NameScript {
    pub const ALL: [NameScript; 12] = [
        NameScript::Arabic,
        NameScript::Hebrew,
        NameScript::Devanagari,
        NameScript::Bengali,
        NameScript::Tamil,
        NameScript::Thai,
        NameScript::Chinese,
        NameScript::Japanese,
        NameScript::Korean,
        NameScript::Greek,
        NameScript::Cyrillic,
        NameScript::Vietnamese,
    ];

    pub fn label(self) -> &'static str {
        match self {
            NameScript::Arabic => "Arabic",
            NameScript::Hebrew => "Hebrew",
            NameScript::Devanagari => "Devanagari",
            NameScript::Bengali => "Bengali",
            NameScript::Tamil => "Tamil",
            NameScript::Thai => "Thai",
            NameScript::Chinese => "Chinese",
            NameScript::Japanese => "Japanese",
            NameScript::Korean => "Korean",
            NameScript::Greek => "Greek",
            NameScript::Cyrillic => "Cyrillic",
            NameScript::Vietnamese => "Vietnamese",
        }
    }

    /// The script a name is written in: Hangul makes it Korean and kana Japanese; otherwise the
    /// first letter's script decides, and a Latin name with a Vietnamese letter is Vietnamese.
    /// `None` for plain Latin names and scripts outside the list.
    pub fn of(name: &str) -> Option<NameScript> {
        use unicode_normalization::UnicodeNormalization;
        let name: String = name.nfc().collect();
        let mut first: Option<Script> = None;
        let mut kana = false;
        let mut vietnamese = false;
        for c in name.chars().filter(|c| !c.is_ascii()) {
            match c.script() {
                Script::Hangul => return Some(NameScript::Korean),
                Script::Hiragana | Script::Katakana => kana = true,
                Script::Latin => vietnamese |= is_vietnamese(c),
                _ => {}
            }
            if first.is_none() && c.is_alphabetic() {
                first = Some(c.script());
            }
        }
        if kana {
            return Some(NameScript::Japanese);
        }
        let first = first.or_else(|| name.chars().any(|c| c.is_ascii_alphabetic()).then_some(Script::Latin))?;
        Some(match first {
            Script::Arabic => NameScript::Arabic,
            Script::Hebrew => NameScript::Hebrew,
            Script::Devanagari => NameScript::Devanagari,
            Script::Bengali => NameScript::Bengali,
            Script::Tamil => NameScript::Tamil,
            Script::Thai => NameScript::Thai,
            Script::Han => NameScript::Chinese,
            Script::Greek => NameScript::Greek,
            Script::Cyrillic => NameScript::Cyrillic,
            Script::Latin if vietnamese => NameScript::Vietnamese,
            _ => return None,
        })
    }
}

/// Letters only Vietnamese uses among common Latin names: ơ, ư, đ and the Latin Extended
/// Additional letters with two diacritics (ễ, ộ, ừ…).
fn is_vietnamese(c: char) -> bool {
    matches!(c, 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'đ' | 'Đ' | '\u{1EA0}'..='\u{1EF9}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn script(name: &str, expected: Option<NameScript>) {
        assert_eq!(NameScript::of(name), expected, "{name}");
    }

    #[test]
    fn names_are_classified_by_their_letters() {
        script("محمد العتيبي", Some(NameScript::Arabic));
        script("דוד לוי", Some(NameScript::Hebrew));
        script("अनिरुद्ध", Some(NameScript::Devanagari));
        script("রবীন্দ্রনাথ ঠাকুর", Some(NameScript::Bengali));
        script("சுப்பிரமணிய பாரதி", Some(NameScript::Tamil));
        script("สมชาย ใจดี", Some(NameScript::Thai));
        script("王小明", Some(NameScript::Chinese));
        script("山田 太郎", Some(NameScript::Chinese));
        script("山田 さくら", Some(NameScript::Japanese));
        script("김민준", Some(NameScript::Korean));
        script("Γιώργος", Some(NameScript::Greek));
        script("Екатерина", Some(NameScript::Cyrillic));
        script("Nguyễn Thị Ngọc Lan", Some(NameScript::Vietnamese));
        script("Nguye\u{302}\u{303}n Va\u{306}n", Some(NameScript::Vietnamese));
        script("François Lemaître", None);
        script("Bilbo Baggins", None);
        script("කමල් පෙරේරා", None);
    }
}
