//! Export of a filtered set of tasks as CSV (RFC 4180, spreadsheet-safe) or JSON.

use std::fmt::Write as _;

use serde::Serialize;
use time::Duration;

use vbs_tasks::core::cbr::{OpLogQuery, OperationLog};
use vbs_tasks::core::model::Task;
use vbs_tasks::core::taskrow::TaskRow;
use vbs_tasks::core::time::Timestamp;

/// The columns of the CSV export, in order.
pub const CSV_COLUMNS: [&str; 12] = [
    "job_id",
    "status",
    "created_at_utc",
    "finished_at_utc",
    "duration_s",
    "backup_name",
    "resource_id",
    "resource_type",
    "vbs_job_id",
    "code",
    "message",
    "policy_id",
];

/// The UTF-8 byte-order mark: spreadsheet programs need it to read 中文 as UTF-8.
pub const BOM: &str = "\u{feff}";

/// A duration in seconds with three decimals (`61.250`), from its whole milliseconds: exact, and
/// without Rust's float formatting (10 KB of the viewer's wasm).
fn seconds_text(duration: Duration) -> String {
    let sign = if duration.is_negative() { "-" } else { "" };
    let duration = duration.abs();
    format!(
        "{sign}{}.{:03}",
        duration.whole_seconds(),
        duration.subsec_milliseconds()
    )
}

/// A VBS task's row as the VBS model has it (the JSON export writes the API's own fields).
fn vbs_task(row: &TaskRow) -> Task {
    let mut task = Task::new(row.id.clone(), row.status.clone(), row.created_at);
    task.finished_at = row.ended_at;
    task.backup_name = row.backup_name.clone();
    task.resource_id = row.resource_id.clone();
    task.resource_type = row.resource_type.clone();
    task.vbs_job_id = row.sub_job_id.clone();
    task.message = row.message.clone();
    task.code = row.code.clone();
    task
}

/// Writes tasks as CSV: BOM, a header row, CRLF line ends, every field quoted, embedded quotes
/// doubled, and values that a spreadsheet would run as a formula neutralised.
pub fn to_csv<'a>(policy_id: &str, tasks: impl IntoIterator<Item = &'a TaskRow>) -> String {
    let mut out = String::from(BOM);
    write_row(&mut out, CSV_COLUMNS.iter().copied());
    for task in tasks {
        let duration = task.duration().map(seconds_text).unwrap_or_default();
        let stamp = |t: Option<Timestamp>| t.map(|t| t.to_api_string()).unwrap_or_default();
        write_row(
            &mut out,
            [
                task.id.as_str(),
                task.status.as_str(),
                &stamp(Some(task.created_at)),
                &stamp(task.ended_at),
                &duration,
                &task.backup_name,
                &task.resource_id,
                &task.resource_type,
                task.sub_job_id.as_deref().unwrap_or(""),
                task.code.as_deref().unwrap_or(""),
                task.message.as_deref().unwrap_or(""),
                policy_id,
            ],
        );
    }
    out
}

fn write_row<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (index, field) in fields.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        out.push('"');
        if starts_like_a_formula(field) {
            // A leading apostrophe makes spreadsheets show the text instead of evaluating it.
            out.push('\'');
        }
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    }
    out.push_str("\r\n");
}

/// `=`, `+`, `-`, `@`, tab and carriage return start formulas in common spreadsheets (OWASP).
fn starts_like_a_formula(field: &str) -> bool {
    field.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Writes tasks as JSON in the API's own field names, with what was exported and when.
pub fn to_json<'a>(
    policy_id: &str,
    filter: &str,
    exported_at: Timestamp,
    tasks: impl IntoIterator<Item = &'a TaskRow>,
) -> String {
    /// The document, fields in alphabetical order as before (a `json!` map sorted them). A struct
    /// and not `json!`: serde_json's `Value` map is a `BTreeMap`, 7 KB of wasm for one document.
    #[derive(Serialize)]
    struct Document<'a> {
        count: usize,
        exported_at: Timestamp,
        filter: &'a str,
        policy_id: &'a str,
        tasks: Vec<Task>,
    }
    let tasks: Vec<Task> = tasks.into_iter().map(vbs_task).collect();
    let document = Document {
        count: tasks.len(),
        exported_at,
        filter,
        policy_id,
        tasks,
    };
    // Serialising strings, numbers and tasks cannot fail.
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// The columns of the CBR export's CSV, in order: the API's fields, by their names.
pub const CBR_CSV_COLUMNS: [&str; 19] = [
    "id",
    "status",
    "operation_type",
    "created_at_utc",
    "started_at_utc",
    "ended_at_utc",
    "duration_s",
    "progress",
    "resource_id",
    "resource_name",
    "resource_type",
    "vault_id",
    "vault_name",
    "policy_id",
    "backup_name",
    "checkpoint_id",
    "task_id",
    "code",
    "message",
];

/// The text of an optional field; empty when it is not set.
fn text(value: Option<&String>) -> &str {
    value.map_or("", String::as_str)
}

/// Writes CBR tasks as CSV, as [`to_csv`] writes VBS tasks: the CBR fields in CBR's spelling
/// (`failed`, `OS::Cinder::Volume`), times in UTC, the duration from the task's start.
pub fn to_cbr_csv<'a>(logs: impl IntoIterator<Item = &'a OperationLog>) -> String {
    let mut out = String::from(BOM);
    write_row(&mut out, CBR_CSV_COLUMNS.iter().copied());
    for log in logs {
        let row = TaskRow::from(log);
        let stamp = |t: Option<Timestamp>| t.map(|t| t.to_api_string()).unwrap_or_default();
        let resource = log.resource();
        write_row(
            &mut out,
            [
                log.id.as_str(),
                log.status.as_str(),
                log.operation_type.as_ref().map_or("", |op| op.as_str()),
                &stamp(Some(log.created_at)),
                &stamp(log.started_at),
                &stamp(log.ended_at),
                &row.duration().map(seconds_text).unwrap_or_default(),
                &row.progress.map(|p| p.to_string()).unwrap_or_default(),
                resource.map_or("", |r| r.id.as_str()),
                text(resource.and_then(|r| r.name.as_ref())),
                resource.map_or("", |r| r.resource_type.as_str()),
                text(log.vault_id.as_ref()),
                text(log.vault_name.as_ref()),
                text(log.policy_id.as_ref()),
                &row.backup_name,
                text(log.checkpoint_id.as_ref()),
                text(row.sub_job_id.as_ref()),
                &log.error_info.code,
                &log.error_info.message,
            ],
        );
    }
    out
}

/// Writes CBR tasks as JSON, each operation log in the API's own form, with what was exported
/// (the filter's words and the API query that read it) and when.
pub fn to_cbr_json<'a>(
    filter: &str,
    query: &OpLogQuery,
    exported_at: Timestamp,
    logs: impl IntoIterator<Item = &'a OperationLog>,
) -> String {
    /// The document, fields in alphabetical order as the VBS export's.
    #[derive(Serialize)]
    struct Document<'a> {
        count: usize,
        exported_at: Timestamp,
        filter: &'a str,
        operation_logs: Vec<&'a OperationLog>,
        query: String,
    }
    let operation_logs: Vec<&OperationLog> = logs.into_iter().collect();
    let document = Document {
        count: operation_logs.len(),
        exported_at,
        filter,
        operation_logs,
        query: query.clone().first_page().to_query_string(),
    };
    // Serialising strings, numbers and logs cannot fail.
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// A file name that says what is in the file: `vbs-tasks_daily-volumes_EXECUTE_FAIL_20261127-0405.csv`.
pub fn file_name(policy_name: &str, filter: &str, at: Timestamp, extension: &str) -> String {
    let safe = |text: &str| -> String {
        let cleaned: String = text
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let trimmed = cleaned.trim_matches('-');
        trimmed.chars().take(60).collect()
    };
    let when = at.as_offset_date_time();
    let mut name = String::from("vbs-tasks");
    for part in [safe(policy_name), safe(filter)] {
        if !part.is_empty() {
            name.push('_');
            name.push_str(&part);
        }
    }
    let _ = write!(
        name,
        "_{:04}{:02}{:02}-{:02}{:02}.{extension}",
        when.year(),
        u8::from(when.month()),
        when.day(),
        when.hour(),
        when.minute()
    );
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use vbs_tasks::core::model::TaskStatus;

    fn task(job_id: &str, name: &str, message: Option<&str>) -> TaskRow {
        let mut task = Task::new(
            job_id,
            TaskStatus::ExecuteFail,
            Timestamp::parse("2026-11-01T02:00:00.5").unwrap(),
        );
        task.finished_at = Some(Timestamp::parse("2026-11-01T02:01:01.75").unwrap());
        task.backup_name = name.to_owned();
        task.message = message.map(str::to_owned);
        task.code = Some("VolumeBackup.0900".into());
        TaskRow::from(&task)
    }

    #[test]
    fn starts_with_a_bom_and_a_header_and_uses_crlf() {
        let csv = to_csv("p1", &[task("j1", "autobk_a61d", None)]);
        assert!(csv.starts_with("\u{feff}\"job_id\",\"status\","));
        let lines: Vec<&str> = csv.trim_start_matches(BOM).split("\r\n").collect();
        assert_eq!(lines.len(), 3, "{csv:?}"); // header, row, and the empty string after the last CRLF
        assert_eq!(
            lines[1],
            "\"j1\",\"EXECUTE_FAIL\",\"2026-11-01T02:00:00.500\",\"2026-11-01T02:01:01.750\",\"61.250\",\"autobk_a61d\",\"\",\"\",\"\",\"VolumeBackup.0900\",\"\",\"p1\""
        );
    }

    #[test]
    fn quotes_commas_and_newlines_survive() {
        let csv = to_csv(
            "p",
            &[task(
                "j",
                "a \"quoted\", name",
                Some("line one\nline two\r\nthree"),
            )],
        );
        assert!(csv.contains("\"a \"\"quoted\"\", name\""), "{csv}");
        assert!(csv.contains("\"line one\nline two\r\nthree\""), "{csv}");
        let parsed = parse_csv(csv.trim_start_matches(BOM));
        assert_eq!(parsed[1][5], "a \"quoted\", name");
        assert_eq!(parsed[1][10], "line one\nline two\r\nthree");
    }

    #[test]
    fn chinese_text_is_kept_as_utf8() {
        let csv = to_csv(
            "p",
            &[task(
                "j",
                "autobk_数据库_3f2a",
                Some("备份失败：磁盘快照超时"),
            )],
        );
        assert!(csv.contains("autobk_数据库_3f2a") && csv.contains("备份失败：磁盘快照超时"));
    }

    #[test]
    fn formula_starts_are_neutralised() {
        for evil in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tcmd",
            "\r=1",
        ] {
            let csv = to_csv("p", &[task("j", evil, None)]);
            let parsed = parse_csv(csv.trim_start_matches(BOM));
            assert_eq!(parsed[1][5], format!("'{evil}"), "{evil:?}");
        }
        let csv = to_csv("p", &[task("j", "plain-name", None)]);
        assert_eq!(parse_csv(csv.trim_start_matches(BOM))[1][5], "plain-name");
    }

    /// A strict RFC 4180 reader, to check the writer against an independent reading.
    fn parse_csv(text: &str) -> Vec<Vec<String>> {
        let mut rows = vec![];
        let mut row = vec![];
        let mut field = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(other) => field.push(other),
                        None => panic!("unterminated quote"),
                    }
                },
                ',' => row.push(std::mem::take(&mut field)),
                '\r' if chars.peek() == Some(&'\n') => {
                    chars.next();
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                other => panic!("unquoted character {other:?}"),
            }
        }
        rows
    }

    #[test]
    fn json_export_keeps_the_api_field_names() {
        let at = Timestamp::parse("2026-11-27T04:05:00").unwrap();
        let json = to_json(
            "p1",
            "status=EXECUTE_FAIL",
            at,
            &[task("j1", "n", Some("m"))],
        );
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["count"], 1);
        assert_eq!(value["tasks"][0]["job_id"], "j1");
        assert_eq!(value["tasks"][0]["finished_at"], "2026-11-01T02:01:01.750");
        assert_eq!(value["exported_at"], "2026-11-27T04:05:00.000");
    }

    #[test]
    fn file_names_say_what_and_when() {
        let at = Timestamp::parse("2026-11-27T04:05:59").unwrap();
        assert_eq!(
            file_name("daily-volumes", "EXECUTE_FAIL", at, "csv"),
            "vbs-tasks_daily-volumes_EXECUTE_FAIL_20261127-0405.csv"
        );
        assert_eq!(
            file_name("<img src=x>", "", at, "json"),
            "vbs-tasks_img-src-x_20261127-0405.json"
        );
        assert_eq!(
            file_name("每日备份", "all", at, "csv"),
            "vbs-tasks_每日备份_all_20261127-0405.csv"
        );
    }

    mod cbr {
        use vbs_tasks::core::cbr::{
            OpBackup, OpCommon, OpExtraInfo, OpLogStatus, OperationType, Resource, ResourceType,
        };

        use super::super::*;
        use super::parse_csv;

        fn failed_backup() -> OperationLog {
            let mut log = OperationLog::new(
                "l1",
                OpLogStatus::Failed,
                Timestamp::parse("2026-11-01T02:00:00").unwrap(),
            );
            log.operation_type = Some(OperationType::Backup);
            log.started_at = Some(Timestamp::parse("2026-11-01T02:00:10").unwrap());
            log.ended_at = Some(Timestamp::parse("2026-11-01T02:01:11.5").unwrap());
            log.vault_id = Some("v1".into());
            log.vault_name = Some("vault-daily".into());
            log.policy_id = Some("p1".into());
            log.checkpoint_id = Some("c1".into());
            log.error_info.code = "BackupService.7101".into();
            log.error_info.message = "=cmd, \"quoted\"".into();
            let mut resource = Resource::new("r1", ResourceType::Volume);
            resource.name = Some("disk-01".into());
            let mut backup = OpBackup::default();
            backup.backup_id = "b1".into();
            backup.backup_name = Some("autobk_1".into());
            let mut common = OpCommon::default();
            common.progress = Some(30);
            common.task_id = Some("t1".into());
            let mut extra = OpExtraInfo::default();
            extra.common = Some(common);
            extra.resource = Some(resource);
            extra.backup = Some(backup);
            log.extra_info = Some(extra);
            log
        }

        #[test]
        fn the_cbr_csv_carries_the_cbr_fields_in_cbr_spelling() {
            let csv = to_cbr_csv(&[failed_backup()]);
            assert!(csv.starts_with("\u{feff}\"id\",\"status\",\"operation_type\","));
            let parsed = parse_csv(csv.trim_start_matches(BOM));
            assert_eq!(parsed.len(), 2);
            assert_eq!(parsed[0].len(), CBR_CSV_COLUMNS.len());
            let field = |name: &str| {
                let at = CBR_CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
                parsed[1][at].clone()
            };
            assert_eq!(field("status"), "failed");
            assert_eq!(field("operation_type"), "backup");
            assert_eq!(field("created_at_utc"), "2026-11-01T02:00:00.000");
            assert_eq!(field("started_at_utc"), "2026-11-01T02:00:10.000");
            assert_eq!(field("duration_s"), "61.500", "from the start to the end");
            assert_eq!(field("progress"), "30");
            assert_eq!(field("resource_name"), "disk-01");
            assert_eq!(field("resource_type"), "OS::Cinder::Volume");
            assert_eq!(field("vault_name"), "vault-daily");
            assert_eq!(field("policy_id"), "p1");
            assert_eq!(field("backup_name"), "autobk_1");
            assert_eq!(field("checkpoint_id"), "c1");
            assert_eq!(field("task_id"), "t1");
            assert_eq!(field("code"), "BackupService.7101");
            assert_eq!(
                field("message"),
                "'=cmd, \"quoted\"",
                "a formula start is neutralised"
            );
            // A log with nothing optional leaves its cells empty.
            let bare = OperationLog::new(
                "l2",
                OpLogStatus::Unknown("paused".into()),
                Timestamp::parse("2026-11-01T02:00:00").unwrap(),
            );
            let parsed = parse_csv(to_cbr_csv(&[bare]).trim_start_matches(BOM));
            for (name, cell) in CBR_CSV_COLUMNS.iter().zip(&parsed[1]) {
                match *name {
                    "id" => assert_eq!(cell, "l2"),
                    "status" => assert_eq!(cell, "paused", "an unknown status as it came"),
                    "created_at_utc" => assert_eq!(cell, "2026-11-01T02:00:00.000"),
                    _ => assert_eq!(cell, "", "{name}"),
                }
            }
        }

        #[test]
        fn the_cbr_json_holds_each_log_in_the_api_s_form() {
            let at = Timestamp::parse("2026-11-27T04:05:00").unwrap();
            let query = OpLogQuery::new().status(OpLogStatus::Failed).limit(1000);
            let json = to_cbr_json("failed", &query, at, &[failed_backup()]);
            let value: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(value["count"], 1);
            assert_eq!(value["filter"], "failed");
            assert_eq!(value["query"], "limit=1000&status=failed");
            assert_eq!(value["exported_at"], "2026-11-27T04:05:00.000");
            let log = &value["operation_logs"][0];
            assert_eq!(log["id"], "l1");
            assert_eq!(log["status"], "failed");
            assert_eq!(log["error_info"]["code"], "BackupService.7101");
            assert_eq!(log["extra_info"]["backup"]["backup_name"], "autobk_1");
            assert_eq!(log["extra_info"]["resource"]["type"], "OS::Cinder::Volume");
            // What the API wrote can be read back as the API's answer.
            let page = format!("{{\"count\":1,\"operation_logs\":[{log}]}}");
            let read = vbs_tasks::core::cbr::OpLogPage::from_json(page.as_bytes()).unwrap();
            assert_eq!(read.operation_logs[0], failed_backup());
        }
    }
}
