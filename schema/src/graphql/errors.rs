//! The boundary error of the GraphQL API.
//!
//! `ApiError` is `Debug` but deliberately not `Display`: async-graphql turns
//! any `Display` error into a client message, so a stray `?` on a diesel
//! error would send SQL to the client. Everything goes through here instead,
//! and an internal cause is logged (with the request's span) and answered
//! with a generic message.

use async_graphql::{ErrorExtensions, SimpleObject};

/// Failures that stop a whole field, answered as GraphQL errors with
/// `extensions.code`.
#[derive(Debug, Clone)]
pub enum ApiError {
    Unauthenticated,
    /// A login with a wrong name or password (answered as UNAUTHENTICATED).
    WrongCredentials,
    Forbidden,
    /// Missing, or hidden from the viewer: the two answer alike.
    NotFound,
    BadUserInput(String),
    /// An `expectedVersion` that is no longer current.
    Conflict {
        current_version: i32,
    },
    /// Too many attempts; refused until this instant.
    RateLimited {
        until: chrono::NaiveDateTime,
    },
    /// Anything else; the cause is logged, never sent.
    Internal(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn internal(cause: impl std::fmt::Debug) -> ApiError {
        ApiError::Internal(format!("{cause:?}"))
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated | ApiError::WrongCredentials => "UNAUTHENTICATED",
            ApiError::Forbidden => "FORBIDDEN",
            ApiError::NotFound => "NOT_FOUND",
            ApiError::BadUserInput(_) => "BAD_USER_INPUT",
            ApiError::Conflict { .. } => "CONFLICT",
            ApiError::RateLimited { .. } => "RATE_LIMITED",
            ApiError::Internal(_) => "INTERNAL_SERVER_ERROR",
        }
    }

    /// The message for the operator's command line: a client's, but an
    /// internal error also says its cause. (Not `Display`: async-graphql
    /// turns every `Display` into a bare error without a code.)
    pub fn sentence(&self) -> String {
        match self {
            ApiError::Internal(cause) => format!("internal error: {cause}"),
            other => other.message(),
        }
    }

    fn message(&self) -> String {
        match self {
            ApiError::Unauthenticated => "Authentication is required".into(),
            ApiError::WrongCredentials => "Wrong login name or password".into(),
            ApiError::Forbidden => "You may not do this".into(),
            ApiError::NotFound => "Not found".into(),
            ApiError::BadUserInput(message) => message.clone(),
            ApiError::Conflict { current_version } => format!(
                "The object was changed by someone else; its current version is {current_version}"
            ),
            ApiError::RateLimited { until } => format!(
                "Too many attempts; try again after {}",
                until
                    .and_utc()
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
            ApiError::Internal(_) => "Internal server error".into(),
        }
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(error: ApiError) -> async_graphql::Error {
        if let ApiError::Internal(cause) = &error {
            tracing::error!(%cause, "internal error answered as INTERNAL_SERVER_ERROR");
        }
        let code = error.code();
        async_graphql::Error::new(error.message()).extend_with(|_, ext| {
            ext.set("code", code);
            match error {
                ApiError::Conflict { current_version } => {
                    ext.set("currentVersion", current_version)
                }
                ApiError::RateLimited { until } => ext.set(
                    "retryAt",
                    until
                        .and_utc()
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                ),
                _ => {}
            }
        })
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> ApiError {
        match error {
            diesel::result::Error::NotFound => ApiError::NotFound,
            other => ApiError::internal(other),
        }
    }
}

impl From<crate::db::CheckoutError> for ApiError {
    fn from(error: crate::db::CheckoutError) -> ApiError {
        ApiError::internal(error)
    }
}

/// What a user error is about, so that clients can act on it without
/// parsing the message.
#[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserErrorCode {
    /// A required value is missing or blank.
    Required,
    /// The value does not have the expected form.
    Invalid,
    /// The value is too long or out of range.
    OutOfRange,
    /// Another object already uses this value.
    Taken,
    /// The referenced object does not exist or is not visible.
    NotFound,
    /// The value contradicts a rule of the domain.
    RuleViolated,
}

/// A problem with the input of a mutation. Nothing was stored.
#[derive(SimpleObject, Debug, Clone, PartialEq, Eq)]
#[graphql(complex)]
pub struct UserError {
    /// Path to the input field, starting below `input`, e.g. `["employerProfile", "creditCode"]`.
    pub field: Vec<String>,
    /// The explanation in English, the code's language.
    #[graphql(skip)]
    pub message: String,
    /// A machine-readable category.
    pub code: UserErrorCode,
}

#[async_graphql::ComplexObject]
impl UserError {
    /// A human-readable explanation, in the caller's language.
    #[graphql(name = "message")]
    async fn translated(&self, ctx: &async_graphql::Context<'_>) -> String {
        crate::i18n::message(&self.message, crate::i18n::language(ctx)).into_owned()
    }
}

impl UserError {
    pub fn new(field: &[&str], code: UserErrorCode, message: impl Into<String>) -> UserError {
        UserError {
            field: field.iter().map(|f| (*f).to_owned()).collect(),
            message: message.into(),
            code,
        }
    }
}

/// Collects user errors while an input is checked field by field.
#[derive(Debug, Default)]
pub struct UserErrors(Vec<UserError>);

impl UserErrors {
    pub fn push(&mut self, field: &[&str], code: UserErrorCode, message: impl Into<String>) {
        self.0.push(UserError::new(field, code, message));
    }

    /// Keeps the value of a check, or records its error under `field`.
    pub fn check<T, E: std::fmt::Display>(
        &mut self,
        field: &[&str],
        code: UserErrorCode,
        result: Result<T, E>,
    ) -> Option<T> {
        result
            .map_err(|e| self.push(field, code, e.to_string()))
            .ok()
    }

    /// Keeps a checked value, or records its user error.
    pub fn keep<T>(&mut self, result: Result<T, UserError>) -> Option<T> {
        result.map_err(|e| self.0.push(e)).ok()
    }

    /// Keeps a value checked as a whole, or records all its user errors.
    pub fn keep_all<T>(&mut self, result: Result<T, Vec<UserError>>) -> Option<T> {
        result.map_err(|e| self.0.extend(e)).ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<UserError> {
        self.0
    }
}

/// A rule's refusal: one user error on one field.
pub fn refused(field: &str, code: UserErrorCode, message: impl Into<String>) -> Vec<UserError> {
    vec![UserError::new(&[field], code, message)]
}

/// A user error on one field, ending the transaction.
pub fn refuse(field: &str, code: UserErrorCode, message: &str) -> TxError {
    vec![UserError::new(&[field], code, message)].into()
}

/// CONFLICT when an object is no longer at the `expected` version.
pub fn check_version(current: i32, expected: i32) -> Result<(), ApiError> {
    if current == expected {
        Ok(())
    } else {
        Err(ApiError::Conflict {
            current_version: current,
        })
    }
}

/// The outcome of a mutation inside its transaction: either the changed
/// object, or user errors (and a rolled-back transaction).
pub enum Outcome<T> {
    Done(T),
    Rejected(Vec<UserError>),
}

/// Lets a transaction body bail out with user errors so that nothing is kept.
#[derive(Debug)]
pub enum TxError {
    Rejected(Vec<UserError>),
    Api(ApiError),
}

impl TxError {
    /// The user errors as `field: message` lines, or the error's sentence
    /// (see [`ApiError::sentence`]).
    pub fn sentence(&self) -> String {
        match self {
            TxError::Api(error) => error.sentence(),
            TxError::Rejected(errors) => errors
                .iter()
                .map(|e| format!("{}: {}", e.field.join("."), e.message))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The error outside a mutation (the scheduler, the demo), where user
    /// errors would be a defect.
    pub fn into_api(self) -> ApiError {
        match self {
            TxError::Api(error) => error,
            TxError::Rejected(errors) => ApiError::internal(errors),
        }
    }
}

impl From<diesel::result::Error> for TxError {
    fn from(error: diesel::result::Error) -> TxError {
        TxError::Api(error.into())
    }
}

impl From<ApiError> for TxError {
    fn from(error: ApiError) -> TxError {
        TxError::Api(error)
    }
}

impl From<Vec<UserError>> for TxError {
    fn from(errors: Vec<UserError>) -> TxError {
        TxError::Rejected(errors)
    }
}

impl<T> Outcome<T> {
    /// The same outcome over another value (a part's record, say).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Outcome<U> {
        match self {
            Outcome::Done(value) => Outcome::Done(f(value)),
            Outcome::Rejected(errors) => Outcome::Rejected(errors),
        }
    }

    /// Turns a transaction's result into an outcome: user errors become a
    /// rejection, anything else stays an error.
    pub fn of(result: Result<T, TxError>) -> ApiResult<Outcome<T>> {
        match result {
            Ok(value) => Ok(Outcome::Done(value)),
            Err(TxError::Rejected(errors)) => Ok(Outcome::Rejected(errors)),
            Err(TxError::Api(error)) => Err(error),
        }
    }
}
