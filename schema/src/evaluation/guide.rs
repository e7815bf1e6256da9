//! The evaluation guide (《企业集体协商工作质效评价指引》) as versioned data:
//! an indicator tree whose leaves are the scoring points, the survey rates
//! the scheme asks for, and its grade bands. The platform does not have the
//! guide's text, so the city office loads it (domain.md § Quality
//! evaluation); a guide is parsed once here, from JSON, into a value that
//! is valid by construction, and every mistake is named by where it is.

use serde::Deserialize;

use super::kinds::SurveyRate;

/// A score in tenths of a point: guides score in halves and tenths, and
/// totals are compared with the grade bands exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Score(pub i32);

impl Score {
    /// `value` points, if it is non-negative with at most one decimal.
    pub fn from_points(value: f64) -> Option<Score> {
        let tenths = value * 10.0;
        let rounded = tenths.round();
        ((tenths - rounded).abs() < 1e-6 && (0.0..=1e7).contains(&rounded))
            .then_some(Score(rounded as i32))
    }

    /// The score as the guide writes it: `80`, `79.5`.
    pub fn points(self) -> String {
        match self.0 % 10 {
            0 => (self.0 / 10).to_string(),
            tenth => format!("{}.{tenth}", self.0 / 10),
        }
    }
}

/// A node of the indicator tree: a dimension, an item, a clause, or (a
/// leaf) a scoring point with the evidence it expects and how it is scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub code: String,
    pub name: String,
    pub max: Score,
    /// For a scoring point: the evidence expected (会议记录、职代会决议…).
    pub evidence: Option<String>,
    /// For a scoring point: how it is scored.
    pub scoring: Option<String>,
    pub children: Vec<Indicator>,
}

impl Indicator {
    /// Its scoring points, in order.
    pub fn points(&self) -> Vec<&Indicator> {
        if self.children.is_empty() {
            return vec![self];
        }
        self.children.iter().flat_map(Indicator::points).collect()
    }
}

/// A survey rate the scheme asks for, with its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    pub rate: SurveyRate,
    pub name: String,
    /// The target, in percent.
    pub target: u8,
}

/// A survey rate a grade needs at least.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub rate: SurveyRate,
    /// In percent.
    pub at_least: u8,
}

/// A grade: reached from `min` points, when its conditions hold.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeBand {
    pub name: String,
    pub min: Score,
    pub conditions: Vec<Condition>,
}

/// A guide, valid by construction: codes unique, every node's children
/// summing to its maximum, the bands best first with strictly lower
/// minimums, each rate a band needs surveyed.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    /// Names the scheme across its versions.
    pub code: String,
    pub title: String,
    /// A sample scheme, until the city loads the real guide.
    pub sample: bool,
    /// What each level of the tree is called (维度、项目、评分要点).
    pub levels: Vec<String>,
    pub indicators: Vec<Indicator>,
    pub surveys: Vec<Survey>,
    pub grades: Vec<GradeBand>,
}

/// A mistake in a guide, and where: a line and column for a syntax error,
/// else the path to the value (`indicators[0].children[2].max`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideError {
    pub at: String,
    pub message: String,
}

/// The two sample schemes the platform starts with, until the city loads
/// the real guide: the five-dimension 100-point form, and a three-aspect
/// scheme of 9 items, 27 clauses and 54 scoring points with 1–3 stars,
/// after the structure of Jiangsu's 2017 standard (DB32 《集体协商工作质效评价规范》).
pub const SAMPLES: [&str; 2] = [
    include_str!("../../guides/sample-five-dimension.json"),
    include_str!("../../guides/sample-three-aspects-stars.json"),
];

/// The deepest tree a guide may have (dimension → item → clause → point).
const DEEPEST: usize = 4;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct GuideFile {
    code: String,
    title: String,
    #[serde(default)]
    sample: bool,
    #[serde(default)]
    levels: Vec<String>,
    indicators: Vec<IndicatorFile>,
    #[serde(default)]
    surveys: Vec<SurveyFile>,
    grades: Vec<GradeFile>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct IndicatorFile {
    code: String,
    name: String,
    max: f64,
    evidence: Option<String>,
    scoring: Option<String>,
    #[serde(default)]
    children: Vec<IndicatorFile>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SurveyFile {
    rate: SurveyRate,
    name: String,
    target: u8,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ConditionFile {
    rate: SurveyRate,
    at_least: u8,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct GradeFile {
    name: String,
    min: f64,
    #[serde(default)]
    conditions: Vec<ConditionFile>,
}

/// Collects a guide's mistakes as it is checked.
#[derive(Default)]
struct Mistakes(Vec<GuideError>);

impl Mistakes {
    fn push(&mut self, at: impl Into<String>, message: impl Into<String>) {
        self.0.push(GuideError {
            at: at.into(),
            message: message.into(),
        });
    }

    fn text(&mut self, at: &str, value: &str, longest: usize) -> String {
        let value = value.trim();
        if value.is_empty() {
            self.push(at, "is empty");
        } else if value.chars().count() > longest {
            self.push(at, format!("is longer than {longest} characters"));
        }
        value.to_owned()
    }

    fn score(&mut self, at: &str, value: f64) -> Score {
        Score::from_points(value).unwrap_or_else(|| {
            self.push(
                at,
                "is a score of 0 or more, in points with at most one decimal",
            );
            Score::default()
        })
    }

    fn percent(&mut self, at: &str, value: u8) -> u8 {
        if value > 100 {
            self.push(at, "is a percentage, 0 to 100");
        }
        value
    }
}

/// Parses a guide from JSON, naming every mistake by where it is.
pub fn parse(json: &str) -> Result<Guide, Vec<GuideError>> {
    let file: GuideFile = serde_json::from_str(json).map_err(|e| {
        vec![GuideError {
            at: format!("line {}, column {}", e.line(), e.column()),
            message: format!("is not a guide in JSON: {e}"),
        }]
    })?;
    let mut mistakes = Mistakes::default();
    let mut codes = Vec::new();
    let indicators = file
        .indicators
        .iter()
        .enumerate()
        .map(|(i, node)| {
            indicator(
                &mut mistakes,
                &mut codes,
                format!("indicators[{i}]"),
                node,
                1,
            )
        })
        .collect::<Vec<_>>();
    if indicators.is_empty() {
        mistakes.push("indicators", "name at least one dimension");
    }
    let surveys: Vec<Survey> = file
        .surveys
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let at = format!("surveys[{i}]");
            Survey {
                rate: s.rate,
                name: mistakes.text(&format!("{at}.name"), &s.name, 100),
                target: mistakes.percent(&format!("{at}.target"), s.target),
            }
        })
        .collect();
    for (i, survey) in surveys.iter().enumerate() {
        if surveys[..i].iter().any(|s| s.rate == survey.rate) {
            mistakes.push(format!("surveys[{i}].rate"), "is surveyed twice");
        }
    }
    let grades = bands(&mut mistakes, &file.grades, &surveys);
    let guide = Guide {
        code: mistakes.text("code", &file.code, 40),
        title: mistakes.text("title", &file.title, 200),
        sample: file.sample,
        levels: file.levels.iter().map(|l| l.trim().to_owned()).collect(),
        indicators,
        surveys,
        grades,
    };
    match mistakes.0.is_empty() {
        true => Ok(guide),
        false => Err(mistakes.0),
    }
}

/// Checks one node and its children: a unique code, a maximum its
/// children's sum to, no child worth more than the node.
fn indicator(
    mistakes: &mut Mistakes,
    codes: &mut Vec<String>,
    at: String,
    node: &IndicatorFile,
    depth: usize,
) -> Indicator {
    let code = mistakes.text(&format!("{at}.code"), &node.code, 20);
    if codes.contains(&code) {
        mistakes.push(format!("{at}.code"), format!("{code} is used twice"));
    }
    codes.push(code.clone());
    let max = mistakes.score(&format!("{at}.max"), node.max);
    if depth > DEEPEST {
        mistakes.push(&at, format!("is deeper than {DEEPEST} levels"));
    }
    let children: Vec<Indicator> = node
        .children
        .iter()
        .enumerate()
        .map(|(i, child)| {
            let child_at = format!("{at}.children[{i}]");
            indicator(mistakes, codes, child_at, child, depth + 1)
        })
        .collect();
    for (i, child) in children.iter().enumerate() {
        if child.max > max {
            mistakes.push(
                format!("{at}.children[{i}].max"),
                format!(
                    "{} is worth {}, more than the {} of {code}",
                    child.code,
                    child.max.points(),
                    max.points()
                ),
            );
        }
    }
    let sum = Score(children.iter().map(|c| c.max.0).sum());
    if !children.is_empty() && sum != max {
        mistakes.push(
            format!("{at}.max"),
            format!(
                "{code} is worth {} but its parts add up to {}",
                max.points(),
                sum.points()
            ),
        );
    }
    let leaf = children.is_empty();
    let note = |mistakes: &mut Mistakes, field: &str, value: &Option<String>| {
        value
            .as_deref()
            .map(|v| mistakes.text(&format!("{at}.{field}"), v, 2_000))
    };
    let evidence = note(mistakes, "evidence", &node.evidence);
    let scoring = note(mistakes, "scoring", &node.scoring);
    if !leaf && (evidence.is_some() || scoring.is_some()) {
        mistakes.push(
            &at,
            "only a scoring point (a node without children) has evidence and scoring",
        );
    }
    Indicator {
        name: mistakes.text(&format!("{at}.name"), &node.name, 200),
        code,
        max,
        evidence,
        scoring,
        children,
    }
}

/// Checks the bands: best first, each from a strictly lower score than the
/// one before (else two bands would claim the same totals), each rate a
/// condition names surveyed.
fn bands(mistakes: &mut Mistakes, grades: &[GradeFile], surveys: &[Survey]) -> Vec<GradeBand> {
    if grades.is_empty() {
        mistakes.push("grades", "name at least one grade");
    }
    let mut bands: Vec<GradeBand> = Vec::new();
    for (i, grade) in grades.iter().enumerate() {
        let at = format!("grades[{i}]");
        let band = GradeBand {
            name: mistakes.text(&format!("{at}.name"), &grade.name, 40),
            min: mistakes.score(&format!("{at}.min"), grade.min),
            conditions: grade
                .conditions
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    let at = format!("{at}.conditions[{j}]");
                    if !surveys.iter().any(|s| s.rate == c.rate) {
                        mistakes.push(format!("{at}.rate"), "is not among the guide's surveys");
                    }
                    Condition {
                        rate: c.rate,
                        at_least: mistakes.percent(&format!("{at}.atLeast"), c.at_least),
                    }
                })
                .collect(),
        };
        if let Some(before) = bands.last()
            && band.min >= before.min
        {
            mistakes.push(
                format!("{at}.min"),
                format!(
                    "{} from {} overlaps {} from {}: list the bands best first, each from a lower score",
                    band.name,
                    band.min.points(),
                    before.name,
                    before.min.points()
                ),
            );
        }
        bands.push(band);
    }
    bands
}

impl Guide {
    /// The most points the guide gives.
    pub fn max(&self) -> Score {
        Score(self.indicators.iter().map(|i| i.max.0).sum())
    }

    /// Its scoring points, in order.
    pub fn points(&self) -> Vec<&Indicator> {
        self.indicators.iter().flat_map(Indicator::points).collect()
    }

    /// The grade of `total` with the survey `rates` (percent) found: the
    /// best band reached whose conditions hold; none below the last.
    pub fn grade(&self, total: Score, rates: &[(SurveyRate, f64)]) -> Option<&GradeBand> {
        let holds = |c: &Condition| {
            rates
                .iter()
                .any(|(rate, found)| *rate == c.rate && *found >= f64::from(c.at_least))
        };
        self.grades
            .iter()
            .find(|band| total >= band.min && band.conditions.iter().all(holds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guide(indicators: &str, grades: &str) -> Result<Guide, Vec<GuideError>> {
        parse(&format!(
            r#"{{ "code": "T", "title": "测试方案", "indicators": {indicators},
                "surveys": [{{ "rate": "SATISFACTION", "name": "满意率", "target": 90 }}],
                "grades": {grades} }}"#
        ))
    }

    const TREE: &str = r#"[
        { "code": "1", "name": "协商主体", "max": 60, "children": [
            { "code": "1.1", "name": "职工方代表", "max": 40, "children": [
                { "code": "1.1.1", "name": "代表依法产生", "max": 39.5, "evidence": "选举记录" },
                { "code": "1.1.2", "name": "首席代表", "max": 0.5 } ] },
            { "code": "1.2", "name": "企业方代表", "max": 20 } ] },
        { "code": "2", "name": "协商程序", "max": 40 } ]"#;

    const BANDS: &str = r#"[
        { "name": "优秀", "min": 90, "conditions": [{ "rate": "SATISFACTION", "atLeast": 90 }] },
        { "name": "良好", "min": 80 },
        { "name": "合格", "min": 60 } ]"#;

    fn at(errors: &[GuideError]) -> Vec<&str> {
        errors.iter().map(|e| e.at.as_str()).collect()
    }

    #[test]
    fn a_valid_guide_sums_its_points_and_grades_at_the_band_boundaries() {
        let guide = guide(TREE, BANDS).unwrap();
        assert_eq!(guide.max(), Score(1000));
        let codes: Vec<&str> = guide.points().iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["1.1.1", "1.1.2", "1.2", "2"]);
        let satisfied = [(SurveyRate::Satisfaction, 92.0)];
        let grade = |points: f64, rates: &[(SurveyRate, f64)]| {
            let total = Score::from_points(points).unwrap();
            guide.grade(total, rates).map(|b| b.name.as_str())
        };
        assert_eq!(grade(90.0, &satisfied), Some("优秀"));
        assert_eq!(
            grade(90.0, &[]),
            Some("良好"),
            "优秀 needs 90% satisfaction"
        );
        assert_eq!(grade(80.0, &satisfied), Some("良好"));
        assert_eq!(grade(79.5, &satisfied), Some("合格"));
        assert_eq!(grade(59.5, &satisfied), None);
    }

    #[test]
    fn a_point_worth_more_than_its_item_is_named_by_its_path() {
        let tree = TREE.replace(r#""max": 39.5"#, r#""max": 41"#);
        let errors = guide(&tree, BANDS).unwrap_err();
        assert!(
            at(&errors).contains(&"indicators[0].children[0].children[0].max"),
            "{errors:?}"
        );
        assert!(errors.iter().any(|e| {
            e.message
                .contains("1.1.1 is worth 41, more than the 40 of 1.1")
        }));
    }

    #[test]
    fn parts_that_do_not_add_up_to_their_whole_are_refused() {
        let tree = TREE.replace(r#""max": 0.5"#, r#""max": 1"#);
        let errors = guide(&tree, BANDS).unwrap_err();
        assert_eq!(at(&errors), ["indicators[0].children[0].max"]);
        assert!(
            errors[0]
                .message
                .contains("1.1 is worth 40 but its parts add up to 40.5")
        );
    }

    #[test]
    fn a_code_used_twice_is_refused() {
        let tree = TREE.replace(r#""code": "1.2""#, r#""code": "1.1.2""#);
        let errors = guide(&tree, BANDS).unwrap_err();
        assert_eq!(at(&errors), ["indicators[0].children[1].code"]);
    }

    #[test]
    fn overlapping_bands_are_refused() {
        let bands = BANDS.replace(r#""min": 80"#, r#""min": 90"#);
        let errors = guide(TREE, &bands).unwrap_err();
        assert_eq!(at(&errors), ["grades[1].min"]);
        assert!(
            errors[0]
                .message
                .contains("良好 from 90 overlaps 优秀 from 90")
        );
    }

    #[test]
    fn a_condition_on_a_rate_not_surveyed_is_refused() {
        let bands = BANDS.replace("SATISFACTION", "AWARENESS");
        let errors = guide(TREE, &bands).unwrap_err();
        assert_eq!(at(&errors), ["grades[0].conditions[0].rate"]);
    }

    #[test]
    fn a_syntax_error_is_named_by_its_line() {
        let errors = parse("{\n  \"code\": \"T\",\n  \"title\": 3\n}").unwrap_err();
        assert_eq!(at(&errors), ["line 3, column 12"]);
    }

    #[test]
    fn the_sample_guides_are_valid_and_shaped_as_their_schemes() {
        let five = parse(SAMPLES[0]).unwrap();
        assert!(five.sample);
        assert_eq!(five.max(), Score(1000));
        let names: Vec<&str> = five.indicators.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "协商主体",
                "协商程序",
                "协商内容",
                "合同履行及效果",
                "综合评价"
            ]
        );
        let stars = parse(SAMPLES[1]).unwrap();
        assert_eq!(stars.max(), Score(1000));
        let items: Vec<&Indicator> = stars.indicators.iter().flat_map(|d| &d.children).collect();
        let clauses: usize = items.iter().map(|i| i.children.len()).sum();
        assert_eq!((stars.indicators.len(), items.len(), clauses), (3, 9, 27));
        assert_eq!(stars.points().len(), 54);
        let grades: Vec<&str> = stars.grades.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(grades, ["三星", "二星", "一星"]);
    }

    #[test]
    fn scores_have_at_most_one_decimal() {
        assert_eq!(Score::from_points(79.5), Some(Score(795)));
        assert_eq!(Score::from_points(0.25), None);
        assert_eq!(Score::from_points(-1.0), None);
        assert_eq!(Score(795).points(), "79.5");
        assert_eq!(Score(800).points(), "80");
    }
}
