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
