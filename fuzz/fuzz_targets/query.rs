//! Query and path parsing (see `fuzz/checks.rs`).
#![no_main]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|raw: &str| checks::query(raw));
