//! [`Identifier`]: a Unit resource id, the spec's `Identifier` (`^[1-9]\d*$`).
//!
//! Hand-written instead of generated because the generated type checks its pattern with a
//! regular expression on every value, and a page of 1,000 received payments holds 3,000 ids:
//! the check by hand costs a few instructions per digit, the regex a few thousand per id.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

/// A Unit resource id: a string of ASCII digits without a leading zero, as Unit sends it.
#[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd, serde::Serialize)]
#[serde(transparent)]
pub struct Identifier(String);

/// The text is not a Unit id (`^[1-9]\d*$`). The text itself is not repeated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentifierError;

impl fmt::Display for IdentifierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Unit id is a string of digits that does not start with 0 (^[1-9]\\d*$)")
    }
}

impl std::error::Error for IdentifierError {}

fn is_identifier(text: &str) -> bool {
    match text.as_bytes() {
        [first, rest @ ..] => matches!(first, b'1'..=b'9') && rest.iter().all(u8::is_ascii_digit),
        [] => false,
    }
}

impl Identifier {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Identifier {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

impl AsRef<str> for Identifier {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Identifier> for String {
    fn from(value: Identifier) -> Self {
        value.0
    }
}

impl FromStr for Identifier {
    type Err = IdentifierError;
    fn from_str(value: &str) -> Result<Self, IdentifierError> {
        if is_identifier(value) {
            Ok(Identifier(value.to_string()))
        } else {
            Err(IdentifierError)
        }
    }
}

impl TryFrom<&str> for Identifier {
    type Error = IdentifierError;
    fn try_from(value: &str) -> Result<Self, IdentifierError> {
        value.parse()
    }
}

impl TryFrom<&String> for Identifier {
    type Error = IdentifierError;
    fn try_from(value: &String) -> Result<Self, IdentifierError> {
        value.parse()
    }
}

impl TryFrom<String> for Identifier {
    type Error = IdentifierError;
    fn try_from(value: String) -> Result<Self, IdentifierError> {
        if is_identifier(&value) {
            Ok(Identifier(value))
        } else {
            Err(IdentifierError)
        }
    }
}

impl<'de> serde::Deserialize<'de> for Identifier {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Identifier::try_from(String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_of_the_spec() {
        for ok in ["1", "1337", "9876543210123456789012"] {
            assert_eq!(ok.parse::<Identifier>().unwrap().as_str(), ok);
        }
        for bad in ["", "0", "0123", "12a", " 12", "12 ", "-1", "١٢", "1.5"] {
            assert_eq!(bad.parse::<Identifier>(), Err(IdentifierError), "{bad:?}");
        }
        let decoded: Identifier = serde_json::from_str("\"163575\"").unwrap();
        assert_eq!(serde_json::to_string(&decoded).unwrap(), "\"163575\"");
        let error = serde_json::from_str::<Identifier>("\"0x12\"").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("a Unit id is a string of digits")
        );
    }
}
