//! CBR's task list as JavaScript values: an operation log with every member of the contract
//! (`errorInfo`, and each `extraInfo` block with its nested resources), camelCase keys, `Date`s
//! for times, optional members left out when absent, unknown enum values kept as their strings.

use serde::Serialize;
use wasm_bindgen::JsValue;

use super::{date, optional_date, to_js};
use crate::core::cbr::{
    IncludeVolume, OpBackup, OpCommon, OpDelete, OpErrorInfo, OpExtraInfo, OpLogPage,
    OpRemoveResources, OpReplication, OpRestore, OpSync, OpVaultDelete, OperationLog, Resource,
    ResourceExtraInfo,
};
use crate::core::error::Error;
use crate::core::time::Timestamp;

/// An operation log: `{ id, projectId, status, operationType?, createdAt, startedAt?, updatedAt?,
/// endedAt?, checkpointId?, policyId?, providerId?, vaultId?, vaultName?, errorInfo, extraInfo? }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OperationLogValue<'a> {
    id: &'a str,
    project_id: &'a str,
    status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    operation_type: Option<&'a str>,
    #[serde(serialize_with = "date")]
    created_at: Timestamp,
    #[serde(
        serialize_with = "optional_date",
        skip_serializing_if = "Option::is_none"
    )]
    started_at: Option<Timestamp>,
    #[serde(
        serialize_with = "optional_date",
        skip_serializing_if = "Option::is_none"
    )]
    updated_at: Option<Timestamp>,
    #[serde(
        serialize_with = "optional_date",
        skip_serializing_if = "Option::is_none"
    )]
    ended_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checkpoint_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vault_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vault_name: Option<&'a str>,
    error_info: ErrorInfoValue<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extra_info: Option<ExtraInfoValue<'a>>,
}

impl<'a> From<&'a OperationLog> for OperationLogValue<'a> {
    fn from(log: &'a OperationLog) -> Self {
        OperationLogValue {
            id: &log.id,
            project_id: &log.project_id,
            status: log.status.as_str(),
            operation_type: log.operation_type.as_ref().map(|kind| kind.as_str()),
            created_at: log.created_at,
            started_at: log.started_at,
            updated_at: log.updated_at,
            ended_at: log.ended_at,
            checkpoint_id: log.checkpoint_id.as_deref(),
            policy_id: log.policy_id.as_deref(),
            provider_id: log.provider_id.as_deref(),
            vault_id: log.vault_id.as_deref(),
            vault_name: log.vault_name.as_deref(),
            error_info: ErrorInfoValue::from(&log.error_info),
            extra_info: log.extra_info.as_ref().map(ExtraInfoValue::from),
        }
    }
}

/// `errorInfo`: `{ code, message }`, both `""` when the task did not fail (as the API sends them).
#[derive(Serialize)]
struct ErrorInfoValue<'a> {
    code: &'a str,
    message: &'a str,
}

impl<'a> From<&'a OpErrorInfo> for ErrorInfoValue<'a> {
    fn from(error: &'a OpErrorInfo) -> Self {
        ErrorInfoValue {
            code: &error.code,
            message: &error.message,
        }
    }
}

/// `extraInfo`: `{ common?, resource?, backup?, delete?, restore?, replication?, sync?,
/// removeResources?, vaultDelete? }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExtraInfoValue<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    common: Option<CommonValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<ResourceValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    backup: Option<BackupValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delete: Option<DeleteValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    restore: Option<RestoreValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replication: Option<ReplicationValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sync: Option<SyncValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remove_resources: Option<RemoveResourcesValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vault_delete: Option<VaultDeleteValue>,
}

impl<'a> From<&'a OpExtraInfo> for ExtraInfoValue<'a> {
    fn from(extra: &'a OpExtraInfo) -> Self {
        ExtraInfoValue {
            common: extra.common.as_ref().map(CommonValue::from),
            resource: extra.resource.as_ref().map(ResourceValue::from),
            backup: extra.backup.as_ref().map(BackupValue::from),
            delete: extra.delete.as_ref().map(DeleteValue::from),
            restore: extra.restore.as_ref().map(RestoreValue::from),
            replication: extra.replication.as_ref().map(ReplicationValue::from),
            sync: extra.sync.as_ref().map(SyncValue::from),
            remove_resources: extra
                .remove_resources
                .as_ref()
                .map(RemoveResourcesValue::from),
            vault_delete: extra.vault_delete.as_ref().map(VaultDeleteValue::from),
        }
    }
}

/// `extraInfo.common`: `{ progress?, requestId, taskId? }` (`progress` as the service sent it).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CommonValue<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    progress: Option<u32>,
    request_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    task_id: Option<&'a str>,
}

impl<'a> From<&'a OpCommon> for CommonValue<'a> {
    fn from(common: &'a OpCommon) -> Self {
        CommonValue {
            progress: common.progress,
            request_id: &common.request_id,
            task_id: common.task_id.as_deref(),
        }
    }
}

/// A resource: `{ id, type, name?, extraInfo? }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResourceValue<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    resource_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extra_info: Option<ResourceExtraInfoValue<'a>>,
}

impl<'a> From<&'a Resource> for ResourceValue<'a> {
    fn from(resource: &'a Resource) -> Self {
        ResourceValue {
            id: &resource.id,
            resource_type: resource.resource_type.as_str(),
            name: resource.name.as_deref(),
            extra_info: resource
                .extra_info
                .as_ref()
                .map(ResourceExtraInfoValue::from),
        }
    }
}

/// A resource's `extraInfo`: `{ excludeVolumes, includeVolumes }` (empty arrays when absent).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResourceExtraInfoValue<'a> {
    exclude_volumes: &'a [String],
    include_volumes: Vec<IncludeVolumeValue<'a>>,
}

impl<'a> From<&'a ResourceExtraInfo> for ResourceExtraInfoValue<'a> {
    fn from(extra: &'a ResourceExtraInfo) -> Self {
        ResourceExtraInfoValue {
            exclude_volumes: &extra.exclude_volumes,
            include_volumes: extra
                .include_volumes
                .iter()
                .map(IncludeVolumeValue::from)
                .collect(),
        }
    }
}

/// `{ id, osVersion? }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IncludeVolumeValue<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    os_version: Option<&'a str>,
}

impl<'a> From<&'a IncludeVolume> for IncludeVolumeValue<'a> {
    fn from(volume: &'a IncludeVolume) -> Self {
        IncludeVolumeValue {
            id: &volume.id,
            os_version: volume.os_version.as_deref(),
        }
    }
}

/// `extraInfo.backup`: `{ backupId, backupName?, incremental?, appConsistencyStatus?,
/// appConsistencyErrorCode?, appConsistencyErrorMessage? }` (`incremental` a boolean, whichever of
/// its documented forms the service sent).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BackupValue<'a> {
    backup_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    backup_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    incremental: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_consistency_status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_consistency_error_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_consistency_error_message: Option<&'a str>,
}

impl<'a> From<&'a OpBackup> for BackupValue<'a> {
    fn from(backup: &'a OpBackup) -> Self {
        BackupValue {
            backup_id: &backup.backup_id,
            backup_name: backup.backup_name.as_deref(),
            incremental: backup.incremental,
            app_consistency_status: backup.app_consistency_status.as_deref(),
            app_consistency_error_code: backup.app_consistency_error_code.as_deref(),
            app_consistency_error_message: backup.app_consistency_error_message.as_deref(),
        }
    }
}

/// `extraInfo.delete`: `{ backupId, backupName }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeleteValue<'a> {
    backup_id: &'a str,
    backup_name: &'a str,
}

impl<'a> From<&'a OpDelete> for DeleteValue<'a> {
    fn from(delete: &'a OpDelete) -> Self {
        DeleteValue {
            backup_id: &delete.backup_id,
            backup_name: &delete.backup_name,
        }
    }
}

/// `extraInfo.restore`: `{ backupId?, backupName?, targetResourceId?, targetResourceName? }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RestoreValue<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    backup_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    backup_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_resource_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_resource_name: Option<&'a str>,
}

impl<'a> From<&'a OpRestore> for RestoreValue<'a> {
    fn from(restore: &'a OpRestore) -> Self {
        RestoreValue {
            backup_id: restore.backup_id.as_deref(),
            backup_name: restore.backup_name.as_deref(),
            target_resource_id: restore.target_resource_id.as_deref(),
            target_resource_name: restore.target_resource_name.as_deref(),
        }
    }
}

/// `extraInfo.replication`: the five required members, and the five optional ones when sent.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReplicationValue<'a> {
    source_backup_id: &'a str,
    source_project_id: &'a str,
    source_region: &'a str,
    destination_project_id: &'a str,
    destination_region: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_checkpoint_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_backup_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_backup_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_checkpoint_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_backup_name: Option<&'a str>,
}

impl<'a> From<&'a OpReplication> for ReplicationValue<'a> {
    fn from(replication: &'a OpReplication) -> Self {
        ReplicationValue {
            source_backup_id: &replication.source_backup_id,
            source_project_id: &replication.source_project_id,
            source_region: &replication.source_region,
            destination_project_id: &replication.destination_project_id,
            destination_region: &replication.destination_region,
            source_checkpoint_id: replication.source_checkpoint_id.as_deref(),
            source_backup_name: replication.source_backup_name.as_deref(),
            destination_backup_id: replication.destination_backup_id.as_deref(),
            destination_checkpoint_id: replication.destination_checkpoint_id.as_deref(),
            destination_backup_name: replication.destination_backup_name.as_deref(),
        }
    }
}

/// `extraInfo.sync`: `{ syncBackupNum?, deleteBackupNum?, errSyncBackupNum? }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SyncValue {
    #[serde(skip_serializing_if = "Option::is_none")]
    sync_backup_num: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delete_backup_num: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    err_sync_backup_num: Option<u32>,
}

impl From<&OpSync> for SyncValue {
    fn from(sync: &OpSync) -> Self {
        SyncValue {
            sync_backup_num: sync.sync_backup_num,
            delete_backup_num: sync.delete_backup_num,
            err_sync_backup_num: sync.err_sync_backup_num,
        }
    }
}

/// `extraInfo.removeResources`: `{ failCount?, totalCount?, resources }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RemoveResourcesValue<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    fail_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_count: Option<u32>,
    resources: Vec<ResourceValue<'a>>,
}

impl<'a> From<&'a OpRemoveResources> for RemoveResourcesValue<'a> {
    fn from(removed: &'a OpRemoveResources) -> Self {
        RemoveResourcesValue {
            fail_count: removed.fail_count,
            total_count: removed.total_count,
            resources: removed.resources.iter().map(ResourceValue::from).collect(),
        }
    }
}

/// `extraInfo.vaultDelete`: `{ failCount?, totalCount? }`, read from whichever pair of names the
/// service sent (the core's rule).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VaultDeleteValue {
    #[serde(skip_serializing_if = "Option::is_none")]
    fail_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_count: Option<u32>,
}

impl From<&OpVaultDelete> for VaultDeleteValue {
    fn from(deleted: &OpVaultDelete) -> Self {
        VaultDeleteValue {
            fail_count: deleted.fail_count,
            total_count: deleted.total_count,
        }
    }
}

/// A page: `{ count, operationLogs, limit?, offset? }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OpLogPageValue<'a> {
    /// A JavaScript number, as the VBS page's `count`.
    count: f64,
    operation_logs: Vec<OperationLogValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<u32>,
}

/// One operation log (what `operationLogs()` yields and `showOperationLog()` resolves to).
pub(crate) fn operation_log(log: &OperationLog) -> Result<JsValue, Error> {
    to_js(&OperationLogValue::from(log))
}

/// One page of operation logs: `{ count, operationLogs, limit?, offset? }`.
pub(crate) fn op_log_page(page: &OpLogPage) -> Result<JsValue, Error> {
    to_js(&OpLogPageValue {
        count: page.count as f64,
        operation_logs: page
            .operation_logs
            .iter()
            .map(OperationLogValue::from)
            .collect(),
        limit: page.limit,
        offset: page.offset,
    })
}
