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
    let mut resource = Resource::new("r1", ResourceType::Server);
    resource.name = Some("ECS-0001".into());
    resource.extra_info = Some(ResourceExtraInfo {
        exclude_volumes: vec!["vol-x".into()],
        include_volumes: vec![IncludeVolume {
            id: "vol-y".into(),
            os_version: Some("Linux".into()),
        }],
    });
    let extra = OpExtraInfo {
        common: Some(OpCommon {
            progress: Some(45),
            request_id: "req-1".into(),
            task_id: Some("task-1".into()),
        }),
        resource: Some(resource.clone()),
        backup: Some(OpBackup {
            backup_id: "b1".into(),
            backup_name: Some("autobk_1".into()),
            incremental: Some(false),
            app_consistency_status: Some("0".into()),
            app_consistency_error_code: Some("BackupService.7101".into()),
            app_consistency_error_message: Some("no".into()),
        }),
        delete: Some(OpDelete {
            backup_id: "b2".into(),
            backup_name: "autobk_2".into(),
        }),
        restore: Some(OpRestore {
            backup_id: Some("b3".into()),
            backup_name: Some("autobk_3".into()),
            target_resource_id: Some("r1".into()),
            target_resource_name: Some("ECS-0001".into()),
        }),
        replication: Some(OpReplication {
            source_backup_id: "sb".into(),
            source_project_id: "sp".into(),
            source_region: "cn-north-4".into(),
            destination_project_id: "dp".into(),
            destination_region: "cn-east-3".into(),
            source_checkpoint_id: Some("scp".into()),
            source_backup_name: Some("sbn".into()),
            destination_backup_id: Some("db".into()),
            destination_checkpoint_id: Some("dcp".into()),
            destination_backup_name: Some("dbn".into()),
        }),
        sync: Some(OpSync {
            sync_backup_num: Some(3),
            delete_backup_num: Some(1),
            err_sync_backup_num: Some(0),
        }),
        remove_resources: Some(OpRemoveResources {
            fail_count: Some(1),
            total_count: Some(2),
            resources: vec![resource],
        }),
        vault_delete: Some(OpVaultDelete {
            fail_count: Some(1),
            total_count: Some(7),
        }),
    };
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
