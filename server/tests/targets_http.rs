//! Several targets in one server: two emulators with different keys, data and projects behind one
//! `vbs-server --config FILE`, a fake IAM that checks signatures and names one, none or several
//! projects, and the single-target flags finding their project through the emulator's IAM. One
//! test binary (`cargo test -p vbs-server --test targets_http`): this file holds the emulators,
//! the fake IAM and the helpers its tests share; the tests stand by theme in `targets_http/`: the
//! requests routed to each target, and what a server finds and checks when it starts.

mod common;

#[path = "targets_http/routes.rs"]
mod routes;
#[path = "targets_http/startup.rs"]
mod startup;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use common::*;
use serde_json::{json, Value};
use vbs_server::auth::form_pairs;
use vbs_server::{start, Config, Running};
use vbs_tasks::core::sign::Authorization;
use vbs_tasks::{PolicyList, Signer};

const PROJECT_A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
const PROJECT_B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2";
const AK_A: &str = "AKALPHA0000000000001";
const SK_A: &str = "alpha-secret-planted-1";
const AK_B: &str = "AKBRAVO0000000000002";
const SK_B: &str = "bravo-secret-planted-2";

/// An emulator that requires auth and accepts only these keys (and the default token).
async fn emulator(ak: &str, sk: &str, seed: &str, project: &str) -> Running {
    server(&[
        "--require-auth",
        "--access-key",
        ak,
        "--secret-key",
        sk,
        "--seed",
        seed,
        "--project-id",
        project,
    ])
    .await
}

/// A targets file in the temp directory, named after the test.
fn write_config(test: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("vbs-targets-{}-{test}.toml", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

/// Each test's variables have their own names: tests run in parallel threads of one process.
fn set_keys(prefix: &str, ak: &str, sk: &str) {
    std::env::set_var(format!("{prefix}_AK"), ak);
    std::env::set_var(format!("{prefix}_SK"), sk);
}

async fn start_config(path: &Path, extra: &[&str]) -> Result<Running, String> {
    let mut args = vec!["--port", "0"];
    if !extra.contains(&"--dist") {
        args.extend(["--dist", "/nonexistent-dist"]);
    }
    args.extend([
        "--upstream-timeout-secs",
        "2",
        "--config",
        path.to_str().unwrap(),
    ]);
    args.extend_from_slice(extra);
    start(Config::from_args(args).unwrap()).await
}

/// A stand-in for IAM: answers `GET /v3/projects?name=…` only when signed with its keys, and
/// counts the requests whose signature it verified.
struct FakeIam {
    url: String,
    signed: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

struct IamState {
    signer: Signer,
    signed: Arc<AtomicUsize>,
}

async fn fake_iam(ak: &str, sk: &str) -> FakeIam {
    let signed = Arc::new(AtomicUsize::new(0));
    let state = Arc::new(IamState {
        signer: Signer::new(ak, sk),
        signed: signed.clone(),
    });
    let app = axum::Router::new()
        .route("/v3/projects", axum::routing::get(iam_projects))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    FakeIam { url, signed, task }
}

async fn iam_projects(State(state): State<Arc<IamState>>, request: Request) -> Response {
    let headers = request.headers().clone();
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let pairs = form_pairs(request.uri().query().unwrap_or(""));
    let verified = header("authorization")
        .and_then(|value| Authorization::parse(&value).ok())
        .is_some_and(|authorization| {
            state
                .signer
                .verify(
                    "GET",
                    request.uri().path(),
                    pairs.clone(),
                    &authorization,
                    header,
                    b"",
                )
                .is_ok()
        });
    if !verified {
        let body = json!({"error": {"code": "IAM.0001", "message": "The request you have made requires authentication.", "title": "Unauthorized"}});
        return (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
    }
    state.signed.fetch_add(1, Ordering::SeqCst);
    let name = pairs
        .into_iter()
        .find(|(key, _)| key == "name")
        .map(|(_, value)| value)
        .unwrap_or_default();
    let project =
        |id: &str, name: &str| json!({"id": id, "name": name, "enabled": true, "domain_id": "d1"});
    let projects = match name.as_str() {
        "one-region" => vec![project(PROJECT_B, "one-region")],
        "two-region" => vec![
            project("p11", "two-region"),
            project("p22", "two-region_sub"),
        ],
        "err-region" => {
            // An error that echoes the secret it was signed with: it must come out redacted.
            let body = json!({"error": {"code": "IAM.0002", "message": format!("No permission for the key {SK_B}")}});
            return (StatusCode::FORBIDDEN, axum::Json(body)).into_response();
        }
        "html-region" => {
            return (StatusCode::OK, "<html><body>maintenance</body></html>").into_response()
        }
        _ => Vec::new(),
    };
    axum::Json(json!({"links": {}, "projects": projects})).into_response()
}

async fn get_with(url: &str, headers: &[(&str, &str)]) -> (u16, Value) {
    let mut request = client().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("answer");
    let status = response.status().as_u16();
    let body = response.bytes().await.unwrap();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

async fn policy_list(url: &str, headers: &[(&str, &str)]) -> PolicyList {
    let response = client().get(url);
    let response = headers
        .iter()
        .fold(response, |request, (name, value)| {
            request.header(*name, *value)
        })
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "{url}");
    PolicyList::from_json(&response.bytes().await.unwrap()).expect("a policy list")
}
