//! Money as exact decimals.
//!
//! Where a vendor sends an amount as a JSON number (`25.50`), [`Amount`] keeps its exact text
//! both ways: it is read from serde_json's raw number text (never through `f64`) and written
//! back verbatim through [`serde_json::value::RawValue`], so `25.50` stays `25.50`. Where a
//! vendor counts in cents, the specs use integers instead.
//!
//! Specs ask for this type with `type: number, format: decimal` and nothing more on the schema.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An exact decimal amount whose scale (its number of fraction digits) is kept: `25.50` is read,
/// compared as equal to `25.5`, and written back as `25.50`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Amount(Decimal);

impl Amount {
    /// Wraps a decimal.
    pub fn new(value: Decimal) -> Self {
        Amount(value)
    }

    /// The decimal value.
    pub fn decimal(&self) -> Decimal {
        self.0
    }

    /// The number of fraction digits as written (`25.50` → 2).
    pub fn scale(&self) -> u32 {
        self.0.scale()
    }
}

impl From<Decimal> for Amount {
    fn from(value: Decimal) -> Self {
        Amount(value)
    }
}

impl From<Amount> for Decimal {
    fn from(value: Amount) -> Self {
        value.0
    }
}

/// The error of parsing an [`Amount`] from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseAmountError(String);

impl fmt::Display for ParseAmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a decimal amount: {}", self.0)
    }
}

impl std::error::Error for ParseAmountError {}

impl FromStr for Amount {
    type Err = ParseAmountError;

    /// Parses plain (`25.50`, `-3`) and exponent (`2.55e1`) notation; the exponent form is
    /// what a JSON number may use.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let parsed = if text.contains(['e', 'E']) {
            Decimal::from_scientific(text)
        } else {
            Decimal::from_str_exact(text)
        };
        parsed
            .map(Amount)
            .map_err(|e| ParseAmountError(e.to_string()))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({})", self.0)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // RawValue makes serde_json write the text verbatim as a number.
        let raw = serde_json::value::RawValue::from_string(self.0.to_string())
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// serde_json hands a raw value to a visitor as a one-entry map under this key.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

struct AmountVisitor;

impl<'de> Visitor<'de> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Amount, A::Error> {
        // serde_json's raw-value protocol: the number's exact source text.
        let _key: Option<de::IgnoredAny> = map.next_key()?;
        let text: std::borrow::Cow<'de, str> = map.next_value()?;
        let text = text.trim();
        // A quoted number is accepted too (some vendors quote amounts).
        let unquoted = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        unquoted.parse().map_err(de::Error::custom)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Amount, E> {
        text.parse().map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Amount, E> {
        Ok(Amount(Decimal::from(value)))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Amount, E> {
        Ok(Amount(Decimal::from(value)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Amount, E> {
        // Only formats without exact number text (not serde_json) get here; take the
        // shortest text that round-trips, which is what the sender most likely wrote.
        value.to_string().parse().map_err(E::custom)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Amount, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, AmountVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_keep_their_exact_text() {
        for text in [
            "25.50",
            "0.10",
            "12400.50",
            "100",
            "-3.000",
            "0.000000000000000001",
        ] {
            let amount: Amount = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&amount).unwrap(), text);
        }
    }

    #[test]
    fn amounts_inside_structs_and_values() {
        #[derive(Deserialize, Serialize)]
        struct Payment {
            amount: Amount,
        }
        let p: Payment = serde_json::from_str(r#"{"amount": 25.50}"#).unwrap();
        assert_eq!(p.amount.scale(), 2);
        assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"amount":25.50}"#);
        let from_value: Amount = serde_json::from_value(serde_json::json!(25.5)).unwrap();
        assert_eq!(from_value.to_string(), "25.5");
        let exponent: Amount = serde_json::from_str("2.55e1").unwrap();
        assert_eq!(exponent.decimal(), Decimal::new(255, 1));
        let quoted: Amount = serde_json::from_str("\"7.25\"").unwrap();
        assert_eq!(quoted.to_string(), "7.25");
    }

    #[test]
    fn non_numbers_are_errors() {
        assert!(serde_json::from_str::<Amount>("true").is_err());
        assert!(serde_json::from_str::<Amount>("\"abc\"").is_err());
        assert!(serde_json::from_str::<Amount>("1e400").is_err());
    }
}
