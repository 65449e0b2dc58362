//! Which scripts have a face of their own in the book, and which Chinese, Japanese or Korean
//! glyph forms a text asks for.

use unicode_script::Script;

/// A script that the template families (DejaVu) do not draw well or at all, so the book keeps a
/// dedicated face for it and tries that face before the template's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dedicated {
    Arabic,
    Hebrew,
    Devanagari,
    Bengali,
    Tamil,
    Thai,
    /// Han, kana, Hangul and Bopomofo: one face covers them all.
    Cjk,
}

impl Dedicated {
    pub const ALL: [Dedicated; 7] = [
        Dedicated::Arabic,
        Dedicated::Hebrew,
        Dedicated::Devanagari,
        Dedicated::Bengali,
        Dedicated::Tamil,
        Dedicated::Thai,
        Dedicated::Cjk,
    ];

    pub fn of(script: Script) -> Option<Dedicated> {
        Some(match script {
            Script::Arabic => Dedicated::Arabic,
            Script::Hebrew => Dedicated::Hebrew,
            Script::Devanagari => Dedicated::Devanagari,
            Script::Bengali => Dedicated::Bengali,
            Script::Tamil => Dedicated::Tamil,
            Script::Thai => Dedicated::Thai,
            Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul | Script::Bopomofo => Dedicated::Cjk,
            _ => return None,
        })
    }

    /// The script's name as the README and messages write it.
    pub fn name(self) -> &'static str {
        match self {
            Dedicated::Arabic => "Arabic",
            Dedicated::Hebrew => "Hebrew",
            Dedicated::Devanagari => "Devanagari",
            Dedicated::Bengali => "Bengali",
            Dedicated::Tamil => "Tamil",
            Dedicated::Thai => "Thai",
            Dedicated::Cjk => "Chinese, Japanese and Korean",
        }
    }
}

/// The regional glyph forms of unified Han characters: the same code point is drawn differently
/// in Japan, Korea, mainland China and Taiwan, so a CJK face comes in one variant per region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CjkVariant {
    Japanese,
    Korean,
    Simplified,
    Traditional,
}

impl CjkVariant {
    pub const ALL: [CjkVariant; 4] =
        [CjkVariant::Japanese, CjkVariant::Korean, CjkVariant::Simplified, CjkVariant::Traditional];

    /// The suffix of the variant's family in Noto CJK and Source Han (`Noto Sans CJK JP`).
    pub fn family_suffix(self) -> &'static str {
        match self {
            CjkVariant::Japanese => "JP",
            CjkVariant::Korean => "KR",
            CjkVariant::Simplified => "SC",
            CjkVariant::Traditional => "TC",
        }
    }

    /// The variant a BCP 47 language tag asks for (`ja`, `ko`, `zh-TW`, `zh-Hant`, `zh`), if any.
    pub fn from_language(tag: &str) -> Option<CjkVariant> {
        let lower = tag.to_ascii_lowercase();
        let mut parts = lower.split(['-', '_']);
        match parts.next()? {
            "ja" => Some(CjkVariant::Japanese),
            "ko" => Some(CjkVariant::Korean),
            "zh" | "yue" => {
                let traditional = parts.any(|part| matches!(part, "hant" | "tw" | "hk" | "mo"));
                Some(if traditional { CjkVariant::Traditional } else { CjkVariant::Simplified })
            }
            _ => None,
        }
    }

    /// The variant for `text`: Hangul means Korean and kana Japanese, whatever the language;
    /// otherwise the language's variant, and Simplified Chinese when nothing says more.
    pub fn for_text(text: &str, language: Option<&str>) -> CjkVariant {
        use unicode_script::UnicodeScript;
        let mut kana = false;
        for c in text.chars().filter(|c| !c.is_ascii()) {
            match c.script() {
                Script::Hangul => return CjkVariant::Korean,
                Script::Hiragana | Script::Katakana => kana = true,
                _ => {}
            }
        }
        if kana {
            return CjkVariant::Japanese;
        }
        language.and_then(CjkVariant::from_language).unwrap_or(CjkVariant::Simplified)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn variant(text: &str, language: Option<&str>, expected: CjkVariant) {
        assert_eq!(CjkVariant::for_text(text, language), expected, "{text:?} in {language:?}");
    }

    #[test]
    fn the_text_decides_before_the_language() {
        variant("김민준", None, CjkVariant::Korean);
        variant("김민준", Some("ja"), CjkVariant::Korean);
        variant("さくら 山田", Some("zh"), CjkVariant::Japanese);
        variant("山田太郎", Some("ja"), CjkVariant::Japanese);
        variant("山田太郎", Some("ja-JP"), CjkVariant::Japanese);
        variant("陳大文", Some("zh-TW"), CjkVariant::Traditional);
        variant("陳大文", Some("zh-Hant"), CjkVariant::Traditional);
        variant("王小明", Some("zh-Hans"), CjkVariant::Simplified);
        variant("王小明", Some("en"), CjkVariant::Simplified);
        variant("王小明", None, CjkVariant::Simplified);
    }

    #[test]
    fn dedicated_scripts() {
        assert_eq!(Dedicated::of(Script::Arabic), Some(Dedicated::Arabic));
        assert_eq!(Dedicated::of(Script::Katakana), Some(Dedicated::Cjk));
        assert_eq!(Dedicated::of(Script::Latin), None);
        assert_eq!(Dedicated::of(Script::Greek), None);
    }
}
