//! The enumerations of layoffs, stored as text and exposed as GraphQL enums.

crate::text_enum! {
    /// Where a layoff plan stands in the procedure of 《企业经济性裁减人员规定》 Art. 4.
    pub enum LayoffStatus {
        /// Drawn up by the employer; seen by the employer only.
        Draft = "DRAFT",
        /// Explained to the union or all workers; the 30 days run.
        Explained = "EXPLAINED",
        /// The union (or the workers) gave an opinion; the employer answers in writing.
        OpinionGiven = "OPINION_GIVEN",
        /// The employer answered the opinion in writing; the plan may be reported.
        Answered = "ANSWERED",
        /// Reported with the opinion and answer to the labour administration.
        Reported = "REPORTED",
        /// Being carried out: terminations are recorded.
        Implementing = "IMPLEMENTING",
        /// Every worker on the list was terminated.
        Completed = "COMPLETED",
        /// Withdrawn by the employer.
        Withdrawn = "WITHDRAWN",
    }
}

crate::text_enum! {
    /// The ground of a layoff under LCL Art. 41 ¶1.
    pub enum LayoffGround {
        /// (一) Reorganisation under the Enterprise Bankruptcy Law (依照企业破产法规定进行重整).
        BankruptcyReorganisation = "BANKRUPTCY_REORGANISATION",
        /// (二) Serious difficulty in production and operation (生产经营发生严重困难).
        SeriousDifficulty = "SERIOUS_DIFFICULTY",
        /// (三) A change of production, a major technical innovation or a change of business
        /// model, where redundancy remains after contracts are varied.
        BusinessChange = "BUSINESS_CHANGE",
        /// (四) Another major change of the objective economic circumstances on which the
        /// contracts were concluded, so that they cannot be performed (a merger or
        /// acquisition among them).
        CircumstancesChanged = "CIRCUMSTANCES_CHANGED",
    }
}

impl LayoffGround {
    /// Whether the ground calls for changing or ending the employer's
    /// collective contract (seed 000 §二.3(三): 破产重整、兼并重组).
    pub fn touches_collective_contract(self) -> bool {
        matches!(
            self,
            LayoffGround::BankruptcyReorganisation | LayoffGround::CircumstancesChanged
        )
    }
}

crate::text_enum! {
    /// To whom the situation was explained (向工会或者全体职工说明情况).
    pub enum ExplainedTo {
        /// The employer's union.
        Union = "UNION",
        /// All workers.
        AllWorkers = "ALL_WORKERS",
    }
}

crate::text_enum! {
    /// The worker's sex, as the retirement age needs it.
    pub enum Sex {
        Male = "MALE",
        Female = "FEMALE",
    }
}

crate::text_enum! {
    /// The job category, which sets a woman's original retirement age.
    pub enum JobCategory {
        /// Management or professional and technical posts (原法定退休年龄55周岁).
        Cadre = "CADRE",
        /// Production and other posts (原法定退休年龄50周岁).
        Worker = "WORKER",
    }
}

crate::text_enum! {
    /// The kind of the worker's labour contract (LCL Art. 12).
    pub enum ContractKind {
        /// A fixed term.
        FixedTerm = "FIXED_TERM",
        /// No fixed term (无固定期限).
        OpenEnded = "OPEN_ENDED",
        /// Until a task is done (以完成一定工作任务为期限).
        TaskBased = "TASK_BASED",
    }
}

crate::text_enum! {
    /// A re-employment service for those laid off (seed 000 §二.3(四)).
    pub enum ServiceKind {
        /// Employment assistance: job fairs, referrals (就业援助).
        EmploymentAssistance = "EMPLOYMENT_ASSISTANCE",
        /// Psychological guidance (心理疏导).
        PsychologicalGuidance = "PSYCHOLOGICAL_GUIDANCE",
        /// Skills training (技能培训).
        SkillsTraining = "SKILLS_TRAINING",
    }
}
