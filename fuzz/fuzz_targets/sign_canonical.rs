//! Signer canonicalisation: any path and pairs canonicalise without panicking, the canonical query
//! ignores pair order, and only unreserved characters and %XX escapes are left.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vbs_tasks::core::sign::{canonical_query, canonical_uri};

fuzz_target!(|input: (&str, Vec<(String, String)>)| {
    let (path, pairs) = input;
    let uri = canonical_uri(path);
    assert!(uri.ends_with('/'));
    let canonical = canonical_query(&pairs);
    let mut reversed = pairs.clone();
    reversed.reverse();
    assert_eq!(canonical_query(&reversed), canonical);
    assert!(canonical
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.~%=&".contains(&b)));
});
