//! The emulator over HTTP: every parameter, invalid values, error bodies, paging through the big
//! policy by offset and by marker, auth, fault injection, and the request guards.

mod common;

use std::collections::HashMap;

use common::*;
use time::OffsetDateTime;
use vbs_tasks::core::sign::SigningRequest;
use vbs_tasks::{Signer, TaskStatus};

const BIG_COUNT: u64 = 10_317;

#[tokio::test]
async fn lists_the_seeded_policies() {
    let server = server(&[]).await;
    let list = policies(&server.url()).await;
    let names: Vec<&str> = list
        .backup_policies
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "daily-volumes",
            "weekly-database",
            "nightly-small",
            "empty-policy",
            "每日备份-中文",
            "<img src=x onerror=alert(1)>"
        ]
    );
    assert!(list.backup_policies[0].schedule.is_on());
    assert!(!list.backup_policies[3].schedule.is_on());
    assert!(list.backup_policies.iter().all(|p| p.id.len() == 36));
}

#[tokio::test]
async fn the_default_page_is_twenty_newest_first() {
    let server = server(&[]).await;
    let base = server.url();
    let big = policy_id(&base, "daily-volumes").await;
    let page = page(&base, &big, "").await;
    assert_eq!(page.count, BIG_COUNT);
    assert_eq!(page.tasks.len(), 20);
    assert!(page
        .tasks
        .windows(2)
        .all(|w| w[0].created_at >= w[1].created_at));
    let asc = common::page(&base, &big, "sort_dir=asc&sort_key=created_at").await;
    assert!(asc
        .tasks
        .windows(2)
        .all(|w| w[0].created_at <= w[1].created_at));
    assert!(asc.tasks[0].created_at < page.tasks[19].created_at);
}

#[tokio::test]
async fn limit_is_one_to_a_thousand() {
    let server = server(&[]).await;
    let base = server.url();
    let big = policy_id(&base, "daily-volumes").await;
    assert_eq!(page(&base, &big, "limit=1").await.tasks.len(), 1);
    assert_eq!(page(&base, &big, "limit=1000").await.tasks.len(), 1000);
    for bad in [
        "limit=0",
        "limit=-1",
        "limit=abc",
        "limit=1001",
        "limit=",
        "limit=2.5",
    ] {
        let (status, body) = get(&tasks_url(&base, &big, bad)).await;
        assert_service_error(status, &body, 400, "AutoBackup.0005");
        assert!(
            body["error"]["message"].as_str().unwrap().contains("limit"),
            "{bad}: {body}"
        );
    }
}

#[tokio::test]
async fn other_invalid_parameters_are_400_naming_the_parameter() {
    let server = server(&[]).await;
    let base = server.url();
    let big = policy_id(&base, "daily-volumes").await;
    for (bad, named) in [
        ("sort_key=finished_at", "sort_key"),
        ("sort_dir=sideways", "sort_dir"),
        ("status=DONE", "status"),
        ("status=running", "status"),
        ("offset=-1", "offset"),
        ("offset=x", "offset"),
        ("job_id=", "job_id"),
        ("marker=", "marker"),
        ("offset=5&marker=x", "offset"),
        ("limit=5&limit=6", "limit"),
    ] {
        let (status, body) = get(&tasks_url(&base, &big, bad)).await;
        assert_service_error(status, &body, 400, "AutoBackup.0005");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(named),
            "{bad}: {body}"
        );
    }
}

#[tokio::test]
async fn every_status_filters_and_the_counts_add_up() {
    let server = server(&[]).await;
    let base = server.url();
    let big = policy_id(&base, "daily-volumes").await;
    let mut total = 0;
    for status in TaskStatus::KNOWN {
        let page = page(&base, &big, &format!("status={status}&limit=1000")).await;
        assert!(page.count > 0, "{status} never occurs");
        assert!(page.tasks.iter().all(|t| t.status == status), "{status}");
        for task in &page.tasks {
            assert_eq!(task.finished_at.is_none(), status.is_active(), "{task:?}");
            if status.is_failure() {
                assert!(task.code.is_some() && task.message.is_some(), "{task:?}");
            }
        }
        total += page.count;
    }
    assert_eq!(total, BIG_COUNT);
}

#[tokio::test]
async fn job_id_finds_exactly_one_task() {
    let server = server(&[]).await;
    let base = server.url();
    let big = policy_id(&base, "daily-volumes").await;
    let some = page(&base, &big, "offset=500&limit=1")
        .await
        .tasks
        .remove(0);
    let found = page(&base, &big, &format!("job_id={}", some.job_id)).await;
    assert_eq!(found.count, 1);
    assert_eq!(found.tasks, vec![some.clone()]);
    let other_status = if some.status == TaskStatus::Skip {
        "EXECUTE_SUCCESS"
    } else {
        "SKIP"
    };
    let none = page(
        &base,
        &big,
        &format!("job_id={}&status={other_status}", some.job_id),
    )
    .await;
    assert_eq!((none.count, none.tasks.len()), (0, 0));
    let odd = page(&base, &big, "job_id=a%20b%26c%3Dd%2F%C3%A9").await;
    assert_eq!(odd.count, 0);
}

#[tokio::test]
async fn offset_paging_walks_every_task_once() {
    let server = server(&[]).await;
    let base = server.url();
    let big = policy_id(&base, "daily-volumes").await;
    let mut walked = Vec::new();
    let mut offset = 0;
    loop {
        let page = page(&base, &big, &format!("limit=1000&offset={offset}")).await;
        assert_eq!(page.count, BIG_COUNT);
        if page.tasks.is_empty() {
            break;
        }
        offset += page.tasks.len();
        walked.extend(ids(&page));
    }
    assert_eq!(walked.len() as u64, BIG_COUNT);
    assert_unique(&walked);
    let past = page(&base, &big, &format!("offset={}", BIG_COUNT + 5)).await;
    assert_eq!((past.count, past.tasks.len()), (BIG_COUNT, 0));
}

#[tokio::test]
async fn marker_paging_walks_every_task_once_in_both_orders() {
    let server = server(&[]).await;
    let base = server.url();
    let big = policy_id(&base, "daily-volumes").await;
    for dir in ["desc", "asc"] {
        let mut walked: Vec<String> = Vec::new();
        let mut marker: Option<String> = None;
        loop {
            let query = match &marker {
                Some(m) => format!("limit=1000&sort_dir={dir}&marker={m}"),
                None => format!("limit=1000&sort_dir={dir}"),
            };
            let page = page(&base, &big, &query).await;
            walked.extend(ids(&page));
            match page.tasks.last() {
                Some(last) if page.tasks.len() == 1000 => marker = Some(last.job_id.clone()),
                _ => break,
            }
        }
        assert_eq!(walked.len() as u64, BIG_COUNT, "{dir}");
        assert_unique(&walked);
    }
}

#[tokio::test]
async fn the_page_after_a_marker_starts_with_the_next_task_in_order() {
    let server = server(&[]).await;
    let base = server.url();
    let policy = policy_id(&base, "weekly-database").await;
    let all = page(&base, &policy, "limit=1000").await;
    let after = page(
        &base,
        &policy,
        &format!("limit=3&marker={}", all.tasks[9].job_id),
    )
    .await;
    assert_eq!(after.tasks, all.tasks[10..13].to_vec());
    assert_eq!(after.count, all.count);
    // With a status filter, the marker still positions in the full order.
    let failed_after = page(
        &base,
        &policy,
        &format!("status=EXECUTE_SUCCESS&marker={}", all.tasks[9].job_id),
    )
    .await;
    let expected: Vec<_> = all.tasks[10..]
        .iter()
        .filter(|t| t.status == TaskStatus::ExecuteSuccess)
        .take(20)
        .cloned()
        .collect();
    assert_eq!(failed_after.tasks, expected);
}

#[tokio::test]
async fn an_unknown_marker_is_400() {
    let server = server(&[]).await;
    let base = server.url();
    let small = policy_id(&base, "nightly-small").await;
    let big = policy_id(&base, "daily-volumes").await;
    let (status, body) = get(&tasks_url(&base, &small, "marker=no-such-task")).await;
    assert_service_error(status, &body, 400, "AutoBackup.0005");
    // A task of another policy is not a marker of this one.
    let foreign = page(&base, &big, "limit=1").await.tasks.remove(0).job_id;
    let (status, body) = get(&tasks_url(&base, &small, &format!("marker={foreign}"))).await;
    assert_service_error(status, &body, 400, "AutoBackup.0005");
}

#[tokio::test]
async fn unknown_policy_project_path_and_method() {
    let server = server(&[]).await;
    let base = server.url();
    let (status, body) = get(&tasks_url(&base, "no-such-policy", "")).await;
    assert_service_error(status, &body, 404, "AutoBackup.0205");
    let (status, body) = get(&format!("{base}/v2/other-project/backuppolicy")).await;
    assert_service_error(status, &body, 404, "common.0011");
    let (status, body) = get(&format!("{base}/v2/{PROJECT}/backuppolicy/x/other")).await;
    assert_gateway_error(status, &body, 404, "APIGW.0101");
    let response = client()
        .post(format!("{base}/v2/{PROJECT}/backuppolicy"))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_gateway_error(status, &body, 405, "APIGW.0101");
}

#[tokio::test]
async fn small_empty_and_unusual_policies() {
    let server = server(&[]).await;
    let base = server.url();
    let empty = page(&base, &policy_id(&base, "empty-policy").await, "").await;
    assert_eq!((empty.count, empty.tasks.len()), (0, 0));
    let small = page(&base, &policy_id(&base, "nightly-small").await, "").await;
    assert_eq!(small.count, 5);
    let chinese = page(
        &base,
        &policy_id(&base, "每日备份-中文").await,
        "limit=1000",
    )
    .await;
    assert!(chinese.tasks.iter().any(|t| !t.backup_name.is_ascii()));
    let markup = page(
        &base,
        &policy_id(&base, "<img src=x onerror=alert(1)>").await,
        "limit=1000",
    )
    .await;
    assert!(markup.tasks.iter().any(|t| t.backup_name.contains('<')));
    assert!(markup
        .tasks
        .iter()
        .any(|t| t.message.as_deref().is_some_and(|m| m.contains('<'))));
}

#[tokio::test]
async fn answers_never_change_with_a_frozen_clock_and_a_seed_changes_the_data() {
    let one = server(&[]).await;
    let two = server(&[]).await;
    let other_seed = server(&["--seed", "7"]).await;
    let a = policies(&one.url()).await;
    assert_eq!(a, policies(&two.url()).await);
    assert_ne!(a, policies(&other_seed.url()).await);
    let big = &a.backup_policies[0].id;
    assert_eq!(
        page(&one.url(), big, "offset=100").await,
        page(&two.url(), big, "offset=100").await
    );
}

#[tokio::test]
async fn viewer_config_tells_the_page_what_it_talks_to() {
    let server = server(&[]).await;
    let (status, body) = get(&format!("{}/viewer-config.json", server.url())).await;
    assert_eq!(status, 200);
    assert_eq!(body["mode"], "emulator");
    assert_eq!(body["projectId"], PROJECT);
    assert_eq!(body["live"], false);
    assert_eq!(body["now"], "2026-11-20T08:00:00.000");
    assert_eq!(body["endpoint"], "");
}

#[tokio::test]
async fn without_a_built_viewer_the_root_says_how_to_build_it() {
    let server = server(&[]).await;
    let response = client()
        .get(format!("{}/", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let page = response.text().await.unwrap();
    assert!(
        page.contains("/nonexistent-dist has no index.html")
            && page.contains("<code>/v2/</code>")
            && page.contains("trunk build --release"),
        "{page}"
    );
}

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

async fn add_faults(base: &str, plan: serde_json::Value) {
    let response = client()
        .post(format!("{base}/__emulator/faults"))
        .json(&plan)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
}

#[tokio::test]
async fn scripted_faults_503_delay_drop_then_normal() {
    let server = server(&[]).await;
    let base = server.url();
    let small = policy_id(&base, "nightly-small").await;
    add_faults(
        &base,
        serde_json::json!({"policy_id": small, "script": [{"status": 503, "retry_after": 2}, {"delay_ms": 300}, {"drop": true}]}),
    )
    .await;
    let url = tasks_url(&base, &small, "");
    let first = client().get(&url).send().await.unwrap();
    assert_eq!(first.status().as_u16(), 503);
    assert_eq!(first.headers()["retry-after"], "2");
    let body: serde_json::Value = first.json().await.unwrap();
    assert_eq!(body["error"]["code"], "VolumeBackup.0900");
    let started = std::time::Instant::now();
    assert_eq!(
        client().get(&url).send().await.unwrap().status().as_u16(),
        200
    );
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    let dropped = client().get(&url).send().await;
    assert!(
        dropped.is_err(),
        "the connection should close unanswered: {dropped:?}"
    );
    assert_eq!(
        client().get(&url).send().await.unwrap().status().as_u16(),
        200
    );
    // The policy lookup, the four requests above: one of each fault, counted.
    let (status, counts) = get(&format!("{base}/__emulator/faults")).await;
    assert_eq!(status, 200);
    assert_eq!(
        counts,
        serde_json::json!({"requests": 5, "unavailable": 1, "dropped": 1, "raw": 0, "delayed": 1})
    );
}

#[tokio::test]
async fn repeat_page_ignores_paging_until_cleared() {
    let server = server(&[]).await;
    let base = server.url();
    let policy = policy_id(&base, "weekly-database").await;
    add_faults(
        &base,
        serde_json::json!({"policy_id": policy, "repeat_page": true}),
    )
    .await;
    let first = page(&base, &policy, "limit=10").await;
    assert_eq!(page(&base, &policy, "limit=10&offset=10").await, first);
    let response = client()
        .delete(format!("{base}/__emulator/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    assert_ne!(page(&base, &policy, "limit=10&offset=10").await, first);
}

#[tokio::test]
async fn a_bad_fault_plan_is_400() {
    let server = server(&[]).await;
    let response = client()
        .post(format!("{}/__emulator/faults", server.url()))
        .body(r#"{"policy":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
}

#[tokio::test]
async fn random_faults_from_flags() {
    let server = server(&["--fault-503-rate", "1"]).await;
    let (status, body) = get(&format!("{}/v2/{PROJECT}/backuppolicy", server.url())).await;
    assert_service_error(status, &body, 503, "VolumeBackup.0900");
}

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

#[tokio::test]
async fn running_tasks_have_no_end_and_statuses_match_the_dataset() {
    let server = server(&[]).await;
    let base = server.url();
    let big = policy_id(&base, "daily-volumes").await;
    let mut by_status: HashMap<String, u64> = HashMap::new();
    for status in ["RUNNING", "WAITING"] {
        let page = page(&base, &big, &format!("status={status}")).await;
        by_status.insert(status.into(), page.count);
        assert!(page
            .tasks
            .iter()
            .all(|t| t.finished_at.is_none() && t.code.is_none()));
    }
    assert!(
        by_status["RUNNING"] >= 2 && by_status["WAITING"] >= 2,
        "{by_status:?}"
    );
}

/// An emulator serving a viewer build made of `files` (name, content) in a fresh folder `name`.
async fn serve_dist(
    name: &str,
    files: &[(&str, &str)],
) -> (vbs_server::Running, std::path::PathBuf) {
    let dist = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    for (file, content) in files {
        std::fs::write(dist.join(file), content).unwrap();
    }
    let config = vbs_server::Config::from_args([
        "--port",
        "0",
        "--no-live",
        "--dist",
        dist.to_str().unwrap(),
    ])
    .unwrap();
    (vbs_server::start(config).await.unwrap(), dist)
}

/// GETs `path` of the viewer `server` serves; asserts it answers 200.
async fn get_ok(server: &vbs_server::Running, path: &str) -> reqwest::Response {
    let response = client()
        .get(format!("{}{path}", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response
}

#[tokio::test]
async fn the_viewer_is_served_with_a_strict_csp_that_allows_only_its_own_loader() {
    let (server, dist) = serve_dist(
        "vbs-dist",
        &[(
            "index.html",
            "<!doctype html><script type=\"module\">import init from '/app.js'; await init();</script>",
        )],
    )
    .await;
    for path in ["/", "/some/deep/link?policy=x"] {
        let response = get_ok(&server, path).await;
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap()
            .to_owned();
        assert!(
            script_src.contains("'self'") && script_src.contains("'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert!(script_src.contains("'sha256-"), "{csp}");
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(response.headers()["referrer-policy"], "no-referrer");
        assert!(response.text().await.unwrap().contains("import init"));
    }
    std::fs::remove_dir_all(&dist).ok();
}

#[tokio::test]
async fn the_page_carries_the_config_so_the_viewer_need_not_fetch_it() {
    let index = "<!doctype html><html lang=en><title>viewer</title>\
        <link as=fetch crossorigin href=/viewer-config.json rel=preload></head><body></body></html>";
    let (server, dist) = serve_dist("vbs-dist-config", &[("index.html", index)]).await;
    let config: serde_json::Value = client()
        .get(format!("{}/viewer-config.json", server.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config["mode"], "emulator");
    for path in ["/", "/index.html", "/some/deep/link?policy=x"] {
        let response = get_ok(&server, path).await;
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let page = response.text().await.unwrap();
        let data = page
            .split_once("<script type=application/json id=viewer-config>")
            .and_then(|(_, rest)| rest.split_once("</script>"))
            .map(|(data, _)| data)
            .unwrap_or_else(|| panic!("{path}: no config in {page}"));
        let inline: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(inline, config, "{path}");
        assert!(!page.contains("/viewer-config.json"), "{path}: {page}");
    }
    std::fs::remove_dir_all(&dist).ok();
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_the_page_is_asked_for_again() {
    let mut files = vec![("index.html", "<!doctype html><title>viewer</title>")];
    for name in [
        "app-dc2cb80a015657e2.css",
        "components-2eb7e825d722061.css",
        "vbs-viewer-9ba04716e11b6a84_bg.wasm",
        "vbs-viewer-9ba04716e11b6a84.js",
        "bench-vanilla.js",
        "app-notahash.css",
    ] {
        files.push((name, "x"));
    }
    let (server, dist) = serve_dist("vbs-dist-cache", &files).await;
    let cache_control = |response: &reqwest::Response| {
        response
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_owned())
    };
    for (path, expected) in [
        (
            "/app-dc2cb80a015657e2.css",
            "public, max-age=31536000, immutable",
        ),
        (
            "/components-2eb7e825d722061.css",
            "public, max-age=31536000, immutable",
        ),
        (
            "/vbs-viewer-9ba04716e11b6a84_bg.wasm",
            "public, max-age=31536000, immutable",
        ),
        (
            "/vbs-viewer-9ba04716e11b6a84.js",
            "public, max-age=31536000, immutable",
        ),
        ("/bench-vanilla.js", "no-cache"),
        ("/app-notahash.css", "no-cache"),
        ("/", "no-cache"),
        ("/some/deep/link?policy=x", "no-cache"),
    ] {
        let response = get_ok(&server, path).await;
        assert_eq!(
            cache_control(&response).as_deref(),
            Some(expected),
            "{path}"
        );
    }
    // A revalidation of the page answers 304, still `no-cache`.
    let first = client().get(server.url()).send().await.unwrap();
    let etag = first.headers()["etag"].clone();
    let again = client()
        .get(server.url())
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(cache_control(&again).as_deref(), Some("no-cache"));
    // The config is not a static file: it keeps its own `no-store`.
    let api = client()
        .get(format!("{}/viewer-config.json", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(cache_control(&api).as_deref(), Some("no-store"));
    std::fs::remove_dir_all(&dist).ok();
}
