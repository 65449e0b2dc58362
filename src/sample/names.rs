//! Names for synthetic courses: plausible people in the scripts certdesk must print.

/// (given names, family names, family name first)
pub const GROUPS: &[(&[&str], &[&str], bool)] = &[
    (
        &["Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Noah", "Emily"],
        &["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies"],
        false,
    ),
    (
        &["Daan", "Sanne", "Bram", "Femke", "Lotte", "Sem", "Joris", "Anouk"],
        &["de Vries", "van den Berg", "Jansen", "Bakker", "Visser", "van Dijk", "Smit", "de Jong"],
        false,
    ),
    (
        &["Élodie", "François", "Chloé", "Théo", "Léa", "Hélène", "Jérôme", "Maël"],
        &["Lefèvre", "Dubois", "Moreau", "Girard", "Rousseau", "Bénard", "Lemaître", "Faure"],
        false,
    ),
    (
        &["Jürgen", "Jörg", "Lena", "Lukas", "Käthe", "Björn", "Ute", "Maximilian"],
        &["Müller", "Schäfer", "Schröder", "Weiß", "Köhler", "Groß", "Bäcker", "Krämer"],
        false,
    ),
    (
        &["José", "María", "Álvaro", "Begoña", "Íñigo", "Lucía", "Sofía", "Andrés"],
        &["Núñez", "García", "Muñoz", "Peña", "Ibáñez", "Fernández", "Gómez", "Martín"],
        false,
    ),
    (
        &["Łukasz", "Małgorzata", "Zofia", "Krzysztof", "Wojciech", "Agnieszka", "Paweł", "Jadwiga"],
        &["Żółć", "Wiśniewski", "Kowalczyk", "Ślęzak", "Dąbrowska", "Wójcik", "Kołodziej", "Michalak"],
        false,
    ),
    (
        &["Çağrı", "Özgür", "Şebnem", "Gülşen", "İlker", "Ayşe", "Ömer", "Zeynep"],
        &["Yılmaz", "Şahin", "Öztürk", "Çelik", "Doğan", "Kılıç", "Aydın", "Özdemir"],
        false,
    ),
    (
        &["Văn An", "Thị Bích", "Hoàng Phúc", "Minh Đức", "Thị Ngọc Lan", "Quốc Huy", "Thu Thảo", "Gia Bảo"],
        &["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Võ", "Bùi"],
        true,
    ),
    (
        &["Σοφία", "Γιώργος", "Ελένη", "Δημήτρης", "Κατερίνα", "Νίκος", "Μαρία", "Ανδρέας"],
        &["Οικονόμου", "Γεωργίου", "Κωνσταντινίδης", "Αλεξίου", "Νικολάου", "Παππάς", "Βλάχος", "Μακρής"],
        false,
    ),
    (
        &["Анна", "Дмитрий", "Ольга", "Сергей", "Наталья", "Иван", "Екатерина", "Алексей"],
        &["Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Новиков", "Морозов", "Волков"],
        false,
    ),
];

/// A name made very long on purpose, to exercise shrink-to-fit.
pub const LONG_NAME_PARTS: &[&str] = &[
    "Maximiliana",
    "Wilhelmina",
    "Theodora",
    "von",
    "Hohenzollern-Sigmaringen",
    "zu",
    "Schwarzenberg",
    "und",
    "Lobkowicz-Thurn",
];
