//! The emulator's task list over HTTP: the seeded policies, every query parameter and its invalid
//! values, the status and job ID filters, paging through the big policy by offset and by marker,
//! unknown policies, projects, paths and methods, and a frozen clock's answers that never change.
//! Run: `cargo test -p vbs-server --test emulator_http` (one binary, declared in `emulator_http.rs`).

use std::collections::HashMap;

use vbs_tasks::TaskStatus;

use crate::common::{self, *};

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
