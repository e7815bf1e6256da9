//! Representatives in a negotiation (CCP Arts. 19–24): equal numbers and at
//! least three per side, exactly one chief each, outside experts at most a
//! third of a side and never the chief, and nobody on both sides.

/// A representative as the rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Representative {
    pub name: String,
    pub position: String,
    pub is_chief: bool,
    pub is_outside_expert: bool,
}

/// A broken rule, named so that clients can show and test it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepresentativeRule {
    AtLeastThree,
    AtMostNinetyNine,
    NobodyTwice,
    EqualNumbers,
    OneChief,
    ExpertsAtMostAThird,
    ChiefNotAnOutsider,
    NobodyOnBothSides,
}

impl RepresentativeRule {
    pub fn message(self) -> &'static str {
        match self {
            RepresentativeRule::AtLeastThree => {
                "each side has at least 3 representatives (CCP Art. 19)"
            }
            RepresentativeRule::AtMostNinetyNine => "each side has at most 99 representatives",
            RepresentativeRule::NobodyTwice => "each representative is named once",
            RepresentativeRule::EqualNumbers => {
                "both sides have the same number of representatives (CCP Art. 19)"
            }
            RepresentativeRule::OneChief => {
                "each side has exactly one chief representative (CCP Art. 19)"
            }
            RepresentativeRule::ExpertsAtMostAThird => {
                "outside experts are at most one third of a side (CCP Art. 23)"
            }
            RepresentativeRule::ChiefNotAnOutsider => {
                "the chief representative is not an outside expert (CCP Art. 23)"
            }
            RepresentativeRule::NobodyOnBothSides => "nobody represents both sides (CCP Art. 24)",
        }
    }

    /// The stable name of the rule, e.g. `AT_LEAST_THREE`.
    pub fn code(self) -> &'static str {
        match self {
            RepresentativeRule::AtLeastThree => "AT_LEAST_THREE",
            RepresentativeRule::AtMostNinetyNine => "AT_MOST_99",
            RepresentativeRule::NobodyTwice => "NOBODY_TWICE",
            RepresentativeRule::EqualNumbers => "EQUAL_NUMBERS",
            RepresentativeRule::OneChief => "ONE_CHIEF",
            RepresentativeRule::ExpertsAtMostAThird => "EXPERTS_AT_MOST_A_THIRD",
            RepresentativeRule::ChiefNotAnOutsider => "CHIEF_NOT_AN_OUTSIDER",
            RepresentativeRule::NobodyOnBothSides => "NOBODY_ON_BOTH_SIDES",
        }
    }
}

/// The rules one side's list breaks on its own, and against the other side's list if named.
pub fn check_side(
    side: &[Representative],
    other: Option<&[Representative]>,
) -> Vec<RepresentativeRule> {
    let mut broken = Vec::new();
    if side.len() < 3 {
        broken.push(RepresentativeRule::AtLeastThree);
    }
    if side.len() > crate::offers::rules::drafting::MAX_REPRESENTATIVES as usize {
        broken.push(RepresentativeRule::AtMostNinetyNine);
    }
    let names: Vec<String> = side.iter().map(|r| normalised(&r.name)).collect();
    if crate::graphql::bounds::first_repeat(&names).is_some() {
        broken.push(RepresentativeRule::NobodyTwice);
    }
    let chiefs: Vec<&Representative> = side.iter().filter(|r| r.is_chief).collect();
    if chiefs.len() != 1 {
        broken.push(RepresentativeRule::OneChief);
    }
    let experts = side.iter().filter(|r| r.is_outside_expert).count();
    if experts * 3 > side.len() {
        broken.push(RepresentativeRule::ExpertsAtMostAThird);
    }
    if chiefs.iter().any(|c| c.is_outside_expert) {
        broken.push(RepresentativeRule::ChiefNotAnOutsider);
    }
    if let Some(other) = other {
        let same_person = |a: &Representative| {
            other
                .iter()
                .any(|b| normalised(&a.name) == normalised(&b.name))
        };
        if side.iter().any(same_person) {
            broken.push(RepresentativeRule::NobodyOnBothSides);
        }
    }
    broken
}

/// The rules two complete lists break together, before bargaining starts.
pub fn check_both(
    workers: &[Representative],
    employer: &[Representative],
) -> Vec<RepresentativeRule> {
    let mut broken = check_side(workers, Some(employer));
    for rule in check_side(employer, Some(workers)) {
        if !broken.contains(&rule) {
            broken.push(rule);
        }
    }
    if workers.len() != employer.len() {
        broken.push(RepresentativeRule::EqualNumbers);
    }
    broken
}

fn normalised(name: &str) -> String {
    name.split_whitespace().collect::<String>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, chief: bool, expert: bool) -> Representative {
        Representative {
            name: name.into(),
            position: "代表".into(),
            is_chief: chief,
            is_outside_expert: expert,
        }
    }

    fn side(names: &[&str]) -> Vec<Representative> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| person(n, i == 0, false))
            .collect()
    }

    #[test]
    fn three_with_one_chief_is_a_valid_side() {
        assert!(check_side(&side(&["王", "李", "张"]), None).is_empty());
    }

    #[test]
    fn fewer_than_three_breaks_at_least_three() {
        assert_eq!(
            check_side(&side(&["王", "李"]), None),
            [RepresentativeRule::AtLeastThree]
        );
    }

    #[test]
    fn a_side_names_each_person_once_and_at_most_ninety_nine() {
        assert_eq!(
            check_side(&side(&["王", "李", "王 "]), None),
            [RepresentativeRule::NobodyTwice]
        );
        let names: Vec<String> = (0..100).map(|i| format!("代表{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(
            check_side(&side(&names), None),
            [RepresentativeRule::AtMostNinetyNine]
        );
        assert!(check_side(&side(&names[..99]), None).is_empty());
    }

    #[test]
    fn no_chief_or_two_chiefs_breaks_one_chief() {
        let none: Vec<_> = ["王", "李", "张"]
            .iter()
            .map(|n| person(n, false, false))
            .collect();
        assert_eq!(check_side(&none, None), [RepresentativeRule::OneChief]);
        let two = vec![
            person("王", true, false),
            person("李", true, false),
            person("张", false, false),
        ];
        assert_eq!(check_side(&two, None), [RepresentativeRule::OneChief]);
    }

    #[test]
    fn experts_may_be_a_third_but_no_more() {
        let a_third = vec![
            person("王", true, false),
            person("李", false, false),
            person("张", false, true),
        ];
        assert!(check_side(&a_third, None).is_empty());
        let too_many = vec![
            person("王", true, false),
            person("李", false, false),
            person("张", false, true),
            person("赵", false, true),
        ];
        assert_eq!(
            check_side(&too_many, None),
            [RepresentativeRule::ExpertsAtMostAThird]
        );
    }

    #[test]
    fn the_chief_may_not_be_an_outside_expert() {
        let outsider = vec![
            person("王", true, true),
            person("李", false, false),
            person("张", false, false),
        ];
        assert_eq!(
            check_side(&outsider, None),
            [RepresentativeRule::ChiefNotAnOutsider]
        );
    }

    #[test]
    fn nobody_sits_on_both_sides() {
        let workers = side(&["王", "李", "张"]);
        let employer = side(&["赵", "钱", "李"]);
        assert_eq!(
            check_side(&employer, Some(&workers)),
            [RepresentativeRule::NobodyOnBothSides]
        );
    }

    #[test]
    fn unequal_sides_break_equal_numbers() {
        let workers = side(&["王", "李", "张", "刘"]);
        let employer = side(&["赵", "钱", "孙"]);
        assert_eq!(
            check_both(&workers, &employer),
            [RepresentativeRule::EqualNumbers]
        );
        assert!(check_both(&side(&["王", "李", "张"]), &employer).is_empty());
    }
}
