//! Export of a filtered set of tasks as CSV (RFC 4180, spreadsheet-safe) or JSON.

use std::fmt::Write as _;

use serde::Serialize;
use time::Duration;

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
}
