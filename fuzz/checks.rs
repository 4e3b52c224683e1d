//! The properties the fuzz targets check, one function per target. Shared by the libFuzzer targets
//! (`fuzz/fuzz_targets/`, `cargo +nightly fuzz run <target>`) and by `tests/fuzz_corpus.rs`, which
//! replays the committed minimised corpus (`fuzz/corpus/<target>/`) in every `cargo test`.

use vbs_tasks::core::sign::{canonical_query, canonical_uri};
use vbs_tasks::{ApiPath, Error, PolicyList, TaskPage, TaskQuery};

/// Response decoding: any body either decodes or is a decode error; what decodes encodes again and
/// decodes to the same page.
pub fn decode_page(body: &[u8]) {
    match TaskPage::from_json(body) {
        Ok(page) => {
            let again = serde_json::to_vec(&page).expect("a decoded page encodes");
            assert_eq!(TaskPage::from_json(&again).expect("re-decodes"), page);
        }
        Err(err) => assert!(err.is_decode(), "{err}"),
    }
    if let Err(err) = PolicyList::from_json(body) {
        assert!(err.is_decode(), "{err}");
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
