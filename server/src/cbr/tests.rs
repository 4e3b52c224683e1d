use super::*;
use crate::dataset;
use crate::emulator::Clock;
use vbs_tasks::core::cbr::{OpLogStatus, OperationType};

fn emulator_at(minutes: i64) -> Emulator {
    let anchor = dataset::frozen_anchor();
    Emulator::new(
        "p".into(),
        dataset::generate(42, anchor),
        Clock::Frozen(anchor + time::Duration::minutes(minutes)),
    )
}

#[test]
fn every_operation_type_and_extra_info_block_of_the_contract_occurs() {
    let emulator = emulator_at(0);
    let page = list_logs(&emulator, "p", "", false).unwrap();
    let logs = &page.operation_logs;
    for kind in [
        OperationType::Backup,
        OperationType::Delete,
        OperationType::Restore,
        OperationType::Replication,
        OperationType::Sync,
        OperationType::RemoveResource,
        OperationType::VaultDelete,
    ] {
        let log = logs
            .iter()
            .find(|log| log.operation_type.as_ref() == Some(&kind))
            .unwrap_or_else(|| panic!("no {kind} log"));
        let extra = log.extra_info.as_ref().unwrap();
        assert!(extra.common.is_some() && extra.resource.is_some(), "{kind}");
        // §10 Q18: the block of its kind, and no other.
        let blocks = [
            extra.backup.is_some(),
            extra.delete.is_some(),
            extra.restore.is_some(),
            extra.replication.is_some(),
            extra.sync.is_some(),
            extra.remove_resources.is_some(),
            extra.vault_delete.is_some(),
        ];
        assert_eq!(blocks.iter().filter(|b| **b).count(), 1, "{kind}");
    }
    // Manual backups have no policy (§10 Q20), scheduled ones do.
    let backups: Vec<_> = logs
        .iter()
        .filter(|l| l.operation_type == Some(OperationType::Backup))
        .collect();
    assert!(backups.iter().any(|l| l.policy_id.is_none()));
    assert!(backups.iter().any(|l| l.policy_id.is_some()));
}

#[test]
fn statuses_progress_and_errors_are_coherent_at_any_instant() {
    for minutes in [-600, 0, 2, 7, 45, 1_440] {
        let emulator = emulator_at(minutes);
        let page = list_logs(&emulator, "p", "", false).unwrap();
        assert!(page.count > 10_000);
        for log in &page.operation_logs {
            let progress = log.progress().unwrap();
            match log.status {
                OpLogStatus::Waiting => assert!(progress == 0 && log.ended_at.is_none()),
                OpLogStatus::Running => {
                    assert!((1..=99).contains(&progress) && log.ended_at.is_none())
                }
                OpLogStatus::Success => assert!(progress == 100 && log.error_info.code.is_empty()),
                OpLogStatus::Failed | OpLogStatus::Skipped => {
                    assert!(
                        log.error_info.code.starts_with("BackupService.") && log.ended_at.is_some()
                    )
                }
                OpLogStatus::Timeout => assert!(!log.error_info.message.is_empty()),
                ref other => panic!("unexpected status {other}"),
            }
        }
    }
}

#[test]
fn the_order_is_created_at_descending_then_id_ascending() {
    let emulator = emulator_at(0);
    let page = list_logs(&emulator, "p", "", false).unwrap();
    for pair in page.operation_logs.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(a.created_at > b.created_at || (a.created_at == b.created_at && a.id < b.id));
    }
}

#[test]
fn at_the_anchor_something_runs_and_something_waits() {
    let emulator = emulator_at(0);
    for status in ["running", "waiting"] {
        let page = list_logs(&emulator, "p", &format!("status={status}"), false).unwrap();
        assert!(page.count > 0, "{status}");
    }
}
