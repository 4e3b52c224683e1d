//! The emulator's auth over HTTP: with `--require-auth`, a token or an AK/SK signature is needed;
//! by default none is, but a bad token is still refused.
//! Run: `cargo test -p vbs-server --test emulator_http` (one binary, declared in `emulator_http.rs`).

use time::OffsetDateTime;
use vbs_tasks::core::sign::SigningRequest;
use vbs_tasks::Signer;

use crate::common::*;

fn signed_request(
    base: &str,
    path_and_query: &str,
    signer: &Signer,
    at: OffsetDateTime,
) -> reqwest::RequestBuilder {
    let url = reqwest::Url::parse(&format!("{base}{path_and_query}")).unwrap();
    let host = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap());
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let request = SigningRequest {
        method: "GET",
        path: url.path(),
        query,
        headers: vec![("host".into(), host)],
        body: b"",
    };
    let mut builder = client().get(url.clone());
    for (name, value) in signer.sign(&request, at) {
        builder = builder.header(name, value);
    }
    builder
}

#[tokio::test]
async fn auth_token_and_aksk_when_required() {
    let server = server(&["--require-auth"]).await;
    let base = server.url();
    let path = format!("/v2/{PROJECT}/backuppolicy");

    let (status, body) = get(&format!("{base}{path}")).await;
    assert_service_error(status, &body, 401, "AutoBackup.0002");
    let with_token = |token: &'static str| {
        let url = format!("{base}{path}");
        async move {
            let answer = client()
                .get(url)
                .header("X-Auth-Token", token)
                .send()
                .await
                .unwrap();
            let status = answer.status().as_u16();
            (status, answer.json::<serde_json::Value>().await.unwrap())
        }
    };
    // A header with no value is an empty token too, not an expired one.
    let (status, body) = with_token("").await;
    assert_service_error(status, &body, 401, "AutoBackup.0002");
    assert_eq!(with_token("emulator-token").await.0, 200);
    let (status, body) = with_token("expired-token").await;
    assert_service_error(status, &body, 401, "AutoBackup.0003");

    let now = OffsetDateTime::now_utc();
    let good = Signer::new("EMULATORAK0000000001", "emulator-secret-key");
    let signed = signed_request(&base, &path, &good, now)
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status().as_u16(), 200);
    let big = policy_id_with_token(&base).await;
    let tasks_path =
        format!("/v2/{PROJECT}/backuppolicy/{big}/backuptasks?limit=3&job_id=a%20b&status=SKIP");
    assert_eq!(
        signed_request(&base, &tasks_path, &good, now)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );

    for (signer, at, why) in [
        (
            Signer::new("EMULATORAK0000000001", "wrong-secret"),
            now,
            "wrong SK",
        ),
        (
            Signer::new("OTHERAK", "emulator-secret-key"),
            now,
            "unknown AK",
        ),
        (good.clone(), now - time::Duration::hours(1), "stale date"),
    ] {
        let refused = signed_request(&base, &path, &signer, at)
            .send()
            .await
            .unwrap();
        let status = refused.status().as_u16();
        let body: serde_json::Value = refused.json().await.unwrap();
        assert_gateway_error(status, &body, 401, "APIGW.0301");
        assert!(!body.to_string().contains("wrong-secret"), "{why}: {body}");
    }

    // A signature is bound to its query: the same headers on another query are refused.
    let signed_for_limit_3 = signed_request(&base, &tasks_path, &good, now)
        .build()
        .unwrap();
    let mut tampered = signed_for_limit_3.try_clone().unwrap();
    *tampered.url_mut() = reqwest::Url::parse(&format!(
        "{base}{}",
        tasks_path.replace("limit=3", "limit=4")
    ))
    .unwrap();
    assert_eq!(
        client().execute(tampered).await.unwrap().status().as_u16(),
        401
    );
}

async fn policy_id_with_token(base: &str) -> String {
    let body = body_with_token(&format!("{base}/v2/{PROJECT}/backuppolicy")).await;
    vbs_tasks::PolicyList::from_json(&body)
        .unwrap()
        .backup_policies[0]
        .id
        .clone()
}

#[tokio::test]
async fn auth_is_optional_by_default_but_a_bad_token_is_still_refused() {
    let server = server(&[]).await;
    let base = server.url();
    let path = format!("{base}/v2/{PROJECT}/backuppolicy");
    assert_eq!(get(&path).await.0, 200);
    let bad = client()
        .get(&path)
        .header("X-Auth-Token", "nope")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 401);
}
