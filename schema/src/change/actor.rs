//! Who may make a change, as a value: a side of a two-sided record, either
//! party, a public body of given kinds over the record's region, or the
//! administration that oversees it. Offices and administrations supervise
//! bargaining; they act in a party's name only where the law says so.

use chrono::NaiveDateTime;

use super::Record;
use crate::db::Conn;
use crate::graphql::errors::{ApiError, TxError};
use crate::identity::Viewer;
use crate::identity::authorization::{
    Acting, act_above, act_as_city_office, act_as_party, act_as_public_body, act_for, administer,
};
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::{organization, place_of};

crate::text_enum! {
    /// Which side makes an offer (CCP Art. 32: either side may).
    pub enum Side {
        /// The workers, through their union.
        Workers = "WORKERS",
        /// The employer.
        Employer = "EMPLOYER",
    }
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Workers => Side::Employer,
            Side::Employer => Side::Workers,
        }
    }
}

/// Who may make a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The organization on one side, or a union federation above it.
    Side(Side),
    /// Either party.
    EitherParty,
    /// An office or administration of these kinds over the record's region.
    PublicBody(&'static [OrganizationKind]),
    /// The public body overseeing the record (the reviewing administration).
    Overseer,
    /// The organization itself, or a body that acts for it (an office over
    /// its region, a federation above it).
    Steward,
    /// The body above the organization, to set where it sits; `to_region`
    /// is where it will be.
    Above { to_region: i64 },
    /// Its administrators, or the city office's.
    Administrator,
    /// The city tripartite office, whatever the record's region.
    CityOffice,
}

/// Who is making a change and when: the audit trail's acting, the side
/// acted for, and the instant the change is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Act {
    pub acting: Acting,
    pub side: Option<Side>,
    pub now: NaiveDateTime,
}

/// How the viewer may act as `actor` on `record`, or FORBIDDEN.
pub async fn act<R: Record>(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    record: &R,
    actor: Actor,
    now: NaiveDateTime,
) -> Result<Act, TxError> {
    let sides: &[Side] = match actor {
        Actor::Side(Side::Workers) => &[Side::Workers],
        Actor::Side(Side::Employer) => &[Side::Employer],
        Actor::EitherParty => &[Side::Workers, Side::Employer],
        Actor::PublicBody(kinds) => {
            let acting = act_as_public_body(viewer, record.region_id(), kinds)?;
            return Ok(Act {
                acting,
                side: None,
                now,
            });
        }
        Actor::Overseer => {
            for overseer in record.overseers(conn).await? {
                if let Ok(acting) = act_as_party(viewer, &place_of(conn, overseer).await?) {
                    return Ok(Act {
                        acting,
                        side: None,
                        now,
                    });
                }
            }
            return Err(ApiError::Forbidden.into());
        }
        Actor::CityOffice => {
            return Ok(Act {
                acting: act_as_city_office(viewer)?,
                side: None,
                now,
            });
        }
        Actor::Steward | Actor::Above { .. } | Actor::Administrator => {
            let id = record.organization().ok_or(ApiError::Forbidden)?;
            let acting = match actor {
                Actor::Steward => act_for(viewer, &place_of(conn, id).await?)?,
                Actor::Above { to_region } => {
                    let row = organization(conn, id).await?;
                    let local = row.kind == OrganizationKind::Employer || row.employer_id.is_some();
                    act_above(viewer, &place_of(conn, id).await?, local, to_region)?
                }
                _ => administer(viewer, id)?,
            };
            return Ok(Act {
                acting,
                side: None,
                now,
            });
        }
    };
    for side in sides {
        let place = place_of(conn, record.party(*side)).await?;
        if let Ok(acting) = act_as_party(viewer, &place) {
            return Ok(Act {
                acting,
                side: Some(*side),
                now,
            });
        }
    }
    Err(ApiError::Forbidden.into())
}
