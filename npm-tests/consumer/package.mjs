// The package as a consumer gets it: installed from the tarball with the documented package.json,
// naming no path of the machine that built it, imported in a plain Node process with no init
// call, and its VbsError.
// Part of the Node consumer suite: npm-tests/consumer.test.mjs installs the package and runs these
// tests (scripts/npm-test, or `node --test npm-tests/consumer.test.mjs` with the emulators up).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";

import { PROJECT, ROOT, URL_PLAIN, VbsError, install } from "../helpers.mjs";

describe("the package", () => {
  test("is installed from the tarball with the documented package.json", () => {
    const dir = join(install.project, "node_modules", "vbs-tasks");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    assert.equal(pkg.name, "vbs-tasks");
    assert.equal(pkg.type, "module");
    assert.equal(pkg.sideEffects, false);
    const entry = pkg.exports["."];
    assert.deepEqual(Object.keys(entry), ["types", "browser", "node", "default"]);
    for (const file of [entry.types, entry.node, entry.default, "./vbs_tasks_bg.wasm", "./README.md"]) {
      assert.ok(existsSync(join(dir, file)), `${file} is in the package`);
    }
    const packed = install.packed.files.map((file) => file.path).sort();
    // Exactly the shipped files: no sources, no build leftovers, and no snippet (a JS module the
    // wasm imports): pages are handed to JavaScript through serde-wasm-bindgen, with no JS of ours.
    assert.ok(!packed.some((path) => path.startsWith("snippets/")), packed.join(", "));
    assert.deepEqual(packed, [
      "README.md", "browser.js", "index.d.ts", "node.js", "package.json", "vbs.js", "vbs_tasks.d.ts",
      "vbs_tasks.js", "vbs_tasks_bg.wasm", "vbs_tasks_bg.wasm.d.ts",
    ]);
  });

  test("names no path of the machine that built it", () => {
    // scripts/wasm-release remaps the source paths of #[track_caller] locations to /rust and
    // /crates; without that the wasm held the builder's home directory and cargo registry.
    const dir = join(install.project, "node_modules", "vbs-tasks");
    const machinePaths = [ROOT, "/rustlib/", "/registry/src/", ...(homedir().length > 1 ? [homedir() + "/"] : [])];
    for (const file of install.packed.files.map((entry) => entry.path)) {
      const text = readFileSync(join(dir, file)).toString("latin1");
      for (const path of machinePaths) assert.ok(!text.includes(path), `${file} names ${path}`);
    }
  });

  test("imports in a plain Node process with no init call", () => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", `
      import { VbsClient, VbsError } from "vbs-tasks";
      const client = new VbsClient({ endpoint: ${JSON.stringify(URL_PLAIN)}, projectId: ${JSON.stringify(PROJECT)} });
      const policies = await client.listPolicies();
      console.log(typeof VbsClient, typeof VbsError, policies.length);
    `], { cwd: install.project, encoding: "utf8" });
    assert.equal(out.trim(), "function function 6");
  });

  test("VbsError is an Error subclass callers can construct and test", () => {
    const error = new VbsError({ kind: "http", message: "HTTP 503", status: 503, code: "X.1" });
    assert.ok(error instanceof VbsError);
    assert.ok(error instanceof Error);
    assert.equal(error.name, "VbsError");
    assert.equal(error.kind, "http");
    assert.equal(error.status, 503);
    assert.equal(error.code, "X.1");
    assert.equal(error.requestId, undefined);
    assert.match(error.stack, /^VbsError: HTTP 503/);
  });
});
