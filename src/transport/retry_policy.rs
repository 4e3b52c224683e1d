//! When to send a failed request again, and how long to wait first.
//!
//! Pure (no clock, no random source, no I/O): the browser transport passes in the random number and
//! the time left, so every rule here is unit-tested natively.
//!
//! The rules:
//!
//! - only errors that [`Error::is_retryable`] (429, 502, 503, 504, network failures) are retried,
//!   and only while fewer than [`RetryPolicy::get_attempts`] attempts were made (attempts count the
//!   first request: 3 means one request and at most two retries; 1 turns retries off);
//! - without `Retry-After`, the wait before retry *n* (n = 1, 2, …) is exponential with "equal
//!   jitter": `ceiling = min(max_delay, base_delay × 2^(n−1))`, `wait = ceiling × (1 + random) / 2`
//!   with `random` in `[0, 1)`, so between half and all of the ceiling;
//! - with `Retry-After` (seconds, or an HTTP date: see [`parse_retry_after`]), the wait is that
//!   many seconds capped at `max_retry_after`: the server's own estimate, capped so that a server
//!   cannot park a client for long;
//! - when a time budget is given, a retry whose wait would use up the rest of it is not made: the
//!   caller gets the server's error, which says more than a timeout would.
//!
//! ```
//! use std::time::Duration;
//! use vbs_tasks::transport::RetryPolicy;
//!
//! let policy = RetryPolicy::new(); // 3 attempts, 250 ms base, 4 s ceiling, Retry-After capped at 10 s
//! // The wait before the 2nd retry with random = 0.5 is 3/4 of 500 ms.
//! assert_eq!(policy.backoff(2, None, 0.5), Duration::from_millis(375));
//! // A Retry-After of 2 s is honoured as is.
//! assert_eq!(policy.backoff(1, Some(2), 0.9), Duration::from_secs(2));
//! ```

use std::time::Duration;

use crate::core::error::Error;
use crate::core::time::{utc, Fields};

/// How many attempts a call makes and how long it waits between them. Builder style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: Self::DEFAULT_ATTEMPTS,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(4),
            max_retry_after: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// Attempts per call by default: the first request and up to two retries.
    pub const DEFAULT_ATTEMPTS: u32 = 3;

    /// The defaults: 3 attempts, 250 ms base delay, 4 s ceiling, `Retry-After` capped at 10 s.
    pub fn new() -> Self {
        Self::default()
    }

    /// One attempt: no retries.
    pub fn none() -> Self {
        Self::default().attempts(1)
    }

    /// Attempts in all, the first request included; 0 is read as 1.
    pub fn attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts.max(1);
        self
    }

    /// The ceiling of the first retry's wait; each further retry doubles it, up to `max_delay`.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest computed wait between two attempts.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest wait a server's `Retry-After` can ask for; longer values are cut to this.
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// Attempts in all (at least 1).
    pub fn get_attempts(&self) -> u32 {
        self.attempts
    }

    /// See [`RetryPolicy::base_delay`].
    pub fn get_base_delay(&self) -> Duration {
        self.base_delay
    }

    /// See [`RetryPolicy::max_delay`].
    pub fn get_max_delay(&self) -> Duration {
        self.max_delay
    }

    /// See [`RetryPolicy::max_retry_after`].
    pub fn get_max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The wait before retry number `retry` (1 for the first retry, i.e. the second attempt).
    ///
    /// `retry_after_secs` is the server's `Retry-After`; `random` a number in `[0, 1)` (values
    /// outside are clamped, NaN reads as 0).
    pub fn backoff(&self, retry: u32, retry_after_secs: Option<u64>, random: f64) -> Duration {
        if let Some(secs) = retry_after_secs {
            return Duration::from_secs(secs).min(self.max_retry_after);
        }
        let random = if random.is_finite() {
            random.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let doublings = retry.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .checked_mul(1u32 << doublings)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        // Not `mul_f64`: it panics where a huge configured ceiling rounds past `Duration::MAX`.
        Duration::try_from_secs_f64(ceiling.as_secs_f64() * (1.0 + random) / 2.0)
            .unwrap_or(ceiling)
            .min(ceiling)
    }

    /// What to do after attempt number `attempt` (1-based) failed with `error`: `Some(wait)` to try
    /// again after `wait`, `None` to give up and return `error`.
    ///
    /// `remaining` is the time left of the call's budget, if it has one: a retry whose wait would
    /// not leave any of it is not made.
    pub fn decide(
        &self,
        attempt: u32,
        error: &Error,
        random: f64,
        remaining: Option<Duration>,
    ) -> Option<Duration> {
        if attempt >= self.attempts || !error.is_retryable() {
            return None;
        }
        let wait = self.backoff(attempt, error.retry_after_secs(), random);
        match remaining {
            Some(left) if wait >= left => None,
            _ => Some(wait),
        }
    }
}

/// How many seconds a `Retry-After` header value asks to wait, read at `now_unix_ms` (the
/// client's clock, in milliseconds since the Unix epoch).
///
/// Both forms of RFC 9110 §10.2.3:
///
/// - delay-seconds (`"120"`): that many seconds; a number too large for `u64` reads as `u64::MAX`
///   (then capped by the policy);
/// - an HTTP date, in any of the three formats a recipient must accept (§5.6.7): the preferred
///   IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete ones, RFC 850
///   (`Sunday, 06-Nov-94 08:49:37 GMT`, a two-digit year more than 50 years ahead being the last
///   century's) and asctime (`Sun Nov  6 08:49:37 1994`). The wait is the date minus the client's
///   clock, rounded up to whole seconds (never sooner than the server asked), and 0 for a date
///   already past. Day and month names are read without regard to ASCII case.
///
/// Anything else gives `None`: the computed backoff applies.
pub fn parse_retry_after(value: &str, now_unix_ms: i64) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse().unwrap_or(u64::MAX));
    }
    let date_ms = http_date(value, now_unix_ms)?.checked_mul(1000)?;
    let wait_ms = date_ms.saturating_sub(now_unix_ms);
    if wait_ms <= 0 {
        return Some(0);
    }
    // Rounded up: retrying before the date would be too soon.
    u64::try_from(wait_ms).ok().map(|ms| ms.div_ceil(1000))
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn one_of(names: &[&str], text: &str) -> bool {
    names.iter().any(|name| name.eq_ignore_ascii_case(text))
}

/// A month's number (1–12) from its three-letter name.
fn month(text: &str) -> Option<u32> {
    let index = MONTHS
        .iter()
        .position(|name| name.eq_ignore_ascii_case(text))?;
    u32::try_from(index + 1).ok()
}

/// A number of exactly `widths` digits (one of them).
fn digits(text: &str, widths: &[usize]) -> Option<u32> {
    if !widths.contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The Unix time (seconds) of an HTTP date in one of its three formats (see [`parse_retry_after`]).
fn http_date(text: &str, now_unix_ms: i64) -> Option<i64> {
    match text.split_once(',') {
        // IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
        Some((day, rest)) if one_of(&DAYS, day) => {
            let mut parts = rest.strip_prefix(' ')?.split(' ');
            let day = digits(parts.next()?, &[2])?;
            let month = month(parts.next()?)?;
            let year = digits(parts.next()?, &[4])?;
            let clock = parts.next()?;
            gmt_and_end(parts)?;
            unix_time(year, month, day, clock)
        }
        // RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`.
        Some((day, rest)) if one_of(&LONG_DAYS, day) => {
            let mut parts = rest.strip_prefix(' ')?.split(' ');
            let mut date = parts.next()?.split('-');
            let day = digits(date.next()?, &[2])?;
            let month = month(date.next()?)?;
            let short_year = digits(date.next()?, &[2])?;
            if date.next().is_some() {
                return None;
            }
            let clock = parts.next()?;
            gmt_and_end(parts)?;
            unix_time(full_year(short_year, now_unix_ms)?, month, day, clock)
        }
        Some(_) => None,
        // asctime: `Sun Nov  6 08:49:37 1994` (a one-digit day is padded with a space).
        None => {
            let mut parts = text.split_ascii_whitespace();
            if !one_of(&DAYS, parts.next()?) {
                return None;
            }
            let month = month(parts.next()?)?;
            let day = digits(parts.next()?, &[1, 2])?;
            let clock = parts.next()?;
            let year = digits(parts.next()?, &[4])?;
            if parts.next().is_some() {
                return None;
            }
            unix_time(year, month, day, clock)
        }
    }
}

/// `GMT`, then nothing.
fn gmt_and_end<'a>(mut parts: impl Iterator<Item = &'a str>) -> Option<()> {
    let zone = parts.next()?;
    (zone.eq_ignore_ascii_case("GMT") && parts.next().is_none()).then_some(())
}

/// The year of RFC 850's two digits: this century's, unless that is more than 50 years ahead of
/// the client's clock, then the last century's (RFC 9110 §5.6.7).
fn full_year(short_year: u32, now_unix_ms: i64) -> Option<u32> {
    let now = time::OffsetDateTime::from_unix_timestamp(now_unix_ms.div_euclid(1000)).ok()?;
    let this_year = u32::try_from(now.year()).ok()?;
    let year = this_year - this_year % 100 + short_year;
    Some(if year > this_year + 50 {
        year - 100
    } else {
        year
    })
}

/// The Unix time of a date and an `HH:MM:SS` clock (a leap second `:60` read as the next second).
fn unix_time(year: u32, month: u32, day: u32, clock: &str) -> Option<i64> {
    let mut fields = Fields::new(clock);
    let hour = fields.number(2)?;
    fields.literal(b':')?;
    let minute = fields.number(2)?;
    fields.literal(b':')?;
    let second = fields.number(2)?;
    fields.end()?;
    let leap = i64::from(second == 60);
    let at = utc(year, month, day, hour, minute, second - leap as u32, 0)?;
    Some(at.unix_timestamp() + leap)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn defaults_are_three_attempts() {
        let policy = RetryPolicy::new();
        assert_eq!(policy.get_attempts(), 3);
        assert_eq!(RetryPolicy::none().get_attempts(), 1);
        assert_eq!(RetryPolicy::new().attempts(0).get_attempts(), 1);
    }

    #[test]
    fn backoff_doubles_up_to_the_ceiling_with_equal_jitter() {
        let policy = RetryPolicy::new().base_delay(ms(100)).max_delay(ms(1000));
        // random = 0 gives half the ceiling, random → 1 the whole ceiling.
        assert_eq!(policy.backoff(1, None, 0.0), ms(50));
        assert_eq!(policy.backoff(1, None, 1.0), ms(100));
        assert_eq!(policy.backoff(2, None, 0.0), ms(100));
        assert_eq!(policy.backoff(3, None, 0.0), ms(200));
        assert_eq!(policy.backoff(4, None, 0.0), ms(400));
        assert_eq!(policy.backoff(5, None, 0.0), ms(500));
        assert_eq!(policy.backoff(5, None, 1.0), ms(1000));
        // Huge retry numbers and ceilings do not overflow.
        assert_eq!(policy.backoff(u32::MAX, None, 1.0), ms(1000));
        let unbounded = RetryPolicy::new()
            .base_delay(Duration::MAX)
            .max_delay(Duration::MAX);
        assert_eq!(unbounded.backoff(40, None, 1.0), Duration::MAX);
        assert!(unbounded.backoff(1, None, 0.0) >= Duration::from_secs(u64::MAX / 3));
        assert_eq!(policy.backoff(0, None, 1.0), ms(100));
    }

    #[test]
    fn jitter_spreads_within_bounds_and_bad_randoms_are_clamped() {
        let policy = RetryPolicy::new().base_delay(ms(400)).max_delay(ms(10_000));
        for i in 0..100 {
            let r = f64::from(i) / 100.0;
            let wait = policy.backoff(2, None, r);
            assert!(wait >= ms(400) && wait <= ms(800), "{r}: {wait:?}");
        }
        assert_eq!(policy.backoff(1, None, f64::NAN), ms(200));
        assert_eq!(policy.backoff(1, None, -3.0), ms(200));
        assert_eq!(policy.backoff(1, None, f64::INFINITY), ms(200));
        assert_eq!(policy.backoff(1, None, 7.0), ms(400));
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let policy = RetryPolicy::new().max_retry_after(Duration::from_secs(5));
        assert_eq!(policy.backoff(1, Some(0), 0.7), Duration::ZERO);
        assert_eq!(policy.backoff(3, Some(2), 0.7), Duration::from_secs(2));
        assert_eq!(policy.backoff(1, Some(3600), 0.7), Duration::from_secs(5));
        assert_eq!(
            policy.backoff(1, Some(u64::MAX), 0.7),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn only_retryable_errors_are_retried_and_only_within_the_attempts() {
        let policy = RetryPolicy::new().base_delay(ms(100));
        let unavailable = Error::from_response(503, b"");
        assert_eq!(policy.decide(1, &unavailable, 0.0, None), Some(ms(50)));
        assert_eq!(policy.decide(2, &unavailable, 0.0, None), Some(ms(100)));
        assert_eq!(policy.decide(3, &unavailable, 0.0, None), None);
        for status in [429, 502, 504] {
            assert!(policy
                .decide(1, &Error::from_response(status, b""), 0.0, None)
                .is_some());
        }
        assert!(policy
            .decide(1, &Error::network("refused", None), 0.0, None)
            .is_some());
        for error in [
            Error::from_response(400, b""),
            Error::from_response(401, b""),
            Error::from_response(404, b""),
            Error::from_response(500, b""),
            Error::timeout(10),
            Error::aborted(),
            Error::decode("tasks", "x"),
            Error::invalid_input("limit", "x"),
        ] {
            assert_eq!(policy.decide(1, &error, 0.0, None), None, "{error}");
        }
        assert_eq!(RetryPolicy::none().decide(1, &unavailable, 0.0, None), None);
    }

    #[test]
    fn retry_after_on_the_error_is_used() {
        let policy = RetryPolicy::new();
        let error = Error::from_response(429, b"").with_retry_after(Some(1));
        assert_eq!(
            policy.decide(1, &error, 0.3, None),
            Some(Duration::from_secs(1))
        );
        let now = Error::from_response(503, b"").with_retry_after(Some(0));
        assert_eq!(policy.decide(1, &now, 0.3, None), Some(Duration::ZERO));
    }

    #[test]
    fn no_retry_when_the_wait_would_use_up_the_budget() {
        let policy = RetryPolicy::new();
        let error = Error::from_response(503, b"").with_retry_after(Some(2));
        assert_eq!(policy.decide(1, &error, 0.0, Some(ms(1999))), None);
        assert_eq!(policy.decide(1, &error, 0.0, Some(ms(2000))), None);
        assert_eq!(
            policy.decide(1, &error, 0.0, Some(ms(2001))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.decide(
                1,
                &Error::from_response(503, b""),
                0.0,
                Some(Duration::ZERO)
            ),
            None
        );
    }

    /// 2015-10-21T07:28:00Z, the date of RFC 9110's examples' kind, in milliseconds.
    const OCT_21_2015: i64 = 1_445_412_480_000;

    #[test]
    fn retry_after_reads_seconds() {
        for now in [0, OCT_21_2015] {
            assert_eq!(parse_retry_after("120", now), Some(120));
            assert_eq!(parse_retry_after(" 0 ", now), Some(0));
            assert_eq!(
                parse_retry_after("99999999999999999999999", now),
                Some(u64::MAX)
            );
            assert_eq!(parse_retry_after("-1", now), None);
            assert_eq!(parse_retry_after("1.5", now), None);
            assert_eq!(parse_retry_after("", now), None);
        }
    }

    #[test]
    fn retry_after_reads_the_three_http_date_formats() {
        let now = OCT_21_2015;
        for value in [
            "Wed, 21 Oct 2015 07:28:30 GMT",
            "Wednesday, 21-Oct-15 07:28:30 GMT",
            "Wed Oct 21 07:28:30 2015",
            // Names in another ASCII case, and surrounding spaces.
            " wed, 21 OCT 2015 07:28:30 gmt ",
        ] {
            assert_eq!(parse_retry_after(value, now), Some(30), "{value}");
        }
        // asctime pads a one-digit day with a space.
        assert_eq!(
            parse_retry_after("Sun Nov  6 08:49:37 1994", 784_111_777_000 - 7_000),
            Some(7)
        );
    }

    #[test]
    fn a_date_waits_from_the_clients_clock_rounded_up_never_negative() {
        let date = "Wed, 21 Oct 2015 07:28:30 GMT";
        // 29.999 s before: 30 s, never sooner than the server asked.
        assert_eq!(parse_retry_after(date, OCT_21_2015 + 1), Some(30));
        assert_eq!(parse_retry_after(date, OCT_21_2015 + 29_000), Some(1));
        assert_eq!(parse_retry_after(date, OCT_21_2015 + 29_999), Some(1));
        // At the date, and past it: no wait.
        assert_eq!(parse_retry_after(date, OCT_21_2015 + 30_000), Some(0));
        assert_eq!(parse_retry_after(date, OCT_21_2015 + 3_600_000), Some(0));
        // A date a day ahead is a day's seconds; the policy caps it.
        let tomorrow = "Thu, 22 Oct 2015 07:28:00 GMT";
        assert_eq!(parse_retry_after(tomorrow, OCT_21_2015), Some(86_400));
        let policy = RetryPolicy::new().max_retry_after(Duration::from_secs(5));
        let error = Error::from_response(503, b"")
            .with_retry_after(parse_retry_after(tomorrow, OCT_21_2015));
        assert_eq!(
            policy.decide(1, &error, 0.5, None),
            Some(Duration::from_secs(5))
        );
        // A leap second is the second after :59.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:60 GMT", OCT_21_2015),
            Some(60)
        );
    }

    #[test]
    fn an_rfc_850_year_more_than_50_years_ahead_is_the_last_centurys() {
        // Read in 2015: "65" is 2065 (50 years ahead), "66" is 1966.
        let ahead = parse_retry_after("Wednesday, 21-Oct-65 07:28:00 GMT", OCT_21_2015);
        assert_eq!(ahead, Some(1_577_923_200));
        let past = parse_retry_after("Friday, 21-Oct-66 07:28:00 GMT", OCT_21_2015);
        assert_eq!(past, Some(0));
    }

    #[test]
    fn what_is_not_an_http_date_is_no_retry_after() {
        let now = OCT_21_2015;
        for value in [
            "tomorrow",
            "Wed, 21 Oct 2015 07:28:00",
            "Wed, 21 Oct 2015 07:28:00 UTC",
            "Wed, 21 Oct 2015 07:28:00 GMT extra",
            "Wed,21 Oct 2015 07:28:00 GMT",
            "Wed, 21 Oct 15 07:28:00 GMT",
            "Wed, 1 Oct 2015 07:28:00 GMT",
            "Wed, 32 Oct 2015 07:28:00 GMT",
            "Wed, 21 Okt 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 24:28:00 GMT",
            "Wed, 21 Oct 2015 07:28 GMT",
            "Wed, 21 Oct 2015 07:28:61 GMT",
            "Xyz, 21 Oct 2015 07:28:00 GMT",
            "Wednesday, 21-Oct-2015 07:28:00 GMT",
            "Wednesday, 21-Oct-15-1 07:28:00 GMT",
            "Wed, 21-Oct-15 07:28:00 GMT",
            "Wed Oct 21 07:28:00 15",
            "Wed Oct 21 07:28:00 2015 GMT",
            "Wed Oct",
            "2015-10-21T07:28:00Z",
            ",",
            "Wed, 29 Feb 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 ０7:28:00 GMT",
        ] {
            assert_eq!(parse_retry_after(value, now), None, "{value}");
        }
        // A clock far outside what a date can hold reads no date, and does not overflow.
        assert_eq!(
            parse_retry_after("Wednesday, 21-Oct-15 07:28:00 GMT", i64::MAX),
            None
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", i64::MIN),
            Some((i64::MAX as u64).div_ceil(1000))
        );
    }
}
