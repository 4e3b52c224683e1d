//! Replays the committed, minimised fuzz corpus (`fuzz/corpus/<target>/`, see RELIABILITY.md)
//! through the same property checks the libFuzzer targets run (`fuzz/checks.rs`), so every
//! `cargo test` re-proves what the 10-million-run fuzzing found, without nightly or cargo-fuzz.
//! Structured inputs are rebuilt from the bytes the way libfuzzer-sys does
//! (`Arbitrary::arbitrary_take_rest`). Native only: the corpus is read from disk.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

use arbitrary::{Arbitrary, Unstructured};

/// Every input of a target's corpus; fails if the corpus is missing or empty.
fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let inputs: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| std::fs::read(entry.expect("a corpus entry").path()).expect("a corpus file"))
        .collect();
    assert!(
        inputs.len() >= 20,
        "{} holds only {} inputs",
        dir.display(),
        inputs.len()
    );
    inputs
}

/// The input libfuzzer-sys gives a target taking `T`, if the bytes make one.
fn structured<'a, T: Arbitrary<'a>>(bytes: &'a [u8]) -> Option<T> {
    T::arbitrary_take_rest(Unstructured::new(bytes)).ok()
}

#[test]
fn decode_page_corpus_holds_its_properties() {
    let inputs = corpus("decode_page");
    for body in &inputs {
        checks::decode_page(body);
    }
    // The corpus reaches real pages, not only rejections (seeded from the hostile cases and the
    // emulator).
    let decoded = inputs
        .iter()
        .filter(|body| {
            vbs_tasks::TaskPage::from_json(body).is_ok_and(|page| !page.tasks.is_empty())
        })
        .count();
    assert!(
        decoded >= 10,
        "only {decoded} inputs decode to a page with tasks"
    );
}

#[test]
fn decode_cbr_corpus_holds_its_properties() {
    let inputs = corpus("decode_cbr");
    for body in &inputs {
        checks::decode_cbr(body);
    }
    // Seeded from the contract's examples and the hostile CBR cases: real pages among them.
    let decoded = inputs
        .iter()
        .filter(|body| {
            vbs_tasks::OpLogPage::from_json(body).is_ok_and(|page| !page.operation_logs.is_empty())
        })
        .count();
    assert!(
        decoded >= 10,
        "only {decoded} inputs decode to a page with logs"
    );
}

#[test]
fn decode_error_corpus_holds_its_properties() {
    for bytes in corpus("decode_error") {
        if let Some((status, body)) = structured::<(u16, &[u8])>(&bytes) {
            checks::decode_error(status, body);
        }
    }
}

#[test]
fn query_corpus_holds_its_properties() {
    for bytes in corpus("query") {
        if let Some(raw) = structured::<&str>(&bytes) {
            checks::query(raw);
        }
    }
}

#[test]
fn sign_canonical_corpus_holds_its_properties() {
    for bytes in corpus("sign_canonical") {
        if let Some((path, pairs)) = structured::<(&str, Vec<(String, String)>)>(&bytes) {
            checks::sign_canonical(path, &pairs);
        }
    }
}
