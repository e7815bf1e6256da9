//! The published contract is valid GraphQL: it parses, and every type,
//! field, argument and enum value has a name GraphQL allows (letters,
//! digits and underscores, not starting with a digit), so code generators,
//! editors and GraphiQL can read it.

use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

fn is_graphql_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Every name the document defines that is not a valid GraphQL name.
fn invalid_names(sdl: &str) -> Vec<String> {
    let document = parse_schema(sdl).unwrap_or_else(|e| panic!("not valid GraphQL: {e}"));
    let mut names = Vec::new();
    for definition in &document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let ty = &ty.node;
        names.push(ty.name.node.to_string());
        match &ty.kind {
            TypeKind::Enum(e) => {
                names.extend(e.values.iter().map(|v| v.node.value.node.to_string()))
            }
            TypeKind::Object(o) => {
                for field in &o.fields {
                    names.push(field.node.name.node.to_string());
                    names.extend(
                        field
                            .node
                            .arguments
                            .iter()
                            .map(|a| a.node.name.node.to_string()),
                    );
                }
            }
            TypeKind::InputObject(i) => {
                names.extend(i.fields.iter().map(|f| f.node.name.node.to_string()))
            }
            _ => {}
        }
    }
    names.into_iter().filter(|n| !is_graphql_name(n)).collect()
}

#[test]
fn the_printed_schema_has_only_valid_graphql_names() {
    assert_eq!(invalid_names(&xieshang_schema::sdl()), Vec::<String>::new());
}

#[test]
fn the_published_schema_file_parses_with_only_valid_graphql_names() {
    let published =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql")).unwrap();
    assert_eq!(invalid_names(&published), Vec::<String>::new());
}

#[test]
fn a_hyphen_in_an_enum_value_is_caught() {
    let sdl = "enum Language { ZH_CN EN }";
    assert!(invalid_names(sdl).is_empty());
    assert!(!is_graphql_name("zh-CN"));
    assert!(!is_graphql_name("2X"));
}
