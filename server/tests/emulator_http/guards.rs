//! The request guards: CORS only when asked, odd hosts, absolute targets and huge headers refused,
//! and the loopback names a server on every address answers to.
//! Run: `cargo test -p vbs-server --test emulator_http` (one binary, declared in `emulator_http.rs`).

use crate::common::*;

#[tokio::test]
async fn cors_only_when_asked() {
    let closed = server(&[]).await;
    let open = server(&["--cors-origin", "http://127.0.0.1:9999"]).await;
    let ask = |base: String| async move {
        client()
            .get(format!("{base}/v2/{PROJECT}/backuppolicy"))
            .header("Origin", "http://127.0.0.1:9999")
            .send()
            .await
            .unwrap()
    };
    assert!(ask(closed.url())
        .await
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    let response = ask(open.url()).await;
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "http://127.0.0.1:9999"
    );
    let preflight = client()
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/v2/{PROJECT}/backuppolicy", open.url()),
        )
        .header("Origin", "http://127.0.0.1:9999")
        .header("Access-Control-Request-Method", "GET")
        .header(
            "Access-Control-Request-Headers",
            "x-auth-token,authorization,x-sdk-date",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    let allowed = preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("x-sdk-date"), "{allowed}");
}

#[tokio::test]
async fn odd_hosts_absolute_targets_and_huge_headers_are_refused() {
    let server = server(&[]).await;
    let path = format!("/v2/{PROJECT}/backuppolicy");
    let ok = raw(
        server.addr,
        format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        )
        .as_bytes(),
    )
    .await;
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    let localhost = raw(
        server.addr,
        format!(
            "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
            server.addr.port()
        )
        .as_bytes(),
    )
    .await;
    assert!(localhost.starts_with("HTTP/1.1 200"), "{localhost}");
    let evil = raw(
        server.addr,
        format!("GET {path} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
    .await;
    assert!(evil.starts_with("HTTP/1.1 400"), "{evil}");
    let no_host = raw(
        server.addr,
        format!("GET {path} HTTP/1.1\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await;
    assert!(no_host.starts_with("HTTP/1.1 400"), "{no_host}");
    // Two Host headers are a 400 (RFC 9112 §3.2), whichever comes first.
    let two_hosts = raw(
        server.addr,
        format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
            server.addr
        )
        .as_bytes(),
    )
    .await;
    assert!(two_hosts.starts_with("HTTP/1.1 400"), "{two_hosts}");
    let absolute = raw(
        server.addr,
        format!(
            "GET http://{}{path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr, server.addr
        )
        .as_bytes(),
    )
    .await;
    assert!(absolute.starts_with("HTTP/1.1 400"), "{absolute}");
    let huge = raw(
        server.addr,
        format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
            server.addr,
            "a".repeat(40_000)
        )
        .as_bytes(),
    )
    .await;
    assert!(
        huge.starts_with("HTTP/1.1 431") || huge.is_empty(),
        "{}",
        &huge[..huge.len().min(80)]
    );
}

#[tokio::test]
async fn listening_on_every_address_answers_to_loopback_names_not_to_0_0_0_0() {
    let server = server(&["--bind", "0.0.0.0"]).await;
    assert!(
        server.url().starts_with("http://127.0.0.1:"),
        "{}",
        server.url()
    );
    let (status, _) = get(&format!("{}/v2/{PROJECT}/backuppolicy", server.url())).await;
    assert_eq!(status, 200);
    let unspecified = raw(
        server.addr,
        format!(
            "GET /v2/{PROJECT}/backuppolicy HTTP/1.1\r\nHost: 0.0.0.0:{}\r\nConnection: close\r\n\r\n",
            server.addr.port()
        )
        .as_bytes(),
    )
    .await;
    assert!(unspecified.starts_with("HTTP/1.1 400"), "{unspecified}");
}
