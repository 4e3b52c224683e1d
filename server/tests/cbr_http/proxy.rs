//! CBR through a signing proxy (the four GETs forwarded and signed, nothing else; none without a
//! CBR endpoint) and through named targets as their services say.
//! Run: `cargo test -p vbs-server --test cbr_http` (one binary, declared in `cbr_http.rs`).

use super::*;

/// An upstream emulator and a proxy in front of it, signing with the emulator's keys.
async fn upstream_and_proxy(extra: &[&str]) -> (vbs_server::Running, vbs_server::Running) {
    std::env::set_var("HUAWEICLOUD_SDK_AK", "EMULATORAK0000000001");
    std::env::set_var("HUAWEICLOUD_SDK_SK", "emulator-secret-key");
    std::env::remove_var("HUAWEICLOUD_SDK_SECURITY_TOKEN");
    let upstream = server(&["--require-auth"]).await;
    let mut flags = vec!["--upstream".to_owned(), upstream.url()];
    flags.extend(
        extra
            .iter()
            .map(|f| f.replace("{upstream}", &upstream.url())),
    );
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let proxy = server(&flags).await;
    (upstream, proxy)
}

#[tokio::test]
async fn the_proxy_forwards_and_signs_the_four_cbr_gets_and_nothing_else() {
    let (upstream, proxy) = upstream_and_proxy(&["--cbr-upstream", "{upstream}"]).await;
    let (up, via) = (upstream.url(), proxy.url());
    // No token from the page: the upstream (which always asks on CBR) accepts only because the
    // proxy signs.
    let query = "vault_id=__VAULT__&status=success&limit=4&offset=2";
    let vault = {
        let (status, body) = get(&format!("{via}/v3/{PROJECT}/vaults")).await;
        assert_eq!(status, 200, "{body}");
        body["vaults"][0]["id"].as_str().unwrap().to_owned()
    };
    let query = query.replace("__VAULT__", &vault);
    let through = client().get(logs_url(&via, &query)).send().await.unwrap();
    assert_eq!(through.status().as_u16(), 200);
    let through = OpLogPage::from_json(&through.bytes().await.unwrap()).unwrap();
    assert_eq!(through, logs(&up, &query).await);
    assert_eq!(through.operation_logs.len(), 4);
    let id = &through.operation_logs[0].id;
    let (status, one) = get(&format!("{via}/v3/{PROJECT}/operation-logs/{id}")).await;
    assert_eq!(
        (status, one["operation_log"]["id"].as_str()),
        (200, Some(id.as_str()))
    );
    let (status, policies) = get(&format!(
        "{via}/v3/{PROJECT}/policies?operation_type=replication&colour=x"
    ))
    .await;
    assert_eq!((status, policies["count"].as_u64()), (200, Some(1)));
    // An awkward value survives encoding, signing and re-encoding.
    let odd = client()
        .get(logs_url(&via, "resource_name=a+b%26c%3Dd%2F%C3%A9"))
        .send()
        .await
        .unwrap();
    assert_eq!(odd.status().as_u16(), 200);
    // Refused without forwarding: another path, another method, an invalid query.
    for path in [
        format!("/v3/{PROJECT}/backups"),
        "/v3/projects".into(),
        format!("/v3/{PROJECT}/operation-logs/a/b"),
    ] {
        let (status, body) = get(&format!("{via}{path}")).await;
        assert_gateway_error(status, &body, 404, "APIGW.0101");
    }
    let post = client().post(logs_url(&via, "")).send().await.unwrap();
    assert_eq!(post.status().as_u16(), 405);
    let (status, body) = {
        let response = client()
            .get(logs_url(&via, "status=nope"))
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.bytes().await.unwrap())
    };
    assert_cbr_error(status, &body, 400, "BackupService.9900");
    // VBS still goes through.
    assert!(!policies_of(&via).await.is_empty());
}

async fn policies_of(base: &str) -> Vec<vbs_tasks::Policy> {
    policies(base).await.backup_policies
}

#[tokio::test]
async fn a_proxy_without_a_cbr_endpoint_answers_no_cbr() {
    let (_upstream, proxy) = upstream_and_proxy(&[]).await;
    let (status, body) = get(&logs_url(&proxy.url(), "")).await;
    assert_gateway_error(status, &body, 404, "APIGW.0101");
}

#[tokio::test]
async fn named_targets_serve_cbr_under_their_prefix_as_their_services_say() {
    let upstream = server(&["--require-auth"]).await;
    std::env::set_var("CBR_TARGETS_AK", "EMULATORAK0000000001");
    std::env::set_var("CBR_TARGETS_SK", "emulator-secret-key");
    let keys = "access_key_env = \"CBR_TARGETS_AK\"\nsecret_key_env = \"CBR_TARGETS_SK\"\n";
    let up = upstream.url();
    let text = format!(
        "[[target]]\nname = \"both\"\nendpoint = \"{up}\"\ncbr_endpoint = \"{up}\"\nproject_id = \"{PROJECT}\"\n{keys}\n\
         [[target]]\nname = \"vbs-only\"\nendpoint = \"{up}\"\nproject_id = \"{PROJECT}\"\n{keys}\n\
         [[target]]\nname = \"cbr-only\"\nendpoint = \"{up}\"\ncbr_endpoint = \"{up}\"\nservices = [\"cbr\"]\nproject_id = \"{PROJECT}\"\n{keys}"
    );
    let path = std::env::temp_dir().join(format!("cbr-targets-{}.toml", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let proxy = server(&["--config", path.to_str().unwrap()]).await;
    let base = proxy.url();
    let cbr_path = format!("/v3/{PROJECT}/operation-logs?limit=2&operation_type=restore");
    for name in ["both", "cbr-only"] {
        let response = client()
            .get(format!("{base}/t/{name}{cbr_path}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{name}");
        let page = OpLogPage::from_json(&response.bytes().await.unwrap()).unwrap();
        assert_eq!(
            page,
            logs(&up, "limit=2&operation_type=restore").await,
            "{name}"
        );
    }
    let (status, body) = get(&format!("{base}/t/vbs-only{cbr_path}")).await;
    assert_gateway_error(status, &body, 404, "APIGW.0101");
    let (status, body) = get(&format!("{base}/t/cbr-only/v2/{PROJECT}/backuppolicy")).await;
    assert_gateway_error(status, &body, 404, "APIGW.0101");
    let (status, _) = get(&format!("{base}/t/vbs-only/v2/{PROJECT}/backuppolicy")).await;
    assert_eq!(status, 200);
    // At the root of a --config server, /v3/… answers for no target.
    let (status, _) = get(&format!("{base}{cbr_path}")).await;
    assert_eq!(status, 404);
    let _ = std::fs::remove_file(path);
}
