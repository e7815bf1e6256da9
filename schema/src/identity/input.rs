//! Mutation inputs of the identity area and their checks.

use async_graphql::{ID, InputObject};

use super::kinds::{Language, Role};
use super::secrets::check_password;
use crate::graphql::errors::{UserErrorCode, UserErrors};

/// Input of `login`.
#[derive(InputObject)]
pub struct LoginInput {
    /// Login name.
    pub login_name: String,
    /// Password.
    #[graphql(secret)]
    pub password: String,
}

/// Input of `logout`.
#[derive(InputObject, Default)]
pub struct LogoutInput {
    /// End every session of the user, not only this one.
    pub everywhere: Option<bool>,
}

/// Input of `changePassword`.
#[derive(InputObject)]
pub struct ChangePasswordInput {
    /// The password in use now.
    #[graphql(secret)]
    pub current_password: String,
    /// The new password: 8 to 128 characters.
    #[graphql(secret)]
    pub new_password: String,
}

/// Input of `createUser`: a new account and its first membership.
#[derive(InputObject)]
pub struct CreateUserInput {
    /// Login name: 3 to 40 lower-case letters, digits, `.`, `_` or `-`.
    pub login_name: String,
    /// Name shown to others.
    pub display_name: String,
    /// Email address for notifications.
    pub email: String,
    /// Phone number.
    pub phone: Option<String>,
    /// Language of emails; `ZH_CN` when omitted.
    pub language: Option<Language>,
    /// Initial password: 8 to 128 characters.
    #[graphql(secret)]
    pub password: String,
    /// The organization the user joins.
    pub organization_id: ID,
    /// The user's role there.
    pub role: Role,
}

/// Input of `updateProfile`: what to change of the signed-in user; an
/// omitted field stays as it is.
#[derive(InputObject, Default)]
pub struct UpdateProfileInput {
    /// Name shown to others: 1 to 50 characters.
    pub display_name: Option<String>,
    /// Email address for notifications.
    pub email: Option<String>,
    /// Phone number, at most 40 characters; an empty one clears it.
    pub phone: Option<String>,
    /// Language of emails and messages.
    pub language: Option<Language>,
}

/// A phone number of at most 40 characters; blank is none (stored empty).
pub fn parse_phone(errors: &mut UserErrors, phone: Option<&str>) -> Option<String> {
    errors
        .keep(crate::graphql::text::optional(&["phone"], phone, 40))
        .map(Option::unwrap_or_default)
}

/// Input of `addMembership`.
#[derive(InputObject)]
pub struct AddMembershipInput {
    /// The organization.
    pub organization_id: ID,
    /// The login name of the user. Unless the city office adds them, the
    /// user is invited and joins by accepting; the answer is the same
    /// whether or not the login name exists.
    pub login_name: String,
    /// The role to give.
    pub role: Role,
}

/// Input of `acceptInvitation` and `declineInvitation`.
#[derive(InputObject)]
pub struct InvitationInput {
    /// The invitation, from `viewer.invitations`.
    pub id: ID,
}

/// Input of `changeMembershipRole`.
#[derive(InputObject)]
pub struct ChangeMembershipRoleInput {
    /// The organization.
    pub organization_id: ID,
    /// The member.
    pub user_id: ID,
    /// The new role.
    pub role: Role,
}

/// Input of `removeMembership`.
#[derive(InputObject)]
pub struct RemoveMembershipInput {
    /// The organization.
    pub organization_id: ID,
    /// The member to remove. The user and their audit history remain.
    pub user_id: ID,
}

/// A login name: lower case, 3 to 40 of `a-z 0-9 . _ -`, starting with a letter or digit.
pub fn check_login_name(name: &str) -> Result<String, String> {
    let name = name.trim().to_lowercase();
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
    if !(3..=40).contains(&name.len()) {
        Err("must have 3 to 40 characters".into())
    } else if !name.chars().all(allowed) || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        Err(
            "may hold only letters, digits, `.`, `_` and `-`, and start with a letter or digit"
                .into(),
        )
    } else {
        Ok(name)
    }
}

/// A plausible email address: something@domain.tld, no spaces.
pub fn check_email(email: &str) -> Result<String, String> {
    let email = email.trim();
    let plausible = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if plausible {
        Ok(email.to_owned())
    } else {
        Err("is not an email address".into())
    }
}

pub fn parse_password(errors: &mut UserErrors, field: &str, password: &str) -> Option<String> {
    errors
        .check(&[field], UserErrorCode::Invalid, check_password(password))
        .map(|()| password.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names_are_lower_case_and_plain() {
        assert_eq!(
            check_login_name(" Office-220100.Admin "),
            Ok("office-220100.admin".into())
        );
        assert!(check_login_name("ab").is_err());
        assert!(check_login_name("-lead").is_err());
        assert!(check_login_name("张三").is_err());
    }

    #[test]
    fn emails_need_a_local_part_and_a_domain() {
        assert!(check_email("wang@changchun.example.cn").is_ok());
        for bad in ["wang", "@x.cn", "wang@localhost", "wang @x.cn", "wang@x."] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }
}
