//! CBR on the emulator over HTTP: every section 10 choice of the CBR contract, every answer read
//! by the core's decoder; and the proxy forwarding and signing CBR's GETs, and nothing else. One
//! test binary (`cargo test -p vbs-server --test cbr_http`): this file holds the helpers its
//! tests share; the tests stand by theme in `cbr_http/`: the operation-log list, one log with
//! policies, vaults and faults, credentials and CORS, and the proxy and named targets.

mod common;

#[path = "cbr_http/access.rs"]
mod access;
#[path = "cbr_http/log_list.rs"]
mod log_list;
#[path = "cbr_http/proxy.rs"]
mod proxy;
#[path = "cbr_http/resources.rs"]
mod resources;

use common::*;
use serde_json::Value;
use vbs_tasks::core::cbr::OpLogPage;

const TOKEN: &str = "emulator-token";

fn logs_url(base: &str, query: &str) -> String {
    format!("{base}/v3/{PROJECT}/operation-logs?{query}")
}

/// A GET with the emulator's token: status and raw body.
async fn get_cbr(url: &str) -> (u16, Vec<u8>) {
    let response = client()
        .get(url)
        .header("X-Auth-Token", TOKEN)
        .send()
        .await
        .expect("answer");
    let status = response.status().as_u16();
    (status, response.bytes().await.unwrap().to_vec())
}

/// A page, decoded by the core.
async fn logs(base: &str, query: &str) -> OpLogPage {
    let (status, body) = get_cbr(&logs_url(base, query)).await;
    assert_eq!(status, 200, "{query}: {}", String::from_utf8_lossy(&body));
    OpLogPage::from_json(&body).expect("the core decodes the emulator's page")
}

async fn json(url: &str) -> (u16, Value) {
    let (status, body) = get_cbr(url).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// Asserts CBR's own error shape (`error_code`, `error_msg`), also as the core reads it.
fn assert_cbr_error(status: u16, body: &[u8], expected_status: u16, code: &str) {
    let value: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(status, expected_status, "{value}");
    assert_eq!(value["error_code"], code, "{value}");
    assert!(value["error_msg"].as_str().is_some_and(|m| !m.is_empty()));
    let read = vbs_tasks::Error::from_response(status, body);
    assert_eq!(read.code(), Some(code));
}

async fn vaults(base: &str, query: &str) -> Value {
    let (status, body) = json(&format!("{base}/v3/{PROJECT}/vaults?{query}")).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// The vault with the most logs: the one of the biggest VBS policy.
async fn biggest_vault(base: &str) -> String {
    let all = vaults(base, "").await;
    all["vaults"][0]["id"].as_str().unwrap().to_owned()
}
