//! The ledgers (台账) that export as spreadsheets. Each is a GraphQL list
//! read page by page as the caller (so its filter and visibility are the
//! list's own), with the columns its sheet shows and the columns it totals.

use super::kinds::LedgerKind;
use super::sheet::{Column, Kind, column};

/// How a ledger reads its list and lays out its sheet.
pub struct Ledger {
    /// The sheet's name and the file's.
    pub title: &'static str,
    /// The query field of the list.
    pub list: &'static str,
    /// The type of the list's `filter` argument.
    pub filter: &'static str,
    pub columns: &'static [Column],
    /// The columns counted by value on the sheet of totals.
    pub totals: &'static [&'static str],
}

use Kind::{Date, DateTime, Label, Labels, Names, Number, Text, YesNo};

const OFFERS: Ledger = Ledger {
    title: "要约台账",
    list: "offers",
    filter: "OfferFilterInput",
    columns: &[
        column("发起方", "initiatingSide", Label("Side"), 10.0),
        column("发出单位", "issuingOrganization.name", Text, 28.0),
        column("接收单位", "receivingOrganization.name", Text, 28.0),
        column("企业", "employer.name", Text, 28.0),
        column("所属区域", "region.name", Text, 14.0),
        column("专项行动", "campaign.name", Text, 24.0),
        column("类别", "category", Label("OfferCategory"), 16.0),
        column("协商事项", "topics", Labels("OfferTopic"), 30.0),
        column("状态", "status", Label("OfferStatus"), 12.0),
        column("发出时间", "issuedAt", DateTime, 17.0),
        column("送达时间", "receivedAt", DateTime, 17.0),
        column("答复期限", "replyDeadline.dueAt", DateTime, 17.0),
        column(
            "答复期限状态",
            "replyDeadline.status",
            Label("DeadlineStatus"),
            12.0,
        ),
        column("答复时间", "answeredAt", DateTime, 17.0),
        column("逾期未答复", "overdue", YesNo, 10.0),
        column("协商结果", "outcome", Label("NegotiationOutcome"), 14.0),
        column("结束时间", "concludedAt", DateTime, 17.0),
        column("系统编号", "id", Text, 20.0),
    ],
    totals: &["status", "category"],
};

const AGREEMENTS: Ledger = Ledger {
    title: "集体合同登记台账",
    list: "agreements",
    filter: "AgreementFilterInput",
    columns: &[
        column("名称", "title", Text, 32.0),
        column("种类", "kind", Label("AgreementKind"), 16.0),
        column("专项内容", "specialSubject", Label("SpecialSubject"), 14.0),
        column("状态", "status", Label("AgreementStatus"), 12.0),
        column("职工方", "workersParty.name", Text, 28.0),
        column("企业方", "employerParty.name", Text, 28.0),
        column("适用企业", "employers", Names, 36.0),
        column("所属区域", "region.name", Text, 14.0),
        column("覆盖职工人数", "workersCovered", Number, 12.0),
        column("期限起", "termStartsOn", Date, 12.0),
        column("期限止", "termEndsOn", Date, 12.0),
        column("签字时间", "signedAt", DateTime, 17.0),
        column("报送期限", "filingDeadline.dueAt", DateTime, 17.0),
        column(
            "报送期限状态",
            "filingDeadline.status",
            Label("DeadlineStatus"),
            12.0,
        ),
        column("审查期限", "reviewDeadline.dueAt", DateTime, 17.0),
        column(
            "审查期限状态",
            "reviewDeadline.status",
            Label("DeadlineStatus"),
            12.0,
        ),
        column("生效时间", "effectiveAt", DateTime, 17.0),
        column("公布期限", "publicationDeadline.dueAt", DateTime, 17.0),
        column("公布时间", "publishedAt", DateTime, 17.0),
        column("续订期限", "renewalDeadline.dueAt", DateTime, 17.0),
        column("终止时间", "endedAt", DateTime, 17.0),
        column("系统编号", "id", Text, 20.0),
    ],
    totals: &["status", "kind"],
};

const DEADLINES: Ledger = Ledger {
    title: "期限台账",
    list: "deadlines",
    filter: "DeadlineFilterInput",
    columns: &[
        column("期限种类", "kind", Label("DeadlineKind"), 24.0),
        column("依据", "rule", Text, 40.0),
        column("相关单位", "organizations", Names, 40.0),
        column("起算时间", "startAt", DateTime, 17.0),
        column("到期时间", "dueAt", DateTime, 17.0),
        column("到期日", "dueOn", Date, 12.0),
        column("状态", "status", Label("DeadlineStatus"), 10.0),
        column("剩余天数", "daysLeft", Number, 10.0),
        column("结束时间", "closedAt", DateTime, 17.0),
        column("系统编号", "id", Text, 20.0),
    ],
    totals: &["kind", "status"],
};

const RISK_CASES: Ledger = Ledger {
    title: "风险监测预警台账",
    list: "riskCases",
    filter: "RiskCaseFilterInput",
    columns: &[
        column("用人单位", "employer.name", Text, 28.0),
        column("所属区域", "region.name", Text, 14.0),
        column("受理机构", "office.name", Text, 24.0),
        column("监测事项", "items", Labels("MonitoredItem"), 36.0),
        column("来源", "source", Label("RiskSource"), 12.0),
        column("概况", "summary", Text, 40.0),
        column("紧急", "urgent", YesNo, 8.0),
        column("重大", "major", YesNo, 8.0),
        column("预警等级", "level", Label("WarningLevel"), 10.0),
        column("状态", "status", Label("RiskStatus"), 12.0),
        column("接报时间", "receivedAt", DateTime, 17.0),
        column("情况表期限", "formDeadline.dueAt", DateTime, 17.0),
        column(
            "情况表期限状态",
            "formDeadline.status",
            Label("DeadlineStatus"),
            14.0,
        ),
        column("跟踪责任人", "tracker", Text, 12.0),
        column("联系电话", "trackerPhone", Text, 14.0),
        column("处置结果", "outcome", Label("RiskOutcome"), 14.0),
        column("结案时间", "closedAt", DateTime, 17.0),
        column("系统编号", "id", Text, 20.0),
    ],
    totals: &["status", "level", "source"],
};

const RECTIFICATION_ITEMS: Ledger = Ledger {
    title: "整改清单",
    list: "rectificationItems",
    filter: "RectificationFilterInput",
    columns: &[
        column("用人单位", "employer.name", Text, 28.0),
        column("问题", "problem", Text, 40.0),
        column("整改措施", "measure", Text, 40.0),
        column("责任单位", "responsibleOrganization.name", Text, 24.0),
        column("责任部门", "responsibleDepartment", Text, 16.0),
        column("整改时限", "dueOn", Date, 12.0),
        column("时限状态", "deadline.status", Label("DeadlineStatus"), 10.0),
        column("状态", "status", Label("RectificationStatus"), 10.0),
        column("完成时间", "doneAt", DateTime, 17.0),
        column("核验时间", "verifiedAt", DateTime, 17.0),
        column("核验单位", "verifiedBy.name", Text, 24.0),
        column("系统编号", "id", Text, 20.0),
    ],
    totals: &["status"],
};

const LAYOFF_PLANS: Ledger = Ledger {
    title: "经济性裁员台账",
    list: "layoffPlans",
    filter: "LayoffPlanFilterInput",
    columns: &[
        column("用人单位", "employer.name", Text, 28.0),
        column("工会", "union.name", Text, 28.0),
        column("状态", "status", Label("LayoffStatus"), 12.0),
        column("裁员理由", "ground", Label("LayoffGround"), 24.0),
        column("职工总数", "workforce", Number, 10.0),
        column("裁减人数", "cut", Number, 10.0),
        column("须履行法定程序", "procedureRequired", YesNo, 14.0),
        column("已解除人数", "terminatedCount", Number, 10.0),
        column("说明情况时间", "explainedAt", DateTime, 17.0),
        column("最早解除日", "earliestTermination", Date, 12.0),
        column("首批解除日", "firstTermination", Date, 12.0),
        column("末批解除日", "lastTermination", Date, 12.0),
        column("报告时间", "reportedAt", DateTime, 17.0),
        column("报告对象", "reportedTo.name", Text, 24.0),
        column("系统编号", "id", Text, 20.0),
    ],
    totals: &["status", "ground"],
};

const EVALUATIONS: Ledger = Ledger {
    title: "集体协商质效评估台账",
    list: "evaluations",
    filter: "EvaluationFilterInput",
    columns: &[
        column("用人单位", "employer.name", Text, 28.0),
        column("工会", "union.name", Text, 28.0),
        column("年度", "year", Number, 8.0),
        column("状态", "status", Label("EvaluationStatus"), 12.0),
        column("自评分", "selfTotal", Number, 10.0),
        column("自评等次", "selfGrade", Text, 10.0),
        column("确认分", "confirmedTotal", Number, 10.0),
        column("确认等次", "confirmedGrade", Text, 10.0),
        column("提交时间", "submittedAt", DateTime, 17.0),
        column("确认时间", "confirmedAt", DateTime, 17.0),
        column("确认单位", "confirmedBy.name", Text, 24.0),
        column("推荐", "nomination", Label("Nomination"), 14.0),
        column("系统编号", "id", Text, 20.0),
    ],
    totals: &["status", "nomination"],
};

pub fn ledger(kind: LedgerKind) -> &'static Ledger {
    match kind {
        LedgerKind::Offers => &OFFERS,
        LedgerKind::Agreements => &AGREEMENTS,
        LedgerKind::Deadlines => &DEADLINES,
        LedgerKind::RiskCases => &RISK_CASES,
        LedgerKind::RectificationItems => &RECTIFICATION_ITEMS,
        LedgerKind::LayoffPlans => &LAYOFF_PLANS,
        LedgerKind::Evaluations => &EVALUATIONS,
    }
}

impl Ledger {
    /// The selection of each node (see [`selection`]).
    pub fn selection(&self) -> String {
        selection(self.columns)
    }

    /// The query of one page: `$after` the cursor, the total asked with
    /// `$counting`.
    pub fn query(&self) -> String {
        format!(
            "query Ledger($filter: {filter}, $after: String, $counting: Boolean!) {{ \
             {list}(filter: $filter, first: {PAGE}, after: $after) {{ \
             totalCount @include(if: $counting) pageInfo {{ hasNextPage endCursor }} \
             edges {{ node {{ {selection} }} }} }} }}",
            filter = self.filter,
            list = self.list,
            selection = self.selection(),
        )
    }
}

/// The selection of a row: the columns' paths as nested fields
/// (`employer.name` → `employer { name }`).
pub fn selection(columns: &[Column]) -> String {
    let paths: Vec<Vec<&str>> = columns
        .iter()
        .map(|c| {
            let mut path: Vec<&str> = c.path.split('.').collect();
            if c.kind == Names {
                path.push("name");
            }
            path
        })
        .collect();
    nest(&paths)
}

/// Rows per page: the lists' largest.
pub const PAGE: usize = 100;

/// Paths as a selection set, fields with subfields grouped in first-seen order.
fn nest(paths: &[Vec<&str>]) -> String {
    let mut heads: Vec<&str> = Vec::new();
    for path in paths {
        if let Some(head) = path.first()
            && !heads.contains(head)
        {
            heads.push(head);
        }
    }
    let fields: Vec<String> = heads
        .into_iter()
        .map(|head| {
            let rest: Vec<Vec<&str>> = paths
                .iter()
                .filter(|p| p.first() == Some(&head) && p.len() > 1)
                .map(|p| p[1..].to_vec())
                .collect();
            if rest.is_empty() {
                head.to_owned()
            } else {
                format!("{head} {{ {} }}", nest(&rest))
            }
        })
        .collect();
    fields.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_nests_the_columns_paths() {
        let selection = ledger(LedgerKind::Offers).selection();
        assert!(
            selection.contains("replyDeadline { dueAt status }"),
            "{selection}"
        );
        assert!(selection.contains("employer { name }"), "{selection}");
        assert!(selection.starts_with("initiatingSide issuingOrganization { name }"));
        assert!(
            ledger(LedgerKind::Agreements)
                .selection()
                .contains("employers { name }")
        );
    }

    #[test]
    fn every_ledger_has_a_title_and_totals_among_its_columns() {
        for kind in LedgerKind::ALL {
            let spec = ledger(*kind);
            assert!(spec.title.chars().count() <= 31, "{}", spec.title);
            for total in spec.totals {
                assert!(spec.columns.iter().any(|c| c.path == *total), "{total}");
            }
        }
    }
}
