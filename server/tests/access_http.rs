//! A team behind a login: `--access-tokens`, `POST /login` and its cookie, Bearer tokens, the
//! lockout after repeated failures, the audit log, the refusal to expose a signing server, and
//! `vbs-server hash-token`.

mod common;

use std::path::PathBuf;
use std::sync::Once;
use std::time::Duration;

use common::*;
use reqwest::header::{HeaderMap, AUTHORIZATION, COOKIE, LOCATION, RETRY_AFTER, SET_COOKIE};
use serde_json::Value;
use time::OffsetDateTime;
use vbs_server::access::limiter::{FIRST_LOCKOUT, MAX_FAILURES};
use vbs_server::access::sessions::SESSION_LIFETIME;
use vbs_server::access::tokens::hash_hex;
use vbs_server::{start, Config, Running};
use vbs_tasks::core::sign::SigningRequest;
use vbs_tasks::Signer;

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

#[tokio::test]
async fn without_a_token_the_api_and_config_answer_401_in_the_gateway_shape() {
    let (server, _dir) = guarded("refused", &[]).await;
    let base = server.url();
    for path in [
        format!("/v2/{PROJECT}/backuppolicy"),
        "/viewer-config.json".into(),
        "/__emulator/faults".into(),
        "/t/prod-cn4/v2/p/backuppolicy".into(),
        "/v3/projects?name=cn-north-4".into(),
        format!("/v3/{PROJECT}/operation-logs?limit=5"),
        format!("/v3/{PROJECT}/vaults"),
    ] {
        let (status, headers, body) =
            json(client().get(format!("{base}{path}")).send().await.unwrap()).await;
        assert_gateway_error(status, &body, 401, SIGN_IN);
        assert!(
            body["error_msg"].as_str().unwrap().contains("access token"),
            "{body}"
        );
        assert_eq!(headers["www-authenticate"], "Bearer realm=\"vbs-server\"");
    }
    // The emulator's token is not a login.
    let response = client()
        .get(policies_url(&base))
        .header("X-Auth-Token", "emulator-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn the_viewers_files_stay_public_and_the_page_carries_no_config() {
    let (server, _dir) = guarded("static", &[]).await;
    let base = server.url();
    let page = client().get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<title>VBS</title>"), "{html}");
    assert!(!html.contains("viewer-config"), "{html}");
    assert!(!html.contains(PROJECT), "{html}");
    let deep = client()
        .get(format!("{base}/index.html"))
        .send()
        .await
        .unwrap();
    assert!(!deep.text().await.unwrap().contains(PROJECT));
    let css = client()
        .get(format!("{base}/app-0123abcd.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert_eq!(css.text().await.unwrap(), "body{}");

    // Without --access-tokens the page still carries it, as before.
    let dir = scratch("static-open");
    let dist = dist(&dir);
    let open = start(Config::from_args(["--port", "0", "--no-live", "--dist", &dist]).unwrap())
        .await
        .unwrap();
    assert!(open.state.access.is_none());
    let html = client()
        .get(open.url())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("id=viewer-config") && html.contains(PROJECT),
        "{html}"
    );
}

#[tokio::test]
async fn a_right_token_signs_in_with_a_session_cookie_a_wrong_one_is_refused() {
    let (server, _dir) = guarded("login", &[]).await;
    let base = server.url();

    let (status, _, body) = json(login(&base, "wrong-token", &[]).await).await;
    assert_gateway_error(status, &body, 401, SIGN_IN);
    // A browser's form is brought back to the page, which says why.
    let page = login(&base, "wrong-token", &[("accept", "text/html,*/*")]).await;
    assert_eq!(page.status(), 303);
    assert_eq!(page.headers()[LOCATION], "/?signin=failed");
    assert!(page.headers().get(SET_COOKIE).is_none());

    let signed_in = login(&base, ALICE, &[("accept", "text/html")]).await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(signed_in.headers()[LOCATION], "/");
    let cookie = signed_in.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.split("; ").any(|a| a == attribute), "{cookie}");
    }
    // Plain http on loopback: a browser would drop a Secure cookie here.
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert!(!cookie.contains(ALICE), "{cookie}");
    let session = session_of(signed_in.headers());
    assert!(session.starts_with("vbs_session=") && session.len() == "vbs_session=".len() + 64);

    let list = client()
        .get(policies_url(&base))
        .header(COOKIE, format!("theme=dark; {session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);
    assert!(list.headers().contains_key("x-request-id"));
    let (status, _, config) = json(
        client()
            .get(format!("{base}/viewer-config.json"))
            .header(COOKIE, &session)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(config["projectId"], PROJECT);

    // The sign-in goes back where the form said (a path on this server only).
    let body = format!("token={BOB}&next=%2F%3Fpolicy%3Dp1");
    let back = no_redirects()
        .post(format!("{base}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(back.headers()[LOCATION], "/?policy=p1");
    let away = no_redirects()
        .post(format!("{base}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={BOB}&next=%2F%2Fevil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(away.headers()[LOCATION], "/");
    // A failed one goes back to the form on the same view.
    let failed = no_redirects()
        .post(format!("{base}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .body("token=wrong&next=%2F%3Fpolicy%3Dp1")
        .send()
        .await
        .unwrap();
    assert_eq!(failed.headers()[LOCATION], "/?policy=p1&signin=failed");

    // A session ends after its lifetime, and on sign-out.
    let access = server.state.access.as_ref().unwrap();
    let out = no_redirects()
        .post(format!("{base}/logout"))
        .header(COOKIE, session_of(back.headers()))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    assert!(out.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let after_logout = client()
        .get(policies_url(&base))
        .header(COOKIE, session_of(back.headers()))
        .send()
        .await
        .unwrap();
    assert_eq!(after_logout.status(), 401);
    access.pass_time(SESSION_LIFETIME);
    let expired = client()
        .get(policies_url(&base))
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), 401);
}

#[tokio::test]
async fn the_cookie_is_secure_for_a_request_not_on_plain_loopback_http() {
    let (server, _dir) = guarded("secure", &["--allowed-host", "vbs.example.com"]).await;
    let body = format!("token={ALICE}");
    let request = |host: &str| {
        format!(
            "POST /login HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    // Reached through a TLS proxy on this machine under a public name.
    let answer = raw(server.addr, request("vbs.example.com").as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    let cookie = answer
        .lines()
        .find(|line| line.to_ascii_lowercase().starts_with("set-cookie:"))
        .unwrap();
    assert!(cookie.ends_with("; Secure"), "{cookie}");
    let answer = raw(server.addr, request(&server.addr.to_string()).as_bytes()).await;
    let cookie = answer
        .lines()
        .find(|line| line.to_ascii_lowercase().starts_with("set-cookie:"))
        .unwrap();
    assert!(!cookie.contains("Secure"), "{cookie}");
    // A Host the server does not answer to is refused before any sign-in.
    let answer = raw(server.addr, request("evil.example").as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
}

#[tokio::test]
async fn another_sites_page_cannot_sign_anyone_in() {
    let (server, _dir) = guarded("csrf", &[]).await;
    let base = server.url();
    for headers in [
        [("origin", "http://evil.example")],
        [("origin", "null")],
        [("sec-fetch-site", "cross-site")],
        [("sec-fetch-site", "same-site")],
    ] {
        let (status, response_headers, body) = json(login(&base, ALICE, &headers).await).await;
        assert_gateway_error(status, &body, 403, "VbsServer.0403");
        assert!(response_headers.get(SET_COOKIE).is_none());
    }
    let own = login(
        &base,
        ALICE,
        &[("origin", &base), ("sec-fetch-site", "same-origin")],
    )
    .await;
    assert_eq!(own.status(), 303);
    // A form on a page with `Referrer-Policy: no-referrer` sends `Origin: null`: the browser's
    // own Sec-Fetch-Site vouches for it.
    let no_referrer = login(
        &base,
        ALICE,
        &[("origin", "null"), ("sec-fetch-site", "same-origin")],
    )
    .await;
    assert_eq!(no_referrer.status(), 303);
    // A form that is not a form is refused, not read.
    let json_body = no_redirects()
        .post(format!("{base}/login"))
        .header("content-type", "application/json")
        .body(format!("{{\"token\":\"{ALICE}\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(json_body.status(), 400);
}

#[tokio::test]
async fn a_bearer_token_opens_the_api_and_is_not_taken_for_a_signature() {
    // The emulator requires its own credentials too: the login's Bearer must not reach it as an
    // (invalid) AK/SK signature, and a signature sent beside the cookie must.
    let (server, _dir) = guarded("bearer", &["--require-auth"]).await;
    let base = server.url();
    let url = policies_url(&base);
    let with_token = client()
        .get(&url)
        .header(AUTHORIZATION, format!("Bearer {ALICE}"))
        .header("X-Auth-Token", "emulator-token")
        .send()
        .await
        .unwrap();
    assert_eq!(with_token.status(), 200);
    let (status, _, body) = json(
        client()
            .get(&url)
            .header(AUTHORIZATION, format!("bearer {BOB}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_service_error(status, &body, 401, "AutoBackup.0002");
    let (status, _, body) = json(
        client()
            .get(&url)
            .header(AUTHORIZATION, "Bearer not-a-token")
            .header("X-Auth-Token", "emulator-token")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_gateway_error(status, &body, 401, SIGN_IN);

    // Signed in with the cookie, the request carries the emulator's AK/SK signature.
    let session = session_of(login(&base, ALICE, &[]).await.headers());
    let parsed = reqwest::Url::parse(&url).unwrap();
    let host = format!("{}:{}", parsed.host_str().unwrap(), parsed.port().unwrap());
    let signer = Signer::new("EMULATORAK0000000001", "emulator-secret-key");
    let signing = SigningRequest {
        method: "GET",
        path: parsed.path(),
        query: vec![],
        headers: vec![("host".into(), host)],
        body: b"",
    };
    let mut signed = client().get(&url).header(COOKIE, &session);
    for (name, value) in signer.sign(&signing, OffsetDateTime::now_utc()) {
        signed = signed.header(name, value);
    }
    assert_eq!(signed.send().await.unwrap().status(), 200);
    // The same signature without the cookie is no login.
    let mut unsigned_in = client().get(&url);
    for (name, value) in signer.sign(&signing, OffsetDateTime::now_utc()) {
        unsigned_in = unsigned_in.header(name, value);
    }
    let (status, _, body) = json(unsigned_in.send().await.unwrap()).await;
    assert_gateway_error(status, &body, 401, SIGN_IN);
}

#[tokio::test]
async fn repeated_failures_lock_the_address_out_even_for_a_right_token_until_it_passes() {
    let (server, _dir) = guarded("slowdown", &[]).await;
    let base = server.url();
    for _ in 0..MAX_FAILURES {
        assert_eq!(login(&base, "guess", &[]).await.status(), 401);
    }
    let (status, headers, body) = json(login(&base, ALICE, &[]).await).await;
    assert_gateway_error(status, &body, 429, "VbsServer.0429");
    let wait: u64 = headers[RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert_eq!(wait, FIRST_LOCKOUT.as_secs());
    assert!(headers.get(SET_COOKIE).is_none());
    // A Bearer token is refused the same way while locked; a browser is sent back to the form.
    let bearer = client()
        .get(policies_url(&base))
        .header(AUTHORIZATION, format!("Bearer {ALICE}"))
        .send()
        .await
        .unwrap();
    assert_eq!(bearer.status(), 429);
    assert!(bearer.headers().contains_key(RETRY_AFTER));
    let page = login(&base, ALICE, &[("accept", "text/html")]).await;
    assert_eq!(page.headers()[LOCATION], "/?signin=wait");

    let access = server.state.access.as_ref().unwrap();
    access.pass_time(FIRST_LOCKOUT - Duration::from_secs(1));
    assert_eq!(login(&base, ALICE, &[]).await.status(), 429);
    access.pass_time(Duration::from_secs(1));
    let signed_in = login(&base, ALICE, &[]).await;
    assert_eq!(signed_in.status(), 303);
    assert!(signed_in.headers().contains_key(SET_COOKIE));
}

fn audit_lines(path: &std::path::Path) -> (String, Vec<Value>) {
    let text = std::fs::read_to_string(path).unwrap();
    let lines = text
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).expect("each line is JSON"))
        .collect();
    (text, lines)
}

#[tokio::test]
async fn the_audit_log_names_who_asked_for_what_and_no_secret() {
    let dir = scratch("audit");
    let audit = dir.join("audit.log");
    let audit_flag = audit.display().to_string();
    let (server, _guard_dir) = guarded("audit-server", &["--audit-log", &audit_flag]).await;
    let base = server.url();
    let policies = format!("/v2/{PROJECT}/backuppolicy");

    client()
        .get(format!("{base}{policies}"))
        .send()
        .await
        .unwrap();
    login(&base, "wrong-guess-token", &[]).await;
    let signed_in = login(&base, ALICE, &[]).await;
    let session = session_of(signed_in.headers());
    let answer = client()
        .get(format!("{base}{policies}?limit=5"))
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap();
    let request_id = answer.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    client()
        .get(format!("{base}/t/prod-cn4/v2/{PROJECT}/backuppolicy"))
        .header(AUTHORIZATION, format!("Bearer {BOB}"))
        .send()
        .await
        .unwrap();
    no_redirects()
        .post(format!("{base}/logout"))
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap();
    client()
        .get(format!("{base}/app-0123abcd.css"))
        .send()
        .await
        .unwrap();
    client().get(format!("{base}/")).send().await.unwrap();

    let (text, lines) = audit_lines(&audit);
    assert_eq!(
        lines.len(),
        6,
        "API requests and sign-ins only, not files:\n{text}"
    );
    for line in &lines {
        for field in [
            "time",
            "user",
            "target",
            "method",
            "path",
            "status",
            "upstream_request_id",
        ] {
            assert!(line.get(field).is_some(), "{field} in {line}");
        }
        let time = line["time"].as_str().unwrap();
        assert!(time.ends_with('Z') && time.len() == 24, "{time}");
    }
    assert_eq!(lines[0]["user"], Value::Null);
    assert_eq!(lines[0]["status"], 401);
    assert_eq!(lines[0]["path"], policies.as_str());
    assert_eq!(
        (lines[1]["path"].as_str(), lines[1]["status"].as_u64()),
        (Some("/login"), Some(401))
    );
    assert_eq!(
        (lines[2]["user"].as_str(), lines[2]["status"].as_u64()),
        (Some("alice"), Some(303))
    );
    assert_eq!(lines[3]["user"], "alice");
    assert_eq!(lines[3]["method"], "GET");
    assert_eq!(lines[3]["path"], format!("{policies}?limit=5"));
    assert_eq!(lines[3]["status"], 200);
    // The emulator is the target at `/v2/…`.
    assert_eq!(lines[0]["target"], "emulator");
    assert_eq!(lines[3]["target"], "emulator");
    assert_eq!(lines[3]["upstream_request_id"], request_id.as_str());
    assert_eq!(lines[4]["user"], "bob");
    assert_eq!(lines[4]["target"], "prod-cn4");
    assert_eq!(
        (lines[5]["path"].as_str(), lines[5]["user"].as_str()),
        (Some("/logout"), Some("alice"))
    );
    let session_id = session.trim_start_matches("vbs_session=");
    for secret in [
        ALICE,
        BOB,
        "wrong-guess-token",
        session_id,
        "emulator-secret-key",
    ] {
        assert!(
            !text.contains(secret),
            "the audit log holds a secret:\n{text}"
        );
    }
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

#[tokio::test]
async fn without_tokens_the_audit_log_records_the_upstreams_request_id() {
    credentials();
    let upstream = server(&["--require-auth"]).await;
    let dir = scratch("audit-proxy");
    let audit = dir.join("audit.log");
    let audit_flag = audit.display().to_string();
    let proxy = server(&["--upstream", &upstream.url(), "--audit-log", &audit_flag]).await;
    let answer = client()
        .get(policies_url(&proxy.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let relayed = answer.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(relayed.len(), 32);
    let (text, lines) = audit_lines(&audit);
    assert_eq!(lines.len(), 1, "{text}");
    assert_eq!(lines[0]["user"], Value::Null);
    assert_eq!(lines[0]["upstream_request_id"], relayed.as_str());
    assert!(
        !text.contains("emulator-secret-key") && !text.contains("EMULATORAK"),
        "{text}"
    );
    // The file is appended to, not replaced.
    let again = server(&["--upstream", &upstream.url(), "--audit-log", &audit_flag]).await;
    client()
        .get(policies_url(&again.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(audit_lines(&audit).1.len(), 2);
}

#[tokio::test]
async fn a_signing_server_beyond_loopback_needs_tokens_or_says_it_is_open() {
    credentials();
    let dir = scratch("exposure");
    let tokens = tokens_file(&dir);
    let base = [
        "--bind",
        "0.0.0.0",
        "--port",
        "0",
        "--upstream",
        "http://127.0.0.1:9",
    ];
    let err = start(Config::from_args(base).unwrap()).await.unwrap_err();
    assert!(
        err.contains("--access-tokens") && err.contains("--i-know-this-is-open"),
        "{err}"
    );
    let mut open = base.to_vec();
    open.push("--i-know-this-is-open");
    assert!(start(Config::from_args(open).unwrap()).await.is_ok());
    let mut guarded = base.to_vec();
    guarded.extend(["--access-tokens", &tokens]);
    let running = start(Config::from_args(guarded).unwrap()).await.unwrap();
    assert!(running.state.access.as_ref().unwrap().requires_sign_in());
    // The emulator holds no real keys: it may listen anywhere, as before.
    assert!(
        start(Config::from_args(["--bind", "0.0.0.0", "--port", "0"]).unwrap())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn bad_files_stop_the_start_naming_the_line() {
    let dir = scratch("bad-files");
    let path = dir.join("tokens.txt");
    std::fs::write(
        &path,
        format!(
            "alice:{}\n# ok so far\nplanted-token-by-mistake\n",
            hash_hex(b"a")
        ),
    )
    .unwrap();
    let file = path.display().to_string();
    let err = start(Config::from_args(["--port", "0", "--access-tokens", &file]).unwrap())
        .await
        .unwrap_err();
    assert!(err.contains(&format!("{file}:3:")), "{err}");
    assert!(!err.contains("planted"), "{err}");
    let err =
        start(Config::from_args(["--port", "0", "--access-tokens", "/nonexistent/t.txt"]).unwrap())
            .await
            .unwrap_err();
    assert!(err.contains("/nonexistent/t.txt"), "{err}");
    let err = start(
        Config::from_args(["--port", "0", "--audit-log", "/nonexistent/dir/audit.log"]).unwrap(),
    )
    .await
    .unwrap_err();
    assert!(
        err.contains("--audit-log /nonexistent/dir/audit.log"),
        "{err}"
    );
}

#[tokio::test]
async fn hash_token_prints_the_sha256_of_the_token_on_stdin() {
    use tokio::io::AsyncWriteExt;
    async fn run(input: &[u8]) -> std::process::Output {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_vbs-server"))
            .arg("hash-token")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input).await.unwrap();
        drop(stdin);
        child.wait_with_output().await.unwrap()
    }
    let output = run(format!("{ALICE}\n").as_bytes()).await;
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("{}\n", hash_hex(ALICE.as_bytes()))
    );
    let short = run(b"short\n").await;
    assert!(short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("can be guessed"));
    let empty = run(b"").await;
    assert!(!empty.status.success());
    assert!(empty.stdout.is_empty());
    let two = run(b"planted-one\nplanted-two\n").await;
    assert!(!two.status.success());
    assert!(!String::from_utf8_lossy(&two.stderr).contains("planted"));
}
