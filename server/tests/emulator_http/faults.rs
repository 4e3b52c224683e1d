//! Fault injection over HTTP: scripted faults (`/__emulator/faults`: 503, delay, drop, repeated
//! page) and their plan's validation, and random faults from the flags.
//! Run: `cargo test -p vbs-server --test emulator_http` (one binary, declared in `emulator_http.rs`).

use crate::common::*;

#[tokio::test]
async fn scripted_faults_503_delay_drop_then_normal() {
    let server = server(&[]).await;
    let base = server.url();
    let small = policy_id(&base, "nightly-small").await;
    add_faults(
        &base,
        serde_json::json!({"policy_id": small, "script": [{"status": 503, "retry_after": 2}, {"delay_ms": 300}, {"drop": true}]}),
    )
    .await;
    let url = tasks_url(&base, &small, "");
    let first = client().get(&url).send().await.unwrap();
    assert_eq!(first.status().as_u16(), 503);
    assert_eq!(first.headers()["retry-after"], "2");
    let body: serde_json::Value = first.json().await.unwrap();
    assert_eq!(body["error"]["code"], "VolumeBackup.0900");
    let started = std::time::Instant::now();
    assert_eq!(
        client().get(&url).send().await.unwrap().status().as_u16(),
        200
    );
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    let dropped = client().get(&url).send().await;
    assert!(
        dropped.is_err(),
        "the connection should close unanswered: {dropped:?}"
    );
    assert_eq!(
        client().get(&url).send().await.unwrap().status().as_u16(),
        200
    );
    // The policy lookup, the four requests above: one of each fault, counted.
    let (status, counts) = get(&format!("{base}/__emulator/faults")).await;
    assert_eq!(status, 200);
    assert_eq!(
        counts,
        serde_json::json!({"requests": 5, "unavailable": 1, "dropped": 1, "raw": 0, "delayed": 1})
    );
}

#[tokio::test]
async fn repeat_page_ignores_paging_until_cleared() {
    let server = server(&[]).await;
    let base = server.url();
    let policy = policy_id(&base, "weekly-database").await;
    add_faults(
        &base,
        serde_json::json!({"policy_id": policy, "repeat_page": true}),
    )
    .await;
    let first = page(&base, &policy, "limit=10").await;
    assert_eq!(page(&base, &policy, "limit=10&offset=10").await, first);
    let response = client()
        .delete(format!("{base}/__emulator/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    assert_ne!(page(&base, &policy, "limit=10&offset=10").await, first);
}

#[tokio::test]
async fn a_bad_fault_plan_is_400() {
    let server = server(&[]).await;
    let response = client()
        .post(format!("{}/__emulator/faults", server.url()))
        .body(r#"{"policy":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
}

#[tokio::test]
async fn random_faults_from_flags() {
    let server = server(&["--fault-503-rate", "1"]).await;
    let (status, body) = get(&format!("{}/v2/{PROJECT}/backuppolicy", server.url())).await;
    assert_service_error(status, &body, 503, "VolumeBackup.0900");
}
