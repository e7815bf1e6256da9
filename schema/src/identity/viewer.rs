//! Who is asking: resolved once per request from the session token, with
//! the facts about each membership that visibility and acting rules need.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;

use super::kinds::{Language, Role};
use super::secrets::token_hash;
use super::storage::{self, MembershipPlace, UserScope};
use crate::db::{Conn, stored};
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::storage as organization_storage;

/// The caller of a request.
#[derive(Debug, Clone, Default)]
pub enum Viewer {
    /// No valid session: may only log in and introspect.
    #[default]
    Anonymous,
    User(Box<SignedIn>),
    /// The server itself: bootstrap, demo loading, scheduled work.
    System,
}

/// A signed-in user and their memberships.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user_id: i64,
    pub login_name: String,
    /// The hash of the session token the request came with.
    pub session: String,
    /// The language the user chose for messages.
    pub language: Language,
    pub memberships: Vec<MemberOf>,
}

/// One membership, with its organization's place in the trees.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberOf {
    pub organization_id: i64,
    pub role: Role,
    pub kind: OrganizationKind,
    pub region_id: i64,
    /// The organization's region and every region below it.
    pub region_subtree: Vec<i64>,
    /// The organizations above this one, nearest first.
    pub ancestors: Vec<i64>,
    /// For a grassroots union: its employer.
    pub employer_id: Option<i64>,
    /// Whether it is the designated city tripartite office.
    pub city_office: bool,
    /// Whether its region subtree is every region of the city.
    pub whole_city: bool,
}

impl MemberOf {
    /// A union federation (总工会): a union that belongs to no employer.
    pub fn is_federation(&self) -> bool {
        self.kind == OrganizationKind::Union && self.employer_id.is_none()
    }

    /// An office or administration, which acts on its region subtree.
    pub fn is_public_body(&self) -> bool {
        matches!(
            self.kind,
            OrganizationKind::TripartiteOffice | OrganizationKind::LabourAdministration
        )
    }

    /// The city tripartite office, as designated at the first start.
    pub fn is_city_office(&self) -> bool {
        self.city_office
    }
}

impl Viewer {
    pub fn signed_in(&self) -> Option<&SignedIn> {
        match self {
            Viewer::User(user) => Some(user),
            _ => None,
        }
    }

    /// The users this viewer may see.
    pub fn user_scope(&self) -> UserScope {
        match self {
            Viewer::System => UserScope {
                everyone: true,
                ..UserScope::default()
            },
            Viewer::Anonymous => UserScope::default(),
            Viewer::User(user) => UserScope {
                everyone: user
                    .memberships
                    .iter()
                    .any(|m| m.is_city_office() && m.role == Role::Admin),
                own_id: Some(user.user_id),
                organization_ids: user.memberships.iter().map(|m| m.organization_id).collect(),
            },
        }
    }

    /// Whether the viewer may see the members of an organization: its own
    /// members, and whoever may manage them.
    pub fn sees_members_of(&self, organization_id: i64) -> bool {
        let scope = self.user_scope();
        scope.everyone || scope.organization_ids.contains(&organization_id)
    }
}

/// The viewer of the session whose token hashes to `session`, with the
/// instant the session expires; anonymous (and no instant) when there is no
/// live session.
pub async fn resolve(
    conn: &mut Conn<'_>,
    session: &str,
    now: NaiveDateTime,
) -> diesel::QueryResult<(Viewer, Option<NaiveDateTime>)> {
    let Some((user, expires_at)) = storage::user_of_session(conn, session, now).await? else {
        return Ok((Viewer::Anonymous, None));
    };
    let places = storage::membership_places(conn, user.id).await?;
    let memberships = places_to_memberships(conn, places).await?;
    let viewer = Viewer::User(Box::new(SignedIn {
        user_id: user.id,
        login_name: user.login_name,
        session: session.to_owned(),
        language: user.language,
        memberships,
    }));
    Ok((viewer, Some(expires_at)))
}

/// A user as a viewer, without a session: whom the outbox asks whether a
/// recipient may see what an event is about. (Its language is the default;
/// a subscription keeps its session's.)
pub async fn of_user(
    conn: &mut Conn<'_>,
    user_id: i64,
    login_name: String,
) -> diesel::QueryResult<Viewer> {
    let places = storage::membership_places(conn, user_id).await?;
    let memberships = places_to_memberships(conn, places).await?;
    Ok(Viewer::User(Box::new(SignedIn {
        user_id,
        login_name,
        session: String::new(),
        language: Language::default(),
        memberships,
    })))
}

async fn places_to_memberships(
    conn: &mut Conn<'_>,
    places: Vec<MembershipPlace>,
) -> diesel::QueryResult<Vec<MemberOf>> {
    if places.is_empty() {
        return Ok(Vec::new());
    }
    let links = organization_storage::region_links(conn).await?;
    let regions = links.len();
    let children = region_children(links);
    let mut memberships = Vec::with_capacity(places.len());
    for place in places {
        let region_subtree = subtree(&children, place.region_id);
        memberships.push(MemberOf {
            organization_id: place.organization_id,
            role: place.role,
            kind: place.kind,
            region_id: place.region_id,
            whole_city: region_subtree.len() == regions,
            region_subtree,
            ancestors: organization_storage::ancestors(conn, place.parent_id).await?,
            employer_id: place.employer_id,
            city_office: place.city_office,
        });
    }
    Ok(memberships)
}

fn region_children(links: Vec<(i64, Option<i64>)>) -> HashMap<i64, Vec<i64>> {
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    for (id, parent) in links {
        if let Some(parent) = parent {
            children.entry(parent).or_default().push(id);
        }
    }
    children
}

/// A region and every region below it.
fn subtree(children: &HashMap<i64, Vec<i64>>, root: i64) -> Vec<i64> {
    let mut seen = HashSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if seen.insert(id) {
            stack.extend(children.get(&id).into_iter().flatten());
        }
    }
    let mut ids: Vec<i64> = seen.into_iter().collect();
    ids.sort_unstable();
    ids
}

/// The token in an `Authorization` value: `Bearer <token>`, or the bare token.
pub fn bearer(value: &str) -> &str {
    let value = value.trim();
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => value,
    }
}

/// Whether the session behind an `Authorization` value is still live: one
/// lookup, for open sockets that ask again and again.
pub async fn session_alive(
    db: &crate::db::Database,
    clock: &crate::clock::Clock,
    authorization: Option<&str>,
) -> Result<bool, crate::graphql::errors::ApiError> {
    let Some(token) = authorization.map(bearer).filter(|t| !t.is_empty()) else {
        return Ok(false);
    };
    let mut pooled = db.get().await?;
    let live =
        storage::user_of_session(&mut pooled.conn(), &token_hash(token), stored(clock.now()))
            .await?;
    Ok(live.is_some())
}

/// Whether `memberships` oversee every region of the city: an office,
/// administration or federation at the top of the region tree.
pub fn oversees_whole_city(memberships: &[MemberOf]) -> bool {
    memberships
        .iter()
        .any(|m| (m.is_public_body() || m.is_federation()) && m.whole_city)
}

/// The employers `memberships` are of: an employer's own, a grassroots
/// union's employer.
pub fn employers_of(memberships: &[MemberOf]) -> Vec<i64> {
    memberships
        .iter()
        .filter_map(|m| match m.kind {
            OrganizationKind::Employer => Some(m.organization_id),
            _ => m.employer_id,
        })
        .collect()
}

/// The employer associations among `memberships`.
pub fn associations_of(memberships: &[MemberOf]) -> Vec<i64> {
    memberships
        .iter()
        .filter(|m| m.kind == OrganizationKind::EmployerAssociation)
        .map(|m| m.organization_id)
        .collect()
}

/// The regions overseen through `memberships`: the subtrees of the
/// offices, labour administrations and union federations among them.
pub fn overseen_regions(memberships: &[MemberOf]) -> Vec<i64> {
    let mut region_ids: Vec<i64> = memberships
        .iter()
        .filter(|m| m.is_public_body() || m.is_federation())
        .flat_map(|m| m.region_subtree.iter().copied())
        .collect();
    region_ids.sort_unstable();
    region_ids.dedup();
    region_ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_are_taken_with_or_without_the_scheme() {
        assert_eq!(bearer("Bearer abc"), "abc");
        assert_eq!(bearer("bearer  abc "), "abc");
        assert_eq!(bearer("abc"), "abc");
    }

    #[test]
    fn a_subtree_holds_the_root_and_everything_below() {
        let children = region_children(vec![
            (1, None),
            (2, Some(1)),
            (3, Some(1)),
            (4, Some(2)),
            (5, None),
        ]);
        assert_eq!(subtree(&children, 1), [1, 2, 3, 4]);
        assert_eq!(subtree(&children, 2), [2, 4]);
        assert_eq!(subtree(&children, 5), [5]);
    }
}
