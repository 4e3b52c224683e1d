//! Paging: every task of daily-volumes by offset and by marker (the two walks agree page by page),
//! a walk starting where its query starts, an empty policy, and a server repeating its page.
//! Part of the `transport_browser` test binary (declared in `transport_browser.rs`, which says how to run it).

use std::collections::HashSet;

use futures::StreamExt;
use vbs_tasks::transport::Paging;
use vbs_tasks::{ErrorKind, Task, TaskQuery, TaskStatus};

use super::*;

// ---------------------------------------------------------------------------------------------
// Paging
// ---------------------------------------------------------------------------------------------

async fn walk_all(paging: Paging) -> Vec<Task> {
    let id = policy_id("daily-volumes").await;
    let mut stream = client().tasks(&id, &TaskQuery::new().limit(1000), paging);
    let mut tasks = Vec::with_capacity(DAILY_VOLUMES_TASKS);
    while let Some(task) = stream.next().await {
        tasks.push(task.expect("task"));
    }
    tasks
}

fn assert_complete(tasks: &[Task]) {
    assert_eq!(tasks.len(), DAILY_VOLUMES_TASKS);
    let ids: HashSet<&str> = tasks.iter().map(|t| t.job_id.as_str()).collect();
    assert_eq!(ids.len(), DAILY_VOLUMES_TASKS, "duplicates in the walk");
    assert!(
        tasks.windows(2).all(|w| w[0].created_at >= w[1].created_at),
        "not newest first"
    );
    let statuses: HashSet<&str> = tasks.iter().map(|t| t.status.as_str()).collect();
    for status in TaskStatus::KNOWN {
        assert!(statuses.contains(status.as_str()), "no {status} task");
    }
}

#[wasm_bindgen_test]
async fn every_task_of_daily_volumes_by_offset() {
    let tasks = walk_all(Paging::Offset).await;
    assert_complete(&tasks);
}

#[wasm_bindgen_test]
async fn every_task_of_daily_volumes_by_marker() {
    let tasks = walk_all(Paging::Marker).await;
    assert_complete(&tasks);
}

#[wasm_bindgen_test]
async fn offset_and_marker_walks_agree_page_by_page() {
    let id = policy_id("weekly-database").await;
    let client = client();
    let query = TaskQuery::new().limit(100);
    let offset_pages: Vec<_> = client
        .pages(&id, &query, Paging::Offset)
        .map(|page| page.expect("page"))
        .collect()
        .await;
    let marker_pages: Vec<_> = client
        .pages(&id, &query, Paging::Marker)
        .map(|page| page.expect("page"))
        .collect()
        .await;
    let total = offset_pages[0].count as usize;
    assert!(total > 300, "weekly-database has {total} tasks");
    assert_eq!(offset_pages.len(), total.div_ceil(100));
    assert_eq!(offset_pages, marker_pages);
    let all: Vec<&str> = offset_pages
        .iter()
        .flat_map(|p| p.tasks.iter().map(|t| t.job_id.as_str()))
        .collect();
    assert_eq!(all.len(), total);
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), total);
}

#[wasm_bindgen_test]
async fn a_walk_starts_where_the_query_starts() {
    let id = policy_id("weekly-database").await;
    let client = client();
    let head = client
        .list_tasks(&id, &TaskQuery::new().limit(30))
        .await
        .expect("head");
    let from_offset: Vec<Task> = client
        .tasks(&id, &TaskQuery::new().limit(100).offset(20), Paging::Offset)
        .map(|t| t.expect("task"))
        .collect()
        .await;
    assert_eq!(from_offset.len() as u64, head.count - 20);
    assert_eq!(from_offset[0].job_id, head.tasks[20].job_id);
    let from_marker: Vec<Task> = client
        .tasks(
            &id,
            &TaskQuery::new()
                .limit(100)
                .marker(head.tasks[19].job_id.clone()),
            Paging::Marker,
        )
        .map(|t| t.expect("task"))
        .collect()
        .await;
    assert_eq!(from_offset, from_marker);
}

#[wasm_bindgen_test]
async fn an_empty_policy_gives_one_empty_page() {
    let id = policy_id("empty-policy").await;
    for paging in [Paging::Offset, Paging::Marker] {
        let pages: Vec<_> = client()
            .pages(&id, &TaskQuery::new().limit(10), paging)
            .collect()
            .await;
        assert_eq!(pages.len(), 1, "{paging:?}");
        let page = pages[0].as_ref().expect("page");
        assert_eq!(page.count, 0);
        assert!(page.tasks.is_empty());
    }
}

#[wasm_bindgen_test]
async fn a_server_that_repeats_its_page_stops_the_stream_with_an_error() {
    let id = policy_id("每日备份-中文").await;
    set_faults(json!({"policy_id": id, "script": [], "repeat_page": true})).await;
    for paging in [Paging::Offset, Paging::Marker] {
        let items: Vec<_> = client()
            .tasks(&id, &TaskQuery::new().limit(10), paging)
            .collect()
            .await;
        // The first page's 10 tasks, then one error, then the end: no loop, no duplicate.
        assert_eq!(items.len(), 11, "{paging:?}");
        let ids: HashSet<&str> = items[..10]
            .iter()
            .map(|t| t.as_ref().expect("task").job_id.as_str())
            .collect();
        assert_eq!(ids.len(), 10);
        let err = items[10].as_ref().expect_err("loop guard");
        assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
        assert_eq!(err.field(), Some("tasks"), "{err}");
    }
    clear_faults().await;
    // Cleared: the same walk now completes.
    let all: Vec<_> = client()
        .tasks(&id, &TaskQuery::new().limit(10), Paging::Marker)
        .map(|t| t.expect("task"))
        .collect()
        .await;
    assert_eq!(all.len(), 40);
}
