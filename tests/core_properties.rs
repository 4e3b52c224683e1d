//! Property tests of the core: what must hold for every input, not just the examples.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use vbs_tasks::core::sign::canonical_query;
use vbs_tasks::{Error, SortDir, TaskPage, TaskQuery, TaskStatus, Timestamp};

fn any_status() -> impl Strategy<Value = TaskStatus> {
    prop::sample::select(TaskStatus::KNOWN.to_vec())
}

/// Any text a user might type, including spaces, `&`, `=`, `+`, `%`, `/`, quotes and non-ASCII.
fn any_text() -> impl Strategy<Value = String> {
    "[ -~é中文\u{1F600}]{1,40}".prop_filter("not blank", |s| !s.trim().is_empty())
}

fn any_query() -> impl Strategy<Value = TaskQuery> {
    (
        proptest::option::of(any_status()),
        proptest::option::of(any_text()),
        proptest::option::of(prop::bool::ANY),
        proptest::option::of(1u32..=5000),
        prop_oneof![
            Just(None),
            (0u64..1_000_000).prop_map(|o| Some((o, None))),
            any_text().prop_map(|m| Some((0, Some(m))))
        ],
    )
        .prop_map(|(status, job_id, asc, limit, paging)| {
            let mut query = TaskQuery::new();
            if let Some(status) = status {
                query = query.status(status);
            }
            if let Some(job_id) = job_id {
                query = query.job_id(job_id);
            }
            if let Some(asc) = asc {
                query = query.sort_dir(if asc { SortDir::Asc } else { SortDir::Desc });
            }
            if let Some(limit) = limit {
                query = query.limit(limit);
            }
            match paging {
                Some((offset, None)) => query.offset(offset),
                Some((_, Some(marker))) => query.marker(marker),
                None => query,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// What a client writes, the server reads back exactly (the emulator parses with this).
    #[test]
    fn a_query_string_reads_back_as_the_same_query(query in any_query()) {
        query.validate().unwrap();
        let text = query.to_query_string();
        prop_assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%=&".contains(&b)), "{}", text);
        prop_assert_eq!(TaskQuery::from_query_str(&text).unwrap(), query);
    }

    /// The canonical query is sorted and does not depend on the order the pairs came in.
    #[test]
    fn canonical_query_is_sorted_and_order_independent(
        pairs in prop::collection::vec((any_text(), any_text()), 0..8),
        seed in any::<u64>(),
    ) {
        let canonical = canonical_query(&pairs);
        let mut shuffled = pairs.clone();
        // a deterministic permutation from the seed
        let len = shuffled.len();
        for i in (1..len).rev() {
            shuffled.swap(i, (seed as usize).wrapping_mul(i + 7) % (i + 1));
        }
        prop_assert_eq!(canonical_query(&shuffled), canonical.clone());
        let parts: Vec<&str> = if canonical.is_empty() { vec![] } else { canonical.split('&').collect() };
        prop_assert_eq!(parts.len(), pairs.len());
        let decoded: Vec<(String, String)> = parts
            .iter()
            .map(|part| {
                let (k, v) = part.split_once('=').unwrap();
                let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8().unwrap().into_owned();
                (decode(k), decode(v))
            })
            .collect();
        let mut sorted = pairs.clone();
        sorted.sort();
        prop_assert_eq!(decoded, sorted);
    }

    /// Any instant with millisecond precision survives the API's timestamp form.
    #[test]
    fn timestamps_round_trip(millis in -62_135_596_800_000i64..253_402_300_799_000) {
        let t = Timestamp::from_unix_millis(millis).unwrap();
        prop_assert_eq!(t.unix_millis(), millis);
        prop_assert_eq!(Timestamp::parse(&t.to_api_string()).unwrap(), t);
    }

    /// Any text in any field (quotes, backslashes, control characters, emoji) survives the wire:
    /// what serde_json writes, the page reader reads back exactly, compact or pretty.
    #[test]
    fn any_task_text_reads_back_exactly(
        texts in prop::collection::vec("(?s).{0,24}", 7),
        status in "[A-Z_]{1,16}",
        millis in 0i64..4_102_444_800_000,
        pretty in any::<bool>(),
    ) {
        let at = Timestamp::from_unix_millis(millis).unwrap();
        let mut task = vbs_tasks::Task::new(texts[0].clone(), TaskStatus::from_wire(&status), at);
        task.finished_at = Some(at);
        task.backup_name = texts[1].clone();
        task.resource_id = texts[2].clone();
        task.resource_type = texts[3].clone();
        task.vbs_job_id = Some(texts[4].clone());
        task.message = Some(texts[5].clone());
        task.code = Some(texts[6].clone());
        let page = TaskPage::new(1, vec![task]);
        let body = if pretty { serde_json::to_vec_pretty(&page) } else { serde_json::to_vec(&page) }.unwrap();
        prop_assert_eq!(TaskPage::from_json(&body).unwrap(), page);
    }

    /// No body, however broken, makes decoding panic; a failure is a decode error.
    #[test]
    fn decoding_never_panics(body in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Err(err) = TaskPage::from_json(&body) {
            prop_assert!(err.is_decode());
        }
    }

    /// Near-miss JSON (valid pages with a field broken) gives a decode error naming a field.
    #[test]
    fn a_broken_field_is_named(field in prop::sample::select(vec!["job_id", "status", "created_at", "finished_at", "count"]), junk in prop_oneof![Just("null".to_owned()), Just("12".to_owned()), Just("[]".to_owned()), Just("\"x\"".to_owned())]) {
        let mut task = serde_json::json!({"job_id": "j", "status": "SKIP", "created_at": "2020-01-01T00:00:00", "finished_at": "2020-01-01T00:00:01"});
        let mut page = serde_json::json!({"count": 1});
        let junk: serde_json::Value = serde_json::from_str(&junk).unwrap();
        if field == "count" { page["count"] = junk.clone() } else { task[field] = junk.clone() }
        page["tasks"] = serde_json::json!([task]);
        let body = serde_json::to_vec(&page).unwrap();
        match TaskPage::from_json(&body) {
            Ok(decoded) => {
                // Valid replacements: a null finished_at, any string as status or job_id, a whole-number count.
                let acceptable = (field == "finished_at" && junk.is_null())
                    || ((field == "status" || field == "job_id") && junk.is_string())
                    || (field == "count" && junk.is_u64());
                prop_assert!(acceptable, "{} = {} accepted: {:?}", field, junk, decoded);
            }
            Err(err) => {
                prop_assert!(err.is_decode());
                prop_assert!(err.field().unwrap_or("").contains(field) || field == "job_id" || err.field() == Some("tasks[0]"), "{}: {}", field, err);
            }
        }
    }

    /// Whatever an error body holds, the error keeps the status and a bounded, one-line text.
    #[test]
    fn error_bodies_never_panic_and_stay_bounded(status in 400u16..600, body in prop::collection::vec(any::<u8>(), 0..5000)) {
        let err = Error::from_response(status, &body);
        prop_assert_eq!(err.status(), Some(status));
        let shown = err.to_string();
        prop_assert!(shown.chars().count() < 1000);
        prop_assert!(!shown.chars().any(|c| c.is_control()));
    }
}
