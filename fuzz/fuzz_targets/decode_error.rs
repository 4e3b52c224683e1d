//! Error-body reading (see `fuzz/checks.rs`).
#![no_main]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|input: (u16, &[u8])| checks::decode_error(input.0, input.1));
