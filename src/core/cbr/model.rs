//! The CBR response model: what `GET /v3/{project_id}/operation-logs[/{id}]` returns.
//!
//! Decoding (`core::read::cbr`) is strict where a wrong value would mislead (a log with no `id`,
//! `status` or `created_at`, a negative `count`, a value of the wrong JSON type) and tolerant where
//! the service is known to vary or the contract says clients must be: an unknown status, operation
//! type or resource type is kept as it came; optional members may be absent or `null` alike.
//!
//! Deliberately looser than the API Explorer schema: it lists `project_id`, `started_at`,
//! `updated_at`, `error_info`, `extra_info.common` and `extra_info.resource` as required, and the
//! members of some `extra_info` sub-objects too. None of them is needed to show, filter or page a
//! task, and one log missing one must not make a whole page unreadable, so they are optional here
//! (the contract itself says to tolerate a missing `resource`, §10 Q19).

use std::fmt;
use std::str::FromStr;

use crate::core::error::Error;
use crate::core::model::{excerpt, Quoted};
use crate::core::query::list;
use crate::core::read::cbr as read;
use crate::core::time::Timestamp;

/// Defines a wire enum whose unknown values are kept (`from_wire`) but refused by `FromStr` (what
/// a query sends), as [`crate::TaskStatus`] does.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])* $name:ident, $field:literal, $what:literal,
        { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this client does not know, exactly as the service sent it.
            Unknown(String),
        }

        impl $name {
            /// The documented values, in the contract's order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant,)*];

            /// The wire value, or the unknown value as it was received.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Unknown(value) => value,
                }
            }

            /// Reads a wire value; unknown values are kept, never refused.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($wire => $name::$variant,)*
                    _ => $name::Unknown(value.to_owned()),
                }
            }

            /// Whether this is one of the documented values.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Strict parse for queries: filtering by a value the API does not document is refused.
        impl FromStr for $name {
            type Err = Error;

            fn from_str(value: &str) -> Result<Self, Error> {
                match $name::from_wire(value) {
                    $name::Unknown(_) => Err(Error::invalid_input(
                        $field,
                        format!(
                            "{} is not {}; expected one of {}",
                            Quoted(&excerpt(value, 40)),
                            $what,
                            list(&[$($wire,)*])
                        ),
                    )),
                    known => Ok(known),
                }
            }
        }
    };
}

wire_enum! {
    /// The state of one CBR task (`status`).
    OpLogStatus, "status", "a task status", {
        /// `success`: the task ran successfully.
        Success = "success",
        /// `skipped`: a check failed and the task did not start.
        Skipped = "skipped",
        /// `failed`: the task failed; `error_info` says why.
        Failed = "failed",
        /// `running`: the task is running.
        Running = "running",
        /// `timeout`: a step ran longer than the system allows and the task was stopped.
        Timeout = "timeout",
        /// `waiting`: the task is waiting to run.
        Waiting = "waiting",
    }
}

impl OpLogStatus {
    /// The task is still going (running or waiting), so its view should refresh.
    pub fn is_active(&self) -> bool {
        matches!(self, OpLogStatus::Running | OpLogStatus::Waiting)
    }
}

wire_enum! {
    /// What a CBR task does (`operation_type`).
    OperationType, "operation_type", "an operation type", {
        /// `backup`: a backup.
        Backup = "backup",
        /// `copy`: a replication of the earlier kind.
        Copy = "copy",
        /// `replication`: a (cross-region) replication.
        Replication = "replication",
        /// `delete`: a backup deletion.
        Delete = "delete",
        /// `restore`: a restoration.
        Restore = "restore",
        /// `vault_delete`: a vault deletion.
        VaultDelete = "vault_delete",
        /// `remove_resource`: resources removed (unbound) from a vault.
        RemoveResource = "remove_resource",
        /// `sync`: a synchronization.
        Sync = "sync",
        /// `migrate_resources`: a resource migration (newest Chinese reference only; the contract
        /// has the emulator accept it, §10 Q8).
        MigrateResources = "migrate_resources",
    }
}

wire_enum! {
    /// The type of the resource a task works on (`extra_info.resource.type`).
    ResourceType, "type", "a resource type", {
        /// `OS::Nova::Server`: a cloud server (ECS).
        Server = "OS::Nova::Server",
        /// `OS::Cinder::Volume`: a disk (EVS).
        Volume = "OS::Cinder::Volume",
        /// `OS::Ironic::BareMetalServer`: a bare-metal server (BMS).
        BareMetalServer = "OS::Ironic::BareMetalServer",
        /// `OS::Native::Server`: an on-premises server.
        NativeServer = "OS::Native::Server",
        /// `OS::Sfs::Turbo`: an SFS Turbo file system.
        SfsTurbo = "OS::Sfs::Turbo",
        /// `OS::Workspace::DesktopV2`: a Workspace desktop.
        WorkspaceDesktop = "OS::Workspace::DesktopV2",
    }
}

/// One CBR task (`OperationLog`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationLog {
    /// The task ID.
    pub id: String,
    /// The project; empty when the service leaves it out.
    pub project_id: String,
    /// Where the task stands.
    pub status: OpLogStatus,
    /// What the task does.
    pub operation_type: Option<OperationType>,
    /// When the task was created (UTC).
    pub created_at: Timestamp,
    /// When it started (UTC).
    pub started_at: Option<Timestamp>,
    /// When it last changed (UTC).
    pub updated_at: Option<Timestamp>,
    /// When it ended (UTC); `None` while it runs or waits.
    pub ended_at: Option<Timestamp>,
    /// The restore point (backup record) ID.
    pub checkpoint_id: Option<String>,
    /// The policy that started it; `None` for a manual task.
    pub policy_id: Option<String>,
    /// The backup provider, which tells what kind of object is backed up.
    pub provider_id: Option<String>,
    /// The vault of the resource the task works on.
    pub vault_id: Option<String>,
    /// That vault's name.
    pub vault_name: Option<String>,
    /// Why it failed; both members empty when it did not.
    pub error_info: OpErrorInfo,
    /// The details by kind of task.
    pub extra_info: Option<OpExtraInfo>,
}

impl OperationLog {
    /// A log with the three fields every log has, the rest empty. For servers, fixtures, tests.
    pub fn new(id: impl Into<String>, status: OpLogStatus, created_at: Timestamp) -> Self {
        OperationLog {
            id: id.into(),
            project_id: String::new(),
            status,
            operation_type: None,
            created_at,
            started_at: None,
            updated_at: None,
            ended_at: None,
            checkpoint_id: None,
            policy_id: None,
            provider_id: None,
            vault_id: None,
            vault_name: None,
            error_info: OpErrorInfo::default(),
            extra_info: None,
        }
    }

    /// Decodes the 200 body of `GET …/operation-logs/{id}` (`{"operation_log": {…}}`).
    pub fn from_json(body: &[u8]) -> Result<Self, Error> {
        read::read_one(crate::core::model::utf8(body)?)
    }

    /// The resource the task works on, when the service names one.
    pub fn resource(&self) -> Option<&Resource> {
        self.extra_info.as_ref()?.resource.as_ref()
    }

    /// The progress in percent (`extra_info.common.progress`), at most 100.
    pub fn progress(&self) -> Option<u8> {
        let progress = self.extra_info.as_ref()?.common.as_ref()?.progress?;
        Some(progress.min(100) as u8)
    }
}

/// A task's error (`error_info`); `""` members read as empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OpErrorInfo {
    /// A CBR error code such as `BackupService.7101`; empty when none.
    pub code: String,
    /// The error message; empty when none.
    pub message: String,
}

/// A task's details (`extra_info`): the common part, the resource, and the sub-object of its kind.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OpExtraInfo {
    /// Progress and request IDs.
    pub common: Option<OpCommon>,
    /// The resource the task works on.
    pub resource: Option<Resource>,
    /// A backup's details.
    pub backup: Option<OpBackup>,
    /// A backup deletion's details.
    pub delete: Option<OpDelete>,
    /// A restoration's details.
    pub restore: Option<OpRestore>,
    /// A replication's details.
    pub replication: Option<OpReplication>,
    /// A synchronization's details.
    pub sync: Option<OpSync>,
    /// The resources removed from a vault (`remove_resources`, plural, for `remove_resource`).
    pub remove_resources: Option<OpRemoveResources>,
    /// A vault deletion's details.
    pub vault_delete: Option<OpVaultDelete>,
}

/// `extra_info.common`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OpCommon {
    /// Progress in percent as sent (0–100 documented; [`OperationLog::progress`] caps it).
    pub progress: Option<u32>,
    /// The request that started the task.
    pub request_id: String,
    /// The backup task ID.
    pub task_id: Option<String>,
}

/// A resource (`extra_info.resource`, and the items of `remove_resources.resources`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Resource {
    /// The resource ID.
    pub id: String,
    /// What kind of resource it is.
    pub resource_type: ResourceType,
    /// Its name.
    pub name: Option<String>,
    /// The volumes left out or taken in.
    pub extra_info: Option<ResourceExtraInfo>,
}

impl Resource {
    /// A resource; for servers, fixtures and tests.
    pub fn new(id: impl Into<String>, resource_type: ResourceType) -> Self {
        Resource {
            id: id.into(),
            resource_type,
            name: None,
            extra_info: None,
        }
    }
}

/// `resource.extra_info`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ResourceExtraInfo {
    /// IDs of the volumes not backed up.
    pub exclude_volumes: Vec<String>,
    /// The volumes backed up, with their OS (Go SDK only).
    pub include_volumes: Vec<IncludeVolume>,
}

/// One of `resource.extra_info.include_volumes`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct IncludeVolume {
    /// The volume ID.
    pub id: String,
    /// Its operating system.
    pub os_version: Option<String>,
}

/// `extra_info.backup`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OpBackup {
    /// The backup ID.
    pub backup_id: String,
    /// The backup's name, e.g. `autobk_7c1d`.
    pub backup_name: Option<String>,
    /// Whether the backup is incremental: read from a JSON boolean, `"true"`/`"false"`, or the
    /// documented quoted form `"\"true\""` (§10 Q16).
    pub incremental: Option<bool>,
    /// `"1"` for an application-consistent backup, `"0"` otherwise.
    pub app_consistency_status: Option<String>,
    /// The error code of a failed application-consistent backup.
    pub app_consistency_error_code: Option<String>,
    /// Its message.
    pub app_consistency_error_message: Option<String>,
}

/// `extra_info.delete`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OpDelete {
    /// The deleted backup's ID.
    pub backup_id: String,
    /// Its name.
    pub backup_name: String,
}

/// `extra_info.restore`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OpRestore {
    /// The backup restored from.
    pub backup_id: Option<String>,
    /// Its name.
    pub backup_name: Option<String>,
    /// The resource restored to.
    pub target_resource_id: Option<String>,
    /// Its name.
    pub target_resource_name: Option<String>,
}

/// `extra_info.replication`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OpReplication {
    /// The backup replicated.
    pub source_backup_id: String,
    /// Its project.
    pub source_project_id: String,
    /// Its region.
    pub source_region: String,
    /// The project replicated to.
    pub destination_project_id: String,
    /// The region replicated to.
    pub destination_region: String,
    /// The source restore point.
    pub source_checkpoint_id: Option<String>,
    /// The source backup's name.
    pub source_backup_name: Option<String>,
    /// The replica's backup ID.
    pub destination_backup_id: Option<String>,
    /// The replica's restore point.
    pub destination_checkpoint_id: Option<String>,
    /// The replica's name.
    pub destination_backup_name: Option<String>,
}

/// `extra_info.sync`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OpSync {
    /// Backups synchronized.
    pub sync_backup_num: Option<u32>,
    /// Backups deleted.
    pub delete_backup_num: Option<u32>,
    /// Backups that failed to synchronize.
    pub err_sync_backup_num: Option<u32>,
}

/// `extra_info.remove_resources`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OpRemoveResources {
    /// Resources that failed to be removed.
    pub fail_count: Option<u32>,
    /// Backups deleted.
    pub total_count: Option<u32>,
    /// The resources removed.
    pub resources: Vec<Resource>,
}

/// `extra_info.vault_delete`. The counters are read from `fail_delete_count`/`total_delete_count`
/// (what Terraform reads from the live service) and else from `fail_count`/`total_count` (the
/// documented names), §10 Q17.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OpVaultDelete {
    /// Resources that failed to be deleted.
    pub fail_count: Option<u32>,
    /// Backups deleted.
    pub total_count: Option<u32>,
}

/// One page of CBR tasks (`OpListResp`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OpLogPage {
    /// "Number of tasks": the total that match, as the emulator means it (§10 Q1); page with the
    /// §6 loop rather than trust it alone.
    pub count: u64,
    /// The tasks of this page.
    pub operation_logs: Vec<OperationLog>,
    /// The effective page size, when the service echoes it.
    pub limit: Option<u32>,
    /// The effective offset, when the service echoes it.
    pub offset: Option<u32>,
}

impl OpLogPage {
    /// A page; for servers, fixtures and tests.
    pub fn new(count: u64, operation_logs: Vec<OperationLog>) -> Self {
        OpLogPage {
            count,
            operation_logs,
            limit: None,
            offset: None,
        }
    }

    /// Decodes a 200 body of `GET …/operation-logs`. A wrong field is a decode error naming it
    /// (`operation_logs[3].extra_info.backup.backup_id`).
    pub fn from_json(body: &[u8]) -> Result<Self, Error> {
        read::read_page(crate::core::model::utf8(body)?)
    }
}

#[cfg(test)]
mod tests;
