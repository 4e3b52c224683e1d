//! A team behind a login: `--access-tokens`, `POST /login` and its cookie, Bearer tokens, the
//! lockout after repeated failures, the audit log, the refusal to expose a signing server, and
//! `vbs-server hash-token`. One test binary (`cargo test -p vbs-server --test access_http`): this
//! file holds the helpers its tests share; the tests stand by theme in `access_http/`: signing in,
//! the audit log, and what a server checks when it starts.

mod common;

#[path = "access_http/audit.rs"]
mod audit;
#[path = "access_http/sign_in.rs"]
mod sign_in;
#[path = "access_http/startup.rs"]
mod startup;

use std::path::PathBuf;
use std::sync::Once;

use common::*;
use reqwest::header::{HeaderMap, SET_COOKIE};
use serde_json::Value;
use vbs_server::access::tokens::hash_hex;
use vbs_server::{start, Config, Running};

const ALICE: &str = "alice-secret-token-4242";
const BOB: &str = "bob-secret-token-1717";
const SIGN_IN: &str = "VbsServer.0401";

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vbs-access-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A tokens file for alice and bob in `dir`.
fn tokens_file(dir: &std::path::Path) -> String {
    let path = dir.join("tokens.txt");
    std::fs::write(
        &path,
        format!(
            "# who may sign in\nalice:{}\nbob:{}\n",
            hash_hex(ALICE.as_bytes()),
            hash_hex(BOB.as_bytes())
        ),
    )
    .unwrap();
    path.display().to_string()
}

/// A built viewer's stand-in: a page with a head and one hashed asset.
fn dist(dir: &std::path::Path) -> String {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><html><head><title>VBS</title>\
         <link href=/app-0123abcd.css rel=stylesheet></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(dist.join("app-0123abcd.css"), "body{}").unwrap();
    dist.display().to_string()
}

/// A server with tokens for alice and bob (and these extra flags), serving a stand-in viewer.
async fn guarded(name: &str, flags: &[&str]) -> (Running, PathBuf) {
    let dir = scratch(name);
    let tokens = tokens_file(&dir);
    let dist = dist(&dir);
    let mut args = vec![
        "--port",
        "0",
        "--no-live",
        "--dist",
        &dist,
        "--access-tokens",
        &tokens,
    ];
    args.extend_from_slice(flags);
    let running = start(Config::from_args(args).unwrap()).await.unwrap();
    (running, dir)
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn login(base: &str, token: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("token", token)
        .finish();
    let mut request = no_redirects()
        .post(format!("{base}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

/// The `name=value` of the session cookie a sign-in set.
fn session_of(headers: &HeaderMap) -> String {
    let cookie = headers[SET_COOKIE].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

async fn json(response: reqwest::Response) -> (u16, HeaderMap, Value) {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await.unwrap();
    (
        status,
        headers,
        serde_json::from_slice(&body).unwrap_or(Value::Null),
    )
}

fn policies_url(base: &str) -> String {
    format!("{base}/v2/{PROJECT}/backuppolicy")
}

/// The proxy reads AK/SK from the environment; every test in this binary that needs them sets
/// the same values.
fn credentials() {
    static SET: Once = Once::new();
    SET.call_once(|| {
        std::env::set_var("HUAWEICLOUD_SDK_AK", "EMULATORAK0000000001");
        std::env::set_var("HUAWEICLOUD_SDK_SK", "emulator-secret-key");
        std::env::remove_var("HUAWEICLOUD_SDK_SECURITY_TOKEN");
    });
}
