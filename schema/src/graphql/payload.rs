//! Mutation payloads: the changed object, or the user errors that refused
//! the input. One macro declares them for every area.

/// Declares payload types whose object field is `$field: Option<$object>`,
/// built from a mutation's outcome over `$row` by `$make` (the object's
/// tuple constructor unless given).
#[macro_export]
macro_rules! payloads {
    ($field:ident: $object:ident($row:path) = $make:path, $doc:literal; $($(#[$meta:meta])* $name:ident),* $(,)?) => {$(
        $(#[$meta])*
        #[derive(async_graphql::SimpleObject)]
        pub struct $name {
            #[doc = $doc]
            pub $field: Option<$object>,
            /// Why the input was refused; empty on success.
            pub user_errors: Vec<$crate::graphql::errors::UserError>,
        }

        impl $name {
            /// The payload of a mutation's outcome.
            pub fn from_outcome(
                result: $crate::graphql::errors::ApiResult<$crate::graphql::errors::Outcome<$row>>,
            ) -> $crate::graphql::errors::ApiResult<$name> {
                use $crate::graphql::errors::Outcome;
                Ok(match result? {
                    Outcome::Done(row) => $name { $field: Some($make(row)), user_errors: vec![] },
                    Outcome::Rejected(user_errors) => $name { $field: None, user_errors },
                })
            }
        }
    )*};
    ($field:ident: $object:ident($row:path), $doc:literal; $($(#[$meta:meta])* $name:ident),* $(,)?) => {
        $crate::payloads!($field: $object($row) = $object, $doc; $($(#[$meta])* $name),*);
    };
}
