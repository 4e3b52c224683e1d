//! Who may call CBR: credentials missing or wrong, a signature accepted, and CORS for a configured
//! origin.
//! Run: `cargo test -p vbs-server --test cbr_http` (one binary, declared in `cbr_http.rs`).

use time::OffsetDateTime;
use vbs_tasks::core::sign::SigningRequest;
use vbs_tasks::Signer;

use super::*;

#[tokio::test]
async fn credentials_missing_or_wrong_are_401_apigw_0301_and_a_signature_is_accepted() {
    // The open demo answers a page without credentials, as on its VBS routes; a wrong token is
    // still refused.
    let open = server(&[]).await;
    let (status, _) = get(&logs_url(&open.url(), "limit=1")).await;
    assert_eq!(status, 200, "the demo emulator needs no token");
    let response = client()
        .get(logs_url(&open.url(), "limit=1"))
        .header("X-Auth-Token", "wrong-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);

    let server = server(&["--require-auth"]).await;
    let base = server.url();
    let url = logs_url(&base, "limit=1");
    let (status, body) = get(&url).await;
    assert_gateway_error(status, &body, 401, "APIGW.0301");
    assert!(body["error_msg"]
        .as_str()
        .unwrap()
        .contains("x-auth-token not found"));
    for token in ["", "wrong-token"] {
        let response = client()
            .get(&url)
            .header("X-Auth-Token", token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 401, "{token:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error_code"], "APIGW.0301");
    }
    // Every CBR route asks, and every answer is named by an X-Request-Id.
    for path in ["operation-logs/x", "policies", "vaults"] {
        let (status, body) = get(&format!("{base}/v3/{PROJECT}/{path}")).await;
        assert_gateway_error(status, &body, 401, "APIGW.0301");
    }
    let signer = Signer::new("EMULATORAK0000000001", "emulator-secret-key");
    let signed = signed(
        &base,
        &format!("/v3/{PROJECT}/operation-logs?limit=2&status=success"),
        &signer,
    )
    .await;
    assert_eq!(signed.status().as_u16(), 200);
    assert_eq!(signed.headers()["x-request-id"].len(), 32);
    let page = OpLogPage::from_json(&signed.bytes().await.unwrap()).unwrap();
    assert_eq!(page.operation_logs.len(), 2);
    let forged = signed_with(
        &base,
        &format!("/v3/{PROJECT}/vaults"),
        &Signer::new("EMULATORAK0000000001", "wrong"),
    )
    .await;
    assert_eq!(forged.status().as_u16(), 401);
}

async fn signed(base: &str, path_and_query: &str, signer: &Signer) -> reqwest::Response {
    signed_with(base, path_and_query, signer).await
}

async fn signed_with(base: &str, path_and_query: &str, signer: &Signer) -> reqwest::Response {
    let url = reqwest::Url::parse(&format!("{base}{path_and_query}")).unwrap();
    let host = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap());
    let request = SigningRequest {
        method: "GET",
        path: url.path(),
        query: url.query_pairs().into_owned().collect(),
        headers: vec![("host".into(), host)],
        body: b"",
    };
    let mut builder = client().get(url.clone());
    for (name, value) in signer.sign(&request, OffsetDateTime::now_utc()) {
        builder = builder.header(name, value);
    }
    builder.send().await.unwrap()
}

#[tokio::test]
async fn cors_lets_a_configured_origin_call_cbr_and_read_the_request_id() {
    let server = server(&["--cors-origin", "http://viewer.test"]).await;
    let url = logs_url(&server.url(), "limit=1");
    let preflight = client()
        .request(reqwest::Method::OPTIONS, &url)
        .header("Origin", "http://viewer.test")
        .header("Access-Control-Request-Method", "GET")
        .header(
            "Access-Control-Request-Headers",
            "x-auth-token, x-sdk-date, authorization, x-project-id, x-security-token",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        "http://viewer.test"
    );
    let allowed = preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        allowed.contains("x-auth-token") && allowed.contains("x-security-token"),
        "{allowed}"
    );
    let answer = client()
        .get(&url)
        .header("Origin", "http://viewer.test")
        .header("X-Auth-Token", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let exposed = answer.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("x-request-id"), "{exposed}");
}
