//! GUIDs as ServiceStack writes them: 32 hex digits without dashes
//! (`00000000000000000000000000000000`). Reading accepts that form and the dashed one
//! (`7b0e8c1e-4f0a-4d9b-9a57-1f1c2a3b4c5d`), in either case; writing uses ServiceStack's.
//! `uuid`'s own serde form always has dashes, hence this type.

use std::fmt;
use std::str::FromStr;

/// A GUID (a UUID) in ServiceStack's text form.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Guid(uuid::Uuid);

impl Guid {
    /// The all-zero GUID, ServiceStack's placeholder.
    pub const NIL: Guid = Guid(uuid::Uuid::nil());

    /// Wraps a UUID.
    pub fn from_uuid(uuid: uuid::Uuid) -> Self {
        Guid(uuid)
    }

    /// The UUID.
    pub fn as_uuid(&self) -> &uuid::Uuid {
        &self.0
    }

    /// The dashed form, `7b0e8c1e-4f0a-4d9b-9a57-1f1c2a3b4c5d`.
    pub fn hyphenated(&self) -> String {
        self.0.hyphenated().to_string()
    }
}

/// Text that is not a GUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseGuidError;

impl fmt::Display for ParseGuidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a GUID: expected 32 hex digits, with or without dashes (8-4-4-4-12)")
    }
}

impl std::error::Error for ParseGuidError {}

impl FromStr for Guid {
    type Err = ParseGuidError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // `uuid` also takes braces and `urn:uuid:`; ServiceStack sends neither, so only the
        // two forms above are accepted.
        let ok_shape = match text.len() {
            32 => text.bytes().all(|b| b.is_ascii_hexdigit()),
            36 => text.bytes().enumerate().all(|(i, b)| match i {
                8 | 13 | 18 | 23 => b == b'-',
                _ => b.is_ascii_hexdigit(),
            }),
            _ => false,
        };
        if !ok_shape {
            return Err(ParseGuidError);
        }
        uuid::Uuid::parse_str(text)
            .map(Guid)
            .map_err(|_| ParseGuidError)
    }
}

impl From<uuid::Uuid> for Guid {
    fn from(uuid: uuid::Uuid) -> Self {
        Guid(uuid)
    }
}

impl fmt::Display for Guid {
    /// 32 lower-case hex digits, no dashes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.simple(), f)
    }
}

impl fmt::Debug for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Guid({})", self.0.simple())
    }
}

crate::text_form::text_form!(Guid);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_read_servicestacks_is_written() {
        let bare: Guid = "7B0E8C1E4F0A4D9B9A571F1C2A3B4C5D".parse().unwrap();
        let dashed: Guid = "7b0e8c1e-4f0a-4d9b-9a57-1f1c2a3b4c5d".parse().unwrap();
        assert_eq!(bare, dashed);
        assert_eq!(bare.to_string(), "7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d");
        assert_eq!(
            serde_json::to_string(&dashed).unwrap(),
            "\"7b0e8c1e4f0a4d9b9a571f1c2a3b4c5d\""
        );
        assert_eq!(dashed.hyphenated(), "7b0e8c1e-4f0a-4d9b-9a57-1f1c2a3b4c5d");
        assert_eq!(
            "00000000000000000000000000000000".parse::<Guid>().unwrap(),
            Guid::NIL
        );
    }

    #[test]
    fn anything_else_is_an_error() {
        for bad in [
            "",
            "7b0e8c1e4f0a4d9b9a571f1c2a3b4c5",
            "{7b0e8c1e-4f0a-4d9b-9a57-1f1c2a3b4c5d}",
            "7b0e8c1e4f0a4d9b9a571f1c2a3b4c5g",
            "7b0e8c1e-4f0a4d9b-9a57-1f1c2a3b4c5d0",
            "urn:uuid:7b0e8c1e-4f0a-4d9b-9a57-1f1c2a3b4c5d",
        ] {
            assert!(bad.parse::<Guid>().is_err(), "{bad:?}");
        }
        let error = serde_json::from_str::<Guid>("\"nope\"")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("not a GUID"), "{error}");
    }
}
