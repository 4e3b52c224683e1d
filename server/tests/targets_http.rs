//! Several targets in one server: two emulators with different keys, data and projects behind one
//! `vbs-server --config FILE`, a fake IAM that checks signatures and names one, none or several
//! projects, and the single-target flags finding their project through the emulator's IAM.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};

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

#[tokio::test]
async fn each_target_reaches_its_own_emulator_signed_with_its_keys() {
    let alpha = emulator(AK_A, SK_A, "1", PROJECT_A).await;
    let bravo = emulator(AK_B, SK_B, "2", PROJECT_B).await;
    let iam = fake_iam(AK_B, SK_B).await;
    set_keys("ROUTING_ALPHA", AK_A, SK_A);
    set_keys("ROUTING_BRAVO", AK_B, SK_B);
    let path = write_config(
        "routing",
        &format!(
            r#"[[target]]
name = "alpha"
endpoint = "{}"
project_id = "{PROJECT_A}"
access_key_env = "ROUTING_ALPHA_AK"
secret_key_env = "ROUTING_ALPHA_SK"

[[target]]
name = "bravo"
endpoint = "{}"
cbr_endpoint = "{}"
region = "one-region"
iam_endpoint = "{}"
project_id = "auto"
access_key_env = "ROUTING_BRAVO_AK"
secret_key_env = "ROUTING_BRAVO_SK"
"#,
            alpha.url(),
            bravo.url(),
            bravo.url(),
            iam.url
        ),
    );
    let proxy = start_config(&path, &[]).await.expect("the proxy starts");
    assert_eq!(
        iam.signed.load(Ordering::SeqCst),
        1,
        "IAM was asked once, signed"
    );
    let base = proxy.url();
    let token = [("X-Auth-Token", "emulator-token")];

    // Each target gives its own emulator's data: the emulators refuse other keys, so a 200
    // proves each was signed with its own.
    let via_alpha = policy_list(&format!("{base}/t/alpha/v2/{PROJECT_A}/backuppolicy"), &[]).await;
    let direct_alpha = policy_list(
        &format!("{}/v2/{PROJECT_A}/backuppolicy", alpha.url()),
        &token,
    )
    .await;
    assert_eq!(via_alpha, direct_alpha);
    let via_bravo = policy_list(&format!("{base}/t/bravo/v2/{PROJECT_B}/backuppolicy"), &[]).await;
    let direct_bravo = policy_list(
        &format!("{}/v2/{PROJECT_B}/backuppolicy", bravo.url()),
        &token,
    )
    .await;
    assert_eq!(via_bravo, direct_bravo);
    assert_ne!(via_alpha, via_bravo, "two seeds, two data sets");
    let policy = &via_bravo.backup_policies[0].id;
    let tasks = format!("/v2/{PROJECT_B}/backuppolicy/{policy}/backuptasks?limit=3&sort_dir=asc");
    let (status, through) = get_with(&format!("{base}/t/bravo{tasks}"), &[]).await;
    assert_eq!(status, 200, "{through}");
    let (_, direct) = get_with(&format!("{}{tasks}", bravo.url()), &token).await;
    assert_eq!(through, direct);
    assert_eq!(
        through["tasks"].as_array().map(Vec::len),
        Some(3),
        "{through}"
    );
    // alpha's emulator does not know bravo's project: the request went to alpha's.
    let (status, body) =
        get_with(&format!("{base}/t/alpha/v2/{PROJECT_B}/backuppolicy"), &[]).await;
    assert_service_error(status, &body, 404, "common.0011");

    // The viewer's config lists both, with the discovered project, and never a key.
    let response = client()
        .get(format!("{base}/viewer-config.json"))
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    for secret in [SK_A, SK_B, AK_A, AK_B] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let config: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(config["mode"], "proxy");
    assert_eq!(config["endpoint"], "/t/alpha");
    assert_eq!(config["projectId"], PROJECT_A);
    assert_eq!(config["serverAuth"], true);
    assert_eq!(
        config["targets"],
        json!([
            {"name": "alpha", "cloud": "", "region": "", "projectId": PROJECT_A, "serverAuth": true, "endpoint": "/t/alpha", "services": ["vbs"]},
            {"name": "bravo", "cloud": "", "region": "one-region", "projectId": PROJECT_B, "serverAuth": true, "endpoint": "/t/bravo", "services": ["vbs", "cbr"]},
        ])
    );

    // The page carries the same config, so the viewer need not fetch it.
    let dist = std::env::temp_dir().join(format!("vbs-targets-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    let index = "<!doctype html><html lang=en><title>viewer</title>\
        <link as=fetch crossorigin href=/viewer-config.json rel=preload></head><body></body></html>";
    std::fs::write(dist.join("index.html"), index).unwrap();
    let with_page = start_config(&path, &["--dist", dist.to_str().unwrap()])
        .await
        .expect("the proxy starts");
    let page = client()
        .get(format!("{}/", with_page.url()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let inline = page
        .split_once("<script type=application/json id=viewer-config>")
        .and_then(|(_, rest)| rest.split_once("</script>"))
        .map(|(data, _)| data)
        .unwrap_or_else(|| panic!("no config in {page}"));
    assert_eq!(serde_json::from_str::<Value>(inline).unwrap(), config);
    for secret in [SK_A, SK_B, AK_A, AK_B] {
        assert!(!page.contains(secret), "{secret} in {page}");
    }
    std::fs::remove_dir_all(&dist).ok();
    std::fs::remove_file(&path).ok();
    iam.task.abort();
}

#[tokio::test]
async fn paths_outside_a_target_and_unknown_targets_are_refused_in_the_gateway_shape() {
    let alpha = emulator(AK_A, SK_A, "1", PROJECT_A).await;
    set_keys("REFUSALS", AK_A, SK_A);
    let path = write_config(
        "refusals",
        &format!(
            "[[target]]\nname = \"alpha\"\nendpoint = \"{}\"\nproject_id = \"{PROJECT_A}\"\n\
             access_key_env = \"REFUSALS_AK\"\nsecret_key_env = \"REFUSALS_SK\"\n",
            alpha.url()
        ),
    );
    let proxy = start_config(&path, &[]).await.expect("the proxy starts");
    let base = proxy.url();
    // /v2/… has no target in --config mode: the message says where the API is.
    let (status, body) = get(&format!("{base}/v2/{PROJECT_A}/backuppolicy")).await;
    assert_gateway_error(status, &body, 404, "APIGW.0101");
    let message = body["error_msg"].as_str().unwrap();
    assert!(
        message.contains("/t/{name}/v2/") && message.contains("alpha"),
        "{message}"
    );
    let (status, body) = get(&format!("{base}/t/nope/v2/{PROJECT_A}/backuppolicy")).await;
    assert_gateway_error(status, &body, 404, "APIGW.0101");
    let message = body["error_msg"].as_str().unwrap();
    assert!(
        message.contains("\"nope\"") && message.contains("alpha"),
        "{message}"
    );
    // Inside a target, exactly the single proxy's paths and checks.
    for path in [
        format!("/t/alpha/v2/{PROJECT_A}/backuppolicy/a%2Fb/backuptasks"),
        format!("/t/alpha/v2/{PROJECT_A}/backuppolicy/x/backuptasks/extra"),
        format!("/t/alpha/v2/{PROJECT_A}/../backuppolicy"),
        "/t/alpha".to_owned(),
        "/t/alpha/".to_owned(),
        "/t/".to_owned(),
        "/t".to_owned(),
    ] {
        let (status, body) = get(&format!("{base}{path}")).await;
        assert_gateway_error(status, &body, 404, "APIGW.0101");
    }
    let (status, body) = get(&format!(
        "{base}/t/alpha/v2/{PROJECT_A}/backuppolicy/x/backuptasks?limit=0"
    ))
    .await;
    assert_service_error(status, &body, 400, "AutoBackup.0005");
    let response = client()
        .post(format!("{base}/t/alpha/v2/{PROJECT_A}/backuppolicy"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "GET");
    // Without --config, /t/… names no target.
    let single = server(&[]).await;
    let (status, body) = get(&format!(
        "{}/t/alpha/v2/{PROJECT}/backuppolicy",
        single.url()
    ))
    .await;
    assert_gateway_error(status, &body, 404, "APIGW.0101");
    assert!(body["error_msg"]
        .as_str()
        .unwrap()
        .contains("without --config"));
    std::fs::remove_file(&path).ok();
}

#[tokio::test]
async fn wrong_keys_are_refused_upstream_and_a_target_without_keys_passes_the_token_on() {
    let alpha = emulator(AK_A, SK_A, "1", PROJECT_A).await;
    set_keys("WRONG", AK_B, SK_B);
    let path = write_config(
        "wrong-keys",
        &format!(
            "[[target]]\nname = \"wrong\"\nendpoint = \"{url}\"\nproject_id = \"{PROJECT_A}\"\n\
             access_key_env = \"WRONG_AK\"\nsecret_key_env = \"WRONG_SK\"\n\n\
             [[target]]\nname = \"open\"\nendpoint = \"{url}\"\nproject_id = \"{PROJECT_A}\"\n",
            url = alpha.url()
        ),
    );
    let proxy = start_config(&path, &[]).await.expect("the proxy starts");
    let base = proxy.url();
    let (status, body) = get(&format!("{base}/t/wrong/v2/{PROJECT_A}/backuppolicy")).await;
    assert_gateway_error(status, &body, 401, "APIGW.0301");
    assert!(!body.to_string().contains(SK_B));
    let open = format!("{base}/t/open/v2/{PROJECT_A}/backuppolicy");
    let (status, body) = get(&open).await;
    assert_service_error(status, &body, 401, "AutoBackup.0002");
    let (status, _) = get_with(&open, &[("X-Auth-Token", "emulator-token")]).await;
    assert_eq!(status, 200);
    let (_, config) = get(&format!("{base}/viewer-config.json")).await;
    assert_eq!(config["targets"][0]["serverAuth"], true);
    assert_eq!(config["targets"][1]["serverAuth"], false);
    std::fs::remove_file(&path).ok();
}

/// The start error of a target `region` whose project is auto, asked of `iam`.
async fn discovery_error(test: &str, iam: &str, region: &str, keys: (&str, &str)) -> String {
    let prefix = format!("DISCOVERY_{}", test.to_uppercase().replace('-', "_"));
    set_keys(&prefix, keys.0, keys.1);
    let path = write_config(
        test,
        &format!(
            "# discovery\n[[target]]\nname = \"{test}\"\nendpoint = \"http://127.0.0.1:9\"\n\
             region = \"{region}\"\niam_endpoint = \"{iam}\"\nproject_id = \"auto\"\n\
             access_key_env = \"{prefix}_AK\"\nsecret_key_env = \"{prefix}_SK\"\n"
        ),
    );
    let err = start_config(&path, &[]).await.expect_err("the start fails");
    std::fs::remove_file(&path).ok();
    let file = path.display().to_string();
    assert!(
        err.starts_with(&format!("{file}:7: target {test}: ")),
        "{err}"
    );
    assert!(!err.contains(keys.1), "a secret in {err}");
    err
}

#[tokio::test]
async fn discovery_names_what_iam_returned_when_it_is_not_one_project() {
    let iam = fake_iam(AK_B, SK_B).await;
    let keys = (AK_B, SK_B);
    let none = discovery_error("none", &iam.url, "none-region", keys).await;
    assert!(
        none.contains(&format!(
            "IAM at {} has no project named none-region",
            iam.url
        )),
        "{none}"
    );
    let two = discovery_error("two", &iam.url, "two-region", keys).await;
    assert!(
        two.contains(
            "has 2 projects named two-region: two-region (id p11), two-region_sub (id p22)"
        ),
        "{two}"
    );
    let refused = discovery_error("refused", &iam.url, "err-region", keys).await;
    assert!(
        refused.contains("HTTP 403") && refused.contains("IAM.0002"),
        "{refused}"
    );
    assert!(
        refused.contains("No permission for the key [redacted]"),
        "{refused}"
    );
    let html = discovery_error("html", &iam.url, "html-region", keys).await;
    assert!(html.contains("not a project list"), "{html}");
    let unsigned = discovery_error("unsigned", &iam.url, "one-region", (AK_A, SK_A)).await;
    assert!(
        unsigned.contains("HTTP 401") && unsigned.contains("IAM.0001"),
        "{unsigned}"
    );
    assert_eq!(
        iam.signed.load(Ordering::SeqCst),
        4,
        "every signed request was verified"
    );
    // Nothing listens on a port just freed.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let down = discovery_error("down", &closed, "one-region", keys).await;
    assert!(
        down.contains(&format!("IAM at {closed} could not be reached")),
        "{down}"
    );
    iam.task.abort();
}

#[tokio::test]
async fn a_config_error_stops_the_start_with_its_file_and_line() {
    std::env::remove_var("CONFIG_ERRORS_UNSET_SK");
    std::env::set_var("CONFIG_ERRORS_AK", "AKCONFIG");
    for (text, line, says) in [
        (
            "[[target]]\nname = \"a\"\nendpoint = \"http://127.0.0.1:9\"\nproject_id = \"p\"\naccess_key_env = \"CONFIG_ERRORS_AK\"\nsecret_key_env = \"CONFIG_ERRORS_UNSET_SK\"\n",
            6,
            "CONFIG_ERRORS_UNSET_SK is not set",
        ),
        ("[[target]]\nname = \"a\"\nname = \"b\"\n", 3, "duplicate key"),
        ("\n\n[[target]]\nnam = \"a\"\n", 4, "unknown field `nam`"),
        (
            "[[target]]\nname = \"a\"\nendpoint = \"http://example.com\"\nproject_id = \"p\"\n",
            3,
            "loopback",
        ),
    ] {
        let path = write_config(&format!("errors-{line}"), text);
        let err = start_config(&path, &[]).await.expect_err(says);
        std::fs::remove_file(&path).ok();
        let place = format!("{}:{line}:", path.display());
        assert!(err.starts_with(&place) && err.contains(says), "{text}\n=> {err}");
    }
    let missing = std::env::temp_dir().join("vbs-targets-no-such-file.toml");
    let err = start_config(&missing, &[]).await.expect_err("no file");
    assert!(err.contains("cannot read --config"), "{err}");
    // Signing targets and a CORS wildcard would let any website use the keys.
    set_keys("CONFIG_ERRORS_CORS", AK_A, SK_A);
    let path = write_config(
        "errors-cors",
        "[[target]]\nname = \"a\"\nendpoint = \"http://127.0.0.1:9\"\nproject_id = \"p\"\naccess_key_env = \"CONFIG_ERRORS_CORS_AK\"\nsecret_key_env = \"CONFIG_ERRORS_CORS_SK\"\n",
    );
    let err = start_config(&path, &["--cors-origin", "*"])
        .await
        .expect_err("refused");
    std::fs::remove_file(&path).ok();
    assert!(err.contains("--cors-origin '*'"), "{err}");
}

/// The single-target flags read HUAWEICLOUD_SDK_*: every test in this binary that uses them uses
/// the emulator's own keys.
fn sdk_credentials() {
    static SET: Once = Once::new();
    SET.call_once(|| {
        std::env::set_var(
            "HUAWEICLOUD_SDK_AK",
            vbs_server::config::EMULATOR_ACCESS_KEY,
        );
        std::env::set_var(
            "HUAWEICLOUD_SDK_SK",
            vbs_server::config::EMULATOR_SECRET_KEY,
        );
        std::env::remove_var("HUAWEICLOUD_SDK_SECURITY_TOKEN");
    });
}

#[tokio::test]
async fn the_single_flags_find_their_project_through_the_emulators_iam() {
    sdk_credentials();
    let upstream = server(&[
        "--require-auth",
        "--region",
        "eu-de",
        "--project-id",
        PROJECT_B,
    ])
    .await;
    // The emulator's IAM: its one project, named after its region, to a signed or token request.
    let iam = format!("{}/v3/projects", upstream.url());
    let token = [("X-Auth-Token", "emulator-token")];
    let (status, body) = get_with(&format!("{iam}?name=eu-de"), &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["projects"][0]["id"], PROJECT_B);
    assert_eq!(body["projects"][0]["name"], "eu-de");
    let (_, all) = get_with(&iam, &token).await;
    assert_eq!(all["projects"], body["projects"]);
    let (_, other) = get_with(&format!("{iam}?name=eu-nl"), &token).await;
    assert_eq!(other, json!({"projects": []}));
    let (status, body) = get(&format!("{iam}?name=eu-de")).await;
    assert_service_error(status, &body, 401, "AutoBackup.0002");

    let proxy = server(&[
        "--upstream",
        &upstream.url(),
        "--iam-endpoint",
        &upstream.url(),
        "--region",
        "eu-de",
        "--project-id",
        "auto",
    ])
    .await;
    assert_eq!(proxy.state.project_id, PROJECT_B);
    let policies = policy_list(&format!("{}/v2/{PROJECT_B}/backuppolicy", proxy.url()), &[]).await;
    assert!(!policies.backup_policies.is_empty());
    let (_, config) = get(&format!("{}/viewer-config.json", proxy.url())).await;
    assert_eq!(
        config["targets"],
        json!([{"name": "eu-de", "cloud": "", "region": "eu-de", "projectId": PROJECT_B, "serverAuth": true, "endpoint": "", "services": ["vbs"]}])
    );
    assert_eq!(config["endpoint"], "");
    assert_eq!(config["projectId"], PROJECT_B);
    // A region IAM has no project for stops the start, naming it.
    let err = start(
        Config::from_args([
            "--port",
            "0",
            "--upstream",
            &upstream.url(),
            "--iam-endpoint",
            &upstream.url(),
            "--region",
            "eu-nl",
            "--project-id",
            "auto",
        ])
        .unwrap(),
    )
    .await
    .expect_err("no project");
    assert!(err.contains("has no project named eu-nl"), "{err}");
    assert!(err.starts_with("--project-id auto: "), "{err}");
}

#[tokio::test]
async fn the_emulator_is_one_target_at_the_pages_origin() {
    let emulator = server(&[]).await;
    let (_, config) = get(&format!("{}/viewer-config.json", emulator.url())).await;
    assert_eq!(
        config["targets"],
        json!([{"name": "emulator", "cloud": "", "region": "cn-north-4", "projectId": PROJECT, "serverAuth": false, "endpoint": "", "services": ["vbs", "cbr"]}])
    );
}

#[tokio::test]
async fn a_targets_file_that_signs_is_not_opened_beyond_loopback_without_a_login() {
    set_keys("EXPOSED", AK_A, SK_A);
    let signing = write_config(
        "exposed",
        &format!(
            "[[target]]\nname = \"prod\"\nendpoint = \"http://127.0.0.1:9\"\nproject_id = \"{PROJECT_A}\"\n\
             access_key_env = \"EXPOSED_AK\"\nsecret_key_env = \"EXPOSED_SK\"\n"
        ),
    );
    let err = start_config(&signing, &["--bind", "0.0.0.0"])
        .await
        .expect_err("a signing server open to the network");
    assert!(
        err.contains("--access-tokens") && err.contains("--i-know-this-is-open"),
        "{err}"
    );
    let open = start_config(&signing, &["--bind", "0.0.0.0", "--i-know-this-is-open"]).await;
    assert!(open.is_ok(), "{:?}", open.err());
    // Targets that do not sign give a network nothing it could not have: no refusal.
    let passing = write_config(
        "exposed-passing",
        &format!("[[target]]\nname = \"lab\"\nendpoint = \"http://127.0.0.1:9\"\nproject_id = \"{PROJECT_A}\"\n"),
    );
    assert!(start_config(&passing, &["--bind", "0.0.0.0"]).await.is_ok());
    std::fs::remove_file(&signing).ok();
    std::fs::remove_file(&passing).ok();
}
