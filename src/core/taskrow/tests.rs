use super::*;
use crate::core::cbr::model::{OpLogPage, OpLogStatus};

const COMPOSED: &str = include_str!("../../../tests/cbr/composed.json");

fn logs() -> Vec<OperationLog> {
    OpLogPage::from_json(COMPOSED.as_bytes())
        .unwrap()
        .operation_logs
}

fn log_with(members: &str) -> OperationLog {
    let body = format!(
        r#"{{"operation_log":{{"id":"l","status":"success","created_at":"2020-01-01T00:00:00"{members}}}}}"#
    );
    OperationLog::from_json(body.as_bytes()).unwrap()
}

#[test]
fn statuses_map_six_to_six_and_back() {
    let pairs = [
        (OpLogStatus::Running, TaskStatus::Running),
        (OpLogStatus::Timeout, TaskStatus::ExecuteTimeout),
        (OpLogStatus::Waiting, TaskStatus::Waiting),
        (OpLogStatus::Failed, TaskStatus::ExecuteFail),
        (OpLogStatus::Success, TaskStatus::ExecuteSuccess),
        (OpLogStatus::Skipped, TaskStatus::Skip),
    ];
    for (cbr, vbs) in &pairs {
        assert_eq!(&cbr.to_task_status(), vbs);
        assert_eq!(OpLogStatus::from_task_status(vbs).as_ref(), Some(cbr));
    }
    assert_eq!(pairs.len(), OpLogStatus::KNOWN.len());
    assert_eq!(pairs.len(), TaskStatus::KNOWN.len());
    let unknown = OpLogStatus::Unknown("paused".into());
    assert_eq!(
        unknown.to_task_status(),
        TaskStatus::Unknown("paused".into())
    );
    assert_eq!(
        OpLogStatus::from_task_status(&TaskStatus::Unknown("X".into())),
        None
    );
}

#[test]
fn a_cbr_log_maps_to_the_vbs_model_as_section_7_says() {
    let [running, failed, restore] = &logs()[..] else {
        panic!("three logs");
    };
    let task = Task::from(running);
    assert_eq!(task.job_id, "9f0c2a6e-1c3e-4a2b-8d55-2f0e6d7c1a01");
    assert_eq!(task.status, TaskStatus::Running);
    assert_eq!(task.created_at, running.created_at);
    assert_eq!(task.finished_at, None);
    assert_eq!(task.backup_name, "autobk_7c1d");
    assert_eq!(task.resource_id, "1dab32fa-ebf2-415a-ab0b-eabe6353bc86");
    assert_eq!(task.resource_type, "OS::Nova::Server");
    assert_eq!(
        task.vbs_job_id.as_deref(),
        Some("5d1e2f3a-4b5c-4d6e-8f70-819203a4b5c6")
    );
    assert_eq!((task.code, task.message), (None, None));
    let task = Task::from(failed);
    assert_eq!(task.status, TaskStatus::ExecuteFail);
    assert_eq!(task.finished_at, failed.ended_at);
    assert!(task.finished_at.is_some());
    assert_eq!(task.code.as_deref(), Some("BackupService.7101"));
    assert_eq!(
        task.message.as_deref(),
        Some("Backup is not allowed in the current server status.")
    );
    assert_eq!(task.vbs_job_id, None);
    // A restore has no backup name in the VBS model, though its extra_info names one.
    assert_eq!(Task::from(restore).backup_name, "");
}

#[test]
fn delete_names_its_backup_and_volumes_are_volume() {
    let delete = log_with(
        r#","operation_type":"delete","extra_info":{"delete":{"backup_id":"b","backup_name":"autobk_del"},
        "resource":{"id":"v","type":"OS::Cinder::Volume"}}"#,
    );
    let task = Task::from(&delete);
    assert_eq!(task.backup_name, "autobk_del");
    assert_eq!(task.resource_type, "volume");
    // A backup block on a task of another kind is not its backup name.
    let sync = log_with(
        r#","operation_type":"sync","extra_info":{"backup":{"backup_id":"b","backup_name":"n"}}"#,
    );
    assert_eq!(Task::from(&sync).backup_name, "");
    let bare = Task::from(&log_with(""));
    assert_eq!(
        (bare.resource_id.as_str(), bare.resource_type.as_str()),
        ("", "")
    );
    assert_eq!(
        vbs_resource_type(&ResourceType::Unknown("OS::X".into())),
        "OS::X"
    );
    assert_eq!(vbs_resource_type(&ResourceType::SfsTurbo), "OS::Sfs::Turbo");
}

#[test]
fn both_apis_make_the_same_kind_of_row() {
    let [running, failed, _] = &logs()[..] else {
        panic!("three logs");
    };
    let row = TaskRow::from(running);
    assert_eq!(row.service, Service::Cbr);
    assert_eq!(row.id, running.id);
    assert_eq!(row.status, TaskStatus::Running);
    assert_eq!(row.operation, Some(OperationType::Backup));
    assert_eq!(row.resource_name.as_deref(), Some("ECS-0001"));
    assert_eq!(row.vault_name.as_deref(), Some("vault-8538"));
    assert_eq!(
        row.vault_id.as_deref(),
        Some("3b5816b5-f29c-4172-9d9a-76c719a659ce")
    );
    assert_eq!(
        row.policy_id.as_deref(),
        Some("cbb3ce6f-3332-4e7c-b98e-77290d8471ff")
    );
    assert_eq!(row.progress, Some(45));
    assert_eq!(row.started_at, running.started_at);
    assert_eq!(row.duration(), None);
    let failed_row = TaskRow::from(failed);
    // 02:00:04.190000 to 02:00:30.998877: measured from the start, not the creation.
    assert_eq!(
        failed_row.duration(),
        Some(time::Duration::new(26, 808_877_000))
    );
    assert_eq!(failed_row.code.as_deref(), Some("BackupService.7101"));

    let mut task = Task::new(
        "j",
        TaskStatus::ExecuteSuccess,
        Timestamp::parse("2020-01-01T00:00:00").unwrap(),
    );
    task.finished_at = Some(Timestamp::parse("2020-01-01T00:01:00").unwrap());
    task.resource_type = "volume".into();
    task.vbs_job_id = Some("v".into());
    let row = TaskRow::from(&task);
    assert_eq!(row.service, Service::Vbs);
    assert_eq!(row.operation, Some(OperationType::Backup));
    assert_eq!(
        (row.vault_id.as_deref(), row.progress, row.started_at),
        (None, None, None)
    );
    assert_eq!(row.sub_job_id.as_deref(), Some("v"));
    assert_eq!(row.duration(), task.duration());
    assert_eq!(row.duration(), Some(time::Duration::minutes(1)));
    // A CBR row's §7 fields are exactly those of its VBS task.
    let via_task = TaskRow::from(&Task::from(running));
    let direct = TaskRow::from(running);
    assert_eq!(
        (
            &via_task.id,
            &via_task.status,
            &via_task.backup_name,
            &via_task.code,
            &via_task.sub_job_id
        ),
        (
            &direct.id,
            &direct.status,
            &direct.backup_name,
            &direct.code,
            &direct.sub_job_id
        )
    );
}

#[test]
fn an_end_before_the_start_is_no_time_not_a_negative_one() {
    let log = log_with(r#","started_at":"2020-01-01T00:00:10","ended_at":"2020-01-01T00:00:05""#);
    assert_eq!(TaskRow::from(&log).duration(), Some(time::Duration::ZERO));
}
