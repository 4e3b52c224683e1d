//! Aborts and what must not panic: a signal aborted (with any value) ends a call or a stream,
//! a `fetch` that misbehaves is a network error, and dropping a stream or a call aborts its request.
//! Part of the `transport_browser` test binary (declared in `transport_browser.rs`, which says how to run it).

use futures::future::{self, Either};
use futures::StreamExt;
use vbs_tasks::transport::{Paging, RequestOptions};
use vbs_tasks::{ErrorKind, TaskQuery};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use web_sys::AbortController;

use super::*;

#[wasm_bindgen_test]
async fn aborting_the_signal_ends_the_call() {
    let id = own_policy("abort");
    set_faults(json!({"policy_id": id, "script": [{"delay_ms": 3000}]})).await;
    let controller = AbortController::new().expect("AbortController");
    let options = RequestOptions::new().signal(controller.signal());
    let abort = controller.clone();
    wasm_bindgen_futures::spawn_local(async move {
        sleep_ms(200).await;
        abort.abort();
    });
    let started = now_ms();
    let err = client()
        .list_tasks_with(&id, &TaskQuery::new(), &options)
        .await
        .expect_err("aborted");
    let elapsed = now_ms() - started;
    assert_eq!(err.kind(), ErrorKind::Aborted, "{err}");
    assert!(!err.is_retryable());
    assert!((150.0..2_000.0).contains(&elapsed), "took {elapsed} ms");
    // An already aborted signal fails at once, and sends nothing (a request would be a
    // network error here).
    let err = Client::new(DEAD_ENDPOINT, PROJECT)
        .list_policies_with(&options)
        .await
        .expect_err("aborted before");
    assert_eq!(err.kind(), ErrorKind::Aborted, "{err}");
    clear_faults().await;
}

/// A caller's signal aborted with any value — a string, `undefined`, `null`, an object, an
/// `Error`, a number — ends the call, and a stream, as `Aborted`, and the module keeps working. The
/// signal is only watched, never handed to `fetch`, and each attempt's own controller aborts
/// without a reason: `controller.abort("…")` on a signal given to fetch would make it reject with
/// the plain string, and a transport that assumed an Error (gloo-net 0.7's `send` does) would
/// panic and take the whole module down.
#[wasm_bindgen_test]
async fn aborting_with_any_value_is_an_aborted_error_not_a_panic() {
    let id = own_policy("abort-reason");
    let reasons: Vec<(&str, JsValue)> = vec![
        ("a string", JsValue::from_str("user cancelled")),
        ("undefined", JsValue::UNDEFINED),
        ("null", JsValue::NULL),
        ("an object", js_sys::Object::new().into()),
        ("an Error", js_sys::Error::new("stop").into()),
        ("a number", JsValue::from_f64(7.0)),
    ];
    let delayed: Vec<_> = reasons
        .iter()
        .flat_map(|_| [json!({"delay_ms": 3000}), json!({"delay_ms": 3000})])
        .collect();
    set_faults(json!({"policy_id": id, "script": delayed})).await;
    for (what, reason) in reasons {
        // During the call.
        let controller = AbortController::new().expect("AbortController");
        let options = RequestOptions::new().signal(controller.signal());
        let abort = controller.clone();
        let value = reason.clone();
        wasm_bindgen_futures::spawn_local(async move {
            sleep_ms(200).await;
            abort.abort_with_reason(&value);
        });
        let err = client()
            .list_tasks_with(&id, &TaskQuery::new(), &options)
            .await
            .expect_err(what);
        assert_eq!(err.kind(), ErrorKind::Aborted, "{what}: {err}");
        // Already aborted: fails at once, and sends nothing (a request would be a network error).
        let err = Client::new(DEAD_ENDPOINT, PROJECT)
            .list_policies_with(&options)
            .await
            .expect_err(what);
        assert_eq!(err.kind(), ErrorKind::Aborted, "{what}: {err}");
        // A stream whose page is in flight.
        let controller = AbortController::new().expect("AbortController");
        let mut pages = client().pages_with(
            &id,
            &TaskQuery::new(),
            Paging::Offset,
            RequestOptions::new().signal(controller.signal()),
        );
        let abort = controller.clone();
        wasm_bindgen_futures::spawn_local(async move {
            sleep_ms(200).await;
            abort.abort_with_reason(&reason);
        });
        let err = pages.next().await.expect("an item").expect_err(what);
        assert_eq!(err.kind(), ErrorKind::Aborted, "{what}: {err}");
        assert!(pages.next().await.is_none(), "{what}: the stream ends");
    }
    clear_faults().await;
    // The module is alive: the next call works.
    assert!(!client()
        .list_policies()
        .await
        .expect("still works")
        .is_empty());
}

#[wasm_bindgen(inline_js = r#"
let realFetch;
export function stubFetch(kind) {
  realFetch = realFetch || globalThis.fetch;
  const stubs = {
    missing: undefined,
    throws: () => { throw "no fetch today"; },
    rejectsWithAString: () => Promise.reject("refused with a string"),
    notAResponse: () => Promise.resolve({ status: 200 }),
    notAPromise: () => 42,
    bodyRejectsWithAString: () => {
      const response = new Response("{}");
      response.arrayBuffer = () => Promise.reject("cut short");
      return Promise.resolve(response);
    },
    bodyStreamErrors: () =>
      Promise.resolve(new Response(new ReadableStream({ start(c) { c.error("cut short"); } }))),
  };
  globalThis.fetch = stubs[kind];
}
export function restoreFetch() {
  if (realFetch) globalThis.fetch = realFetch;
}
"#)]
extern "C" {
    /// Replaces the page's `fetch` with a stub that misbehaves in the way `kind` names.
    #[wasm_bindgen(js_name = stubFetch)]
    fn stub_fetch(kind: &str);
    /// Puts the page's own `fetch` back.
    #[wasm_bindgen(js_name = restoreFetch)]
    fn restore_fetch();
}

/// Why the transport sends and reads the body itself instead of through gloo-net 0.7's `send` and
/// `binary`: each of these `fetch`es would make them panic (or throw through the wasm), which kills
/// the module. Here each is a network error saying what happened, and the module keeps working.
#[wasm_bindgen_test]
async fn a_fetch_that_misbehaves_is_a_network_error_not_a_panic() {
    let client = client().attempts(1);
    for (kind, says) in [
        ("missing", "has no global fetch"),
        ("throws", "no fetch today"),
        ("rejectsWithAString", "refused with a string"),
        ("notAResponse", "not a Response"),
        ("notAPromise", "not a Response"),
        (
            "bodyRejectsWithAString",
            "while reading the body: cut short",
        ),
        ("bodyStreamErrors", "while reading the body"),
    ] {
        stub_fetch(kind);
        let outcome = client.list_policies().await;
        restore_fetch();
        let err = outcome.expect_err(kind);
        assert_eq!(err.kind(), ErrorKind::Network, "{kind}: {err}");
        assert!(err.to_string().contains(says), "{kind}: {err}");
    }
    assert!(!client
        .list_policies()
        .await
        .expect("still works")
        .is_empty());
}

#[wasm_bindgen_test]
async fn aborting_the_signal_mid_stream_ends_the_stream() {
    let id = policy_id("weekly-database").await;
    set_faults(json!({"policy_id": id, "script": [{"delay_ms": 0}, {"delay_ms": 3000}]})).await;
    let controller = AbortController::new().expect("AbortController");
    let mut pages = client().pages_with(
        &id,
        &TaskQuery::new().limit(100),
        Paging::Offset,
        RequestOptions::new().signal(controller.signal()),
    );
    let first = pages.next().await.expect("a page").expect("first page");
    assert_eq!(first.tasks.len(), 100);
    let abort = controller.clone();
    wasm_bindgen_futures::spawn_local(async move {
        sleep_ms(200).await;
        abort.abort();
    });
    let started = now_ms();
    let err = pages.next().await.expect("an item").expect_err("aborted");
    assert_eq!(err.kind(), ErrorKind::Aborted, "{err}");
    assert!(now_ms() - started < 2_000.0);
    assert!(
        pages.next().await.is_none(),
        "the stream ends after its error"
    );
    clear_faults().await;
}

/// Chromium opens at most 6 HTTP/1.1 connections per host. Six requests that are *not* aborted
/// would hold them all for the injected delay, and a seventh request would wait for it.
const CONNECTIONS_PER_HOST: usize = 6;

/// After `count` held requests were dropped, a fresh request to the same server must not wait.
async fn assert_connections_were_freed(what: &str) {
    let started = now_ms();
    client()
        .attempts(1)
        .list_policies()
        .await
        .expect("fresh request");
    let elapsed = now_ms() - started;
    assert!(
        elapsed < 3_000.0,
        "a fresh request waited {elapsed} ms: the {what} kept their connections (not aborted)"
    );
}

#[wasm_bindgen_test]
async fn dropping_a_stream_mid_walk_aborts_its_request() {
    let id = policy_id("<img src=x onerror=alert(1)>").await;
    let mut script = Vec::new();
    for _ in 0..CONNECTIONS_PER_HOST {
        script.push(json!({"delay_ms": 0}));
        script.push(json!({"delay_ms": 8000}));
    }
    set_faults(json!({"policy_id": id, "script": script})).await;
    let client = client().attempts(1);
    let mut streams = Vec::new();
    for _ in 0..CONNECTIONS_PER_HOST {
        let mut pages = client.pages(&id, &TaskQuery::new().limit(5), Paging::Offset);
        let first = pages.next().await.expect("a page").expect("first page");
        assert_eq!(first.tasks.len(), 5);
        // Start the second page, and leave it in flight.
        match future::select(pages.next(), Box::pin(sleep_ms(300))).await {
            Either::Left((item, _)) => panic!("the delayed page came early: {item:?}"),
            Either::Right(((), _)) => {}
        }
        streams.push(pages);
    }
    drop(streams);
    assert_connections_were_freed("dropped streams").await;
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn dropping_a_call_aborts_its_request() {
    let id = own_policy("drop-call");
    let script: Vec<_> = (0..CONNECTIONS_PER_HOST)
        .map(|_| json!({"delay_ms": 8000}))
        .collect();
    set_faults(json!({"policy_id": id, "script": script})).await;
    let client = client().attempts(1);
    let query = TaskQuery::new();
    let mut calls = Vec::new();
    for _ in 0..CONNECTIONS_PER_HOST {
        let mut call = Box::pin(client.list_tasks(&id, &query));
        match future::select(call.as_mut(), Box::pin(sleep_ms(200))).await {
            Either::Left((result, _)) => panic!("the delayed call came early: {result:?}"),
            Either::Right(((), _)) => {}
        }
        calls.push(call);
    }
    drop(calls);
    assert_connections_were_freed("dropped calls").await;
    clear_faults().await;
}
