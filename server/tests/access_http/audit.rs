//! The audit log: it names who asked for what and holds no secret; without tokens it records the
//! upstream's request ID.
//! Run: `cargo test -p vbs-server --test access_http` (one binary, declared in `access_http.rs`).

use reqwest::header::{AUTHORIZATION, COOKIE};

use super::*;

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
