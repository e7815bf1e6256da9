//! Confirmed text digests. An offer letter, a written response and an
//! agreement's text each have a canonical form: their fields, in a fixed
//! order, as a JSON array of `[name, value]` pairs, every value with its
//! line ends made `\n`, the spaces at the ends of its lines dropped and the
//! blank lines around it trimmed. Its SHA-256, in lower-case hex, is the
//! text's digest. The other side confirms it received exactly that text by
//! confirming the digest, and each chief signs an agreement's text by its
//! digest; a later change of the text changes the digest, and the older
//! confirmation no longer matches it.

pub mod objects;
pub mod storage;

use sha2::{Digest, Sha256};

use crate::graphql::errors::{UserError, UserErrorCode, refused};

crate::text_enum! {
    /// A text whose digest the other side confirms.
    pub enum ConfirmedText {
        /// An offer's letter (要约书), confirmed by the receiving side.
        OfferLetter = "OFFER_LETTER",
        /// The written response to an offer (回应书), confirmed by the side that made the offer.
        OfferResponse = "OFFER_RESPONSE",
        /// An agreement's text, confirmed by each chief as they sign.
        AgreementText = "AGREEMENT_TEXT",
    }
}

/// A value as the canonical form holds it: `\n` line ends, no spaces at
/// the ends of lines, no blank lines around it.
pub fn normalised(value: &str) -> String {
    let unified = value.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unified.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

/// The canonical form of a text given as its fields, in order.
pub fn canonical<N: AsRef<str>>(fields: &[(N, String)]) -> String {
    let pairs: Vec<[String; 2]> = fields
        .iter()
        .map(|(name, value)| [name.as_ref().to_owned(), normalised(value)])
        .collect();
    serde_json::to_string(&pairs).unwrap_or_default()
}

/// The digest of a text given as its fields: the SHA-256 of its canonical
/// form, in lower-case hex.
pub fn digest<N: AsRef<str>>(fields: &[(N, String)]) -> String {
    let hash = Sha256::digest(canonical(fields).as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a digest the caller says it read against the text's `current`
/// digest, at the input field `field`.
pub fn check(field: &str, given: &str, current: &str) -> Result<(), Vec<UserError>> {
    let given = given.trim().to_ascii_lowercase();
    if given.len() != 64 || !given.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(refused(
            field,
            UserErrorCode::Invalid,
            "must be a SHA-256 digest: 64 hexadecimal digits",
        ));
    }
    if given != current {
        return Err(refused(
            field,
            UserErrorCode::RuleViolated,
            format!("the text has changed since: its digest is now {current}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(terms: &str) -> Vec<(&'static str, String)> {
        vec![("category", "WAGE".into()), ("proposedTerms", terms.into())]
    }

    #[test]
    fn the_digest_is_the_sha256_of_the_canonical_form() {
        assert_eq!(
            canonical(&letter("工资增长5%")),
            r#"[["category","WAGE"],["proposedTerms","工资增长5%"]]"#
        );
        // `printf '%s' '[["a","b"]]' | sha256sum`
        assert_eq!(
            digest(&[("a", "b".into())]),
            "db8992cf941b185a1c5bbcfbdc3f43204fe09d42b1a57ff584f6ad2e5e6dfdbd"
        );
    }

    #[test]
    fn line_ends_and_trailing_spaces_do_not_change_it_but_a_word_does() {
        let base = digest(&letter("第一条\n工资增长5%"));
        assert_eq!(digest(&letter("第一条  \r\n工资增长5%\r\n\r\n")), base);
        assert_ne!(digest(&letter("第一条\n工资增长6%")), base);
        // A field's name is part of the text.
        assert_ne!(
            digest(&[("proposedPlace", "第一条\n工资增长5%".into())]),
            digest(&[("proposedTerms", "第一条\n工资增长5%".into())])
        );
    }

    #[test]
    fn a_confirmation_names_a_stale_digest() {
        let current = digest(&letter("工资增长5%"));
        assert!(check("digest", &current.to_uppercase(), &current).is_ok());
        let stale = digest(&letter("工资增长4%"));
        let errors = check("digest", &stale, &current).unwrap_err();
        assert_eq!(errors[0].code, UserErrorCode::RuleViolated);
        assert!(errors[0].message.contains(&current));
        let errors = check("digest", "abc", &current).unwrap_err();
        assert_eq!(errors[0].field, ["digest"]);
        assert_eq!(errors[0].code, UserErrorCode::Invalid);
    }
}
