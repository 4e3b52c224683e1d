// Measures 1 and 2 of issue 7, in one page, baseline and subject interleaved.
// The bench build of the package (VBS_NPM_BENCH=1 scripts/build-npm → target/bench-pkg/) is served
// at /pkg/ by bench/run.mjs; /data/tasks-10000.json and the API path serve the same 10,000-task body.
import init, * as wasm from "/pkg/vbs_tasks.js";
const { VbsClient, benchDecodePage, benchDecodePageBytes, benchDecodeToJs } = wasm;
import { install } from "/pkg/vbs.js";
import { mapPage, sample } from "./common.js";

await init({ module_or_path: new URL("/pkg/vbs_tasks_bg.wasm", import.meta.url) });
install();

const log = (line) => { document.getElementById("log").textContent += line + "\n"; };

/** Measure 1: decode a 10,000-task text, wasm `TaskPage` vs `JSON.parse`, plus decode into JS objects. */
window.benchDecode = async ({ runs, warmup }) => {
  const text = await (await fetch("/data/tasks-10000.json", { cache: "no-store" })).text();
  const bytes = new TextEncoder().encode(text);
  const cases = [
    { name: "json_parse", fn: () => JSON.parse(text).tasks.length },
    { name: "wasm_decode_text", fn: () => benchDecodePage(text) },
    { name: "wasm_decode_bytes", fn: () => benchDecodePageBytes(bytes) },
    { name: "js_parse_map", fn: () => mapPage(JSON.parse(text)).tasks.length },
    { name: "wasm_decode_to_js", fn: () => benchDecodeToJs(text).tasks.length },
  ];
  // Breakdown of the wasm decode, when the package has these exports (bench/run.mjs reports them).
  if (wasm.benchScanOnly) cases.push({ name: "wasm_scan_only", fn: () => (wasm.benchScanOnly(bytes), 10000) });
  if (wasm.benchUtf8Only) cases.push({ name: "wasm_utf8_only", fn: () => (wasm.benchUtf8Only(bytes), 10000) });
  if (wasm.benchDecodeFromSlice) cases.push({ name: "wasm_decode_from_slice", fn: () => wasm.benchDecodeFromSlice(bytes) });
  if (wasm.benchDecodeToJsPacked) cases.push({ name: "wasm_decode_to_js_packed", fn: () => wasm.benchDecodeToJsPacked(text).tasks.length });
  const result = await sample(cases, { runs, warmup });
  log("decode: " + JSON.stringify(result.checks));
  return { ...result, textBytes: bytes.length, tasks: JSON.parse(text).tasks.length };
};

/**
 * Measure 2: `client.listTasks` (the body has 10,000 tasks) vs `fetch` + `json()` + mapping, and
 * `listTasks` with each way of handing the page to JavaScript: serde-wasm-bindgen (what ships) and
 * the packed form built by `unpackTasks` (what shipped before; kept in the bench build only).
 */
window.benchListTasks = async ({ runs, warmup, project, policy }) => {
  const client = new VbsClient({ endpoint: location.origin, projectId: project, retries: 0 });
  const url = `${location.origin}/v2/${project}/backuppolicy/${policy}/backuptasks?limit=1000`;
  const cases = [
    {
      name: "fetch_json_map",
      fn: async () => {
        const response = await fetch(url, { headers: { accept: "application/json" } });
        if (!response.ok) throw new Error("HTTP " + response.status);
        return mapPage(await response.json()).tasks.length;
      },
    },
    {
      name: "list_tasks",
      fn: async () => (await client.listTasks(policy, { limit: 1000 })).tasks.length,
    },
    {
      name: "list_tasks_serde",
      fn: async () => (await client.benchListTasksSerde(policy, { limit: 1000 })).tasks.length,
    },
    {
      name: "list_tasks_packed",
      fn: async () => (await client.benchListTasksPacked(policy, { limit: 1000 })).tasks.length,
    },
    {
      // Where listTasks' time goes: the same fetch, the body as text, then the wasm decode to JS.
      name: "fetch_text_wasm_to_js",
      fn: async () => {
        const response = await fetch(url, { headers: { accept: "application/json" } });
        return benchDecodeToJs(await response.text()).tasks.length;
      },
    },
    {
      name: "fetch_text_only",
      fn: async () => (await (await fetch(url, { headers: { accept: "application/json" } })).text()).length,
    },
  ];
  const result = await sample(cases, { runs, warmup });
  log("listTasks: " + JSON.stringify(result.checks));
  return result;
};

document.body.dataset.ready = "1";
