// The npm package under injected faults: full walks of the big policy (and of CBR's biggest vault) against
// `vbs-server --fault-503-rate 0.3 --fault-latency-ms 2000 --fault-drop-rate 0.05` (URL_FAULTY,
// started by scripts/npm-test), compared with the same walk of a fault-free emulator (URL_PLAIN,
// same seed, frozen clock: the same data). The server counts what it injected
// (`GET /__emulator/faults`), so the tests can show that the faults happened and the retries stayed
// within what the client was told.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import {
  PROJECT, URL_FAULTY, URL_PLAIN, importFrom, installPackedPackage, policiesByName, setFaults,
} from "./helpers.mjs";
import { BIGGEST_VAULT_LOGS, rawLogIds, vaultsByName } from "./cbr-helpers.mjs";

const RETRIES = 10; // the most the client allows
let install, VbsClient, VbsError, plain, faulty, policy, expected;

before(async () => {
  install = installPackedPackage("faults");
  ({ VbsClient, VbsError } = await importFrom(install.project));
  plain = new VbsClient({ endpoint: URL_PLAIN, projectId: PROJECT });
  faulty = new VbsClient({ endpoint: URL_FAULTY, projectId: PROJECT, retries: RETRIES, timeoutMs: 120_000 });
  policy = (await policiesByName(plain))["daily-volumes"].id;
  expected = [];
  for await (const task of plain.tasks(policy, { pageSize: 1000 })) expected.push(task.jobId);
  assert.equal(expected.length, 10317);
});

after(() => install?.cleanup());

async function counts() {
  const response = await fetch(`${URL_FAULTY}/__emulator/faults`);
  assert.equal(response.status, 200, "GET /__emulator/faults");
  return response.json();
}

/** The difference between two readings of the server's fault counts. */
const delta = (before, after) => Object.fromEntries(Object.keys(after).map((key) => [key, after[key] - before[key]]));

/** Asserts that `ids` are every task of the policy, each once, in the API's order. */
function assertEveryTaskOnce(ids, what) {
  assert.equal(new Set(ids).size, ids.length, `${what}: no task twice`);
  assert.equal(ids.length, expected.length, `${what}: every task`);
  assert.deepEqual(ids, expected, `${what}: the API's order`);
}

describe("under 30 % 503s, up to 2 s latency and dropped connections", () => {
  test("tasks() by marker and pages() by offset each walk the 10,317 tasks exactly once, retries bounded", async (t) => {
    // Two scripted drops go first, so the walk meets dropped connections whatever the dice say.
    await setFaults(URL_FAULTY, { policy_id: policy, script: [{ drop: true }, { drop: true }] });
    const start = await counts();
    const byMarker = (async () => {
      const ids = [];
      for await (const task of faulty.tasks(policy, { pageSize: 1000, paging: "marker" })) ids.push(task.jobId);
      return ids;
    })();
    const byOffset = (async () => {
      const ids = [];
      let pages = 0;
      for await (const page of faulty.pages(policy, { pageSize: 500 })) {
        assert.equal(page.count, 10317, "a page's count");
        pages += 1;
        for (const task of page.tasks) ids.push(task.jobId);
      }
      return { ids, pages };
    })();
    const [markerIds, offset] = await Promise.all([byMarker, byOffset]);
    assertEveryTaskOnce(markerIds, "marker walk");
    assertEveryTaskOnce(offset.ids, "offset walk");
    assert.equal(offset.pages, 21);

    const injected = delta(start, await counts());
    t.diagnostic(`injected during both walks: ${JSON.stringify(injected)}`);
    // Each page is one call; a walk may ask once more to learn it has ended.
    const calls = (11 + 1) + (offset.pages + 1);
    assert.ok(injected.requests >= 11 + offset.pages, `at least one request per page: ${JSON.stringify(injected)}`);
    assert.ok(injected.requests <= calls * (RETRIES + 1), `retries bounded: ${JSON.stringify(injected)}`);
    assert.ok(injected.unavailable > 0, `503s were injected: ${JSON.stringify(injected)}`);
    assert.ok(injected.delayed > 0, `latency was injected: ${JSON.stringify(injected)}`);
    assert.ok(injected.dropped >= 2, `connections were dropped: ${JSON.stringify(injected)}`);
  });

  test("without retries every failure is a typed error (http 503 or network), and asking again resumes the walk", async (t) => {
    const once = new VbsClient({ endpoint: URL_FAULTY, projectId: PROJECT, retries: 0, timeoutMs: 10_000 });
    await setFaults(URL_FAULTY, { policy_id: policy, script: [{ drop: true }] });
    const start = await counts();
    const ids = [];
    const failures = { http: 0, network: 0 };
    let attempts = 0;
    let marker;
    for (;;) {
      let page;
      for (let tries = 1; ; tries++) {
        attempts += 1;
        try {
          page = await once.listTasks(policy, { limit: 500, ...(marker ? { marker } : {}) });
          break;
        } catch (error) {
          assert.ok(error instanceof VbsError, `a VbsError, not ${error}`);
          if (error.kind === "http") {
            assert.equal(error.status, 503);
            assert.equal(error.code, "VolumeBackup.0900");
            failures.http += 1;
          } else {
            assert.equal(error.kind, "network", `a 503 or a dropped connection, not ${error.kind}: ${error.message}`);
            failures.network += 1;
          }
          assert.ok(tries < 25, "a page kept failing");
        }
      }
      for (const task of page.tasks) ids.push(task.jobId);
      if (page.tasks.length === 0 || ids.length >= page.count) break;
      marker = page.tasks[page.tasks.length - 1].jobId;
    }
    assertEveryTaskOnce(ids, "resumed walk");

    const injected = delta(start, await counts());
    t.diagnostic(`resumed walk: ${attempts} calls for 21 pages; injected ${JSON.stringify(injected)}`);
    // With no retries the client sends exactly one request per call: the server saw each attempt once.
    assert.equal(injected.requests, attempts, `one request per call: ${JSON.stringify(injected)}`);
    assert.equal(injected.unavailable, failures.http, "each 503 surfaced as http 503");
    assert.equal(injected.dropped, failures.network, "each dropped connection surfaced as network");
    assert.ok(failures.http > 0, "some 503s");
    assert.ok(failures.network > 0, "a dropped connection");
  });
});

describe("CBR under the same faults (scripts keyed by the vault ID)", () => {
  let vault, expectedLogs;
  before(async () => {
    vault = (await vaultsByName(URL_PLAIN))["vault-daily-volumes"].id;
    expectedLogs = await rawLogIds(URL_PLAIN, vault);
    assert.equal(expectedLogs.length, BIGGEST_VAULT_LOGS);
  });

  /** Asserts that `ids` are every log of the vault, each once, in the API's order. */
  function assertEveryLogOnce(ids, what) {
    assert.equal(new Set(ids).size, ids.length, `${what}: no log twice`);
    assert.equal(ids.length, expectedLogs.length, `${what}: every log`);
    assert.deepEqual(ids, expectedLogs, `${what}: the API's order`);
  }

  test("operationLogs() and listOperationLogs() paged by offset each give every log of the biggest vault once, retries bounded", async (t) => {
    await setFaults(URL_FAULTY, { policy_id: vault, script: [{ drop: true }, { status: 503 }, { drop: true }] });
    const start = await counts();
    const walk = (async () => {
      const ids = [];
      for await (const log of faulty.operationLogs({ vaultId: vault, pageSize: 1000 })) ids.push(log.id);
      return ids;
    })();
    const byOffset = (async () => {
      const ids = [];
      let pages = 0;
      for (;;) {
        const page = await faulty.listOperationLogs({ vaultId: vault, limit: 500, offset: ids.length });
        assert.equal(page.count, BIGGEST_VAULT_LOGS, "a page's count");
        pages += 1;
        ids.push(...page.operationLogs.map((log) => log.id));
        if (page.operationLogs.length < 500) return { ids, pages };
      }
    })();
    const [walkIds, offset] = await Promise.all([walk, byOffset]);
    assertEveryLogOnce(walkIds, "operationLogs()");
    assertEveryLogOnce(offset.ids, "offset paging");
    assert.equal(offset.pages, 21);

    const injected = delta(start, await counts());
    t.diagnostic(`injected during both CBR walks: ${JSON.stringify(injected)}`);
    const calls = (11 + 1) + offset.pages;
    assert.ok(injected.requests >= 11 + offset.pages, `at least one request per page: ${JSON.stringify(injected)}`);
    assert.ok(injected.requests <= calls * (RETRIES + 1), `retries bounded: ${JSON.stringify(injected)}`);
    assert.ok(injected.unavailable > 0, `503s were injected: ${JSON.stringify(injected)}`);
    assert.ok(injected.delayed > 0, `latency was injected: ${JSON.stringify(injected)}`);
    assert.ok(injected.dropped >= 2, `connections were dropped: ${JSON.stringify(injected)}`);
  });

  test("without retries every failure is a typed error (http 503 or network), and asking again resumes the walk", async (t) => {
    const once = new VbsClient({ endpoint: URL_FAULTY, projectId: PROJECT, retries: 0, timeoutMs: 10_000 });
    await setFaults(URL_FAULTY, { policy_id: vault, script: [{ drop: true }] });
    const start = await counts();
    const ids = [];
    const failures = { http: 0, network: 0 };
    let attempts = 0;
    for (;;) {
      let page;
      for (let tries = 1; ; tries++) {
        attempts += 1;
        try {
          page = await once.listOperationLogs({ vaultId: vault, limit: 1000, offset: ids.length });
          break;
        } catch (error) {
          assert.ok(error instanceof VbsError, `a VbsError, not ${error}`);
          if (error.kind === "http") {
            assert.equal(error.status, 503);
            assert.equal(error.code, "BackupService.9910");
            failures.http += 1;
          } else {
            assert.equal(error.kind, "network", `a 503 or a dropped connection, not ${error.kind}: ${error.message}`);
            failures.network += 1;
          }
          assert.ok(tries < 25, "a page kept failing");
        }
      }
      ids.push(...page.operationLogs.map((log) => log.id));
      if (page.operationLogs.length < 1000) break;
    }
    assertEveryLogOnce(ids, "resumed walk");

    const injected = delta(start, await counts());
    t.diagnostic(`resumed CBR walk: ${attempts} calls for 11 pages; injected ${JSON.stringify(injected)}`);
    assert.equal(injected.requests, attempts, `one request per call: ${JSON.stringify(injected)}`);
    assert.equal(injected.unavailable, failures.http, "each 503 surfaced as http 503");
    assert.equal(injected.dropped, failures.network, "each dropped connection surfaced as network");
    assert.ok(failures.http > 0, "some 503s");
    assert.ok(failures.network > 0, "a dropped connection");
  });
});
