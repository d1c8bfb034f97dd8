//! `Amount`: the total at its currency's scale, exact on the wire.

use std::fmt;

use iso_currency::Currency;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::money::Amount;

/// A transaction total in an ISO 4217 currency. It is sent with exactly the currency's number
/// of fraction digits — `25.50` for USD (never `25.5`), `1200` for JPY — and an amount with
/// more fraction digits than its currency allows is refused when it is built, never rounded.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TransactionAmount {
    total: Decimal,
    currency: Currency,
}

/// Why a [`TransactionAmount`] cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AmountError {
    /// The code is not an ISO 4217 currency with minor units.
    #[error("`{0}` is not an ISO 4217 currency code with minor units")]
    UnknownCurrency(String),
    /// More fraction digits than the currency has.
    #[error(
        "{total} has {scale} fraction digits but {currency} allows {allowed}; round it explicitly first"
    )]
    TooPrecise {
        /// The total as given.
        total: Decimal,
        /// Its fraction digits.
        scale: u32,
        /// The currency.
        currency: &'static str,
        /// The currency's fraction digits.
        allowed: u32,
    },
    /// The total is not a decimal number.
    #[error("the total is not a decimal number")]
    NotANumber,
}

impl TransactionAmount {
    /// A total in a currency given by its ISO 4217 code (`"USD"`).
    pub fn new(total: Decimal, currency: &str) -> Result<Self, AmountError> {
        let currency = Currency::from_code(&currency.to_ascii_uppercase())
            .ok_or_else(|| AmountError::UnknownCurrency(currency.to_string()))?;
        Self::in_currency(total, currency)
    }

    /// A total in US dollars from its text (`"25.50"`, `"25.5"`, `"25"`).
    pub fn usd(total: &str) -> Result<Self, AmountError> {
        let total = Decimal::from_str_exact(total.trim()).map_err(|_| AmountError::NotANumber)?;
        Self::in_currency(total, Currency::USD)
    }

    /// A total in an `iso_currency::Currency`.
    pub fn in_currency(total: Decimal, currency: Currency) -> Result<Self, AmountError> {
        let allowed = currency
            .exponent()
            .map(u32::from)
            .ok_or_else(|| AmountError::UnknownCurrency(currency.code().to_string()))?;
        // Trailing zeros are not precision: 25.500 USD is 25.50.
        let total_normalized = total.normalize();
        if total_normalized.scale() > allowed {
            return Err(AmountError::TooPrecise {
                total,
                scale: total_normalized.scale(),
                currency: currency.code(),
                allowed,
            });
        }
        let mut total = total_normalized;
        total.rescale(allowed);
        Ok(TransactionAmount { total, currency })
    }

    /// The total, at the currency's scale.
    pub fn total(&self) -> Decimal {
        self.total
    }

    /// The ISO 4217 code.
    pub fn currency(&self) -> &'static str {
        self.currency.code()
    }
}

impl fmt::Display for TransactionAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.total, self.currency.code())
    }
}

impl fmt::Debug for TransactionAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "TransactionAmount({} {})",
            self.total,
            self.currency.code()
        )
    }
}

impl Serialize for TransactionAmount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Amount", 2)?;
        s.serialize_field("Total", &Amount::new(self.total))?;
        s.serialize_field("Currency", self.currency.code())?;
        s.end()
    }
}

impl<'de> Deserialize<'de> for TransactionAmount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(rename = "Total")]
            total: Amount,
            #[serde(rename = "Currency")]
            currency: String,
        }
        let wire = Wire::deserialize(deserializer)?;
        TransactionAmount::new(wire.total.decimal(), &wire.currency).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(amount: TransactionAmount) -> String {
        serde_json::to_string(&amount).unwrap()
    }

    #[test]
    fn totals_go_out_at_the_currency_scale() {
        let cases = [
            ("25.50", "USD", r#"{"Total":25.50,"Currency":"USD"}"#),
            ("25.5", "USD", r#"{"Total":25.50,"Currency":"USD"}"#),
            ("25", "usd", r#"{"Total":25.00,"Currency":"USD"}"#),
            ("12400.50", "USD", r#"{"Total":12400.50,"Currency":"USD"}"#),
            ("0.10", "EUR", r#"{"Total":0.10,"Currency":"EUR"}"#),
            ("25.500", "USD", r#"{"Total":25.50,"Currency":"USD"}"#),
            ("1200", "JPY", r#"{"Total":1200,"Currency":"JPY"}"#),
            ("1200.0", "KRW", r#"{"Total":1200,"Currency":"KRW"}"#),
            ("1.234", "KWD", r#"{"Total":1.234,"Currency":"KWD"}"#),
        ];
        for (total, currency, expected) in cases {
            let amount =
                TransactionAmount::new(Decimal::from_str_exact(total).unwrap(), currency).unwrap();
            assert_eq!(json(amount), expected, "{total} {currency}");
        }
    }

    #[test]
    fn more_precision_than_the_currency_is_refused() {
        let error = TransactionAmount::usd("25.505").unwrap_err();
        assert_eq!(
            error.to_string(),
            "25.505 has 3 fraction digits but USD allows 2; round it explicitly first"
        );
        assert!(matches!(
            TransactionAmount::new(Decimal::new(15, 1), "JPY"),
            Err(AmountError::TooPrecise { allowed: 0, .. })
        ));
        assert_eq!(
            TransactionAmount::new(Decimal::ONE, "XYZ").unwrap_err(),
            AmountError::UnknownCurrency("XYZ".into())
        );
        assert_eq!(
            TransactionAmount::usd("12,00").unwrap_err(),
            AmountError::NotANumber
        );
        // Gold has no minor unit.
        assert!(matches!(
            TransactionAmount::new(Decimal::ONE, "XAU"),
            Err(AmountError::UnknownCurrency(_))
        ));
    }

    #[test]
    fn reads_back_what_it_writes() {
        let amount: TransactionAmount =
            serde_json::from_str(r#"{"Total": 25.50, "Currency": "USD"}"#).unwrap();
        assert_eq!(amount, TransactionAmount::usd("25.5").unwrap());
        assert!(
            serde_json::from_str::<TransactionAmount>(r#"{"Total": 25.555, "Currency": "USD"}"#)
                .is_err()
        );
    }
}
