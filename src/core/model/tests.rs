use super::*;
use crate::core::error::ErrorKind;

#[test]
fn quoted_values_read_as_debug_quotes_them() {
    for value in [
        "",
        "RUNNING",
        "say \"hi\" \\ bye",
        "tab\tline\nreturn\r nul\0",
        "escape \u{1b}[31m, delete \u{7f}, next line \u{85}",
        "备份策略 café 🙂 …",
    ] {
        assert_eq!(Quoted(value).to_string(), format!("{value:?}"));
    }
}

const SPEC_SAMPLE: &str = r#"{
  "tasks": [
    {"status": "RUNNING", "job_id": "0781095c-b8ab-4ce5-99f3-4c5f6ff75319",
     "created_at": "2016-12-03T06:24:34.467", "backup_name": "autobk_a61d",
     "resource_id": "f47a4ab5-11f5-4509-97f5-80ce0dd74e37", "resource_type": "volume"},
    {"status": "EXECUTE_SUCCESS", "job_id": "c11b5a18-4559-4731-b7b3-58e2bd89cdb9",
     "created_at": "2016-12-02T09:06:46.706", "finished_at": "2016-12-02T13:00:00.121",
     "backup_name": "autobk_e6d2", "resource_id": "f47a4ab5-11f5-4509-97f5-80ce0dd74e37",
     "resource_type": "volume"}
  ],
  "count": 2
}"#;

#[test]
fn decodes_the_spec_sample() {
    let page = TaskPage::from_json(SPEC_SAMPLE.as_bytes()).unwrap();
    assert_eq!(page.count, 2);
    assert_eq!(page.tasks.len(), 2);
    let running = &page.tasks[0];
    assert_eq!(running.status, TaskStatus::Running);
    assert_eq!(running.job_id, "0781095c-b8ab-4ce5-99f3-4c5f6ff75319");
    assert_eq!(running.finished_at, None);
    assert_eq!(running.duration(), None);
    assert_eq!(running.backup_name, "autobk_a61d");
    assert_eq!(running.resource_type, "volume");
    let done = &page.tasks[1];
    assert_eq!(done.status, TaskStatus::ExecuteSuccess);
    assert_eq!(
        done.finished_at.unwrap().to_api_string(),
        "2016-12-02T13:00:00.121"
    );
    assert_eq!(done.duration().unwrap().whole_milliseconds(), 13_993_415);
}

#[test]
fn keeps_an_unknown_status_as_sent() {
    let body = r#"{"count":1,"tasks":[{"status":"EXECUTE_PARTIAL","job_id":"j","created_at":"2020-01-01T00:00:00"}]}"#;
    let page = TaskPage::from_json(body.as_bytes()).unwrap();
    assert_eq!(
        page.tasks[0].status,
        TaskStatus::Unknown("EXECUTE_PARTIAL".into())
    );
    assert_eq!(page.tasks[0].status.as_str(), "EXECUTE_PARTIAL");
    assert!(!page.tasks[0].status.is_known());
}

#[test]
fn every_known_status_round_trips_its_wire_value() {
    for status in TaskStatus::KNOWN {
        assert_eq!(TaskStatus::from_wire(status.as_str()), status);
        assert_eq!(status.as_str().parse::<TaskStatus>().unwrap(), status);
        let json = serde_json::to_string(&status).unwrap();
        assert_eq!(serde_json::from_str::<TaskStatus>(&json).unwrap(), status);
    }
    assert!("running".parse::<TaskStatus>().is_err());
    assert_eq!(
        "BOGUS".parse::<TaskStatus>().unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
}

#[test]
fn optional_fields_may_be_missing_or_null() {
    let body = r#"{"count":1,"tasks":[{"status":"EXECUTE_FAIL","job_id":"j","created_at":"2020-01-01T00:00:00",
        "finished_at":null,"backup_name":null,"resource_id":null,"vbs_job_id":null,"message":null,"code":null}]}"#;
    let task = &TaskPage::from_json(body.as_bytes()).unwrap().tasks[0];
    assert_eq!(task.finished_at, None);
    assert_eq!(task.backup_name, "");
    assert_eq!(task.resource_id, "");
    assert_eq!(task.resource_type, "");
    assert_eq!(task.vbs_job_id, None);
    assert_eq!(task.message, None);
}

#[test]
fn failure_fields_are_read() {
    let body = r#"{"count":1,"tasks":[{"status":"EXECUTE_FAIL","job_id":"j","created_at":"2020-01-01T00:00:00",
        "finished_at":"2020-01-01T00:05:00.5","vbs_job_id":"v1","message":"backup failed","code":"VolumeBackup.0900"}]}"#;
    let task = &TaskPage::from_json(body.as_bytes()).unwrap().tasks[0];
    assert!(task.status.is_failure());
    assert_eq!(task.code.as_deref(), Some("VolumeBackup.0900"));
    assert_eq!(task.message.as_deref(), Some("backup failed"));
    assert_eq!(task.vbs_job_id.as_deref(), Some("v1"));
}

fn decode_error(body: &str) -> Error {
    let err = TaskPage::from_json(body.as_bytes()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    err
}

#[test]
fn a_bad_timestamp_is_a_decode_error_naming_the_field() {
    let err = decode_error(
        r#"{"count":2,"tasks":[{"status":"SKIP","job_id":"a","created_at":"2020-01-01T00:00:00"},
        {"status":"SKIP","job_id":"b","created_at":"2020-01-01T00:00:00","finished_at":"yesterday"}]}"#,
    );
    assert_eq!(err.field(), Some("tasks[1].finished_at"));
    assert!(err.to_string().contains("tasks[1].finished_at"), "{err}");
    assert!(err.to_string().contains("\"yesterday\""), "{err}");
}

#[test]
fn required_fields_and_types_are_checked() {
    assert!(decode_error(r#"{"count":1}"#).to_string().contains("tasks"));
    assert!(decode_error(r#"{"tasks":[]}"#)
        .to_string()
        .contains("count"));
    assert_eq!(
        decode_error(r#"{"count":-1,"tasks":[]}"#).field(),
        Some("count")
    );
    assert_eq!(
        decode_error(r#"{"count":"2","tasks":[]}"#).field(),
        Some("count")
    );
    assert_eq!(
        decode_error(r#"{"count":1e40,"tasks":[]}"#).field(),
        Some("count")
    );
    assert_eq!(
        decode_error(
            r#"{"count":1,"tasks":[{"status":"SKIP","created_at":"2020-01-01T00:00:00"}]}"#
        )
        .field(),
        Some("tasks[0]")
    );
    assert_eq!(
        decode_error(r#"{"count":1,"tasks":[{"status":null,"job_id":"a","created_at":"2020-01-01T00:00:00"}]}"#)
            .field(),
        Some("tasks[0].status")
    );
    assert_eq!(
        decode_error(r#"{"count":1,"tasks":null}"#).field(),
        Some("tasks")
    );
    assert_eq!(
        decode_error(r#"{"count":1,"tasks":[7]}"#).field(),
        Some("tasks[0]")
    );
}

#[test]
fn a_body_that_is_not_utf8_names_where_it_breaks() {
    let mut body = br#"{"count":1,"tasks":[{"job_id":"ab"#.to_vec();
    body.extend_from_slice(b"\xff\"}]}");
    let err = TaskPage::from_json(&body).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert_eq!(err.field(), Some("tasks[0].job_id"));
    assert!(err.to_string().contains("not UTF-8"), "{err}");
}

#[test]
fn malformed_json_is_a_decode_error() {
    for body in [
        "",
        "{",
        "<html><body>502 Bad Gateway</body></html>",
        "null",
        "[]",
        r#"{"count":1,"tasks":[]} trailing"#,
    ] {
        decode_error(body);
    }
}

#[test]
fn invalid_utf8_is_a_decode_error() {
    let err = TaskPage::from_json(b"{\"count\":1,\"tasks\":[{\"job_id\":\"\xff\"}]}").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
}

#[test]
fn decodes_the_policy_list_with_the_api_spellings() {
    let body = r#"{"backup_policies":[{"backup_policy_id":"p1","backup_policy_name":"daily",
        "policy_resource_count":3,"scheduled_policy":{"start_time":"12:00","frequency":1,
        "rentention_num":7,"rentention_day":null,"remain_first_backup_of_curMonth":"Y","status":"ON"}},
        {"backup_policy_id":"p2","backup_policy_name":"weekly","policy_resource_count":0,
        "scheduled_policy":{"start_time":"02:00","week_frequency":["MON","THU"],"status":"OFF"}}]}"#;
    let list = PolicyList::from_json(body.as_bytes()).unwrap();
    let p1 = &list.backup_policies[0];
    assert_eq!(
        (p1.id.as_str(), p1.name.as_str(), p1.resource_count),
        ("p1", "daily", 3)
    );
    assert_eq!(p1.schedule.retention_num, Some(7));
    assert_eq!(p1.schedule.retention_day, None);
    assert_eq!(
        p1.schedule.remain_first_backup_of_cur_month.as_deref(),
        Some("Y")
    );
    assert!(p1.schedule.is_on());
    let p2 = &list.backup_policies[1];
    assert_eq!(p2.schedule.week_frequency, ["MON", "THU"]);
    assert!(!p2.schedule.is_on());
    let again = serde_json::to_string(&list).unwrap();
    assert!(again.contains("\"rentention_num\":7"));
    assert_eq!(PolicyList::from_json(again.as_bytes()).unwrap(), list);
}

#[test]
fn a_page_round_trips_through_the_wire_form() {
    let page = TaskPage::from_json(SPEC_SAMPLE.as_bytes()).unwrap();
    let json = serde_json::to_vec(&page).unwrap();
    assert!(!String::from_utf8_lossy(&json).contains("finished_at\":null"));
    assert_eq!(TaskPage::from_json(&json).unwrap(), page);
}
