//! The enumerations of agreements (CCP ch. 5–6).

crate::text_enum! {
    /// Kind of agreement.
    pub enum AgreementKind {
        /// The comprehensive collective contract (集体合同).
        CollectiveContract = "COLLECTIVE_CONTRACT",
        /// A special collective contract on one subject (专项集体合同).
        SpecialContract = "SPECIAL_CONTRACT",
        /// A sector contract (行业性集体合同), covering many employers.
        SectorContract = "SECTOR_CONTRACT",
        /// A regional contract (区域性集体合同), covering many employers.
        RegionalContract = "REGIONAL_CONTRACT",
        /// An agreement (协议): signed, not voted on or filed.
        Agreement = "AGREEMENT",
        /// A memorandum (备忘录): signed, not voted on or filed.
        Memorandum = "MEMORANDUM",
        /// Meeting minutes (会议纪要): signed, not voted on or filed.
        MeetingMinutes = "MEETING_MINUTES",
    }
}

impl AgreementKind {
    /// Contracts go through the vote, filing and review; the lighter
    /// outcomes are only signed.
    pub fn is_contract(self) -> bool {
        matches!(
            self,
            AgreementKind::CollectiveContract
                | AgreementKind::SpecialContract
                | AgreementKind::SectorContract
                | AgreementKind::RegionalContract
        )
    }

    /// Sector and regional contracts bind many employers.
    pub fn covers_many(self) -> bool {
        matches!(
            self,
            AgreementKind::SectorContract | AgreementKind::RegionalContract
        )
    }
}

crate::text_enum! {
    /// The subject of a special collective contract (专项集体合同).
    pub enum SpecialSubject {
        /// Wage adjustment (工资专项集体合同).
        Wage = "WAGE",
        /// Labour safety and health (劳动安全卫生).
        SafetyHealth = "SAFETY_HEALTH",
        /// Protection of women workers (女职工权益保护).
        WomenWorkers = "WOMEN_WORKERS",
        /// Skill-level wages (能级工资).
        SkillLevelWage = "SKILL_LEVEL_WAGE",
        /// Another subject.
        Other = "OTHER",
    }
}

crate::text_enum! {
    /// Where an agreement stands.
    pub enum AgreementStatus {
        /// The text is being drafted and revised by both sides.
        Drafting = "DRAFTING",
        /// The workers' congress or all workers approved the draft (CCP Art. 36).
        Approved = "APPROVED",
        /// Both chief representatives signed (Art. 37).
        Signed = "SIGNED",
        /// Filed with the labour administration, under review (Arts. 42–44).
        Filed = "FILED",
        /// The labour administration objected (审查意见书); to renegotiate and refile (Art. 46).
        Objected = "OBJECTED",
        /// In force (Art. 47, LCL Art. 54).
        Effective = "EFFECTIVE",
        /// Its term ended without renewal.
        Expired = "EXPIRED",
        /// Replaced by its renewal, which took effect.
        Renewed = "RENEWED",
        /// Ended early (Arts. 39–40).
        Terminated = "TERMINATED",
    }
}

crate::text_enum! {
    /// Who voted on a draft (CCP Art. 36).
    pub enum VotingBody {
        /// The workers' congress (职工代表大会).
        WorkersCongress = "WORKERS_CONGRESS",
        /// All workers (全体职工).
        AllWorkers = "ALL_WORKERS",
    }
}

crate::text_enum! {
    /// How a filing's review ended.
    pub enum ReviewOutcome {
        /// Under review.
        Pending = "PENDING",
        /// The labour administration approved it.
        Approved = "APPROVED",
        /// The labour administration objected (审查意见书).
        Objected = "OBJECTED",
        /// No objection within 15 days: it took effect by itself.
        NoObjection = "NO_OBJECTION",
    }
}

crate::text_enum! {
    /// Why an agreement ended early (CCP Arts. 39–40).
    pub enum TerminationGround {
        /// Both sides' representatives agreed (Art. 39).
        ByAgreement = "BY_AGREEMENT",
        /// A merger, dissolution or bankruptcy made performance impossible (Art. 40.1).
        EmployerMergedDissolvedOrBankrupt = "EMPLOYER_MERGED_DISSOLVED_OR_BANKRUPT",
        /// Force majeure made performance impossible (Art. 40.2).
        ForceMajeure = "FORCE_MAJEURE",
        /// A condition the agreement set for its end arose (Art. 40.3).
        AgreedCondition = "AGREED_CONDITION",
        /// Another ground in laws, regulations or rules (Art. 40.4).
        OtherLegalGround = "OTHER_LEGAL_GROUND",
    }
}

crate::text_enum! {
    /// How a clause differs between two versions.
    pub enum ClauseChangeKind {
        /// Only in the later version.
        Added = "ADDED",
        /// Only in the earlier version.
        Removed = "REMOVED",
        /// In both, with a different topic, heading or text.
        Changed = "CHANGED",
    }
}
