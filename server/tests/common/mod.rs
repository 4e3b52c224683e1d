//! Shared helpers of the server's HTTP tests.
#![allow(dead_code)]

use std::collections::HashSet;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use vbs_server::{start, Config, Running};
use vbs_tasks::{PolicyList, TaskPage};

pub const PROJECT: &str = vbs_server::dataset::DEFAULT_PROJECT_ID;

/// A server on a free loopback port with these extra flags (always `--no-live`).
pub async fn server(flags: &[&str]) -> Running {
    let mut args = vec!["--port", "0", "--no-live", "--dist", "/nonexistent-dist"];
    args.extend_from_slice(flags);
    start(Config::from_args(args).expect("valid flags"))
        .await
        .expect("server starts")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().build().unwrap()
}

pub async fn get(url: &str) -> (u16, Value) {
    let response = client().get(url).send().await.expect("answer");
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// The body of a GET sent with the emulator's token.
/// Scripts the emulator's next answers (`/__emulator/faults`, see server/src/faults.rs).
pub async fn add_faults(base: &str, plan: Value) {
    let response = client()
        .post(format!("{base}/__emulator/faults"))
        .json(&plan)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
}

pub async fn body_with_token(url: &str) -> Vec<u8> {
    let response = client()
        .get(url)
        .header("X-Auth-Token", "emulator-token")
        .send()
        .await
        .expect("answer");
    response.bytes().await.expect("a body").to_vec()
}

pub async fn policies(base: &str) -> PolicyList {
    let body = client()
        .get(format!("{base}/v2/{PROJECT}/backuppolicy"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    PolicyList::from_json(&body).expect("the core decodes the emulator's policies")
}

pub async fn policy_id(base: &str, name: &str) -> String {
    policies(base)
        .await
        .backup_policies
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no policy named {name}"))
        .id
}

pub fn tasks_url(base: &str, policy: &str, query: &str) -> String {
    format!("{base}/v2/{PROJECT}/backuppolicy/{policy}/backuptasks?{query}")
}

/// One page, decoded by the core (so every answer is also checked against the client's model).
pub async fn page(base: &str, policy: &str, query: &str) -> TaskPage {
    let response = client()
        .get(tasks_url(base, policy, query))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "{query}");
    TaskPage::from_json(&response.bytes().await.unwrap())
        .expect("the core decodes the emulator's page")
}

/// Asserts an error answer in the service shape.
pub fn assert_service_error(status: u16, body: &Value, expected_status: u16, code: &str) {
    assert_eq!(status, expected_status, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

/// Asserts an error answer in the gateway shape.
pub fn assert_gateway_error(status: u16, body: &Value, expected_status: u16, code: &str) {
    assert_eq!(status, expected_status, "{body}");
    assert_eq!(body["error_code"], code, "{body}");
    assert!(
        body["error_msg"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(
        body["request_id"].as_str().is_some_and(|m| m.len() >= 16),
        "{body}"
    );
}

/// Sends raw bytes and returns the raw answer (for what an HTTP client library will not send).
pub async fn raw(addr: std::net::SocketAddr, request: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        stream.read_to_end(&mut answer),
    )
    .await;
    String::from_utf8_lossy(&answer).into_owned()
}

pub fn ids(page: &TaskPage) -> Vec<String> {
    page.tasks.iter().map(|t| t.job_id.clone()).collect()
}

pub fn assert_unique(ids: &[String]) {
    let set: HashSet<&String> = ids.iter().collect();
    assert_eq!(set.len(), ids.len(), "duplicates in the walk");
}
