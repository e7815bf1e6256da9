//! Batched lookups of related objects, so that a list of N objects with
//! their regions, parents and profiles costs the same few statements as one.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use async_graphql::dataloader::Loader;

use super::storage::{self, EmployerProfileRow, OrganizationRow};
use super::visibility::{OrgVisible, shows};
use crate::db::Database;
use crate::events::bus::EventBus;
use crate::graphql::errors::ApiError;

/// The loader behind every key type below. (Regions are not loaded here:
/// they come from the table the bus keeps in memory, `context::region`.)
pub struct Store(pub Database, pub Arc<EventBus>);

impl Store {
    /// Organizations by id whoever may see them, kept until anything changes.
    pub async fn organizations(&self, ids: &[i64]) -> Result<Vec<OrganizationRow>, ApiError> {
        let viewers = &self.1.viewers;
        let read = |ids: Vec<i64>| async move {
            let mut pooled = self.0.get().await?;
            let visible = &OrgVisible::Everything;
            Ok(storage::organizations_by_ids(&mut pooled.conn(), &ids, visible).await?)
        };
        viewers
            .by_id(&viewers.organizations, ids, |row| row.id, read)
            .await
    }

    /// The ids among `rows` that a reader with `visible` may see: those
    /// the rows show by themselves, and the database's answer for the rest.
    pub async fn seen(
        &self,
        rows: &[OrganizationRow],
        visible: &OrgVisible,
    ) -> Result<HashSet<i64>, ApiError> {
        let (shown, unsure): (Vec<&OrganizationRow>, Vec<&OrganizationRow>) =
            rows.iter().partition(|row| shows(visible, row));
        let mut seen: HashSet<i64> = shown.iter().map(|row| row.id).collect();
        if !unsure.is_empty() {
            let ids: Vec<i64> = unsure.iter().map(|row| row.id).collect();
            let mut pooled = self.0.get().await?;
            seen.extend(storage::visible_among(&mut pooled.conn(), &ids, visible).await?);
        }
        Ok(seen)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrganizationKey(pub i64);
/// The employer profile of an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProfileKey(pub i64);
/// The grassroots union of an employer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnionOfEmployerKey(pub i64);
/// The associations an employer belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AssociationsOfEmployerKey(pub i64);
/// An organization a nested field names, and whether a reader with this
/// filter may see it through `node`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedKey(pub i64, pub Arc<OrgVisible>);

/// By the id alone: keys of one request share one filter, which compares
/// by pointer first, and hashing its lists for every nested field showed in
/// profiles.
impl std::hash::Hash for NamedKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl Loader<OrganizationKey> for Store {
    type Value = OrganizationRow;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[OrganizationKey],
    ) -> Result<HashMap<OrganizationKey, OrganizationRow>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let rows = self.organizations(&ids).await?;
        Ok(rows
            .into_iter()
            .map(|row| (OrganizationKey(row.id), row))
            .collect())
    }
}

impl Loader<ProfileKey> for Store {
    type Value = EmployerProfileRow;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[ProfileKey],
    ) -> Result<HashMap<ProfileKey, EmployerProfileRow>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let rows = storage::profiles_by_ids(&mut self.0.get().await?.conn(), &ids).await?;
        Ok(rows
            .into_iter()
            .map(|row| (ProfileKey(row.organization_id), row))
            .collect())
    }
}

impl Loader<UnionOfEmployerKey> for Store {
    type Value = OrganizationRow;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[UnionOfEmployerKey],
    ) -> Result<HashMap<UnionOfEmployerKey, OrganizationRow>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let rows = storage::unions_of_employers(&mut self.0.get().await?.conn(), &ids).await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| Some((UnionOfEmployerKey(row.employer_id?), row)))
            .collect())
    }
}

impl Loader<AssociationsOfEmployerKey> for Store {
    type Value = Vec<i64>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[AssociationsOfEmployerKey],
    ) -> Result<HashMap<AssociationsOfEmployerKey, Vec<i64>>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
        let pairs =
            storage::associations_of_employers(&mut self.0.get().await?.conn(), &ids).await?;
        let mut by_employer: HashMap<AssociationsOfEmployerKey, Vec<i64>> = HashMap::new();
        for (employer, association) in pairs {
            by_employer
                .entry(AssociationsOfEmployerKey(employer))
                .or_default()
                .push(association);
        }
        Ok(by_employer)
    }
}

impl Loader<NamedKey> for Store {
    type Value = (OrganizationRow, bool);
    type Error = ApiError;

    /// Per distinct filter (one per request in practice): the rows, kept
    /// until anything changes, and which of them the filter lets through
    /// (a statement only for those the rows cannot show visible).
    async fn load(
        &self,
        keys: &[NamedKey],
    ) -> Result<HashMap<NamedKey, (OrganizationRow, bool)>, ApiError> {
        let mut by_filter: Vec<(&Arc<OrgVisible>, Vec<i64>)> = Vec::new();
        for NamedKey(id, visible) in keys {
            match by_filter.iter_mut().find(|(filter, _)| *filter == visible) {
                Some((_, ids)) => ids.push(*id),
                None => by_filter.push((visible, vec![*id])),
            }
        }
        let mut named = HashMap::new();
        for (visible, ids) in by_filter {
            let rows = self.organizations(&ids).await?;
            let seen = self.seen(&rows, visible).await?;
            named.extend(rows.into_iter().map(|row| {
                let full = seen.contains(&row.id);
                (NamedKey(row.id, visible.clone()), (row, full))
            }));
        }
        Ok(named)
    }
}

/// Declares a loader of the rows that belong to a record (an offer's
/// sessions, a case's forms), keyed by the record's id: every key gets an
/// answer, empty for a record without rows, in the order storage gives them.
/// `$row.$parent?` names an optional parent column.
#[macro_export]
macro_rules! rows_of {
    ($(#[$doc:meta])* $key:ident, $row:ident.$parent:ident, $load:path) => {
        $crate::rows_of!($(#[$doc])* $key, $row.$parent, $load, |parent| Some(parent));
    };
    ($(#[$doc:meta])* $key:ident, $row:ident.$parent:ident?, $load:path) => {
        $crate::rows_of!($(#[$doc])* $key, $row.$parent, $load, |parent| parent);
    };
    ($(#[$doc:meta])* $key:ident, $row:ident.$parent:ident, $load:path, $some:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub i64);

        impl async_graphql::dataloader::Loader<$key> for $crate::organizations::loaders::Store {
            type Value = Vec<$row>;
            type Error = $crate::graphql::errors::ApiError;

            async fn load(&self, keys: &[$key]) -> Result<std::collections::HashMap<$key, Vec<$row>>, $crate::graphql::errors::ApiError> {
                let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
                let rows = $load(&mut self.0.get().await?.conn(), &ids).await?;
                let mut found: std::collections::HashMap<$key, Vec<$row>> =
                    keys.iter().map(|k| (*k, Vec::new())).collect();
                for row in rows {
                    let parent: Option<i64> = ($some)(row.$parent);
                    if let Some(parent) = parent {
                        found.entry($key(parent)).or_default().push(row);
                    }
                }
                Ok(found)
            }
        }
    };
}

/// Declares a loader of records by id as a viewer may see them: the key
/// carries the viewer's visibility (one per request in practice), and the
/// records of each distinct visibility are read in one statement; a
/// record the viewer may not see has no answer.
#[macro_export]
macro_rules! seen_by_id {
    ($(#[$doc:meta])* $key:ident, $row:ty, $visible:ty, $load:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $key(pub i64, pub std::sync::Arc<$visible>);

        impl async_graphql::dataloader::Loader<$key> for $crate::organizations::loaders::Store {
            type Value = $row;
            type Error = $crate::graphql::errors::ApiError;

            async fn load(&self, keys: &[$key]) -> Result<std::collections::HashMap<$key, $row>, $crate::graphql::errors::ApiError> {
                let mut by_filter: std::collections::HashMap<&std::sync::Arc<$visible>, Vec<i64>> =
                    std::collections::HashMap::new();
                for $key(id, visible) in keys {
                    by_filter.entry(visible).or_default().push(*id);
                }
                let mut pooled = self.0.get().await?;
                let mut found = std::collections::HashMap::new();
                for (visible, ids) in by_filter {
                    for row in $load(&mut pooled.conn(), &ids, visible).await? {
                        found.insert($key(row.id, visible.clone()), row);
                    }
                }
                Ok(found)
            }
        }
    };
}
