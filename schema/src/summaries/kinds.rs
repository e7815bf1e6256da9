//! Where a campaign summary stands.

crate::text_enum! {
    /// Where a district office's summary of a campaign stands.
    pub enum SummaryStatus {
        /// Asked for; the office is writing it.
        Draft = "DRAFT",
        /// Sent to the office that runs the campaign; its figures are kept as they stood.
        Submitted = "SUBMITTED",
    }
}
