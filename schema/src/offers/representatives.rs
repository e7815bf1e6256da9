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

/// A rule broken, and the row of the list (from 0) of the one person who
/// breaks it, where one does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Broken {
    pub rule: RepresentativeRule,
    pub row: Option<usize>,
}

impl Broken {
    fn by_list(rule: RepresentativeRule) -> Broken {
        Broken { rule, row: None }
    }

    fn by_row(rule: RepresentativeRule, row: usize) -> Broken {
        Broken {
            rule,
            row: Some(row),
        }
    }
}

/// The rules one side's list breaks on its own, and against the other
/// side's list if named; a rule one person breaks names their row.
pub fn check_side(side: &[Representative], other: Option<&[Representative]>) -> Vec<Broken> {
    use RepresentativeRule::*;
    let mut broken = Vec::new();
    if side.len() < 3 {
        broken.push(Broken::by_list(AtLeastThree));
    }
    if side.len() > crate::offers::rules::drafting::MAX_REPRESENTATIVES as usize {
        broken.push(Broken::by_list(AtMostNinetyNine));
    }
    let names: Vec<String> = side.iter().map(|r| normalised(&r.name)).collect();
    if let Some(row) = (1..names.len()).find(|&i| names[..i].contains(&names[i])) {
        broken.push(Broken::by_row(NobodyTwice, row));
    }
    let chiefs: Vec<usize> = (0..side.len()).filter(|&i| side[i].is_chief).collect();
    match chiefs.as_slice() {
        [_] => {}
        [] => broken.push(Broken::by_list(OneChief)),
        [_, second, ..] => broken.push(Broken::by_row(OneChief, *second)),
    }
    let experts = side.iter().filter(|r| r.is_outside_expert).count();
    if experts * 3 > side.len() {
        broken.push(Broken::by_list(ExpertsAtMostAThird));
    }
    if let Some(&chief) = chiefs.iter().find(|&&i| side[i].is_outside_expert) {
        broken.push(Broken::by_row(ChiefNotAnOutsider, chief));
    }
    if let Some(other) = other {
        let on_both =
            (0..side.len()).find(|&i| other.iter().any(|b| normalised(&b.name) == names[i]));
        if let Some(row) = on_both {
            broken.push(Broken::by_row(NobodyOnBothSides, row));
        }
    }
    broken
}

/// Whether two lists are the same size (CCP Art. 19); `None` until both
/// sides have named someone.
pub fn balanced(workers: usize, employer: usize) -> Option<bool> {
    (workers > 0 && employer > 0).then_some(workers == employer)
}

/// The rules two complete lists break together, before bargaining starts.
pub fn check_both(
    workers: &[Representative],
    employer: &[Representative],
) -> Vec<RepresentativeRule> {
    let mut broken: Vec<RepresentativeRule> = Vec::new();
    let each = check_side(workers, Some(employer))
        .into_iter()
        .chain(check_side(employer, Some(workers)));
    for found in each {
        if !broken.contains(&found.rule) {
            broken.push(found.rule);
        }
    }
    if balanced(workers.len(), employer.len()) == Some(false) {
        broken.push(RepresentativeRule::EqualNumbers);
    }
    broken
}

/// A person's name with its spaces left out, as names are compared.
pub fn normalised(name: &str) -> String {
    name.split_whitespace().collect::<String>()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules a side breaks, without their rows.
    fn rules(broken: Vec<Broken>) -> Vec<RepresentativeRule> {
        broken.into_iter().map(|b| b.rule).collect()
    }

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
            rules(check_side(&side(&["王", "李"]), None)),
            [RepresentativeRule::AtLeastThree]
        );
    }

    #[test]
    fn a_side_names_each_person_once_and_at_most_ninety_nine() {
        assert_eq!(
            rules(check_side(&side(&["王", "李", "王 "]), None)),
            [RepresentativeRule::NobodyTwice]
        );
        let names: Vec<String> = (0..100).map(|i| format!("代表{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(
            rules(check_side(&side(&names), None)),
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
        assert_eq!(
            rules(check_side(&none, None)),
            [RepresentativeRule::OneChief]
        );
        let two = vec![
            person("王", true, false),
            person("李", true, false),
            person("张", false, false),
        ];
        assert_eq!(
            rules(check_side(&two, None)),
            [RepresentativeRule::OneChief]
        );
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
            rules(check_side(&too_many, None)),
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
            rules(check_side(&outsider, None)),
            [RepresentativeRule::ChiefNotAnOutsider]
        );
    }

    #[test]
    fn nobody_sits_on_both_sides() {
        let workers = side(&["王", "李", "张"]);
        let employer = side(&["赵", "钱", "李"]);
        assert_eq!(
            rules(check_side(&employer, Some(&workers))),
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

    #[test]
    fn a_rule_one_person_breaks_names_their_row() {
        use RepresentativeRule::*;
        let rows = |list: &[Representative], other: Option<&[Representative]>| {
            check_side(list, other)
                .into_iter()
                .map(|b| (b.rule, b.row))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            rows(&side(&["王", "李", "张", "李"]), None),
            [(NobodyTwice, Some(3))]
        );
        let two_chiefs = vec![
            person("王", true, false),
            person("李", false, false),
            person("张", true, false),
        ];
        assert_eq!(rows(&two_chiefs, None), [(OneChief, Some(2))]);
        let outsider_chief = vec![
            person("王", false, false),
            person("李", true, true),
            person("张", false, false),
        ];
        assert_eq!(rows(&outsider_chief, None), [(ChiefNotAnOutsider, Some(1))]);
        let workers = side(&["王", "李", "张"]);
        let employer = side(&["赵", "钱", "张"]);
        assert_eq!(
            rows(&employer, Some(&workers)),
            [(NobodyOnBothSides, Some(2))]
        );
        // Rules of the whole list name no row.
        assert_eq!(rows(&side(&["王", "李"]), None), [(AtLeastThree, None)]);
    }

    #[test]
    fn the_sides_are_balanced_once_both_have_named() {
        assert_eq!(balanced(3, 0), None);
        assert_eq!(balanced(0, 0), None);
        assert_eq!(balanced(3, 3), Some(true));
        assert_eq!(balanced(4, 3), Some(false));
    }
}
