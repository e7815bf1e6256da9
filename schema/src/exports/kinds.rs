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
