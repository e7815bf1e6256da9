//! The reports that export as workbooks: a report query read once as the
//! caller, each of its tables a sheet.

use super::kinds::ReportKind;
use super::ledgers::selection;
use super::sheet::{Column, Kind, column};

/// How a report is read and laid out.
pub struct Report {
    /// The file's name.
    pub title: &'static str,
    /// The query field of the report.
    pub field: &'static str,
    /// Its arguments, as `name: Type`; the request gives their values.
    pub arguments: &'static [(&'static str, &'static str)],
    pub tables: &'static [Table],
}

/// One sheet of a report: the rows of a list in the report, and a row of
/// totals.
pub struct Table {
    pub title: &'static str,
    /// Where the rows are in the report.
    pub rows: &'static str,
    /// The column that names a row, before the others.
    pub key: Option<Column>,
    pub columns: &'static [Column],
    /// Where the totals row is in the report, if it has one.
    pub total: Option<&'static str>,
}

impl Table {
    /// Every column: the key, then the others.
    pub fn all_columns(&self) -> Vec<Column> {
        self.key.iter().chain(self.columns).copied().collect()
    }
}

impl Report {
    /// The query that reads the report with the request's arguments.
    pub fn query(&self) -> String {
        let declared: Vec<String> = self
            .arguments
            .iter()
            .map(|(name, kind)| format!("${name}: {kind}"))
            .collect();
        let passed: Vec<String> = self
            .arguments
            .iter()
            .map(|(name, _)| format!("{name}: ${name}"))
            .collect();
        let mut fields = String::new();
        for table in self.tables {
            let rows = selection(&table.all_columns());
            fields.push_str(&format!("{} {{ {rows} }} ", table.rows));
            if let Some(total) = table.total {
                fields.push_str(&format!("{total} {{ {rows} }} "));
            }
        }
        format!(
            "query Report({}) {{ {}({}) {{ {fields}}} }}",
            declared.join(", "),
            self.field,
            passed.join(", ")
        )
    }
}

use Kind::{Label, Number, Share, Text, YesNo};

/// The figures of a coverage line, after the column that names it.
const COVERAGE_LINE: &[Column] = &[
    column("命名单位数", "titledEmployers", Number, 11.0),
    column("已评估", "evaluated", Number, 9.0),
    column("已评估且合同有效", "evaluatedWithContract", Number, 14.0),
    column("示范单位覆盖率", "modelCoverage", Share, 13.0),
    column("完全覆盖率", "fullCoverage", Share, 11.0),
    column("企业数", "employers", Number, 9.0),
    column("合同覆盖企业数", "employersCovered", Number, 13.0),
    column("企业覆盖率", "employerCoverage", Share, 11.0),
    column("职工人数", "workers", Number, 10.0),
    column("覆盖职工人数", "workersCovered", Number, 12.0),
    column("职工覆盖率", "workerCoverage", Share, 11.0),
];

const COVERAGE: Report = Report {
    title: "示范单位覆盖情况",
    field: "coverageReport",
    arguments: &[
        ("region", "ID"),
        ("year", "Int"),
        ("industrySection", "IndustrySection"),
    ],
    tables: &[
        Table {
            title: "按区域",
            rows: "byRegion",
            key: Some(column("区域", "region.name", Text, 16.0)),
            columns: COVERAGE_LINE,
            total: Some("total"),
        },
        Table {
            title: "按行业",
            rows: "byIndustry",
            key: Some(column(
                "行业门类",
                "industrySection",
                Label("IndustrySection"),
                24.0,
            )),
            columns: COVERAGE_LINE,
            total: Some("total"),
        },
        Table {
            title: "未覆盖的命名单位",
            rows: "notCovered",
            key: None,
            columns: &[
                column("单位", "employer.name", Text, 30.0),
                column(
                    "行业门类",
                    "industrySection",
                    Label("IndustrySection"),
                    24.0,
                ),
                column("已评估", "evaluated", YesNo, 9.0),
                column("合同有效", "contractInForce", YesNo, 10.0),
                column("系统编号", "employer.id", Text, 24.0),
            ],
            total: None,
        },
    ],
};

/// The report of `kind`.
pub fn report(kind: ReportKind) -> &'static Report {
    match kind {
        ReportKind::Coverage => &COVERAGE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coverage_query_passes_its_arguments_and_selects_every_table() {
        let query = report(ReportKind::Coverage).query();
        assert!(query.starts_with(
            "query Report($region: ID, $year: Int, $industrySection: IndustrySection) { \
             coverageReport(region: $region, year: $year, industrySection: $industrySection) {"
        ));
        for part in [
            "byRegion { region { name } titledEmployers",
            "byIndustry { industrySection titledEmployers",
            "total { region { name } titledEmployers",
            "notCovered { employer { name id } industrySection evaluated contractInForce }",
        ] {
            assert!(query.contains(part), "{part} in {query}");
        }
    }
}
