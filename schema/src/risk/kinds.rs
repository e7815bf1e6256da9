//! The enumerations of risk monitoring and early warning (seed 004,
//! 劳动关系领域风险监测预警工作实施方案).

crate::text_enum! {
    /// A monitored item (监测事项, seed 004 §六): what an employer must report
    /// to the tripartite office of its district at once.
    pub enum MonitoredItem {
        /// (一) 被依法宣告破产、吊销营业执照、责令关闭、撤销、决定提前解散或经营期限届满不再继续经营的.
        Closure = "CLOSURE",
        /// (二) 发生合并、分立或实际控制人变更，可能引发集体劳动争议的.
        Restructuring = "RESTRUCTURING",
        /// (三) 生产经营地址搬迁需变更劳动者工作地点，可能引发集体劳动争议的.
        Relocation = "RELOCATION",
        /// (四) 非因劳动者原因停工、停产、歇业、发生不可抗力导致支付工资或生活费出现纠纷，可能引发集体劳动争议的.
        Stoppage = "STOPPAGE",
        /// (五) 未按时足额支付劳动者工资，可能引发劳动者集体维权的.
        WageArrears = "WAGE_ARREARS",
        /// (六) 出现《劳动合同法》第四十一条情形需要裁减人员，可能引发集体劳动争议的.
        Layoff = "LAYOFF",
        /// (七) 当月离职人数50人以上或离职不足50人但占用人单位劳动者总数10%以上，可能引发集体劳动争议的.
        MassDeparture = "MASS_DEPARTURE",
        /// (八) 调整有关劳动报酬、工作时间、休息休假、劳动安全卫生、保险福利、劳动纪律以及劳动定额管理等直接涉及劳动者切身利益的规章制度，可能引发集体劳动争议的.
        RuleChange = "RULE_CHANGE",
        /// (九) 出现劳动者因劳动关系权利诉求引发的停工、怠工、堵门、堵路等严重影响生产经营或公共秩序的.
        CollectiveAction = "COLLECTIVE_ACTION",
        /// (十) 因劳动关系引发社会舆情关注，可能造成负面影响的.
        PublicOpinion = "PUBLIC_OPINION",
        /// (十一) 涉及劳动关系稳定的其他重大事项.
        OtherMajor = "OTHER_MAJOR",
    }
}

crate::text_enum! {
    /// How the office was first told (seed 004 §八: 立即通过电话、微信等便捷方式).
    pub enum NoticeChannel {
        /// By telephone.
        Phone = "PHONE",
        /// By WeChat.
        Wechat = "WECHAT",
        /// Through the platform.
        Platform = "PLATFORM",
        /// In person.
        InPerson = "IN_PERSON",
    }
}

crate::text_enum! {
    /// Where a risk case came from.
    pub enum RiskSource {
        /// The employer's own report (附件3).
        EmployerReport = "EMPLOYER_REPORT",
        /// The employer's grassroots union.
        Union = "UNION",
        /// A visit or check by the office (走访摸排).
        OfficeVisit = "OFFICE_VISIT",
        /// A signal in shared data.
        DataSignal = "DATA_SIGNAL",
        /// The media or public opinion (舆情监测).
        Media = "MEDIA",
        /// A city department (市直各有关部门, seed 004 §四.(三)).
        CityDepartment = "CITY_DEPARTMENT",
        /// Detected by the platform, e.g. from headcount returns.
        AutomaticDetection = "AUTOMATIC_DETECTION",
    }
}

crate::text_enum! {
    /// Where a risk case stands.
    pub enum RiskStatus {
        /// Reported; the office has not yet assessed it.
        Reported = "REPORTED",
        /// The office assessed it and filed the information form (附件4).
        Assessed = "ASSESSED",
        /// Measures are under way and followed up.
        Resolving = "RESOLVING",
        /// Closed with an outcome.
        Closed = "CLOSED",
        /// Merged into another case of the same employer.
        Merged = "MERGED",
    }
}

crate::text_enum! {
    /// A warning level (预警级别, seed 004 §三).
    pub enum WarningLevel {
        /// 一级: some employers of a few industries, few people, within the city; issued by the city's tripartite body.
        Level1 = "LEVEL_1",
        /// 二级: a worsening trend, more people, two or more districts; decided by the province.
        Level2 = "LEVEL_2",
        /// 三级: many industries, frequent incidents, may spread beyond the city; decided by the national body.
        Level3 = "LEVEL_3",
    }
}

crate::text_enum! {
    /// How a case was closed.
    pub enum RiskOutcome {
        /// The risk was resolved (化解).
        Resolved = "RESOLVED",
        /// Handed on to labour inspection, arbitration or another authority.
        Referred = "REFERRED",
        /// On assessment there was no risk.
        Unfounded = "UNFOUNDED",
    }
}

crate::text_enum! {
    /// Where a case is referred (seed 004 §四.(二): 协调监察、仲裁等部门).
    pub enum Referral {
        /// Labour inspection (劳动保障监察).
        LabourInspection = "LABOUR_INSPECTION",
        /// Labour dispute arbitration (劳动人事争议仲裁).
        Arbitration = "ARBITRATION",
    }
}

crate::text_enum! {
    /// What a case is linked to: a record of the same employer.
    pub enum LinkKind {
        /// A bargaining offer (要约).
        Offer = "OFFER",
        /// An agreement (collective or special contract, memorandum, minutes).
        Agreement = "AGREEMENT",
        /// A layoff plan under LCL Art. 41 (经济性裁员方案).
        LayoffPlan = "LAYOFF_PLAN",
    }
}

crate::text_enum! {
    /// Whether a warning is in force.
    pub enum WarningStatus {
        /// Issued (or recorded) and in force.
        Issued = "ISSUED",
        /// Lifted.
        Lifted = "LIFTED",
    }
}

crate::text_enum! {
    /// To whom a case or warning is reported upward (seed 004 §八: 向市、省、国家报告).
    pub enum UpwardRecipient {
        /// The city tripartite office.
        CityOffice = "CITY_OFFICE",
        /// The province's tripartite body.
        Province = "PROVINCE",
        /// The national tripartite conference.
        Nation = "NATION",
    }
}

crate::text_enum! {
    /// A failure to report (seed 004 §十: 漏报、迟报、瞒报).
    pub enum ReportingFault {
        /// 漏报: the employer did not report a matter it had to.
        Missed = "MISSED",
        /// 迟报: it reported late.
        Late = "LATE",
        /// 瞒报: it hid or misstated facts.
        Concealed = "CONCEALED",
    }
}

crate::text_enum! {
    /// An area a health check (法治体检) looks at.
    pub enum HealthCheckArea {
        /// 劳动合同: contracts signed, terms lawful.
        Contracts = "CONTRACTS",
        /// 工资支付: wages paid in full and on time, the minimum wage.
        Wages = "WAGES",
        /// 工作时间和休息休假: hours, overtime, rest and leave.
        HoursAndRest = "HOURS_AND_REST",
        /// 社会保险: insurance registered and paid.
        SocialInsurance = "SOCIAL_INSURANCE",
        /// 规章制度: workplace rules made and made known lawfully.
        WorkplaceRules = "WORKPLACE_RULES",
        /// 劳动安全卫生: occupational safety and health.
        Safety = "SAFETY",
    }
}

crate::text_enum! {
    /// In what capacity someone took part in a health check.
    pub enum VisitorRole {
        /// 劳动关系协调员.
        Coordinator = "COORDINATOR",
        /// 工会劳动法律监督员.
        UnionLegalSupervisor = "UNION_LEGAL_SUPERVISOR",
        /// 集体协商指导员.
        BargainingInstructor = "BARGAINING_INSTRUCTOR",
    }
}

crate::text_enum! {
    /// Where a rectification item stands.
    pub enum RectificationStatus {
        /// To be done by its time limit.
        Open = "OPEN",
        /// The employer reports it done, with evidence; the office is to verify.
        Done = "DONE",
        /// The office verified it done.
        Verified = "VERIFIED",
    }
}
