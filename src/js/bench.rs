//! Benchmark-only entry points (feature `bench`, never in the published package), for
//! `scripts/bench-browser`: decoding a response body without a fetch, and `listTasks` with each
//! of the two ways a page can be handed to JavaScript.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::core::model::TaskPage;

use super::VbsClient;

#[wasm_bindgen]
impl VbsClient {
    /// `listTasks`, the page handed over through serde-wasm-bindgen (`convert.rs`).
    #[wasm_bindgen(js_name = benchListTasksSerde)]
    pub fn bench_list_tasks_serde(&self, policy_id: JsValue, options: JsValue) -> Promise {
        self.list_tasks_as(&policy_id, &options, super::convert::page)
    }

    /// `listTasks`, the page handed over packed and built by `bench/unpack.js` (`packed.rs`).
    #[wasm_bindgen(js_name = benchListTasksPacked)]
    pub fn bench_list_tasks_packed(&self, policy_id: JsValue, options: JsValue) -> Promise {
        self.list_tasks_as(&policy_id, &options, |page| Ok(super::packed::page(page)))
    }
}

/// Decodes a tasks response (the text a `fetch` would give) into a [`TaskPage`] and returns its
/// number of tasks: the wasm decode alone, nothing crosses back to JavaScript but a number.
#[wasm_bindgen(js_name = benchDecodePage)]
pub fn bench_decode_page(text: &str) -> Result<u32, JsValue> {
    let page =
        TaskPage::from_json(text.as_bytes()).map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(page.tasks.len() as u32)
}

/// Same with the body as bytes (a `Uint8Array`, as `response.arrayBuffer()` gives): no UTF-16 →
/// UTF-8 transcoding on the way in, only a copy into wasm memory.
#[wasm_bindgen(js_name = benchDecodePageBytes)]
pub fn bench_decode_page_bytes(body: &[u8]) -> Result<u32, JsValue> {
    let page = TaskPage::from_json(body).map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(page.tasks.len() as u32)
}

/// Decodes the text and converts the page into JavaScript objects (`{ count, tasks }` with
/// `Date`s), exactly what `listTasks` resolves to, minus the network.
#[wasm_bindgen(js_name = benchDecodeToJs)]
pub fn bench_decode_to_js(text: &str) -> Result<JsValue, JsValue> {
    let page =
        TaskPage::from_json(text.as_bytes()).map_err(|e| JsValue::from_str(&e.to_string()))?;
    super::convert::page(&page).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// The same, the page handed over packed (`packed.rs`).
#[wasm_bindgen(js_name = benchDecodeToJsPacked)]
pub fn bench_decode_to_js_packed(text: &str) -> Result<JsValue, JsValue> {
    let page =
        TaskPage::from_json(text.as_bytes()).map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(super::packed::page(&page))
}

/// Where the decode's time goes, 1: only the JSON scan (serde_json into `IgnoredAny`: no strings,
/// timestamps or structs built).
#[wasm_bindgen(js_name = benchScanOnly)]
pub fn bench_scan_only(body: &[u8]) -> Result<u32, JsValue> {
    serde_json::from_slice::<serde::de::IgnoredAny>(body)
        .map(|_| 0)
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

/// Where the decode's time goes, 2: only the UTF-8 check that `TaskPage::from_json` makes of the
/// whole body before it reads it (with the copy into wasm memory, as every case from bytes).
#[wasm_bindgen(js_name = benchUtf8Only)]
pub fn bench_utf8_only(body: &[u8]) -> Result<u32, JsValue> {
    std::str::from_utf8(body)
        .map(|text| text.len() as u32)
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

/// For comparison: `TaskPage` with serde_json and its derived `Deserialize`, straight from the
/// bytes (`TaskPage::from_json` checks the UTF-8 once and reads the text with `core::read::tasks`).
#[wasm_bindgen(js_name = benchDecodeFromSlice)]
pub fn bench_decode_from_slice(body: &[u8]) -> Result<u32, JsValue> {
    serde_json::from_slice::<TaskPage>(body)
        .map(|page| page.tasks.len() as u32)
        .map_err(|e| JsValue::from_str(&e.to_string()))
}
