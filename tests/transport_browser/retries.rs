//! Retries and time budgets: injected 503s retried or given up on, Retry-After (seconds or an HTTP
//! date) honoured, the backoff growing, a dropped connection retried, a slow answer timing out,
//! and the budget covering the retries.
//! Part of the `transport_browser` test binary (declared in `transport_browser.rs`, which says how to run it).

use std::time::Duration;

use vbs_tasks::transport::RetryPolicy;
use vbs_tasks::{ErrorKind, TaskQuery};
use wasm_bindgen::JsValue;

use super::*;

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_retry_succeeds_after_two_injected_503s() {
    let id = policy_id("nightly-small").await;
    set_faults(json!({"policy_id": id, "script": [unavailable(Some(0)), unavailable(Some(0))]}))
        .await;
    let page = client()
        .attempts(3)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("third attempt succeeds");
    assert_eq!(page.count, 5);
    // Both 503s were used up by the one call: a call without retries now succeeds.
    let page = client()
        .attempts(1)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("no fault left");
    assert_eq!(page.count, 5);
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_retry_gives_up_after_the_configured_attempts() {
    let id = own_policy("give-up");
    set_faults(json!({"policy_id": id, "script": [
        unavailable(Some(0)), unavailable(Some(0)), unavailable(Some(0))
    ]}))
    .await;
    let err = client()
        .attempts(2)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("two 503s with two attempts");
    assert_eq!(err.status(), Some(503), "{err}");
    assert!(err.is_retryable());
    // Exactly two were used: the third 503 is still there for the next request, then the
    // script is spent and the emulator answers normally (404: this policy does not exist).
    let err = client()
        .attempts(1)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("third 503");
    assert_eq!(err.status(), Some(503), "{err}");
    let err = client()
        .attempts(1)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("spent");
    assert_eq!(err.status(), Some(404), "{err}");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn retries_are_off_with_one_attempt() {
    let id = own_policy("no-retry");
    set_faults(json!({"policy_id": id, "script": [unavailable(Some(0))]})).await;
    let err = client()
        .attempts(1)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("503");
    assert_eq!(err.status(), Some(503));
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn retry_after_is_read_and_honoured() {
    let id = policy_id("empty-policy").await;
    set_faults(json!({"policy_id": id, "script": [unavailable(Some(1))]})).await;
    let started = now_ms();
    let page = client()
        .retry_policy(
            RetryPolicy::new()
                .attempts(2)
                .base_delay(Duration::from_millis(10)),
        )
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("second attempt");
    let elapsed = now_ms() - started;
    assert_eq!(page.count, 0);
    assert!(
        elapsed >= 950.0,
        "waited {elapsed} ms, Retry-After said 1 s"
    );
    assert!(elapsed < 5_000.0, "waited {elapsed} ms");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn without_retry_after_the_backoff_grows() {
    let id = policy_id("empty-policy").await;
    set_faults(json!({"policy_id": id, "script": [unavailable(None), unavailable(None)]})).await;
    let started = now_ms();
    client()
        .retry_policy(
            RetryPolicy::new()
                .attempts(3)
                .base_delay(Duration::from_millis(200))
                .max_delay(Duration::from_secs(2)),
        )
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("third attempt");
    let elapsed = now_ms() - started;
    // At least half of 200 ms, then half of 400 ms; at most 200 + 400 ms plus the requests.
    assert!(elapsed >= 290.0, "waited only {elapsed} ms");
    assert!(elapsed < 3_000.0, "waited {elapsed} ms");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_a_network_error_and_is_retried() {
    let id = policy_id("nightly-small").await;
    set_faults(json!({"policy_id": id, "script": [{"drop": true}, {"drop": true}]})).await;
    let err = client()
        .attempts(1)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("dropped");
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    let page = client()
        .retry_policy(
            RetryPolicy::new()
                .attempts(2)
                .base_delay(Duration::from_millis(10)),
        )
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("retried after the drop");
    assert_eq!(page.count, 5);
    clear_faults().await;
}

// ---------------------------------------------------------------------------------------------
// Timeout and abort
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_slow_answer_times_out() {
    let id = own_policy("timeout");
    set_faults(json!({"policy_id": id, "script": [{"delay_ms": 3000}]})).await;
    let started = now_ms();
    let err = client()
        .timeout(Duration::from_millis(500))
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("timeout");
    let elapsed = now_ms() - started;
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(!err.is_retryable());
    assert!((450.0..2_500.0).contains(&elapsed), "took {elapsed} ms");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_budget_past_a_timers_range_is_no_budget_not_an_instant_timeout() {
    // setTimeout reads its delay as a 32-bit signed integer: 2^31 ms would fire at once.
    let page = client()
        .timeout(Duration::from_millis(1 << 31))
        .list_tasks(&policy_id("nightly-small").await, &TaskQuery::new())
        .await
        .expect("no timeout");
    assert_eq!(page.count, 5);
}

#[wasm_bindgen_test]
async fn the_budget_covers_the_retries() {
    // Retry-After 1 s fits once in a 1.6 s budget, not twice: the second 503 is returned as is,
    // before the budget ends, instead of waiting into a timeout.
    let id = own_policy("budget");
    set_faults(json!({"policy_id": id, "script": [
        unavailable(Some(1)), unavailable(Some(1)), unavailable(Some(1))
    ]}))
    .await;
    let started = now_ms();
    let err = client()
        .timeout(Duration::from_millis(1600))
        .attempts(5)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("503");
    let elapsed = now_ms() - started;
    assert_eq!(err.status(), Some(503), "{err}");
    assert!((950.0..1_600.0).contains(&elapsed), "took {elapsed} ms");
    // A slow answer after a retry is a timeout of the whole call.
    clear_faults().await;
    add_faults(json!({"policy_id": id, "script": [unavailable(Some(0)), {"delay_ms": 3000}]}))
        .await;
    let started = now_ms();
    let err = client()
        .timeout(Duration::from_millis(700))
        .attempts(3)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("timeout");
    let elapsed = now_ms() - started;
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(elapsed < 2_000.0, "took {elapsed} ms");
    clear_faults().await;
}

/// An HTTP date `secs` seconds from the page's clock, as a server writes it (IMF-fixdate).
fn http_date_in(secs: f64) -> String {
    String::from(js_sys::Date::new(&JsValue::from_f64(now_ms() + secs * 1000.0)).to_utc_string())
}

/// `Retry-After` as an HTTP date: the wait is the date minus the page's clock, capped, and none
/// for a date past. Each case is told apart by the budget rule (a retry whose wait would not fit
/// is not made), not by timing.
#[wasm_bindgen_test]
async fn retry_after_as_an_http_date_is_honoured() {
    let id = policy_id("nightly-small").await;
    // 5 s ahead does not fit a 2 s budget: no retry, the 503 is returned. (Read as no
    // Retry-After, the computed backoff of a few hundred ms would retry, and succeed.)
    set_faults(json!({"policy_id": id, "script": [
        {"status": 503, "retry_after": http_date_in(5.0)}
    ]}))
    .await;
    let err = client()
        .timeout(Duration::from_secs(2))
        .attempts(3)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("the date is past the budget");
    assert_eq!(err.status(), Some(503), "{err}");
    assert!(
        err.retry_after_secs()
            .is_some_and(|secs| (3..=5).contains(&secs)),
        "{err:?}: {:?}",
        err.retry_after_secs()
    );
    // A date already past: retried at once. (The computed backoff, 30 s and more here, would not
    // fit the budget.)
    let slow_backoff = RetryPolicy::new()
        .attempts(2)
        .base_delay(Duration::from_secs(60))
        .max_delay(Duration::from_secs(60));
    add_faults(json!({"policy_id": id, "script": [
        {"status": 503, "retry_after": http_date_in(-60.0)}
    ]}))
    .await;
    let page = client()
        .timeout(Duration::from_secs(5))
        .retry_policy(slow_backoff)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("retried at once");
    assert_eq!(page.count, 5);
    // A date an hour ahead is capped like seconds are: retried after the cap.
    add_faults(json!({"policy_id": id, "script": [
        {"status": 503, "retry_after": http_date_in(3600.0)}
    ]}))
    .await;
    let page = client()
        .timeout(Duration::from_secs(10))
        .retry_policy(slow_backoff.max_retry_after(Duration::from_millis(100)))
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("retried after the cap");
    assert_eq!(page.count, 5);
    clear_faults().await;
}
