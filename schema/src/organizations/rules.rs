//! Rules of the organizations area, as pure functions over plain data.

use super::kinds::{IndustrySection, OrganizationKind, RegionKind};

/// A unified social credit code (统一社会信用代码, GB 32100-2015): 18
/// characters from a 31-character alphabet, the last being a check character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCode(String);

/// The alphabet of GB 32100: digits and capitals without I, O, Z, S and V.
const CREDIT_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("a unified social credit code has 18 characters, not {0}")]
    Length(usize),
    #[error("character {0} ({1:?}) is not allowed in a unified social credit code")]
    Character(usize, char),
    #[error("the administrative division code (characters 3 to 8) must be digits")]
    Division,
    #[error("the check character should be {expected:?}, not {found:?}")]
    Check { expected: char, found: char },
}

impl CreditCode {
    /// Parses a code, accepting lower case and surrounding spaces.
    pub fn parse(text: &str) -> Result<CreditCode, CreditCodeError> {
        let code = text.trim().to_ascii_uppercase();
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != 18 {
            return Err(CreditCodeError::Length(chars.len()));
        }
        let mut values = [0u32; 18];
        for (i, c) in chars.iter().enumerate() {
            values[i] = credit_value(*c).ok_or(CreditCodeError::Character(i + 1, *c))?;
        }
        if !chars[2..8].iter().all(char::is_ascii_digit) {
            return Err(CreditCodeError::Division);
        }
        let expected = credit_check_char(&values[..17]);
        if chars[17] != expected {
            return Err(CreditCodeError::Check {
                expected,
                found: chars[17],
            });
        }
        Ok(CreditCode(code))
    }

    /// Completes the first 17 characters with their check character.
    pub fn complete(first17: &str) -> Option<CreditCode> {
        let values: Option<Vec<u32>> = first17.chars().map(credit_value).collect();
        let values = values.filter(|v| v.len() == 17)?;
        CreditCode::parse(&format!("{first17}{}", credit_check_char(&values))).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn credit_value(c: char) -> Option<u32> {
    CREDIT_ALPHABET
        .iter()
        .position(|a| char::from(*a) == c)
        .map(|p| p as u32)
}

fn credit_check_char(values: &[u32]) -> char {
    let sum: u32 = values.iter().zip(CREDIT_WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    char::from(CREDIT_ALPHABET[check as usize])
}

/// The divisions (大类) of each GB/T 4754-2017 section, as a range of codes.
fn division_range(section: IndustrySection) -> (u8, u8) {
    use IndustrySection::*;
    match section {
        A => (1, 5),
        B => (6, 12),
        C => (13, 43),
        D => (44, 46),
        E => (47, 50),
        F => (51, 52),
        G => (53, 60),
        H => (61, 62),
        I => (63, 65),
        J => (66, 69),
        K => (70, 70),
        L => (71, 72),
        M => (73, 75),
        N => (76, 79),
        O => (80, 82),
        P => (83, 83),
        Q => (84, 85),
        R => (86, 90),
        S => (91, 96),
        T => (97, 97),
    }
}

/// Checks that `division` is a two-digit division (大类) of `section`.
pub fn check_division(section: IndustrySection, division: &str) -> Result<String, String> {
    let (low, high) = division_range(section);
    let expected = || {
        format!(
            "section {} has divisions {low:02} to {high:02}",
            section.as_str()
        )
    };
    let code: u8 = match division.trim() {
        d if d.len() == 2 && d.bytes().all(|b| b.is_ascii_digit()) => {
            d.parse().map_err(|_| expected())?
        }
        _ => return Err(format!("a division is two digits; {}", expected())),
    };
    if (low..=high).contains(&code) {
        Ok(format!("{code:02}"))
    } else {
        Err(format!(
            "division {code:02} is not in this section: {}",
            expected()
        ))
    }
}

/// A six-digit administrative division code.
pub fn check_region_code(code: &str) -> Result<String, String> {
    let code = code.trim();
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code.to_owned())
    } else {
        Err("an administrative division code has six digits".into())
    }
}

/// Which region kinds may sit under which.
pub fn region_parent_allowed(child: RegionKind, parent: Option<RegionKind>) -> bool {
    use RegionKind::*;
    matches!(
        (child, parent),
        (Province, None)
            | (City, None)
            | (City, Some(Province))
            | (
                District | County | CountyLevelCity | DevelopmentZone,
                Some(City)
            )
    )
}

/// Which organization kinds may have a parent of which kind: unions form
/// the union hierarchy; offices, administrations and associations nest by
/// level; employers stand alone.
pub fn parent_kind_allowed(child: OrganizationKind, parent: OrganizationKind) -> bool {
    child == parent && child != OrganizationKind::Employer
}

/// The materialised path of a region below `parent_path`.
pub fn region_path(parent_path: Option<&str>, code: &str) -> String {
    format!("{}{code}/", parent_path.unwrap_or("/"))
}

/// Whether the region with path `inner` lies in (or is) the region with path `outer`.
pub fn region_contains(outer: &str, inner: &str) -> bool {
    inner.starts_with(outer)
}

/// Where an organization sits: its kind and its region's path.
#[derive(Debug, Clone, Copy)]
pub struct Placed<'a> {
    pub kind: OrganizationKind,
    pub region_path: &'a str,
}

/// Checks an organization's links, returning `(input field, message)` for
/// each rule broken:
/// - a parent is of the same kind (not an employer) and its region contains the child's;
/// - only a union names an employer: the employer whose grassroots union it is,
///   in the same region.
pub fn check_placement(
    child: Placed<'_>,
    parent: Option<Placed<'_>>,
    employer: Option<Placed<'_>>,
) -> Vec<(&'static str, String)> {
    let mut broken = Vec::new();
    if let Some(parent) = parent {
        if !parent_kind_allowed(child.kind, parent.kind) {
            broken.push((
                "parentId",
                format!(
                    "an organization of kind {} cannot sit under one of kind {}",
                    child.kind.as_str(),
                    parent.kind.as_str()
                ),
            ));
        } else if !region_contains(parent.region_path, child.region_path) {
            broken.push((
                "parentId",
                "the parent's region must contain this region".into(),
            ));
        }
    }
    match (child.kind, employer) {
        (OrganizationKind::Union, Some(employer)) => {
            if employer.kind != OrganizationKind::Employer {
                broken.push(("employerId", "must be an employer".into()));
            } else if employer.region_path != child.region_path {
                broken.push((
                    "employerId",
                    "a grassroots union is in its employer's region".into(),
                ));
            }
        }
        (_, Some(_)) => broken.push((
            "employerId",
            "only a grassroots union names an employer".into(),
        )),
        (_, None) => {}
    }
    broken
}

/// The parent of a grassroots union whose employer moves to the region at
/// `to_path` (the union moves with it, as a grassroots union is in its
/// employer's region): its current federation while that federation's
/// region still holds the new one, else the federation of the deepest
/// region that does, else none. `federations` are `(id, region path)`.
pub fn union_parent_after_move(
    current: Option<i64>,
    federations: &[(i64, String)],
    to_path: &str,
) -> Option<i64> {
    let holding = |(_, path): &&(i64, String)| region_contains(path, to_path);
    let still = federations
        .iter()
        .filter(holding)
        .find(|(id, _)| Some(*id) == current);
    still
        .or_else(|| {
            federations
                .iter()
                .filter(holding)
                .max_by_key(|(id, path)| (path.len(), std::cmp::Reverse(*id)))
        })
        .map(|(id, _)| *id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moving_employers_union_keeps_a_federation_that_still_holds_it_or_takes_the_nearest() {
        let city = region_path(None, "220100");
        let nanguan = region_path(Some(&city), "220102");
        let kuancheng = region_path(Some(&city), "220103");
        let federations = vec![
            (1, city.clone()),
            (2, nanguan.clone()),
            (3, kuancheng.clone()),
        ];
        assert_eq!(
            union_parent_after_move(Some(2), &federations, &kuancheng),
            Some(3),
            "from 南关区's federation to 宽城区's"
        );
        assert_eq!(
            union_parent_after_move(Some(1), &federations, &kuancheng),
            Some(1),
            "the city federation still holds 宽城区"
        );
        assert_eq!(
            union_parent_after_move(Some(2), &federations[..2], &kuancheng),
            Some(1),
            "no federation in 宽城区: the city's"
        );
        assert_eq!(union_parent_after_move(Some(2), &[], &kuancheng), None);
    }

    #[test]
    fn a_real_credit_code_passes_its_check_character() {
        // Published codes of well-known companies.
        for code in [
            "914403001922038216",
            "91440300708461136T",
            "91350100M000100Y43",
        ] {
            assert_eq!(CreditCode::parse(code).map(|c| c.0), Ok(code.to_owned()));
        }
        assert_eq!(
            CreditCode::parse(" 91350100m000100y43 ").unwrap().as_str(),
            "91350100M000100Y43"
        );
    }

    #[test]
    fn a_wrong_check_character_is_named() {
        assert_eq!(
            CreditCode::parse("91350100M000100Y44"),
            Err(CreditCodeError::Check {
                expected: '3',
                found: '4'
            })
        );
    }

    #[test]
    fn length_alphabet_and_division_are_checked() {
        assert_eq!(CreditCode::parse("9135"), Err(CreditCodeError::Length(4)));
        assert_eq!(
            CreditCode::parse("91350100M000100I43"),
            Err(CreditCodeError::Character(16, 'I'))
        );
        assert_eq!(
            CreditCode::parse("913A0100M000100Y43"),
            Err(CreditCodeError::Division)
        );
    }

    #[test]
    fn completing_a_code_adds_its_check_character() {
        assert_eq!(
            CreditCode::complete("91350100M000100Y4").unwrap().as_str(),
            "91350100M000100Y43"
        );
    }

    #[test]
    fn divisions_must_belong_to_their_section() {
        assert_eq!(check_division(IndustrySection::C, "36"), Ok("36".into()));
        assert!(
            check_division(IndustrySection::C, "52")
                .unwrap_err()
                .contains("13 to 43")
        );
        assert!(check_division(IndustrySection::K, "7").is_err());
    }

    #[test]
    fn region_paths_contain_their_subtree() {
        let city = region_path(None, "220100");
        let district = region_path(Some(&city), "220102");
        assert_eq!(district, "/220100/220102/");
        assert!(region_contains(&city, &district));
        assert!(!region_contains(&district, &city));
    }

    #[test]
    fn only_like_kinds_nest_and_employers_stand_alone() {
        use OrganizationKind::*;
        assert!(parent_kind_allowed(Union, Union));
        assert!(!parent_kind_allowed(Union, TripartiteOffice));
        assert!(!parent_kind_allowed(Employer, Employer));
        assert!(region_parent_allowed(
            RegionKind::District,
            Some(RegionKind::City)
        ));
        assert!(!region_parent_allowed(RegionKind::District, None));
    }
}

#[cfg(test)]
mod placement_tests {
    use super::*;
    use OrganizationKind::*;

    const CITY: &str = "/220100/";
    const NANGUAN: &str = "/220100/220102/";
    const KUANCHENG: &str = "/220100/220103/";

    fn at(kind: OrganizationKind, region_path: &str) -> Placed<'_> {
        Placed { kind, region_path }
    }

    #[test]
    fn a_district_federation_sits_under_the_city_federation() {
        assert!(check_placement(at(Union, NANGUAN), Some(at(Union, CITY)), None).is_empty());
    }

    #[test]
    fn a_parent_outside_the_childs_region_is_refused() {
        let broken = check_placement(at(Union, NANGUAN), Some(at(Union, KUANCHENG)), None);
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].0, "parentId");
    }

    #[test]
    fn a_grassroots_union_names_an_employer_of_its_region() {
        assert!(check_placement(at(Union, NANGUAN), None, Some(at(Employer, NANGUAN))).is_empty());
        let elsewhere = check_placement(at(Union, NANGUAN), None, Some(at(Employer, KUANCHENG)));
        assert_eq!(elsewhere[0].0, "employerId");
        let not_employer = check_placement(at(Union, NANGUAN), None, Some(at(Union, NANGUAN)));
        assert_eq!(not_employer[0].1, "must be an employer");
    }

    #[test]
    fn only_unions_name_an_employer() {
        let broken = check_placement(at(TripartiteOffice, CITY), None, Some(at(Employer, CITY)));
        assert_eq!(broken[0].0, "employerId");
    }
}
