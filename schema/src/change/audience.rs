//! Who hears of a change: the organizations whose members get the event,
//! and whose ledgers show a clock.

use super::{Record, Side};
use crate::db::Conn;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::storage as deadlines;
use crate::graphql::errors::TxError;

/// A group of organizations concerned by a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// The organization on one side.
    Side(Side),
    /// Both parties.
    Parties,
    /// Who follows the record besides the parties.
    Followers,
    /// The public bodies overseeing the record.
    Overseers,
    /// Those its open clock of this kind concerns.
    Clock(DeadlineKind),
    /// These organizations.
    Organizations(Vec<i64>),
}

/// The organizations of `audience`, each once.
pub async fn resolve<R: Record>(
    conn: &mut Conn<'_>,
    record: &R,
    audience: &[Audience],
) -> Result<Vec<i64>, TxError> {
    let mut ids = Vec::new();
    for group in audience {
        match group {
            Audience::Side(side) => ids.push(record.party(*side)),
            Audience::Parties => {
                ids.extend([record.party(Side::Workers), record.party(Side::Employer)]);
            }
            Audience::Followers => ids.extend(record.followers(conn).await?),
            Audience::Overseers => ids.extend(record.overseers(conn).await?),
            Audience::Clock(kind) => {
                let subject = record.clock_subject();
                if let Some(clock) = deadlines::open_for_subject(conn, subject, *kind).await? {
                    let organizations = deadlines::organizations_of(conn, &[clock.id]).await?;
                    ids.extend(organizations.into_iter().map(|(_, o)| o));
                }
            }
            Audience::Organizations(organizations) => ids.extend(organizations),
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}
