use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;

/// Where the code writes a message: the text that follows one of these.
const MARKERS: &[&str] = &[
    "UserErrorCode::",
    "BadUserInput(",
    "#[error(",
    "Err(",
    "ok_or(",
    "ok_or_else(||",
    "mistakes.push(",
    "self.push(",
];

/// Every message the code writes at a message's place (a user error's
/// message, `BadUserInput`, an error type's text, a rule's `Err`), with
/// where it is: the English side of the catalogue.
fn messages_of_the_code() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut found = BTreeMap::new();
    for file in files {
        let relative = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // The database's own errors are the operator's, at start.
        if relative.starts_with("db/") || relative.starts_with("i18n/") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for marker in MARKERS {
            for (at, _) in code.match_indices(marker) {
                if let Some(message) = literal_after(&code[at + marker.len()..], marker) {
                    let line = code[..at].lines().count();
                    found.entry(message).or_insert(format!("{relative}:{line}"));
                }
            }
        }
    }
    found
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The string literal at the start of `code` (after a code's variant and
/// its comma, an `&`, a `format!(`), unescaped.
fn literal_after(code: &str, marker: &str) -> Option<String> {
    let mut rest = code;
    if marker.ends_with(".push(") {
        rest = after_first_argument(rest)?;
    }
    if marker == "UserErrorCode::" {
        rest = rest.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
        rest = rest.trim_start().strip_prefix(',')?;
    }
    rest = rest.trim_start();
    rest = rest.strip_prefix('&').unwrap_or(rest);
    if let Some(inner) = rest.strip_prefix("format!(") {
        rest = inner.trim_start();
    }
    let body = rest.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                '\n' => {
                    let skipped: String = chars
                        .by_ref()
                        .skip_while(|c| c.is_whitespace())
                        .take(1)
                        .collect();
                    out.push_str(&skipped);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// What follows the first argument of a call and its comma.
fn after_first_argument(code: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut quoted = false;
    let mut escaped = false;
    for (at, c) in code.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            _ if quoted => {}
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => return None,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => return Some(&code[at + 1..]),
            _ => {}
        }
    }
    None
}

/// The catalogue's English messages.
fn catalogued() -> BTreeSet<&'static str> {
    rows(include_str!("messages.tsv"))
        .map(|row| row[0])
        .collect()
}

#[test]
fn every_message_of_the_code_has_its_chinese() {
    let catalogued = catalogued();
    let missing: Vec<String> = messages_of_the_code()
        .into_iter()
        .filter(|(message, _)| !catalogued.contains(message.as_str()))
        .map(|(message, place)| format!("{message}\t\t# {place}"))
        .collect();
    assert!(
        missing.is_empty(),
        "add these to schema/src/i18n/messages.tsv:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_catalogue_is_well_formed() {
    let mut seen = BTreeSet::new();
    for row in rows(include_str!("messages.tsv")) {
        let english = row[0];
        assert_eq!(row.len(), 2, "{english:?}: English, a tab, Chinese");
        assert!(seen.insert(english), "{english:?} twice");
        let chinese = row[1];
        assert!(!chinese.trim().is_empty(), "{english:?} has no Chinese");
        let fixed = fixed_texts(english);
        let holes = fixed.len() - 1;
        assert!(
            fixed
                .iter()
                .skip(1)
                .take(holes.saturating_sub(1))
                .all(|f| !f.is_empty()),
            "{english:?}: two values side by side cannot be told apart"
        );
        for n in 1..=9 {
            let used = chinese.contains(&format!("%{n}"));
            assert_eq!(used, n <= holes, "{english:?}: %{n} in {chinese:?}");
        }
    }
}

#[test]
fn every_enum_value_has_a_chinese_and_an_english_label() {
    let sdl = crate::sdl();
    let mut values = BTreeSet::new();
    let mut blocks = sdl.split("\nenum ").skip(1);
    for block in blocks.by_ref() {
        let (name, rest) = block.split_once(" {").unwrap();
        let body = rest.split('}').next().unwrap();
        for line in body.lines().map(str::trim) {
            if !line.is_empty()
                && !line.starts_with('"')
                && line
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            {
                values.insert(format!("{name}.{line}"));
            }
        }
    }
    assert!(values.len() > 300, "{} enum values", values.len());
    let labelled: BTreeSet<String> = CATALOGUE
        .labels
        .keys()
        .map(|(e, v)| format!("{e}.{v}"))
        .collect();
    let missing: Vec<_> = values.difference(&labelled).collect();
    assert!(missing.is_empty(), "add to enums.tsv: {missing:#?}");
    let stale: Vec<_> = labelled.difference(&values).collect();
    assert!(stale.is_empty(), "not in the API: {stale:#?}");
    for ((e, v), (zh, en)) in &CATALOGUE.labels {
        assert!(!zh.is_empty() && !en.is_empty(), "{e}.{v}");
        assert!(!zh.is_ascii(), "{e}.{v}: {zh:?} is not Chinese");
    }
}

#[test]
fn a_message_with_values_is_translated_with_them() {
    let zh = |text| message(text, Language::ZhCn).into_owned();
    assert_eq!(zh("no such region"), "没有这个区域");
    assert_eq!(
        zh("each side has at least 3 representatives (CCP Art. 19)"),
        "每方代表不少于3人（《集体合同规定》第十九条）"
    );
    assert_eq!(
        zh("an agreement that is EFFECTIVE cannot be revised"),
        "已生效的协议不能修改"
    );
    assert_eq!(
        message(
            "an agreement that is EFFECTIVE cannot be revised",
            Language::En
        ),
        "an agreement that is EFFECTIVE cannot be revised"
    );
    // A message within a message.
    assert_eq!(
        zh("password: must have at least 8 characters"),
        "密码：至少 8 个字符"
    );
}

#[test]
fn top_level_errors_are_translated_and_the_librarys_kept() {
    let mut errors = vec![
        async_graphql::ServerError::new("Authentication is required", None),
        async_graphql::ServerError::new("Unknown field \"x\" on type \"Query\".", None),
    ];
    super::errors(&mut errors, Language::ZhCn);
    assert_eq!(errors[0].message, "需要先登录");
    assert_eq!(errors[1].message, "Unknown field \"x\" on type \"Query\".");
}

#[test]
fn accept_language_chooses_by_weight_then_order() {
    assert_eq!(preferred("en-US,en;q=0.9,zh-CN;q=0.8"), Some(Language::En));
    assert_eq!(preferred("zh-CN,zh;q=0.9,en;q=0.8"), Some(Language::ZhCn));
    assert_eq!(preferred("fr, en;q=0.5, zh;q=0.7"), Some(Language::ZhCn));
    assert_eq!(preferred("zh-TW;q=0, en"), Some(Language::En));
    assert_eq!(preferred("fr-FR, de"), None);
    assert_eq!(preferred(""), None);
    assert_eq!(choose(&Viewer::Anonymous, Some("en")), Language::En);
    assert_eq!(choose(&Viewer::Anonymous, None), Language::ZhCn);
    assert_eq!(choose(&Viewer::Anonymous, Some("de")), Language::ZhCn);
}

#[test]
fn values_fill_their_places_in_any_order() {
    let values = [Cow::Borrowed("a"), Cow::Borrowed("b")];
    assert_eq!(fill("%2 在 %1 之后，100%", &values), "b 在 a 之后，100%");
    let pattern = Pattern::of("row {} ({}) may not be laid off: {}", "");
    assert_eq!(
        pattern.values("row 3 (张三) may not be laid off: is for women"),
        Some(vec!["3", "张三", "is for women"])
    );
    assert_eq!(pattern.values("row 3 may not be laid off"), None);
}
