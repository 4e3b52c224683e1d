//! CBR response decoding (see `fuzz/checks.rs`).
#![no_main]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|body: &[u8]| checks::decode_cbr(body));
