//! Zone-less UTC timestamps as the VBS API writes them: `2016-12-02T09:06:46.706`.
//!
//! The API gives no zone and means UTC. The sample has three fraction digits, but other VBS-family
//! endpoints send none or up to nine, and some gateways append `Z`, so the parser takes all of those.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

use super::model::Quoted;

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
            "invalid timestamp {}: expected UTC `YYYY-MM-DDTHH:MM:SS[.fraction]`",
            Quoted(&self.found)
        )
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// 1970-01-01T00:00:00 UTC; a placeholder for decoders that fill a task field by field.
    pub(crate) const UNIX_EPOCH: Self = Self(OffsetDateTime::UNIX_EPOCH);

    /// Parses the API's form; see the module docs for what is accepted.
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        // A fixed layout read field by field: this runs twice per task of every page, and `time`'s
        // general format-description parser was the largest cost of decoding a page.
        Self::read(text).ok_or_else(|| TimestampError {
            // Bound what is echoed back: the value came from the network.
            found: text.chars().take(64).collect(),
        })
    }

    fn read(text: &str) -> Option<Self> {
        let mut fields = Fields::new(text);
        let timestamp = Self::read_fields(&mut fields)?;
        fields.end()?;
        Some(timestamp)
    }

    /// A timestamp written out in `bytes` up to a closing `"`, and how many bytes that took with
    /// the quote: the page reader's way past the string scan for the common, escape-free case.
    /// `None` when the bytes are anything else (the caller then reads the string as a string).
    #[inline]
    pub(crate) fn read_quoted(bytes: &[u8]) -> Option<(Self, usize)> {
        let mut fields = Fields { bytes, at: 0 };
        let timestamp = Self::read_fields(&mut fields)?;
        fields.literal(b'"')?;
        Some((timestamp, fields.at))
    }

    fn read_fields(fields: &mut Fields<'_>) -> Option<Self> {
        let year = fields.number(4)?;
        fields.literal(b'-')?;
        let month = fields.number(2)?;
        fields.literal(b'-')?;
        let day = fields.number(2)?;
        fields.literal(b'T')?;
        let hour = fields.number(2)?;
        fields.literal(b':')?;
        let minute = fields.number(2)?;
        fields.literal(b':')?;
        let second = fields.number(2)?;
        let nanos = match fields.literal(b'.') {
            Some(()) => fields.fraction()?,
            None => 0,
        };
        let _zulu = fields.literal(b'Z');
        utc(year, month, day, hour, minute, second, nanos).map(Self)
    }

    /// Parses the forms CBR writes: the API's form above, and the same followed by a zone
    /// offset `+HH:MM` / `-HH:MM` (`2019-05-23T14:31:36.039+00:00`), converted to UTC. VBS's
    /// [`Timestamp::parse`] stays without offsets: its contract has none, so one there is a fault.
    pub fn parse_zoned(text: &str) -> Result<Self, TimestampError> {
        Self::read_zoned(text).ok_or_else(|| TimestampError {
            found: text.chars().take(64).collect(),
        })
    }

    fn read_zoned(text: &str) -> Option<Self> {
        let mut fields = Fields::new(text);
        let timestamp = Self::read_fields(&mut fields)?;
        if fields.end().is_some() {
            return Some(timestamp);
        }
        // An offset, only where no `Z` was read (`…Z+01:00` is not a form).
        if text.as_bytes().get(fields.at.wrapping_sub(1)) == Some(&b'Z') {
            return None;
        }
        let east = match fields.bytes.get(fields.at) {
            Some(b'+') => true,
            Some(b'-') => false,
            _ => return None,
        };
        fields.at += 1;
        let hours = fields.number(2)?;
        fields.literal(b':')?;
        let minutes = fields.number(2)?;
        fields.end()?;
        if hours > 23 || minutes > 59 {
            return None;
        }
        let offset = time::Duration::minutes(i64::from(hours * 60 + minutes));
        // Local time minus an eastern offset is UTC; checked, as the date may be at the range's end.
        let utc = if east {
            timestamp.0.checked_sub(offset)
        } else {
            timestamp.0.checked_add(offset)
        };
        // A year before 0 cannot be written back in the API's four-digit form.
        utc.filter(|t| t.year() >= 0).map(Self)
    }

    /// Parses the one form CBR's `start_time`/`end_time` filters take: `YYYY-MM-DDTHH:MM:SSZ`,
    /// UTC, whole seconds, the `Z` required.
    pub fn parse_filter_time(text: &str) -> Option<Self> {
        let mut fields = Fields::new(text);
        let year = fields.number(4)?;
        fields.literal(b'-')?;
        let month = fields.number(2)?;
        fields.literal(b'-')?;
        let day = fields.number(2)?;
        fields.literal(b'T')?;
        let hour = fields.number(2)?;
        fields.literal(b':')?;
        let minute = fields.number(2)?;
        fields.literal(b':')?;
        let second = fields.number(2)?;
        fields.literal(b'Z')?;
        fields.end()?;
        utc(year, month, day, hour, minute, second, 0).map(Self)
    }

    /// This instant in the filter form `YYYY-MM-DDTHH:MM:SSZ`, the fraction of a second dropped.
    pub fn to_filter_time(&self) -> String {
        let mut out = String::with_capacity(20);
        let _ = write_civil(&mut out, self.0, "-", ":");
        out.push('Z');
        out
    }

    /// The same instant rounded up to a whole second (unchanged when it is one): a window's end
    /// written in the filter form then still holds it. `None` past the last representable second.
    pub fn ceil_to_second(&self) -> Option<Self> {
        if self.0.nanosecond() == 0 {
            return Some(*self);
        }
        self.0
            .replace_nanosecond(0)
            .ok()?
            .checked_add(time::Duration::SECOND)
            .map(Self)
    }

    /// The instant, as a `time` value in UTC.
    pub fn as_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }

    /// Milliseconds since the Unix epoch (what a JavaScript `Date` takes).
    pub fn unix_millis(&self) -> i64 {
        // Seconds and the millisecond of the second: no i128 division (1 KB of wasm) for this.
        self.0.unix_timestamp() * 1000 + i64::from(self.0.millisecond())
    }

    /// The instant at `millis` since the Unix epoch, if it is a representable date.
    pub fn from_unix_millis(millis: i64) -> Option<Self> {
        // Seconds, then the millisecond: `from_unix_timestamp_nanos` divides an i128 (1 KB of wasm).
        let millisecond = u16::try_from(millis.rem_euclid(1000)).ok()?;
        OffsetDateTime::from_unix_timestamp(millis.div_euclid(1000))
            .ok()?
            .replace_millisecond(millisecond)
            .ok()
            .map(Self)
    }

    /// The API's own form: three fraction digits, or six or nine when the instant needs them (so
    /// what was read is written back unchanged).
    pub fn to_api_string(&self) -> String {
        self.to_string()
    }
}

/// Fixed-width fields of an ASCII date, read left to right.
pub(crate) struct Fields<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Fields {
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    /// Exactly `width` ASCII digits, as a number.
    #[inline(always)]
    pub(crate) fn number(&mut self, width: usize) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + width)?;
        self.at += width;
        let mut value = 0;
        for &byte in digits {
            if !byte.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(byte - b'0');
        }
        Some(value)
    }

    /// The byte `expected`, consumed if it is next.
    #[inline(always)]
    pub(crate) fn literal(&mut self, expected: u8) -> Option<()> {
        (self.bytes.get(self.at) == Some(&expected)).then(|| self.at += 1)
    }

    /// 1 to 9 fraction digits, as nanoseconds.
    fn fraction(&mut self) -> Option<u32> {
        let digits = self.bytes[self.at..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if !(1..=9).contains(&digits) {
            return None;
        }
        let value = self.number(digits)?;
        Some(value * 10u32.pow(9 - digits as u32))
    }

    /// Nothing left.
    pub(crate) fn end(&self) -> Option<()> {
        (self.at == self.bytes.len()).then_some(())
    }
}

/// `YYYY{date_sep}MM{date_sep}DDTHH{time_sep}MM{time_sep}SS` of `t` (in its own offset).
pub(crate) fn write_civil(
    out: &mut impl fmt::Write,
    t: OffsetDateTime,
    date_sep: &str,
    time_sep: &str,
) -> fmt::Result {
    write!(
        out,
        "{:04}{date_sep}{:02}{date_sep}{:02}T{:02}{time_sep}{:02}{time_sep}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The UTC instant of these calendar fields, if they name one.
pub(crate) fn utc(
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
) -> Option<OffsetDateTime> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date =
        Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()?;
    let time = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    Some(date.with_time(time).assume_utc())
}

impl From<OffsetDateTime> for Timestamp {
    fn from(value: OffsetDateTime) -> Self {
        Self(value.to_offset(UtcOffset::UTC))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write_civil(f, t, "-", ":")?;
        let nanos = t.nanosecond();
        if nanos % 1_000_000 == 0 {
            write!(f, ".{:03}", nanos / 1_000_000)
        } else if nanos % 1_000 == 0 {
            write!(f, ".{:06}", nanos / 1_000)
        } else {
            write!(f, ".{nanos:09}")
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Formatted straight into the output: no String per timestamp (two per task served).
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Parsed in the visitor, from the string as read (no String per timestamp on the hot
        // decode path), so that serde_json places a bad value's error at the value itself.
        struct TimestampVisitor;
        impl serde::de::Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a UTC timestamp `YYYY-MM-DDTHH:MM:SS[.fraction]`")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(TimestampVisitor)
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
            "2016-12-02T09:06:46.706Z ",
            "+2016-12-02T09:06:46",
            "16-12-02T09:06:46",
            "2023-02-29T00:00:00",
            "2016-12-02T09:06:60",
            "2016-12-02T09:6:46",
            "２０１６-12-02T09:06:46",
            "2016-12-02T09:06:46.+1",
        ] {
            let err = Timestamp::parse(text).unwrap_err();
            assert!(err.to_string().contains(&format!("{text:?}")), "{err}");
        }
    }

    #[test]
    fn writes_sub_millisecond_instants_with_the_digits_they_need() {
        for (text, written) in [
            ("2016-12-02T09:06:46", "2016-12-02T09:06:46.000"),
            ("2016-12-02T09:06:46.7Z", "2016-12-02T09:06:46.700"),
            ("2016-12-02T09:06:46.706100", "2016-12-02T09:06:46.706100"),
            (
                "2016-12-02T09:06:46.000000001",
                "2016-12-02T09:06:46.000000001",
            ),
            (
                "2024-02-29T23:59:59.999999999",
                "2024-02-29T23:59:59.999999999",
            ),
            ("0001-01-01T00:00:00.5", "0001-01-01T00:00:00.500"),
        ] {
            let t = Timestamp::parse(text).unwrap();
            assert_eq!(t.to_api_string(), written, "{text}");
            assert_eq!(
                Timestamp::parse(written).unwrap(),
                t,
                "{written} reads back"
            );
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
    fn unix_millis_before_the_epoch_and_out_of_range() {
        for (millis, text) in [
            (0, "1970-01-01T00:00:00.000"),
            (-1, "1969-12-31T23:59:59.999"),
            (-1_000, "1969-12-31T23:59:59.000"),
            (-1_001, "1969-12-31T23:59:58.999"),
            (1_480_669_606_706, "2016-12-02T09:06:46.706"),
        ] {
            let t = Timestamp::from_unix_millis(millis).unwrap();
            assert_eq!(t.to_api_string(), text, "{millis}");
            assert_eq!(t.unix_millis(), millis);
        }
        // Past year 9999 (`time` without its large-dates feature): no date, not a panic.
        assert_eq!(Timestamp::from_unix_millis(i64::MAX), None);
        assert_eq!(Timestamp::from_unix_millis(i64::MIN), None);
        assert_eq!(Timestamp::from_unix_millis(253_402_300_800_000), None);
    }

    #[test]
    fn echoes_at_most_a_bounded_excerpt() {
        let long = "x".repeat(10_000);
        assert!(Timestamp::parse(&long).unwrap_err().to_string().len() < 200);
    }
    #[test]
    fn zoned_form_reads_offsets_as_utc_and_keeps_the_plain_forms() {
        for (text, expected) in [
            (
                "2019-05-23T14:31:36.039+00:00",
                datetime!(2019-05-23 14:31:36.039 UTC),
            ),
            (
                "2019-05-23T14:31:36.039365",
                datetime!(2019-05-23 14:31:36.039365 UTC),
            ),
            ("2020-02-23T01:00:32Z", datetime!(2020-02-23 01:00:32 UTC)),
            (
                "2020-02-23T09:00:32+08:00",
                datetime!(2020-02-23 01:00:32 UTC),
            ),
            (
                "2020-02-22T20:30:32-04:30",
                datetime!(2020-02-23 01:00:32 UTC),
            ),
            (
                "2020-01-01T00:00:00+01:00",
                datetime!(2019-12-31 23:00:00 UTC),
            ),
        ] {
            assert_eq!(
                Timestamp::parse_zoned(text).unwrap().as_offset_date_time(),
                expected,
                "{text}"
            );
        }
        for text in [
            "2020-02-23T01:00:32Z+00:00",
            "2020-02-23T01:00:32+0000",
            "2020-02-23T01:00:32+24:00",
            "2020-02-23T01:00:32+00:60",
            "2020-02-23T01:00:32+00:00 ",
            "2020-02-23T01:00:32+",
            "2020-02-23T01:00:32 +00:00",
            "0000-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
        ] {
            let err = Timestamp::parse_zoned(text).unwrap_err();
            assert!(err.to_string().contains(&format!("{text:?}")), "{err}");
        }
        // The VBS form is unchanged: an offset there is still refused.
        assert!(Timestamp::parse("2019-05-23T14:31:36.039+00:00").is_err());
    }

    #[test]
    fn the_filter_form_is_exact_and_round_trips() {
        let t = Timestamp::parse_filter_time("2018-02-01T12:00:00Z").unwrap();
        assert_eq!(t.as_offset_date_time(), datetime!(2018-02-01 12:00:00 UTC));
        assert_eq!(t.to_filter_time(), "2018-02-01T12:00:00Z");
        for text in [
            "2018-02-01T12:00:00",
            "2018-02-01T12:00:00.000Z",
            "2018-02-01T12:00:00+00:00",
            "2018-02-01 12:00:00Z",
            "2018-02-30T12:00:00Z",
            "2018-02-01T12:00:00Zx",
            "",
        ] {
            assert_eq!(Timestamp::parse_filter_time(text), None, "{text}");
        }
        let inside = Timestamp::parse("2018-02-01T12:00:00.25").unwrap();
        assert_eq!(inside.to_filter_time(), "2018-02-01T12:00:00Z");
        assert_eq!(
            inside.ceil_to_second().unwrap().to_filter_time(),
            "2018-02-01T12:00:01Z"
        );
        assert_eq!(t.ceil_to_second(), Some(t));
        let last = Timestamp::parse("9999-12-31T23:59:59.5").unwrap();
        assert_eq!(last.ceil_to_second(), None);
    }
}
