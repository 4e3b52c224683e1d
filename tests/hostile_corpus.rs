//! The hostile-response corpus (tests/hostile/cases.json) through the core: each body gives its
//! documented outcome, never a panic. The same corpus goes through the browser transport in
//! tests/transport_browser.rs. The CBR corpus (tests/hostile/cbr-cases.json, same format) goes
//! through the CBR decoder.
#![cfg(not(target_arch = "wasm32"))]

use base64::Engine as _;
use serde::Deserialize;
use vbs_tasks::{Error, OpLogPage, TaskPage};

#[derive(Deserialize)]
struct Corpus {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    status: u16,
    body: Option<String>,
    body_base64: Option<String>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Expect {
    Ok {
        count: u64,
        first_status: Option<String>,
    },
    Decode {
        field: Option<String>,
    },
    Http {
        status: u16,
        code: Option<String>,
    },
}

fn body(case: &Case) -> Vec<u8> {
    match (&case.body, &case.body_base64) {
        (Some(text), _) => text.clone().into_bytes(),
        (None, Some(encoded)) => base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .expect("base64"),
        (None, None) => Vec::new(),
    }
}

/// What a 2xx body decodes to, as the corpus checks it: the count and the first item's status.
type Decoded = Result<(u64, Option<String>), Error>;

#[test]
fn every_hostile_response_gives_its_documented_outcome() {
    run(include_str!("hostile/cases.json"), 30, |body| {
        TaskPage::from_json(body)
            .map(|page| (page.count, page.tasks.first().map(|t| t.status.to_string())))
    });
}

#[test]
fn every_hostile_cbr_response_gives_its_documented_outcome() {
    run(include_str!("hostile/cbr-cases.json"), 30, |body| {
        OpLogPage::from_json(body).map(|page| {
            let first = page.operation_logs.first();
            (page.count, first.map(|log| log.status.to_string()))
        })
    });
}

fn run(corpus: &str, min_cases: usize, decode: impl Fn(&[u8]) -> Decoded) {
    let corpus: Corpus = serde_json::from_str(corpus).expect("the corpus reads");
    assert!(
        corpus.cases.len() >= min_cases,
        "the corpus keeps at least {min_cases} cases"
    );
    for case in &corpus.cases {
        let body = body(case);
        let outcome: Decoded = if (200..300).contains(&case.status) {
            decode(&body)
        } else {
            Err(Error::from_response(case.status, &body))
        };
        let name = &case.name;
        match (&case.expect, outcome) {
            (
                Expect::Ok {
                    count,
                    first_status,
                },
                Ok((page_count, page_first_status)),
            ) => {
                assert_eq!(page_count, *count, "{name}");
                if let Some(status) = first_status {
                    assert_eq!(
                        page_first_status.as_deref(),
                        Some(status.as_str()),
                        "{name}"
                    );
                }
            }
            (Expect::Decode { field }, Err(err)) => {
                assert!(err.is_decode(), "{name}: {err}");
                if let Some(field) = field {
                    assert_eq!(err.field(), Some(field.as_str()), "{name}: {err}");
                }
                assert!(
                    err.to_string().chars().count() < 600,
                    "{name}: error text is bounded"
                );
            }
            (Expect::Http { status, code }, Err(err)) => {
                assert_eq!(err.status(), Some(*status), "{name}: {err}");
                assert_eq!(err.code(), code.as_deref(), "{name}: {err}");
                assert!(
                    err.to_string().chars().count() < 600,
                    "{name}: error text is bounded"
                );
            }
            (_, other) => panic!("{name}: unexpected outcome {other:?}"),
        }
    }
}
