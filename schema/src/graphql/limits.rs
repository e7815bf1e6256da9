//! Limits on what one GraphQL document may ask for, checked by a cheap pass
//! before async-graphql looks at the document. Its recursion-depth and
//! directive checks and its validation all expand fragment spreads without
//! memoising them, and spend seconds on a small document whose fragments
//! spread each other (2^24 fields from 25 lines took 22 s); this pass counts
//! the expansion with memoised fragment costs, so it stays linear in the
//! document's size.

use std::collections::HashMap;

use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, OperationType, Selection, SelectionSet,
};
use async_graphql::registry::{MetaTypeName, Registry};
use async_graphql::{
    ErrorExtensionValues, Name, Positioned, Request, ServerError, ServerResult, Variables,
};
use async_graphql_value::{ConstValue, Value};

use super::connection::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

/// The limits of one document, and of a request.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Nesting of selections.
    pub max_depth: usize,
    /// Fields after expanding every fragment spread.
    pub max_fields: usize,
    /// async-graphql's complexity (one per field).
    pub max_complexity: usize,
    pub max_aliases: usize,
    pub max_directives: usize,
    /// Nesting of brackets in the raw text, checked before parsing.
    pub max_nesting: usize,
    /// Operations in one batched HTTP request.
    pub max_batch: usize,
    /// Objects a document may ask for, counting each connection at its page
    /// size and each plain list at [`LIST_SIZE`] (see [`RowCost`]).
    pub max_rows: u64,
    /// Items in any one list value of a request.
    pub max_list_items: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_depth: 12,
            max_fields: 2_000,
            max_complexity: 2_000,
            max_aliases: 100,
            max_directives: 50,
            max_nesting: 64,
            max_batch: 10,
            max_rows: 100_000,
            max_list_items: 1_000,
        }
    }
}

/// Nesting allowed inside `__schema` and `__type`: the standard
/// introspection query of graphql-js nests 15 levels (its type references
/// go 9 `ofType` deep), and what an introspection field reaches is the
/// schema's own small, finite description, not data.
pub const INTROSPECTION_DEPTH: usize = 20;

/// The introspection fields at the root of a query.
const INTROSPECTION: [&str; 2] = ["__schema", "__type"];

/// The code every limit refusal carries.
pub const LIMIT_CODE: &str = "QUERY_TOO_COMPLEX";

/// What a document expands to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    pub fields: u64,
    pub aliases: u64,
    pub directives: u64,
    /// Nesting of selections, an introspection field counting as one.
    pub depth: u64,
    /// Nesting within introspection fields.
    pub introspection_depth: u64,
}

impl Cost {
    fn add(self, other: Cost) -> Cost {
        Cost {
            fields: self.fields.saturating_add(other.fields),
            aliases: self.aliases.saturating_add(other.aliases),
            directives: self.directives.saturating_add(other.directives),
            depth: self.depth.max(other.depth),
            introspection_depth: self.introspection_depth.max(other.introspection_depth),
        }
    }

    const UNBOUNDED: Cost = Cost {
        fields: u64::MAX,
        aliases: 0,
        directives: 0,
        depth: u64::MAX,
        introspection_depth: u64::MAX,
    };
}

/// The cost of every operation in the document together.
pub fn document_cost(document: &ExecutableDocument) -> Cost {
    let mut walker = Walker {
        fragments: &document.fragments,
        memo: HashMap::new(),
    };
    document
        .operations
        .iter()
        .map(|(_, op)| {
            let own = Cost {
                directives: op.node.directives.len() as u64,
                ..Cost::default()
            };
            own.add(walker.selection_set(&op.node.selection_set.node))
        })
        .fold(Cost::default(), Cost::add)
}

struct Walker<'a> {
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    /// `None` while a fragment is being costed, so a cycle is caught.
    memo: HashMap<&'a str, Option<Cost>>,
}

impl<'a> Walker<'a> {
    fn selection_set(&mut self, set: &'a SelectionSet) -> Cost {
        set.items
            .iter()
            .map(|item| self.selection(&item.node))
            .fold(Cost::default(), Cost::add)
    }

    fn selection(&mut self, selection: &'a Selection) -> Cost {
        match selection {
            Selection::Field(field) => {
                let field = &field.node;
                let inner = self.selection_set(&field.selection_set.node);
                let (depth, introspection_depth) =
                    if INTROSPECTION.contains(&field.name.node.as_str()) {
                        let within = inner.depth.max(inner.introspection_depth);
                        (1, within.saturating_add(1))
                    } else {
                        (inner.depth.saturating_add(1), inner.introspection_depth)
                    };
                Cost {
                    fields: inner.fields.saturating_add(1),
                    aliases: inner
                        .aliases
                        .saturating_add(u64::from(field.alias.is_some())),
                    directives: inner
                        .directives
                        .saturating_add(field.directives.len() as u64),
                    depth,
                    introspection_depth,
                }
            }
            Selection::InlineFragment(fragment) => {
                let own = Cost {
                    directives: fragment.node.directives.len() as u64,
                    ..Cost::default()
                };
                own.add(self.selection_set(&fragment.node.selection_set.node))
            }
            Selection::FragmentSpread(spread) => {
                let own = Cost {
                    directives: spread.node.directives.len() as u64,
                    ..Cost::default()
                };
                own.add(self.fragment(spread.node.fragment_name.node.as_str()))
            }
        }
    }

    fn fragment(&mut self, name: &'a str) -> Cost {
        match self.memo.get(name) {
            Some(Some(cost)) => return *cost,
            Some(None) => return Cost::UNBOUNDED,
            None => {}
        }
        // An unknown fragment costs nothing here; validation reports it.
        let Some((key, definition)) = self.fragments.get_key_value(name) else {
            return Cost::default();
        };
        self.memo.insert(key.as_str(), None);
        let own = Cost {
            directives: definition.node.directives.len() as u64,
            ..Cost::default()
        };
        let cost = own.add(self.selection_set(&definition.node.selection_set.node));
        self.memo.insert(key.as_str(), Some(cost));
        cost
    }
}

/// What a plain list field (not a connection) is counted as: its largest
/// plausible size, since nothing pages it.
pub const LIST_SIZE: u64 = 50;

/// How many objects a document may produce, from the schema: every field
/// counts once per parent object; a connection multiplies what it selects by
/// its page size (`first`/`last`, else the default page; at most the cap),
/// and a plain list field by [`LIST_SIZE`]; the lists inside a connection
/// (`edges`, `nodes`) are its page, counted once.
pub struct RowCost<'a> {
    registry: &'a Registry,
    variables: &'a Variables,
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    /// `None` while a fragment is being costed, so a cycle is caught.
    memo: HashMap<&'a str, Option<u64>>,
}

impl<'a> RowCost<'a> {
    pub fn of(
        document: &'a ExecutableDocument,
        registry: &'a Registry,
        variables: &'a Variables,
    ) -> u64 {
        let mut walker = RowCost {
            registry,
            variables,
            fragments: &document.fragments,
            memo: HashMap::new(),
        };
        document
            .operations
            .iter()
            .map(|(_, op)| {
                let root = match op.node.ty {
                    OperationType::Query => Some(registry.query_type.as_str()),
                    OperationType::Mutation => registry.mutation_type.as_deref(),
                    OperationType::Subscription => registry.subscription_type.as_deref(),
                };
                root.map_or(0, |root| walker.set(root, &op.node.selection_set.node))
            })
            .fold(0, u64::saturating_add)
    }

    fn set(&mut self, type_name: &str, set: &'a SelectionSet) -> u64 {
        set.items
            .iter()
            .map(|item| self.selection(type_name, &item.node))
            .fold(0, u64::saturating_add)
    }

    fn page(&self, value: &Value) -> Option<u64> {
        let number = match value {
            Value::Number(n) => n.as_u64(),
            Value::Variable(name) => match self.variables.get(name) {
                Some(ConstValue::Number(n)) => n.as_u64(),
                _ => None,
            },
            _ => None,
        };
        number.map(|n| n.min(MAX_PAGE_SIZE as u64))
    }

    fn selection(&mut self, type_name: &str, selection: &'a Selection) -> u64 {
        match selection {
            // The schema's description is as large as the schema, not the data.
            Selection::Field(field) if INTROSPECTION.contains(&field.node.name.node.as_str()) => 1,
            Selection::Field(field) => {
                let field = &field.node;
                let meta = self
                    .registry
                    .types
                    .get(type_name)
                    .and_then(|t| t.field_by_name(field.name.node.as_str()));
                let Some(meta) = meta else { return 1 };
                let child = MetaTypeName::concrete_typename(&meta.ty);
                let paged = ["first", "last"].iter().any(|a| meta.args.contains_key(*a));
                let factor = if paged {
                    field
                        .arguments
                        .iter()
                        .filter(|(name, _)| ["first", "last"].contains(&name.node.as_str()))
                        .find_map(|(_, value)| self.page(&value.node))
                        .unwrap_or(DEFAULT_PAGE_SIZE as u64)
                } else if meta.ty.starts_with('[') && !type_name.ends_with("Connection") {
                    LIST_SIZE
                } else {
                    1
                };
                let inner = self.set(child, &field.selection_set.node);
                factor.saturating_mul(inner).saturating_add(1)
            }
            Selection::InlineFragment(fragment) => {
                let on = fragment
                    .node
                    .type_condition
                    .as_ref()
                    .map_or(type_name, |c| c.node.on.node.as_str());
                let on = on.to_owned();
                self.set(&on, &fragment.node.selection_set.node)
            }
            Selection::FragmentSpread(spread) => {
                self.fragment(spread.node.fragment_name.node.as_str())
            }
        }
    }

    fn fragment(&mut self, name: &'a str) -> u64 {
        match self.memo.get(name) {
            Some(Some(cost)) => return *cost,
            Some(None) => return u64::MAX,
            None => {}
        }
        let Some((key, definition)) = self.fragments.get_key_value(name) else {
            return 0;
        };
        self.memo.insert(key.as_str(), None);
        let on = definition.node.type_condition.node.on.node.as_str();
        let cost = self.set(on, &definition.node.selection_set.node);
        self.memo.insert(key.as_str(), Some(cost));
        cost
    }
}

/// What is wrong with a value of the request whatever its field: a text
/// holding a NUL character (PostgreSQL refuses it in text), or a list of
/// more than `max_items` (every list input is bounded; a longer one would
/// also outgrow the database's limit of bound parameters). Names the
/// variable or the argument, with the path inside it.
pub fn flaw_in_request(
    document: &ExecutableDocument,
    variables: &Variables,
    max_items: usize,
) -> Option<String> {
    fn in_value(value: &ConstValue, max_items: usize, at: String) -> Option<String> {
        match value {
            ConstValue::String(text) if text.contains('\0') => {
                Some(format!("{at}: a text must not hold a NUL character"))
            }
            ConstValue::List(items) if items.len() > max_items => Some(format!(
                "{at}: a list of {} items, more than the limit of {max_items}",
                items.len()
            )),
            ConstValue::List(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| in_value(item, max_items, format!("{at}[{i}]"))),
            ConstValue::Object(fields) => fields
                .iter()
                .find_map(|(name, item)| in_value(item, max_items, format!("{at}.{name}"))),
            _ => None,
        }
    }
    fn in_set(set: &SelectionSet, max_items: usize) -> Option<String> {
        set.items.iter().find_map(|item| match &item.node {
            Selection::Field(field) => field
                .node
                .arguments
                .iter()
                .find_map(|(name, value)| {
                    // A variable inside a literal is checked as a variable.
                    let value = value
                        .node
                        .clone()
                        .into_const_with(|_| Ok::<_, std::convert::Infallible>(ConstValue::Null));
                    let at = format!("{}.{}", field.node.name.node, name.node);
                    in_value(&value.ok()?, max_items, at)
                })
                .or_else(|| in_set(&field.node.selection_set.node, max_items)),
            Selection::InlineFragment(fragment) => {
                in_set(&fragment.node.selection_set.node, max_items)
            }
            Selection::FragmentSpread(_) => None,
        })
    }
    variables
        .iter()
        .find_map(|(name, value)| in_value(value, max_items, format!("${name}")))
        .or_else(|| {
            document
                .operations
                .iter()
                .find_map(|(_, op)| in_set(&op.node.selection_set.node, max_items))
        })
        .or_else(|| {
            document
                .fragments
                .values()
                .find_map(|f| in_set(&f.node.selection_set.node, max_items))
        })
}

/// The deepest nesting of `{`, `(` and `[` outside strings and comments.
pub fn bracket_nesting(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '{' | '(' | '[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            '}' | ')' | ']' => depth = depth.saturating_sub(1),
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    match (escaped, c) {
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        _ => escaped = false,
                    }
                }
            }
            _ => {}
        }
    }
    deepest
}

/// Checks a document against the limits, naming the first one exceeded.
pub fn check(limits: &Limits, cost: Cost) -> Result<(), String> {
    let over = |what: &str, value: u64, max: usize| {
        (value > max as u64).then(|| format!("The document exceeds the limit of {max} {what}"))
    };
    let failure = over("selection depth", cost.depth, limits.max_depth)
        .or_else(|| {
            over(
                "selection depth within introspection",
                cost.introspection_depth,
                INTROSPECTION_DEPTH,
            )
        })
        .or_else(|| {
            over(
                "fields after expanding fragments",
                cost.fields,
                limits.max_fields,
            )
        })
        .or_else(|| over("aliases", cost.aliases, limits.max_aliases))
        .or_else(|| over("directives", cost.directives, limits.max_directives));
    failure.map_or(Ok(()), Err)
}

/// A refusal of the document, with the limit's code.
pub fn refusal(message: String) -> ServerError {
    coded(message, LIMIT_CODE)
}

/// A refusal of the request's values, before anything runs.
fn bad_input(message: String) -> ServerError {
    coded(message, "BAD_USER_INPUT")
}

fn coded(message: String, code: &str) -> ServerError {
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code);
    let mut error = ServerError::new(message, None);
    error.extensions = Some(extensions);
    error
}

/// A document of the kind these limits exist for: `{ ...F0 }` where each of
/// `levels` fragments spreads the next one twice, expanding to `2^levels`
/// fields. Used by tests and load tests.
pub fn fragment_bomb(levels: usize) -> String {
    let mut doc = String::from("query { ...F0 }\n");
    for i in 0..levels {
        doc.push_str(&format!(
            "fragment F{i} on Query {{ ...F{n} ...F{n} }}\n",
            n = i + 1
        ));
    }
    doc.push_str(&format!("fragment F{levels} on Query {{ __typename }}\n"));
    doc
}

/// The refusal of a document that nests deeper than the limits allow,
/// checked on the text before anything parses it.
pub fn too_deep(limits: &Limits, query: &str) -> Option<ServerError> {
    (bracket_nesting(query) > limits.max_nesting).then(|| {
        refusal(format!(
            "The document nests deeper than {} levels",
            limits.max_nesting
        ))
    })
}

/// Applies `limits` to `request` before validation, parsing its document
/// once and leaving it in the request, so that async-graphql never walks a
/// document this pass has not bounded. A document that does not parse goes
/// on as it is, for async-graphql to report.
pub fn screen(limits: &Limits, registry: &Registry, request: &mut Request) -> ServerResult<()> {
    if let Some(refused) = too_deep(limits, &request.query) {
        return Err(refused);
    }
    // The variables step aside while the document is borrowed.
    let variables = std::mem::take(&mut request.variables);
    let verdict = match request.parsed_query() {
        Ok(document) => judge(limits, registry, document, &variables),
        Err(_) => Ok(()),
    };
    request.variables = variables;
    verdict
}

fn judge(
    limits: &Limits,
    registry: &Registry,
    document: &ExecutableDocument,
    variables: &Variables,
) -> ServerResult<()> {
    check(limits, document_cost(document)).map_err(refusal)?;
    let rows = RowCost::of(document, registry, variables);
    if rows > limits.max_rows {
        let mut error = refusal(format!(
            "The document may ask for {rows} objects, more than the limit of {}",
            limits.max_rows
        ));
        if let Some(extensions) = error.extensions.as_mut() {
            extensions.set("cost", rows);
        }
        return Err(error);
    }
    match flaw_in_request(document, variables, limits.max_list_items) {
        Some(message) => Err(bad_input(message)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(query: &str) -> Cost {
        document_cost(&async_graphql::parser::parse_query(query).unwrap())
    }

    #[test]
    fn introspection_nests_deeper_than_ordinary_documents() {
        let standard = cost(include_str!("../../../tests/e2e/introspection.graphql"));
        assert_eq!((standard.depth, standard.introspection_depth), (1, 15));
        assert_eq!(check(&Limits::default(), standard), Ok(()));
        let ordinary = cost(&format!("{}{}", "{ a ".repeat(13), "}".repeat(13)));
        assert_eq!(
            check(&Limits::default(), ordinary),
            Err("The document exceeds the limit of 12 selection depth".into())
        );
        // Below an ordinary field, `__type` counts one and nests on its own.
        let nested = cost(r#"{ a { b { __type(name: "X") { ofType { ofType { name } } } } } }"#);
        assert_eq!((nested.depth, nested.introspection_depth), (3, 4));
        let too_deep = format!(
            "{{ __schema {{ {}name{} }} }}",
            "types { ".repeat(20),
            "}".repeat(20)
        );
        assert!(check(&Limits::default(), cost(&too_deep)).is_err());
    }

    #[test]
    fn a_nul_or_an_overlong_list_anywhere_in_the_values_is_found() {
        let document = async_graphql::parser::parse_query(
            r#"mutation($v: String) { a(input: { name: "x" }) { id } b(input: { list: ["ok", "bad\u0000"] }) { id } }"#,
        )
        .unwrap();
        assert_eq!(
            flaw_in_request(&document, &Variables::default(), 10).as_deref(),
            Some("b.input.list[1]: a text must not hold a NUL character")
        );
        let clean =
            async_graphql::parser::parse_query("query($v: String) { a(x: $v) { id } }").unwrap();
        let variables = Variables::from_json(serde_json::json!({ "v": { "deep": ["a\u{0}"] } }));
        assert_eq!(
            flaw_in_request(&clean, &variables, 10).as_deref(),
            Some("$v.deep[0]: a text must not hold a NUL character")
        );
        assert_eq!(flaw_in_request(&clean, &Variables::default(), 10), None);
        let long = Variables::from_json(serde_json::json!({ "v": { "ids": vec!["x"; 11] } }));
        assert_eq!(
            flaw_in_request(&clean, &long, 10).as_deref(),
            Some("$v.ids: a list of 11 items, more than the limit of 10")
        );
        let short = Variables::from_json(serde_json::json!({ "v": { "ids": vec!["x"; 10] } }));
        assert_eq!(flaw_in_request(&clean, &short, 10), None);
        let literal = format!("{{ a(kinds: [{}]) {{ id }} }}", ["A"; 11].join(", "));
        let literal = async_graphql::parser::parse_query(literal).unwrap();
        assert_eq!(
            flaw_in_request(&literal, &Variables::default(), 10).as_deref(),
            Some("a.kinds: a list of 11 items, more than the limit of 10")
        );
    }

    #[test]
    fn fields_are_counted_with_fragments_expanded() {
        let c = cost("{ a b { c d } ...F } fragment F on Query { e f }");
        assert_eq!(c.fields, 6);
        assert_eq!(c.depth, 2);
        assert_eq!(cost(&fragment_bomb(10)).fields, 1024);
    }

    #[test]
    fn a_fragment_bomb_is_refused_by_the_limits() {
        let c = cost(&fragment_bomb(60));
        assert_eq!(c.fields, 1u64 << 60);
        let message = check(&Limits::default(), c).unwrap_err();
        assert!(message.contains("fields"), "{message}");
    }

    #[test]
    fn cyclic_fragments_do_not_loop() {
        let c = cost("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }");
        assert!(check(&Limits::default(), c).is_err());
    }

    #[test]
    fn aliases_and_directives_are_counted() {
        let c = cost("{ a: x @skip(if: false) b: x c: x @include(if: true) }");
        assert_eq!((c.aliases, c.directives), (3, 2));
    }

    #[test]
    fn nesting_ignores_brackets_in_strings_and_comments() {
        assert_eq!(
            bracket_nesting(
                r#"{ a(b: "{{{\"{") # {{{{
            { c } }"#
            ),
            2
        );
    }
}
