//! Proxy mode against a second local emulator as the upstream: it forwards and signs the two GETs,
//! refuses everything else, and cannot be used to reach anything but its upstream.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};

use common::*;
use tokio::io::AsyncWriteExt;

/// The proxy reads AK/SK from the environment; every test in this binary uses the same values.
fn credentials() {
    static SET: Once = Once::new();
    SET.call_once(|| {
        std::env::set_var("HUAWEICLOUD_SDK_AK", "EMULATORAK0000000001");
        std::env::set_var("HUAWEICLOUD_SDK_SK", "emulator-secret-key");
        std::env::remove_var("HUAWEICLOUD_SDK_SECURITY_TOKEN");
    });
}

/// An upstream emulator that requires auth, and a proxy in front of it.
async fn upstream_and_proxy(upstream_flags: &[&str]) -> (vbs_server::Running, vbs_server::Running) {
    credentials();
    let mut flags = vec!["--require-auth"];
    flags.extend_from_slice(upstream_flags);
    let upstream = server(&flags).await;
    let proxy = server(&[
        "--upstream",
        &upstream.url(),
        "--upstream-timeout-secs",
        "1",
    ])
    .await;
    (upstream, proxy)
}

#[tokio::test]
async fn forwards_and_signs_both_calls() {
    let (upstream, proxy) = upstream_and_proxy(&[]).await;
    let through = policies(&proxy.url()).await;
    let big = &through.backup_policies[0].id;
    let direct = body_with_token(&tasks_url(
        &upstream.url(),
        big,
        "limit=7&sort_dir=asc&status=EXECUTE_SUCCESS",
    ))
    .await;
    let via = page(
        &proxy.url(),
        big,
        "limit=7&sort_dir=asc&status=EXECUTE_SUCCESS",
    )
    .await;
    assert_eq!(via, vbs_tasks::TaskPage::from_json(&direct).unwrap());
    assert_eq!(via.tasks.len(), 7);
    // A job id with every awkward character survives encoding, signing and re-encoding.
    let odd = page(&proxy.url(), big, "job_id=a+b%26c%3Dd%2F%C3%A9").await;
    assert_eq!(odd.count, 0);
    let (status, body) = get(&format!("{}/viewer-config.json", proxy.url())).await;
    assert_eq!(status, 200);
    assert_eq!(body["mode"], "proxy");
    assert_eq!(body["serverAuth"], true);
    assert!(
        body["now"].is_null(),
        "a real region's clock is the browser's"
    );
}

#[tokio::test]
async fn upstream_errors_are_relayed_as_they_are() {
    let (_upstream, proxy) = upstream_and_proxy(&[]).await;
    let (status, body) = get(&tasks_url(&proxy.url(), "no-such-policy", "")).await;
    assert_service_error(status, &body, 404, "AutoBackup.0205");
    let (status, body) = get(&format!(
        "{}/v2/{PROJECT}/backuppolicy/x/backuptasks?limit=0",
        proxy.url()
    ))
    .await;
    assert_service_error(status, &body, 400, "AutoBackup.0005");
    // A value that is not UTF-8 is refused, not forwarded as U+FFFD.
    let (status, body) = get(&tasks_url(&proxy.url(), "x", "job_id=%FF%FE")).await;
    assert_service_error(status, &body, 400, "AutoBackup.0005");
    // A project ID no header can carry is still signed and sent, in the path only: the upstream
    // answers as for any unknown project (it used to refuse the signature).
    let (status, body) = get(&format!(
        "{}/v2/%E9%A1%B9%E7%9B%AE/backuppolicy",
        proxy.url()
    ))
    .await;
    assert_service_error(status, &body, 404, "common.0011");
}

#[tokio::test]
async fn a_wrong_secret_upstream_refuses_the_signature() {
    let (_upstream, proxy) = upstream_and_proxy(&["--secret-key", "another-secret"]).await;
    let (status, body) = get(&format!("{}/v2/{PROJECT}/backuppolicy", proxy.url())).await;
    assert_gateway_error(status, &body, 401, "APIGW.0301");
}

#[tokio::test]
async fn refuses_other_methods_and_paths() {
    let (_upstream, proxy) = upstream_and_proxy(&[]).await;
    let base = proxy.url();
    for method in [
        reqwest::Method::POST,
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
        reqwest::Method::PATCH,
    ] {
        let response = client()
            .request(method.clone(), format!("{base}/v2/{PROJECT}/backuppolicy"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 405, "{method}");
        assert_eq!(response.headers()["allow"], "GET", "{method}");
    }
    for path in [
        format!("/v2/{PROJECT}/backuppolicy/a%2Fb/backuptasks"),
        format!("/v2/{PROJECT}/backuppolicy/%2e%2e/backuptasks"),
        format!("/v2/{PROJECT}/cloudbackups"),
        "/v2/".to_owned(),
        format!("/v2/{PROJECT}/backuppolicy/x/backuptasks/extra"),
    ] {
        let (status, body) = get(&format!("{base}{path}")).await;
        assert_gateway_error(status, &body, 404, "APIGW.0101");
    }
    // The fault endpoint is the emulator's, not the proxy's.
    let response = client()
        .post(format!("{base}/__emulator/faults"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_ne!(response.status().as_u16(), 204);
}

/// A loopback listener that counts the connections it receives.
async fn bystander() -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecret")
                .await;
        }
    });
    (addr, hits)
}

#[tokio::test]
async fn is_not_an_open_proxy() {
    let (_upstream, proxy) = upstream_and_proxy(&[]).await;
    let (other, hits) = bystander().await;
    let path = format!("/v2/{PROJECT}/backuppolicy");
    let attempts = [
        format!("GET http://{other}{path} HTTP/1.1\r\nHost: {other}\r\nConnection: close\r\n\r\n"),
        format!("GET http://{other}{path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", proxy.addr),
        format!("GET {path} HTTP/1.1\r\nHost: {other}\r\nConnection: close\r\n\r\n"),
        format!("CONNECT {other} HTTP/1.1\r\nHost: {other}\r\nConnection: close\r\n\r\n"),
        format!("GET //{other}{path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", proxy.addr),
        format!("GET /v2/{PROJECT}/backuppolicy/..%2F..%2F{other}/backuptasks HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", proxy.addr),
        format!("GET /v2/@{other}/backuppolicy HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", proxy.addr),
    ];
    for attempt in &attempts {
        let answer = raw(proxy.addr, attempt.as_bytes()).await;
        assert!(
            !answer.contains("secret"),
            "{attempt:?} reached the bystander: {answer}"
        );
        // Some of these are paths the viewer's static fallback answers; none is an API answer.
        assert!(
            !answer.contains("backup_policies"),
            "{attempt:?} was forwarded: {answer}"
        );
    }
    // `/v2/@host/backuppolicy` is a well-formed path, so it is forwarded — to the upstream only.
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the bystander was contacted"
    );
}

#[tokio::test]
async fn an_unreachable_or_slow_upstream_is_502_or_504() {
    credentials();
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let proxy = server(&["--upstream", &format!("http://{closed}")]).await;
    let (status, body) = get(&format!("{}/v2/{PROJECT}/backuppolicy", proxy.url())).await;
    assert_gateway_error(status, &body, 502, "APIGW.0202");
    // The cause, for the operator: nothing listens there.
    let message = body["error_msg"].as_str().unwrap();
    assert!(message.to_lowercase().contains("refused"), "{message}");

    let (upstream, proxy) = upstream_and_proxy(&["--fault-latency-ms", "3000"]).await;
    let _ = upstream;
    // Random latency up to 3 s against a 1 s timeout: some request within a few tries times out.
    let mut saw_timeout = false;
    for _ in 0..6 {
        let (status, body) = get(&format!("{}/v2/{PROJECT}/backuppolicy", proxy.url())).await;
        if status == 504 {
            assert_gateway_error(status, &body, 504, "APIGW.0202");
            saw_timeout = true;
            break;
        }
    }
    assert!(saw_timeout, "no request timed out");
}

#[tokio::test]
async fn setup_refuses_bad_upstreams() {
    credentials();
    for bad in [
        "not a url",
        "ftp://example.com",
        "https://example.com/some/path",
        "https://example.com/?q=1",
        "https://user:PlantedPassword-31@example.com",
    ] {
        let config = vbs_server::Config::from_args(["--port", "0", "--upstream", bad]).unwrap();
        let err = vbs_server::start(config).await.expect_err(bad);
        assert!(!err.contains("PlantedPassword"), "{err}");
    }
    // A zero timeout would answer every request 504 at once.
    assert!(vbs_server::Config::from_args(["--upstream-timeout-secs", "0"]).is_err());
    // Any website could call the API with the server's keys.
    let config = vbs_server::Config::from_args([
        "--port",
        "0",
        "--upstream",
        "https://example.com",
        "--cors-origin",
        "*",
    ])
    .unwrap();
    let err = vbs_server::start(config)
        .await
        .expect_err("CORS * while signing");
    assert!(err.contains("--cors-origin"), "{err}");
}

/// A loopback upstream that answers every request with `answer` and hands over each request head.
async fn fake_upstream(
    answer: &'static [u8],
) -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (heads, received) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut head = vec![0u8; 8192];
            let n = stream.read(&mut head).await.unwrap_or(0);
            let _ = heads.send(String::from_utf8_lossy(&head[..n]).into_owned());
            let _ = stream.write_all(answer).await;
            let _ = stream.shutdown().await;
        }
    });
    (url, received)
}

#[tokio::test]
async fn answers_a_page_cannot_use_become_502s_that_say_why() {
    credentials();
    let cases: [(&[u8], &str); 3] = [
        (
            b"HTTP/1.1 302 Found\r\nLocation: https://elsewhere.example/v2\r\nContent-Length: 0\r\n\r\n",
            "redirected (HTTP 302) to https://elsewhere.example/v2",
        ),
        (
            b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n",
            "407",
        ),
        (
            b"HTTP/1.1 600 Odd\r\nContent-Length: 0\r\n\r\n",
            "HTTP 600",
        ),
    ];
    for (answer, says) in cases {
        let (upstream, mut heads) = fake_upstream(answer).await;
        let proxy = server(&["--upstream", &upstream]).await;
        let (status, body) = get(&format!("{}/v2/{PROJECT}/backuppolicy", proxy.url())).await;
        assert_gateway_error(status, &body, 502, "APIGW.0202");
        let message = body["error_msg"].as_str().unwrap();
        assert!(message.contains(says), "{message}");
        // Asked for an uncompressed body: it is relayed byte for byte.
        let head = heads.recv().await.unwrap().to_ascii_lowercase();
        assert!(head.contains("accept-encoding: identity"), "{head}");
    }
}

#[tokio::test]
async fn an_upstream_error_that_echoes_the_secret_key_is_redacted() {
    credentials();
    let (upstream, _heads) = fake_upstream(
        b"HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: 86\r\n\r\n\
          {\"error_msg\":\"bad key emulator-secret-key\",\"error_code\":\"APIGW.0301\",\"request_id\":\"r\"}",
    )
    .await;
    let proxy = server(&["--upstream", &upstream]).await;
    let response = client()
        .get(format!("{}/v2/{PROJECT}/backuppolicy", proxy.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body = response.text().await.unwrap();
    assert!(!body.contains("emulator-secret-key"), "{body}");
    assert!(body.contains("[redacted]"), "{body}");
}

#[test]
fn the_binary_never_logs_the_secret_key() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let secret = "PlantedSecretKey-5f0c2a9e";
    let upstream = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let upstream_addr = upstream.local_addr().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vbs-server"))
        .args([
            "--port",
            "0",
            "--upstream",
            &format!("http://{upstream_addr}"),
        ])
        .env("HUAWEICLOUD_SDK_AK", "PlantedAccessKey")
        .env("HUAWEICLOUD_SDK_SK", secret)
        .env("HUAWEICLOUD_SDK_SECURITY_TOKEN", "PlantedSecurityToken-77")
        .env("VBS_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the banner for the port, make a request that is signed and forwarded, then stop.
    let mut stdout = child.stdout.take().unwrap();
    let mut banner = [0u8; 256];
    let n = stdout.read(&mut banner).unwrap();
    let banner = String::from_utf8_lossy(&banner[..n]).into_owned();
    let url = banner
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .trim_end_matches('/')
        .to_owned();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let request_url = format!("{url}/v2/{PROJECT}/backuppolicy");
    let accept = std::thread::spawn(move || {
        let (mut stream, _) = upstream.accept().unwrap();
        let mut head = [0u8; 4096];
        let n = stream.read(&mut head).unwrap();
        let head = String::from_utf8_lossy(&head[..n]).into_owned();
        use std::io::Write;
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 22\r\n\r\n{\"backup_policies\":[]}");
        head
    });
    let status = runtime.block_on(async {
        client()
            .get(&request_url)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert_eq!(status, 200);
    let forwarded_head = accept.join().unwrap();
    assert!(
        forwarded_head.contains("SDK-HMAC-SHA256 Access=PlantedAccessKey"),
        "{forwarded_head}"
    );
    assert!(
        !forwarded_head.contains(secret),
        "the SK itself was sent upstream"
    );
    child.kill().unwrap();
    let mut logs = banner;
    stdout.read_to_string(&mut logs).unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    child.wait().unwrap();
    assert!(
        logs.contains("GET /v2/"),
        "the request was not logged at all: {logs}"
    );
    for planted in [secret, "PlantedSecurityToken-77"] {
        assert!(!logs.contains(planted), "a secret reached the logs");
    }
}
