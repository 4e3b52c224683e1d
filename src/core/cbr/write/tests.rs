use super::*;

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

/// A log with every member and every `extra_info` block set.
fn full_log() -> OperationLog {
    let mut log = OperationLog::new("log-1", OpLogStatus::Failed, at("2025-11-01T02:00:05.1"));
    log.project_id = "p".into();
    log.operation_type = Some(OperationType::Backup);
    log.started_at = Some(at("2025-11-01T02:00:05.101010"));
    log.updated_at = Some(at("2025-11-01T02:03:40.554433"));
    log.ended_at = Some(at("2025-11-01T02:03:40.5"));
    log.checkpoint_id = Some("cp".into());
    log.policy_id = Some("pol".into());
    log.provider_id = Some("prov".into());
    log.vault_id = Some("v".into());
    log.vault_name = Some("vault <1>".into());
    log.error_info.code = "BackupService.7101".into();
    log.error_info.message = "Backup is not allowed in the current server status.".into();
    let mut extra = OpExtraInfo::default();
    let mut common = OpCommon::default();
    common.progress = Some(45);
    common.request_id = "req-1".into();
    common.task_id = Some("task-1".into());
    extra.common = Some(common);
    let mut resource = Resource::new("r1", ResourceType::Server);
    resource.name = Some("ECS-0001".into());
    let mut resource_extra = ResourceExtraInfo::default();
    resource_extra.exclude_volumes = vec!["vol-x".into()];
    let mut include = IncludeVolume::default();
    include.id = "vol-y".into();
    include.os_version = Some("Linux".into());
    resource_extra.include_volumes = vec![include];
    resource.extra_info = Some(resource_extra);
    extra.resource = Some(resource.clone());
    let mut backup = OpBackup::default();
    backup.backup_id = "b1".into();
    backup.backup_name = Some("autobk_1".into());
    backup.incremental = Some(false);
    backup.app_consistency_status = Some("0".into());
    backup.app_consistency_error_code = Some("BackupService.7101".into());
    backup.app_consistency_error_message = Some("no".into());
    extra.backup = Some(backup);
    let mut delete = OpDelete::default();
    delete.backup_id = "b2".into();
    delete.backup_name = "autobk_2".into();
    extra.delete = Some(delete);
    let mut restore = OpRestore::default();
    restore.backup_id = Some("b3".into());
    restore.backup_name = Some("autobk_3".into());
    restore.target_resource_id = Some("r1".into());
    restore.target_resource_name = Some("ECS-0001".into());
    extra.restore = Some(restore);
    let mut replication = OpReplication::default();
    replication.source_backup_id = "sb".into();
    replication.source_project_id = "sp".into();
    replication.source_region = "cn-north-4".into();
    replication.destination_project_id = "dp".into();
    replication.destination_region = "cn-east-3".into();
    replication.source_checkpoint_id = Some("scp".into());
    replication.source_backup_name = Some("sbn".into());
    replication.destination_backup_id = Some("db".into());
    replication.destination_checkpoint_id = Some("dcp".into());
    replication.destination_backup_name = Some("dbn".into());
    extra.replication = Some(replication);
    let mut sync = OpSync::default();
    sync.sync_backup_num = Some(3);
    sync.delete_backup_num = Some(1);
    sync.err_sync_backup_num = Some(0);
    extra.sync = Some(sync);
    let mut remove = OpRemoveResources::default();
    remove.fail_count = Some(1);
    remove.total_count = Some(2);
    remove.resources = vec![resource];
    extra.remove_resources = Some(remove);
    let mut vault_delete = OpVaultDelete::default();
    vault_delete.fail_count = Some(1);
    vault_delete.total_count = Some(7);
    extra.vault_delete = Some(vault_delete);
    log.extra_info = Some(extra);
    log
}

#[test]
fn a_log_with_every_block_reads_back_equal_through_the_decoder() {
    let log = full_log();
    let body = serde_json::to_vec(&ShowOpLog(&log)).unwrap();
    assert_eq!(OperationLog::from_json(&body).unwrap(), log);
    let mut page = OpLogPage::new(
        9,
        vec![
            log.clone(),
            OperationLog::new("log-2", OpLogStatus::Running, at("2025-11-02T00:00:00.000")),
        ],
    );
    page.limit = Some(2);
    page.offset = Some(0);
    let body = serde_json::to_vec(&page).unwrap();
    assert_eq!(OpLogPage::from_json(&body).unwrap(), page);
}

#[test]
fn forms_are_the_ones_the_contract_asks_the_emulator_for() {
    let value = serde_json::to_value(full_log()).unwrap();
    // Q14: six fraction digits, no zone, whatever precision the instant has.
    assert_eq!(value["created_at"], "2025-11-01T02:00:05.100000");
    assert_eq!(value["started_at"], "2025-11-01T02:00:05.101010");
    // Q16: incremental as a string.
    assert_eq!(value["extra_info"]["backup"]["incremental"], "false");
    // Q17: both pairs, equal.
    let vault_delete = &value["extra_info"]["vault_delete"];
    assert_eq!(vault_delete["fail_count"], 1);
    assert_eq!(vault_delete["fail_delete_count"], 1);
    assert_eq!(vault_delete["total_count"], 7);
    assert_eq!(vault_delete["total_delete_count"], 7);
    assert_eq!(value["extra_info"]["resource"]["type"], "OS::Nova::Server");

    // Q15: unknown top-level optional scalars are null (present), absent sub-objects are left
    // out, error_info is always there with "" members.
    let bare = serde_json::to_value(OperationLog::new(
        "x",
        OpLogStatus::Unknown("paused".into()),
        at("2025-11-01T02:00:05.000"),
    ))
    .unwrap();
    for key in [
        "ended_at",
        "checkpoint_id",
        "policy_id",
        "vault_id",
        "vault_name",
        "provider_id",
    ] {
        assert!(bare[key].is_null() && bare.get(key).is_some(), "{key}");
    }
    assert!(bare.get("extra_info").is_none());
    assert_eq!(
        bare["error_info"],
        serde_json::json!({"code": "", "message": ""})
    );
    assert_eq!(bare["status"], "paused");
}
