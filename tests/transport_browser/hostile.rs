//! Hostile responses (tests/hostile/cases.json, also read natively by tests/hostile_corpus.rs):
//! each gives its documented outcome, and the module survives.
//! Part of the `transport_browser` test binary (declared in `transport_browser.rs`, which says how to run it).

use vbs_tasks::{ErrorKind, TaskQuery};

use super::*;

/// The hostile-response corpus (tests/hostile/cases.json, also checked natively) served by the
/// emulator's fault script to the real transport: each gives its documented outcome, no response
/// panics the module, and the client works normally afterwards.
#[wasm_bindgen_test]
async fn every_hostile_response_gives_its_documented_outcome_and_the_module_survives() {
    let corpus: serde_json::Value =
        serde_json::from_str(include_str!("../hostile/cases.json")).expect("the corpus reads");
    let cases = corpus["cases"].as_array().expect("cases");
    assert!(cases.len() >= 30);
    let policy = own_policy("hostile");
    let script: Vec<serde_json::Value> = cases
        .iter()
        .map(|case| {
            let mut step = json!({"status": case["status"], "content_type": case["content_type"]});
            for key in ["body", "body_base64"] {
                if !case[key].is_null() {
                    step[key] = case[key].clone();
                }
            }
            step
        })
        .collect();
    // One plan per case keeps each POST under the server's 64 KiB body limit.
    clear_faults().await;
    for step in script {
        add_faults(json!({"policy_id": policy, "script": [step]})).await;
    }
    // One attempt each: a retried 502/503 would consume the next case's scripted answer.
    let client = client().attempts(1);
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let expect = &case["expect"];
        let outcome = client.list_tasks(&policy, &TaskQuery::new()).await;
        match (expect["kind"].as_str(), outcome) {
            (Some("ok"), Ok(page)) => {
                assert_eq!(Some(page.count), expect["count"].as_u64(), "{name}");
                if let Some(status) = expect["first_status"].as_str() {
                    assert_eq!(page.tasks[0].status.as_str(), status, "{name}");
                }
            }
            (Some("decode"), Err(err)) => {
                assert_eq!(err.kind(), ErrorKind::Decode, "{name}: {err}");
                if let Some(field) = expect["field"].as_str() {
                    assert_eq!(err.field(), Some(field), "{name}: {err}");
                }
            }
            (Some("http"), Err(err)) => {
                assert_eq!(err.kind(), ErrorKind::Http, "{name}: {err}");
                assert_eq!(
                    err.status().map(u64::from),
                    expect["status"].as_u64(),
                    "{name}: {err}"
                );
                assert_eq!(err.code(), expect["code"].as_str(), "{name}: {err}");
            }
            (kind, other) => panic!("{name}: expected {kind:?}, got {other:?}"),
        }
    }
    clear_faults().await;
    let policies = client
        .list_policies()
        .await
        .expect("the module still works");
    assert_eq!(policies.len(), 6);
}
