//! The tasks besides scheduled backups: deletes, restores, replications, manual backups, a sync,
//! a resource removal, and a vault deletion.

use rand::Rng;
use time::Duration;
use vbs_tasks::core::cbr::{
    OpBackup, OpDelete, OpLogStatus, OpRemoveResources, OpReplication, OpRestore, OpSync,
    OpVaultDelete, OperationLog, OperationType, Resource, ResourceType,
};

use super::{
    resource, AssociatedVault, CbrPolicy, CbrVault, Gen, Res, REPLICATION_POLICY_NAME,
    RETIRED_VAULT_NAME, SPREAD_DAYS,
};

impl Gen {
    /// A replication policy on the first vault that has resources.
    pub(super) fn replication_policy(&mut self, vaults: &[CbrVault]) -> Option<CbrPolicy> {
        let vault = vaults.iter().find(|v| !v.resources.is_empty())?;
        Some(CbrPolicy {
            id: self.uuid(),
            name: REPLICATION_POLICY_NAME.to_owned(),
            operation_type: "replication",
            enabled: true,
            policy_type: "custom_policy",
            associated_vaults: vec![AssociatedVault {
                vault_id: vault.id.clone(),
                destination_vault_id: Some(self.uuid()),
            }],
            trigger: serde_json::json!({
                "id": self.uuid(), "name": "replication-trigger", "type": "time",
                "properties": {"pattern": ["FREQ=WEEKLY;BYDAY=SU;BYHOUR=04;BYMINUTE=00"],
                               "start_time": "2025-01-05 04:00:00"},
            }),
            operation_definition: serde_json::json!({
                "retention_duration_days": 90, "destination_region": "cn-east-3",
                "destination_project_id": "2b3c4d5e6f708192a3b4c5d6e7f80912", "timezone": "UTC+00:00",
            }),
        })
    }

    /// A time in the last [`SPREAD_DAYS`], at least an hour ago.
    fn ago(&mut self) -> Duration {
        Duration::seconds(self.rng.random_range(3_600..SPREAD_DAYS * 86_400))
    }

    fn pick<'r>(&mut self, resources: &'r [Res]) -> &'r Res {
        &resources[self.rng.random_range(0..resources.len())]
    }

    fn outcome(&mut self, fail_one_in: u32) -> OpLogStatus {
        if self.rng.random_range(0..fail_one_in) == 0 {
            OpLogStatus::Failed
        } else {
            OpLogStatus::Success
        }
    }

    /// The vault's other tasks over the last 30 days; `replication_policy` is set on the vault
    /// a replication policy is applied to.
    pub(super) fn extras(
        &mut self,
        vault: &CbrVault,
        resources: &[Res],
        replication_policy: Option<&str>,
    ) -> Vec<OperationLog> {
        let mut logs = Vec::new();
        // Retention deletes, started by the backup policy.
        for _ in 0..8 {
            let (id, _) = self.pick(resources).clone();
            let (ago, status) = (self.ago(), self.outcome(8));
            let run = Duration::seconds(self.rng.random_range(5..90));
            let times = self.times(ago, run);
            let mut log = self.fresh(
                OperationType::Delete,
                times,
                status,
                vault,
                resource(resources, &id),
            );
            log.policy_id = Some(vault.policy_id.clone());
            let mut delete = OpDelete::default();
            delete.backup_id = self.uuid();
            delete.backup_name = format!("autobk_{}", &self.uuid()[..4]);
            set(&mut log, |e| e.delete = Some(delete));
            logs.push(log);
        }
        // Restores, manual (no policy).
        for _ in 0..3 {
            let (id, name) = self.pick(resources).clone();
            let (ago, status) = (self.ago(), self.outcome(3));
            let run = Duration::seconds(self.rng.random_range(120..1_800));
            let times = self.times(ago, run);
            let mut log = self.fresh(
                OperationType::Restore,
                times,
                status,
                vault,
                resource(resources, &id),
            );
            let mut restore = OpRestore::default();
            restore.backup_id = Some(self.uuid());
            restore.backup_name = Some(format!("autobk_{}", &self.uuid()[..4]));
            restore.target_resource_id = Some(id);
            restore.target_resource_name = Some(name);
            set(&mut log, |e| e.restore = Some(restore));
            logs.push(log);
        }
        if let Some(policy_id) = replication_policy {
            logs.extend(self.first_vault_extras(vault, resources, policy_id));
        }
        if vault.resources.len() < 4 {
            let mut log = self.remove_resource(vault, resources);
            log.operation_type = Some(OperationType::RemoveResource);
            logs.push(log);
        }
        logs
    }

    /// Replications, manual backups, a sync, a running restore and a waiting replication.
    fn first_vault_extras(
        &mut self,
        vault: &CbrVault,
        resources: &[Res],
        policy_id: &str,
    ) -> Vec<OperationLog> {
        let mut logs = Vec::new();
        for number in 0..5 {
            let (id, name) = self.pick(resources).clone();
            let status = self.outcome(4);
            // The last one waits to start a few minutes after the anchor.
            let times = if number == 4 {
                let [created, _, _] = self.times(Duration::minutes(1), Duration::ZERO);
                let started = created.as_offset_date_time() + Duration::minutes(3);
                [
                    created,
                    started.into(),
                    (started + Duration::minutes(30)).into(),
                ]
            } else {
                let ago = self.ago();
                let run = Duration::seconds(self.rng.random_range(600..7_200));
                self.times(ago, run)
            };
            let mut log = self.fresh(
                OperationType::Replication,
                times,
                status,
                vault,
                resource(resources, &id),
            );
            log.policy_id = Some(policy_id.to_owned());
            let mut replication = OpReplication::default();
            replication.source_backup_id = self.uuid();
            replication.source_project_id = "0605767e9a80d5f52f8cc00f94d4e2fb".into();
            replication.source_region = "cn-north-4".into();
            replication.destination_project_id = "2b3c4d5e6f708192a3b4c5d6e7f80912".into();
            replication.destination_region = "cn-east-3".into();
            replication.source_checkpoint_id = Some(self.uuid());
            replication.source_backup_name = Some(format!("autobk_{}", &self.uuid()[..4]));
            replication.destination_backup_id = Some(self.uuid());
            replication.destination_checkpoint_id = Some(self.uuid());
            replication.destination_backup_name = Some(format!("{name}-replica"));
            set(&mut log, |e| e.replication = Some(replication));
            logs.push(log);
        }
        for _ in 0..2 {
            let (id, _) = self.pick(resources).clone();
            let ago = self.ago();
            let run = Duration::minutes(self.rng.random_range(3..40));
            let times = self.times(ago, run);
            let mut log = self.fresh(
                OperationType::Backup,
                times,
                OpLogStatus::Success,
                vault,
                resource(resources, &id),
            );
            log.checkpoint_id = Some(self.uuid());
            let mut backup = OpBackup::default();
            backup.backup_id = self.uuid();
            backup.backup_name = Some(format!("manualbk_{}", &self.uuid()[..4]));
            backup.incremental = Some(false);
            backup.app_consistency_status = Some("0".into());
            set(&mut log, |e| e.backup = Some(backup));
            logs.push(log);
        }
        // A restore running at the anchor.
        let (id, name) = self.pick(resources).clone();
        let times = self.times(Duration::minutes(4), Duration::minutes(25));
        let mut log = self.fresh(
            OperationType::Restore,
            times,
            OpLogStatus::Success,
            vault,
            resource(resources, &id),
        );
        let mut restore = OpRestore::default();
        restore.backup_id = Some(self.uuid());
        restore.target_resource_id = Some(id);
        restore.target_resource_name = Some(name);
        set(&mut log, |e| e.restore = Some(restore));
        logs.push(log);
        // A sync of the vault: no single resource (§10 Q19: the vault stands in).
        let ago = self.ago();
        let times = self.times(ago, Duration::minutes(6));
        let mut log = self.fresh(
            OperationType::Sync,
            times,
            OpLogStatus::Success,
            vault,
            vault_resource(vault),
        );
        let mut sync = OpSync::default();
        sync.sync_backup_num = Some(12);
        sync.delete_backup_num = Some(2);
        sync.err_sync_backup_num = Some(0);
        set(&mut log, |e| e.sync = Some(sync));
        logs.push(log);
        logs
    }

    fn remove_resource(&mut self, vault: &CbrVault, resources: &[Res]) -> OperationLog {
        let (id, _) = self.pick(resources).clone();
        let ago = self.ago();
        let times = self.times(ago, Duration::seconds(40));
        let mut log = self.fresh(
            OperationType::RemoveResource,
            times,
            OpLogStatus::Success,
            vault,
            vault_resource(vault),
        );
        let mut remove = OpRemoveResources::default();
        remove.fail_count = Some(0);
        remove.total_count = Some(1);
        remove.resources = vec![resource(resources, &id)];
        set(&mut log, |e| e.remove_resources = Some(remove));
        log
    }

    /// The deletion, 20 days ago, of a vault that no longer exists.
    pub(super) fn vault_delete(&mut self, like: &CbrVault) -> OperationLog {
        let mut retired = like.clone();
        retired.id = self.uuid();
        retired.name = RETIRED_VAULT_NAME.to_owned();
        // Started on a whole second, so that a window ending exactly then can be seen to
        // include it (§10 Q6: both bounds inclusive).
        let [created, started, _] = self.times(Duration::days(20), Duration::minutes(2));
        let second = started
            .as_offset_date_time()
            .replace_nanosecond(0)
            .unwrap_or(started.as_offset_date_time());
        let started = vbs_tasks::Timestamp::from(second);
        let ended = vbs_tasks::Timestamp::from(second + Duration::minutes(2));
        let times = [created.min(started), started, ended];
        let mut log = self.fresh(
            OperationType::VaultDelete,
            times,
            OpLogStatus::Success,
            &retired,
            vault_resource(&retired),
        );
        let mut vault_delete = OpVaultDelete::default();
        vault_delete.fail_count = Some(0);
        vault_delete.total_count = Some(17);
        set(&mut log, |e| e.vault_delete = Some(vault_delete));
        log
    }
}

fn vault_resource(vault: &CbrVault) -> Resource {
    let mut resource = Resource::new(vault.id.clone(), ResourceType::Volume);
    resource.name = Some(vault.name.clone());
    resource
}

fn set(log: &mut OperationLog, f: impl FnOnce(&mut vbs_tasks::core::cbr::OpExtraInfo)) {
    if let Some(extra) = log.extra_info.as_mut() {
        f(extra);
    }
}
