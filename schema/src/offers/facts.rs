//! What the rules of offers need beyond the offer, loaded inside the
//! change's transaction after the checks: the region's start rule, the
//! current representatives, the sessions held, the names told of.

use super::mutations::answering::{AnswerOfferInput, FlagDeclineInput};
use super::mutations::bargaining::{
    RemoveRepresentativeInput, SetRepresentatives, StartNegotiation,
};
use super::mutations::sessions::ScheduleSessionInput;
use super::rules::representative_refill;
use super::storage::{self, OfferRow, RepresentativeRow};
use crate::change::entry::acting_name;
use crate::change::{Act, Facts};
use crate::db::Conn;
use crate::deadlines::storage as deadlines;
use crate::graphql::errors::TxError;
use crate::organizations::places::{organization, region_chain};

/// The working days within which bargaining starts after acceptance, when
/// the employer's region or one above it sets them.
pub struct StartRule(pub Option<u32>);

impl Facts<OfferRow, AnswerOfferInput> for StartRule {
    async fn load(
        conn: &mut Conn<'_>,
        offer: &OfferRow,
        _: &AnswerOfferInput,
        _: &Act,
    ) -> Result<Self, TxError> {
        let chain = region_chain(conn, offer.region_id).await?;
        let days = storage::start_rule(conn, &chain).await?;
        Ok(StartRule(days.and_then(|d| u32::try_from(d).ok())))
    }
}

/// The union and its federation, and the name of the body flagging.
pub struct Flagging {
    pub union_and_federation: Vec<i64>,
    pub flagger: String,
}

impl Facts<OfferRow, FlagDeclineInput> for Flagging {
    async fn load(
        conn: &mut Conn<'_>,
        offer: &OfferRow,
        _: &FlagDeclineInput,
        act: &Act,
    ) -> Result<Self, TxError> {
        let union = organization(conn, offer.union_id).await?;
        let flagger = acting_name(conn, act.acting).await?;
        Ok(Flagging {
            union_and_federation: union.parent_id.into_iter().chain([union.id]).collect(),
            flagger,
        })
    }
}

/// The representatives named now, and the name of the side acting.
pub struct Lists {
    pub current: Vec<RepresentativeRow>,
    pub side_name: String,
}

impl Facts<OfferRow, SetRepresentatives> for Lists {
    async fn load(
        conn: &mut Conn<'_>,
        offer: &OfferRow,
        change: &SetRepresentatives,
        _: &Act,
    ) -> Result<Self, TxError> {
        Ok(Lists {
            current: storage::representatives_of(conn, &[offer.id]).await?,
            side_name: organization(conn, crate::change::Record::party(offer, change.side))
                .await?
                .name,
        })
    }
}

/// The representatives both sides have named.
pub struct Named(pub Vec<RepresentativeRow>);

impl Facts<OfferRow, StartNegotiation> for Named {
    async fn load(
        conn: &mut Conn<'_>,
        offer: &OfferRow,
        _: &StartNegotiation,
        _: &Act,
    ) -> Result<Self, TxError> {
        Ok(Named(storage::representatives_of(conn, &[offer.id]).await?))
    }
}

/// Whether the side's refill clock runs already, and the side's name.
pub struct Vacancy {
    pub refill_running: bool,
    pub side_name: String,
}

impl Facts<(RepresentativeRow, OfferRow), RemoveRepresentativeInput> for Vacancy {
    async fn load(
        conn: &mut Conn<'_>,
        (person, offer): &(RepresentativeRow, OfferRow),
        _: &RemoveRepresentativeInput,
        _: &Act,
    ) -> Result<Self, TxError> {
        let kind = representative_refill(person.side).kind;
        let running =
            deadlines::open_for_subject(conn, crate::change::Record::subject(offer), kind).await?;
        let side = crate::change::Record::party(offer, person.side);
        Ok(Vacancy {
            refill_running: running.is_some(),
            side_name: organization(conn, side).await?.name,
        })
    }
}

/// How many sessions were scheduled before.
pub struct SessionsHeld(pub usize);

impl Facts<OfferRow, ScheduleSessionInput> for SessionsHeld {
    async fn load(
        conn: &mut Conn<'_>,
        offer: &OfferRow,
        _: &ScheduleSessionInput,
        _: &Act,
    ) -> Result<Self, TxError> {
        Ok(SessionsHeld(
            storage::sessions_of(conn, &[offer.id]).await?.len(),
        ))
    }
}
