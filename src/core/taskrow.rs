//! The one task-row view both APIs map to: what the table, details, overview and export need of a
//! task, whether it came from VBS's backup-task list or CBR's operation logs.
//!
//! The CBR side follows the contract's mapping to the VBS model (`cbr-operation-logs.md` §7):
//! statuses six to six in VBS's form, `ended_at` as the end, `OS::Cinder::Volume` as `volume`,
//! `common.task_id` as the VBS job ID, empty error members as none. [`Task::from`] applies that
//! mapping to the VBS model itself; [`TaskRow`] keeps, beside it, what CBR has and VBS has not
//! (operation, vault, start, progress) so that a view can show it.

use super::cbr::model::{OpLogStatus, OperationLog, OperationType, ResourceType};
use super::model::{Task, TaskStatus};
use super::time::Timestamp;

impl OpLogStatus {
    /// The VBS status of this CBR status (§7: six to six); an unknown value is kept as it came.
    pub fn to_task_status(&self) -> TaskStatus {
        match self {
            OpLogStatus::Running => TaskStatus::Running,
            OpLogStatus::Timeout => TaskStatus::ExecuteTimeout,
            OpLogStatus::Waiting => TaskStatus::Waiting,
            OpLogStatus::Failed => TaskStatus::ExecuteFail,
            OpLogStatus::Success => TaskStatus::ExecuteSuccess,
            OpLogStatus::Skipped => TaskStatus::Skip,
            OpLogStatus::Unknown(value) => TaskStatus::Unknown(value.clone()),
        }
    }

    /// The CBR status a VBS status filter means (the reverse of [`OpLogStatus::to_task_status`]);
    /// `None` for a VBS value with no CBR counterpart.
    pub fn from_task_status(status: &TaskStatus) -> Option<Self> {
        Some(match status {
            TaskStatus::Running => OpLogStatus::Running,
            TaskStatus::ExecuteTimeout => OpLogStatus::Timeout,
            TaskStatus::Waiting => OpLogStatus::Waiting,
            TaskStatus::ExecuteFail => OpLogStatus::Failed,
            TaskStatus::ExecuteSuccess => OpLogStatus::Success,
            TaskStatus::Skip => OpLogStatus::Skipped,
            _ => return None,
        })
    }
}

/// A CBR resource type in VBS's form: `OS::Cinder::Volume` is `volume` (VBS's only value); the
/// other types have no VBS value and pass through as CBR writes them.
pub fn vbs_resource_type(resource_type: &ResourceType) -> String {
    match resource_type {
        ResourceType::Volume => "volume".to_owned(),
        other => other.as_str().to_owned(),
    }
}

/// `Some(text)` unless it is empty (the API writes "no error" as `""`).
fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// The backup name §7 takes: a backup's, or a deleted backup's; none for other kinds of task.
fn backup_name(log: &OperationLog) -> String {
    let Some(extra) = &log.extra_info else {
        return String::new();
    };
    match &log.operation_type {
        Some(OperationType::Backup) => extra
            .backup
            .as_ref()
            .and_then(|backup| backup.backup_name.clone())
            .unwrap_or_default(),
        Some(OperationType::Delete) => extra
            .delete
            .as_ref()
            .map(|delete| delete.backup_name.clone())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// A CBR task in the VBS model, field by field as §7 maps it.
impl From<&OperationLog> for Task {
    fn from(log: &OperationLog) -> Self {
        let resource = log.resource();
        let mut task = Task::new(log.id.clone(), log.status.to_task_status(), log.created_at);
        task.finished_at = log.ended_at;
        task.backup_name = backup_name(log);
        task.resource_id = resource.map(|r| r.id.clone()).unwrap_or_default();
        task.resource_type = resource
            .map(|r| vbs_resource_type(&r.resource_type))
            .unwrap_or_default();
        task.vbs_job_id = log
            .extra_info
            .as_ref()
            .and_then(|extra| extra.common.as_ref())
            .and_then(|common| common.task_id.clone());
        task.message = non_empty(&log.error_info.message);
        task.code = non_empty(&log.error_info.code);
        task
    }
}

/// Which API a row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Service {
    /// Volume Backup Service (`/v2/…/backuptasks`).
    Vbs,
    /// Cloud Backup and Recovery (`/v3/…/operation-logs`).
    Cbr,
}

/// One task as every view shows it, from either API.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TaskRow {
    /// Which API it came from.
    pub service: Service,
    /// The task ID (VBS `job_id`, CBR `id`).
    pub id: String,
    /// The status in the common (VBS) form; unknown values kept as they came.
    pub status: TaskStatus,
    /// What the task does: always a backup for VBS, whose list holds nothing else.
    pub operation: Option<OperationType>,
    /// The resource's ID; empty when the service leaves it out.
    pub resource_id: String,
    /// The resource's name (CBR only).
    pub resource_name: Option<String>,
    /// The resource's type in VBS's form (`volume`, or the CBR type as written).
    pub resource_type: String,
    /// The backup's name; empty when there is none.
    pub backup_name: String,
    /// The vault's ID (CBR only).
    pub vault_id: Option<String>,
    /// The vault's name (CBR only).
    pub vault_name: Option<String>,
    /// The policy that started it (CBR only; a VBS list is already one policy's).
    pub policy_id: Option<String>,
    /// When the task was created (UTC).
    pub created_at: Timestamp,
    /// When it started, where the API says (CBR only).
    pub started_at: Option<Timestamp>,
    /// When it ended; `None` while it runs or waits.
    pub ended_at: Option<Timestamp>,
    /// Progress in percent, 0–100 (CBR only).
    pub progress: Option<u8>,
    /// The error code of a failure.
    pub code: Option<String>,
    /// Why it failed.
    pub message: Option<String>,
    /// The VBS-side job ID (VBS `vbs_job_id`, CBR `extra_info.common.task_id`).
    pub sub_job_id: Option<String>,
}

impl TaskRow {
    /// How long the task ran, from its start (or, without one, its creation) to its end; `None`
    /// until it ends, never negative.
    pub fn duration(&self) -> Option<time::Duration> {
        let start = self.started_at.unwrap_or(self.created_at);
        self.ended_at.map(|end| {
            (end.as_offset_date_time() - start.as_offset_date_time()).max(time::Duration::ZERO)
        })
    }
}

impl From<&Task> for TaskRow {
    fn from(task: &Task) -> Self {
        TaskRow {
            service: Service::Vbs,
            id: task.job_id.clone(),
            status: task.status.clone(),
            operation: Some(OperationType::Backup),
            resource_id: task.resource_id.clone(),
            resource_name: None,
            resource_type: task.resource_type.clone(),
            backup_name: task.backup_name.clone(),
            vault_id: None,
            vault_name: None,
            policy_id: None,
            created_at: task.created_at,
            started_at: None,
            ended_at: task.finished_at,
            progress: None,
            code: task.code.clone(),
            message: task.message.clone(),
            sub_job_id: task.vbs_job_id.clone(),
        }
    }
}

impl From<&OperationLog> for TaskRow {
    fn from(log: &OperationLog) -> Self {
        // The §7 fields through the one mapping, then what CBR has beyond them.
        let task = Task::from(log);
        TaskRow {
            service: Service::Cbr,
            operation: log.operation_type.clone(),
            resource_name: log.resource().and_then(|r| r.name.clone()),
            vault_id: log.vault_id.clone(),
            vault_name: log.vault_name.clone(),
            policy_id: log.policy_id.clone(),
            started_at: log.started_at,
            progress: log.progress(),
            ..TaskRow::from(&task)
        }
    }
}

#[cfg(test)]
mod tests;
