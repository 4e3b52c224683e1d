//! Signer canonicalisation (see `fuzz/checks.rs`).
#![no_main]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(
    |input: (&str, Vec<(String, String)>)| checks::sign_canonical(input.0, &input.1)
);
