//! What an evaluation's scores come to: each scoring point scored within
//! its maximum, the survey rates from their samples, the total, and the
//! grade the guide's bands give it. A confirming office's adjustment of a
//! point replaces the employer's score in the total; both are kept.

use crate::evaluation::guide::{Guide, Score};
use crate::evaluation::kinds::SurveyRate;
use crate::graphql::errors::{UserError, UserErrorCode, UserErrors};

/// A scoring point's score, by its code in the guide.
#[derive(Debug, Clone, PartialEq)]
pub struct PointScore {
    pub code: String,
    pub score: Score,
}

/// A survey's result: how many answered, and how many of them answered yes
/// (took part, knew, were satisfied, endorsed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurveyResult {
    pub rate: SurveyRate,
    pub sample: u32,
    pub positive: u32,
}

impl SurveyResult {
    /// The rate in percent.
    pub fn percent(&self) -> f64 {
        match self.sample {
            0 => 0.0,
            n => f64::from(self.positive) * 100.0 / f64::from(n),
        }
    }
}

/// The total and grade of an evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub total: Score,
    /// The band reached, or none below the guide's last.
    pub grade: Option<String>,
}

/// Checks the scores against `guide`: every scoring point once, none
/// above its maximum, no code the guide lacks; `field` names the list in
/// errors (`scores` or `adjustments`). With `complete`, every point must be
/// scored.
pub fn check_scores(
    errors: &mut UserErrors,
    guide: &Guide,
    field: &str,
    scores: &[PointScore],
    complete: bool,
) {
    let points = guide.points();
    for (i, scored) in scores.iter().enumerate() {
        let index = i.to_string();
        match points.iter().find(|p| p.code == scored.code) {
            None => errors.push(
                &[field, &index, "code"],
                UserErrorCode::NotFound,
                format!("{} is not a scoring point of the guide", scored.code),
            ),
            Some(point) if scored.score > point.max => errors.push(
                &[field, &index, "score"],
                UserErrorCode::OutOfRange,
                format!("{} is worth at most {}", point.code, point.max.points()),
            ),
            Some(_) => {}
        }
        if scores[..i].iter().any(|s| s.code == scored.code) {
            errors.push(
                &[field, &index, "code"],
                UserErrorCode::Invalid,
                format!("{} is scored twice", scored.code),
            );
        }
    }
    if complete {
        let missing: Vec<&str> = points
            .iter()
            .filter(|p| !scores.iter().any(|s| s.code == p.code))
            .map(|p| p.code.as_str())
            .collect();
        if !missing.is_empty() {
            errors.push(
                &[field],
                UserErrorCode::Required,
                format!("score every point; missing: {}", missing.join(", ")),
            );
        }
    }
}

/// Checks the survey results: each rate once, no more positive answers
/// than answers.
pub fn check_surveys(errors: &mut UserErrors, results: &[SurveyResult]) {
    for (i, result) in results.iter().enumerate() {
        let index = i.to_string();
        if result.positive > result.sample {
            errors.push(
                &["surveys", &index, "positive"],
                UserErrorCode::OutOfRange,
                "is at most the sample",
            );
        }
        if results[..i].iter().any(|r| r.rate == result.rate) {
            errors.push(
                &["surveys", &index, "rate"],
                UserErrorCode::Invalid,
                "is given twice",
            );
        }
    }
}

/// The scores that count: the employer's, each replaced by the office's
/// adjustment where there is one.
pub fn effective(own: &[PointScore], adjustments: &[PointScore]) -> Vec<PointScore> {
    own.iter()
        .map(|s| {
            adjustments
                .iter()
                .find(|a| a.code == s.code)
                .unwrap_or(s)
                .clone()
        })
        .collect()
}

/// The total of `scores` and the grade `guide` gives it with `surveys`.
pub fn assess(guide: &Guide, scores: &[PointScore], surveys: &[SurveyResult]) -> Assessment {
    let total = Score(scores.iter().map(|s| s.score.0).sum());
    let rates: Vec<(SurveyRate, f64)> = surveys.iter().map(|s| (s.rate, s.percent())).collect();
    Assessment {
        total,
        grade: guide.grade(total, &rates).map(|band| band.name.clone()),
    }
}

/// The errors of `errors`, or `Ok`.
pub fn checked(errors: UserErrors) -> Result<(), Vec<UserError>> {
    match errors.is_empty() {
        true => Ok(()),
        false => Err(errors.into_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::guide::{SAMPLES, parse};

    fn five() -> Guide {
        parse(SAMPLES[0]).unwrap()
    }

    /// Every point of the guide at its maximum, less `short` tenths off the
    /// first point.
    fn full_less(guide: &Guide, short: i32) -> Vec<PointScore> {
        guide
            .points()
            .iter()
            .enumerate()
            .map(|(i, p)| PointScore {
                code: p.code.clone(),
                score: Score(if i == 0 { p.max.0 - short } else { p.max.0 }),
            })
            .collect()
    }

    fn satisfied(percent: u32) -> Vec<SurveyResult> {
        vec![SurveyResult {
            rate: SurveyRate::Satisfaction,
            sample: 100,
            positive: percent,
        }]
    }

    /// Scores totalling `points` (from 97 up), by taking points off the top.
    fn totalling(guide: &Guide, points: f64) -> Vec<PointScore> {
        let mut scores = full_less(guide, 0);
        let mut over = 1000 - Score::from_points(points).unwrap().0;
        for score in &mut scores {
            let cut = over.min(score.score.0);
            score.score.0 -= cut;
            over -= cut;
        }
        scores
    }

    #[test]
    fn the_grade_follows_the_total_at_the_band_boundaries() {
        let guide = five();
        let grade = |points: f64, surveys: &[SurveyResult]| {
            let assessed = assess(&guide, &totalling(&guide, points), surveys);
            assert_eq!(assessed.total, Score::from_points(points).unwrap());
            assessed.grade
        };
        assert_eq!(grade(90.0, &satisfied(85)).as_deref(), Some("优秀"));
        assert_eq!(
            grade(90.0, &satisfied(84)).as_deref(),
            Some("良好"),
            "优秀 needs 85% satisfied"
        );
        assert_eq!(grade(89.5, &satisfied(99)).as_deref(), Some("良好"));
        assert_eq!(grade(80.0, &satisfied(99)).as_deref(), Some("良好"));
        assert_eq!(grade(79.5, &satisfied(99)).as_deref(), Some("合格"));
        assert_eq!(grade(59.5, &satisfied(99)), None);
    }

    #[test]
    fn an_adjusted_point_replaces_the_employers_score_and_the_grade_follows() {
        let guide = five();
        let own = totalling(&guide, 80.0);
        let point = own.iter().find(|s| s.score.0 >= 10).unwrap().clone();
        let lowered = PointScore {
            code: point.code.clone(),
            score: Score(point.score.0 - 5),
        };
        let counted = effective(&own, &[lowered]);
        let assessed = assess(&guide, &counted, &satisfied(90));
        assert_eq!(assessed.total, Score(795));
        assert_eq!(assessed.grade.as_deref(), Some("合格"));
        assert_eq!(
            assess(&guide, &own, &satisfied(90)).grade.as_deref(),
            Some("良好")
        );
    }

    #[test]
    fn a_score_above_its_point_or_of_no_point_is_named() {
        let guide = five();
        let mut scores = full_less(&guide, 0);
        scores[1].score = Score(scores[1].score.0 + 5);
        scores[2].code = "9.9.9".into();
        let mut errors = UserErrors::default();
        check_scores(&mut errors, &guide, "scores", &scores, true);
        let errors = checked(errors).unwrap_err();
        let fields: Vec<String> = errors.iter().map(|e| e.field.join(".")).collect();
        assert_eq!(fields, ["scores.1.score", "scores.2.code", "scores"]);
        assert!(errors[0].message.contains("worth at most 3"), "{errors:?}");
        assert!(errors[2].message.contains("missing: 1.1.3"), "{errors:?}");
    }

    #[test]
    fn a_survey_with_more_positive_answers_than_answers_is_refused() {
        let mut errors = UserErrors::default();
        let results = [SurveyResult {
            rate: SurveyRate::Awareness,
            sample: 40,
            positive: 41,
        }];
        check_surveys(&mut errors, &results);
        assert_eq!(
            checked(errors).unwrap_err()[0].field,
            ["surveys", "0", "positive"]
        );
        assert_eq!(satisfied(85)[0].percent(), 85.0);
    }
}
