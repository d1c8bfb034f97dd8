//! Dates as ServiceStack sends them: ISO 8601 (`2021-04-26T15:25:27.587Z`, with an offset, or
//! a date alone) and its JSON form `/Date(1619450727587)/` or `/Date(1619450727587-0500)/`
//! (milliseconds since the Unix epoch, and the sender's UTC offset).

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

/// A point in time with the offset it was written with. Written back as RFC 3339.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime(chrono::DateTime<FixedOffset>);

impl DateTime {
    /// The chrono value.
    pub fn as_chrono(&self) -> &chrono::DateTime<FixedOffset> {
        &self.0
    }

    /// The same instant in UTC.
    pub fn to_utc(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.to_utc()
    }
}

impl From<chrono::DateTime<FixedOffset>> for DateTime {
    fn from(value: chrono::DateTime<FixedOffset>) -> Self {
        DateTime(value)
    }
}

impl From<chrono::DateTime<chrono::Utc>> for DateTime {
    fn from(value: chrono::DateTime<chrono::Utc>) -> Self {
        DateTime(value.fixed_offset())
    }
}

/// Text that is not one of ServiceStack's date forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDateTimeError;

impl fmt::Display for ParseDateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "not a date: expected ISO 8601 (yyyy-MM-ddTHH:mm:ss[.fffffff][Z|±hh:mm] or yyyy-MM-dd) or /Date(ms[±hhmm])/",
        )
    }
}

impl std::error::Error for ParseDateTimeError {}

impl FromStr for DateTime {
    type Err = ParseDateTimeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.starts_with("/Date(") {
            return crate::jsv::wcf_date(text)
                .map(DateTime)
                .ok_or(ParseDateTimeError);
        }
        if let Ok(value) = chrono::DateTime::parse_from_rfc3339(text) {
            return Ok(DateTime(value));
        }
        let utc = FixedOffset::east_opt(0).ok_or(ParseDateTimeError)?;
        // Without a zone ServiceStack means UTC (its default DateTimeKind handling).
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
            return Ok(DateTime(utc.from_utc_datetime(&naive)));
        }
        if text.len() == 10
            && let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        {
            return Ok(DateTime(
                utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN)),
            ));
        }
        Err(ParseDateTimeError)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

crate::text_form::text_form!(DateTime);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_reads() {
        let cases = [
            ("2021-04-26T15:25:27.587Z", "2021-04-26T15:25:27.587Z"),
            ("2021-04-26T15:25:27.5870000Z", "2021-04-26T15:25:27.587Z"),
            ("2021-04-26T10:25:27-05:00", "2021-04-26T10:25:27-05:00"),
            ("2021-04-26T15:25:27", "2021-04-26T15:25:27Z"),
            ("2021-04-26", "2021-04-26T00:00:00Z"),
            ("/Date(1619450727587)/", "2021-04-26T15:25:27.587Z"),
            (
                "/Date(1619450727587-0500)/",
                "2021-04-26T10:25:27.587-05:00",
            ),
            (
                "/Date(1619450727587+0130)/",
                "2021-04-26T16:55:27.587+01:30",
            ),
            ("/Date(-86400000)/", "1969-12-31T00:00:00Z"),
        ];
        for (text, expected) in cases {
            let value: DateTime = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(value.to_string(), expected, "{text}");
            let json: DateTime =
                serde_json::from_str(&format!("\"{}\"", text.replace('/', "\\/"))).unwrap();
            assert_eq!(json, value);
        }
        let a: DateTime = "/Date(1619450727587-0500)/".parse().unwrap();
        let b: DateTime = "2021-04-26T15:25:27.587Z".parse().unwrap();
        assert_eq!(a.to_utc(), b.to_utc());
    }

    #[test]
    fn anything_else_is_an_error() {
        for bad in [
            "",
            "yesterday",
            "/Date()/",
            "/Date(12a)/",
            "/Date(1619450727587-05)/",
            "/Date(99999999999999999999)/",
            "2021-13-01",
            "2021-04-26T25:00:00Z",
        ] {
            assert!(bad.parse::<DateTime>().is_err(), "{bad:?}");
        }
    }
}
