//! Text in mutation inputs: trimmed, required or optional, bounded in
//! characters, with one wording for each problem everywhere.

use super::errors::{UserError, UserErrorCode};

/// Why a text of `n` characters is refused.
pub fn too_long(max: usize, n: usize) -> String {
    format!("must be at most {max} characters, not {n}")
}

/// Texts longer than this are prose: they may hold newlines and tabs.
const PROSE: usize = 200;

/// Whether a text may not hold `c`: control characters (NUL, BEL, ESC…;
/// newlines and tabs only in prose) and bidirectional embeddings,
/// overrides and isolates, which make a name read differently from what
/// it holds.
pub fn forbidden(c: char, prose: bool) -> bool {
    (c.is_control() && !(prose && matches!(c, '\n' | '\t' | '\r')))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A trimmed text of 1 to `max` characters, or why not.
pub fn check(text: &str, max: usize) -> Result<String, (UserErrorCode, String)> {
    let text = text.trim();
    if let Some((at, c)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| forbidden(*c, max > PROSE))
    {
        let message = format!(
            "must not hold control or bidirectional formatting characters (U+{:04X} at character {})",
            u32::from(c),
            at + 1
        );
        return Err((UserErrorCode::Invalid, message));
    }
    match text.chars().count() {
        0 => Err((UserErrorCode::Required, "must not be blank".into())),
        n if n > max => Err((UserErrorCode::OutOfRange, too_long(max, n))),
        _ => Ok(text.to_owned()),
    }
}

/// A trimmed text of 1 to `max` characters, or a user error on `field`.
pub fn required(field: &[&str], text: &str, max: usize) -> Result<String, UserError> {
    check(text, max).map_err(|(code, message)| UserError::new(field, code, message))
}

/// A trimmed text of at most `max` characters; a blank or missing one is none.
pub fn optional(
    field: &[&str],
    text: Option<&str>,
    max: usize,
) -> Result<Option<String>, UserError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => required(field, text, max).map(Some),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_blank_text_is_missing() {
        assert_eq!(required(&["name"], "  张伟 ", 10), Ok("张伟".to_owned()));
        let blank = required(&["name"], " \n", 10).unwrap_err();
        assert_eq!(blank.code, UserErrorCode::Required);
        assert_eq!(blank.field, vec!["name"]);
        assert_eq!(optional(&["note"], Some("  "), 10), Ok(None));
        assert_eq!(optional(&["note"], None, 10), Ok(None));
    }

    #[test]
    fn controls_and_direction_overrides_are_refused_newlines_only_in_prose() {
        for bad in [
            "华宇\u{0}NUL",
            "a\u{7}b",
            "a\u{1b}[31m",
            "\u{202E}cod.exe",
            "a\u{2066}b",
            "a\u{85}b",
        ] {
            let refused = required(&["name"], bad, 100).unwrap_err();
            assert_eq!(refused.code, UserErrorCode::Invalid, "{bad:?}");
        }
        assert!(required(&["name"], "第一行\n第二行", 100).is_err());
        assert_eq!(
            required(&["note"], "第一行\n\t第二行", 2_000),
            Ok("第一行\n\t第二行".to_owned())
        );
        assert!(required(&["note"], "a\u{0}b", 2_000).is_err());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(required(&["name"], "工会工会工会", 6).is_ok());
        let long = required(&["name"], "工会工会工会会", 6).unwrap_err();
        assert_eq!(long.code, UserErrorCode::OutOfRange);
        assert_eq!(long.message, "must be at most 6 characters, not 7");
    }
}
