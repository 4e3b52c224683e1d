// scripts/wasm-profile.mjs reads a wasm's sections, its function sizes and their names, and sorts
// functions into parts of the program (scripts/size-profile prints them; BENCHMARKS.md quotes it).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { partOf, plain, profile, sourceFiles } from "../scripts/wasm-profile.mjs";

const wasmAs = new URL("../node_modules/.bin/wasm-as", import.meta.url).pathname;

/** The module of `wat`, assembled by binaryen with its names kept (-g). */
function assemble(wat) {
  const dir = mkdtempSync(join(tmpdir(), "wasm-profile-"));
  try {
    writeFileSync(join(dir, "m.wat"), wat);
    execFileSync(wasmAs, ["-g", join(dir, "m.wat"), "-o", join(dir, "m.wasm")]);
    return readFileSync(join(dir, "m.wasm"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Imports of every kind before the functions' (limits with and without a maximum), so that the
// index of the first defined function depends on reading each of them right.
const wat = `(module
  (import "env" "table" (table 1 8 funcref))
  (import "env" "memory" (memory 1))
  (import "env" "g" (global $g i32))
  (import "env" "now" (func $imported (result f64)))
  (data (i32.const 16) "twelve bytes")
  (func $small (result i32) (i32.const 1))
  (func $large (param $x i32) (result i32)
    (i32.add (i32.mul (local.get $x) (i32.const 3)) (i32.add (local.get $x) (i32.const 100000))))
  (export "large" (func $large)))`;

test("reads each defined function's body size and name, after the imported ones", () => {
  const { sections, functions } = profile(assemble(wat));
  assert.deepEqual(functions.map((f) => [f.index, f.name]), [[1, "small"], [2, "large"]]);
  // Bodies: a locals count (1 byte), the code and `end`; `large` holds more code than `small`.
  assert.equal(functions[0].size, 1 + 2 + 1);
  assert.ok(functions[1].size > functions[0].size + 8, `large is ${functions[1].size} B`);
  const data = sections.find((s) => s.name === "data");
  assert.ok(data && data.size >= 12 + 4, "the data section holds the segment");
  assert.ok(sections.some((s) => s.name === 'custom "name"'));
});

test("without names, functions are numbered", () => {
  const bytes = assemble(wat);
  // Cut the module after its data section: the name section (last) goes.
  const { sections } = profile(bytes);
  const name = sections.find((s) => s.name === 'custom "name"');
  const cut = bytes.subarray(0, name.start - 1 - lebLength(name.size));
  assert.deepEqual(profile(cut).functions.map((f) => f.name), ["func[1]", "func[2]"]);
});

/** The bytes of `n` as an unsigned LEB128. */
const lebLength = (n) => Math.max(1, Math.ceil(Math.log2(n + 1) / 7));

test("refuses what is not a whole wasm module", () => {
  assert.throws(() => profile(Buffer.from("not wasm at all")), /not a wasm module/);
  const bytes = assemble(wat);
  assert.throws(() => profile(bytes.subarray(0, bytes.length - 3)), /runs past the end/);
});

test("sorts functions into this crate's source files, wasm-bindgen's shims, std and other crates", () => {
  const files = new Set(["lib.rs", "js/mod.rs", "js/options.rs", "transport/mod.rs", "transport/client.rs",
    "transport/paging.rs", "viewer/main.rs", "viewer/state/mod.rs", "viewer/components/mod.rs",
    "viewer/components/settings.rs"]);
  const cases = [
    ["<vbs_tasks[b72eb150d8ddc46d]::transport::client::Client>::get::{closure#0}", "src/transport/client.rs"],
    // A generic instance belongs to the code of ours it was made for.
    ["<futures_util::stream::unfold::Unfold<vbs_tasks::transport::paging::Walk, F>>::poll_next", "src/transport/paging.rs"],
    // Items of a folder's mod.rs, and of a file in a folder of a folder.
    ["<vbs_tasks::js::VbsClient>::list_policies::{closure#0}", "src/js/mod.rs"],
    // The viewer binary's items: its root is src/viewer/main.rs, its modules are under src/viewer/.
    ["vbs_viewer::main::{closure#0}", "src/viewer/main.rs"],
    ["<vbs_viewer::state::State as yew::functional::hooks::use_reducer::Reducible>::reduce", "src/viewer/state/mod.rs"],
    ["<yew::html::component::lifecycle::CompStateInner<vbs_viewer::components::settings::SettingsPanel> as yew::html::component::lifecycle::Stateful>::view",
      "src/viewer/components/settings.rs"],
    ["vbs_tasks::__wasm_start", "src/lib.rs"],
    ["vbsclient_new externref shim multivalue shim", "wasm-bindgen shims"],
    ["__wbg_vbsclient_free", "wasm-bindgen shims"],
    ["<str as core[1534f22296a137df]::fmt::Display>::fmt", "core"],
    ["<&u16 as core::fmt::Display>::fmt", "core"],
    ["<[(&str, &str)]>::sort_unstable", "core"],
    ["__multi3", "compiler_builtins"],
    ["<dlmalloc[daab75e0a065c5b]::dlmalloc::Dlmalloc<dlmalloc::sys::System>>::malloc", "dlmalloc"],
    ["<yew::virtual_dom::vnode::VNode as yew::dom_bundle::traits::Reconcilable>::reconcile", "yew"],
    ["func[537]", "other"],
  ];
  for (const [name, part] of cases) assert.equal(partOf(name, files), part, name);
  assert.equal(plain("yew[df84279900d157fc]::html::Html"), "yew::html::Html");
  // The crate's own files, as the profile reads them.
  assert.ok(sourceFiles().has("transport/client.rs"));
});
