//! A CBR table and a CBR task's details in a real DOM (headless Chromium): the CBR columns, a
//! running task's progress bar for assistive technology, CBR's spelling of statuses, every
//! `extra_info` block in the details with the failure first, and a service's text as text.

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;
use yew::prelude::*;

use super::*;
use crate::components::details::{TaskDetails, TaskDetailsProps};
use vbs_tasks::core::cbr::{
    OpBackup, OpCommon, OpDelete, OpExtraInfo, OpLogStatus, OpRemoveResources, OpReplication,
    OpRestore, OpSync, OpVaultDelete, OperationLog, OperationType, Resource, ResourceType,
};
use vbs_tasks::core::time::Timestamp;

wasm_bindgen_test_configure!(run_in_browser);

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("a valid timestamp")
}

/// Waits until `done` holds, for 5 s at most (Yew renders in turns of its scheduler).
async fn until(done: impl Fn() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        TimeoutFuture::new(10).await;
    }
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector)
        .expect("a valid selector")
        .length()
}

fn select(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("no {selector} in {}", root.outer_html()))
}

fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

fn running_backup() -> OperationLog {
    let mut log = OperationLog::new("run-1", OpLogStatus::Running, at("2026-11-20T07:50:00"));
    log.operation_type = Some(OperationType::Backup);
    log.started_at = Some(at("2026-11-20T07:50:10"));
    log.vault_id = Some("v1".into());
    log.vault_name = Some("vault-<b>daily</b>".into());
    let mut resource = Resource::new("r1", ResourceType::Volume);
    resource.name = Some("<img src=x onerror=alert(1)>".into());
    let mut common = OpCommon::default();
    common.progress = Some(45);
    let mut extra = OpExtraInfo::default();
    extra.common = Some(common);
    extra.resource = Some(resource);
    log.extra_info = Some(extra);
    log
}

/// A failed task that carries every `extra_info` block.
fn failed_with_every_block() -> OperationLog {
    let mut log = OperationLog::new("fail-1", OpLogStatus::Failed, at("2026-11-20T06:00:00"));
    log.operation_type = Some(OperationType::Backup);
    log.ended_at = Some(at("2026-11-20T06:00:31"));
    log.error_info.code = "BackupService.7101".into();
    log.error_info.message = "Backup is not allowed in the current server status.".into();
    let mut extra = OpExtraInfo::default();
    let mut common = OpCommon::default();
    common.progress = Some(0);
    common.request_id = "req-1".into();
    extra.common = Some(common);
    extra.resource = Some(Resource::new("r2", ResourceType::Server));
    let mut backup = OpBackup::default();
    backup.backup_id = "b1".into();
    backup.incremental = Some(true);
    extra.backup = Some(backup);
    let mut restore = OpRestore::default();
    restore.target_resource_name = Some("ecs-01".into());
    extra.restore = Some(restore);
    let mut replication = OpReplication::default();
    replication.destination_region = "cn-east-3".into();
    extra.replication = Some(replication);
    let mut delete = OpDelete::default();
    delete.backup_name = "autobk_old".into();
    extra.delete = Some(delete);
    let mut sync = OpSync::default();
    sync.sync_backup_num = Some(3);
    extra.sync = Some(sync);
    let mut removed = OpRemoveResources::default();
    removed.total_count = Some(2);
    removed.resources = vec![Resource::new("r9", ResourceType::Volume)];
    extra.remove_resources = Some(removed);
    let mut vault_delete = OpVaultDelete::default();
    vault_delete.fail_count = Some(1);
    extra.vault_delete = Some(vault_delete);
    log.extra_info = Some(extra);
    log
}

#[wasm_bindgen_test]
async fn a_cbr_table_has_its_columns_progress_bars_and_cbr_statuses() {
    let root = browser::test_root();
    let page = RowPage::of_logs(2, vec![running_backup(), failed_with_every_block()]);
    let props = TaskTableProps {
        page: Some(Rc::new(page)),
        skeleton_rows: 0,
        now_ms: at("2026-11-20T08:00:00").unix_millis() as f64,
        selected: None,
        onopen: Callback::noop(),
        service: Service::Cbr,
        busy: false,
        highlighted: None,
        onhover: Callback::noop(),
    };
    let app = yew::Renderer::<TaskTable>::with_root_and_props(root.clone(), props).render();
    until(|| count(&root, "tbody tr.task-row") == 2).await;
    let headers: Vec<String> = (0..7)
        .map(|i| text(&select(&root, &format!("thead th:nth-child({})", i + 1))))
        .collect();
    assert_eq!(
        headers,
        [
            "Status",
            "Operation",
            "Resource",
            "Vault",
            "Created",
            "Ended",
            "Duration"
        ]
    );
    assert_eq!(count(&root, "table.task-table--cbr"), 1);
    let running = select(&root, "tr.task-row[data-job-id=\"run-1\"]");
    let bar = select(&running, "[role=progressbar]");
    assert_eq!(bar.get_attribute("aria-valuenow").as_deref(), Some("45"));
    assert_eq!(bar.get_attribute("aria-valuemin").as_deref(), Some("0"));
    assert_eq!(bar.get_attribute("aria-valuemax").as_deref(), Some("100"));
    assert_eq!(
        bar.get_attribute("aria-label").as_deref(),
        Some("Progress 45%")
    );
    assert_eq!(
        select(&running, ".badge")
            .get_attribute("data-status")
            .as_deref(),
        Some("running")
    );
    assert_eq!(text(&select(&running, ".cell-operation")), "Backup");
    assert_eq!(
        text(&select(&running, ".resource__name")),
        "<img src=x onerror=alert(1)>"
    );
    assert_eq!(text(&select(&running, ".cell-resource .tag")), "Disk");
    assert_eq!(text(&select(&running, ".cell-vault")), "vault-<b>daily</b>");
    assert_eq!(count(&root, "tbody img, tbody b, tbody [onerror]"), 0);
    let failed = select(&root, "tr.task-row[data-job-id=\"fail-1\"]");
    assert_eq!(
        count(&failed, "[role=progressbar]"),
        0,
        "only a running task has one"
    );
    assert_eq!(
        select(&failed, ".badge")
            .get_attribute("data-status")
            .as_deref(),
        Some("failed")
    );
    assert_eq!(text(&select(&failed, ".cell-duration")), "31 s");
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_cbr_task_s_details_show_its_failure_first_and_every_block() {
    let root = browser::test_root();
    let log = failed_with_every_block();
    let props = TaskDetailsProps {
        task: TaskRow::from(&log),
        log: Some(log),
        now_ms: at("2026-11-20T08:00:00").unix_millis() as f64,
        onclose: Callback::noop(),
    };
    let app = yew::Renderer::<TaskDetails>::with_root_and_props(root.clone(), props).render();
    until(|| count(&root, "section.details") == 1).await;
    TimeoutFuture::new(30).await;
    let details = select(&root, "section.details");
    // The failure comes before the fields and the blocks.
    let html = details.inner_html();
    let failure_at = html.find("class=\"failure\"").expect("a failure section");
    let fields_at = html.find("class=\"fields\"").expect("the fields");
    assert!(failure_at < fields_at, "error_info first");
    assert_eq!(
        text(&select(&details, "[data-field=code]")),
        "BackupService.7101"
    );
    assert_eq!(
        text(&select(&details, "[data-field=message]")),
        "Backup is not allowed in the current server status."
    );
    let blocks: Vec<String> = (0..count(&details, "section.extra"))
        .map(|i| {
            select(&details, &format!("section.extra:nth-of-type({})", i + 1))
                .get_attribute("data-block")
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        blocks,
        [
            "common",
            "resource",
            "backup",
            "restore",
            "replication",
            "delete",
            "sync",
            "remove_resources",
            "vault_delete"
        ]
    );
    let backup = select(&details, "section.extra[data-block=backup]");
    assert!(text(&backup).contains("incremental"));
    assert!(text(&backup).contains("true"));
    assert!(text(&select(&details, "section.extra[data-block=replication]")).contains("cn-east-3"));
    assert!(text(&select(
        &details,
        "section.extra[data-block=remove_resources]"
    ))
    .contains("r9"));
    assert_eq!(
        select(&details, ".details__status .badge")
            .get_attribute("data-status")
            .as_deref(),
        Some("failed")
    );
    app.destroy();
}
