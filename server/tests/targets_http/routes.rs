//! The requests routed to each target: each reaches its own emulator signed with its keys; paths
//! outside a target and unknown targets are refused in the gateway shape; wrong keys are refused
//! upstream, and a target without keys passes the page's token on.
//! Run: `cargo test -p vbs-server --test targets_http` (one binary, declared in `targets_http.rs`).

use super::*;

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
