//! Single requests: the client's defaults, the policies (unusual names too), a page with every
//! filter, each status filter, what the API refuses (an unknown policy, what only the server can
//! check), invalid input caught before any request, a network failure with the CORS hint, and the
//! documented example.
//! Part of the `transport_browser` test binary (declared in `transport_browser.rs`, which says how to run it).

use std::collections::HashSet;
use std::time::Duration;

use futures::StreamExt;
use vbs_tasks::transport::{Paging, RetryPolicy};
use vbs_tasks::{ErrorKind, SortDir, SortKey, TaskQuery, TaskStatus};

use super::*;

// ---------------------------------------------------------------------------------------------
// Configuration and plain calls
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn defaults_are_a_30_s_budget_and_3_attempts() {
    let client = Client::new("", PROJECT);
    assert_eq!(client.get_timeout(), Some(Duration::from_secs(30)));
    assert_eq!(client.get_retry_policy().get_attempts(), 3);
    let client = client.attempts(1).no_timeout().token("secret-token-value");
    assert_eq!(client.get_timeout(), None);
    assert_eq!(client.get_retry_policy().get_attempts(), 1);
    let shown = format!("{client:?}");
    assert!(!shown.contains("secret-token-value"), "{shown}");
    let shown = format!(
        "{:?}",
        Client::new("", PROJECT).ak_sk("AK-1", "SK-very-secret")
    );
    assert!(
        shown.contains("AK-1") && !shown.contains("SK-very-secret"),
        "{shown}"
    );
}

#[wasm_bindgen_test]
async fn lists_the_emulator_policies() {
    let policies = client().list_policies().await.expect("list policies");
    let names: HashSet<&str> = policies.iter().map(|p| p.name.as_str()).collect();
    for name in [
        "daily-volumes",
        "weekly-database",
        "nightly-small",
        "empty-policy",
        "每日备份-中文",
        "<img src=x onerror=alert(1)>",
    ] {
        assert!(names.contains(name), "missing {name:?} in {names:?}");
    }
    assert!(policies.iter().all(|p| !p.id.is_empty()));
}

#[wasm_bindgen_test]
async fn policies_with_unusual_names_page_like_any_other() {
    let client = client();
    for (name, expected) in [
        ("每日备份-中文", 40),
        ("<img src=x onerror=alert(1)>", 12),
        ("nightly-small", 5),
    ] {
        let id = policy_id(name).await;
        let page = client
            .list_tasks(&id, &TaskQuery::new().limit(1000))
            .await
            .expect(name);
        assert_eq!(page.count, expected, "{name}");
        assert_eq!(page.tasks.len(), expected as usize, "{name}");
    }
    let empty = policy_id("empty-policy").await;
    let page = client
        .list_tasks(&empty, &TaskQuery::new())
        .await
        .expect("empty");
    assert_eq!(page.count, 0);
    assert!(page.tasks.is_empty());
}

#[wasm_bindgen_test]
async fn a_page_with_every_filter() {
    let client = client();
    let id = policy_id("weekly-database").await;
    // Oldest first, successes only, by creation time.
    let base = TaskQuery::new()
        .status(TaskStatus::ExecuteSuccess)
        .sort_dir(SortDir::Asc)
        .sort_key(SortKey::CreatedAt);
    let first = client
        .list_tasks(&id, &base.clone().limit(10))
        .await
        .expect("first page");
    assert_eq!(first.tasks.len(), 10);
    assert!(first.count >= 10, "count {}", first.count);
    assert!(first
        .tasks
        .iter()
        .all(|t| t.status == TaskStatus::ExecuteSuccess));
    assert!(
        first
            .tasks
            .windows(2)
            .all(|w| w[0].created_at <= w[1].created_at),
        "not oldest first"
    );
    // The offset moves within the same filtered order.
    let shifted = client
        .list_tasks(&id, &base.clone().limit(5).offset(3))
        .await
        .expect("offset page");
    assert_eq!(shifted.count, first.count);
    assert_eq!(shifted.tasks[0].job_id, first.tasks[3].job_id);
    assert_eq!(shifted.tasks[4].job_id, first.tasks[7].job_id);
    // The marker starts after the named task.
    let after = client
        .list_tasks(
            &id,
            &base.clone().limit(2).marker(first.tasks[5].job_id.clone()),
        )
        .await
        .expect("marker page");
    let after_ids: Vec<&str> = after.tasks.iter().map(|t| t.job_id.as_str()).collect();
    assert_eq!(
        after_ids,
        [
            first.tasks[6].job_id.as_str(),
            first.tasks[7].job_id.as_str()
        ]
    );
    // job_id narrows to exactly one task, with every other filter set too.
    let wanted = &first.tasks[4];
    let one = client
        .list_tasks(
            &id,
            &base
                .clone()
                .job_id(wanted.job_id.clone())
                .limit(10)
                .offset(0),
        )
        .await
        .expect("job_id page");
    assert_eq!(one.count, 1);
    assert_eq!(one.tasks.len(), 1);
    assert_eq!(&one.tasks[0], wanted);
    // Newest first is the reverse order.
    let newest = client
        .list_tasks(
            &id,
            &TaskQuery::new()
                .status(TaskStatus::ExecuteSuccess)
                .limit(10),
        )
        .await
        .expect("newest first");
    assert_eq!(newest.count, first.count);
    assert!(newest
        .tasks
        .windows(2)
        .all(|w| w[0].created_at >= w[1].created_at));
}

#[wasm_bindgen_test]
async fn every_status_filter_returns_only_that_status() {
    let client = client();
    let id = policy_id("daily-volumes").await;
    let mut total = 0;
    for status in TaskStatus::KNOWN {
        let page = client
            .list_tasks(&id, &TaskQuery::new().status(status.clone()).limit(50))
            .await
            .expect("filtered page");
        assert!(page.count > 0, "daily-volumes has no {status} task");
        assert!(page.tasks.iter().all(|t| t.status == status), "{status}");
        total += page.count;
    }
    assert_eq!(total, DAILY_VOLUMES_TASKS as u64);
}

#[wasm_bindgen_test]
async fn an_unknown_policy_is_a_404_with_the_api_code_and_message() {
    let err = client()
        .list_tasks("no-such-policy", &TaskQuery::new())
        .await
        .expect_err("404");
    assert_eq!(err.kind(), ErrorKind::Http);
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some("AutoBackup.0205"));
    assert!(err.message().is_some_and(|m| !m.is_empty()), "{err}");
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("AutoBackup.0205"), "{err}");
}

#[wasm_bindgen_test]
async fn the_server_refuses_what_only_it_can_check() {
    let client = client();
    let id = policy_id("nightly-small").await;
    let err = client
        .list_tasks(&id, &TaskQuery::new().limit(1001))
        .await
        .expect_err("limit over 1000");
    assert_eq!(err.status(), Some(400), "{err}");
    let err = client
        .list_tasks(&id, &TaskQuery::new().marker("no-such-task"))
        .await
        .expect_err("unknown marker");
    assert_eq!(err.status(), Some(400), "{err}");
}

#[wasm_bindgen_test]
async fn invalid_input_fails_before_any_request() {
    // Nothing listens on the dead endpoint: a request would be a network error.
    let dead = Client::new(DEAD_ENDPOINT, PROJECT).attempts(1);
    let cases = [
        ("p", TaskQuery::new().limit(0), "limit"),
        ("p", TaskQuery::new().offset(1).marker("m"), "offset"),
        ("p", TaskQuery::new().job_id(" "), "job_id"),
        ("", TaskQuery::new(), "policy_id"),
    ];
    for (policy, query, field) in cases {
        let err = dead.list_tasks(policy, &query).await.expect_err(field);
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{field}: {err}");
        assert_eq!(err.field(), Some(field), "{err}");
    }
    let err = Client::new(DEAD_ENDPOINT, "")
        .list_policies()
        .await
        .expect_err("empty project");
    assert_eq!(err.field(), Some("project_id"));
    for endpoint in [
        "ftp://127.0.0.1:9",
        "http://127.0.0.1:9/?x=1",
        "http://[bad",
        "http://user:pw-in-url-1234@127.0.0.1:9",
    ] {
        let client = Client::new(endpoint, PROJECT);
        // `check` refuses it before any call, and each call the same way.
        let checked = client.check().expect_err(endpoint);
        let err = client.list_policies().await.expect_err(endpoint);
        assert_eq!(err, checked);
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{endpoint}: {err}");
        assert_eq!(err.field(), Some("endpoint"));
        // fetch's own refusal of a URL with a password quotes the URL whole.
        assert!(!format!("{err} {err:?}").contains("pw-in-url"), "{err}");
    }
    client().check().expect("a good endpoint passes the check");
    let err = Client::new(DEAD_ENDPOINT, PROJECT)
        .token("")
        .list_policies()
        .await
        .expect_err("empty token");
    assert_eq!(err.field(), Some("token"));
    for (client, field) in [
        (Client::new(DEAD_ENDPOINT, PROJECT).token("MIIE…"), "token"),
        (Client::new(DEAD_ENDPOINT, PROJECT).token("a b"), "token"),
        (
            Client::new(DEAD_ENDPOINT, PROJECT).ak_sk("", "sk"),
            "access_key",
        ),
        (
            Client::new(DEAD_ENDPOINT, PROJECT).ak_sk("AK", ""),
            "secret_key",
        ),
    ] {
        let err = client.list_policies().await.expect_err(field);
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{field}: {err}");
        assert_eq!(err.field(), Some(field), "{err}");
    }
    // A paging stream refuses the same way, with one error and nothing sent.
    let mut pages = dead.pages("p", &TaskQuery::new().limit(0), Paging::Offset);
    let err = pages.next().await.expect("one item").expect_err("invalid");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(pages.next().await.is_none());
    let mut pages = dead.pages("p", &TaskQuery::new().marker("m"), Paging::Offset);
    let err = pages
        .next()
        .await
        .expect("one item")
        .expect_err("mode clash");
    assert_eq!(err.field(), Some("marker"));
}

#[wasm_bindgen_test]
async fn a_network_failure_is_kind_network_with_the_cors_hint() {
    let started = now_ms();
    let err = Client::new(DEAD_ENDPOINT, PROJECT)
        .attempts(1)
        .list_tasks("p", &TaskQuery::new())
        .await
        .expect_err("nothing listens");
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert!(err.is_retryable());
    let text = err.to_string();
    assert!(text.contains("CORS") && text.contains("proxy"), "{text}");
    assert!(now_ms() - started < 5_000.0);
    // With retries it is sent again, then still fails as a network error.
    let err = Client::new(DEAD_ENDPOINT, PROJECT)
        .retry_policy(
            RetryPolicy::new()
                .attempts(2)
                .base_delay(Duration::from_millis(10)),
        )
        .list_policies()
        .await
        .expect_err("still nothing");
    assert_eq!(err.kind(), ErrorKind::Network);
}

/// The example of `Client`'s documentation, against the emulator.
#[wasm_bindgen_test]
async fn the_documented_example_runs() {
    let client = Client::new(ENDPOINT, PROJECT)
        .token("emulator-token")
        .timeout(Duration::from_secs(10))
        .attempts(2);
    let policies = client.list_policies().await.expect("policies");
    let policy = policies
        .iter()
        .find(|p| p.name == "weekly-database")
        .expect("weekly-database");
    let page = client
        .list_tasks(
            &policy.id,
            &TaskQuery::new().status(TaskStatus::ExecuteFail).limit(50),
        )
        .await
        .expect("failed tasks");
    assert!(page
        .tasks
        .iter()
        .all(|t| t.status == TaskStatus::ExecuteFail));
    let mut tasks = client.tasks(&policy.id, &TaskQuery::new().limit(1000), Paging::Marker);
    let mut n = 0;
    while let Some(task) = tasks.next().await {
        task.expect("task");
        n += 1;
    }
    let all = client
        .list_tasks(&policy.id, &TaskQuery::new().limit(1))
        .await
        .expect("count");
    assert_eq!(n as u64, all.count);
}
