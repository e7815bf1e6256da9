//! The kinds of the evaluation area.

crate::text_enum! {
    /// A survey rate the evaluation schemes ask for (参与率、知晓率、满意率、企业认可率).
    pub enum SurveyRate {
        /// Workers' participation in the bargaining (职工参与率).
        Participation = "PARTICIPATION",
        /// Workers who know the contract's content (职工知晓率).
        Awareness = "AWARENESS",
        /// Workers satisfied with it (职工满意率).
        Satisfaction = "SATISFACTION",
        /// The employer's endorsement (企业认可率).
        Endorsement = "ENDORSEMENT",
    }
}

crate::text_enum! {
    /// Where an edition of a guide stands.
    pub enum GuideStatus {
        /// Loaded, not yet in use; may be replaced.
        Draft = "DRAFT",
        /// In use: new evaluations are made against it. Never changes.
        Published = "PUBLISHED",
        /// Replaced by a newer edition; evaluations made on it stay on it.
        Superseded = "SUPERSEDED",
    }
}

crate::text_enum! {
    /// Where an evaluation stands.
    pub enum EvaluationStatus {
        /// Being scored by the employer and its union.
        Draft = "DRAFT",
        /// Submitted for confirmation.
        Submitted = "SUBMITTED",
        /// Returned to the employer with the reasons; scored again and resubmitted.
        Returned = "RETURNED",
        /// Confirmed by the district office or a union federation, adjusted or not.
        Confirmed = "CONFIRMED",
        /// Filed with the tripartite office, with a receipt.
        Filed = "FILED",
    }
}

crate::text_enum! {
    /// What the city office named a filed evaluation's employer.
    pub enum Nomination {
        /// A typical unit (典型).
        Typical = "TYPICAL",
        /// A city-level model bargaining unit (集体协商示范企业).
        Model = "MODEL",
    }
}

crate::text_enum! {
    /// The level of a harmonious-labour-relations title.
    pub enum TitleLevel {
        /// Named by a district or county (县区级); below the seed's "city level or above".
        District = "DISTRICT",
        City = "CITY",
        Province = "PROVINCE",
        National = "NATIONAL",
    }
}

impl TitleLevel {
    /// The levels the seed's "model units" are held at: city or above.
    pub const CITY_OR_ABOVE: [TitleLevel; 3] =
        [TitleLevel::City, TitleLevel::Province, TitleLevel::National];
}

crate::text_enum! {
    /// What an evaluation rests on.
    pub enum EvaluationLinkKind {
        Agreement = "AGREEMENT",
        Negotiation = "NEGOTIATION",
    }
}
