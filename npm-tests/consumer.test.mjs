// The Node consumer suite: the packed package installed into a temporary project, imported as
// `import { VbsClient, VbsError } from "vbs-tasks"` with no init call, run against
// `vbs-server --no-live` (URL_PLAIN; URL_AUTH with --require-auth) and tiny local servers.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import {
  PROJECT, ROOT, STATUSES, URL_AUTH, URL_PLAIN,
  closedPort, importFrom, installPackedPackage, json, localServer, policiesByName, setFaults,
} from "./helpers.mjs";

let install, VbsClient, VbsError, client, policies;

before(async () => {
  install = installPackedPackage("node");
  ({ VbsClient, VbsError } = await importFrom(install.project));
  client = new VbsClient({ endpoint: URL_PLAIN, projectId: PROJECT });
  policies = await policiesByName(client);
});

after(() => install?.cleanup());

/** Runs `work` and returns what it threw (failing if it did not throw a VbsError). */
async function caught(work) {
  try {
    await work();
  } catch (error) {
    assert.ok(error instanceof VbsError, `expected a VbsError, got ${error}`);
    return error;
  }
  assert.fail("expected a VbsError, nothing was thrown");
}

const id = (name) => {
  assert.ok(policies[name], `policy ${name} is listed`);
  return policies[name].id;
};

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

describe("listPolicies", () => {
  test("lists the emulator's six policies with camelCase fields", async () => {
    const list = await client.listPolicies();
    assert.equal(list.length, 6);
    for (const name of ["daily-volumes", "weekly-database", "nightly-small", "empty-policy"]) {
      assert.ok(list.some((policy) => policy.name === name), name);
    }
    for (const policy of list) {
      assert.equal(typeof policy.id, "string");
      assert.equal(typeof policy.resourceCount, "number");
      assert.ok(Array.isArray(policy.schedule.weekFrequency));
      assert.match(policy.schedule.status, /^(ON|OFF)$/);
      assert.ok(!("backup_policy_id" in policy) && !("scheduled_policy" in policy));
      for (const [key, value] of Object.entries(policy.schedule)) assert.ok(value !== undefined && value !== null, key);
    }
  });

  test("takes a signal", async () => {
    const error = await caught(() => client.listPolicies({ signal: AbortSignal.abort() }));
    assert.equal(error.kind, "aborted");
  });
});

describe("listTasks", () => {
  test("gives a page: count, tasks with camelCase keys and Dates, newest first", async () => {
    const page = await client.listTasks(id("daily-volumes"));
    assert.equal(page.count, 10317);
    assert.equal(page.tasks.length, 20);
    for (const task of page.tasks) {
      assert.equal(typeof task.jobId, "string");
      assert.ok(STATUSES.includes(task.status), task.status);
      assert.ok(task.createdAt instanceof Date);
      assert.equal(typeof task.backupName, "string");
      assert.equal(typeof task.resourceId, "string");
      assert.equal(typeof task.resourceType, "string");
      assert.ok(!("job_id" in task) && !("created_at" in task));
      // An optional field is left out when absent: never there as null or undefined.
      for (const [key, value] of Object.entries(task)) assert.ok(value !== undefined && value !== null, key);
      for (const key of Object.keys(task)) {
        assert.ok(["status", "jobId", "createdAt", "finishedAt", "backupName", "resourceId", "resourceType", "vbsJobId", "message", "code"].includes(key), key);
      }
    }
    const times = page.tasks.map((task) => task.createdAt.getTime());
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
  });

  test("dates are the API's zone-less timestamps read as UTC", async () => {
    const policy = id("weekly-database");
    const page = await client.listTasks(policy, { limit: 50, status: "EXECUTE_SUCCESS" });
    const raw = await (await fetch(`${URL_PLAIN}/v2/${PROJECT}/backuppolicy/${policy}/backuptasks?limit=50&status=EXECUTE_SUCCESS`)).json();
    assert.equal(page.tasks.length, raw.tasks.length);
    page.tasks.forEach((task, i) => {
      assert.equal(task.jobId, raw.tasks[i].job_id);
      assert.ok(!/Z|[+-]\d\d:\d\d$/.test(raw.tasks[i].created_at), "the wire form has no zone");
      assert.equal(task.createdAt.toISOString(), new Date(raw.tasks[i].created_at + "Z").toISOString());
      assert.ok(task.finishedAt instanceof Date, "a finished task has finishedAt");
      assert.equal(task.finishedAt.getTime(), Date.parse(raw.tasks[i].finished_at + "Z"));
      assert.ok(task.finishedAt >= task.createdAt);
    });
  });

  test("a task that has not finished has no finishedAt", async () => {
    const page = await client.listTasks(id("daily-volumes"), { status: "RUNNING", limit: 10 });
    assert.ok(page.tasks.length > 0, "the emulator has running tasks");
    for (const task of page.tasks) {
      assert.equal(task.status, "RUNNING");
      assert.ok(!("finishedAt" in task));
    }
  });

  test("status filters, and count is the filtered total", async () => {
    const policy = id("daily-volumes");
    let sum = 0;
    for (const status of STATUSES) {
      const page = await client.listTasks(policy, { status, limit: 1000 });
      assert.ok(page.tasks.every((task) => task.status === status), status);
      assert.ok(page.count > 0 && page.count < 10317, `${status}: ${page.count}`);
      sum += page.count;
    }
    assert.equal(sum, 10317);
  });

  test("jobId finds one task", async () => {
    const policy = id("weekly-database");
    const { tasks } = await client.listTasks(policy, { limit: 30 });
    const wanted = tasks[17];
    const page = await client.listTasks(policy, { jobId: wanted.jobId });
    assert.equal(page.count, 1);
    assert.deepEqual(page.tasks, [wanted]);
  });

  test("sortDir and sortKey order by creation time", async () => {
    const policy = id("weekly-database");
    const asc = await client.listTasks(policy, { sortDir: "asc", sortKey: "created_at", limit: 1000 });
    const desc = await client.listTasks(policy, { sortDir: "desc", sortKey: "created_at", limit: 1000 });
    assert.equal(asc.tasks.length, 350);
    const times = asc.tasks.map((task) => task.createdAt.getTime());
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.deepEqual(asc.tasks.map((t) => t.jobId), desc.tasks.map((t) => t.jobId).reverse());
  });

  test("limit, offset and marker select the same window", async () => {
    const policy = id("weekly-database");
    const first = await client.listTasks(policy, { limit: 12 });
    assert.equal(first.tasks.length, 12);
    const byOffset = await client.listTasks(policy, { limit: 5, offset: 5 });
    assert.deepEqual(byOffset.tasks.map((t) => t.jobId), first.tasks.slice(5, 10).map((t) => t.jobId));
    const byMarker = await client.listTasks(policy, { limit: 5, marker: first.tasks[4].jobId });
    assert.deepEqual(byMarker.tasks.map((t) => t.jobId), first.tasks.slice(5, 10).map((t) => t.jobId));
    const small = await client.listTasks(id("nightly-small"), { limit: 1000 });
    assert.equal(small.count, 5);
    assert.equal(small.tasks.length, 5);
    const empty = await client.listTasks(id("empty-policy"));
    assert.deepEqual(empty, { count: 0, tasks: [] });
  });

  test("a signal that does not abort changes nothing; undefined options count as absent", async () => {
    const controller = new AbortController();
    const page = await client.listTasks(id("nightly-small"), { signal: controller.signal, status: undefined, limit: 2 });
    assert.equal(page.tasks.length, 2);
  });
});

describe("async iterators", () => {
  test("tasks() yields each of the 10,317 tasks once (offset paging)", async () => {
    const seen = new Set();
    let n = 0;
    for await (const task of client.tasks(id("daily-volumes"), { pageSize: 1000 })) {
      assert.ok(task.createdAt instanceof Date);
      seen.add(task.jobId);
      n++;
    }
    assert.equal(n, 10317);
    assert.equal(seen.size, 10317);
  });

  test("tasks() with marker paging and a status filter yields each matching task once", async () => {
    const policy = id("daily-volumes");
    const { count } = await client.listTasks(policy, { status: "EXECUTE_SUCCESS", limit: 1 });
    const seen = new Set();
    for await (const task of client.tasks(policy, { status: "EXECUTE_SUCCESS", pageSize: 1000, paging: "marker", sortDir: "asc" })) {
      assert.equal(task.status, "EXECUTE_SUCCESS");
      assert.ok(!seen.has(task.jobId), `${task.jobId} twice`);
      seen.add(task.jobId);
    }
    assert.ok(count > 1000, "more than one page");
    assert.equal(seen.size, count);
  });

  test("pages() yields the pages of the walk", async () => {
    const sizes = [];
    let total = 0;
    for await (const page of client.pages(id("daily-volumes"), { pageSize: 1000 })) {
      assert.equal(page.count, 10317);
      sizes.push(page.tasks.length);
      total += page.tasks.length;
    }
    assert.deepEqual(sizes, [...Array(10).fill(1000), 317]);
    assert.equal(total, 10317);
    const small = [];
    for await (const page of client.pages(id("weekly-database"), { pageSize: 100, jobId: undefined })) small.push(page.tasks.length);
    assert.deepEqual(small, [100, 100, 100, 50]);
  });

  test("the default page size is 100, and an empty policy yields nothing", async () => {
    const sizes = [];
    for await (const page of client.pages(id("weekly-database"))) sizes.push(page.tasks.length);
    assert.deepEqual(sizes, [100, 100, 100, 50]);
    let n = 0;
    for await (const _ of client.tasks(id("empty-policy"))) n++;
    assert.equal(n, 0);
  });

  test("break stops the walk; next() then reports done", async () => {
    const iterator = client.tasks(id("daily-volumes"), { pageSize: 50 });
    let n = 0;
    for await (const _ of iterator) {
      if (++n === 10) break;
    }
    assert.equal(n, 10);
    assert.deepEqual(await iterator.next(), { value: undefined, done: true });
  });

  test("next() calls made without waiting are served in order", async () => {
    const iterator = client.tasks(id("nightly-small"), { pageSize: 2 });
    const results = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => iterator.next()));
    assert.deepEqual(results.map((r) => r.done), [false, false, false, false, false, true, true]);
    const ids = results.slice(0, 5).map((r) => r.value.jobId);
    assert.equal(new Set(ids).size, 5);
    const page = await client.listTasks(id("nightly-small"));
    assert.deepEqual(ids, page.tasks.map((t) => t.jobId));
  });

  test("aborting mid-iteration ends it with an aborted VbsError", async () => {
    const controller = new AbortController();
    let n = 0;
    const error = await caught(async () => {
      for await (const _ of client.tasks(id("daily-volumes"), { pageSize: 100, signal: controller.signal })) {
        if (++n === 150) controller.abort();
      }
    });
    assert.equal(error.kind, "aborted");
    assert.equal(n, 150, "no task is yielded after the abort, even from the page already received");
  });

  test("an abort while a page is in flight ends the iteration at once", async () => {
    const policy = id("nightly-small");
    await setFaults(URL_PLAIN, { policy_id: policy, script: [{ delay_ms: 3000 }] });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const started = Date.now();
      const error = await caught(async () => {
        for await (const _ of client.pages(policy, { signal: controller.signal })) assert.fail("no page expected");
      });
      assert.equal(error.kind, "aborted");
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    } finally {
      await setFaults(URL_PLAIN, null);
    }
  });
});

describe("errors", () => {
  test("invalid options are invalid_input, thrown before any request", async () => {
    const counter = await localServer((req, res) => json(res, 200, { count: 0, tasks: [] }));
    try {
      const local = new VbsClient({ endpoint: counter.url, projectId: PROJECT });
      const cases = [
        [{ limit: 0 }, "limit"],
        [{ limit: -1 }, "limit"],
        [{ limit: 2.5 }, "limit"],
        [{ limit: NaN }, "limit"],
        [{ limit: 1e300 }, "limit"],
        [{ limit: "5" }, "limit"],
        [{ limt: 5 }, "limt"],
        [{ status: "DONE" }, "status"],
        [{ status: "running" }, "status"],
        [{ sortDir: "up" }, "sortDir"],
        [{ sortKey: "finished_at" }, "sortKey"],
        [{ offset: -5 }, "offset"],
        [{ jobId: "" }, "jobId"],
        [{ marker: "" }, "marker"],
        [{ offset: 1, marker: "m" }, "offset"],
        [{ signal: {} }, "signal"],
        ["limit=5", "options"],
      ];
      for (const [options, field] of cases) {
        const error = await caught(() => local.listTasks("policy", options));
        assert.equal(error.kind, "invalid_input", JSON.stringify(options));
        assert.ok(error.message.includes(field), `${JSON.stringify(options)}: ${error.message}`);
        assert.equal(error.status, undefined);
      }
      // A number that is not whole is shown as written (JavaScript's own formatting of it).
      const fraction = await caught(() => local.listTasks("policy", { offset: 2.5 }));
      assert.match(fraction.message, /\b2\.5\b/);
      await assert.rejects(local.listTasks(""), (e) => e instanceof VbsError && e.kind === "invalid_input");
      await assert.rejects(local.listTasks(42), (e) => e instanceof VbsError && e.kind === "invalid_input");
      await assert.rejects(local.listPolicies({ limit: 1 }), (e) => e instanceof VbsError && e.kind === "invalid_input");
      for (const options of [{ pageSize: 0 }, { pageSize: 1.5 }, { limit: 10 }, { paging: "page" }, { status: "DONE" }]) {
        assert.throws(() => local.tasks("policy", options), (e) => e instanceof VbsError && e.kind === "invalid_input", JSON.stringify(options));
        assert.throws(() => local.pages("policy", options), (e) => e instanceof VbsError && e.kind === "invalid_input", JSON.stringify(options));
      }
      // null is a value of the wrong type, not an absent option (undefined is absent).
      for (const key of ["status", "jobId", "sortDir", "sortKey", "limit", "offset", "marker", "signal"]) {
        const error = await caught(() => local.listTasks("policy", { [key]: null }));
        assert.equal(error.kind, "invalid_input", key);
        assert.ok(error.message.startsWith(`invalid ${key}: must be `), error.message);
      }
      // Objects that fight being read: a getter that throws, a Proxy whose keys throw, a revoked
      // Proxy (which even Array.isArray throws on), and the same as values of an option.
      const revoked = Proxy.revocable({}, {});
      revoked.revoke();
      const hostile = [
        [{ get limit() { throw new Error("boom"); } }, "invalid limit: could not be read"],
        [new Proxy({}, { ownKeys() { throw new Error("trap"); } }), "invalid options: could not be read"],
        [revoked.proxy, "invalid options: could not be read"],
        [{ signal: revoked.proxy }, "invalid signal: must be an AbortSignal"],
        [{ signal: AbortSignal }, "invalid signal: must be an AbortSignal"],
      ];
      for (const [options, message] of hostile) {
        const error = await caught(() => local.listTasks("policy", options));
        assert.equal(error.kind, "invalid_input");
        assert.equal(error.message, message);
        assert.throws(() => local.tasks("policy", options), (e) => e instanceof VbsError && e.message === message);
        await assert.rejects(local.listPolicies(options), (e) => e instanceof VbsError && e.message === message);
        assert.throws(() => new VbsClient(options), (e) => e instanceof VbsError && e.kind === "invalid_input");
      }
      // Each call's wording, read from its options through serde (deny_unknown_fields, camelCase).
      const worded = [
        [() => local.listTasks("policy", { limit: "5" }), "invalid limit: must be a number"],
        [() => local.listTasks("policy", { status: 5 }), "invalid status: must be a string"],
        [() => local.listTasks("policy", { signal: {} }), "invalid signal: must be an AbortSignal"],
        [() => local.listTasks("policy", { status: "DONE" }), 'invalid status: "DONE" is not a task status; expected one of RUNNING, EXECUTE_TIMEOUT, WAITING, EXECUTE_FAIL, EXECUTE_SUCCESS, SKIP'],
        [() => local.listTasks("policy", { limit: 0 }), "invalid limit: must be at least 1, got 0"],
        [() => local.listTasks("policy", { limt: 5 }), "invalid limt: is not an option; expected one of status, jobId, sortDir, sortKey, limit, offset, marker, signal"],
        [() => local.listPolicies({ limit: 1 }), "invalid limit: is not an option; expected one of signal"],
        [() => local.listTasks("policy", { job_id: "j" }), "invalid job_id: is not an option; expected one of status, jobId, sortDir, sortKey, limit, offset, marker, signal"],
        [() => local.listTasks("policy", "limit=5"), "invalid options: must be an object"],
        [() => local.listTasks("policy", [1]), "invalid options: must be an object"],
        [() => local.listTasks(7), "invalid policyId: must be a string"],
        [() => local.listTasks("policy", { status: revoked.proxy }), "invalid status: must be a string"],
        [() => local.listTasks("policy", { limit: { valueOf: () => 5 } }), "invalid limit: must be a number"],
        [() => local.listTasks("policy", { jobId: ["j"] }), "invalid jobId: must be a string"],
      ];
      for (const [call, message] of worded) {
        const error = await caught(call);
        assert.equal(error.kind, "invalid_input");
        assert.equal(error.message, message);
      }
      const iterateWorded = [
        [{ paging: "page" }, 'invalid paging: must be "offset" or "marker"'],
        [{ paging: 1 }, 'invalid paging: must be "offset" or "marker"'],
        [{ paging: { offset: null } }, 'invalid paging: must be "offset" or "marker"'],
        [{ paging: revoked.proxy }, 'invalid paging: must be "offset" or "marker"'],
        [{ pageSize: "5" }, "invalid pageSize: must be a number"],
        [{ pageSize: 0 }, "invalid pageSize: must be at least 1, got 0"],
        [{ limit: 5 }, "invalid limit: is not an option; expected one of status, jobId, sortDir, sortKey, pageSize, paging, signal"],
      ];
      for (const [options, message] of iterateWorded) {
        for (const call of [() => local.tasks("policy", options), () => local.pages("policy", options)]) {
          assert.throws(call, (e) => e instanceof VbsError && e.kind === "invalid_input" && e.message === message, message);
        }
      }
      assert.equal(counter.requests.length, 0, "nothing was sent");
      // An unknown key whose value is undefined is absent, as a known one is.
      assert.deepEqual(await local.listTasks("policy", { limt: undefined, limit: 5 }), { count: 0, tasks: [] });
      assert.equal(counter.requests.length, 1, "only the valid call was sent");
    } finally {
      await counter.close();
    }
  });

  test("invalid client options throw invalid_input from the constructor", () => {
    const cases = [
      [undefined, "options"],
      [{ projectId: PROJECT }, "endpoint"],
      [{ endpoint: URL_PLAIN }, "projectId"],
      [{ endpoint: URL_PLAIN, projectId: " " }, "projectId"],
      [{ endpoint: URL_PLAIN, projectId: PROJECT, region: "x" }, "region"],
      [{ endpoint: URL_PLAIN, projectId: PROJECT, token: "t", accessKey: "a", secretKey: "s" }, "token"],
      [{ endpoint: URL_PLAIN, projectId: PROJECT, accessKey: "a" }, "secretKey"],
      [{ endpoint: URL_PLAIN, projectId: PROJECT, secretKey: "s" }, "accessKey"],
      [{ endpoint: URL_PLAIN, projectId: PROJECT, token: "t", securityToken: "x" }, "securityToken"],
      [{ endpoint: URL_PLAIN, projectId: PROJECT, timeoutMs: 0 }, "timeoutMs"],
      [{ endpoint: URL_PLAIN, projectId: PROJECT, timeoutMs: "100" }, "timeoutMs"],
      [{ endpoint: URL_PLAIN, projectId: PROJECT, retries: -1 }, "retries"],
      [{ endpoint: URL_PLAIN, projectId: PROJECT, retries: 1.5 }, "retries"],
      [{ endpoint: 5, projectId: PROJECT }, "endpoint"],
      // The endpoint itself, where it is absolute (a relative one waits for a page: see below).
      [{ endpoint: "ftp://example.com", projectId: PROJECT }, "endpoint"],
      [{ endpoint: `${URL_PLAIN}?region=x`, projectId: PROJECT }, "endpoint"],
      [{ endpoint: "http://user:pw-in-url-1234@127.0.0.1:1", projectId: PROJECT }, "endpoint"],
      // Credentials that cannot be sent in a header, named as the option is spelled.
      [{ endpoint: URL_PLAIN, projectId: PROJECT, accessKey: "ключ", secretKey: "s" }, "accessKey"],
      [{ endpoint: URL_PLAIN, projectId: PROJECT, token: "two words" }, "token"],
    ];
    for (const [options, field] of cases) {
      assert.throws(() => new VbsClient(options), (error) => {
        assert.ok(error instanceof VbsError, String(error));
        assert.equal(error.kind, "invalid_input");
        assert.ok(error.message.includes(field), `${JSON.stringify(options)}: ${error.message}`);
        return true;
      });
    }
  });

  test("client options are worded as before, key by key", () => {
    const base = { endpoint: URL_PLAIN, projectId: PROJECT };
    const cases = [
      [{ ...base, timeoutMs: "100" }, "invalid timeoutMs: must be a positive number of milliseconds (Infinity for none)"],
      [{ ...base, timeoutMs: -1 }, "invalid timeoutMs: must be a positive number of milliseconds (Infinity for none)"],
      [{ ...base, timeoutMs: NaN }, "invalid timeoutMs: must be a positive number of milliseconds (Infinity for none)"],
      [{ ...base, retries: 11 }, "invalid retries: must be a whole number from 0 to 10"],
      [{ ...base, retries: null }, "invalid retries: must be a whole number from 0 to 10"],
      [{ ...base, token: 5 }, "invalid token: must be a string"],
      [{ endpoint: null, projectId: PROJECT }, "invalid endpoint: must be a string"],
      [{ projectId: PROJECT }, "invalid endpoint: is required (a base URL)"],
      [{ ...base, region: "x" }, "invalid region: is not an option; expected one of endpoint, projectId, token, accessKey, secretKey, securityToken, timeoutMs, retries"],
      [null, "invalid options: are required: at least { endpoint, projectId }"],
      ["x", "invalid options: must be an object"],
    ];
    for (const [options, message] of cases) {
      assert.throws(() => new VbsClient(options), (error) => {
        assert.ok(error instanceof VbsError, String(error));
        assert.equal(error.kind, "invalid_input");
        assert.equal(error.message, message);
        return true;
      });
    }
    // undefined values are absent; Infinity is no time budget.
    assert.ok(new VbsClient({ ...base, token: undefined, timeoutMs: Infinity, retries: 0 }) instanceof VbsClient);
  });

  test("an endpoint's password is refused without being repeated", () => {
    assert.throws(() => new VbsClient({ endpoint: "https://me:pw-in-url-1234@vbs.example.com", projectId: PROJECT }), (error) => {
      assert.equal(error.kind, "invalid_input");
      assert.ok(!`${error.message} ${error.stack}`.includes("pw-in-url-1234"), error.message);
      return true;
    });
  });

  test("an option of the other call is named as given, not as its counterpart", async () => {
    const error = (() => { try { client.tasks("policy", { limit: 10 }); } catch (e) { return e; } })();
    assert.equal(error?.kind, "invalid_input");
    assert.match(error.message, /^invalid limit: is not an option; expected one of .*pageSize/);
    const listError = await caught(() => client.listTasks("policy", { pageSize: 10 }));
    assert.match(listError.message, /^invalid pageSize: is not an option; expected one of .*limit/);
  });

  test("a timeoutMs past a browser timer's range is no limit, not an instant timeout", async () => {
    // setTimeout reads its delay as a 32-bit signed integer: 2^31 ms would fire at once.
    for (const timeoutMs of [2 ** 31, Number.MAX_SAFE_INTEGER, 1e300]) {
      const patient = new VbsClient({ endpoint: URL_PLAIN, projectId: PROJECT, timeoutMs });
      assert.equal((await patient.listTasks(id("nightly-small"))).count, 5, String(timeoutMs));
    }
  });

  test("an unknown policy is http 404 with code AutoBackup.0205", async () => {
    const error = await caught(() => client.listTasks("no-such-policy"));
    assert.ok(error instanceof Error);
    assert.equal(error.kind, "http");
    assert.equal(error.status, 404);
    assert.equal(error.code, "AutoBackup.0205");
    assert.match(error.message, /404/);
    assert.match(error.stack, /VbsError/);
  });

  test("a limit the server refuses is http 400", async () => {
    const error = await caught(() => client.listTasks(id("nightly-small"), { limit: 1001 }));
    assert.equal(error.kind, "http");
    assert.equal(error.status, 400);
    assert.equal(typeof error.code, "string");
  });

  test("a closed port is network", async () => {
    const port = await closedPort();
    const local = new VbsClient({ endpoint: `http://127.0.0.1:${port}`, projectId: PROJECT, retries: 0 });
    const error = await caught(() => local.listTasks("policy"));
    assert.equal(error.kind, "network");
    assert.equal(error.status, undefined);
    assert.match(error.message, /ECONNREFUSED/, "Node's reason is in the message");
    const iterError = await caught(async () => { for await (const _ of local.tasks("policy")) assert.fail("no task expected"); });
    assert.equal(iterError.kind, "network");
  });

  test("a server slower than timeoutMs is timeout", async () => {
    const policy = id("nightly-small");
    await setFaults(URL_PLAIN, { policy_id: policy, script: [{ delay_ms: 3000 }] });
    try {
      const slow = new VbsClient({ endpoint: URL_PLAIN, projectId: PROJECT, timeoutMs: 500 });
      const started = Date.now();
      const error = await caught(() => slow.listTasks(policy));
      const took = Date.now() - started;
      assert.equal(error.kind, "timeout");
      assert.ok(took >= 450 && took < 2500, `took ${took} ms`);
    } finally {
      await setFaults(URL_PLAIN, null);
    }
  });

  test("an abort is aborted, before or during the request", async () => {
    const before = await caught(() => client.listTasks(id("nightly-small"), { signal: AbortSignal.abort() }));
    assert.equal(before.kind, "aborted");
    const policy = id("nightly-small");
    await setFaults(URL_PLAIN, { policy_id: policy, script: [{ delay_ms: 3000 }] });
    try {
      const started = Date.now();
      const during = await caught(() => client.listTasks(policy, { signal: AbortSignal.timeout(200) }));
      assert.equal(during.kind, "aborted");
      assert.ok(Date.now() - started < 2000);
    } finally {
      await setFaults(URL_PLAIN, null);
    }
  });

  test("a signal aborted with any value ends the call as aborted, and the package keeps working", async () => {
    const policy = id("nightly-small");
    const reasons = [["a string", "user cancelled"], ["undefined", undefined], ["null", null],
      ["an object", { why: "closed" }], ["an Error", new Error("stop")], ["a number", 7]];
    await setFaults(URL_PLAIN, { policy_id: policy, script: reasons.flatMap(() => [{ delay_ms: 3000 }, { delay_ms: 3000 }]) });
    try {
      for (const [what, reason] of reasons) {
        const already = new AbortController();
        already.abort(reason);
        const before = await caught(() => client.listTasks(policy, { signal: already.signal }));
        assert.equal(before.kind, "aborted", what);
        const during = new AbortController();
        setTimeout(() => during.abort(reason), 200);
        const error = await caught(() => client.listTasks(policy, { signal: during.signal }));
        assert.equal(error.kind, "aborted", what);
        const walk = new AbortController();
        setTimeout(() => walk.abort(reason), 200);
        const iterError = await caught(async () => {
          for await (const _ of client.pages(policy, { signal: walk.signal })) assert.fail("no page expected");
        });
        assert.equal(iterError.kind, "aborted", what);
      }
    } finally {
      await setFaults(URL_PLAIN, null);
    }
    assert.equal((await client.listTasks(policy)).count, 5, "the package still works");
  });

  test("Retry-After as an HTTP date: waited for from the client's clock, capped, none when past", async () => {
    let calls = 0;
    let retryAfter = "";
    const server = await localServer((req, res) => {
      if (calls++ === 0) json(res, 503, { error: { code: "VolumeBackup.0900", message: "busy" } }, { "retry-after": retryAfter });
      else json(res, 200, { count: 0, tasks: [] });
    });
    try {
      const date = (seconds) => new Date(Date.now() + seconds * 1000).toUTCString();
      // 5 s ahead does not fit a 2 s budget: the 503 is returned, not retried. (Read as no
      // Retry-After, the computed backoff of a few hundred ms would retry.)
      const budget = new VbsClient({ endpoint: server.url, projectId: PROJECT, timeoutMs: 2000, retries: 2 });
      retryAfter = date(5);
      const error = await caught(() => budget.listTasks("policy"));
      assert.equal(error.status, 503);
      assert.equal(calls, 1, "no retry");
      // A date past: retried at once.
      calls = 0;
      retryAfter = date(-60);
      assert.deepEqual(await budget.listTasks("policy"), { count: 0, tasks: [] });
      assert.equal(calls, 2);
      // The obsolete forms are read too: RFC 850 and asctime, both past here.
      for (const old of ["Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"]) {
        calls = 0;
        retryAfter = old;
        assert.deepEqual(await budget.listTasks("policy"), { count: 0, tasks: [] }, old);
        assert.equal(calls, 2, old);
      }
    } finally {
      await server.close();
    }
  });

  test("a malformed 2xx body is decode, naming the field", async () => {
    const bodies = {
      "/bad-count": { count: "many", tasks: [] },
      "/bad-date": { count: 1, tasks: [{ status: "SKIP", job_id: "j", created_at: "yesterday" }] },
      "/truncated": '{"count": 1, "tasks": [',
      "/html": "<html><body>maintenance</body></html>",
    };
    const server = await localServer((req, res) => {
      const key = Object.keys(bodies).find((prefix) => req.url.startsWith(prefix));
      json(res, 200, bodies[key]);
    });
    try {
      const expected = { "/bad-count": /count/, "/bad-date": /tasks\[0\]\.created_at/, "/truncated": /./, "/html": /./ };
      for (const prefix of Object.keys(bodies)) {
        const local = new VbsClient({ endpoint: server.url + prefix, projectId: PROJECT });
        const error = await caught(() => local.listTasks("policy"));
        assert.equal(error.kind, "decode", prefix);
        assert.match(error.message, expected[prefix]);
      }
    } finally {
      await server.close();
    }
  });

  test("a gateway error body gives code and requestId; retries re-send a 503", async () => {
    let calls = 0;
    const server = await localServer((req, res) => {
      if (req.url.startsWith("/gateway")) {
        json(res, 401, { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information", request_id: "req-7f3a" });
      } else if (calls++ === 0) {
        json(res, 503, { error: { code: "VolumeBackup.0900", message: "busy" } }, { "retry-after": "0" });
      } else {
        json(res, 200, { count: 0, tasks: [] });
      }
    });
    try {
      const gateway = new VbsClient({ endpoint: server.url + "/gateway", projectId: PROJECT });
      const error = await caught(() => gateway.listTasks("policy"));
      assert.equal(error.kind, "http");
      assert.equal(error.status, 401);
      assert.equal(error.code, "APIGW.0301");
      assert.equal(error.requestId, "req-7f3a");
      const once = new VbsClient({ endpoint: server.url, projectId: PROJECT, retries: 0 });
      const busy = await caught(() => once.listTasks("policy"));
      assert.equal(busy.status, 503);
      assert.equal(busy.code, "VolumeBackup.0900");
      calls = 0;
      const retrying = new VbsClient({ endpoint: server.url, projectId: PROJECT, retries: 1 });
      assert.deepEqual(await retrying.listTasks("policy"), { count: 0, tasks: [] });
      assert.equal(calls, 2);
    } finally {
      await server.close();
    }
  });
});

describe("tolerance", () => {
  test("an unknown status is kept as its string", async () => {
    const server = await localServer((req, res) => json(res, 200, {
      count: 2,
      tasks: [
        { status: "EXECUTE_PARTIAL", job_id: "j-1", created_at: "2026-03-01T10:00:00.5", finished_at: "2026-03-01T11:00:00Z", backup_name: null, vbs_job_id: "v-1" },
        { status: "SKIP", job_id: "j-2", created_at: "2026-03-01T09:00:00.123456789" },
      ],
    }));
    try {
      const local = new VbsClient({ endpoint: server.url, projectId: PROJECT });
      const page = await local.listTasks("policy");
      assert.equal(page.tasks[0].status, "EXECUTE_PARTIAL");
      assert.equal(page.tasks[0].createdAt.toISOString(), "2026-03-01T10:00:00.500Z");
      assert.equal(page.tasks[0].finishedAt.toISOString(), "2026-03-01T11:00:00.000Z");
      assert.equal(page.tasks[0].backupName, "");
      assert.equal(page.tasks[0].vbsJobId, "v-1");
      assert.equal(page.tasks[1].createdAt.toISOString(), "2026-03-01T09:00:00.123Z");
      const statuses = [];
      for await (const task of local.tasks("policy")) statuses.push(task.status);
      assert.deepEqual(statuses, ["EXECUTE_PARTIAL", "SKIP"]);
    } finally {
      await server.close();
    }
  });
});

describe("requests", () => {
  test("credentials become the documented headers", async () => {
    const server = await localServer((req, res) => json(res, 200, { count: 0, tasks: [] }));
    try {
      const headers = async (options) => {
        const local = new VbsClient({ endpoint: server.url, projectId: PROJECT, ...options });
        await local.listTasks("policy-1", { limit: 3 });
        return server.requests.at(-1).headers;
      };
      const none = await headers({});
      assert.equal(none["x-auth-token"], undefined);
      assert.equal(none.authorization, undefined);
      assert.equal((await headers({ token: "tok-123" }))["x-auth-token"], "tok-123");
      const signed = await headers({ accessKey: "AK-1", secretKey: "SK-1", securityToken: "ST-1" });
      assert.match(signed.authorization, /^SDK-HMAC-SHA256 Access=AK-1, SignedHeaders=[a-z;-]*x-sdk-date[a-z;-]*, Signature=[0-9a-f]{64}$/);
      assert.match(signed["x-sdk-date"], /^\d{8}T\d{6}Z$/);
      assert.equal(signed["x-security-token"], "ST-1");
      assert.ok(!JSON.stringify(signed).includes("SK-1"), "the secret key is never sent");
      assert.equal(server.requests.at(-1).url, `/v2/${PROJECT}/backuppolicy/policy-1/backuptasks?limit=3`);
    } finally {
      await server.close();
    }
  });

  test("a server's echo of a credential is redacted, whole, re-cased or cut short", async () => {
    // An IAM token is several KB; an error text keeps 300 characters, so an echo is always cut.
    const token = "MIIEhQYJKoZIhvcNAQcCoIIEdjCCBHICAQExDTALBglghkgBZQMEAgEw".repeat(80);
    const echoes = [
      (t) => `token ${t} has expired`,
      (t) => `token ${t.toLowerCase()} has expired`,
      (t) => `token ${t.slice(0, 12)}... has expired`,
    ];
    let echo = echoes[0];
    const server = await localServer((req, res) =>
      json(res, 401, { error: { code: "AutoBackup.0003", message: echo(req.headers["x-auth-token"]) } }));
    try {
      const local = new VbsClient({ endpoint: server.url, projectId: PROJECT, token, retries: 0 });
      for (echo of echoes) {
        const error = await caught(() => local.listTasks("policy"));
        assert.equal(error.status, 401);
        const shown = `${error.message} ${error.code} ${error.stack}`;
        assert.match(shown, /\[redacted\]/);
        assert.ok(!shown.toLowerCase().includes(token.slice(0, 8).toLowerCase()), shown);
      }
    } finally {
      await server.close();
    }
  });

  test("a relative endpoint in Node (no page to resolve it against) is invalid_input, not a crash", async () => {
    const relative = new VbsClient({ endpoint: "/vbs", projectId: PROJECT });
    const error = await caught(() => relative.listTasks("policy"));
    assert.equal(error.kind, "invalid_input");
    assert.match(error.message, /endpoint/);
    const policies = await caught(() => relative.listPolicies());
    assert.equal(policies.kind, "invalid_input");
  });
});

describe("authentication (vbs-server --require-auth)", () => {
  let policy;
  before(async () => {
    const tokenClient = new VbsClient({ endpoint: URL_AUTH, projectId: PROJECT, token: "emulator-token" });
    policy = (await policiesByName(tokenClient))["nightly-small"].id;
  });

  test("without credentials the server refuses", async () => {
    const anonymous = new VbsClient({ endpoint: URL_AUTH, projectId: PROJECT });
    const error = await caught(() => anonymous.listTasks(policy));
    assert.equal(error.kind, "http");
    assert.ok([401, 403].includes(error.status), String(error.status));
  });

  test("a token is sent as X-Auth-Token", async () => {
    const withToken = new VbsClient({ endpoint: URL_AUTH, projectId: PROJECT, token: "emulator-token" });
    assert.equal((await withToken.listTasks(policy)).count, 5);
    const wrong = new VbsClient({ endpoint: URL_AUTH, projectId: PROJECT, token: "not-the-token" });
    const error = await caught(() => wrong.listTasks(policy));
    assert.equal(error.kind, "http");
    assert.ok(!error.message.includes("not-the-token"), error.message);
  });

  test("AK/SK signs every request, and a wrong secret is refused without leaking it", async () => {
    const signed = new VbsClient({ endpoint: URL_AUTH, projectId: PROJECT, accessKey: "EMULATORAK0000000001", secretKey: "emulator-secret-key" });
    assert.equal((await signed.listTasks(policy, { status: "EXECUTE_SUCCESS", limit: 3, sortDir: "asc" })).tasks.length > 0, true);
    let n = 0;
    for await (const _ of signed.tasks(policy, { pageSize: 2 })) n++;
    assert.equal(n, 5);
    assert.equal((await signed.listPolicies()).length, 6);
    const wrong = new VbsClient({ endpoint: URL_AUTH, projectId: PROJECT, accessKey: "EMULATORAK0000000001", secretKey: "wrong-secret-key" });
    const error = await caught(() => wrong.listTasks(policy));
    assert.equal(error.kind, "http");
    assert.ok([401, 403].includes(error.status), String(error.status));
    assert.equal(error.code, "APIGW.0301");
    assert.ok(!error.message.includes("wrong-secret-key"), error.message);
  });
});

describe("hostile responses (tests/hostile/cases.json, also run natively and in Chromium)", () => {
  test("each gives its documented VbsError or decode, and the package keeps working", async () => {
    const { cases } = JSON.parse(readFileSync(join(ROOT, "tests", "hostile", "cases.json"), "utf8"));
    assert.ok(cases.length >= 30);
    const policy = `hostile-node-${Date.now()}`;
    await setFaults(URL_PLAIN, null);
    for (const c of cases) {
      const step = { status: c.status, content_type: c.content_type };
      if (c.body !== undefined) step.body = c.body;
      if (c.body_base64 !== undefined) step.body_base64 = c.body_base64;
      await setFaults(URL_PLAIN, { policy_id: policy, script: [step] });
    }
    // No retries: a retried 502/503 would consume the next case's scripted answer.
    const once = new VbsClient({ endpoint: URL_PLAIN, projectId: PROJECT, retries: 0 });
    try {
      for (const c of cases) {
        const { expect } = c;
        if (expect.kind === "ok") {
          const page = await once.listTasks(policy);
          assert.equal(page.count, expect.count, c.name);
          if (expect.first_status) assert.equal(page.tasks[0].status, expect.first_status, c.name);
        } else {
          const error = await caught(() => once.listTasks(policy));
          assert.equal(error.kind, expect.kind, `${c.name}: ${error.message}`);
          if (expect.kind === "http") {
            assert.equal(error.status, expect.status, c.name);
            assert.equal(error.code ?? null, expect.code, c.name);
          }
          assert.ok(error.message.length < 600, `${c.name}: the message is bounded`);
        }
      }
    } finally {
      await setFaults(URL_PLAIN, null);
    }
    assert.equal((await once.listPolicies()).length, 6, "the module still works");
  });
});
