//! Keyset pagination by row id: the plain-data side of Relay connections.

/// One page asked for: `size` rows after `after`, or (backward) before `before`.
/// Lists ordered by a time, or sorted by a chosen field, carry its value in
/// their cursors (`after_key`, `before_key`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageRequest {
    pub after: Option<i64>,
    pub before: Option<i64>,
    pub size: usize,
    pub backward: bool,
    /// Whether to count the rows over all pages (`totalCount` was asked
    /// for); otherwise the total is 0 and the count is never run.
    pub count: bool,
    /// Where counts are kept until anything changes; counted afresh without.
    pub counter: Option<crate::identity::viewers::Counter>,
    pub after_key: Option<SortKey>,
    pub before_key: Option<SortKey>,
}

/// The value a list is sorted by, as a cursor carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortKey {
    Time(chrono::NaiveDateTime),
    Number(i64),
    Text(String),
}

impl SortKey {
    pub fn time(&self) -> Option<chrono::NaiveDateTime> {
        match self {
            SortKey::Time(at) => Some(*at),
            _ => None,
        }
    }

    pub fn number(&self) -> Option<i64> {
        match self {
            SortKey::Number(number) => Some(*number),
            _ => None,
        }
    }

    pub fn text(&self) -> Option<String> {
        match self {
            SortKey::Text(text) => Some(text.clone()),
            _ => None,
        }
    }
}

/// A list's order: a field, ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sorted<F> {
    pub field: F,
    pub descending: bool,
}

/// A cursor of another order than the list's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForeignCursor;

/// The rows of one page, in ascending id order, and what lies around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: i64,
    pub has_previous: bool,
    pub has_next: bool,
}

impl<T> Page<T> {
    /// The same page with every row turned by `f`.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            rows: self.rows.into_iter().map(f).collect(),
            total: self.total,
            has_previous: self.has_previous,
            has_next: self.has_next,
        }
    }
}

impl PageRequest {
    /// The cursors' sort values as `read` finds them; a cursor without one
    /// (of another order, or of the unsorted list) is foreign.
    pub fn keys<T>(
        &self,
        read: impl Fn(&SortKey) -> Option<T>,
    ) -> Result<(Option<T>, Option<T>), ForeignCursor> {
        let key = |id: Option<i64>, key: &Option<SortKey>| match (id, key) {
            (None, _) => Ok(None),
            (Some(_), Some(key)) => read(key).map(Some).ok_or(ForeignCursor),
            (Some(_), None) => Err(ForeignCursor),
        };
        Ok((
            key(self.after, &self.after_key)?,
            key(self.before, &self.before_key)?,
        ))
    }

    /// The SQL limit: one more row than asked tells whether more follow.
    pub fn limit(&self) -> i64 {
        self.size as i64 + 1
    }

    /// Builds the page from at most `limit()` rows fetched in query order.
    pub fn finish<T>(&self, mut rows: Vec<T>, total: i64) -> Page<T> {
        let more = rows.len() > self.size;
        rows.truncate(self.size);
        if self.backward {
            rows.reverse();
            Page {
                rows,
                total,
                has_previous: more,
                has_next: self.before.is_some(),
            }
        } else {
            Page {
                rows,
                total,
                has_previous: self.after.is_some(),
                has_next: more,
            }
        }
    }
}

/// The SQL text of `query` with its values, as the counts are kept by.
pub fn statement<C, Q>(_conn: &C, query: &Q) -> String
where
    C: diesel_async::AsyncConnection,
    C::Backend: Default,
    <C::Backend as diesel::backend::Backend>::QueryBuilder: Default,
    Q: diesel::query_builder::QueryFragment<C::Backend>,
{
    diesel::debug_query::<C::Backend, _>(query).to_string()
}

/// How many rows `$query` (a boxed query) has over all pages, when the page
/// asks for it (else 0): kept by the page's counter until anything changes.
#[macro_export]
macro_rules! count_rows {
    ($c:ident, $query:expr, $page:expr) => {{
        let page: &$crate::db::page::PageRequest = $page;
        let counted: i64 = match (page.count, &page.counter) {
            (false, _) => 0,
            (true, None) => {
                $crate::db::diesel_async::RunQueryDsl::get_result($query.count(), $c).await?
            }
            (true, Some(counter)) => {
                let query = $query.count();
                let statement = $crate::db::page::statement(&*$c, &query);
                match counter.get(&statement) {
                    Some(count) => count,
                    None => {
                        let count =
                            $crate::db::diesel_async::RunQueryDsl::get_result(query, $c).await?;
                        counter.keep(statement, count);
                        count
                    }
                }
            }
        };
        counted
    }};
}

/// Loads one page of `$query` (an expression building a fresh boxed query,
/// evaluated twice) keyed by the id column `$id`, on connection `$c`.
#[macro_export]
macro_rules! load_page {
    ($c:ident, $query:expr, $id:expr, $page:expr) => {{
        use diesel::prelude::*;
        let page: &$crate::db::page::PageRequest = $page;
        let total = $crate::count_rows!($c, $query, page);
        let mut query = $query;
        if let Some(after) = page.after {
            query = query.filter($id.gt(after));
        }
        if let Some(before) = page.before {
            query = query.filter($id.lt(before));
        }
        let query = if page.backward {
            query.order($id.desc())
        } else {
            query.order($id.asc())
        };
        let rows =
            $crate::db::diesel_async::RunQueryDsl::load(query.limit(page.limit()), $c).await?;
        page.finish(rows, total)
    }};
}

/// Like [`load_page!`], for lists ordered by a time column `$at`, then by id.
#[macro_export]
macro_rules! load_page_by_time {
    ($c:ident, $query:expr, $at:expr, $id:expr, $page:expr) => {{
        use diesel::prelude::*;
        let page: &$crate::db::page::PageRequest = $page;
        let total = $crate::count_rows!($c, $query, page);
        let mut query = $query;
        let key_time =
            |key: &Option<$crate::db::page::SortKey>| key.as_ref().and_then(|k| k.time());
        // The plain bound first: with it alone the index on ($at, id) starts
        // at the cursor; under the OR, PostgreSQL walks it from the start.
        if let (Some(after), Some(at)) = (page.after, key_time(&page.after_key)) {
            query = query
                .filter($at.ge(at))
                .filter($at.gt(at).or($at.eq(at).and($id.gt(after))));
        }
        if let (Some(before), Some(at)) = (page.before, key_time(&page.before_key)) {
            query = query
                .filter($at.le(at))
                .filter($at.lt(at).or($at.eq(at).and($id.lt(before))));
        }
        let query = if page.backward {
            query.order(($at.desc(), $id.desc()))
        } else {
            query.order(($at.asc(), $id.asc()))
        };
        let rows =
            $crate::db::diesel_async::RunQueryDsl::load(query.limit(page.limit()), $c).await?;
        page.finish(rows, total)
    }};
}

/// Like [`load_page!`], for lists sorted by `$key` (an expression, built
/// anew where it is used), then by id, ascending or `$descending`. The rows
/// are `($select, key)`; `$after` and `$before` are the cursors' sort values.
#[macro_export]
macro_rules! load_page_sorted {
    ($c:ident, $query:expr, $select:expr, $key:expr, $id:expr, $page:expr, $descending:expr, $after:expr, $before:expr) => {{
        use diesel::prelude::*;
        let page: &$crate::db::page::PageRequest = $page;
        let descending: bool = $descending;
        let total = $crate::count_rows!($c, $query, page);
        let mut query = $query;
        // The plain bound first, as in `load_page_by_time!`.
        if let (Some(after), Some(key)) = (page.after, $after) {
            query = if descending {
                query
                    .filter($key.le(key.clone()))
                    .filter($key.lt(key.clone()).or($key.eq(key).and($id.lt(after))))
            } else {
                query
                    .filter($key.ge(key.clone()))
                    .filter($key.gt(key.clone()).or($key.eq(key).and($id.gt(after))))
            };
        }
        if let (Some(before), Some(key)) = (page.before, $before) {
            query = if descending {
                query
                    .filter($key.ge(key.clone()))
                    .filter($key.gt(key.clone()).or($key.eq(key).and($id.gt(before))))
            } else {
                query
                    .filter($key.le(key.clone()))
                    .filter($key.lt(key.clone()).or($key.eq(key).and($id.lt(before))))
            };
        }
        let query = if page.backward != descending {
            query.order(($key.desc(), $id.desc()))
        } else {
            query.order(($key.asc(), $id.asc()))
        };
        let rows = $crate::db::diesel_async::RunQueryDsl::load(
            query.select(($select, $key)).limit(page.limit()),
            $c,
        )
        .await?;
        page.finish(rows, total)
    }};
}

/// Stands for "no such day" in sorts: after every real one (a year of four
/// digits, as SQLite compares days and times as text).
pub fn no_day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default()
}

/// Stands for "no such instant" in sorts: after every real one.
pub fn never() -> chrono::NaiveDateTime {
    no_day().and_time(chrono::NaiveTime::MIN)
}

diesel::define_sql_function! {
    /// The first of its arguments that is not null: sorts rows without a
    /// value first or last, by a stand-in value.
    fn coalesce<T: diesel::sql_types::SqlType + diesel::sql_types::SingleValue>(value: diesel::sql_types::Nullable<T>, otherwise: T) -> T;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forward(after: Option<i64>, size: usize) -> PageRequest {
        PageRequest {
            after,
            size,
            ..PageRequest::default()
        }
    }

    #[test]
    fn an_extra_row_means_a_next_page() {
        let page = forward(None, 2).finish(vec![1, 2, 3], 3);
        assert_eq!(page.rows, vec![1, 2]);
        assert!(page.has_next);
        assert!(!page.has_previous);
    }

    #[test]
    fn a_backward_page_is_returned_in_ascending_order() {
        let request = PageRequest {
            before: Some(9),
            size: 2,
            backward: true,
            ..PageRequest::default()
        };
        let page = request.finish(vec![8, 7, 6], 9);
        assert_eq!(page.rows, vec![7, 8]);
        assert!(page.has_previous);
        assert!(page.has_next);
    }
}
