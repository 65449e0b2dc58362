//! Names for synthetic courses: plausible people in the scripts certdesk must print.

use crate::domain::NameScript;

/// Names of one language: given and family names, and how a full name is put together.
pub struct NameGroup {
    pub given: &'static [&'static str],
    pub family: &'static [&'static str],
    pub family_first: bool,
    /// Between the two parts: a space, or nothing (Chinese, Korean).
    pub separator: &'static str,
    pub agreement: Agreement,
}

/// How a family name takes a woman's form, in the languages whose family names do: so that a
/// made-up course has no `Екатерина Кузнецов`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    None,
    /// `Кузнецов` → `Кузнецова` after a given name in `а` or `я`.
    Russian,
    /// `Κωνσταντινίδης` → `Κωνσταντινίδου`, `Μακρής` → `Μακρή`, `Βλάχος` → `Βλάχου`, `Παππάς` →
    /// `Παππά` after a given name in `α` or `η`.
    Greek,
    /// `Wiśniewski` ↔ `Wiśniewska`, as the given name ends in `a` or not.
    Polish,
}

impl Agreement {
    /// `family` as it goes with `given`.
    fn family(self, given: &str, family: &str) -> String {
        let ends = |endings: &[char]| given.chars().last().is_some_and(|last| endings.contains(&last));
        let swap = |pairs: &[(&str, &str)]| {
            let found = pairs.iter().find_map(|(from, to)| family.strip_suffix(from).map(|stem| format!("{stem}{to}")));
            found.unwrap_or_else(|| family.to_string())
        };
        match self {
            Agreement::None => family.to_string(),
            Agreement::Russian if ends(&['а', 'я']) => swap(&[("ов", "ова"), ("ев", "ева"), ("ин", "ина")]),
            Agreement::Greek if ends(&['α', 'ά', 'η', 'ή']) => {
                swap(&[("ίδης", "ίδου"), ("ής", "ή"), ("ης", "η"), ("άς", "ά"), ("ος", "ου")])
            }
            Agreement::Polish if ends(&['a']) => swap(&[("ski", "ska"), ("cki", "cka")]),
            Agreement::Polish => swap(&[("ska", "ski"), ("cka", "cki")]),
            Agreement::Russian | Agreement::Greek => family.to_string(),
        }
    }
}

impl NameGroup {
    pub fn full_name(&self, given: &str, family: &str) -> String {
        let (sep, family) = (self.separator, self.agreement.family(given, family));
        if self.family_first { format!("{family}{sep}{given}") } else { format!("{given}{sep}{family}") }
    }

    /// The longest name the group can make: a worst case for layout.
    pub fn longest(&self) -> String {
        let longest = |names: &[&'static str]| names.iter().copied().max_by_key(|n| n.chars().count()).unwrap_or("");
        self.full_name(longest(self.given), longest(self.family))
    }

    /// Every name the group can make.
    pub fn all(&self) -> impl Iterator<Item = String> + '_ {
        self.given.iter().flat_map(move |given| self.family.iter().map(move |family| self.full_name(given, family)))
    }
}

const fn group(
    given: &'static [&'static str],
    family: &'static [&'static str],
    family_first: bool,
    separator: &'static str,
) -> NameGroup {
    NameGroup { given, family, family_first, separator, agreement: Agreement::None }
}

/// `group` for a language whose family names agree with the given name.
const fn agreeing(given: &'static [&'static str], family: &'static [&'static str], agreement: Agreement) -> NameGroup {
    NameGroup { given, family, family_first: false, separator: " ", agreement }
}

/// Which names `certdesk sample` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scripts {
    /// Latin (English, Dutch, French, German, Spanish, Polish, Turkish, Vietnamese), Greek, Cyrillic.
    Latin,
    /// The nine scripts that need shaping or their own fonts: Arabic, Hebrew, Devanagari,
    /// Bengali, Tamil, Thai, Chinese, Japanese, Korean.
    Complex,
    /// Both.
    All,
}

impl Scripts {
    pub fn groups(self) -> &'static [NameGroup] {
        match self {
            Scripts::Latin => &GROUPS[..LATIN_GROUPS],
            Scripts::Complex => &GROUPS[LATIN_GROUPS..],
            Scripts::All => GROUPS,
        }
    }
}

/// How many of `GROUPS` come first and are written in Latin, Greek or Cyrillic letters.
const LATIN_GROUPS: usize = 10;

/// The groups, Latin-script ones first.
pub const GROUPS: &[NameGroup] = &[
    group(
        &["Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Noah", "Emily"],
        &["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies"],
        false,
        " ",
    ),
    group(
        &["Daan", "Sanne", "Bram", "Femke", "Lotte", "Sem", "Joris", "Anouk"],
        &["de Vries", "van den Berg", "Jansen", "Bakker", "Visser", "van Dijk", "Smit", "de Jong"],
        false,
        " ",
    ),
    group(
        &["Élodie", "François", "Chloé", "Théo", "Léa", "Hélène", "Jérôme", "Maël"],
        &["Lefèvre", "Dubois", "Moreau", "Girard", "Rousseau", "Bénard", "Lemaître", "Faure"],
        false,
        " ",
    ),
    group(
        &["Jürgen", "Jörg", "Lena", "Lukas", "Käthe", "Björn", "Ute", "Maximilian"],
        &["Müller", "Schäfer", "Schröder", "Weiß", "Köhler", "Groß", "Bäcker", "Krämer"],
        false,
        " ",
    ),
    group(
        &["José", "María", "Álvaro", "Begoña", "Íñigo", "Lucía", "Sofía", "Andrés"],
        &["Núñez", "García", "Muñoz", "Peña", "Ibáñez", "Fernández", "Gómez", "Martín"],
        false,
        " ",
    ),
    agreeing(
        &["Łukasz", "Małgorzata", "Zofia", "Krzysztof", "Wojciech", "Agnieszka", "Paweł", "Jadwiga"],
        &["Żółć", "Wiśniewski", "Kowalczyk", "Ślęzak", "Dąbrowska", "Wójcik", "Kołodziej", "Michalak"],
        Agreement::Polish,
    ),
    group(
        &["Çağrı", "Özgür", "Şebnem", "Gülşen", "İlker", "Ayşe", "Ömer", "Zeynep"],
        &["Yılmaz", "Şahin", "Öztürk", "Çelik", "Doğan", "Kılıç", "Aydın", "Özdemir"],
        false,
        " ",
    ),
    group(
        &["Văn An", "Thị Bích", "Hoàng Phúc", "Minh Đức", "Thị Ngọc Lan", "Quốc Huy", "Thu Thảo", "Gia Bảo"],
        &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Võ", "Bùi"],
        true,
        " ",
    ),
    agreeing(
        &["Σοφία", "Γιώργος", "Ελένη", "Δημήτρης", "Κατερίνα", "Νίκος", "Μαρία", "Ανδρέας"],
        &["Οικονόμου", "Γεωργίου", "Κωνσταντινίδης", "Αλεξίου", "Νικολάου", "Παππάς", "Βλάχος", "Μακρής"],
        Agreement::Greek,
    ),
    agreeing(
        &["Анна", "Дмитрий", "Ольга", "Сергей", "Наталья", "Иван", "Екатерина", "Алексей"],
        &["Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Новиков", "Морозов", "Волков"],
        Agreement::Russian,
    ),
    group(
        &["محمد", "أحمد", "فاطمة", "عائشة", "علي", "مريم", "يوسف", "خديجة"],
        &["العتيبي", "الحربي", "القحطاني", "عبد الله", "الشمري", "الزهراني", "المطيري", "الدوسري"],
        false,
        " ",
    ),
    group(
        &["דוד", "שרה", "יוסף", "רחל", "משה", "מרים", "אברהם", "לאה"],
        &["כהן", "לוי", "מזרחי", "פרץ", "ביטון", "בן־דוד", "פרידמן", "שפירא"],
        false,
        " ",
    ),
    group(
        &["अनिरुद्ध", "प्रिया", "राहुल", "अंजलि", "विक्रम", "स्नेहा", "अर्जुन", "दीपिका"],
        &["श्रीवास्तव", "शर्मा", "वर्मा", "त्रिपाठी", "चतुर्वेदी", "द्विवेदी", "मिश्रा", "क्षत्रिय"],
        false,
        " ",
    ),
    group(
        &["রবীন্দ্রনাথ", "সুচিত্রা", "অমিত", "শ্রাবন্তী", "প্রসেনজিৎ", "ঋতুপর্ণা", "সৌমিত্র", "মৌসুমী"],
        &["ঠাকুর", "চট্টোপাধ্যায়", "বন্দ্যোপাধ্যায়", "মুখোপাধ্যায়", "সেনগুপ্ত", "দাশগুপ্ত", "ভট্টাচার্য", "রায়চৌধুরী"],
        false,
        " ",
    ),
    group(
        &["சுப்பிரமணிய", "லட்சுமி", "கார்த்திக்", "பிரியா", "செந்தில்", "மீனாட்சி", "அருண்", "கவிதா"],
        &["பாரதி", "ராமசாமி", "கிருஷ்ணன்", "சுந்தரம்", "வேலுசாமி", "நடராஜன்", "பழனிசாமி", "சண்முகம்"],
        false,
        " ",
    ),
    group(
        &["สมชาย", "สมศรี", "ประเสริฐ", "กาญจนา", "ณัฐพล", "ศิริพร", "วิทยา", "อรุณี"],
        &["ใจดี", "ศรีสุข", "วงศ์สวัสดิ์", "แก้วมณี", "บุญมา", "สุขสวัสดิ์", "ทองดี", "ชัยประเสริฐ"],
        false,
        " ",
    ),
    group(
        &["小明", "秀英", "伟", "芳", "建国", "丽娟", "志强", "静怡"],
        &["王", "李", "张", "刘", "陈", "杨", "黄", "欧阳"],
        true,
        "",
    ),
    group(
        &["さくら", "太郎", "陽菜", "翔太", "美咲", "健一", "ゆい", "大輝"],
        &["山田", "佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "中村"],
        true,
        " ",
    ),
    group(
        &["민준", "서연", "지훈", "하은", "도윤", "수빈", "예준", "지민"],
        &["김", "이", "박", "최", "정", "강", "조", "윤"],
        true,
        "",
    ),
];

/// The group of sample names written in `script`.
pub fn group_for(script: NameScript) -> Option<&'static NameGroup> {
    GROUPS.iter().find(|group| NameScript::of(&group.longest()) == Some(script))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_has_a_group_and_the_latin_groups_come_first() {
        for script in NameScript::ALL {
            let group = group_for(script).unwrap_or_else(|| panic!("no sample names in {script:?}"));
            assert_eq!(NameScript::of(&group.longest()), Some(script), "{}", group.longest());
        }
        for group in Scripts::Latin.groups() {
            assert!(
                matches!(
                    NameScript::of(&group.longest()),
                    None | Some(NameScript::Greek | NameScript::Cyrillic | NameScript::Vietnamese)
                ),
                "{}",
                group.longest()
            );
        }
        assert_eq!(Scripts::Complex.groups().len(), 9);
    }

    #[test]
    fn names_are_joined_the_way_each_language_writes_them() {
        let chinese = group_for(NameScript::Chinese).expect("Chinese");
        assert_eq!(chinese.full_name("小明", "王"), "王小明");
        let english = &GROUPS[0];
        assert_eq!(english.full_name("Ada", "Smith"), "Ada Smith");
    }

    #[test]
    fn family_names_agree_with_a_womans_given_name_where_the_language_says_so() {
        let russian = group_for(NameScript::Cyrillic).expect("Cyrillic");
        assert_eq!(russian.full_name("Екатерина", "Кузнецов"), "Екатерина Кузнецова");
        assert_eq!(russian.full_name("Дмитрий", "Кузнецов"), "Дмитрий Кузнецов");
        assert_eq!(russian.longest(), "Екатерина Кузнецова");
        let greek = group_for(NameScript::Greek).expect("Greek");
        assert_eq!(greek.full_name("Κατερίνα", "Κωνσταντινίδης"), "Κατερίνα Κωνσταντινίδου");
        assert_eq!(greek.full_name("Ελένη", "Μακρής"), "Ελένη Μακρή");
        assert_eq!(greek.full_name("Μαρία", "Παππάς"), "Μαρία Παππά");
        assert_eq!(greek.full_name("Σοφία", "Βλάχος"), "Σοφία Βλάχου");
        assert_eq!(greek.full_name("Σοφία", "Γεωργίου"), "Σοφία Γεωργίου");
        assert_eq!(greek.full_name("Νίκος", "Μακρής"), "Νίκος Μακρής");
        let polish = GROUPS.iter().find(|group| group.given.contains(&"Łukasz")).expect("Polish");
        assert_eq!(polish.full_name("Zofia", "Wiśniewski"), "Zofia Wiśniewska");
        assert_eq!(polish.full_name("Paweł", "Dąbrowska"), "Paweł Dąbrowski");
        assert_eq!(polish.full_name("Paweł", "Kowalczyk"), "Paweł Kowalczyk");
    }
}
