//! Decoding of required `date-time` and `date` fields (generation puts
//! `#[serde(deserialize_with = …)]` on them): the shapes vendors send —
//! `2022-02-01T12:03:14.406Z` and `2020-07-30` — are read directly; any other text goes to
//! chrono's own parser, so what is accepted and the values produced are chrono's.
//!
//! Why: chrono's general-purpose parser was 13% of decoding a page of Unit received payments.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::de::{self, Deserializer, Visitor};

/// A `date-time` as chrono's `DateTime<Utc>` deserializer reads it.
pub(crate) fn utc<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    deserializer.deserialize_str(UtcVisitor)
}

/// A `date` as chrono's `NaiveDate` deserializer reads it.
pub(crate) fn naive_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<NaiveDate, D::Error> {
    deserializer.deserialize_str(DateVisitor)
}

struct UtcVisitor;

impl Visitor<'_> for UtcVisitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 date and time")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<DateTime<Utc>, E> {
        match fast_utc(text.as_bytes()) {
            Some(value) => Ok(value),
            None => text
                .parse::<DateTime<FixedOffset>>()
                .map(|value| value.with_timezone(&Utc))
                .map_err(E::custom),
        }
    }
}

struct DateVisitor;

impl Visitor<'_> for DateVisitor {
    type Value = NaiveDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date (yyyy-mm-dd)")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<NaiveDate, E> {
        match fast_date(text.as_bytes()) {
            Some(value) => Ok(value),
            None => text.parse::<NaiveDate>().map_err(E::custom),
        }
    }
}

/// The number of `digits` (ASCII digits only).
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// `yyyy-mm-dd`, exactly.
fn fast_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(number(&b[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&b[5..7])?, number(&b[8..10])?)
}

/// `yyyy-mm-ddThh:mm:ss[.f{1,9}]Z`, exactly; a leap second (`:60`) is left to chrono.
fn fast_utc(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() < 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b.last() != Some(&b'Z') {
        return None;
    }
    let date = fast_date(&b[..10])?;
    let (hour, minute, second) = (
        number(&b[11..13])?,
        number(&b[14..16])?,
        number(&b[17..19])?,
    );
    let fraction = &b[19..b.len() - 1];
    let nanos = match fraction {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            number(digits)? * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    if second > 59 {
        return None;
    }
    Some(
        date.and_hms_nano_opt(hour, minute, second, nanos)?
            .and_utc(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono_utc(text: &str) -> Option<DateTime<Utc>> {
        serde_json::from_value::<DateTime<Utc>>(serde_json::Value::from(text)).ok()
    }

    fn ours_utc(text: &str) -> Option<DateTime<Utc>> {
        utc(serde_json::Value::from(text)).ok()
    }

    #[test]
    fn date_times_read_as_chrono_reads_them() {
        for text in [
            "2022-02-01T12:03:14.406Z",
            "2022-02-01T12:03:14Z",
            "2022-02-01T12:03:14.1Z",
            "2022-02-01T12:03:14.123456789Z",
            "2022-02-01T12:03:14.1234567891Z",
            "2022-02-01T12:03:14.406+02:00",
            "2022-02-01T12:03:14.406-05:30",
            "2022-02-01 12:03:14Z",
            "2022-02-01t12:03:14z",
            "2016-12-31T23:59:60Z",
            "2022-02-30T12:03:14Z",
            "2022-02-01T24:00:00Z",
            "2022-02-01T12:60:00Z",
            "2022-02-01T12:03:14.Z",
            "2022-02-01T12:03:14.4a6Z",
            "+2022-02-01T12:03:14Z",
            "2022-2-01T12:03:14Z",
            "2022-02-01T12:03:14",
            "",
            "Z",
            "2022-02-01",
        ] {
            assert_eq!(ours_utc(text), chrono_utc(text), "{text:?}");
        }
        assert_eq!(
            ours_utc("2022-02-01T12:03:14.406Z").unwrap().to_rfc3339(),
            "2022-02-01T12:03:14.406+00:00"
        );
        // Every second of a leap day, with and without a fraction.
        let start = NaiveDate::from_ymd_opt(2024, 2, 29)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc();
        for offset in (0..86_400).step_by(7) {
            let time = start + chrono::Duration::seconds(offset);
            for text in [
                time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            ] {
                assert_eq!(ours_utc(&text), Some(time), "{text}");
            }
        }
    }

    #[test]
    fn dates_read_as_chrono_reads_them() {
        for text in [
            "2020-07-30",
            "2024-02-29",
            "2023-02-29",
            "2020-13-01",
            "2020-00-10",
            "2020-07-3",
            "+2020-07-30",
            "20200730",
            "2020/07/30",
            "0000-01-01",
            "9999-12-31",
            " 2020-07-30",
            "",
        ] {
            let chrono = serde_json::from_value::<NaiveDate>(serde_json::Value::from(text)).ok();
            assert_eq!(
                naive_date(serde_json::Value::from(text)).ok(),
                chrono,
                "{text:?}"
            );
        }
    }
}
