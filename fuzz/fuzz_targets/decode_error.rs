//! Error-body reading: any status and body give an HTTP error that keeps the status and whose text
//! is one bounded line.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vbs_tasks::Error;

fuzz_target!(|input: (u16, &[u8])| {
    let (status, body) = input;
    let err = Error::from_response(status, body);
    assert_eq!(err.status(), Some(status));
    let shown = err.to_string();
    assert!(shown.chars().count() < 1500);
    assert!(!shown.chars().any(char::is_control));
});
