//! The outbox as the mail worker sees it: claimed notifications turned into
//! rendered emails for their recipients.

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::notifications::{self, NotificationRow};
use super::storage as event_storage;
use super::templates::{Rendered, render};
use crate::db::Conn;
use crate::db::tables::installation;
use crate::graphql::ids::{NodeType, encode};
use crate::identity::storage::users_by_ids;

/// An email ready to send.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub notification: NotificationRow,
    pub to_name: String,
    pub to_email: String,
    pub rendered: Rendered,
}

/// The path of an object on the platform, e.g. `/organizations/<id>`. A
/// risk grade's subject is its employer (grades have no id of their own),
/// so its path is the employer's page, which shows the grades.
pub fn object_path(subject_type: &str, subject_id: i64) -> String {
    match NodeType::of_prefix(subject_type) {
        Some(NodeType::RiskGrade) => object_path("Organization", subject_id),
        Some(node_type) => {
            let collection = match node_type {
                NodeType::Region => "regions",
                NodeType::Organization | NodeType::RiskGrade => "organizations",
                NodeType::User => "users",
                NodeType::AuditEntry => "audit-entries",
                NodeType::Event => "events",
                NodeType::Notification => "notifications",
                NodeType::Deadline => "deadlines",
                NodeType::Campaign => "campaigns",
                NodeType::Offer => "offers",
                NodeType::Representative => "representatives",
                NodeType::BargainingSession => "sessions",
                NodeType::BargainingDispute => "disputes",
                NodeType::Agreement => "agreements",
                NodeType::AgreementVersion => "agreement-versions",
                NodeType::AgreementComment => "agreement-comments",
                NodeType::WorkersCongressVote => "votes",
                NodeType::AgreementReview => "reviews",
                NodeType::Invitation => "invitations",
                NodeType::RiskCase => "risk-cases",
                NodeType::Warning => "warnings",
                NodeType::CreditReminder => "credit-reminders",
                NodeType::HealthCheck => "health-checks",
                NodeType::RectificationItem => "rectification-items",
                NodeType::RiskBulletin => "risk-bulletins",
                NodeType::RiskFollowUp => "risk-follow-ups",
                NodeType::LayoffPlan => "layoff-plans",
                NodeType::EvaluationGuide => "evaluation-guides",
                NodeType::BargainingEvaluation => "evaluations",
                NodeType::HarmonyTitle => "harmony-titles",
                NodeType::CampaignSummary => "campaign-summaries",
            };
            format!("/{collection}/{}", encode(node_type, subject_id).0)
        }
        None => "/".to_owned(),
    }
}

/// This installation's random id, made by its first migration (see the
/// `installation` table).
pub async fn installation_id(conn: &mut Conn<'_>) -> QueryResult<String> {
    crate::on!(conn, |c| installation::table
        .select(installation::id)
        .first(c)
        .await)
}

/// Renders the claimed notifications `ids`, each in its recipient's language.
/// `base_url` (the platform's public address) prefixes the link paths; when
/// it is empty, emails carry no link.
pub async fn outgoing(
    conn: &mut Conn<'_>,
    ids: &[i64],
    base_url: &str,
) -> QueryResult<Vec<Outgoing>> {
    let rows = notifications::notifications_by_ids(conn, ids).await?;
    let user_ids: Vec<i64> = rows.iter().map(|n| n.user_id).collect();
    let event_ids: Vec<i64> = rows.iter().map(|n| n.event_id).collect();
    let users = users_by_ids(conn, &user_ids).await?;
    let events = event_storage::events_by_ids(conn, &event_ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|notification| {
            let user = users.iter().find(|u| u.id == notification.user_id)?;
            let event = events.iter().find(|e| e.row.id == notification.event_id)?;
            let payload: serde_json::Value =
                serde_json::from_str(&event.row.payload).unwrap_or_default();
            let link = (!base_url.is_empty()).then(|| {
                format!(
                    "{base_url}{}",
                    object_path(&event.row.subject_type, event.row.subject_id)
                )
            });
            let rendered = render(event.row.kind, &payload, link.as_deref(), user.language);
            Some(Outgoing {
                notification,
                to_name: user.display_name.clone(),
                to_email: user.email.clone(),
                rendered,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_risk_grade_links_to_its_employers_page() {
        assert_eq!(
            object_path("RiskGrade", 7),
            format!("/organizations/{}", encode(NodeType::Organization, 7).0)
        );
        assert_eq!(
            object_path("Offer", 3),
            format!("/offers/{}", encode(NodeType::Offer, 3).0)
        );
        assert_eq!(object_path("Nothing", 3), "/");
    }
}
