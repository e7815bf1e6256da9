//! A text's digest and its confirmations, as the API shows them.

use async_graphql::{Context, Object};
use chrono::{DateTime, Utc};

use super::ConfirmedText;
use super::storage::{self, ConfirmationRow, Of};
use crate::change::Side;
use crate::context::services;
use crate::graphql::errors::ApiResult;

/// A text's digest as it reads now, and who confirmed which digest.
pub struct TextDigest {
    pub text: ConfirmedText,
    pub of: Of,
    pub digest: String,
}

#[Object]
impl TextDigest {
    /// The SHA-256 of the text's canonical form, in lower-case hex. It
    /// changes when the text does.
    async fn digest(&self) -> &str {
        &self.digest
    }

    /// `SHA-256`.
    async fn algorithm(&self) -> &'static str {
        "SHA-256"
    }

    /// The digests confirmed (or signed with), oldest first; each says
    /// whether it is the text's digest now.
    async fn confirmations(&self, ctx: &Context<'_>) -> ApiResult<Vec<TextConfirmation>> {
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::confirmations(&mut pooled.conn(), self.of, self.text).await?;
        Ok(rows
            .into_iter()
            .map(|row| TextConfirmation {
                matches: row.digest == self.digest,
                row,
            })
            .collect())
    }
}

/// A side's confirmation of a digest.
pub struct TextConfirmation {
    row: ConfirmationRow,
    matches: bool,
}

#[Object]
impl TextConfirmation {
    /// The side that confirmed.
    async fn side(&self) -> Side {
        self.row.side
    }

    /// The digest it confirmed.
    async fn digest(&self) -> &str {
        &self.row.digest
    }

    /// Whether that is the text's digest now: false once the text changed.
    async fn matches(&self) -> bool {
        self.matches
    }

    /// The chief who signed with it; null for a confirmation of receipt.
    async fn signer(&self) -> Option<&str> {
        self.row.signer.as_deref()
    }

    async fn confirmed_at(&self) -> DateTime<Utc> {
        self.row.confirmed_at.and_utc()
    }
}
