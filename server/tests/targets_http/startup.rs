//! What a server finds and checks when it starts: a target's project discovered through IAM (and
//! what IAM returned when it is not one project), a config error naming its file and line, the
//! single-target flags finding their project, the emulator as the one target at the page's origin,
//! and a targets file that signs not opened beyond loopback without a login.
//! Run: `cargo test -p vbs-server --test targets_http` (one binary, declared in `targets_http.rs`).

use std::sync::Once;

use super::*;

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
