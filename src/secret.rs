//! Values that must never be printed: tokens, passwords, card numbers, CVV, bank account and
//! ID numbers. They serialize normally (the vendor needs them) but their `Debug` hides them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A secret text (a token, a password, a CVV): `Debug` prints `Secret(<redacted>)` and there is
/// no `Display`. Serializes as the plain string.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call it only where it must be sent.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

/// A number that identifies an account or a card: `Debug` prints at most its last four
/// characters (`MaskedNumber("****6789")`), and only when it is at least eight long, so that
/// short values are not mostly revealed. Serializes as the plain string.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MaskedNumber(String);

impl MaskedNumber {
    /// Wraps a number.
    pub fn new(value: impl Into<String>) -> Self {
        MaskedNumber(value.into())
    }

    /// The number itself; call it only where it must be sent or shown in full.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `****` followed by the last four characters, or `****` alone for values under eight.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() >= 8 {
            let last: String = chars[chars.len() - 4..].iter().collect();
            format!("****{last}")
        } else {
            "****".to_string()
        }
    }
}

impl fmt::Debug for MaskedNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MaskedNumber({:?})", self.masked())
    }
}

impl From<String> for MaskedNumber {
    fn from(value: String) -> Self {
        MaskedNumber(value)
    }
}

impl From<&str> for MaskedNumber {
    fn from(value: &str) -> Self {
        MaskedNumber(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value_and_serde_keeps_it() {
        let token = Secret::new("tok_live_abcdef");
        assert_eq!(format!("{token:?}"), "Secret(<redacted>)");
        assert_eq!(
            serde_json::to_string(&token).unwrap(),
            "\"tok_live_abcdef\""
        );
        let back: Secret = serde_json::from_str("\"tok_live_abcdef\"").unwrap();
        assert_eq!(back.expose(), "tok_live_abcdef");
    }

    #[test]
    fn masked_numbers_show_at_most_the_last_four() {
        assert_eq!(
            format!("{:?}", MaskedNumber::new("123456789")),
            "MaskedNumber(\"****6789\")"
        );
        assert_eq!(
            format!("{:?}", MaskedNumber::new("1234567")),
            "MaskedNumber(\"****\")"
        );
        assert_eq!(
            format!("{:?}", MaskedNumber::new("123")),
            "MaskedNumber(\"****\")"
        );
        assert_eq!(
            serde_json::to_string(&MaskedNumber::new("123456789")).unwrap(),
            "\"123456789\""
        );
    }
}
