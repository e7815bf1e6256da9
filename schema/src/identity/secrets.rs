//! Passwords and session tokens. Passwords are hashed with argon2; tokens
//! are 256 random bits, and only their BLAKE2b hash is stored. Neither the
//! plain values nor the hashes ever leave this module's callers in a
//! response, a log line or an audit entry.

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};

pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;

/// Checks a new password against the policy.
pub fn check_password(password: &str) -> Result<(), String> {
    match password.chars().count() {
        n if n < PASSWORD_MIN => Err(format!("must have at least {PASSWORD_MIN} characters")),
        n if n > PASSWORD_MAX => Err(format!("must have at most {PASSWORD_MAX} characters")),
        _ if password.trim() != password => Err("must not start or end with spaces".into()),
        _ => Ok(()),
    }
}

/// The argon2id hash of a password, in PHC string form.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .unwrap_or_default()
}

/// Whether `password` matches the stored hash. A malformed hash matches nothing.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// Spends the time of a verification when there is no user, so that a
/// missing login name cannot be told from a wrong password by timing.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("not a password of anyone"));
    let _ = verify_password(password, dummy);
}

/// A new session token: 256 random bits, URL-safe.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A generated password for operators and the first administrator.
pub fn new_password() -> String {
    let mut bytes = [0u8; 15];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    let digest = Blake2b::<U32>::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_only() {
        let hash = hash_password("correct horse");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horsf", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn tokens_carry_256_bits_and_are_stored_hashed() {
        let token = new_token();
        assert_eq!(token.len(), 43);
        assert_ne!(new_token(), token);
        let hash = token_hash(&token);
        assert_eq!(hash.len(), 64);
        assert!(!hash.contains(&token));
        assert_eq!(token_hash(&token), hash);
    }

    #[test]
    fn the_password_policy_names_the_problem() {
        assert!(check_password("short").unwrap_err().contains("at least 8"));
        assert!(check_password(" padded password").is_err());
        assert!(check_password("长春市协商平台密码").is_ok());
    }
}
