//! The CBR model written as the contract's emulator writes it (§10): what `vbs-server` answers
//! with, and what the core's decoder reads back.
//!
//! Hand-written rather than derived, because the forms are fixed by the contract, not by field
//! names: timestamps as `YYYY-MM-DDTHH:MM:SS.ffffff` with no zone (Q14); the top-level optional
//! scalars as `null` when unknown (Q15); `extra_info` sub-objects only when set; `incremental` as
//! the string `"true"`/`"false"` (Q16); the `vault_delete` counters under both names (Q17);
//! `limit`/`offset` of a page when known (Q5).

use std::fmt;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::model::{
    IncludeVolume, OpBackup, OpCommon, OpDelete, OpErrorInfo, OpExtraInfo, OpLogPage, OpLogStatus,
    OpRemoveResources, OpReplication, OpRestore, OpSync, OpVaultDelete, OperationLog,
    OperationType, Resource, ResourceExtraInfo, ResourceType,
};
use crate::core::time::{write_civil, Timestamp};

/// A timestamp in the emulator's form: microseconds, UTC, no zone (§10 Q14).
struct Micros<'a>(&'a Timestamp);

impl fmt::Display for Micros<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0.as_offset_date_time();
        write_civil(f, t, "-", ":")?;
        write!(f, ".{:06}", t.microsecond())
    }
}

impl Serialize for Micros<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Writes `Timestamp` as [`Micros`], `None` as `null`.
fn micros(time: Option<&Timestamp>) -> Option<Micros<'_>> {
    time.map(Micros)
}

/// Text of a wire enum (known or kept as it came).
macro_rules! serialize_as_str {
    ($($name:ty),*) => {
        $(impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        })*
    };
}

serialize_as_str!(OpLogStatus, OperationType, ResourceType);

/// Adds `key: value` when `value` is set (an optional member of a nested object is left out).
fn entry_if<M: SerializeMap, V: Serialize>(
    map: &mut M,
    key: &'static str,
    value: Option<V>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, &value),
        None => Ok(()),
    }
}

impl Serialize for OpLogPage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("count", &self.count)?;
        entry_if(&mut map, "limit", self.limit)?;
        entry_if(&mut map, "offset", self.offset)?;
        map.serialize_entry("operation_logs", &Logs(&self.operation_logs))?;
        map.end()
    }
}

struct Logs<'a>(&'a [OperationLog]);

impl Serialize for Logs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for log in self.0 {
            seq.serialize_element(log)?;
        }
        seq.end()
    }
}

/// ShowOpLog's body: `{"operation_log": {…}}`.
#[derive(Debug, Clone, Copy)]
pub struct ShowOpLog<'a>(pub &'a OperationLog);

impl Serialize for ShowOpLog<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("operation_log", self.0)?;
        map.end()
    }
}

impl Serialize for OperationLog {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("project_id", &self.project_id)?;
        map.serialize_entry("operation_type", &self.operation_type)?;
        map.serialize_entry("status", &self.status)?;
        map.serialize_entry("created_at", &Micros(&self.created_at))?;
        map.serialize_entry("started_at", &micros(self.started_at.as_ref()))?;
        map.serialize_entry("updated_at", &micros(self.updated_at.as_ref()))?;
        map.serialize_entry("ended_at", &micros(self.ended_at.as_ref()))?;
        map.serialize_entry("checkpoint_id", &self.checkpoint_id)?;
        map.serialize_entry("policy_id", &self.policy_id)?;
        map.serialize_entry("provider_id", &self.provider_id)?;
        map.serialize_entry("vault_id", &self.vault_id)?;
        map.serialize_entry("vault_name", &self.vault_name)?;
        map.serialize_entry("error_info", &self.error_info)?;
        entry_if(&mut map, "extra_info", self.extra_info.as_ref())?;
        map.end()
    }
}

impl Serialize for OpErrorInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("code", &self.code)?;
        map.serialize_entry("message", &self.message)?;
        map.end()
    }
}

impl Serialize for OpExtraInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry_if(&mut map, "common", self.common.as_ref())?;
        entry_if(&mut map, "resource", self.resource.as_ref())?;
        entry_if(&mut map, "backup", self.backup.as_ref())?;
        entry_if(&mut map, "delete", self.delete.as_ref())?;
        entry_if(&mut map, "restore", self.restore.as_ref())?;
        entry_if(&mut map, "replication", self.replication.as_ref())?;
        entry_if(&mut map, "sync", self.sync.as_ref())?;
        entry_if(&mut map, "remove_resources", self.remove_resources.as_ref())?;
        entry_if(&mut map, "vault_delete", self.vault_delete.as_ref())?;
        map.end()
    }
}

impl Serialize for OpCommon {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry_if(&mut map, "progress", self.progress)?;
        map.serialize_entry("request_id", &self.request_id)?;
        entry_if(&mut map, "task_id", self.task_id.as_ref())?;
        map.end()
    }
}

impl Serialize for Resource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("type", &self.resource_type)?;
        entry_if(&mut map, "name", self.name.as_ref())?;
        entry_if(&mut map, "extra_info", self.extra_info.as_ref())?;
        map.end()
    }
}

impl Serialize for ResourceExtraInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("exclude_volumes", &self.exclude_volumes)?;
        if !self.include_volumes.is_empty() {
            map.serialize_entry("include_volumes", &self.include_volumes)?;
        }
        map.end()
    }
}

impl Serialize for IncludeVolume {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        entry_if(&mut map, "os_version", self.os_version.as_ref())?;
        map.end()
    }
}

impl Serialize for OpBackup {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("backup_id", &self.backup_id)?;
        entry_if(&mut map, "backup_name", self.backup_name.as_ref())?;
        let incremental = self
            .incremental
            .map(|yes| if yes { "true" } else { "false" });
        entry_if(&mut map, "incremental", incremental)?;
        entry_if(
            &mut map,
            "app_consistency_status",
            self.app_consistency_status.as_ref(),
        )?;
        entry_if(
            &mut map,
            "app_consistency_error_code",
            self.app_consistency_error_code.as_ref(),
        )?;
        entry_if(
            &mut map,
            "app_consistency_error_message",
            self.app_consistency_error_message.as_ref(),
        )?;
        map.end()
    }
}

impl Serialize for OpDelete {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("backup_id", &self.backup_id)?;
        map.serialize_entry("backup_name", &self.backup_name)?;
        map.end()
    }
}

impl Serialize for OpRestore {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry_if(&mut map, "backup_id", self.backup_id.as_ref())?;
        entry_if(&mut map, "backup_name", self.backup_name.as_ref())?;
        entry_if(
            &mut map,
            "target_resource_id",
            self.target_resource_id.as_ref(),
        )?;
        entry_if(
            &mut map,
            "target_resource_name",
            self.target_resource_name.as_ref(),
        )?;
        map.end()
    }
}

impl Serialize for OpReplication {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("source_backup_id", &self.source_backup_id)?;
        map.serialize_entry("source_project_id", &self.source_project_id)?;
        map.serialize_entry("source_region", &self.source_region)?;
        map.serialize_entry("destination_project_id", &self.destination_project_id)?;
        map.serialize_entry("destination_region", &self.destination_region)?;
        let optional = [
            ("source_checkpoint_id", &self.source_checkpoint_id),
            ("source_backup_name", &self.source_backup_name),
            ("destination_backup_id", &self.destination_backup_id),
            ("destination_checkpoint_id", &self.destination_checkpoint_id),
            ("destination_backup_name", &self.destination_backup_name),
        ];
        for (key, value) in optional {
            entry_if(&mut map, key, value.as_ref())?;
        }
        map.end()
    }
}

impl Serialize for OpSync {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry_if(&mut map, "sync_backup_num", self.sync_backup_num)?;
        entry_if(&mut map, "delete_backup_num", self.delete_backup_num)?;
        entry_if(&mut map, "err_sync_backup_num", self.err_sync_backup_num)?;
        map.end()
    }
}

impl Serialize for OpRemoveResources {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry_if(&mut map, "fail_count", self.fail_count)?;
        entry_if(&mut map, "total_count", self.total_count)?;
        map.serialize_entry("resources", &self.resources)?;
        map.end()
    }
}

/// Both pairs of counter names with equal values (§10 Q17: the docs and SDKs read one, Terraform
/// the other).
impl Serialize for OpVaultDelete {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry_if(&mut map, "fail_count", self.fail_count)?;
        entry_if(&mut map, "total_count", self.total_count)?;
        entry_if(&mut map, "fail_delete_count", self.fail_count)?;
        entry_if(&mut map, "total_delete_count", self.total_count)?;
        map.end()
    }
}

#[cfg(test)]
mod tests;
