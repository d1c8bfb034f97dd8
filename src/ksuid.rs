//! KSUIDs: PayNetworx's ids and its `Request-ID` header.
//!
//! 20 bytes (a 4-byte timestamp, seconds since 2014-05-13T16:53:20Z, and 16 random bytes)
//! written as 27 base62 characters. Generation and parsing come from `svix-ksuid`; this type
//! adds a clear parse error and serde as the 27-character text.

use std::fmt;
use std::str::FromStr;

use svix_ksuid::KsuidLike;

/// A KSUID.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ksuid(svix_ksuid::Ksuid);

impl Ksuid {
    /// A new KSUID for the current time with 16 random bytes.
    pub fn new() -> Self {
        Ksuid(svix_ksuid::Ksuid::new(None::<std::time::SystemTime>, None))
    }

    /// The 20 bytes.
    pub fn bytes(&self) -> &[u8; 20] {
        self.0.bytes()
    }

    /// Seconds since the Unix epoch encoded in the KSUID.
    pub fn timestamp_seconds(&self) -> i64 {
        i64::from(self.0.timestamp_raw()) + 1_400_000_000
    }
}

impl Default for Ksuid {
    fn default() -> Self {
        Ksuid::new()
    }
}

/// Text that is not a KSUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseKsuidError {
    len: usize,
}

impl fmt::Display for ParseKsuidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The text itself is not echoed: ids can be sensitive in logs.
        write!(
            f,
            "not a KSUID: expected 27 base62 characters (0-9, A-Z, a-z) not above aWgEPTl1tmebfsQzFP4bxwgy80V, got {} characters",
            self.len
        )
    }
}

impl std::error::Error for ParseKsuidError {}

impl FromStr for Ksuid {
    type Err = ParseKsuidError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = ParseKsuidError {
            len: text.chars().count(),
        };
        if text.len() != 27 || !text.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(error);
        }
        let parsed = svix_ksuid::Ksuid::from_str(text).map_err(|_| error.clone())?;
        // Values above the largest KSUID overflow 20 bytes; make sure nothing was dropped.
        if parsed.to_string() != text {
            return Err(error);
        }
        Ok(Ksuid(parsed))
    }
}

impl fmt::Display for Ksuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Ksuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ksuid({})", self.0)
    }
}

crate::text_form::text_form!(Ksuid);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_the_seed_ids() {
        for id in [
            "1XSnl0X7GC44qPT2CVV8BCz0bQi",
            "1wxhkFx6JoPktNoPYpgFpSGmTMF",
            "aWgEPTl1tmebfsQzFP4bxwgy80V",
            "000000000000000000000000000",
        ] {
            let ksuid: Ksuid = id.parse().unwrap();
            assert_eq!(ksuid.to_string(), id);
            assert_eq!(serde_json::to_string(&ksuid).unwrap(), format!("\"{id}\""));
        }
    }

    #[test]
    fn rejects_what_is_not_a_ksuid() {
        for bad in [
            "",
            "1XSnl0X7GC44qPT2CVV8BCz0bQ",
            "1XSnl0X7GC44qPT2CVV8BCz0bQi0",
            "1XSnl0X7GC44qPT2CVV8BCz0bQ!",
            "aWgEPTl1tmebfsQzFP4bxwgy80W",
            "zzzzzzzzzzzzzzzzzzzzzzzzzzz",
            "1XSnl0X7GC44qPT2CVV8BCz0bQé",
        ] {
            assert!(bad.parse::<Ksuid>().is_err(), "{bad:?}");
        }
        let error = serde_json::from_str::<Ksuid>("\"abc\"")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("not a KSUID: expected 27 base62 characters"),
            "{error}"
        );
    }

    #[test]
    fn new_ones_are_valid_distinct_and_recent() {
        let (a, b) = (Ksuid::new(), Ksuid::new());
        assert_ne!(a, b);
        assert_eq!(a.to_string().parse::<Ksuid>().unwrap(), a);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        assert!((a.timestamp_seconds() - now).abs() < 5);
    }
}
