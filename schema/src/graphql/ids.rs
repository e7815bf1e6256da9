//! Opaque global ids: `base64url("Type:rowid")`. Clients must not parse them.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::errors::ApiError;

/// Declares the kinds of object with a global id; each one's name is its
/// prefix in ids and its subject type in the audit trail. One list serves
/// both directions, so they cannot drift apart.
macro_rules! node_types {
    ($($variant:ident),+ $(,)?) => {
        /// The kinds of object that have a global id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum NodeType {
            $($variant),+
        }

        impl NodeType {
            /// Every kind.
            pub const ALL: &'static [NodeType] = &[$(NodeType::$variant),+];

            /// The type name in an id, also the subject type in the audit trail.
            pub fn prefix(self) -> &'static str {
                match self {
                    $(NodeType::$variant => stringify!($variant)),+
                }
            }

            pub fn of_prefix(prefix: &str) -> Option<NodeType> {
                match prefix {
                    $(stringify!($variant) => Some(NodeType::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

node_types!(
    Region,
    Organization,
    User,
    AuditEntry,
    Event,
    Notification,
    Deadline,
    Campaign,
    Offer,
    Representative,
    BargainingSession,
    BargainingDispute,
    Agreement,
    AgreementVersion,
    AgreementComment,
    WorkersCongressVote,
    AgreementReview,
    Invitation,
    RiskCase,
    Warning,
    CreditReminder,
    HealthCheck,
    RectificationItem,
    RiskBulletin,
    RiskGrade,
    RiskFollowUp,
    LayoffPlan,
    EvaluationGuide,
    BargainingEvaluation,
    HarmonyTitle,
    CampaignSummary,
);

pub fn encode(node_type: NodeType, row_id: i64) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{}:{row_id}", node_type.prefix())))
}

/// The type and row id behind a global id, or `None` for anything malformed.
pub fn decode(id: &str) -> Option<(NodeType, i64)> {
    let bytes = URL_SAFE_NO_PAD.decode(id).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let (prefix, row) = text.split_once(':')?;
    let row_id = row.parse::<i64>().ok().filter(|id| *id > 0)?;
    Some((NodeType::of_prefix(prefix)?, row_id))
}

/// The row id of a global id that must be of `node_type`.
pub fn decode_as(id: &str, node_type: NodeType) -> Option<i64> {
    decode(id)
        .filter(|(t, _)| *t == node_type)
        .map(|(_, row)| row)
}

/// The row id behind an input id that must be of `node_type`, or NOT_FOUND:
/// a malformed id names nothing.
pub fn row_id(id: &ID, node_type: NodeType) -> Result<i64, ApiError> {
    decode_as(id, node_type).ok_or(ApiError::NotFound)
}

/// The row id of a list filter's id, or a BAD_USER_INPUT naming `filter.{name}`.
pub fn filter_id(
    id: Option<&ID>,
    node_type: NodeType,
    name: &str,
) -> Result<Option<i64>, ApiError> {
    id.map(|id| {
        decode_as(id, node_type)
            .ok_or_else(|| ApiError::BadUserInput(format!("`filter.{name}` is not a valid id")))
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_ids_round_trip_and_keep_their_type() {
        let id = encode(NodeType::Organization, 42);
        assert_eq!(decode(&id), Some((NodeType::Organization, 42)));
        assert_eq!(decode_as(&id, NodeType::Region), None);
        assert!(!id.contains("42"), "ids are opaque: {}", id.0);
    }

    #[test]
    fn every_kind_of_id_round_trips() {
        for node_type in NodeType::ALL {
            let id = encode(*node_type, 7);
            assert_eq!(decode(&id), Some((*node_type, 7)), "{node_type:?}");
        }
    }

    #[test]
    fn malformed_ids_decode_to_nothing() {
        for bad in [
            "",
            "!!",
            "T3JnYW5pemF0aW9u",
            &URL_SAFE_NO_PAD.encode("Organization:-1"),
        ] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
