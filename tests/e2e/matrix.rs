//! The authorization matrix: every caller kind against every mutation of
//! the schema and the main queries, each cell asserting allowed, NOT_FOUND,
//! FORBIDDEN or UNAUTHENTICATED, and every refused cell leaving every table
//! as it was (no row added, removed or re-versioned; no audit or event row,
//! hence no email). It runs on the demo city, signed in as each kind's
//! demo admin. Later areas add columns; `every_mutation_has_a_column`
//! fails when a mutation has none.
//!
//! "Allowed" means the caller got past visibility and authorization: the
//! answer has data, or only a CONFLICT from a version another caller bumped.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, DEMO_PASSWORD, TestApp, error_code};

on_both_backends!(every_caller_gets_what_the_rules_give_it);

/// The rows, in the order of each column's expectation string.
const CALLERS: [(&str, Option<&str>); 12] = [
    ("city office", Some("office-220100-admin")),
    ("district office A (南关区)", Some("office-220102-admin")),
    ("district office B (宽城区)", Some("office-220103-admin")),
    ("labour administration", Some("labour-220100-admin")),
    ("city union federation", Some("federation-220100-admin")),
    (
        "district union federation A",
        Some("federation-220102-admin"),
    ),
    ("grassroots union of employer A", Some("union-21-admin")),
    ("a viewer of employer A", Some("employer-21-viewer")),
    ("employer A", Some("employer-21-admin")),
    ("association with employer A", Some("association-2-admin")),
    ("user without memberships", Some("lonely")),
    ("anonymous", None),
];

/// The ids the columns refer to.
struct World {
    employer_a: Value,
    employer_b: Value,
    association: Value,
    city_office: Value,
    admin_user: Value,
    member: Value,
    offer_a: Value,
    /// Employer A's accepted offer, under negotiation once set up, with its parts.
    negotiation: Value,
    representative: Value,
    session: Value,
    dispute: Value,
    /// Employer A's signed agreement, and a draft with a comment.
    agreement: Value,
    draft: Value,
    comment: Value,
    district_a: Value,
    union_a: Value,
    /// A risk case of employer A, its referral to labour inspection, and a
    /// warning over district A.
    risk_case: Value,
    referral: Value,
    warning: Value,
    /// A health check of employer A, its rectification item, a bulletin,
    /// and district office A.
    health_check: Value,
    rectification: Value,
    bulletin: Value,
    district_office_a: Value,
    /// Employer A's layoff plan, explained to its union.
    layoff_plan: Value,
    /// Employer A's evaluation of 2026, submitted; the published sample
    /// guide it is on; employer A's title.
    evaluation: Value,
    guide: Value,
    title: Value,
    /// Today in Beijing, by the server's clock.
    today: Value,
    /// A week from now, by the server's clock.
    next_week: Value,
    /// The demo's campaign, and district office A's summary of it (asked
    /// for, a draft with one section written).
    campaign: Value,
    summary: Value,
}

/// One column: an operation, and per caller `A` allowed, `N` NOT_FOUND,
/// `F` FORBIDDEN or `U` UNAUTHENTICATED.
struct Column {
    name: &'static str,
    query: &'static str,
    variables: fn(&World) -> Value,
    expect: &'static str,
}

fn none(_: &World) -> Value {
    json!({})
}

const NODE: &str = "query($id: ID!) { node(id: $id) { id } }";
const UPDATE: &str = "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id } } }";
const MEMBER: &str = "mutation($input: AssociationMemberInput!) { addAssociationMember(input: $input) { association { id } } }";
const UNMEMBER: &str = "mutation($input: AssociationMemberInput!) { removeAssociationMember(input: $input) { association { id } } }";

fn columns() -> Vec<Column> {
    vec![
        Column {
            name: "viewer",
            query: "{ viewer { user { id } } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "regions",
            query: "{ regions { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "organizations",
            query: "{ organizations { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "employers",
            query: "{ employers { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "auditEntries",
            query: "{ auditEntries { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "offers",
            query: "{ offers { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "node(offer of employer A)",
            query: NODE,
            variables: |w| json!({ "id": w.offer_a }),
            expect: "AANAAAAAANNU",
        },
        Column {
            name: "draftOffer (workers' side of employer A)",
            query: "mutation($input: DraftOfferInput!) { draftOffer(input: $input) { offer { id } userErrors { field code } } }",
            variables: |w| {
                json!({ "input": { "initiatingSide": "WORKERS", "employerId": w.employer_a, "category": "WAGE", "topics": ["PAY"],
                "proposedTerms": "工资增长", "proposedPlace": "会议室", "proposedRepresentatives": 3, "informationRequested": "" } })
            },
            expect: "FFNFAAAFFFNU",
        },
        Column {
            name: "deadlines",
            query: "{ deadlines { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "calendarDays",
            query: "{ calendarDays(from: \"2026-01-01\", to: \"2026-12-31\") { date } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "setCalendarDay",
            query: "mutation($input: SetCalendarDayInput!) { setCalendarDay(input: $input) { movedDeadlines } }",
            variables: |_| json!({ "input": { "date": "2026-12-31", "kind": "HOLIDAY", "name": "测试" } }),
            expect: "AFFFFFFFFFFU",
        },
        Column {
            name: "loadHolidayNotice",
            query: "mutation($input: LoadHolidayNoticeInput!) { loadHolidayNotice(input: $input) { movedDeadlines userErrors { field } } }",
            variables: |_| json!({ "input": crate::calendar::notice_2027() }),
            expect: "AFFFFFFFFFFU",
        },
        Column {
            name: "nodes",
            query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            variables: |w| json!({ "ids": [w.employer_a, w.employer_b] }),
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "node(employer A)",
            query: NODE,
            variables: |w| json!({ "id": w.employer_a }),
            expect: "AANAAAAAAANU",
        },
        Column {
            name: "node(employer B)",
            query: NODE,
            variables: |w| json!({ "id": w.employer_b }),
            expect: "ANAAANNNNNNU",
        },
        Column {
            name: "node(association)",
            query: NODE,
            variables: |w| json!({ "id": w.association }),
            expect: "ANNAANNAAANU",
        },
        Column {
            name: "node(city office)",
            query: NODE,
            variables: |w| json!({ "id": w.city_office }),
            expect: "AAAAANNNNNNU",
        },
        Column {
            name: "node(admin user)",
            query: NODE,
            variables: |w| json!({ "id": w.admin_user }),
            expect: "ANNNNNNNNNNU",
        },
        Column {
            name: "employer A memberships",
            query: "query($id: ID!) { node(id: $id) { ... on Organization { memberships { totalCount } } } }",
            variables: |w| json!({ "id": w.employer_a }),
            expect: "AFNFFFFAAFNU",
        },
        Column {
            name: "createRegion",
            query: "mutation($input: CreateRegionInput!) { createRegion(input: $input) { region { id } } }",
            variables: |_| json!({ "input": { "code": "220199", "name": "新区", "kind": "DISTRICT", "parentId": null } }),
            expect: "AFFFFFFFFFFU",
        },
        Column {
            name: "createOrganization (employer in A)",
            query: "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }",
            variables: |_| {
                let district = "UmVnaW9uOjI"; // Region 2: 南关区, the first district the demo records.
                json!({ "input": { "kind": "EMPLOYER", "name": "矩阵测试有限公司", "regionId": district,
                    "employerProfile": { "creditCode": "914403001922038216", "legalRepresentative": "王五",
                        "industrySection": "C", "industryDivision": "36", "headcount": 10, "address": "南关区某路1号" } } })
            },
            expect: "AAFAFFFFFFFU",
        },
        Column {
            name: "updateOrganization (employer A)",
            query: UPDATE,
            variables: |w| json!({ "input": { "id": w.employer_a, "expectedVersion": 1, "name": "长春清源水务有限公司" } }),
            expect: "AANAFFFFAFNU",
        },
        Column {
            name: "addAssociationMember",
            query: MEMBER,
            variables: |w| json!({ "input": { "associationId": w.association, "employerId": w.employer_b } }),
            expect: "ANNAFNNFFANU",
        },
        Column {
            name: "removeAssociationMember",
            query: UNMEMBER,
            variables: |w| json!({ "input": { "associationId": w.association, "employerId": w.employer_b } }),
            expect: "ANNAFNNFFANU",
        },
        Column {
            name: "createUser (in employer A)",
            query: "mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }",
            variables: |w| {
                json!({ "input": { "loginName": "matrix-user", "displayName": "矩阵", "email": "m@example.cn",
                "password": "matrix password", "organizationId": w.employer_a, "role": "VIEWER" } })
            },
            expect: "AFNFFFFFAFNU",
        },
        Column {
            name: "addMembership (to employer A)",
            query: "mutation($input: AddMembershipInput!) { addMembership(input: $input) { membership { role } } }",
            variables: |w| json!({ "input": { "organizationId": w.employer_a, "loginName": "employer-25-viewer", "role": "VIEWER" } }),
            expect: "AFNFFFFFAFNU",
        },
        Column {
            name: "changeMembershipRole (in employer A)",
            query: "mutation($input: ChangeMembershipRoleInput!) { changeMembershipRole(input: $input) { membership { role } } }",
            variables: |w| json!({ "input": { "organizationId": w.employer_a, "userId": w.member, "role": "OFFICER" } }),
            expect: "AFNFFFFFAFNU",
        },
        Column {
            name: "removeMembership (from employer A)",
            query: "mutation($input: RemoveMembershipInput!) { removeMembership(input: $input) { organization { id } } }",
            variables: |w| json!({ "input": { "organizationId": w.employer_a, "userId": w.member } }),
            expect: "AFNFFFFFAFNU",
        },
        Column {
            name: "changePassword (wrong current password)",
            query: "mutation($input: ChangePasswordInput!) { changePassword(input: $input) { userErrors { code } } }",
            variables: |_| json!({ "input": { "currentPassword": "not it", "newPassword": "whatever password" } }),
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "updateProfile (a blank name)",
            query: "mutation { updateProfile(input: { displayName: \" \" }) { userErrors { code } } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "exportLedger (each sees its own rows in the file)",
            query: "mutation { exportLedger(input: { offers: {} }) { download { rows } } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "confirmOfferText (the letter of employer A's offer: its receiving side)",
            query: "mutation($input: ConfirmOfferTextInput!) { confirmOfferText(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "id": w.offer_a, "text": "OFFER_LETTER", "digest": "0".repeat(64) } }),
            expect: "FFNFFFFFANNU",
        },
        Column {
            name: "exportDocument (the letter of employer A's offer: whoever sees the offer)",
            query: "mutation($input: ExportDocumentInput!) { exportDocument(input: $input) { download { fileName } userErrors { field code } } }",
            variables: |w| json!({ "input": { "document": "OFFER_LETTER", "id": w.offer_a } }),
            expect: "AANAAAAAANNU",
        },
        Column {
            name: "requestCampaignSummaries (the demo's campaign: the office running it)",
            query: "mutation($input: RequestCampaignSummariesInput!) { requestCampaignSummaries(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "campaignId": w.campaign, "dueOn": w.next_week.as_str().map(|t| &t[..10]) } }),
            expect: "AFFFFFFFFFFU",
        },
        Column {
            name: "reviseCampaignSummary (district office A's: that office)",
            query: "mutation($input: ReviseCampaignSummaryInput!) { reviseCampaignSummary(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "summaryId": w.summary, "expectedVersion": 2, "experience": "以案释法" } }),
            expect: "FANNNNNNNNNU",
        },
        Column {
            name: "submitCampaignSummary (district office A's, sections unwritten: that office)",
            query: "mutation($input: SubmitCampaignSummaryInput!) { submitCampaignSummary(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "summaryId": w.summary, "expectedVersion": 2 } }),
            expect: "FANNNNNNNNNU",
        },
        Column {
            name: "node (district office A's summary: the offices over district A)",
            query: NODE,
            variables: |w| json!({ "id": w.summary }),
            expect: "AANNNNNNNNNU",
        },
        Column {
            name: "exportDocument (district office A's summary: whoever sees it)",
            query: "mutation($input: ExportDocumentInput!) { exportDocument(input: $input) { download { fileName } userErrors { field code } } }",
            variables: |w| json!({ "input": { "document": "CAMPAIGN_SUMMARY", "id": w.summary } }),
            expect: "AANNNNNNNNNU",
        },
        Column {
            name: "markNotificationsRead",
            query: "mutation { markNotificationsRead(input: { all: true }) { userErrors { code } } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "setNotificationPreference",
            query: "mutation { setNotificationPreference(input: { category: DEADLINES, email: true }) { userErrors { code } } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "acceptInvitation (someone else's)",
            query: "mutation { acceptInvitation(input: { id: \"SW52aXRhdGlvbjox\" }) { membership { role } } }",
            variables: none,
            expect: "NNNNNNNNNNNU",
        },
        Column {
            name: "declineInvitation (someone else's)",
            query: "mutation { declineInvitation(input: { id: \"SW52aXRhdGlvbjox\" }) { membership { role } } }",
            variables: none,
            expect: "NNNNNNNNNNNU",
        },
        Column {
            name: "createCampaign (district A)",
            query: "mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "name": "矩阵行动", "kind": "OTHER", "regionId": w.district_a, "startsOn": "2027-01-01", "endsOn": "2027-02-01" } }),
            expect: "AAFFFFFFFFFU",
        },
        Column {
            name: "setNegotiationStartRule (district A)",
            query: "mutation($input: SetNegotiationStartRuleInput!) { setNegotiationStartRule(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "regionId": w.district_a, "workingDays": 10 } }),
            expect: "AAFFFFFFFFFU",
        },
        Column {
            name: "issueOffer",
            query: "mutation($input: IssueOfferInput!) { issueOffer(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.offer_a, "expectedVersion": 1, "delivery": "PLATFORM" } }),
            expect: "FFNFAAAFFNNU",
        },
        Column {
            name: "recordOfferReceipt",
            query: "mutation($input: RecordOfferReceiptInput!) { recordOfferReceipt(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.offer_a, "expectedVersion": 1, "receivedAt": "2026-01-01T00:00:00Z" } }),
            expect: "FFNFAAAFANNU",
        },
        Column {
            name: "answerOffer",
            query: "mutation($input: AnswerOfferInput!) { answerOffer(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.offer_a, "expectedVersion": 1, "accept": true } }),
            expect: "FFNFFFFFANNU",
        },
        Column {
            name: "flagDeclineWithoutValidReason",
            query: "mutation($input: FlagDeclineInput!) { flagDeclineWithoutValidReason(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.offer_a } }),
            expect: "AANAFFFFFNNU",
        },
        Column {
            name: "withdrawOffer",
            query: "mutation($input: WithdrawOfferInput!) { withdrawOffer(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.offer_a, "expectedVersion": 1 } }),
            expect: "FFNFAAAFFNNU",
        },
        Column {
            name: "setRepresentatives (workers)",
            query: "mutation($input: SetRepresentativesInput!) { setRepresentatives(input: $input) { userErrors { code } } }",
            variables: |w| {
                json!({ "input": { "offerId": w.negotiation, "side": "WORKERS", "representatives": [
                { "name": "甲", "position": "代表", "isChief": true, "isOutsideExpert": false },
                { "name": "乙", "position": "代表", "isChief": false, "isOutsideExpert": false },
                { "name": "丙", "position": "代表", "isChief": false, "isOutsideExpert": false }] } })
            },
            expect: "FFNFAAAFFNNU",
        },
        Column {
            name: "removeRepresentative",
            query: "mutation($input: RemoveRepresentativeInput!) { removeRepresentative(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.representative } }),
            expect: "FFNFFFFFANNU",
        },
        Column {
            name: "startNegotiation",
            query: "mutation($input: NegotiationStepInput!) { startNegotiation(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.negotiation, "expectedVersion": 1 } }),
            expect: "FFNFAAAFANNU",
        },
        Column {
            name: "suspendNegotiation",
            query: "mutation($input: SuspendNegotiationInput!) { suspendNegotiation(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.negotiation, "expectedVersion": 1, "resumeOn": "2027-06-01" } }),
            expect: "FFNFAAAFANNU",
        },
        Column {
            name: "resumeNegotiation",
            query: "mutation($input: NegotiationStepInput!) { resumeNegotiation(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.negotiation, "expectedVersion": 1 } }),
            expect: "FFNFAAAFANNU",
        },
        Column {
            name: "concludeNegotiation",
            query: "mutation($input: ConcludeNegotiationInput!) { concludeNegotiation(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.negotiation, "expectedVersion": 1, "outcome": "AGREEMENT_DRAFT" } }),
            expect: "FFNFAAAFANNU",
        },
        Column {
            name: "scheduleSession",
            query: "mutation($input: ScheduleSessionInput!) { scheduleSession(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "offerId": w.negotiation, "kind": "MEETING", "scheduledAt": w.next_week, "place": "会议室", "noteTaker": "记录人" } }),
            expect: "FFNFAAAFANNU",
        },
        Column {
            name: "recordSession",
            query: "mutation($input: RecordSessionInput!) { recordSession(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "sessionId": w.session, "attendance": "双方代表出席", "minutes": "会议纪要" } }),
            expect: "FFNFAAAFANNU",
        },
        Column {
            name: "requestCoordination",
            query: "mutation($input: RequestCoordinationInput!) { requestCoordination(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "offerId": w.negotiation, "reason": "争议" } }),
            expect: "FFNFAAAFANNU",
        },
        Column {
            name: "extendCoordination",
            query: "mutation($input: ExtendCoordinationInput!) { extendCoordination(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "disputeId": w.dispute, "days": 15 } }),
            expect: "FFNAFFFFFNNU",
        },
        Column {
            name: "resolveDispute",
            query: "mutation($input: ResolveDisputeInput!) { resolveDispute(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "disputeId": w.dispute, "resolution": "协调解决" } }),
            expect: "FFNAFFFFFNNU",
        },
        Column {
            name: "draftAgreement (employer A and its union)",
            query: "mutation($input: DraftAgreementInput!) { draftAgreement(input: $input) { userErrors { code } } }",
            variables: |w| {
                json!({ "input": { "kind": "AGREEMENT", "title": "矩阵协议", "employerPartyId": w.employer_a, "workersPartyId": w.union_a,
                "clauses": [{ "topic": "PAY", "heading": "第一条", "text": "工资每年增长5%" }] } })
            },
            expect: "FFNFAAAFANNU",
        },
        Column {
            name: "renewAgreement",
            query: "mutation($input: RenewAgreementInput!) { renewAgreement(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.agreement, "title": "续订" } }),
            expect: "FFNFAAAFAFNU",
        },
        Column {
            name: "updateAgreement",
            query: "mutation($input: UpdateAgreementInput!) { updateAgreement(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.draft, "expectedVersion": 1, "title": "改名协议" } }),
            expect: "FFNFAAAFAFNU",
        },
        Column {
            name: "proposeAgreementRevision",
            query: "mutation($input: ProposeAgreementRevisionInput!) { proposeAgreementRevision(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.draft, "expectedVersion": 1, "clauses": [{ "topic": "PAY", "heading": "第一条", "text": "工资每年增长6%" }] } }),
            expect: "FFNFAAAFAFNU",
        },
        Column {
            name: "commentOnClause",
            query: "mutation($input: CommentOnClauseInput!) { commentOnClause(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.draft, "clauseKey": 1, "body": "意见" } }),
            expect: "FFNFAAAFAFNU",
        },
        Column {
            name: "resolveAgreementComment",
            query: "mutation($input: ResolveAgreementCommentInput!) { resolveAgreementComment(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.comment } }),
            expect: "FFNFAAAFAFNU",
        },
        Column {
            name: "recordWorkersCongressVote",
            query: "mutation($input: RecordVoteInput!) { recordWorkersCongressVote(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.draft, "expectedVersion": 1, "body": "WORKERS_CONGRESS", "totalMembers": 100, "present": 80, "inFavour": 70, "heldOn": w.today } }),
            expect: "FFNFAAAFFFNU",
        },
        Column {
            name: "signAgreement",
            query: "mutation($input: SignAgreementInput!) { signAgreement(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.draft, "expectedVersion": 1, "side": "WORKERS", "chief": "王建华", "delegation": "授权委托书" } }),
            expect: "FFNFAAAFFFNU",
        },
        Column {
            name: "fileAgreement",
            query: "mutation($input: FileAgreementInput!) { fileAgreement(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.agreement, "expectedVersion": 1 } }),
            expect: "FFNFFFFFAFNU",
        },
        Column {
            name: "reviewAgreement",
            query: "mutation($input: ReviewAgreementInput!) { reviewAgreement(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.agreement, "expectedVersion": 1, "decision": "APPROVE" } }),
            expect: "FFNFFFFFFFNU",
        },
        Column {
            name: "recordAgreementPublication",
            query: "mutation($input: RecordPublicationInput!) { recordAgreementPublication(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.agreement, "expectedVersion": 1, "publishedAt": "2026-01-01T00:00:00Z", "method": "公告栏" } }),
            expect: "FFNFAAAFAFNU",
        },
        Column {
            name: "terminateAgreement",
            query: "mutation($input: TerminateAgreementInput!) { terminateAgreement(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "id": w.agreement, "expectedVersion": 1, "ground": "BY_AGREEMENT", "note": "协商一致" } }),
            expect: "FFNFAAAFAFNU",
        },
        Column {
            name: "setAgreementRule (district A)",
            query: "mutation($input: SetAgreementRuleInput!) { setAgreementRule(input: $input) { userErrors { code } } }",
            variables: |w| json!({ "input": { "regionId": w.district_a, "kind": "COLLECTIVE_CONTRACT", "filingDays": 10 } }),
            expect: "AAFAFFFFFFFU",
        },
        Column {
            name: "login",
            query: "mutation($input: LoginInput!) { login(input: $input) { token } }",
            variables: |_| json!({ "input": { "loginName": "employer-01-viewer", "password": "xieshang-demo" } }),
            expect: "AAAAAAAAAAAA",
        },
        Column {
            name: "submitQuickReport (employer A)",
            query: "mutation($input: SubmitQuickReportInput!) { submitQuickReport(input: $input) { riskCase { id } userErrors { field code } } }",
            variables: |w| {
                json!({ "input": { "employerId": w.employer_a, "items": ["WAGE_ARREARS"], "details": "工资迟发",
                "measures": "", "reporter": "李娜", "reporterPhone": "0431-85550101" } })
            },
            expect: "AANFAAAFAFNU",
        },
        Column {
            name: "openRiskCase (employer A)",
            query: "mutation($input: OpenRiskCaseInput!) { openRiskCase(input: $input) { riskCase { id } userErrors { field code } } }",
            variables: |w| json!({ "input": { "employerId": w.employer_a, "items": ["RELOCATION"], "source": "OFFICE_VISIT", "summary": "走访发现" } }),
            expect: "AANAFFFFFFNU",
        },
        Column {
            name: "riskCases",
            query: "{ riskCases { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "node(risk case of employer A)",
            query: NODE,
            variables: |w| json!({ "id": w.risk_case }),
            expect: "AANAAAAAAANU",
        },
        Column {
            name: "fileRiskForm",
            query: "mutation($input: FileRiskFormInput!) { fileRiskForm(input: $input) { userErrors { field code } } }",
            variables: |w| {
                json!({ "input": { "riskCaseId": w.risk_case, "title": "欠薪", "situation": "迟发", "cause": "资金",
                "trend": "平稳", "measures": "督促", "nextSteps": "跟踪", "responsibleHead": "王强", "filledBy": "赵敏", "phone": "0431-1" } })
            },
            expect: "AANFFFFFFFNU",
        },
        Column {
            name: "addRiskFollowUp",
            query: "mutation($input: AddRiskFollowUpInput!) { addRiskFollowUp(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "riskCaseId": w.risk_case, "done": "电话回访", "nextStep": "月底复查" } }),
            expect: "AANAFFFFFFNU",
        },
        Column {
            name: "flagRiskCase",
            query: "mutation($input: FlagRiskCaseInput!) { flagRiskCase(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "riskCaseId": w.risk_case, "major": true, "tracker": { "name": "王明" } } }),
            expect: "AANFFFFFFFNU",
        },
        Column {
            name: "reportRiskCaseUpward",
            query: "mutation($input: ReportRiskCaseUpwardInput!) { reportRiskCaseUpward(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "riskCaseId": w.risk_case, "recipient": "CITY_OFFICE", "note": "书面报告" } }),
            expect: "AANFFFFFFFNU",
        },
        Column {
            name: "closeRiskCase",
            query: "mutation($input: CloseRiskCaseInput!) { closeRiskCase(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "riskCaseId": w.risk_case, "outcome": "RESOLVED", "summary": "已补发" } }),
            expect: "AANFFFFFFFNU",
        },
        Column {
            name: "warnings",
            query: "{ warnings { totalCount } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
        Column {
            name: "issueWarning (district A)",
            query: "mutation($input: IssueWarningInput!) { issueWarning(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "level": "LEVEL_1", "title": "欠薪风险", "details": "注意", "regionIds": [w.district_a] } }),
            expect: "AFFFFFFFFFFU",
        },
        Column {
            name: "liftWarning",
            query: "mutation($input: LiftWarningInput!) { liftWarning(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "warningId": w.warning, "reason": "风险已化解" } }),
            expect: "AFNFFFNNNNNU",
        },
        Column {
            name: "setRiskRules (district A)",
            query: "mutation($input: SetRiskRulesInput!) { setRiskRules(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "regionId": w.district_a, "urgentHours": 3 } }),
            expect: "AFFFFFFFFFFU",
        },
        Column {
            name: "setWageRates (district A)",
            query: "mutation($input: SetWageRatesInput!) { setWageRates(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "regionId": w.district_a, "year": 2026, "minimumWage": "2200" } }),
            expect: "FFFAFFFFFFFU",
        },
        Column {
            name: "loadEvaluationGuide (with a mistake)",
            query: "mutation($input: LoadEvaluationGuideInput!) { loadEvaluationGuide(input: $input) { userErrors { field code } } }",
            variables: |_| json!({ "input": { "body": "{}" } }),
            expect: "AFFFFFFFFFFU",
        },
        Column {
            name: "reviseEvaluationGuide (stale)",
            query: "mutation($input: ReviseEvaluationGuideInput!) { reviseEvaluationGuide(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "guideId": w.guide, "expectedVersion": 99, "body": "{}" } }),
            expect: "AFFFFFFFFFFU",
        },
        Column {
            name: "publishEvaluationGuide (stale)",
            query: "mutation($input: PublishEvaluationGuideInput!) { publishEvaluationGuide(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "guideId": w.guide, "expectedVersion": 99 } }),
            expect: "AFFFFFFFFFFU",
        },
        Column {
            name: "draftEvaluation (year taken)",
            query: "mutation($input: DraftEvaluationInput!) { draftEvaluation(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "employerId": w.employer_a, "year": 2026, "guideId": w.guide, "scores": [] } }),
            expect: "FFNFAAAFAFNU",
        },
        Column {
            name: "reviseEvaluation (stale)",
            query: "mutation($input: ReviseEvaluationInput!) { reviseEvaluation(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "evaluationId": w.evaluation, "expectedVersion": 99, "scores": [] } }),
            expect: "FFNFAAAFAFNU",
        },
        Column {
            name: "submitEvaluation (stale)",
            query: "mutation($input: SubmitEvaluationInput!) { submitEvaluation(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "evaluationId": w.evaluation, "expectedVersion": 99 } }),
            expect: "FFNFAAAFAFNU",
        },
        Column {
            name: "returnEvaluation (no reason)",
            query: "mutation($input: ReturnEvaluationInput!) { returnEvaluation(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "evaluationId": w.evaluation, "reason": "" } }),
            expect: "FANFAAFFFFNU",
        },
        Column {
            name: "confirmEvaluation (stale)",
            query: "mutation($input: ConfirmEvaluationInput!) { confirmEvaluation(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "evaluationId": w.evaluation, "expectedVersion": 99 } }),
            expect: "FANFAAFFFFNU",
        },
        Column {
            name: "fileEvaluation (not confirmed)",
            query: "mutation($input: FileEvaluationInput!) { fileEvaluation(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "evaluationId": w.evaluation } }),
            expect: "FFNFFFFFAFNU",
        },
        Column {
            name: "nominateEvaluation (not filed)",
            query: "mutation($input: NominateEvaluationInput!) { nominateEvaluation(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "evaluationId": w.evaluation, "nomination": "MODEL" } }),
            expect: "AFNFFFFFFFNU",
        },
        Column {
            name: "recordHarmonyTitle",
            query: "mutation($input: RecordHarmonyTitleInput!) { recordHarmonyTitle(input: $input) { userErrors { field code } } }",
            variables: |w| {
                json!({ "input": { "employerId": w.employer_a, "title": "劳动关系和谐企业", "level": "CITY",
                "year": 2025, "namedBy": "长春市协调劳动关系三方委员会", "document": "长三方发〔2025〕3号" } })
            },
            expect: "AANFFFFFFFNU",
        },
        Column {
            name: "revokeHarmonyTitle (stale)",
            query: "mutation($input: RevokeHarmonyTitleInput!) { revokeHarmonyTitle(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "titleId": w.title, "expectedVersion": 99, "reason": "撤销" } }),
            expect: "AAFFFFFFFFFU",
        },
        Column {
            name: "draftLayoffPlan (employer A)",
            query: "mutation($input: DraftLayoffPlanInput!) { draftLayoffPlan(input: $input) { userErrors { field code } } }",
            variables: |w| {
                let mut input = layoff_terms();
                input["employerId"] = w.employer_a.clone();
                input["ground"] = json!("BUSINESS_CHANGE");
                json!({ "input": input })
            },
            expect: "FFNFFFFFAFNU",
        },
        Column {
            name: "explainLayoffPlan (explained already)",
            query: "mutation($input: ExplainLayoffPlanInput!) { explainLayoffPlan(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "planId": w.layoff_plan, "explainedAt": w.next_week, "explainedTo": "UNION", "explanation": "说明" } }),
            expect: "FFNFFFFFANNU",
        },
        Column {
            name: "giveLayoffOpinion",
            query: "mutation($input: GiveLayoffOpinionInput!) { giveLayoffOpinion(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "planId": w.layoff_plan, "opinion": "请优先安排转岗" } }),
            expect: "FFNFAAAFFNNU",
        },
        Column {
            name: "answerLayoffOpinion",
            query: "mutation($input: AnswerLayoffOpinionInput!) { answerLayoffOpinion(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "planId": w.layoff_plan, "answer": "同意转岗" } }),
            expect: "FFNFFFFFANNU",
        },
        Column {
            name: "reportLayoffPlan",
            query: "mutation($input: ReportLayoffPlanInput!) { reportLayoffPlan(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "planId": w.layoff_plan } }),
            expect: "FFNFFFFFANNU",
        },
        Column {
            name: "acknowledgeLayoffReport",
            query: "mutation($input: AcknowledgeLayoffReportInput!) { acknowledgeLayoffReport(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "planId": w.layoff_plan } }),
            expect: "FFNAFFFFFNNU",
        },
        Column {
            name: "recordLayoffTermination (before the earliest day)",
            query: "mutation($input: RecordLayoffTerminationInput!) { recordLayoffTermination(input: $input) { userErrors { field code } } }",
            variables: |w| {
                json!({ "input": { "planId": w.layoff_plan, "row": 1, "lastDay": w.today, "severancePaid": "4800",
                                              "certificateIssuedOn": w.today } })
            },
            expect: "FFNFFFFFANNU",
        },
        Column {
            name: "recordReemploymentService",
            query: "mutation($input: RecordReemploymentServiceInput!) { recordReemploymentService(input: $input) { userErrors { field code } } }",
            variables: |w| {
                json!({ "input": { "planId": w.layoff_plan, "kind": "EMPLOYMENT_ASSISTANCE", "provider": "南关区公共就业服务中心",
                                              "heldOn": w.today, "participants": 1, "outcome": "推荐岗位3个" } })
            },
            expect: "FFNFAAAFANNU",
        },
        Column {
            name: "recordLayoffHiring (nobody laid off)",
            query: "mutation($input: RecordLayoffHiringInput!) { recordLayoffHiring(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "planId": w.layoff_plan, "hiredOn": w.today, "posts": "司机", "openings": 1, "notified": [] } }),
            expect: "FFNFFFFFANNU",
        },
        Column {
            name: "reviseLayoffPlan (reported)",
            query: "mutation($input: ReviseLayoffPlanInput!) { reviseLayoffPlan(input: $input) { userErrors { field code } } }",
            variables: |w| {
                let mut input = layoff_terms();
                input["planId"] = w.layoff_plan.clone();
                input["expectedVersion"] = json!(2);
                input["reason"] = json!("改期");
                json!({ "input": input })
            },
            expect: "FFNFFFFFANNU",
        },
        Column {
            name: "withdrawLayoffPlan",
            query: "mutation($input: WithdrawLayoffPlanInput!) { withdrawLayoffPlan(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "planId": w.layoff_plan, "reason": "订单恢复" } }),
            expect: "FFNFFFFFANNU",
        },
        Column {
            name: "setLayoffRules (district A)",
            query: "mutation($input: SetLayoffRulesInput!) { setLayoffRules(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "regionId": w.district_a, "answerDays": 10 } }),
            expect: "FFFAFFFFFFFU",
        },
        Column {
            name: "fileHeadcountReturn (employer A)",
            query: "mutation($input: FileHeadcountReturnInput!) { fileHeadcountReturn(input: $input) { userErrors { field code } } }",
            variables: |w| {
                json!({ "input": { "employerId": w.employer_a, "month": "2026-01-01", "headcountStart": 680,
                "headcountEnd": 675, "departures": 5 } })
            },
            expect: "AANFFFFFAFNU",
        },
        Column {
            name: "issueCreditReminder",
            query: "mutation($input: IssueCreditReminderInput!) { issueCreditReminder(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "riskCaseId": w.risk_case, "fault": "CONCEALED", "note": "瞒报停产人数" } }),
            expect: "AANFFFFFFFNU",
        },
        Column {
            name: "recordIntegrityInterview (a reminder of no case)",
            query: "mutation { recordIntegrityInterview(input: { creditReminderId: \"Q3JlZGl0UmVtaW5kZXI6OTk5OQ\", attendees: \"甲\", outcome: \"乙\" }) { userErrors { field code } } }",
            variables: none,
            expect: "NNNNNNNNNNNU",
        },
        Column {
            name: "mergeRiskCases (into itself)",
            query: "mutation($input: MergeRiskCasesInput!) { mergeRiskCases(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "riskCaseId": w.risk_case, "intoRiskCaseId": w.risk_case, "reason": "重复" } }),
            expect: "AANFFFFFFFNU",
        },
        Column {
            name: "linkRiskCase",
            query: "mutation($input: LinkRiskCaseInput!) { linkRiskCase(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "riskCaseId": w.risk_case, "subjectId": w.agreement } }),
            expect: "AANAFFFFFFNU",
        },
        Column {
            name: "unlinkRiskCase",
            query: "mutation($input: UnlinkRiskCaseInput!) { unlinkRiskCase(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "riskCaseId": w.risk_case, "subjectId": w.agreement } }),
            expect: "AANAFFFFFFNU",
        },
        Column {
            name: "answerRiskReferral",
            query: "mutation($input: AnswerRiskReferralInput!) { answerRiskReferral(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "followUpId": w.referral, "answer": "已立案" } }),
            expect: "AANAFFFFFFNU",
        },
        Column {
            name: "recordHealthCheck",
            query: "mutation($input: RecordHealthCheckInput!) { recordHealthCheck(input: $input) { userErrors { field code } } }",
            variables: |w| {
                json!({ "input": { "employerId": w.employer_a, "visitedOn": w.today, "visitors": [{ "name": "周律", "role": "COORDINATOR" }],
                "findings": [{ "area": "WAGES", "compliant": true, "finding": "按时发放" }], "diagnosis": "良好", "prescription": "保持" } })
            },
            expect: "AANAAAFFFFNU",
        },
        Column {
            name: "acknowledgePrescription",
            query: "mutation($input: AcknowledgePrescriptionInput!) { acknowledgePrescription(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "healthCheckId": w.health_check, "acknowledgedBy": "赵经理" } }),
            expect: "FFNFFFFFANNU",
        },
        Column {
            name: "addRectificationItem",
            query: "mutation($input: AddRectificationItemInput!) { addRectificationItem(input: $input) { userErrors { field code } } }",
            variables: |w| {
                json!({ "input": { "healthCheckId": w.health_check, "problem": "加班超时", "measure": "调整排班",
                "responsibleDepartment": "生产部", "dueOn": w.next_week.as_str().unwrap().get(..10) } })
            },
            expect: "AANAAAFFFNNU",
        },
        Column {
            name: "reportRectificationDone",
            query: "mutation($input: ReportRectificationDoneInput!) { reportRectificationDone(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "rectificationItemId": w.rectification, "evidence": "补签合同12份" } }),
            expect: "FFNFFFFFANNU",
        },
        Column {
            name: "verifyRectificationItem",
            query: "mutation($input: VerifyRectificationItemInput!) { verifyRectificationItem(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "rectificationItemId": w.rectification, "accepted": true } }),
            expect: "AANFFFFFFNNU",
        },
        Column {
            name: "publishRiskBulletin",
            query: "mutation($input: PublishRiskBulletinInput!) { publishRiskBulletin(input: $input) { userErrors { field code } } }",
            variables: |_| json!({ "input": { "title": "风险提示", "body": "注意防范" } }),
            expect: "AFFFFFFFFFFU",
        },
        Column {
            name: "withdrawRiskBulletin",
            query: "mutation($input: WithdrawRiskBulletinInput!) { withdrawRiskBulletin(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "riskBulletinId": w.bulletin, "reason": "已过时" } }),
            expect: "AFFFFFFFFFFU",
        },
        Column {
            name: "authorizeRiskBulletins",
            query: "mutation($input: AuthorizeRiskBulletinsInput!) { authorizeRiskBulletins(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "officeId": w.district_office_a, "authorized": false } }),
            expect: "AFNFFFNNNNNU",
        },
        Column {
            name: "importRiskSignals",
            query: "mutation($input: ImportRiskSignalsInput!) { importRiskSignals(input: $input) { userErrors { field code } } }",
            variables: |w| json!({ "input": { "signals": [{ "employerId": w.employer_a, "month": w.today, "kind": "COMPLAINTS", "value": 1 }] } }),
            expect: "AFFFFFFFFFFU",
        },
        Column {
            name: "setRiskRuleSet",
            query: "mutation($input: SetRiskRuleSetInput!) { setRiskRuleSet(input: $input) { userErrors { field code } } }",
            variables: |_| {
                json!({ "input": { "indicators": [{ "signal": "COMPLAINTS", "threshold": 5, "points": 20 }],
                "bands": [{ "minPoints": 0, "grade": "LOW" }, { "minPoints": 20, "grade": "WATCH" }] } })
            },
            expect: "AFFFFFFFFFFU",
        },
        Column {
            name: "logout (last: it ends each caller's session)",
            query: "mutation { logout(input: { everywhere: false }) { revokedSessions } }",
            variables: none,
            expect: "AAAAAAAAAAAU",
        },
    ]
}

fn outcome(body: &Value) -> char {
    // A hidden object named in an input is a user error NOT_FOUND on its field.
    let user_error = body["data"]
        .as_object()
        .and_then(|d| d.values().next())
        .and_then(|p| p.pointer("/userErrors/0/code"));
    if error_code(body).is_empty() && user_error == Some(&json!("NOT_FOUND")) {
        return 'N';
    }
    match error_code(body) {
        "" | "CONFLICT" => 'A',
        "NOT_FOUND" => 'N',
        "FORBIDDEN" => 'F',
        "UNAUTHENTICATED" => 'U',
        _ => '?',
    }
}

async fn id_of(app: &TestApp, query: &str) -> Value {
    let data = app.data(query, json!({})).await;
    let found = data
        .pointer("/list/edges/0/node/id")
        .cloned()
        .expect("one match");
    assert_eq!(data.pointer("/list/totalCount"), Some(&json!(1)), "{query}");
    found
}

async fn world(app: &TestApp) -> World {
    let admin_user =
        app.data("{ viewer { user { id } } }", json!({})).await["viewer"]["user"]["id"].clone();
    let employer_25 = id_of(app, "{ list: employers(filter: { nameContains: \"万家福\" }) { totalCount edges { node { id } } } }").await;
    let members = app
        .data("query($id: ID!) { node(id: $id) { ... on Organization { memberships { edges { node { user { id loginName } } } } } } }", json!({ "id": employer_25 }))
        .await;
    let member = members["node"]["memberships"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["user"]["loginName"] == "employer-25-viewer")
        .map(|e| e["node"]["user"]["id"].clone())
        .expect("the demo's employer 25 has a viewer");
    World {
        employer_a: id_of(app, "{ list: employers(filter: { nameContains: \"清源水务\" }) { totalCount edges { node { id } } } }").await,
        employer_b: id_of(app, "{ list: employers(filter: { nameContains: \"瑞丰轨道\" }) { totalCount edges { node { id } } } }").await,
        association: id_of(app, "{ list: organizations(filter: { kinds: [EMPLOYER_ASSOCIATION], nameContains: \"工商业联合会\" }) { totalCount edges { node { id } } } }").await,
        city_office: id_of(app, "{ list: organizations(filter: { kinds: [TRIPARTITE_OFFICE], nameContains: \"长春市协调\" }) { totalCount edges { node { id } } } }").await,
        admin_user,
        member,
        offer_a: Value::Null,
        negotiation: Value::Null,
        representative: Value::Null,
        session: Value::Null,
        dispute: Value::Null,
        agreement: Value::Null,
        draft: Value::Null,
        comment: Value::Null,
        district_a: Value::Null,
        union_a: Value::Null,
        risk_case: Value::Null,
        referral: Value::Null,
        warning: Value::Null,
        health_check: Value::Null,
        rectification: Value::Null,
        bulletin: Value::Null,
        layoff_plan: Value::Null,
        evaluation: Value::Null,
        guide: Value::Null,
        title: Value::Null,
        district_office_a: id_of(app, "{ list: organizations(filter: { kinds: [TRIPARTITE_OFFICE], nameContains: \"南关区\" }) { totalCount edges { node { id } } } }").await,
        today: json!(crate::offers::server_today(app).await),
        next_week: json!(
            (crate::offers::server_now(app).await + chrono::Duration::days(7)).to_rfc3339()
        ),
        campaign: Value::Null,
        summary: Value::Null,
    }
}

async fn every_caller_gets_what_the_rules_give_it(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let lonely = app.cli(
        &[
            "user",
            "add",
            "--login",
            "lonely",
            "--name",
            "无单位用户",
            "--email",
            "lonely@example.cn",
        ],
        &[("XIESHANG_USER_PASSWORD", DEMO_PASSWORD)],
    );
    assert!(
        lonely.status.success(),
        "{}",
        String::from_utf8_lossy(&lonely.stderr)
    );
    let mut world = world(&app).await;
    let offers = app.data("query($e: ID) { offers(filter: { employer: $e }, first: 1) { edges { node { id } } } }", json!({ "e": world.employer_a })).await;
    world.offer_a = offers["offers"]["edges"][0]["node"]["id"].clone();
    set_up_parts(&app, &mut world).await;
    let mut tokens: HashMap<&str, String> = HashMap::new();
    for (_, login) in CALLERS {
        if let Some(login) = login {
            tokens.insert(
                login,
                app.login(login, DEMO_PASSWORD)
                    .await
                    .unwrap_or_else(|e| panic!("{login}: {e}")),
            );
        }
    }
    let mut mismatches = Vec::new();
    for column in columns() {
        assert_eq!(column.expect.len(), CALLERS.len(), "{}", column.name);
        for ((caller, login), expected) in CALLERS.iter().zip(column.expect.chars()) {
            let token = login.map(|l| tokens[l].as_str());
            // Emails are made from events in the background: no event, no email.
            let before = app.rows(&["notifications"]).await;
            let body = app
                .graphql_as(token, column.query, (column.variables)(&world))
                .await;
            let got = outcome(&body);
            if matches!(got, 'N' | 'F' | 'U') {
                let after = app.rows(&["notifications"]).await;
                if after != before {
                    mismatches.push(format!(
                        "{} × {caller}: refused ({got}) but rows changed",
                        column.name
                    ));
                }
            }

            if got != expected {
                mismatches.push(format!(
                    "{} × {caller}: expected {expected}, got {got}: {body}",
                    column.name
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} cells differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Runs one step of the setup as `token`, which must succeed.
async fn step(app: &TestApp, token: &str, query: &str, input: Value) -> Value {
    let data = app
        .data_as(Some(token), query, json!({ "input": input }))
        .await;
    let payload = data
        .as_object()
        .and_then(|d| d.values().next())
        .cloned()
        .unwrap();
    assert_eq!(payload["userErrors"], json!([]), "{query}: {payload}");
    payload
}

/// Puts employer A's accepted offer under negotiation with representatives,
/// a session and a dispute, and drafts an agreement with a comment: the
/// parts the columns act on.
async fn set_up_parts(app: &TestApp, world: &mut World) {
    let union = app.login("union-21-admin", DEMO_PASSWORD).await.unwrap();
    let management = app.login("employer-21-admin", DEMO_PASSWORD).await.unwrap();
    world.union_a = app
        .data_as(
            Some(&union),
            "{ viewer { actingOrganizations { id } } }",
            json!({}),
        )
        .await["viewer"]["actingOrganizations"][0]["id"]
        .clone();
    let regions = app
        .data(
            "{ regions(first: 100) { edges { node { id code } } } }",
            json!({}),
        )
        .await;
    world.district_a = regions["regions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["code"] == "220102")
        .map(|e| e["node"]["id"].clone())
        .unwrap();
    let offers = app
        .data("query($e: ID) { offers(filter: { employer: $e, statuses: [ACCEPTED] }) { edges { node { id } } } }", json!({ "e": world.employer_a }))
        .await;
    world.negotiation = offers["offers"]["edges"][0]["node"]["id"].clone();
    let people = |names: [&str; 3]| -> Vec<Value> {
        names.iter().enumerate().map(|(i, n)| json!({ "name": n, "position": "代表", "isChief": i == 0, "isOutsideExpert": false })).collect()
    };
    let set = "mutation($input: SetRepresentativesInput!) { setRepresentatives(input: $input) { userErrors { field code } } }";
    step(app, &union, set, json!({ "offerId": world.negotiation, "side": "WORKERS", "representatives": people(["王建华", "李秀英", "张志强"]) })).await;
    step(app, &management, set, json!({ "offerId": world.negotiation, "side": "EMPLOYER", "representatives": people(["赵春生", "钱丽娟", "孙明辉"]) })).await;
    let version = |data: &Value| data["node"]["version"].clone();
    let read = "query($id: ID!) { node(id: $id) { ... on Offer { version representatives { id side } sessions { id } disputes { id } } } }";
    let offer = app.data(read, json!({ "id": world.negotiation })).await;
    step(app, &union, "mutation($input: NegotiationStepInput!) { startNegotiation(input: $input) { userErrors { field code } } }",
        json!({ "id": world.negotiation, "expectedVersion": version(&offer) })).await;
    step(app, &union, "mutation($input: ScheduleSessionInput!) { scheduleSession(input: $input) { userErrors { field code } } }",
        json!({ "offerId": world.negotiation, "kind": "MEETING", "scheduledAt": world.next_week, "place": "会议室", "noteTaker": "记录人" })).await;
    step(app, &union, "mutation($input: RequestCoordinationInput!) { requestCoordination(input: $input) { userErrors { field code } } }",
        json!({ "offerId": world.negotiation, "reason": "企业拒绝提供工资数据" })).await;
    let offer = app.data(read, json!({ "id": world.negotiation })).await;
    // The employer's side: the workers' are replaced by a column.
    world.representative = offer["node"]["representatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["side"] == "EMPLOYER")
        .map(|r| r["id"].clone())
        .unwrap();
    world.session = offer["node"]["sessions"][0]["id"].clone();
    world.dispute = offer["node"]["disputes"][0]["id"].clone();
    let agreements = app
        .data("query($e: ID) { agreements(filter: { employer: $e, statuses: [SIGNED] }) { edges { node { id } } } }", json!({ "e": world.employer_a }))
        .await;
    world.agreement = agreements["agreements"]["edges"][0]["node"]["id"].clone();
    let drafted = step(app, &union, "mutation($input: DraftAgreementInput!) { draftAgreement(input: $input) { agreement { id } userErrors { field code } } }",
        json!({ "kind": "AGREEMENT", "title": "工资协议", "employerPartyId": world.employer_a, "workersPartyId": world.union_a,
                "clauses": [{ "topic": "PAY", "heading": "第一条", "text": "工资每年增长5%" }] })).await;
    world.draft = drafted["agreement"]["id"].clone();
    let commented = step(app, &management, "mutation($input: CommentOnClauseInput!) { commentOnClause(input: $input) { comment { id } userErrors { field code } } }",
        json!({ "id": world.draft, "clauseKey": 1, "body": "需经董事会确认" })).await;
    world.comment = commented["comment"]["id"].clone();
    let office = app
        .login("office-220102-admin", DEMO_PASSWORD)
        .await
        .unwrap();
    let reported = step(app, &office, "mutation($input: SubmitQuickReportInput!) { submitQuickReport(input: $input) { riskCase { id } userErrors { field code } } }",
        json!({ "employerId": world.employer_a, "items": ["STOPPAGE"], "details": "停产两周", "measures": "",
                "reporter": "李娜", "reporterPhone": "0431-85550101" })).await;
    world.risk_case = reported["riskCase"]["id"].clone();
    step(app, &office, "mutation($input: FileRiskFormInput!) { fileRiskForm(input: $input) { userErrors { field code } } }",
        json!({ "riskCaseId": world.risk_case, "title": "停产", "situation": "停产两周", "cause": "订单不足", "trend": "平稳",
                "measures": "走访", "nextSteps": "跟踪", "responsibleHead": "王强", "filledBy": "赵敏", "phone": "0431-1" })).await;
    let referred = step(app, &office, "mutation($input: AddRiskFollowUpInput!) { addRiskFollowUp(input: $input) { riskCase { followUps { id } } userErrors { field code } } }",
        json!({ "riskCaseId": world.risk_case, "done": "移送劳动保障监察", "nextStep": "等待答复", "referredTo": "LABOUR_INSPECTION" })).await;
    world.referral = referred["riskCase"]["followUps"][0]["id"].clone();
    let city = app
        .login("office-220100-admin", DEMO_PASSWORD)
        .await
        .unwrap();
    let issued = step(app, &city, "mutation($input: IssueWarningInput!) { issueWarning(input: $input) { warning { id } userErrors { field code } } }",
        json!({ "level": "LEVEL_1", "title": "停产风险", "details": "注意", "regionIds": [world.district_a] })).await;
    world.warning = issued["warning"]["id"].clone();
    let checked = step(app, &office, "mutation($input: RecordHealthCheckInput!) { recordHealthCheck(input: $input) { healthCheck { id } userErrors { field code } } }",
        json!({ "employerId": world.employer_a, "visitedOn": world.today, "visitors": [{ "name": "周律", "role": "UNION_LEGAL_SUPERVISOR" }],
                "findings": [{ "area": "CONTRACTS", "compliant": false, "finding": "12人未签合同" }], "diagnosis": "合同管理不规范", "prescription": "一个月内补签" })).await;
    world.health_check = checked["healthCheck"]["id"].clone();
    let added = step(app, &office, "mutation($input: AddRectificationItemInput!) { addRectificationItem(input: $input) { rectificationItem { id } userErrors { field code } } }",
        json!({ "healthCheckId": world.health_check, "problem": "12人未签合同", "measure": "补签", "responsibleDepartment": "人力资源部",
                "dueOn": (chrono::NaiveDate::parse_from_str(world.today.as_str().unwrap(), "%Y-%m-%d").unwrap() + chrono::Duration::days(30)).to_string() })).await;
    world.rectification = added["rectificationItem"]["id"].clone();
    let published = step(app, &city, "mutation($input: PublishRiskBulletinInput!) { publishRiskBulletin(input: $input) { bulletin { id } userErrors { field code } } }",
        json!({ "title": "岁末年初欠薪风险提示", "body": "请各单位按时足额支付工资。" })).await;
    world.bulletin = published["bulletin"]["id"].clone();
    let mut plan = layoff_terms();
    plan["employerId"] = world.employer_a.clone();
    plan["ground"] = json!("SERIOUS_DIFFICULTY");
    plan["workforce"] = json!(10);
    let drafted = step(app, &management, "mutation($input: DraftLayoffPlanInput!) { draftLayoffPlan(input: $input) { layoffPlan { id } userErrors { field code } } }", plan).await;
    world.layoff_plan = drafted["layoffPlan"]["id"].clone();
    // Employer A's evaluation of 2026 on the five-dimension sample, submitted.
    let guides = app
        .data_as(Some(&management), "{ evaluationGuides(code: \"SAMPLE-5D-100\") { id indicators { code isPoint maxPoints } } }", json!({}))
        .await;
    world.guide = guides["evaluationGuides"][0]["id"].clone();
    let scores: Vec<Value> = guides["evaluationGuides"][0]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["isPoint"] == true)
        .map(|i| json!({ "code": i["code"], "score": i["maxPoints"] }))
        .collect();
    let surveys: Vec<Value> = ["PARTICIPATION", "AWARENESS", "SATISFACTION", "ENDORSEMENT"]
        .iter()
        .map(|rate| json!({ "rate": rate, "sample": 50, "positive": 45 }))
        .collect();
    let evaluation = step(app, &management, "mutation($input: DraftEvaluationInput!) { draftEvaluation(input: $input) { evaluation { id } userErrors { field code message } } }",
        json!({ "employerId": world.employer_a, "year": 2026, "guideId": world.guide, "scores": scores, "surveys": surveys })).await;
    world.evaluation = evaluation["evaluation"]["id"].clone();
    step(app, &management, "mutation($input: SubmitEvaluationInput!) { submitEvaluation(input: $input) { evaluation { id } userErrors { field code message } } }",
        json!({ "evaluationId": world.evaluation, "expectedVersion": 1 })).await;
    let title = app.data("mutation($input: RecordHarmonyTitleInput!) { recordHarmonyTitle(input: $input) { harmonyTitle { id } userErrors { field code message } } }",
        json!({ "input": { "employerId": world.employer_a, "title": "劳动关系和谐企业", "level": "CITY", "year": 2025,
            "namedBy": "长春市协调劳动关系三方委员会", "document": "长三方发〔2025〕3号" } })).await;
    world.title = title["recordHarmonyTitle"]["harmonyTitle"]["id"].clone();
    step(app, &management, "mutation($input: ExplainLayoffPlanInput!) { explainLayoffPlan(input: $input) { userErrors { field code } } }",
        json!({ "planId": world.layoff_plan, "explainedAt": crate::offers::server_now(app).await.to_rfc3339(), "explainedTo": "UNION", "explanation": "订单下降" })).await;
    let campaigns = app
        .data(
            "{ campaigns(first: 1) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    world.campaign = campaigns["campaigns"]["edges"][0]["node"]["id"].clone();
    let asked = step(app, &city, "mutation($input: RequestCampaignSummariesInput!) { requestCampaignSummaries(input: $input) { campaignSummaries { id office { id } } userErrors { field code } } }",
        json!({ "campaignId": world.campaign, "dueOn": &world.next_week.as_str().unwrap()[..10] })).await;
    world.summary = asked["campaignSummaries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["office"]["id"] == world.district_office_a)
        .map(|s| s["id"].clone())
        .expect("district office A is asked for its summary");
}

/// The terms of a layoff plan cutting one worker of 100.
fn layoff_terms() -> Value {
    json!({ "workforce": 100, "cut": 1, "firstTermination": "2027-06-01", "lastTermination": "2027-06-30",
            "steps": "一次解除", "compensation": "依法支付", "criteria": "岗位撤销",
            "workers": [{ "name": "刘洋", "idNumber": "11010519491231002X", "post": "司机", "sex": "MALE",
                          "jobCategory": "WORKER", "birthDate": "1988-02-01", "serviceStart": "2015-03-01",
                          "contract": "FIXED_TERM", "monthlyWage": "4800" }] })
}

#[test]
fn every_mutation_has_a_column() {
    let sdl = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../schema/schema.graphql"
    ))
    .unwrap();
    let mutation = sdl
        .split("type Mutation {")
        .nth(1)
        .and_then(|rest| rest.split("\n}").next())
        .unwrap();
    let fields: Vec<&str> = mutation
        .lines()
        .map(str::trim)
        .filter_map(|line| line.split_once('(').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.chars().all(char::is_alphanumeric))
        .collect();
    assert!(fields.len() >= 45, "{fields:?}");
    let queries: Vec<&str> = columns().iter().map(|c| c.query).collect();
    let missing: Vec<&&str> = fields
        .iter()
        .filter(|field| !queries.iter().any(|q| q.contains(&format!("{field}("))))
        .collect();
    assert!(
        missing.is_empty(),
        "mutations without a column: {missing:?}"
    );
}
