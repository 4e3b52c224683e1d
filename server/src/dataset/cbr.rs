//! The CBR side of the seeded project: each VBS policy gets a vault bound to a CBR backup policy,
//! its backup tasks appear as `backup` operation logs (same IDs, times and outcomes), and around
//! them, over the last 30 days, the other kinds of task: retention deletes, restores,
//! replications (by a replication policy), manual backups, a sync, a resource removal and the
//! deletion of a retired vault — so every `extra_info` block of the contract occurs.
//!
//! Like the VBS tasks, every log is planned over its whole life, so it shows as it stands at any
//! instant of the live clock (waiting, then running with progress, then ended).

use std::collections::HashMap;

use rand::{Rng, RngCore, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::Serialize;
use time::{Duration, OffsetDateTime};
use vbs_tasks::core::cbr::{
    OpBackup, OpCommon, OpExtraInfo, OpLogStatus, OperationLog, OperationType, Resource,
    ResourceType,
};
use vbs_tasks::{TaskStatus, Timestamp};

use super::PolicyData;

/// CBR's provider ID of cloud disks (EVS), what VBS policies back up (contract §3.6).
pub const EVS_PROVIDER: &str = "d1603440-187d-4516-af25-121250c7cc97";
/// The enterprise project every vault is in unless said otherwise (contract §10 Q10).
pub const DEFAULT_ENTERPRISE_PROJECT: &str = "0";
/// How far back the non-backup tasks are spread.
pub const SPREAD_DAYS: i64 = 30;
/// The name of the vault that was deleted (only its `vault_delete` task remains).
pub const RETIRED_VAULT_NAME: &str = "vault-retired";
/// The name of the replication policy bound to the first vault.
pub const REPLICATION_POLICY_NAME: &str = "replicate-to-cn-east-3";

/// The CBR data of the project.
#[derive(Debug, Clone, Default)]
pub struct CbrDataset {
    /// The policies, in list order: one backup policy per VBS policy, then the replication one.
    pub policies: Vec<CbrPolicy>,
    /// The vaults, one per VBS policy, in the same order.
    pub vaults: Vec<CbrVault>,
    /// Every log, sorted by `created_at` ascending and, at equal times, `id` descending (so the
    /// reverse is the contract's order, §10 Q2), including logs planned after the anchor.
    pub logs: Vec<PlannedLog>,
}

/// A CBR policy as `GET /v3/{project_id}/policies` lists it (contract §8).
#[derive(Debug, Clone, Serialize)]
pub struct CbrPolicy {
    /// Policy ID.
    pub id: String,
    /// Name.
    pub name: String,
    /// `backup` or `replication`.
    pub operation_type: &'static str,
    /// Whether it runs.
    pub enabled: bool,
    /// Always `custom_policy` here.
    pub policy_type: &'static str,
    /// The vaults it is applied to.
    pub associated_vaults: Vec<AssociatedVault>,
    /// When it runs.
    pub trigger: serde_json::Value,
    /// Retention settings.
    pub operation_definition: serde_json::Value,
}

/// One of a policy's `associated_vaults`.
#[derive(Debug, Clone, Serialize)]
pub struct AssociatedVault {
    /// The vault.
    pub vault_id: String,
    /// For a replication policy, the vault replicas go to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_vault_id: Option<String>,
}

/// A vault as `GET /v3/{project_id}/vaults` lists it (contract §8); `project_id` is filled in
/// when served.
#[derive(Debug, Clone, Serialize)]
pub struct CbrVault {
    /// Vault ID.
    pub id: String,
    /// Name.
    pub name: String,
    /// The project (set by the emulator).
    pub project_id: String,
    /// What kind of objects it backs up.
    pub provider_id: &'static str,
    /// Billing and state.
    pub billing: serde_json::Value,
    /// The resources bound to it.
    pub resources: Vec<serde_json::Value>,
    /// Its enterprise project.
    pub enterprise_project_id: String,
    /// When it was created (`YYYY-MM-DDTHH:MM:SS.ffffff`).
    pub created_at: String,
    /// The backup policy bound to it (not a wire member of Vault; `?policy_id=` filters on it).
    #[serde(skip)]
    pub policy_id: String,
}

/// An operation log over its whole life.
#[derive(Debug, Clone)]
pub struct PlannedLog {
    /// The log as it ends (or, for one that never ends, as it runs).
    pub end: OperationLog,
    /// The enterprise project of its vault.
    pub enterprise_project_id: String,
}

impl PlannedLog {
    /// Whether it exists at `now`.
    pub fn is_visible_at(&self, now: Timestamp) -> bool {
        self.end.created_at <= now
    }

    fn started_at(&self) -> Timestamp {
        self.end.started_at.unwrap_or(self.end.created_at)
    }

    /// Its status at `now` (assumes it is visible).
    pub fn status_at(&self, now: Timestamp) -> OpLogStatus {
        match self.end.ended_at {
            Some(ended) if ended <= now => self.end.status.clone(),
            _ if self.started_at() <= now => OpLogStatus::Running,
            _ => OpLogStatus::Waiting,
        }
    }

    /// The log as the API shows it at `now` (§10 Q21): waiting at progress 0, running at 1–99
    /// with no end time and no error yet.
    pub fn at(&self, now: Timestamp) -> OperationLog {
        let status = self.status_at(now);
        if !status.is_active() {
            return self.end.clone();
        }
        let mut log = self.end.clone();
        let progress = if status == OpLogStatus::Waiting {
            log.updated_at = Some(log.created_at);
            0
        } else {
            log.updated_at = Some(now);
            let started = self.started_at().unix_millis();
            match self.end.ended_at {
                Some(ended) if ended.unix_millis() > started => {
                    let done = (now.unix_millis() - started) * 98 / (ended.unix_millis() - started);
                    1 + done.clamp(0, 98) as u32
                }
                _ => 50,
            }
        };
        log.status = status;
        log.ended_at = None;
        log.error_info = Default::default();
        if let Some(common) = log.extra_info.as_mut().and_then(|e| e.common.as_mut()) {
            common.progress = Some(progress);
        }
        log
    }
}

/// The CBR data around the VBS `policies`, relative to `anchor`; the same inputs give the same data.
pub fn generate(seed: u64, anchor: OffsetDateTime, policies: &[PolicyData]) -> CbrDataset {
    let mut gen = Gen {
        rng: Pcg64Mcg::seed_from_u64(seed ^ 0x0cb2_0cb2_0cb2_0cb2),
        anchor,
    };
    let mut data = CbrDataset::default();
    let mut vault_resources = Vec::new();
    for (number, vbs) in policies.iter().enumerate() {
        let (policy, vault, resources) = gen.vault(number, vbs);
        let names: HashMap<&str, &str> = resources
            .iter()
            .map(|(id, name)| (id.as_str(), name.as_str()))
            .collect();
        for planned in &vbs.tasks {
            let log = gen.backup(&vault, &policy.id, planned, &names);
            data.logs.push(gen.planned(log, &vault));
        }
        data.policies.push(policy);
        data.vaults.push(vault);
        vault_resources.push(resources);
    }
    let replication = gen.replication_policy(&data.vaults);
    for (vault, resources) in data.vaults.clone().iter().zip(&vault_resources) {
        if resources.is_empty() {
            continue;
        }
        let replicate = replication
            .as_ref()
            .filter(|p| p.associated_vaults[0].vault_id == vault.id);
        for log in gen.extras(vault, resources, replicate.map(|p| p.id.as_str())) {
            data.logs.push(gen.planned(log, vault));
        }
    }
    if let Some(first) = data.vaults.first().cloned() {
        let retired = gen.vault_delete(&first);
        data.logs.push(gen.planned(retired, &first));
    }
    data.policies.extend(replication);
    data.logs
        .sort_unstable_by(|a, b| (a.end.created_at, &b.end.id).cmp(&(b.end.created_at, &a.end.id)));
    data
}

struct Gen {
    rng: Pcg64Mcg,
    anchor: OffsetDateTime,
}

/// A backup resource: ID and name.
type Res = (String, String);

impl Gen {
    fn uuid(&mut self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut bytes = [0u8; 16];
        self.rng.fill_bytes(&mut bytes);
        bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
        bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
        let mut out = String::with_capacity(36);
        for (i, byte) in bytes.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                out.push('-');
            }
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 0x0f)] as char);
        }
        out
    }

    /// A log's life: created `ago` before the anchor, starting a few seconds later, running `run`.
    fn times(&mut self, ago: Duration, run: Duration) -> [Timestamp; 3] {
        let created =
            self.anchor - ago + Duration::microseconds(self.rng.random_range(0..1_000_000));
        let started = created + Duration::milliseconds(self.rng.random_range(5..3_000));
        [created, started, started + run].map(Timestamp::from)
    }

    fn planned(&mut self, log: OperationLog, vault: &CbrVault) -> PlannedLog {
        PlannedLog {
            end: log,
            enterprise_project_id: vault.enterprise_project_id.clone(),
        }
    }

    fn vault(&mut self, number: usize, vbs: &PolicyData) -> (CbrPolicy, CbrVault, Vec<Res>) {
        let mut resources: Vec<Res> = Vec::new();
        let mut known = std::collections::HashSet::new();
        for planned in &vbs.tasks {
            let id = planned.end.resource_id.as_str();
            if !id.is_empty() && known.insert(id) {
                let name = format!("{}-disk-{:02}", vbs.policy.name, resources.len() + 1);
                resources.push((id.to_owned(), name));
            }
        }
        let vault_id = self.uuid();
        let policy_id = self.uuid();
        // The second vault is in an enterprise project of its own, so that filter has an effect.
        let enterprise_project_id = if number == 1 {
            self.uuid()
        } else {
            DEFAULT_ENTERPRISE_PROJECT.to_owned()
        };
        let created = Timestamp::from(self.anchor - Duration::days(400 + number as i64));
        let schedule = &vbs.policy.schedule;
        let (hour, minute) = schedule
            .start_time
            .as_deref()
            .and_then(|t| t.split_once(':'))
            .unwrap_or(("02", "00"));
        let days: Vec<&str> = schedule
            .week_frequency
            .iter()
            .map(|day| day.get(..2).unwrap_or("MO"))
            .collect();
        let pattern = if days.is_empty() {
            format!(
                "FREQ=DAILY;INTERVAL={};BYHOUR={hour};BYMINUTE={minute}",
                schedule.frequency.unwrap_or(1)
            )
        } else {
            format!(
                "FREQ=WEEKLY;BYDAY={};BYHOUR={hour};BYMINUTE={minute}",
                days.join(",")
            )
        };
        let policy = CbrPolicy {
            id: policy_id.clone(),
            name: vbs.policy.name.clone(),
            operation_type: "backup",
            enabled: schedule.is_on() || schedule.status.is_empty(),
            policy_type: "custom_policy",
            associated_vaults: vec![AssociatedVault {
                vault_id: vault_id.clone(),
                destination_vault_id: None,
            }],
            trigger: serde_json::json!({
                "id": self.uuid(),
                "name": format!("{}-trigger", vbs.policy.name),
                "type": "time",
                "properties": {"pattern": [pattern], "start_time": micros(created).replace('T', " ")[..19].to_owned()},
            }),
            operation_definition: serde_json::json!({
                "retention_duration_days": schedule.retention_day.unwrap_or(30),
                "max_backups": schedule.retention_num.map_or(-1, i64::from),
                "timezone": "UTC+00:00",
            }),
        };
        let vault = CbrVault {
            id: vault_id,
            name: format!("vault-{}", vbs.policy.name),
            project_id: String::new(),
            provider_id: EVS_PROVIDER,
            billing: serde_json::json!({
                "object_type": "disk",
                "protect_type": "backup",
                "status": "available",
                "cloud_type": "public",
                "size": 100 * (resources.len().max(1)),
                "allocated": 40 * resources.len(),
                "used": 25 * resources.len(),
            }),
            resources: resources
                .iter()
                .map(|(id, name)| {
                    serde_json::json!({"id": id, "name": name, "type": "OS::Cinder::Volume",
                        "protect_status": "available", "size": 40})
                })
                .collect(),
            enterprise_project_id,
            created_at: micros(created),
            policy_id,
        };
        (policy, vault, resources)
    }

    fn base(
        &mut self,
        id: String,
        kind: OperationType,
        [created, started, ended]: [Timestamp; 3],
        status: OpLogStatus,
        vault: &CbrVault,
        resource: Resource,
    ) -> OperationLog {
        let mut log = OperationLog::new(id, status.clone(), created);
        log.operation_type = Some(kind);
        log.started_at = Some(started);
        log.updated_at = Some(ended);
        log.ended_at = Some(ended);
        log.provider_id = Some(EVS_PROVIDER.to_owned());
        log.vault_id = Some(vault.id.clone());
        log.vault_name = Some(vault.name.clone());
        if let Some((code, message)) = error_of(&status, &mut self.rng) {
            log.error_info.code = code.to_owned();
            log.error_info.message = message.to_owned();
        }
        let mut common = OpCommon::default();
        common.progress = Some(match status {
            OpLogStatus::Success => 100,
            OpLogStatus::Skipped => 0,
            _ => self.rng.random_range(0..=95),
        });
        common.request_id = format!("req-{}", self.uuid());
        let mut extra = OpExtraInfo::default();
        extra.common = Some(common);
        extra.resource = Some(resource);
        log.extra_info = Some(extra);
        log
    }

    /// [`Gen::base`] with a new ID.
    fn fresh(
        &mut self,
        kind: OperationType,
        times: [Timestamp; 3],
        status: OpLogStatus,
        vault: &CbrVault,
        resource: Resource,
    ) -> OperationLog {
        let id = self.uuid();
        self.base(id, kind, times, status, vault, resource)
    }

    fn backup(
        &mut self,
        vault: &CbrVault,
        policy_id: &str,
        planned: &super::PlannedTask,
        names: &HashMap<&str, &str>,
    ) -> OperationLog {
        let task = &planned.end;
        let status = match &task.status {
            TaskStatus::ExecuteSuccess => OpLogStatus::Success,
            TaskStatus::ExecuteFail => OpLogStatus::Failed,
            TaskStatus::ExecuteTimeout => OpLogStatus::Timeout,
            TaskStatus::Skip => OpLogStatus::Skipped,
            TaskStatus::Running => OpLogStatus::Running,
            _ => OpLogStatus::Waiting,
        };
        let times = [
            task.created_at,
            planned.started_at,
            task.finished_at.unwrap_or(planned.started_at),
        ];
        let mut resource = Resource::new(task.resource_id.as_str(), ResourceType::Volume);
        resource.name = names
            .get(task.resource_id.as_str())
            .map(|name| (*name).to_owned());
        let mut log = self.base(
            task.job_id.clone(),
            OperationType::Backup,
            times,
            status.clone(),
            vault,
            resource,
        );
        if task.finished_at.is_none() {
            log.ended_at = None;
        }
        log.policy_id = Some(policy_id.to_owned());
        if status == OpLogStatus::Success {
            log.checkpoint_id = Some(self.uuid());
        }
        let mut backup = OpBackup::default();
        backup.backup_id = self.uuid();
        backup.backup_name = Some(task.backup_name.clone()).filter(|n| !n.is_empty());
        backup.incremental = Some(self.rng.random_range(0..7) != 0);
        if let Some(extra) = log.extra_info.as_mut() {
            if let Some(common) = extra.common.as_mut() {
                common.task_id = task.vbs_job_id.clone();
            }
            extra.backup = Some(backup);
        }
        log
    }
}

fn resource(resources: &[Res], id: &str) -> Resource {
    let mut resource = Resource::new(id, ResourceType::Volume);
    resource.name = resources
        .iter()
        .find(|(known, _)| known == id)
        .map(|(_, name)| name.clone());
    resource
}

/// `YYYY-MM-DDTHH:MM:SS.ffffff` (UTC, no zone): CBR's form.
fn micros(t: Timestamp) -> String {
    let t = t.as_offset_date_time();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}

/// The `error_info` of a task that ends with `status` (§10 Q21: codes of Appendix A for failed
/// and skipped; a timeout says what happened without a code).
fn error_of(status: &OpLogStatus, rng: &mut Pcg64Mcg) -> Option<(&'static str, &'static str)> {
    const FAILED: [(&str, &str); 3] = [
        (
            "BackupService.7003",
            "Backup is not allowed in the current disk status.",
        ),
        (
            "BackupService.6113",
            "Backup is not allowed in the current vault status.",
        ),
        ("BackupService.8300", "Insufficient snapshot quota."),
    ];
    match status {
        OpLogStatus::Failed => Some(FAILED[rng.random_range(0..FAILED.len())]),
        OpLogStatus::Skipped => Some(("BackupService.6125", "A backup task is in progress.")),
        OpLogStatus::Timeout => Some((
            "",
            "A step ran longer than the system limit; the task was stopped.",
        )),
        _ => None,
    }
}

mod extras;
