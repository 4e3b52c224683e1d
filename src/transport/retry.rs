//! The attempts of one call: send, and on a retryable failure wait (see [`RetryPolicy`]) and send
//! again, within what is left of the call's time budget.

use std::time::Duration;

use gloo_timers::future::TimeoutFuture;

use crate::core::error::Error;

use super::cancel::{now_ms, timer_ms};
use super::client::Auth;
use super::fetch::{attempt, Target};
use super::retry_policy::RetryPolicy;

/// Sends the request up to `policy.get_attempts()` times; returns the first 2xx body or the last
/// error. `budget` is the whole call's time budget (the caller enforces it; here it only stops a
/// retry whose wait would not fit).
pub(crate) async fn with_retries(
    target: &Target,
    auth: &Auth,
    policy: &RetryPolicy,
    budget: Option<Duration>,
) -> Result<Vec<u8>, Error> {
    let started = now_ms();
    let mut attempt_number = 1;
    loop {
        let error = match attempt(target, auth).await {
            Ok(body) => return Ok(body),
            Err(error) => error,
        };
        let remaining = budget.map(|budget| {
            let elapsed = (now_ms() - started).max(0.0);
            budget.saturating_sub(
                Duration::try_from_secs_f64(elapsed / 1000.0).unwrap_or(Duration::MAX),
            )
        });
        match policy.decide(attempt_number, &error, js_sys::Math::random(), remaining) {
            Some(wait) => {
                TimeoutFuture::new(timer_ms(wait)).await;
                attempt_number += 1;
            }
            None => return Err(error),
        }
    }
}
