//! Slows down guessing: after [`MAX_FAILURES`] failed sign-ins from one address, that address is
//! refused (even with a right token) for [`FIRST_LOCKOUT`], doubling with each lockout in a row.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed sign-ins from one address before it is locked out.
pub const MAX_FAILURES: u32 = 5;
/// How long the first lockout lasts; each following one lasts twice as long, up to [`MAX_LOCKOUT`].
pub const FIRST_LOCKOUT: Duration = Duration::from_secs(60);
/// The longest lockout.
pub const MAX_LOCKOUT: Duration = Duration::from_secs(60 * 60);
/// An address that fails no more for this long starts afresh.
pub const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
/// Addresses remembered at most (beyond it, the forgotten ones are dropped first).
const MAX_ADDRESSES: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Record {
    failures: u32,
    lockouts: u32,
    last_failure: Instant,
    locked_until: Option<Instant>,
}

/// Failed sign-ins by address.
#[derive(Debug, Default)]
pub struct Limiter {
    records: Mutex<HashMap<IpAddr, Record>>,
}

/// The address failures are counted under: an IPv6 client's /64 (one host usually holds all of
/// it), an IPv4-mapped address as IPv4, no address (a caller without a peer) as one.
pub fn client_key(peer: Option<IpAddr>) -> IpAddr {
    match peer {
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(prefix.into())
            }
        },
        Some(v4) => v4,
        None => IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
    }
}

impl Limiter {
    /// `Err(wait)` while `client` is locked out at `now`.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        match records.get(&client).and_then(|record| record.locked_until) {
            Some(until) if until > now => Err(until - now),
            _ => Ok(()),
        }
    }

    /// Counts a failed sign-in from `client` at `now`.
    pub fn failed(&self, client: IpAddr, now: Instant) {
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        if records.len() >= MAX_ADDRESSES {
            records.retain(|_, record| !forgotten(record, now));
        }
        let record = records.entry(client).or_insert(Record {
            failures: 0,
            lockouts: 0,
            last_failure: now,
            locked_until: None,
        });
        if forgotten(record, now) {
            *record = Record {
                failures: 0,
                lockouts: 0,
                last_failure: now,
                locked_until: None,
            };
        }
        record.failures += 1;
        record.last_failure = now;
        if record.failures >= MAX_FAILURES {
            let lockout = FIRST_LOCKOUT
                .saturating_mul(1 << record.lockouts.min(10))
                .min(MAX_LOCKOUT);
            record.locked_until = Some(now + lockout);
            record.lockouts += 1;
            record.failures = 0;
        }
    }

    /// A right token from `client`: its failures are forgotten.
    pub fn succeeded(&self, client: IpAddr) {
        let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
        records.remove(&client);
    }
}

fn forgotten(record: &Record, now: Instant) -> bool {
    let quiet_since = record
        .locked_until
        .unwrap_or(record.last_failure)
        .max(record.last_failure);
    now.saturating_duration_since(quiet_since) >= FORGET_AFTER
}
