//! The tabs of the main window, in the order they are shown and numbered.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Gradebook,
    Certificates,
    Templates,
    Log,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Gradebook, Tab::Certificates, Tab::Templates, Tab::Log];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Gradebook => "Gradebook",
            Tab::Certificates => "Certificates",
            Tab::Templates => "Templates",
            Tab::Log => "Log",
        }
    }

    pub fn index(self) -> usize {
        match self {
            Tab::Gradebook => 0,
            Tab::Certificates => 1,
            Tab::Templates => 2,
            Tab::Log => 3,
        }
    }

    /// The tab for the digit key `1`..`4`.
    pub fn from_number(number: char) -> Option<Tab> {
        let index = number.to_digit(10)?.checked_sub(1)?;
        Tab::ALL.get(index as usize).copied()
    }

    pub fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % Tab::ALL.len()]
    }

    pub fn prev(self) -> Tab {
        Tab::ALL[(self.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::Tab;

    #[test]
    fn tabs_cycle_both_ways_and_number_from_one() {
        assert_eq!(Tab::Log.next(), Tab::Gradebook);
        assert_eq!(Tab::Gradebook.prev(), Tab::Log);
        assert_eq!(Tab::from_number('2'), Some(Tab::Certificates));
        assert_eq!(Tab::from_number('0'), None);
        assert_eq!(Tab::from_number('5'), None);
    }
}
