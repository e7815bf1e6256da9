//! What can happen, and the category each kind belongs to for email preferences.

crate::text_enum! {
    /// A kind of event.
    pub enum EventKind {
        /// An organization was recorded.
        OrganizationCreated = "ORGANIZATION_CREATED",
        /// An organization's details changed.
        OrganizationUpdated = "ORGANIZATION_UPDATED",
        /// An employer joined an association.
        AssociationMemberAdded = "ASSOCIATION_MEMBER_ADDED",
        /// An employer left an association.
        AssociationMemberRemoved = "ASSOCIATION_MEMBER_REMOVED",
        /// A user joined an organization.
        MembershipAdded = "MEMBERSHIP_ADDED",
        /// A member's role changed.
        MembershipChanged = "MEMBERSHIP_CHANGED",
        /// A user left an organization.
        MembershipRemoved = "MEMBERSHIP_REMOVED",
        /// A statutory deadline is near.
        DeadlineReminder = "DEADLINE_REMINDER",
        /// A statutory deadline passed unmet.
        DeadlineMissed = "DEADLINE_MISSED",
    }
}

crate::text_enum! {
    /// A group of event kinds that users switch email on or off for.
    pub enum EventCategory {
        /// Changes to organizations and association membership.
        Organizations = "ORGANIZATIONS",
        /// Changes to who belongs to an organization.
        Memberships = "MEMBERSHIPS",
        /// Reminders and missed statutory deadlines.
        Deadlines = "DEADLINES",
    }
}

impl EventKind {
    pub fn category(self) -> EventCategory {
        use EventKind::*;
        match self {
            OrganizationCreated
            | OrganizationUpdated
            | AssociationMemberAdded
            | AssociationMemberRemoved => EventCategory::Organizations,
            MembershipAdded | MembershipChanged | MembershipRemoved => EventCategory::Memberships,
            DeadlineReminder | DeadlineMissed => EventCategory::Deadlines,
        }
    }

    /// Whether this kind changes who may see which organizations, so that a
    /// subscriber's view must be refreshed before it is filtered.
    pub fn changes_visibility(self) -> bool {
        self.category() != EventCategory::Deadlines
    }
}
