//! Zone-less UTC timestamps as the VBS API writes them: `2016-12-02T09:06:46.706`.
//!
//! The API gives no zone and means UTC. The sample has three fraction digits, but other VBS-family
//! endpoints send none or up to nine, and some gateways append `Z`, so the parser takes all of those.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// What the parser accepts: 0 to 9 fraction digits, an optional trailing `Z`.
const ACCEPTED: &[BorrowedFormatItem<'static>] = format_description!(
    version = 2,
    "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond digits:1+]]][optional [Z]]"
);

/// What the API itself writes, and so what the emulator writes: always 3 fraction digits, no zone.
const WRITTEN: &[BorrowedFormatItem<'static>] = format_description!(
    version = 2,
    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]"
);

/// A UTC instant read from, or written as, the API's zone-less timestamp form.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

/// Why a timestamp string was refused; the decoder adds the field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    found: String,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid timestamp {:?}: expected UTC `YYYY-MM-DDTHH:MM:SS[.fraction]`",
            self.found
        )
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// Parses the API's form; see the module docs for what is accepted.
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        let refused = || TimestampError {
            // Bound what is echoed back: the value came from the network.
            found: text.chars().take(64).collect(),
        };
        // `time` reads any number of fraction digits and drops those past 9; the contract allows 9.
        let fraction_digits = text.split_once('.').map_or(0, |(_, rest)| {
            rest.bytes().take_while(u8::is_ascii_digit).count()
        });
        if fraction_digits > 9 {
            return Err(refused());
        }
        PrimitiveDateTime::parse(text, ACCEPTED)
            .map(|local| Self(local.assume_utc()))
            .map_err(|_| refused())
    }

    /// The instant, as a `time` value in UTC.
    pub fn as_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }

    /// Milliseconds since the Unix epoch (what a JavaScript `Date` takes).
    pub fn unix_millis(&self) -> i64 {
        // i128 nanoseconds of any representable date fit i64 milliseconds.
        (self.0.unix_timestamp_nanos() / 1_000_000) as i64
    }

    /// The instant at `millis` since the Unix epoch, if it is a representable date.
    pub fn from_unix_millis(millis: i64) -> Option<Self> {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
            .ok()
            .map(Self)
    }

    /// The API's own form, with millisecond precision.
    pub fn to_api_string(&self) -> String {
        // Formatting a UTC date with a 4-digit year cannot fail; a 5-digit year falls back to RFC 3339.
        self.0
            .format(WRITTEN)
            .unwrap_or_else(|_| format!("{}", self.0))
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(value: OffsetDateTime) -> Self {
        Self(value.to_offset(UtcOffset::UTC))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.to_api_string())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_api_string())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_api_string())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Borrowed where the input allows it: no String per timestamp on the hot decode path.
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn reads_the_spec_sample_as_utc() {
        let t = Timestamp::parse("2016-12-02T09:06:46.706").unwrap();
        assert_eq!(
            t.as_offset_date_time(),
            datetime!(2016-12-02 09:06:46.706 UTC)
        );
        assert_eq!(t.unix_millis(), 1_480_669_606_706);
    }

    #[test]
    fn reads_zero_to_nine_fraction_digits_and_a_trailing_z() {
        let cases = [
            ("2016-12-02T09:06:46", datetime!(2016-12-02 09:06:46 UTC)),
            (
                "2016-12-02T09:06:46.7",
                datetime!(2016-12-02 09:06:46.7 UTC),
            ),
            (
                "2016-12-02T09:06:46.706",
                datetime!(2016-12-02 09:06:46.706 UTC),
            ),
            (
                "2016-12-02T09:06:46.706123",
                datetime!(2016-12-02 09:06:46.706123 UTC),
            ),
            (
                "2016-12-02T09:06:46.706123456",
                datetime!(2016-12-02 09:06:46.706123456 UTC),
            ),
            (
                "2016-12-02T09:06:46.706Z",
                datetime!(2016-12-02 09:06:46.706 UTC),
            ),
            ("2016-12-02T09:06:46Z", datetime!(2016-12-02 09:06:46 UTC)),
        ];
        for (text, expected) in cases {
            assert_eq!(
                Timestamp::parse(text).unwrap().as_offset_date_time(),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn refuses_malformed_forms_and_names_what_it_found() {
        for text in [
            "",
            "2016-12-02",
            "2016-12-02 09:06:46",
            "2016-13-02T09:06:46.706",
            "2016-12-32T09:06:46",
            "2016-12-02T25:06:46",
            "2016-12-02T09:06:46.",
            "2016-12-02T09:06:46.1234567890",
            "2016-12-02T09:06:46+08:00",
            "1480669606706",
            "2016-12-02T09:06:46.706ZZ",
        ] {
            let err = Timestamp::parse(text).unwrap_err();
            assert!(err.to_string().contains(&format!("{text:?}")), "{err}");
        }
    }

    #[test]
    fn writes_the_api_form_and_round_trips() {
        let t = Timestamp::parse("2016-12-03T06:24:34.467").unwrap();
        assert_eq!(t.to_api_string(), "2016-12-03T06:24:34.467");
        assert_eq!(Timestamp::parse(&t.to_api_string()).unwrap(), t);
        assert_eq!(Timestamp::from_unix_millis(t.unix_millis()), Some(t));
    }

    #[test]
    fn echoes_at_most_a_bounded_excerpt() {
        let long = "x".repeat(10_000);
        assert!(Timestamp::parse(&long).unwrap_err().to_string().len() < 200);
    }
}
