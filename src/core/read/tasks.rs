//! The tasks body (`{"count": …, "tasks": [ … ]}`), the one large body: 10,000 tasks are 3 MB.

use super::{read_body, Reader};
use crate::core::error::Error;
use crate::core::model::{Task, TaskPage, TaskStatus};
use crate::core::time::Timestamp;

/// Decodes a tasks body that is already known to be UTF-8.
pub(crate) fn read_page(text: &str) -> Result<TaskPage, Error> {
    read_body(text, page)
}

const PAGE_FIELDS: [&str; 2] = ["count", "tasks"];

/// A task's fields as the wire names them; the first [`REQUIRED_TASK_FIELDS`] are required.
const TASK_FIELDS: [&str; 10] = [
    "job_id",
    "status",
    "created_at",
    "finished_at",
    "backup_name",
    "resource_id",
    "resource_type",
    "vbs_job_id",
    "message",
    "code",
];
const REQUIRED_TASK_FIELDS: usize = 3;

fn page(reader: &mut Reader<'_>) -> Result<TaskPage, Error> {
    let mut page = TaskPage::new(0, Vec::new());
    let seen = reader.members("the page object", &PAGE_FIELDS, |reader, field| {
        if field == 0 {
            page.count = reader.whole_number("a whole number of tasks", u64::MAX)?;
        } else {
            // A task takes ~300 bytes of the body: room for what is left of it at 256 bytes a
            // task saves growing the vector (and copying it) a dozen times for a large page.
            let capacity = (reader.text.len() - reader.at) / 256;
            page.tasks = reader.array_of("an array of tasks", capacity, task)?;
        }
        Ok(())
    })?;
    reader.require(seen, &PAGE_FIELDS, PAGE_FIELDS.len())?;
    Ok(page)
}

fn task(reader: &mut Reader<'_>) -> Result<Task, Error> {
    let mut task = Task::new(String::new(), TaskStatus::Skip, Timestamp::UNIX_EPOCH);
    // The same rules as the derived `Deserialize`: the first three fields are required; `null` is
    // empty for the text fields that default, absent for the optional ones.
    let seen = reader.members("a task object", &TASK_FIELDS, |reader, field| {
        task_member(&mut task, reader, field)
    })?;
    reader.require(seen, &TASK_FIELDS, REQUIRED_TASK_FIELDS)?;
    Ok(task)
}

/// Reads the value of the task's member `TASK_FIELDS[field]` into `task`.
fn task_member(task: &mut Task, reader: &mut Reader<'_>, field: usize) -> Result<(), Error> {
    match field {
        0 => task.job_id = reader.text()?,
        1 => task.status = TaskStatus::from_wire(&reader.string_value()?),
        2 => task.created_at = timestamp(reader)?,
        3 => task.finished_at = reader.or_null(timestamp)?,
        4 => task.backup_name = reader.or_null(Reader::text)?.unwrap_or_default(),
        5 => task.resource_id = reader.or_null(Reader::text)?.unwrap_or_default(),
        6 => task.resource_type = reader.or_null(Reader::text)?.unwrap_or_default(),
        7 => task.vbs_job_id = reader.or_null(Reader::text)?,
        8 => task.message = reader.or_null(Reader::text)?,
        _ => task.code = reader.or_null(Reader::text)?,
    }
    Ok(())
}

/// A VBS time: zone-less UTC (a trailing `Z` tolerated).
fn timestamp(reader: &mut Reader<'_>) -> Result<Timestamp, Error> {
    reader.timestamp(Timestamp::parse)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::read::reference;

    const TASK: &str = r#"{"job_id":"j","status":"SKIP","created_at":"2020-01-01T00:00:00"}"#;

    fn same_as_serde(text: &str) -> TaskPage {
        reference::same_as_serde(text, read_page)
    }

    fn refused(text: &str) -> Error {
        reference::refused(text, read_page)
    }

    #[test]
    fn reads_escapes_as_serde_does() {
        let page = same_as_serde(
            r#" { "count" : 1 , "tasks" : [ { "job\u005fid" : "a\"b\\c\/d\n\t\u00e9\ud83d\ude00" ,
                "status":"SKIP","created_at":"2020-01-01T00:00:00","message":"x\u0000y" } ] } "#,
        );
        assert_eq!(page.tasks[0].job_id, "a\"b\\c/d\n\té😀");
        assert_eq!(page.tasks[0].message.as_deref(), Some("x\0y"));
    }

    #[test]
    fn skips_unknown_fields_of_any_shape_and_depth() {
        let deep = format!("{}1{}", "[".repeat(500), "]".repeat(500));
        let body = format!(
            r#"{{"x":{{"a":[1,-2.5e+3,true,false,null,"\ud800 lone in a skipped string",{{}},[]]}},
              "count":1,"tasks":[{{"extra":{deep},"job_id":"j","status":"SKIP",
              "created_at":"2020-01-01T00:00:00","n":0.5E-1}}],"y":"z"}}"#
        );
        assert_eq!(same_as_serde(&body).tasks[0].job_id, "j");
    }

    #[test]
    fn keys_that_only_begin_like_the_expected_one_are_other_keys() {
        // The reader matches the key it expects on the text itself: a longer or shorter key, or
        // one cut off by the end of the body, must not pass for it.
        let page = same_as_serde(
            r#"{"count":1,"tasks":[{"job_idx":1,"job_i":2,"job_id":"j","statu":3,"status":"SKIP",
                "status_":4,"created_at":"2020-01-01T00:00:00","finished_atZ":"x"}]}"#,
        );
        assert_eq!(page.tasks[0].job_id, "j");
        assert_eq!(page.tasks[0].finished_at, None);
        for cut in [
            r#"{"count":1,"tasks":[{"job_id"#,
            r#"{"count":1,"tasks":[{"job_id""#,
            r#"{"cou"#,
        ] {
            refused(cut);
        }
    }

    #[test]
    fn timestamps_read_in_place_or_as_strings_alike() {
        // The plain layout is read in place; anything else (escapes, an odd ending) goes through
        // the string, and must read as serde reads it or be refused as serde refuses it.
        let body = |created: &str| {
            format!(
                r#"{{"count":1,"tasks":[{{"job_id":"j","status":"SKIP","created_at":"{created}"}}]}}"#
            )
        };
        let plain = same_as_serde(&body("2020-02-29T23:59:59.123456789Z"));
        // `\u005A` is the `Z`, escaped: not the plain layout, so it goes through the string.
        let escaped = same_as_serde(&body(r"2020-02-29T23:59:59.123456789\u005A"));
        assert!(Timestamp::read_quoted(br#"2020-02-29T23:59:59.123456789\u005A""#).is_none());
        assert!(Timestamp::read_quoted(br#"2020-02-29T23:59:59.123456789Z""#).is_some());
        assert_eq!(plain.tasks[0].created_at, escaped.tasks[0].created_at);
        assert_eq!(
            plain.tasks[0].created_at.to_api_string(),
            "2020-02-29T23:59:59.123456789"
        );
        for bad in [
            "2020-02-29T23:59:59x",
            "2021-02-29T00:00:00",
            "2020-01-01T00:00:00.1234567890",
            "2020-01-01T00:00:00Z ",
            r"2020-01-01T00:00:00
",
        ] {
            let err = refused(&body(bad));
            assert_eq!(err.field(), Some("tasks[0].created_at"), "{bad}");
        }
    }

    #[test]
    fn nulls_and_missing_optionals_read_as_serde_does() {
        let page = same_as_serde(
            r#"{"tasks":[{"job_id":"j","status":"X","created_at":"2020-01-01T00:00:00Z","finished_at":null,
                "backup_name":null,"resource_id":"r","vbs_job_id":null,"code":"C"}],"count":18446744073709551615}"#,
        );
        let task = &page.tasks[0];
        assert_eq!(page.count, u64::MAX);
        assert_eq!(task.status, TaskStatus::Unknown("X".into()));
        assert_eq!((task.finished_at, task.backup_name.as_str()), (None, ""));
        assert_eq!(
            (task.vbs_job_id.as_deref(), task.code.as_deref()),
            (None, Some("C"))
        );
    }

    #[test]
    fn errors_name_the_field_and_where_it_is() {
        let at = |text: &str| refused(text).field().map(str::to_owned);
        let body = format!("{{\"count\":2,\"tasks\":[{TASK},\n{{\"job_id\":7}}]}}");
        let err = refused(&body);
        assert_eq!(err.field(), Some("tasks[1].job_id"));
        assert!(err.to_string().contains("line 2 column 11"), "{err}");
        assert!(
            err.to_string()
                .contains("expected a string, found a number"),
            "{err}"
        );
        assert_eq!(
            at(&format!(
                r#"{{"count":1,"tasks":[{TASK},{TASK}],"count":1}}"#
            ))
            .as_deref(),
            Some("count")
        );
        let dup = r#"{"count":1,"tasks":[{"job_id":"a","job_id":"b"}]}"#;
        assert!(refused(dup)
            .to_string()
            .contains("duplicate field `job_id`"));
        let missing = r#"{"count":1,"tasks":[{"job_id":"a","status":"SKIP"}]}"#;
        assert_eq!(at(missing).as_deref(), Some("tasks[0]"));
        assert!(refused(missing)
            .to_string()
            .contains("missing field `created_at`"));
        assert_eq!(at(r#"{"tasks":[]}"#).as_deref(), Some("."));
        assert_eq!(at(r#"{"count":01,"tasks":[]}"#).as_deref(), Some("count"));
        assert_eq!(at(r#"{"count":1.0,"tasks":[]}"#).as_deref(), Some("count"));
        assert_eq!(at(r#"{"count":-0,"tasks":[]}"#).as_deref(), Some("count"));
        assert_eq!(
            at(r#"{"count":18446744073709551616,"tasks":[]}"#).as_deref(),
            Some("count")
        );
        let bad_time = r#"{"count":1,"tasks":[{"job_id":"a","status":"SKIP","created_at":"2020-13-01T00:00:00"}]}"#;
        assert_eq!(at(bad_time).as_deref(), Some("tasks[0].created_at"));
    }

    #[test]
    fn refuses_what_serde_refuses() {
        for body in [
            "",
            " ",
            "{",
            "{\"count\":1,\"tasks\":[]",
            "{\"count\":1,\"tasks\":[],}",
            "{\"count\":1,\"tasks\":[,]}",
            "{\"count\":1,\"tasks\":[]}x",
            "{\"count\":1,\"tasks\":[] \"a\":1}",
            "{count:1,\"tasks\":[]}",
            "{\"count\":1,\"tasks\":[],\"x\":[1,]}",
            "{\"count\":1,\"tasks\":[],\"x\":{\"a\":1,}}",
            "{\"count\":1,\"tasks\":[],\"x\":tru}",
            "{\"count\":1,\"tasks\":[],\"x\":-}",
            "{\"count\":1,\"tasks\":[],\"x\":1.}",
            "{\"count\":1,\"tasks\":[],\"x\":1e}",
            "{\"count\":1,\"tasks\":[],\"x\":\"\\x\"}",
            "{\"count\":1,\"tasks\":[],\"x\":\"\\u12\"}",
            "{\"count\":1,\"tasks\":[],\"x\":\"a\u{1}b\"}",
            "{\"count\":1,\"tasks\":[{\"job_id\":\"\\ud800\",\"status\":\"S\",\"created_at\":\"2020-01-01T00:00:00\"}]}",
            "{\"count\":1,\"tasks\":[{\"job_id\":\"\\udc00\",\"status\":\"S\",\"created_at\":\"2020-01-01T00:00:00\"}]}",
            "{\"count\":1,\"tasks\":[{\"job_id\":\"a\",\"status\":null,\"created_at\":\"2020-01-01T00:00:00\"}]}",
            "{\"count\":1,\"tasks\":{}}",
            "[]",
            "\u{feff}{\"count\":0,\"tasks\":[]}",
        ] {
            refused(body);
        }
    }

    #[test]
    fn a_struct_written_as_an_array_is_refused_on_purpose() {
        // serde reads a struct from an array of its fields in order; the API never sends one.
        let body = r#"{"count":1,"tasks":[["j","SKIP","2020-01-01T00:00:00"]]}"#;
        assert!(serde_json::from_str::<TaskPage>(body).is_ok());
        assert_eq!(read_page(body).unwrap_err().field(), Some("tasks[0]"));
    }
}
