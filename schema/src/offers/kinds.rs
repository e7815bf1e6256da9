//! The enumerations of bargaining offers (要约), negotiations and campaigns.

crate::text_enum! {
    /// Kind of campaign.
    pub enum CampaignKind {
        /// Spring concentrated offer campaign (春季集中要约).
        SpringConcentratedOffer = "SPRING_CONCENTRATED_OFFER",
        /// Special action (专项行动).
        SpecialAction = "SPECIAL_ACTION",
        /// Any other campaign.
        Other = "OTHER",
    }
}

crate::text_enum! {
    /// Category of offer in the 2023 campaign (seed 000 §二.2).
    pub enum OfferCategory {
        /// Skill-level wage bargaining (能级工资协商), for healthy enterprises.
        SkillLevelWage = "SKILL_LEVEL_WAGE",
        /// Job stabilisation in enterprises in difficulty (困难企业稳岗).
        DifficultyStabilization = "DIFFICULTY_STABILIZATION",
        /// New forms of employment: freight, ride-hailing, delivery (新就业形态).
        NewEmploymentForm = "NEW_EMPLOYMENT_FORM",
        /// Wage bargaining (工资集体协商).
        Wage = "WAGE",
        /// A comprehensive collective contract (综合性集体合同).
        Comprehensive = "COMPREHENSIVE",
        /// A special subject (专项).
        Special = "SPECIAL",
    }
}

crate::text_enum! {
    /// A topic of bargaining: the fifteen of CCP Art. 8, and the campaign's.
    pub enum OfferTopic {
        /// 劳动报酬 (Art. 8.1).
        Pay = "PAY",
        /// 工作时间 (Art. 8.2).
        WorkingHours = "WORKING_HOURS",
        /// 休息休假 (Art. 8.3).
        RestAndLeave = "REST_AND_LEAVE",
        /// 劳动安全与卫生 (Art. 8.4).
        SafetyAndHealth = "SAFETY_AND_HEALTH",
        /// 补充保险和福利 (Art. 8.5).
        SupplementaryInsuranceAndWelfare = "SUPPLEMENTARY_INSURANCE_AND_WELFARE",
        /// 女职工和未成年工特殊保护 (Art. 8.6).
        WomenAndJuvenileProtection = "WOMEN_AND_JUVENILE_PROTECTION",
        /// 职业技能培训 (Art. 8.7).
        VocationalTraining = "VOCATIONAL_TRAINING",
        /// 劳动合同管理 (Art. 8.8).
        LabourContractManagement = "LABOUR_CONTRACT_MANAGEMENT",
        /// 奖惩 (Art. 8.9).
        RewardsAndDiscipline = "REWARDS_AND_DISCIPLINE",
        /// 裁员 (Art. 8.10).
        Layoffs = "LAYOFFS",
        /// 集体合同期限 (Art. 8.11).
        ContractTerm = "CONTRACT_TERM",
        /// 变更、解除集体合同的程序 (Art. 8.12).
        ChangeOrTerminationProcedure = "CHANGE_OR_TERMINATION_PROCEDURE",
        /// 履行集体合同发生争议时的协商处理办法 (Art. 8.13).
        PerformanceDisputes = "PERFORMANCE_DISPUTES",
        /// 违反集体合同的责任 (Art. 8.14).
        LiabilityForBreach = "LIABILITY_FOR_BREACH",
        /// 双方认为应当协商的其他内容 (Art. 8.15).
        Other = "OTHER",
        /// Skill grades priced into pay (技能要素参与分配).
        SkillGradePay = "SKILL_GRADE_PAY",
        /// Patents and innovations priced into pay (专利、创新成果).
        PatentsAndInnovation = "PATENTS_AND_INNOVATION",
        /// Education and mentoring priced into pay (学历、师带徒).
        EducationAndMentoring = "EDUCATION_AND_MENTORING",
        /// Flexible working for workers of child-bearing age (育龄职工弹性工作).
        FlexibleWorkForParents = "FLEXIBLE_WORK_FOR_PARENTS",
        /// Job stabilisation (稳岗就业).
        JobStabilisation = "JOB_STABILISATION",
        /// Payment of wages (工资支付).
        WagePayment = "WAGE_PAYMENT",
        /// Shorter hours (缩短工时).
        ShorterHours = "SHORTER_HOURS",
        /// Rotation of posts and rest (轮岗轮休).
        Rotation = "ROTATION",
        /// A plan for redeploying workers instead of layoffs (职工分流安置方案).
        ResettlementPlan = "RESETTLEMENT_PLAN",
        /// Piece rates, order allocation and algorithms on platforms (计件单价、派单规则、算法).
        PlatformRatesAndAlgorithms = "PLATFORM_RATES_AND_ALGORITHMS",
    }
}

crate::text_enum! {
    /// Where an offer stands.
    pub enum OfferStatus {
        /// Being written; not yet sent.
        Draft = "DRAFT",
        /// Sent; the other side must answer in writing within 20 days of receipt.
        Issued = "ISSUED",
        /// The other side agreed to bargain.
        Accepted = "ACCEPTED",
        /// The other side refused, with a reason.
        Declined = "DECLINED",
        /// Representatives named; sessions under way.
        InNegotiation = "IN_NEGOTIATION",
        /// Ended with an outcome.
        Concluded = "CONCLUDED",
        /// Paused by agreement (中止), with the next date fixed.
        Suspended = "SUSPENDED",
        /// Withdrawn by the side that made it.
        Withdrawn = "WITHDRAWN",
    }
}

crate::text_enum! {
    /// How an offer reached the other side.
    pub enum Delivery {
        /// Through the platform: received when issued.
        Platform = "PLATFORM",
        /// On paper: received when the receipt is recorded.
        Paper = "PAPER",
    }
}

crate::text_enum! {
    /// How a negotiation ended.
    pub enum NegotiationOutcome {
        /// A draft agreement (协议草案) signed by both chiefs, to go on to approval.
        AgreementDraft = "AGREEMENT_DRAFT",
        /// A memorandum (备忘录).
        Memorandum = "MEMORANDUM",
        /// Meeting minutes (会议纪要).
        Minutes = "MINUTES",
        /// No agreement was reached.
        NoAgreement = "NO_AGREEMENT",
    }
}

crate::text_enum! {
    /// Kind of bargaining session.
    pub enum SessionKind {
        /// A bargaining meeting (协商会议).
        Meeting = "MEETING",
        /// A consultation talk (恳谈会), common with platform workers.
        ConsultationTalk = "CONSULTATION_TALK",
    }
}

crate::text_enum! {
    /// Where a request for coordination stands (CCP Arts. 49–53).
    pub enum DisputeStatus {
        /// The labour administration is coordinating.
        Open = "OPEN",
        /// Ended in a 协调处理协议书.
        Resolved = "RESOLVED",
    }
}
