//! The kinds of exports, stored as text and exposed as a GraphQL enum.

crate::text_enum! {
    /// A ledger (台账) that exports as a spreadsheet.
    pub enum LedgerKind {
        /// Bargaining offers (要约台账), as the `offers` list.
        Offers = "OFFERS",
        /// Agreements with every clock (集体合同登记台账), as the `agreements` list.
        Agreements = "AGREEMENTS",
        /// Statutory clocks (期限台账), as the `deadlines` list.
        Deadlines = "DEADLINES",
        /// Risk cases (风险监测预警台账), as the `riskCases` list.
        RiskCases = "RISK_CASES",
        /// Rectification items (整改清单), as the `rectificationItems` list.
        RectificationItems = "RECTIFICATION_ITEMS",
        /// Layoff plans (经济性裁员台账), as the `layoffPlans` list; without
        /// the workers on the list.
        LayoffPlans = "LAYOFF_PLANS",
        /// Bargaining quality evaluations (质效评估台账), as the `evaluations` list.
        Evaluations = "EVALUATIONS",
    }
}

crate::text_enum! {
    /// A form or letter that exports as a Word document (docx), of one record.
    pub enum DocumentKind {
        /// The offer letter (集体协商要约书) of an offer.
        OfferLetter = "OFFER_LETTER",
        /// The written response (集体协商回应书) to an answered offer.
        OfferResponse = "OFFER_RESPONSE",
        /// The employer's quick reports (附件3 用人单位速报表) of a risk case.
        QuickReport = "QUICK_REPORT",
        /// The office's information forms (附件4 风险监测预警信息情况表) of a risk case.
        RiskInformationForm = "RISK_INFORMATION_FORM",
        /// The filing receipt (受理回执) of an agreement's latest filing.
        FilingReceipt = "FILING_RECEIPT",
        /// The review opinion (审查意见书) of an agreement's latest objection.
        ReviewOpinion = "REVIEW_OPINION",
        /// The text of an agreement (合同文本) with its clauses, as it now reads.
        AgreementText = "AGREEMENT_TEXT",
        /// A district office's summary of a campaign (工作总结), its figures and narrative.
        CampaignSummary = "CAMPAIGN_SUMMARY",
        /// The summaries of a campaign (工作总结汇总): who sent theirs when,
        /// and the figures of the campaign's whole region; for the offices over it.
        CampaignSummaries = "CAMPAIGN_SUMMARIES",
    }
}

crate::text_enum! {
    /// A report that exports as a workbook, a sheet for each of its tables.
    pub enum ReportKind {
        /// Model-unit and bargaining coverage (示范单位覆盖情况), as `coverageReport`.
        Coverage = "COVERAGE",
        /// A campaign's summaries (专项行动工作总结汇总): who submitted, and each
        /// district's figures with the city total.
        CampaignSummaries = "CAMPAIGN_SUMMARIES",
    }
}

/// What an export is: a ledger, a report, or a document of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exported {
    Ledger(LedgerKind),
    Report(ReportKind),
    Document(DocumentKind),
}

impl Exported {
    /// The export as the audit trail records it, with what was asked
    /// (`request`: a filter, a report's arguments, or `{"id": …}`).
    pub fn summary(self, request: &serde_json::Value) -> serde_json::Value {
        match self {
            Exported::Ledger(kind) => serde_json::json!({ "ledger": kind, "filter": request }),
            Exported::Report(kind) => serde_json::json!({ "report": kind, "filter": request }),
            Exported::Document(kind) => {
                serde_json::json!({ "document": kind, "id": request["id"] })
            }
        }
    }
}
