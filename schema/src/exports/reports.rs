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
    /// The type the field's answer is read as, for a report read from
    /// `node` (`... on Campaign`).
    pub on: Option<&'static str>,
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
    /// The field of a row the totals row stands for, when it is not the
    /// row itself (a summary's `figures`): its columns under that field
    /// are read from the totals row.
    pub total_of: Option<&'static str>,
}

impl Table {
    /// Every column: the key, then the others.
    pub fn all_columns(&self) -> Vec<Column> {
        self.key.iter().chain(self.columns).copied().collect()
    }

    /// The columns the totals row is read with.
    fn total_columns(&self) -> Vec<Column> {
        match self.total_of {
            None => self.all_columns(),
            Some(field) => self
                .columns
                .iter()
                .filter_map(|c| {
                    let path = c.path.strip_prefix(field)?.strip_prefix('.')?;
                    Some(Column { path, ..*c })
                })
                .collect(),
        }
    }

    /// The totals row of `data`, shaped as a row; none when the caller
    /// may not see the totals.
    pub fn total_row(&self, data: &serde_json::Value) -> Option<serde_json::Value> {
        let total = super::sheet::at(data, self.total?).clone();
        if total.is_null() {
            return None;
        }
        Some(match self.total_of {
            None => total,
            Some(field) => serde_json::json!({ field: total }),
        })
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
                let selection = selection(&table.total_columns());
                fields.push_str(&format!("{total} {{ {selection} }} "));
            }
        }
        if let Some(on) = self.on {
            fields = format!("... on {on} {{ {fields}}} ");
        }
        format!(
            "query Report({}) {{ {}({}) {{ {fields}}} }}",
            declared.join(", "),
            self.field,
            passed.join(", ")
        )
    }
}

use Kind::{Date, DateTime, Label, Number, Share, Text, YesNo};

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
    on: None,
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
            total_of: None,
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
            total_of: None,
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
            total_of: None,
        },
    ],
};

/// A summary's district, before its figures.
const DISTRICT: Option<Column> = Some(column("区域", "region.name", Text, 14.0));

/// A campaign's summaries: who submitted, and each district's figures with
/// the city total.
const CAMPAIGN_SUMMARIES: Report = Report {
    title: "专项行动工作总结汇总",
    field: "node",
    on: Some("Campaign"),
    arguments: &[("id", "ID!")],
    tables: &[
        Table {
            title: "报送情况",
            rows: "summaries",
            key: DISTRICT,
            columns: &[
                column("区县三方办", "office.name", Text, 24.0),
                column("状态", "status", Label("SummaryStatus"), 10.0),
                column("报送期限", "dueOn", Date, 12.0),
                column("报送时间", "submittedAt", DateTime, 18.0),
                column("逾期报送", "late", YesNo, 10.0),
                column("报送人", "submittedBy", Text, 12.0),
            ],
            total: None,
            total_of: None,
        },
        Table {
            title: "要约与协商",
            rows: "summaries",
            key: DISTRICT,
            columns: &[
                column("发出要约", "figures.offers.total.issued", Number, 10.0),
                column("已回应", "figures.offers.total.answered", Number, 9.0),
                column("同意协商", "figures.offers.total.accepted", Number, 10.0),
                column("拒绝", "figures.offers.total.declined", Number, 8.0),
                column("逾期未回应", "figures.offers.total.overdue", Number, 11.0),
                column("协商结束", "figures.negotiations.concluded", Number, 10.0),
            ],
            total: Some("summaryTotal"),
            total_of: Some("figures"),
        },
        Table {
            title: "集体合同",
            rows: "summaries",
            key: DISTRICT,
            columns: &[
                column("签订", "figures.agreements.total.signed", Number, 8.0),
                column("报送审查", "figures.agreements.total.filed", Number, 10.0),
                column("有效", "figures.agreements.total.inForce", Number, 8.0),
                column(
                    "覆盖职工",
                    "figures.agreements.total.workersCovered",
                    Number,
                    10.0,
                ),
            ],
            total: Some("summaryTotal"),
            total_of: Some("figures"),
        },
        Table {
            title: "风险监测",
            rows: "summaries",
            key: DISTRICT,
            columns: &[
                column("接报风险", "figures.risk.cases", Number, 10.0),
                column("未结案", "figures.risk.open", Number, 9.0),
                column("体检", "figures.risk.healthChecks", Number, 8.0),
                column(
                    "整改事项",
                    "figures.risk.rectifications.added",
                    Number,
                    10.0,
                ),
                column("已整改", "figures.risk.rectifications.done", Number, 9.0),
                column(
                    "逾期未整改",
                    "figures.risk.rectifications.overdue",
                    Number,
                    11.0,
                ),
                column("裁员方案", "figures.layoffs.plans", Number, 10.0),
                column("拟裁减人数", "figures.layoffs.workers", Number, 11.0),
            ],
            total: Some("summaryTotal"),
            total_of: Some("figures"),
        },
        Table {
            title: "质效评价与覆盖",
            rows: "summaries",
            key: DISTRICT,
            columns: &[
                column("评价", "figures.evaluation.evaluations", Number, 8.0),
                column("已备案", "figures.evaluation.filed", Number, 9.0),
                column("典型", "figures.evaluation.typicalUnits", Number, 8.0),
                column("示范单位", "figures.evaluation.modelUnits", Number, 10.0),
                column(
                    "命名单位",
                    "figures.evaluation.titledEmployers",
                    Number,
                    10.0,
                ),
                column("已评估", "figures.evaluation.evaluated", Number, 9.0),
                column(
                    "合同覆盖企业",
                    "figures.evaluation.employersCovered",
                    Number,
                    12.0,
                ),
                column(
                    "覆盖职工",
                    "figures.evaluation.workersCovered",
                    Number,
                    10.0,
                ),
            ],
            total: Some("summaryTotal"),
            total_of: Some("figures"),
        },
    ],
};

/// The report of `kind`.
pub fn report(kind: ReportKind) -> &'static Report {
    match kind {
        ReportKind::Coverage => &COVERAGE,
        ReportKind::CampaignSummaries => &CAMPAIGN_SUMMARIES,
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

    #[test]
    fn the_summaries_are_read_from_their_campaign_with_the_total_as_figures() {
        let query = report(ReportKind::CampaignSummaries).query();
        assert!(
            query.starts_with(
                "query Report($id: ID!) { node(id: $id) { ... on Campaign { summaries {"
            ),
            "{query}"
        );
        assert!(
            query.contains("summaryTotal { offers { total { issued answered accepted declined overdue } } negotiations { concluded } }"),
            "{query}"
        );
        let table = &report(ReportKind::CampaignSummaries).tables[1];
        let data =
            serde_json::json!({ "summaryTotal": { "offers": { "total": { "issued": 3 } } } });
        let row = table.total_row(&data).expect("a totals row");
        assert_eq!(
            super::super::sheet::at(&row, "figures.offers.total.issued"),
            3
        );
    }
}
