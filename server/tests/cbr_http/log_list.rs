//! The operation-log list: paging by offset, a full walk of the biggest vault, the inclusive
//! time window, invalid and unknown parameters, every filter, and an unknown vault or project.
//! Run: `cargo test -p vbs-server --test cbr_http` (one binary, declared in `cbr_http.rs`).

use std::collections::HashSet;

use vbs_tasks::core::cbr::{OpLogStatus, OperationLog, OperationType};
use vbs_tasks::Timestamp;

use super::*;

#[tokio::test]
async fn paging_by_offset_echoes_limit_and_offset_and_past_the_end_is_empty_with_the_count() {
    let server = server(&[]).await;
    let base = server.url();
    let first = logs(&base, "limit=5").await;
    assert_eq!(first.operation_logs.len(), 5);
    assert_eq!((first.limit, first.offset), (Some(5), Some(0)));
    assert!(first.count > 10_000, "count is the total (§10 Q1)");
    let second = logs(&base, "limit=5&offset=5").await;
    assert_eq!(second.offset, Some(5));
    assert_eq!(second.count, first.count);
    let ids: HashSet<_> = first
        .operation_logs
        .iter()
        .chain(&second.operation_logs)
        .map(|l| &l.id)
        .collect();
    assert_eq!(ids.len(), 10);
    // Default limit 1000 (§10 Q3).
    let default = logs(&base, "").await;
    assert_eq!(
        (default.limit, default.operation_logs.len()),
        (Some(1000), 1000)
    );
    // Offset at and past the end (§10 Q4).
    for offset in [first.count, first.count + 1, 2_147_483_647] {
        let past = logs(&base, &format!("offset={offset}")).await;
        assert!(past.operation_logs.is_empty(), "{offset}");
        assert_eq!(past.count, first.count);
        assert_eq!(past.offset, Some(offset as u32));
    }
    let last = logs(&base, &format!("offset={}", first.count - 1)).await;
    assert_eq!(last.operation_logs.len(), 1);
}

#[tokio::test]
async fn a_full_walk_of_the_biggest_vault_by_offset_gives_every_log_exactly_once() {
    let server = server(&[]).await;
    let base = server.url();
    let vault = biggest_vault(&base).await;
    let mut seen = HashSet::new();
    let mut offset = 0;
    let mut count = None;
    let mut previous: Option<OperationLog> = None;
    loop {
        let page = logs(
            &base,
            &format!("vault_id={vault}&limit=1000&offset={offset}"),
        )
        .await;
        assert_eq!(*count.get_or_insert(page.count), page.count, "count stays");
        if page.operation_logs.is_empty() {
            break;
        }
        for log in &page.operation_logs {
            assert_eq!(log.vault_id.as_deref(), Some(vault.as_str()));
            assert_eq!(log.project_id, PROJECT);
            assert!(seen.insert(log.id.clone()), "{} twice", log.id);
            // §10 Q2 across pages: created_at descending, ties by id ascending.
            if let Some(prev) = &previous {
                assert!(
                    prev.created_at > log.created_at
                        || (prev.created_at == log.created_at && prev.id < log.id)
                );
            }
            previous = Some(log.clone());
        }
        offset += page.operation_logs.len();
    }
    assert_eq!(seen.len() as u64, count.unwrap());
    assert!(
        seen.len() > 10_000,
        "the vault holds the big policy's backups"
    );
}

#[tokio::test]
async fn the_time_window_is_inclusive_on_started_at_and_checked() {
    let server = server(&[]).await;
    let base = server.url();
    let deleted = logs(&base, "operation_type=vault_delete").await;
    assert_eq!(deleted.count, 1);
    let log = &deleted.operation_logs[0];
    let started = log.started_at.unwrap();
    let second = started.to_filter_time();
    assert_eq!(
        Timestamp::parse_filter_time(&second),
        Some(started),
        "started on a whole second"
    );
    let window = |start: &str, end: &str| {
        format!("operation_type=vault_delete&start_time={start}&end_time={end}")
    };
    let before = Timestamp::from(started.as_offset_date_time() - time::Duration::seconds(1))
        .to_filter_time();
    let after = Timestamp::from(started.as_offset_date_time() + time::Duration::seconds(1))
        .to_filter_time();
    // Both edges are inclusive.
    assert_eq!(logs(&base, &window(&second, &second)).await.count, 1);
    assert_eq!(logs(&base, &window(&before, &second)).await.count, 1);
    assert_eq!(logs(&base, &window(&second, &after)).await.count, 1);
    // A second either side excludes it.
    assert_eq!(logs(&base, &window(&after, &after)).await.count, 0);
    assert_eq!(logs(&base, &window(&before, &before)).await.count, 0);
    // Each bound alone.
    assert_eq!(
        logs(
            &base,
            &format!("operation_type=vault_delete&start_time={second}")
        )
        .await
        .count,
        1
    );
    assert_eq!(
        logs(
            &base,
            &format!("operation_type=vault_delete&end_time={before}")
        )
        .await
        .count,
        0
    );
    // The window is on started_at for every log it returns.
    let (from, to) = ("2026-11-10T00:00:00Z", "2026-11-12T00:00:00Z");
    let page = logs(&base, &format!("start_time={from}&end_time={to}")).await;
    assert!(page.count > 0);
    let (from, to) = (
        Timestamp::parse_filter_time(from).unwrap(),
        Timestamp::parse_filter_time(to).unwrap(),
    );
    assert!(page
        .operation_logs
        .iter()
        .all(|l| (from..=to).contains(&l.started_at.unwrap())));
    // start after end, and any other time form, are refused (§10 Q6, Q7).
    for bad in [
        window(&after, &before),
        "start_time=2026-11-10T00:00:00".into(),
        "start_time=2026-11-10T00:00:00.000Z".into(),
        "end_time=2026-11-10 00:00:00Z".into(),
        "end_time=2026-13-10T00:00:00Z".into(),
        "start_time=".into(),
    ] {
        let (status, body) = get_cbr(&logs_url(&base, &bad)).await;
        assert_cbr_error(status, &body, 400, "BackupService.9900");
    }
}

#[tokio::test]
async fn invalid_parameters_are_400_backupservice_9900_and_unknown_ones_ignored() {
    let server = server(&[]).await;
    let base = server.url();
    for bad in [
        "status=finished",
        "status=SUCCESS",
        "operation_type=snapshot",
        "limit=0",
        "limit=1001",
        "limit=-1",
        "limit=",
        "limit=ten",
        "offset=-1",
        "offset=",
        "offset=1.5",
        "status=success&status=failed",
        "vault_id=a&vault_id=b",
    ] {
        let (status, body) = get_cbr(&logs_url(&base, bad)).await;
        assert_cbr_error(status, &body, 400, "BackupService.9900");
    }
    // migrate_resources is accepted (§10 Q8), and so is an unknown parameter name.
    assert_eq!(
        logs(&base, "operation_type=migrate_resources").await.count,
        0
    );
    let plain = logs(&base, "limit=3").await;
    assert_eq!(logs(&base, "limit=3&colour=blue").await, plain);
}

#[tokio::test]
async fn every_filter_keeps_exactly_the_matching_logs() {
    let server = server(&[]).await;
    let base = server.url();
    let all = logs(&base, "").await.count;
    for status in OpLogStatus::KNOWN {
        let page = logs(&base, &format!("status={status}")).await;
        assert!(
            page.operation_logs.iter().all(|l| l.status == *status),
            "{status}"
        );
    }
    let statuses: u64 = futures_sum(
        &base,
        OpLogStatus::KNOWN.iter().map(|s| format!("status={s}")),
    )
    .await;
    assert_eq!(statuses, all, "the statuses partition the logs");
    let kinds: u64 = futures_sum(
        &base,
        OperationType::KNOWN
            .iter()
            .map(|k| format!("operation_type={k}")),
    )
    .await;
    assert_eq!(kinds, all, "the operation types partition the logs");
    for kind in ["restore", "replication", "delete", "backup"] {
        let page = logs(&base, &format!("operation_type={kind}")).await;
        assert!(
            page.count > 0
                && page.operation_logs.iter().all(|l| l
                    .operation_type
                    .as_ref()
                    .is_some_and(|t| t.as_str() == kind))
        );
    }
    // Resource, vault and provider filters are exact (§10 Q9).
    let restore = logs(&base, "operation_type=restore&limit=1")
        .await
        .operation_logs
        .remove(0);
    let resource = restore.resource().unwrap().clone();
    let by_id = logs(&base, &format!("resource_id={}", resource.id)).await;
    assert!(
        by_id.count > 1
            && by_id
                .operation_logs
                .iter()
                .all(|l| l.resource().unwrap().id == resource.id)
    );
    let name = resource.name.clone().unwrap();
    let by_name = logs(&base, &format!("resource_name={}", encode(&name))).await;
    assert_eq!(by_name.count, by_id.count);
    assert_eq!(
        logs(
            &base,
            &format!("resource_name={}", encode(&name[..name.len() - 1]))
        )
        .await
        .count,
        0
    );
    let vault_name = restore.vault_name.clone().unwrap();
    let by_vault_name = logs(&base, &format!("vault_name={}", encode(&vault_name))).await;
    let by_vault_id = logs(
        &base,
        &format!("vault_id={}", restore.vault_id.clone().unwrap()),
    )
    .await;
    assert_eq!(by_vault_name.count, by_vault_id.count);
    assert_eq!(
        logs(&base, "provider_id=d1603440-187d-4516-af25-121250c7cc97")
            .await
            .count,
        all
    );
    assert_eq!(
        logs(&base, "provider_id=0daac4c5-6707-4851-97ba-169e36266b66")
            .await
            .count,
        0
    );
    // Enterprise projects (§10 Q10): all_granted_eps is no filter; "0" is the default project.
    assert_eq!(
        logs(&base, "enterprise_project_id=all_granted_eps")
            .await
            .count,
        all
    );
    let default_ep = logs(&base, "enterprise_project_id=0").await.count;
    assert!(default_ep > 0 && default_ep < all);
    // Filters combine with AND.
    let both = logs(
        &base,
        &format!(
            "operation_type=restore&vault_id={}",
            restore.vault_id.clone().unwrap()
        ),
    )
    .await;
    assert!(both.count >= 1 && both.count < by_vault_id.count);
}

async fn futures_sum(base: &str, queries: impl Iterator<Item = String>) -> u64 {
    let mut sum = 0;
    for query in queries {
        sum += logs(base, &query).await.count;
    }
    sum
}

fn encode(text: &str) -> String {
    vbs_tasks::core::query::encode_component(text)
}

#[tokio::test]
async fn an_unknown_vault_or_project_is_an_empty_list_never_a_404() {
    let server = server(&[]).await;
    let base = server.url();
    let page = logs(&base, "vault_id=00000000-0000-4000-8000-000000000000").await;
    assert_eq!((page.count, page.operation_logs.len()), (0, 0));
    let (status, body) = get_cbr(&format!(
        "{base}/v3/0123456789abcdef0123456789abcdef/operation-logs"
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(OpLogPage::from_json(&body).unwrap().count, 0);
}
