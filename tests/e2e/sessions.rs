//! Every change to offers and agreements asks for a live session first: an
//! anonymous caller, or one whose session expired, gets UNAUTHENTICATED
//! before anything else, whatever the ids it names.

use chrono::Duration;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{ADMIN_PASSWORD, Backend, TestApp, error_code};

on_both_backends!(every_offer_and_agreement_mutation_needs_a_live_session);

/// `(mutation, input type, input)`: each input valid in shape, naming nothing.
const CALLS: &[(&str, &str, &str)] = &[
    (
        "createCampaign",
        "CreateCampaignInput",
        r#"{"name":"x","kind":"OTHER","regionId":"x","startsOn":"2026-01-01","endsOn":"2026-02-01"}"#,
    ),
    (
        "draftOffer",
        "DraftOfferInput",
        r#"{"initiatingSide":"WORKERS","employerId":"x","category":"WAGE","topics":["PAY"],"proposedTerms":"x","proposedPlace":"x","proposedRepresentatives":3,"informationRequested":""}"#,
    ),
    (
        "issueOffer",
        "IssueOfferInput",
        r#"{"id":"x","expectedVersion":1,"delivery":"PLATFORM"}"#,
    ),
    (
        "recordOfferReceipt",
        "RecordOfferReceiptInput",
        r#"{"id":"x","expectedVersion":1,"receivedAt":"2026-01-01T00:00:00Z"}"#,
    ),
    (
        "answerOffer",
        "AnswerOfferInput",
        r#"{"id":"x","expectedVersion":1,"accept":true}"#,
    ),
    (
        "flagDeclineWithoutValidReason",
        "FlagDeclineInput",
        r#"{"id":"x"}"#,
    ),
    (
        "withdrawOffer",
        "WithdrawOfferInput",
        r#"{"id":"x","expectedVersion":1}"#,
    ),
    (
        "setNegotiationStartRule",
        "SetNegotiationStartRuleInput",
        r#"{"regionId":"x","workingDays":5}"#,
    ),
    (
        "setRepresentatives",
        "SetRepresentativesInput",
        r#"{"offerId":"x","side":"WORKERS","representatives":[]}"#,
    ),
    (
        "removeRepresentative",
        "RemoveRepresentativeInput",
        r#"{"id":"x"}"#,
    ),
    (
        "startNegotiation",
        "NegotiationStepInput",
        r#"{"id":"x","expectedVersion":1}"#,
    ),
    (
        "scheduleSession",
        "ScheduleSessionInput",
        r#"{"offerId":"x","kind":"MEETING","scheduledAt":"2026-01-01T00:00:00Z","place":"x","noteTaker":"x"}"#,
    ),
    (
        "recordSession",
        "RecordSessionInput",
        r#"{"sessionId":"x","attendance":"x","minutes":"x"}"#,
    ),
    (
        "suspendNegotiation",
        "SuspendNegotiationInput",
        r#"{"id":"x","expectedVersion":1,"resumeOn":"2026-01-01"}"#,
    ),
    (
        "resumeNegotiation",
        "NegotiationStepInput",
        r#"{"id":"x","expectedVersion":1}"#,
    ),
    (
        "concludeNegotiation",
        "ConcludeNegotiationInput",
        r#"{"id":"x","expectedVersion":1,"outcome":"MEMORANDUM"}"#,
    ),
    (
        "requestCoordination",
        "RequestCoordinationInput",
        r#"{"offerId":"x","reason":"x"}"#,
    ),
    (
        "extendCoordination",
        "ExtendCoordinationInput",
        r#"{"disputeId":"x","days":5}"#,
    ),
    (
        "resolveDispute",
        "ResolveDisputeInput",
        r#"{"disputeId":"x","resolution":"x"}"#,
    ),
    (
        "draftAgreement",
        "DraftAgreementInput",
        r#"{"kind":"AGREEMENT","title":"x","clauses":[]}"#,
    ),
    (
        "updateAgreement",
        "UpdateAgreementInput",
        r#"{"id":"x","expectedVersion":1}"#,
    ),
    (
        "proposeAgreementRevision",
        "ProposeAgreementRevisionInput",
        r#"{"id":"x","expectedVersion":1,"clauses":[]}"#,
    ),
    (
        "commentOnClause",
        "CommentOnClauseInput",
        r#"{"id":"x","clauseKey":1,"body":"x"}"#,
    ),
    (
        "resolveAgreementComment",
        "ResolveAgreementCommentInput",
        r#"{"id":"x"}"#,
    ),
    (
        "recordWorkersCongressVote",
        "RecordVoteInput",
        r#"{"id":"x","expectedVersion":1,"body":"WORKERS_CONGRESS","totalMembers":3,"present":3,"inFavour":3,"heldOn":"2026-01-01"}"#,
    ),
    (
        "signAgreement",
        "SignAgreementInput",
        r#"{"id":"x","expectedVersion":1,"side":"WORKERS","chief":"x"}"#,
    ),
    (
        "fileAgreement",
        "FileAgreementInput",
        r#"{"id":"x","expectedVersion":1}"#,
    ),
    (
        "reviewAgreement",
        "ReviewAgreementInput",
        r#"{"id":"x","expectedVersion":1,"decision":"APPROVE"}"#,
    ),
    (
        "recordAgreementPublication",
        "RecordPublicationInput",
        r#"{"id":"x","expectedVersion":1,"publishedAt":"2026-01-01T00:00:00Z","method":"x"}"#,
    ),
    (
        "renewAgreement",
        "RenewAgreementInput",
        r#"{"id":"x","title":"x"}"#,
    ),
    (
        "terminateAgreement",
        "TerminateAgreementInput",
        r#"{"id":"x","expectedVersion":1,"ground":"BY_AGREEMENT","note":"x"}"#,
    ),
    (
        "setAgreementRule",
        "SetAgreementRuleInput",
        r#"{"regionId":"x","kind":"COLLECTIVE_CONTRACT","filingDays":5,"publicationDays":5}"#,
    ),
];

async fn every_offer_and_agreement_mutation_needs_a_live_session(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let token = app.login("admin", ADMIN_PASSWORD).await.unwrap();
    let calls: Vec<(String, Value, &str)> = CALLS
        .iter()
        .map(|(name, input_type, input)| {
            let query = format!(
                "mutation($input: {input_type}!) {{ {name}(input: $input) {{ __typename }} }}"
            );
            let input: Value = serde_json::from_str(input).unwrap();
            (query, json!({ "input": input }), *name)
        })
        .collect();
    for (query, variables, name) in &calls {
        let body = app.graphql_as(None, query, variables.clone()).await;
        assert_eq!(
            error_code(&body),
            "UNAUTHENTICATED",
            "{name} anonymous: {body}"
        );
    }
    // A session lasts 12 hours.
    app.advance(Duration::hours(13)).await;
    for (query, variables, name) in &calls {
        let body = app.graphql_as(Some(&token), query, variables.clone()).await;
        assert_eq!(
            error_code(&body),
            "UNAUTHENTICATED",
            "{name} expired: {body}"
        );
    }
}
