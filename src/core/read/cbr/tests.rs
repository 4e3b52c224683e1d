use super::*;
use crate::core::cbr::model::OperationType;

const DOCUMENTED: &str = include_str!("../../../../tests/cbr/documented.json");
const COMPOSED: &str = include_str!("../../../../tests/cbr/composed.json");

fn at(text: &str) -> Timestamp {
    Timestamp::parse_zoned(text).unwrap()
}

/// A page of one log whose members are `members` (JSON text without braces).
fn one_log(members: &str) -> String {
    format!(
        r#"{{"count":1,"operation_logs":[{{"id":"l","status":"success","created_at":"2020-01-01T00:00:00Z"{members}}}]}}"#
    )
}

fn log_of(members: &str) -> OperationLog {
    let mut page = read_page(&one_log(members)).unwrap_or_else(|err| panic!("{members}: {err}"));
    page.operation_logs.remove(0)
}

fn refused(text: &str) -> Error {
    let err = read_page(text).expect_err(text);
    assert!(err.is_decode(), "{err}");
    err
}

#[test]
fn reads_the_documented_example_in_full() {
    let page = OpLogPage::from_json(DOCUMENTED.as_bytes()).unwrap();
    assert_eq!((page.count, page.limit, page.offset), (1, None, None));
    let log = &page.operation_logs[0];
    assert_eq!(log.id, "4827f2da-b008-4507-ab7d-42d0df5ed912");
    assert_eq!(log.project_id, "04f1829c788037ac2fb8c01eb2b04b95");
    assert_eq!(log.status, OpLogStatus::Success);
    assert_eq!(log.operation_type, Some(OperationType::Backup));
    assert_eq!(log.created_at, at("2019-05-23T14:31:36.039365"));
    assert_eq!(log.started_at, Some(at("2019-05-23T14:31:36.007230")));
    assert_eq!(log.updated_at, Some(at("2019-05-23T14:35:23.584418")));
    assert_eq!(log.ended_at, Some(at("2019-05-23T14:35:23.511155")));
    assert_eq!(
        log.checkpoint_id.as_deref(),
        Some("b432511f-d889-428f-8b0e-5f47c524c6b6")
    );
    assert_eq!(
        (&log.policy_id, &log.vault_id, &log.vault_name),
        (&None, &None, &None)
    );
    assert_eq!(
        log.provider_id.as_deref(),
        Some("0daac4c5-6707-4851-97ba-169e36266b66")
    );
    assert_eq!(log.error_info, OpErrorInfo::default());
    let extra = log.extra_info.as_ref().unwrap();
    let backup = extra.backup.as_ref().unwrap();
    assert_eq!(backup.backup_id, "0e5d0ef6-7f0a-4890-b98c-cb12490e31c1");
    assert_eq!(backup.backup_name.as_deref(), Some("manualbk_backup"));
    assert_eq!(backup.incremental, None);
    let common = extra.common.as_ref().unwrap();
    assert_eq!(common.progress, Some(100));
    assert_eq!(
        common.request_id,
        "req-cdb98cc4-e87b-4f40-9b4a-57ec036620bc"
    );
    assert_eq!(common.task_id, None);
    let resource = log.resource().unwrap();
    assert_eq!(resource.id, "1dab32fa-ebf2-415a-ab0b-eabe6353bc86");
    assert_eq!(resource.name.as_deref(), Some("ECS-0001"));
    assert_eq!(resource.resource_type, ResourceType::Server);
    assert_eq!(log.progress(), Some(100));
    assert!(extra.delete.is_none() && extra.restore.is_none() && extra.vault_delete.is_none());
}

#[test]
fn the_rendered_doc_form_reads_alike_absent_members_as_null() {
    // The rendered page: `+00:00` millisecond times, and no `null` members.
    let mut rendered = DOCUMENTED.to_owned();
    for (from, to) in [
        (
            "2019-05-23T14:31:36.039365",
            "2019-05-23T14:31:36.039+00:00",
        ),
        (
            "2019-05-23T14:35:23.511155",
            "2019-05-23T14:35:23.511+00:00",
        ),
        (
            "2019-05-23T14:31:36.007230",
            "2019-05-23T14:31:36.007+00:00",
        ),
        (
            "2019-05-23T14:35:23.584418",
            "2019-05-23T14:35:23.584+00:00",
        ),
        ("\"policy_id\": null,", ""),
        (
            ",\n      \"vault_id\": null,\n      \"vault_name\": null",
            "",
        ),
    ] {
        assert!(rendered.contains(from), "{from}");
        rendered = rendered.replace(from, to);
    }
    let documented = read_page(DOCUMENTED).unwrap().operation_logs.remove(0);
    let log = read_page(&rendered).unwrap().operation_logs.remove(0);
    assert_eq!(log.created_at, at("2019-05-23T14:31:36.039"));
    assert_eq!(log.ended_at, Some(at("2019-05-23T14:35:23.511")));
    let same_times = OperationLog {
        created_at: documented.created_at,
        started_at: documented.started_at,
        updated_at: documented.updated_at,
        ended_at: documented.ended_at,
        ..log
    };
    assert_eq!(same_times, documented);
}

#[test]
fn reads_the_composed_emulator_page() {
    let page = read_page(COMPOSED).unwrap();
    assert_eq!((page.count, page.limit, page.offset), (7, Some(3), Some(0)));
    let [running, failed, restore] = &page.operation_logs[..] else {
        panic!("three logs");
    };
    assert_eq!(running.status, OpLogStatus::Running);
    assert_eq!(running.ended_at, None);
    assert_eq!(running.progress(), Some(45));
    let extra = running.extra_info.as_ref().unwrap();
    assert_eq!(extra.backup.as_ref().unwrap().incremental, Some(true));
    assert_eq!(
        extra.common.as_ref().unwrap().task_id.as_deref(),
        Some("5d1e2f3a-4b5c-4d6e-8f70-819203a4b5c6")
    );
    assert_eq!(running.vault_name.as_deref(), Some("vault-8538"));
    assert_eq!(failed.status, OpLogStatus::Failed);
    assert_eq!(failed.error_info.code, "BackupService.7101");
    assert_eq!(
        failed.error_info.message,
        "Backup is not allowed in the current server status."
    );
    assert_eq!(failed.checkpoint_id, None);
    let failed_backup = failed.extra_info.as_ref().unwrap().backup.as_ref().unwrap();
    assert_eq!(failed_backup.incremental, Some(false));
    assert_eq!(restore.operation_type, Some(OperationType::Restore));
    assert_eq!(restore.policy_id, None);
    let restored = restore
        .extra_info
        .as_ref()
        .unwrap()
        .restore
        .as_ref()
        .unwrap();
    assert_eq!(restored.backup_name.as_deref(), Some("manualbk_backup"));
    assert_eq!(restored.target_resource_name.as_deref(), Some("ECS-0001"));
}

#[test]
fn reads_the_single_log_wrapper() {
    let page = read_page(DOCUMENTED).unwrap();
    let start = DOCUMENTED.find("    {").unwrap();
    let end = DOCUMENTED.rfind("  ]").unwrap();
    let body = format!("{{\"operation_log\": {}}}", &DOCUMENTED[start..end]);
    let log = OperationLog::from_json(body.as_bytes()).unwrap();
    assert_eq!(log, page.operation_logs[0]);
    for bad in [
        "{}",
        r#"{"operation_log":null}"#,
        r#"{"operation_log":[]}"#,
        r#"{"operation_log":{"id":"a"}}"#,
    ] {
        assert!(
            OperationLog::from_json(bad.as_bytes())
                .unwrap_err()
                .is_decode(),
            "{bad}"
        );
    }
    let twice = format!(
        "{{\"operation_log\":{0},\"operation_log\":{0}}}",
        &DOCUMENTED[start..end]
    );
    let err = OperationLog::from_json(twice.as_bytes()).unwrap_err();
    assert!(
        err.to_string().contains("duplicate field `operation_log`"),
        "{err}"
    );
}

#[test]
fn incremental_reads_in_every_documented_form() {
    for (value, expected) in [
        ("true", Some(true)),
        ("false", Some(false)),
        (r#""true""#, Some(true)),
        (r#""false""#, Some(false)),
        (r#""\"true\"""#, Some(true)),
        (r#""\"false\"""#, Some(false)),
        ("null", None),
    ] {
        let log = log_of(&format!(
            r#","extra_info":{{"backup":{{"backup_id":"b","incremental":{value}}}}}"#
        ));
        let backup = log.extra_info.unwrap().backup.unwrap();
        assert_eq!(backup.incremental, expected, "{value}");
    }
    for value in [r#""yes""#, r#""TRUE""#, "1", "{}", r#""""#] {
        let err = refused(&one_log(&format!(
            r#","extra_info":{{"backup":{{"backup_id":"b","incremental":{value}}}}}"#
        )));
        assert_eq!(
            err.field(),
            Some("operation_logs[0].extra_info.backup.incremental"),
            "{value}: {err}"
        );
    }
}

#[test]
fn vault_delete_counters_read_under_either_name() {
    let counts = |members: &str| {
        let log = log_of(&format!(
            r#","extra_info":{{"vault_delete":{{{members}}}}}"#
        ));
        let counts = log.extra_info.unwrap().vault_delete.unwrap();
        (counts.fail_count, counts.total_count)
    };
    assert_eq!(
        counts(r#""fail_count":1,"total_count":5"#),
        (Some(1), Some(5))
    );
    assert_eq!(
        counts(r#""fail_delete_count":2,"total_delete_count":6"#),
        (Some(2), Some(6))
    );
    // Both pairs (the emulator's form): equal, and where they differ the `*_delete_count` wins.
    assert_eq!(
        counts(r#""fail_count":0,"total_count":1,"fail_delete_count":0,"total_delete_count":1"#),
        (Some(0), Some(1))
    );
    assert_eq!(
        counts(r#""total_delete_count":9,"fail_count":3,"total_count":1"#),
        (Some(3), Some(9))
    );
    assert_eq!(
        counts(r#""fail_delete_count":null,"fail_count":4"#),
        (Some(4), None)
    );
    assert_eq!(counts(""), (None, None));
    let err = refused(&one_log(
        r#","extra_info":{"vault_delete":{"total_count":-1}}"#,
    ));
    assert_eq!(
        err.field(),
        Some("operation_logs[0].extra_info.vault_delete.total_count")
    );
}

#[test]
fn reads_every_extra_info_block() {
    let log = log_of(
        r#","operation_type":"replication","extra_info":{
        "common":{"progress":7,"request_id":"req","task_id":null},
        "resource":{"id":"r","type":"OS::Workspace::DesktopV2","name":null,
            "extra_info":{"exclude_volumes":["v1","v2"],"include_volumes":[{"id":"v3","os_version":"Linux"},{"id":"v4"}]}},
        "delete":{"backup_id":"d","backup_name":null},
        "replication":{"source_backup_id":"sb","source_project_id":"sp","source_region":"cn-north-4",
            "destination_project_id":"dp","destination_region":"cn-east-3","source_checkpoint_id":"sc",
            "source_backup_name":"sn","destination_backup_id":"db","destination_checkpoint_id":"dc",
            "destination_backup_name":"dn"},
        "sync":{"sync_backup_num":3,"delete_backup_num":0,"err_sync_backup_num":null},
        "remove_resources":{"fail_count":0,"total_count":2,"resources":[
            {"id":"x","type":"OS::Cinder::Volume"},{"id":"y","type":"OS::Other","name":"n"}]},
        "backup":{"backup_id":"b","app_consistency_status":"1","app_consistency_error_code":"BackupService.7101",
            "app_consistency_error_message":"m"},
        "future_block":{"a":[1,2,{"b":null}]}}"#,
    );
    assert_eq!(log.operation_type, Some(OperationType::Replication));
    let extra = log.extra_info.unwrap();
    let common = extra.common.unwrap();
    assert_eq!(
        (common.progress, common.request_id.as_str(), common.task_id),
        (Some(7), "req", None)
    );
    let resource = extra.resource.unwrap();
    assert_eq!(resource.resource_type, ResourceType::WorkspaceDesktop);
    let volumes = resource.extra_info.unwrap();
    assert_eq!(volumes.exclude_volumes, ["v1", "v2"]);
    assert_eq!(volumes.include_volumes.len(), 2);
    assert_eq!(
        volumes.include_volumes[0].os_version.as_deref(),
        Some("Linux")
    );
    assert_eq!(volumes.include_volumes[1].id, "v4");
    let delete = extra.delete.unwrap();
    assert_eq!(
        (delete.backup_id.as_str(), delete.backup_name.as_str()),
        ("d", "")
    );
    let replication = extra.replication.unwrap();
    assert_eq!(replication.source_region, "cn-north-4");
    assert_eq!(replication.destination_region, "cn-east-3");
    assert_eq!(replication.destination_backup_name.as_deref(), Some("dn"));
    assert_eq!(replication.source_checkpoint_id.as_deref(), Some("sc"));
    let sync = extra.sync.unwrap();
    assert_eq!(
        (
            sync.sync_backup_num,
            sync.delete_backup_num,
            sync.err_sync_backup_num
        ),
        (Some(3), Some(0), None)
    );
    let removed = extra.remove_resources.unwrap();
    assert_eq!(removed.total_count, Some(2));
    assert_eq!(removed.resources[0].resource_type, ResourceType::Volume);
    assert_eq!(
        removed.resources[1].resource_type,
        ResourceType::Unknown("OS::Other".into())
    );
    let backup = extra.backup.unwrap();
    assert_eq!(backup.app_consistency_status.as_deref(), Some("1"));
    assert_eq!(
        backup.app_consistency_error_code.as_deref(),
        Some("BackupService.7101")
    );
    assert_eq!(backup.app_consistency_error_message.as_deref(), Some("m"));
}

#[test]
fn unknown_values_are_kept_and_optionals_may_be_null_or_absent() {
    let page = read_page(
        r#"{"count":1,"operation_logs":[{"id":"l","status":"paused","operation_type":"archive",
            "created_at":"2020-01-01T00:00:00","project_id":null,"started_at":null,"updated_at":null,
            "ended_at":null,"checkpoint_id":null,"policy_id":null,"provider_id":null,"vault_id":null,
            "vault_name":null,"error_info":null,"extra_info":null}],"limit":null,"offset":null}"#,
    )
    .unwrap();
    let log = &page.operation_logs[0];
    assert_eq!(log.status, OpLogStatus::Unknown("paused".into()));
    assert_eq!(
        log.operation_type,
        Some(OperationType::Unknown("archive".into()))
    );
    assert!(!log.status.is_known() && !log.status.is_active());
    let bare = log_of("");
    let nulls = OperationLog {
        status: OpLogStatus::Success,
        operation_type: None,
        ..log.clone()
    };
    assert_eq!(
        bare,
        OperationLog {
            id: "l".into(),
            ..nulls
        }
    );
    let empty_error = log_of(r#","error_info":{"code":null}"#);
    assert_eq!(empty_error.error_info, OpErrorInfo::default());
    assert_eq!(log_of(r#","extra_info":{}"#).progress(), None);
    let over = log_of(r#","extra_info":{"common":{"progress":150,"request_id":"r"}}"#);
    assert_eq!(over.progress(), Some(100));
}

#[test]
fn errors_name_the_field_path() {
    let log = |members: &str| {
        format!(r#"{{"id":"l","status":"success","created_at":"2020-01-01T00:00:00Z"{members}}}"#)
    };
    let good = log("");
    let bad = log(r#","extra_info":{"backup":{"backup_id":7}}"#);
    let body = format!(r#"{{"count":4,"operation_logs":[{good},{good},{good},{bad}]}}"#);
    let err = refused(&body);
    assert_eq!(
        err.field(),
        Some("operation_logs[3].extra_info.backup.backup_id")
    );
    assert!(
        err.to_string()
            .contains("expected a string, found a number"),
        "{err}"
    );
    let deep = one_log(
        r#","extra_info":{"remove_resources":{"resources":[{"id":"a","type":"t"},
        {"id":"b","type":"t","extra_info":{"include_volumes":[{"id":1}]}}]}}"#,
    );
    assert_eq!(
        refused(&deep).field(),
        Some("operation_logs[0].extra_info.remove_resources.resources[1].extra_info.include_volumes[0].id")
    );
    for (members, field) in [
        (r#","created_at":"x""#, "operation_logs[0].created_at"),
        (
            r#","ended_at":"2020-01-01T00:00:00+25:00""#,
            "operation_logs[0].ended_at",
        ),
        (r#","ended_at":1577836800"#, "operation_logs[0].ended_at"),
        (r#","vault_id":["v"]"#, "operation_logs[0].vault_id"),
        (r#","operation_type":1"#, "operation_logs[0].operation_type"),
        (r#","error_info":"none""#, "operation_logs[0].error_info"),
        (
            r#","error_info":{"code":0}"#,
            "operation_logs[0].error_info.code",
        ),
        (r#","extra_info":[]"#, "operation_logs[0].extra_info"),
        (
            r#","extra_info":{"common":{"progress":-1}}"#,
            "operation_logs[0].extra_info.common.progress",
        ),
        (
            r#","extra_info":{"common":{"progress":1.5}}"#,
            "operation_logs[0].extra_info.common.progress",
        ),
        (
            r#","extra_info":{"common":{"progress":"50"}}"#,
            "operation_logs[0].extra_info.common.progress",
        ),
        (
            r#","extra_info":{"sync":{"sync_backup_num":2147483648}}"#,
            "operation_logs[0].extra_info.sync.sync_backup_num",
        ),
        (
            r#","extra_info":{"resource":{"id":"r"}}"#,
            "operation_logs[0].extra_info.resource",
        ),
        (
            r#","extra_info":{"resource":{"id":"r","type":null}}"#,
            "operation_logs[0].extra_info.resource.type",
        ),
        (
            r#","extra_info":{"resource":{"id":"r","type":"t","extra_info":{"exclude_volumes":"v"}}}"#,
            "operation_logs[0].extra_info.resource.extra_info.exclude_volumes",
        ),
        (r#","id":"again""#, "operation_logs[0].id"),
    ] {
        let err = refused(&one_log(members));
        assert_eq!(err.field(), Some(field), "{members}: {err}");
    }
    let dup = refused(&one_log(r#","status":"failed""#));
    assert!(
        dup.to_string().contains("duplicate field `status`"),
        "{dup}"
    );
}

#[test]
fn required_members_are_required() {
    for (body, missing) in [
        (r#"{"operation_logs":[]}"#, "count"),
        (r#"{"count":0}"#, "operation_logs"),
        (
            r#"{"count":1,"operation_logs":[{"status":"success","created_at":"2020-01-01T00:00:00"}]}"#,
            "id",
        ),
        (
            r#"{"count":1,"operation_logs":[{"id":"a","created_at":"2020-01-01T00:00:00"}]}"#,
            "status",
        ),
        (
            r#"{"count":1,"operation_logs":[{"id":"a","status":"success"}]}"#,
            "created_at",
        ),
    ] {
        let err = refused(body);
        assert!(
            err.to_string()
                .contains(&format!("missing field `{missing}`")),
            "{body}: {err}"
        );
    }
    for null in ["id", "status", "created_at"] {
        let body = one_log("").replace(
            &format!("\"{null}\":\""),
            &format!("\"{null}\":null,\"x{null}\":\""),
        );
        assert_eq!(
            refused(&body).field(),
            Some(format!("operation_logs[0].{null}").as_str())
        );
    }
    for body in [
        r#"{"count":-1,"operation_logs":[]}"#,
        r#"{"count":null,"operation_logs":[]}"#,
        r#"{"count":1,"operation_logs":null}"#,
        r#"{"count":1,"operation_logs":{}}"#,
        r#"{"count":1,"operation_logs":[],"limit":-1}"#,
        r#"{"count":1,"operation_logs":[],"offset":"0"}"#,
    ] {
        refused(body);
    }
}

#[test]
fn hostile_bodies_are_decode_errors_not_panics() {
    let deep_array = format!("{}{}", "[".repeat(3000), "]".repeat(3000));
    let deep_object = format!("{}1{}", "{\"a\":".repeat(3000), "}".repeat(3000));
    let unclosed = "[".repeat(100_000);
    let bodies = [
        String::new(),
        " ".into(),
        "null".into(),
        "[]".into(),
        "<html><body>502 Bad Gateway</body></html>".into(),
        "\u{feff}{\"count\":0,\"operation_logs\":[]}".into(),
        r#"{"error_code":"BackupService.9900","error_msg":"Parameter verification failed."}"#
            .into(),
        format!(r#"{{"count":0,"operation_logs":{deep_array}}}"#),
        format!(r#"{{"count":0,"operation_logs":[],"x":{unclosed}"#),
        one_log(&format!(r#","extra_info":{deep_array}"#)),
        DOCUMENTED[..DOCUMENTED.len() / 2].to_owned(),
        COMPOSED[..COMPOSED.len() - 3].to_owned(),
        format!("{COMPOSED}x"),
        one_log(r#","vault_name":"\ud800""#),
    ];
    for body in &bodies {
        refused(body);
    }
    // Deep nesting in a member the reader skips is read past, iteratively.
    let skipped = log_of(&format!(r#","future":{deep_object},"more":{deep_array}"#));
    assert_eq!(skipped.id, "l");
    let truncations = (0..COMPOSED.len())
        .step_by(7)
        .filter(|&cut| read_page(&COMPOSED[..cut]).is_ok());
    assert_eq!(truncations.count(), 0, "no prefix of a body is a body");
}
