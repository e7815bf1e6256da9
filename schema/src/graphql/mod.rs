//! GraphQL plumbing shared by every area: ids, connections, errors, limits
//! and the `Node` interface.

pub mod api;
pub mod bounds;
pub mod connection;
pub mod date;
pub mod errors;
pub mod ids;
pub mod limits;
pub mod node;
pub mod payload;
pub mod text;

/// A setting after an input that leaves it (undefined), clears it (null)
/// or sets it.
pub fn updated<T: Copy>(input: &async_graphql::MaybeUndefined<T>, was: Option<T>) -> Option<T> {
    match input {
        async_graphql::MaybeUndefined::Undefined => was,
        async_graphql::MaybeUndefined::Null => None,
        async_graphql::MaybeUndefined::Value(value) => Some(*value),
    }
}
