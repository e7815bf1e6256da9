//! Relay connections: argument checking, opaque cursors and `totalCount`.

use async_graphql::connection::{Connection, CursorType, Edge, EmptyFields};
use async_graphql::{Context, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;

use super::errors::{ApiError, ApiResult};
use crate::db::page::{Page, PageRequest, SortKey};

pub const MAX_PAGE_SIZE: i32 = 100;
pub const DEFAULT_PAGE_SIZE: i32 = 20;

/// An opaque cursor: the row id, and the value the list is sorted by
/// (a time for lists ordered by time).
pub struct Cursor {
    pub id: i64,
    pub key: Option<SortKey>,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid cursor")]
pub struct InvalidCursor;

impl CursorType for Cursor {
    type Error = InvalidCursor;

    fn decode_cursor(s: &str) -> Result<Cursor, InvalidCursor> {
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| InvalidCursor)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| InvalidCursor)?;
        let rest = text.strip_prefix("cursor:").ok_or(InvalidCursor)?;
        let (id, key) = match rest.split_once(':') {
            Some((id, number)) if number.starts_with('n') => {
                let number = number[1..].parse().map_err(|_| InvalidCursor)?;
                (id, Some(SortKey::Number(number)))
            }
            Some((id, text)) if text.starts_with('t') => {
                let bytes = URL_SAFE_NO_PAD
                    .decode(&text[1..])
                    .map_err(|_| InvalidCursor)?;
                let text = String::from_utf8(bytes).map_err(|_| InvalidCursor)?;
                (id, Some(SortKey::Text(text)))
            }
            Some((id, micros)) => {
                let micros: i64 = micros.parse().map_err(|_| InvalidCursor)?;
                let at = chrono::DateTime::from_timestamp_micros(micros)
                    .ok_or(InvalidCursor)?
                    .naive_utc();
                (id, Some(SortKey::Time(at)))
            }
            None => (rest, None),
        };
        Ok(Cursor {
            id: id.parse().map_err(|_| InvalidCursor)?,
            key,
        })
    }

    fn encode_cursor(&self) -> String {
        let text = match &self.key {
            Some(SortKey::Time(at)) => {
                format!("cursor:{}:{}", self.id, at.and_utc().timestamp_micros())
            }
            Some(SortKey::Number(number)) => format!("cursor:{}:n{number}", self.id),
            Some(SortKey::Text(text)) => {
                format!("cursor:{}:t{}", self.id, URL_SAFE_NO_PAD.encode(text))
            }
            None => format!("cursor:{}", self.id),
        };
        URL_SAFE_NO_PAD.encode(text)
    }
}

/// Extra fields of every connection.
#[derive(SimpleObject)]
pub struct ConnectionTotals {
    /// How many nodes match the filter, over all pages.
    pub total_count: i64,
}

pub type ConnectionOf<T> = Connection<Cursor, T, ConnectionTotals, EmptyFields>;

/// The standard connection arguments of the field being resolved, checked
/// (see [`arguments`]); the rows are counted only when the connection's
/// `totalCount` is selected, and the count is kept until anything changes.
pub fn page_request(
    ctx: &Context<'_>,
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
) -> ApiResult<PageRequest> {
    let count = ctx.look_ahead().field("totalCount").exists();
    Ok(PageRequest {
        count,
        counter: count.then(|| crate::context::services(ctx).bus.viewers.counter()),
        ..arguments(first, after, last, before)?
    })
}

/// The standard connection arguments, checked: at most one of `first` and
/// `last`, each from 0 to 100, and well-formed cursors.
fn arguments(
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
) -> ApiResult<PageRequest> {
    let cursor = |name: &str, value: Option<String>| -> ApiResult<Option<Cursor>> {
        value
            .map(|v| Cursor::decode_cursor(&v))
            .transpose()
            .map_err(|_| ApiError::BadUserInput(format!("`{name}` is not a valid cursor")))
    };
    let size = |name: &str, value: i32| -> ApiResult<usize> {
        if (0..=MAX_PAGE_SIZE).contains(&value) {
            Ok(value as usize)
        } else {
            Err(ApiError::BadUserInput(format!(
                "`{name}` must be between 0 and {MAX_PAGE_SIZE}, not {value}"
            )))
        }
    };
    let (size, backward) = match (first, last) {
        (Some(_), Some(_)) => {
            return Err(ApiError::BadUserInput(
                "pass `first` or `last`, not both".into(),
            ));
        }
        (Some(n), None) => (size("first", n)?, false),
        (None, Some(n)) => (size("last", n)?, true),
        (None, None) => (DEFAULT_PAGE_SIZE as usize, before.is_some()),
    };
    let (after, before) = (cursor("after", after)?, cursor("before", before)?);
    Ok(PageRequest {
        after: after.as_ref().map(|c| c.id),
        before: before.as_ref().map(|c| c.id),
        size,
        backward,
        after_key: after.and_then(|c| c.key),
        before_key: before.and_then(|c| c.key),
        count: false,
        counter: None,
    })
}

/// The error of a cursor from another order of the same list.
pub fn foreign_cursor() -> ApiError {
    ApiError::BadUserInput("the cursor belongs to another order of this list".into())
}

/// Which way a list is sorted.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Smallest, earliest or first in the alphabet first.
    #[default]
    Asc,
    /// Largest, latest or last first.
    Desc,
}

/// Turns a page of rows into a connection of nodes.
pub fn connection<R, N>(
    page: Page<R>,
    row_id: impl Fn(&R) -> i64,
    node: impl Fn(R) -> N,
) -> ConnectionOf<N>
where
    N: async_graphql::OutputType,
{
    connection_by(
        page,
        |row| Cursor {
            id: row_id(row),
            key: None,
        },
        node,
    )
}

/// Turns a page of rows ordered by a time into a connection of nodes.
pub fn connection_by_time<R, N>(
    page: Page<R>,
    key: impl Fn(&R) -> (i64, NaiveDateTime),
    node: impl Fn(R) -> N,
) -> ConnectionOf<N>
where
    N: async_graphql::OutputType,
{
    connection_by(
        page,
        |row| {
            let (id, at) = key(row);
            Cursor {
                id,
                key: Some(SortKey::Time(at)),
            }
        },
        node,
    )
}

/// Turns a page of `(row, sort value)` pairs into a connection of nodes.
pub fn connection_sorted<R, N>(
    page: Page<(R, SortKey)>,
    row_id: impl Fn(&R) -> i64,
    node: impl Fn(R) -> N,
) -> ConnectionOf<N>
where
    N: async_graphql::OutputType,
{
    connection_by(
        page,
        |(row, key)| Cursor {
            id: row_id(row),
            key: Some(key.clone()),
        },
        |(row, _)| node(row),
    )
}

fn connection_by<R, N>(
    page: Page<R>,
    cursor: impl Fn(&R) -> Cursor,
    node: impl Fn(R) -> N,
) -> ConnectionOf<N>
where
    N: async_graphql::OutputType,
{
    let mut connection = Connection::with_additional_fields(
        page.has_previous,
        page.has_next,
        ConnectionTotals {
            total_count: page.total,
        },
    );
    connection.edges = page
        .rows
        .into_iter()
        .map(|row| Edge::new(cursor(&row), node(row)))
        .collect();
    connection
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_than_one_hundred_is_refused() {
        let error = arguments(Some(101), None, None, None).unwrap_err();
        assert!(
            matches!(error, ApiError::BadUserInput(ref m) if m.contains("first")),
            "{error:?}"
        );
        assert!(arguments(None, None, Some(101), None).is_err());
        assert_eq!(arguments(Some(100), None, None, None).unwrap().size, 100);
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = Cursor { id: 17, key: None }.encode_cursor();
        let request = arguments(Some(5), Some(cursor), None, None).unwrap();
        assert_eq!(request.after, Some(17));
        assert!(arguments(Some(5), Some("nope".into()), None, None).is_err());
        let at = chrono::DateTime::from_timestamp(1_790_000_000, 123_000)
            .unwrap()
            .naive_utc();
        let timed = Cursor {
            id: 3,
            key: Some(SortKey::Time(at)),
        }
        .encode_cursor();
        let request = arguments(None, None, Some(5), Some(timed)).unwrap();
        assert_eq!(
            (request.before, request.before_key),
            (Some(3), Some(SortKey::Time(at)))
        );
        for key in [SortKey::Number(-1), SortKey::Text("长春:华宇%".into())] {
            let cursor = Cursor {
                id: 9,
                key: Some(key.clone()),
            }
            .encode_cursor();
            let request = arguments(Some(5), Some(cursor), None, None).unwrap();
            assert_eq!((request.after, request.after_key), (Some(9), Some(key)));
        }
    }
}
