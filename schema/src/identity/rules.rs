//! Rules of memberships, as pure functions over plain data.

use super::kinds::Role;
use crate::graphql::errors::{UserError, UserErrorCode, refused};

/// How a user named by login joins an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joining {
    /// Added at once: the city office adds any user.
    Added(i64),
    /// Invited: the user joins by accepting. Whether the login exists does
    /// not change the answer, so inviting tells nothing about it.
    Invited,
}

/// What is known of the login name an admin names.
#[derive(Debug, Clone, Copy, Default)]
pub struct Invitee {
    /// The user, when the login exists.
    pub user_id: Option<i64>,
    /// Already a member (the admin sees its members anyway).
    pub member: bool,
    /// Already invited.
    pub invited: bool,
}

/// How `invitee` joins: added by the city office (`by_city_office`), else invited.
pub fn join(by_city_office: bool, invitee: Invitee) -> Result<Joining, Vec<UserError>> {
    if invitee.member {
        return Err(refused(
            "loginName",
            UserErrorCode::Taken,
            "is already a member",
        ));
    }
    match (by_city_office, invitee.user_id) {
        (true, Some(user)) => Ok(Joining::Added(user)),
        (true, None) => Err(refused(
            "loginName",
            UserErrorCode::NotFound,
            "no such user",
        )),
        (false, _) if invitee.invited => Err(refused(
            "loginName",
            UserErrorCode::Taken,
            "is already invited",
        )),
        (false, _) => Ok(Joining::Invited),
    }
}

/// An organization keeps at least one admin: a member whose role goes from
/// `ADMIN` to `new_role` (`None` when leaving) must not be its last.
pub fn keeps_an_admin(
    current: Role,
    new_role: Option<Role>,
    admins: i64,
) -> Result<(), Vec<UserError>> {
    let demoted = current == Role::Admin && new_role != Some(Role::Admin);
    if demoted && admins <= 1 {
        Err(refused(
            "userId",
            UserErrorCode::RuleViolated,
            "an organization keeps at least one admin",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_admin_invites_whether_or_not_the_login_exists() {
        let exists = Invitee {
            user_id: Some(7),
            ..Invitee::default()
        };
        assert_eq!(join(false, exists), Ok(Joining::Invited));
        assert_eq!(join(false, Invitee::default()), Ok(Joining::Invited));
        let invited = Invitee {
            invited: true,
            ..Invitee::default()
        };
        assert_eq!(
            join(false, invited).unwrap_err()[0].message,
            "is already invited"
        );
    }

    #[test]
    fn the_city_office_adds_an_existing_user_at_once() {
        let exists = Invitee {
            user_id: Some(7),
            ..Invitee::default()
        };
        assert_eq!(join(true, exists), Ok(Joining::Added(7)));
        assert_eq!(
            join(true, Invitee::default()).unwrap_err()[0].code,
            UserErrorCode::NotFound
        );
        let member = Invitee {
            member: true,
            ..exists
        };
        assert_eq!(
            join(true, member).unwrap_err()[0].code,
            UserErrorCode::Taken
        );
    }

    #[test]
    fn the_last_admin_stays() {
        assert!(keeps_an_admin(Role::Admin, Some(Role::Viewer), 1).is_err());
        assert!(keeps_an_admin(Role::Admin, None, 1).is_err());
        assert!(keeps_an_admin(Role::Admin, None, 2).is_ok());
        assert!(keeps_an_admin(Role::Officer, None, 1).is_ok());
        assert!(keeps_an_admin(Role::Admin, Some(Role::Admin), 1).is_ok());
    }
}
