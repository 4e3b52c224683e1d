//! The properties the fuzz targets check, one function per target. Shared by the libFuzzer targets
//! (`fuzz/fuzz_targets/`, `cargo +nightly fuzz run <target>`) and by `tests/fuzz_corpus.rs`, which
//! replays the committed minimised corpus (`fuzz/corpus/<target>/`) in every `cargo test`.

use vbs_tasks::core::sign::{canonical_query, canonical_uri};
use vbs_tasks::{
    ApiPath, CbrPolicyList, Error, OpLogPage, OperationLog, PolicyList, TaskPage, TaskQuery,
    TaskRow, VaultList,
};

/// Response decoding: any body either decodes or is a decode error; what decodes encodes again and
/// decodes to the same page. The readers (`src/core/read/`) agree with serde_json and the derived
/// `Deserialize` of `TaskPage` and `PolicyList` on every body: the same value, or both refuse it
/// (serde alone also reads a struct written as an array, which the readers refuse on purpose).
pub fn decode_page(body: &[u8]) {
    let serde_page = std::str::from_utf8(body)
        .ok()
        .and_then(|text| serde_json::from_str::<TaskPage>(text).ok());
    match TaskPage::from_json(body) {
        Ok(page) => {
            assert_eq!(
                Some(&page),
                serde_page.as_ref(),
                "serde_json reads the same page"
            );
            let again = serde_json::to_vec(&page).expect("a decoded page encodes");
            assert_eq!(TaskPage::from_json(&again).expect("re-decodes"), page);
        }
        Err(err) => {
            assert!(err.is_decode(), "{err}");
            assert!(
                serde_page.is_none() || has_array_form_struct(body),
                "serde_json reads a body the page reader refuses: {err}"
            );
        }
    }
    let serde_list = std::str::from_utf8(body)
        .ok()
        .and_then(|text| serde_json::from_str::<PolicyList>(text).ok());
    match PolicyList::from_json(body) {
        Ok(list) => assert_eq!(
            Some(&list),
            serde_list.as_ref(),
            "serde_json reads the same list"
        ),
        Err(err) => {
            assert!(err.is_decode(), "{err}");
            assert!(
                serde_list.is_none() || has_array_form_struct(body),
                "serde_json reads a body the policy reader refuses: {err}"
            );
        }
    }
}

/// CBR response decoding: any body either decodes or is a decode error, as a page (ListOpLogs), as
/// one log (ShowOpLog), as a vault list and as a policy list; what decodes is JSON (serde_json reads it, unless it nests deeper than
/// serde_json's recursion limit, which the reader skips past iteratively), each of its logs maps to
/// a task row with a duration that is never negative and a progress of at most 100, and decoding
/// again gives the same value.
///
/// "Is JSON" is serde_json's grammar check (`IgnoredAny`), not a `Value`: a `Value` also refuses
/// numbers beyond `f64` (`2147e483648`), which JSON allows and the readers skip in members they
/// do not know.
pub fn decode_cbr(body: &[u8]) {
    let is_json = || match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        Ok(_) => true,
        Err(err) => err.to_string().contains("recursion limit"),
    };
    match OpLogPage::from_json(body) {
        Ok(page) => {
            assert!(is_json(), "the CBR page reader accepts what is not JSON");
            for log in &page.operation_logs {
                let row = TaskRow::from(log);
                assert!(row.duration().is_none_or(|d| !d.is_negative()));
                assert!(row.progress.is_none_or(|p| p <= 100));
                assert_eq!(row.id, log.id);
            }
            assert_eq!(OpLogPage::from_json(body).expect("decodes again"), page);
        }
        Err(err) => assert!(err.is_decode(), "{err}"),
    }
    match OperationLog::from_json(body) {
        Ok(log) => {
            assert!(is_json(), "the CBR log reader accepts what is not JSON");
            let row = TaskRow::from(&log);
            assert_eq!(row.status, log.status.to_task_status());
        }
        Err(err) => assert!(err.is_decode(), "{err}"),
    }
    match VaultList::from_json(body) {
        Ok(_) => assert!(is_json(), "the vault list reader accepts what is not JSON"),
        Err(err) => assert!(err.is_decode(), "{err}"),
    }
    match CbrPolicyList::from_json(body) {
        Ok(_) => assert!(is_json(), "the CBR policy reader accepts what is not JSON"),
        Err(err) => assert!(err.is_decode(), "{err}"),
    }
}

/// Whether a struct of the body (the page or list, a task, a policy, a schedule) is written as a
/// JSON array (serde's sequence form of a struct). Bodies nested too deep for `serde_json::Value`
/// count as such: the readers and the derived decoders both skip unknown fields at any depth, so
/// such a body is only checked one way.
fn has_array_form_struct(body: &[u8]) -> bool {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Array(_)) | Err(_) => true,
        Ok(body) => {
            let items = |key: &str| body[key].as_array().into_iter().flatten();
            items("tasks").any(serde_json::Value::is_array)
                || items("backup_policies")
                    .any(|policy| policy.is_array() || policy["scheduled_policy"].is_array())
        }
    }
}

/// Error-body reading: any status and body give an HTTP error that keeps the status and whose text
/// is one bounded line.
pub fn decode_error(status: u16, body: &[u8]) {
    let err = Error::from_response(status, body);
    assert_eq!(err.status(), Some(status));
    let shown = err.to_string();
    assert!(shown.chars().count() < 1500);
    assert!(!shown.chars().any(char::is_control));
}

/// Query and path parsing (what the emulator and proxy read from the network): never a panic, and
/// whatever parses writes back to a string that parses to the same value.
pub fn query(raw: &str) {
    if let Ok(query) = TaskQuery::from_query_str(raw) {
        let written = query.to_query_string();
        assert_eq!(
            TaskQuery::from_query_str(&written).expect("re-parses"),
            query
        );
    }
    if let Some(path) = ApiPath::parse(raw) {
        assert_eq!(ApiPath::parse(&path.to_path()), Some(path));
    }
}

/// Signer canonicalisation: any path and pairs canonicalise without panicking, the canonical query
/// ignores pair order, and only unreserved characters and %XX escapes are left.
pub fn sign_canonical(path: &str, pairs: &[(String, String)]) {
    let uri = canonical_uri(path);
    assert!(uri.ends_with('/'));
    let canonical = canonical_query(pairs);
    let mut reversed = pairs.to_vec();
    reversed.reverse();
    assert_eq!(canonical_query(&reversed), canonical);
    assert!(canonical
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.~%=&".contains(&b)));
}
