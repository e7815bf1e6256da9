//! Messages and enum values in the caller's language.
//!
//! The code writes its messages in English, the source language; the
//! catalogues here give the Chinese. A message is translated when it leaves
//! the server (a user error's `message`, a top-level error's), so that rules
//! stay pure and codes and fields never change. `messages.tsv` pairs each
//! English message with its Chinese: the English as the code writes it,
//! `{…}` standing for an interpolated value, and the Chinese with `%1`,
//! `%2`… for those values in order. A value that is itself a message or an
//! enum value is translated too. `enums.tsv` gives every enum value of the
//! API a Chinese and an English label, which clients read from the
//! `enumLabels` query instead of hard-coding them.
//!
//! The caller's language is a signed-in user's choice (`User.language`);
//! for anyone else, the first of Chinese and English in `Accept-Language`;
//! Chinese by default.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use async_graphql::{Context, Object, SimpleObject};

use crate::identity::Viewer;
pub use crate::identity::kinds::Language;

/// The language of a request: a signed-in user's choice, else the one
/// `Accept-Language` prefers, else Chinese.
pub fn choose(viewer: &Viewer, accept_language: Option<&str>) -> Language {
    match viewer.signed_in() {
        Some(user) => user.language,
        None => accept_language.and_then(preferred).unwrap_or_default(),
    }
}

/// Of Chinese and English, the one an `Accept-Language` header prefers
/// (by its weights, then its order); `None` when it names neither.
pub fn preferred(accept_language: &str) -> Option<Language> {
    let mut best: Option<(f32, Language)> = None;
    for range in accept_language.split(',') {
        let mut parts = range.split(';');
        let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let weight = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        let language = match primary {
            "zh" => Language::ZhCn,
            "en" => Language::En,
            _ => continue,
        };
        if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, language));
        }
    }
    best.map(|(_, language)| language)
}

/// The language of the request in `ctx` (Chinese when none was set).
pub fn language(ctx: &Context<'_>) -> Language {
    ctx.data_opt::<Language>().copied().unwrap_or_default()
}

/// The language of a request's (or a websocket's) data, when one was set.
pub fn language_in(data: &async_graphql::Data) -> Option<Language> {
    data.get(&std::any::TypeId::of::<Language>())
        .and_then(|value| value.downcast_ref::<Language>())
        .copied()
}

/// A message of the code in `language`. A message the catalogue lacks is a
/// defect: tests (debug builds) stop at it; a release build logs it and
/// answers in English.
pub fn message(text: &str, language: Language) -> Cow<'_, str> {
    if language == Language::En {
        return Cow::Borrowed(text);
    }
    match CATALOGUE.chinese(text, 0) {
        Some(chinese) => Cow::Owned(chinese),
        None => {
            if cfg!(debug_assertions) {
                panic!(
                    "no Chinese for the message {text:?}: add it to schema/src/i18n/messages.tsv"
                );
            }
            tracing::warn!(message = text, "a message without its Chinese");
            Cow::Borrowed(text)
        }
    }
}

/// Top-level errors in `language`: ours are translated; the GraphQL
/// library's own (a parse or validation error) stay as they are.
pub fn errors(errors: &mut [async_graphql::ServerError], language: Language) {
    if language == Language::En {
        return;
    }
    for error in errors {
        if let Some(chinese) = CATALOGUE.chinese(&error.message, 0) {
            error.message = chinese;
        }
    }
}

/// The label of an enum value (by its GraphQL names) in `language`.
pub fn label(enumeration: &str, value: &str, language: Language) -> Option<&'static str> {
    CATALOGUE
        .labels
        .get(&(enumeration, value))
        .map(|(zh, en)| if language == Language::En { *en } else { *zh })
}

/// The English and Chinese of every message.
static CATALOGUE: LazyLock<Catalogue> =
    LazyLock::new(|| Catalogue::parse(include_str!("messages.tsv"), include_str!("enums.tsv")));

struct Catalogue {
    /// Messages without interpolated values.
    exact: HashMap<&'static str, &'static str>,
    /// Messages with values, the most specific (longest fixed text) first.
    patterns: Vec<Pattern>,
    /// `(enum, value)` → (Chinese, English).
    labels: HashMap<(&'static str, &'static str), (&'static str, &'static str)>,
    /// An enum value's Chinese label, by the value alone, for values
    /// interpolated into messages.
    values: HashMap<&'static str, &'static str>,
}

/// An English message with values: its fixed texts around the values.
struct Pattern {
    fixed: Vec<&'static str>,
    chinese: &'static str,
}

impl Pattern {
    fn of(english: &'static str, chinese: &'static str) -> Pattern {
        Pattern {
            fixed: fixed_texts(english),
            chinese,
        }
    }

    /// The values of `text` when it is this message.
    fn values<'t>(&self, text: &'t str) -> Option<Vec<&'t str>> {
        let (first, rest) = self.fixed.split_first()?;
        let (last, middle) = rest.split_last()?;
        let mut left = text.strip_prefix(first)?;
        let mut values = Vec::with_capacity(rest.len());
        for fixed in middle {
            let at = left.find(fixed)?;
            values.push(&left[..at]);
            left = &left[at + fixed.len()..];
        }
        values.push(left.strip_suffix(last)?);
        Some(values)
    }

    fn weight(&self) -> usize {
        self.fixed.iter().map(|f| f.len()).sum()
    }
}

/// The fixed texts of an English message around its `{…}` values.
fn fixed_texts(english: &str) -> Vec<&str> {
    let mut fixed = Vec::new();
    let mut rest = english;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        fixed.push(&rest[..open]);
        rest = &rest[open + close + 1..];
    }
    fixed.push(rest);
    fixed
}

impl Catalogue {
    fn parse(messages: &'static str, enums: &'static str) -> Catalogue {
        let mut exact = HashMap::new();
        let mut patterns = Vec::new();
        for (english, chinese) in rows(messages).filter_map(|row| Some((row[0], *row.get(1)?))) {
            if english.contains('{') {
                patterns.push(Pattern::of(english, chinese));
            } else {
                exact.insert(english, chinese);
            }
        }
        patterns.sort_by_key(|p| std::cmp::Reverse(p.weight()));
        let mut labels = HashMap::new();
        for row in rows(enums) {
            let (Some((enumeration, value)), Some(zh), Some(en)) =
                (row[0].split_once('.'), row.get(1), row.get(2))
            else {
                continue;
            };
            labels.insert((enumeration, value), (*zh, *en));
        }
        // A status in a message reads as its status's label: statuses
        // first, then the other enums, each value taking its first label.
        let mut values = HashMap::new();
        let mut sorted: Vec<_> = labels.iter().collect();
        sorted.sort_by_key(|((enumeration, value), _)| {
            (!enumeration.ends_with("Status"), *enumeration, *value)
        });
        for ((_, value), (zh, _)) in sorted {
            values.entry(*value).or_insert(*zh);
        }
        Catalogue {
            exact,
            patterns,
            labels,
            values,
        }
    }

    /// The Chinese of an English message, when the catalogue has it.
    fn chinese(&self, text: &str, depth: u8) -> Option<String> {
        if let Some(chinese) = self.exact.get(text) {
            return Some((*chinese).to_owned());
        }
        let (pattern, values) = self
            .patterns
            .iter()
            .find_map(|p| Some((p, p.values(text)?)))?;
        let values: Vec<Cow<str>> = values
            .into_iter()
            .map(|value| self.value(value, depth))
            .collect();
        Some(fill(pattern.chinese, &values))
    }

    /// An interpolated value in Chinese: an enum value's label, a message's
    /// Chinese, or the value itself (a name, a number, a date).
    fn value<'v>(&self, value: &'v str, depth: u8) -> Cow<'v, str> {
        if let Some(label) = self.values.get(value) {
            return Cow::Borrowed(label);
        }
        if depth < 2
            && let Some(chinese) = self.chinese(value, depth + 1)
        {
            return Cow::Owned(chinese);
        }
        Cow::Borrowed(value)
    }
}

/// The rows of a tab-separated catalogue, without blank and `#` lines.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| line.split('\t').collect())
}

/// `template` with `%1`, `%2`… replaced by `values`.
fn fill(template: &str, values: &[Cow<str>]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut chars = template.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '%'
            && let Some(&(_, digit)) = chars.peek()
            && let Some(n) = digit.to_digit(10).filter(|n| *n >= 1)
        {
            chars.next();
            out.push_str(values.get(n as usize - 1).map_or("", |v| v.as_ref()));
        } else {
            out.push(c);
        }
    }
    out
}

/// The labels of one enum value.
#[derive(SimpleObject, Debug, Clone, PartialEq, Eq)]
pub struct EnumLabel {
    /// The enum's name, e.g. `AgreementStatus`.
    #[graphql(name = "enum")]
    pub enumeration: String,
    /// The value, e.g. `EFFECTIVE`.
    pub value: String,
    /// The label in the caller's language.
    pub label: String,
    /// The Chinese label.
    pub zh_cn: String,
    /// The English label.
    pub en: String,
}

#[derive(Default)]
pub struct LabelQuery;

#[Object]
impl LabelQuery {
    /// The Chinese and English labels of enum values, for display: of the
    /// enums named (every enum of the API when none are), in the order the
    /// schema declares them.
    async fn enum_labels(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "enums")] names: Option<Vec<String>>,
    ) -> Vec<EnumLabel> {
        let language = language(ctx);
        let mut labels = Vec::new();
        for ty in ctx.schema_env.registry.types.values() {
            let async_graphql::registry::MetaType::Enum {
                name, enum_values, ..
            } = ty
            else {
                continue;
            };
            let asked = names.as_ref().is_none_or(|names| names.contains(name));
            if name.starts_with("__") || !asked {
                continue;
            }
            for value in enum_values.keys() {
                let (zh, en) = CATALOGUE
                    .labels
                    .get(&(name.as_str(), value.as_str()))
                    .copied()
                    .unwrap_or((value, value));
                labels.push(EnumLabel {
                    enumeration: name.clone(),
                    value: value.clone(),
                    label: if language == Language::En { en } else { zh }.to_owned(),
                    zh_cn: zh.to_owned(),
                    en: en.to_owned(),
                });
            }
        }
        labels
    }
}

#[cfg(test)]
mod tests;
