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
        /// The next year's State Council holiday notice is to be loaded.
        CalendarNoticeDue = "CALENDAR_NOTICE_DUE",
        /// A campaign was launched.
        CampaignCreated = "CAMPAIGN_CREATED",
        /// The office running a campaign asked a district office for its summary, or moved its due day.
        CampaignSummaryRequested = "CAMPAIGN_SUMMARY_REQUESTED",
        /// A district office revised the draft of its summary.
        CampaignSummaryRevised = "CAMPAIGN_SUMMARY_REVISED",
        /// A district office submitted its summary of a campaign.
        CampaignSummarySubmitted = "CAMPAIGN_SUMMARY_SUBMITTED",
        /// A bargaining offer was sent to the other side.
        OfferIssued = "OFFER_ISSUED",
        /// A paper offer's receipt was recorded; the reply period runs from it.
        OfferReceived = "OFFER_RECEIVED",
        /// The other side agreed to bargain.
        OfferAccepted = "OFFER_ACCEPTED",
        /// The other side refused to bargain.
        OfferDeclined = "OFFER_DECLINED",
        /// An office or the labour administration found a refusal without valid reason.
        OfferDeclineFlagged = "OFFER_DECLINE_FLAGGED",
        /// The side that made the offer withdrew it.
        OfferWithdrawn = "OFFER_WITHDRAWN",
        /// A side confirmed the digest of the offer letter or the response it received.
        OfferTextConfirmed = "OFFER_TEXT_CONFIRMED",
        /// A side named its representatives.
        RepresentativesNamed = "REPRESENTATIVES_NAMED",
        /// A representative left; the place must be filled within 15 days.
        RepresentativeRemoved = "REPRESENTATIVE_REMOVED",
        /// Bargaining began.
        NegotiationStarted = "NEGOTIATION_STARTED",
        /// A session was scheduled.
        SessionScheduled = "SESSION_SCHEDULED",
        /// A session was held and its minutes recorded.
        SessionRecorded = "SESSION_RECORDED",
        /// Bargaining was paused by agreement.
        NegotiationSuspended = "NEGOTIATION_SUSPENDED",
        /// Bargaining resumed.
        NegotiationResumed = "NEGOTIATION_RESUMED",
        /// Bargaining ended with an outcome.
        NegotiationConcluded = "NEGOTIATION_CONCLUDED",
        /// A side asked the labour administration to coordinate a dispute.
        CoordinationRequested = "COORDINATION_REQUESTED",
        /// The coordination was extended.
        CoordinationExtended = "COORDINATION_EXTENDED",
        /// The coordination ended in an agreement on its handling.
        CoordinationResolved = "COORDINATION_RESOLVED",
        /// The parties began drafting an agreement.
        AgreementDrafted = "AGREEMENT_DRAFTED",
        /// An agreement's title, term or coverage changed.
        AgreementUpdated = "AGREEMENT_UPDATED",
        /// A party proposed a revision of the text: a new numbered version.
        AgreementRevised = "AGREEMENT_REVISED",
        /// A party commented on a clause.
        AgreementCommented = "AGREEMENT_COMMENTED",
        /// A comment on a clause was resolved.
        AgreementCommentResolved = "AGREEMENT_COMMENT_RESOLVED",
        /// The workers' congress or all workers voted on the draft.
        AgreementVoted = "AGREEMENT_VOTED",
        /// A chief representative signed; with both signatures the agreement is signed.
        AgreementSigned = "AGREEMENT_SIGNED",
        /// The agreement was filed with the labour administration for review.
        AgreementFiled = "AGREEMENT_FILED",
        /// The labour administration objected (审查意见书).
        AgreementObjected = "AGREEMENT_OBJECTED",
        /// The agreement took effect: approved on review, or unopposed for 15 days.
        AgreementEffective = "AGREEMENT_EFFECTIVE",
        /// The agreement was made known to the workers.
        AgreementPublished = "AGREEMENT_PUBLISHED",
        /// Three months before expiry: renewal may be proposed.
        AgreementRenewalDue = "AGREEMENT_RENEWAL_DUE",
        /// The agreement's term ended without renewal.
        AgreementExpired = "AGREEMENT_EXPIRED",
        /// The agreement was replaced by its renewal.
        AgreementRenewed = "AGREEMENT_RENEWED",
        /// The agreement ended early.
        AgreementTerminated = "AGREEMENT_TERMINATED",
        /// A monitored matter was reported to the district office, or a case opened.
        RiskReported = "RISK_REPORTED",
        /// The platform found a monitored matter in an employer's returns and asks for its quick report.
        RiskDetected = "RISK_DETECTED",
        /// The office filed an information form on a case (附件4).
        RiskFormFiled = "RISK_FORM_FILED",
        /// A case was followed up or referred.
        RiskFollowedUp = "RISK_FOLLOWED_UP",
        /// A case was marked major or urgent, or its tracker named.
        RiskCaseFlagged = "RISK_CASE_FLAGGED",
        /// A case or warning was reported upward.
        RiskReportedUpward = "RISK_REPORTED_UPWARD",
        /// A case was closed.
        RiskCaseClosed = "RISK_CASE_CLOSED",
        /// The office issued a credit reminder for a missed, late or concealed report.
        CreditReminderIssued = "CREDIT_REMINDER_ISSUED",
        /// The integrity interview of a credit reminder was held.
        IntegrityInterviewHeld = "INTEGRITY_INTERVIEW_HELD",
        /// A warning was issued, or a level 2 or 3 warning recorded.
        WarningIssued = "WARNING_ISSUED",
        /// A warning was lifted.
        WarningLifted = "WARNING_LIFTED",
        /// A health check (法治体检) of an employer was recorded with its prescription.
        HealthCheckRecorded = "HEALTH_CHECK_RECORDED",
        /// The employer acknowledged a health check's prescription (用工处方).
        PrescriptionAcknowledged = "PRESCRIPTION_ACKNOWLEDGED",
        /// A rectification item was set with its measure, department and time limit.
        RectificationAssigned = "RECTIFICATION_ASSIGNED",
        /// The employer reported a rectification item done, with evidence.
        RectificationReported = "RECTIFICATION_REPORTED",
        /// The office verified a rectification item done.
        RectificationVerified = "RECTIFICATION_VERIFIED",
        /// The office found a rectification item not done and set a new time limit.
        RectificationReopened = "RECTIFICATION_REOPENED",
        /// A risk bulletin was published.
        RiskBulletinPublished = "RISK_BULLETIN_PUBLISHED",
        /// A risk bulletin was withdrawn.
        RiskBulletinWithdrawn = "RISK_BULLETIN_WITHDRAWN",
        /// An employer's risk grade from shared data rose.
        RiskGradeRose = "RISK_GRADE_ROSE",
        /// A case was merged into another case of the same employer.
        RiskCasesMerged = "RISK_CASES_MERGED",
        /// Labour inspection or arbitration answered a referral of a case.
        RiskReferralAnswered = "RISK_REFERRAL_ANSWERED",
        /// A case was linked to an offer or agreement of its employer.
        RiskCaseLinked = "RISK_CASE_LINKED",
        /// A case's link to an offer or agreement was removed.
        RiskCaseUnlinked = "RISK_CASE_UNLINKED",
        /// An employer drew up a layoff plan (audited; nobody is told of a draft).
        LayoffPlanDrafted = "LAYOFF_PLAN_DRAFTED",
        /// A layoff plan was revised: a new version.
        LayoffPlanRevised = "LAYOFF_PLAN_REVISED",
        /// A layoff was explained to the union or all workers; the 30 days run.
        LayoffPlanExplained = "LAYOFF_PLAN_EXPLAINED",
        /// The union (or the workers) gave an opinion on a layoff plan.
        LayoffOpinionGiven = "LAYOFF_OPINION_GIVEN",
        /// The employer answered the opinion on a layoff plan in writing.
        LayoffOpinionAnswered = "LAYOFF_OPINION_ANSWERED",
        /// A layoff plan was reported to the labour administration.
        LayoffPlanReported = "LAYOFF_PLAN_REPORTED",
        /// The labour administration acknowledged a layoff report.
        LayoffReportAcknowledged = "LAYOFF_REPORT_ACKNOWLEDGED",
        /// A layoff plan was withdrawn.
        LayoffPlanWithdrawn = "LAYOFF_PLAN_WITHDRAWN",
        /// The 30 days from a layoff's explanation ran out.
        LayoffNoticeElapsed = "LAYOFF_NOTICE_ELAPSED",
        /// A worker's termination under a layoff plan was recorded.
        LayoffTerminationRecorded = "LAYOFF_TERMINATION_RECORDED",
        /// A re-employment service for those laid off was recorded.
        LayoffServiceRecorded = "LAYOFF_SERVICE_RECORDED",
        /// The employer hired within six months of a layoff, telling those laid off first.
        LayoffHiringRecorded = "LAYOFF_HIRING_RECORDED",
        /// An edition of an evaluation guide was loaded or its draft replaced (audited only).
        EvaluationGuideLoaded = "EVALUATION_GUIDE_LOADED",
        /// An edition of an evaluation guide was published, superseding the last.
        EvaluationGuidePublished = "EVALUATION_GUIDE_PUBLISHED",
        /// An evaluation was drawn up or scored again as a draft (audited only).
        EvaluationDrafted = "EVALUATION_DRAFTED",
        /// An employer and its union submitted their evaluation for confirmation.
        EvaluationSubmitted = "EVALUATION_SUBMITTED",
        /// The confirming body returned an evaluation, with the reasons.
        EvaluationReturned = "EVALUATION_RETURNED",
        /// The confirming body confirmed an evaluation, adjusted or not.
        EvaluationConfirmed = "EVALUATION_CONFIRMED",
        /// An evaluation was filed with the tripartite office.
        EvaluationFiled = "EVALUATION_FILED",
        /// The city office named an evaluated employer a typical or model unit.
        EvaluationNominated = "EVALUATION_NOMINATED",
        /// A harmonious-labour-relations title was recorded.
        HarmonyTitleRecorded = "HARMONY_TITLE_RECORDED",
        /// A harmonious-labour-relations title was revoked.
        HarmonyTitleRevoked = "HARMONY_TITLE_REVOKED",
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
        /// Bargaining offers, negotiations, campaigns and disputes.
        Bargaining = "BARGAINING",
        /// Agreements: drafting, vote, signing, filing, review, effect and end.
        Agreements = "AGREEMENTS",
        /// Risk monitoring: reports, cases, forms and warnings.
        Risk = "RISK",
        /// Layoffs: the plan, its explanation, opinion, answer and report.
        Layoffs = "LAYOFFS",
        /// Quality evaluation of bargaining, and harmonious-enterprise titles.
        Evaluation = "EVALUATION",
        /// The district offices' summaries of campaigns.
        Summaries = "SUMMARIES",
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
            DeadlineReminder | DeadlineMissed | CalendarNoticeDue => EventCategory::Deadlines,
            AgreementDrafted
            | AgreementUpdated
            | AgreementRevised
            | AgreementCommented
            | AgreementCommentResolved
            | AgreementVoted
            | AgreementSigned
            | AgreementFiled
            | AgreementObjected
            | AgreementEffective
            | AgreementPublished
            | AgreementRenewalDue
            | AgreementExpired
            | AgreementRenewed
            | AgreementTerminated => EventCategory::Agreements,
            RiskReported
            | RiskDetected
            | RiskFormFiled
            | RiskFollowedUp
            | RiskCaseFlagged
            | RiskReportedUpward
            | RiskCaseClosed
            | CreditReminderIssued
            | IntegrityInterviewHeld
            | WarningIssued
            | WarningLifted
            | HealthCheckRecorded
            | PrescriptionAcknowledged
            | RectificationAssigned
            | RectificationReported
            | RectificationVerified
            | RectificationReopened
            | RiskBulletinPublished
            | RiskBulletinWithdrawn
            | RiskGradeRose
            | RiskCasesMerged
            | RiskReferralAnswered
            | RiskCaseLinked
            | RiskCaseUnlinked => EventCategory::Risk,
            LayoffPlanDrafted
            | LayoffPlanRevised
            | LayoffPlanExplained
            | LayoffOpinionGiven
            | LayoffOpinionAnswered
            | LayoffPlanReported
            | LayoffReportAcknowledged
            | LayoffPlanWithdrawn
            | LayoffNoticeElapsed
            | LayoffTerminationRecorded
            | LayoffServiceRecorded
            | LayoffHiringRecorded => EventCategory::Layoffs,
            EvaluationGuideLoaded
            | EvaluationGuidePublished
            | EvaluationDrafted
            | EvaluationSubmitted
            | EvaluationReturned
            | EvaluationConfirmed
            | EvaluationFiled
            | EvaluationNominated
            | HarmonyTitleRecorded
            | HarmonyTitleRevoked => EventCategory::Evaluation,
            CampaignSummaryRequested | CampaignSummaryRevised | CampaignSummarySubmitted => {
                EventCategory::Summaries
            }
            _ => EventCategory::Bargaining,
        }
    }

    /// Whether this kind changes who may see which organizations, so that a
    /// subscriber's view must be refreshed before it is filtered.
    pub fn changes_visibility(self) -> bool {
        matches!(
            self.category(),
            EventCategory::Organizations | EventCategory::Memberships
        )
    }
}
