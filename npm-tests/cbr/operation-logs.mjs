// The operation logs: listOperationLogs (every log as the API sent it, each option and filter,
// paging), the operationLogs walk (every log once; its guards and retries), and showOperationLog.
// Part of the CBR suite: npm-tests/cbr.test.mjs installs the package and runs these tests
// (scripts/npm-test, or `node --test npm-tests/cbr.test.mjs` with the emulators up).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { PROJECT, URL_CBR, VbsClient, caught, client, json, localServer, setFaults } from "../helpers.mjs";
import {
  BIGGEST_VAULT_LOGS, biggest, collect, expectedLog, rawLogIds, rawPage, vaults,
} from "../cbr-helpers.mjs";

const DISK_PROVIDER = "d1603440-187d-4516-af25-121250c7cc97";
const SERVER_PROVIDER = "0daac4c5-6707-4851-97ba-169e36266b66";

describe("listOperationLogs", () => {
  test("gives { count, operationLogs }: every log as the API sent it, camelCase, Dates, nothing null", async () => {
    const page = await client.listOperationLogs({ limit: 1000, offset: 0 });
    const raw = await rawPage(URL_CBR, { limit: 1000, offset: 0 });
    assert.equal(page.count, raw.count);
    assert.ok(page.count > 10000, `the project's logs: ${page.count}`);
    assert.equal(page.limit, 1000);
    assert.equal(page.offset, 0);
    assert.deepEqual(Object.keys(page).sort(), ["count", "limit", "offset", "operationLogs"]);
    assert.equal(page.operationLogs.length, 1000);
    page.operationLogs.forEach((log, i) => {
      assert.deepEqual(log, expectedLog(raw.operation_logs[i]), `log ${i} (${raw.operation_logs[i].id})`);
      assert.ok(log.createdAt instanceof Date);
    });
  });

  test("every extra_info block and every operation type of the emulator's logs comes through", async () => {
    // The whole project, by offset: each block converted as the API sent it.
    const blocks = new Set();
    const kinds = new Set();
    const statuses = new Set();
    let seen = 0;
    for (let offset = 0; ; offset += 1000) {
      const [page, raw] = await Promise.all([client.listOperationLogs({ offset }), rawPage(URL_CBR, { offset })]);
      assert.equal(page.operationLogs.length, raw.operation_logs.length, `offset ${offset}`);
      page.operationLogs.forEach((log, i) => {
        assert.deepEqual(log, expectedLog(raw.operation_logs[i]), raw.operation_logs[i].id);
        for (const key of Object.keys(log.extraInfo ?? {})) blocks.add(key);
        kinds.add(log.operationType);
        statuses.add(log.status);
        if (log.status === "running" || log.status === "waiting") assert.ok(!("endedAt" in log), log.id);
        if (log.status === "failed") assert.ok(log.errorInfo.code.startsWith("BackupService."), log.id);
        if (log.status === "success") assert.deepEqual(log.errorInfo, { code: "", message: "" }, log.id);
      });
      seen += page.operationLogs.length;
      if (page.operationLogs.length < 1000) break;
    }
    assert.equal(seen, (await client.listOperationLogs({ limit: 1 })).count);
    assert.deepEqual([...blocks].sort(), ["backup", "common", "delete", "removeResources", "replication", "resource", "restore", "sync", "vaultDelete"]);
    assert.deepEqual([...kinds].sort(), ["backup", "delete", "remove_resource", "replication", "restore", "sync", "vault_delete"]);
    for (const status of ["success", "failed", "running", "waiting"]) assert.ok(statuses.has(status), status);
  });

  test("a manual backup has no policyId; a vault deletion has its counters", async () => {
    const manual = [];
    for await (const log of client.operationLogs({ operationType: "backup", vaultId: biggest })) {
      if (!("policyId" in log)) manual.push(log);
    }
    assert.equal(manual.length, 2, "the emulator's two manual backups");
    for (const log of manual) {
      assert.match(log.extraInfo.backup.backupName, /^manualbk_/);
      assert.equal(log.extraInfo.backup.incremental, false);
    }
    const { operationLogs: [deleted] } = await client.listOperationLogs({ operationType: "vault_delete" });
    assert.equal(typeof deleted.extraInfo.vaultDelete.totalCount, "number");
    assert.equal(typeof deleted.extraInfo.vaultDelete.failCount, "number");
    assert.equal(deleted.extraInfo.resource.id, deleted.vaultId);
  });

  test("each filter narrows the list as the API filters it", async () => {
    const logs = (await client.listOperationLogs({ vaultId: vaults["vault-weekly-database"].id })).operationLogs;
    const sample = logs.find((log) => log.status === "success" && log.extraInfo?.resource?.name);
    assert.ok(sample, "a finished log with a named resource");
    const cases = [
      [{ status: "failed" }, { status: "failed" }, (log) => log.status === "failed"],
      [{ operationType: "restore" }, { operation_type: "restore" }, (log) => log.operationType === "restore"],
      [{ vaultId: sample.vaultId }, { vault_id: sample.vaultId }, (log) => log.vaultId === sample.vaultId],
      [{ vaultName: sample.vaultName }, { vault_name: sample.vaultName }, (log) => log.vaultName === sample.vaultName],
      [{ resourceId: sample.extraInfo.resource.id }, { resource_id: sample.extraInfo.resource.id }, (log) => log.extraInfo.resource.id === sample.extraInfo.resource.id],
      [{ resourceName: sample.extraInfo.resource.name }, { resource_name: sample.extraInfo.resource.name }, (log) => log.extraInfo.resource.name === sample.extraInfo.resource.name],
      // Every emulated vault backs up disks: the disk provider keeps all, the server one none.
      [{ providerId: DISK_PROVIDER }, { provider_id: DISK_PROVIDER }, (log) => log.providerId === DISK_PROVIDER],
      [{ providerId: SERVER_PROVIDER }, { provider_id: SERVER_PROVIDER }, () => false],
      [{ enterpriseProjectId: "0" }, { enterprise_project_id: "0" }, () => true],
      [{ enterpriseProjectId: "all_granted_eps" }, { enterprise_project_id: "all_granted_eps" }, () => true],
      [{ vaultId: "no-such-vault" }, { vault_id: "no-such-vault" }, () => false],
    ];
    const total = (await client.listOperationLogs({ limit: 1 })).count;
    for (const [options, wire, holds] of cases) {
      const page = await client.listOperationLogs({ ...options, limit: 1000 });
      const raw = await rawPage(URL_CBR, { ...wire, limit: 1000 });
      assert.equal(page.count, raw.count, JSON.stringify(options));
      assert.deepEqual(page.operationLogs.map((log) => log.id), raw.operation_logs.map((log) => log.id), JSON.stringify(options));
      assert.ok(page.operationLogs.every(holds), JSON.stringify(options));
      if (!("enterpriseProjectId" in options) && options.providerId !== DISK_PROVIDER) {
        assert.ok(page.count < total, `${JSON.stringify(options)} filters`);
      }
    }
    assert.deepEqual(await client.listOperationLogs({ vaultId: "no-such-vault" }), { count: 0, operationLogs: [], limit: 1000, offset: 0 });
  });

  test("startTime and endTime take a Date or the API's time string, and mean the same window", async () => {
    const { operationLogs } = await client.listOperationLogs({ vaultId: biggest, limit: 200 });
    const newest = operationLogs[10].startedAt;
    const oldest = operationLogs[150].startedAt;
    const text = (date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");
    const byDate = await client.listOperationLogs({ vaultId: biggest, startTime: oldest, endTime: newest });
    const byText = await client.listOperationLogs({ vaultId: biggest, startTime: text(oldest), endTime: text(new Date(newest.getTime() + 999)) });
    const raw = await rawPage(URL_CBR, { vault_id: biggest, start_time: text(oldest), end_time: text(new Date(newest.getTime() + 999)) });
    assert.ok(byDate.count > 100 && byDate.count < 400, `a window of the vault's logs: ${byDate.count}`);
    assert.equal(byDate.count, raw.count);
    assert.deepEqual(byDate.operationLogs.map((log) => log.id), raw.operation_logs.map((log) => log.id));
    assert.deepEqual(byText, byDate);
    for (const log of byDate.operationLogs) {
      assert.ok(log.startedAt >= new Date(text(oldest)) && log.startedAt < new Date(newest.getTime() + 1000), log.id);
    }
  });

  test("a Date is sent as YYYY-MM-DDTHH:MM:SSZ, the start rounded down and the end up", async () => {
    const server = await localServer((req, res) => json(res, 200, { count: 0, operation_logs: [] }));
    try {
      const local = new VbsClient({ endpoint: server.url, projectId: PROJECT });
      await local.listOperationLogs({ startTime: new Date("2026-11-20T04:25:06.965Z"), endTime: new Date("2026-11-21T00:00:00.001Z") });
      await local.listOperationLogs({ startTime: new Date("2026-11-20T04:25:06Z"), endTime: new Date("2026-11-20T04:25:06Z") });
      await local.listOperationLogs({ status: "running", operationType: "vault_delete", vaultName: "a b&c", limit: 5, offset: 10 });
      await collect(local.operationLogs({ resourceName: "名前", enterpriseProjectId: "all_granted_eps" }));
      assert.deepEqual(server.requests.map((r) => r.url), [
        `/v3/${PROJECT}/operation-logs?end_time=2026-11-21T00%3A00%3A01Z&start_time=2026-11-20T04%3A25%3A06Z`,
        `/v3/${PROJECT}/operation-logs?end_time=2026-11-20T04%3A25%3A06Z&start_time=2026-11-20T04%3A25%3A06Z`,
        `/v3/${PROJECT}/operation-logs?limit=5&offset=10&operation_type=vault_delete&status=running&vault_name=a%20b%26c`,
        // The walk's first page: the page size sent explicitly (the §6 loop compares with it), no offset.
        `/v3/${PROJECT}/operation-logs?enterprise_project_id=all_granted_eps&limit=1000&resource_name=%E5%90%8D%E5%89%8D`,
      ]);
    } finally {
      await server.close();
    }
  });

  test("limit and offset select the same window as one bigger page", async () => {
    const first = await client.listOperationLogs({ vaultId: biggest, limit: 12 });
    const window = await client.listOperationLogs({ vaultId: biggest, limit: 5, offset: 5 });
    assert.deepEqual(window.operationLogs, first.operationLogs.slice(5, 10));
    assert.equal(window.count, BIGGEST_VAULT_LOGS);
    const past = await client.listOperationLogs({ vaultId: biggest, offset: BIGGEST_VAULT_LOGS });
    assert.deepEqual(past.operationLogs, []);
    assert.equal(past.count, BIGGEST_VAULT_LOGS);
  });

  test("paging by offset gives every log of the biggest vault exactly once", async () => {
    const expected = await rawLogIds(URL_CBR, biggest);
    assert.equal(expected.length, BIGGEST_VAULT_LOGS);
    const ids = [];
    for (let offset = 0; ; ) {
      const page = await client.listOperationLogs({ vaultId: biggest, limit: 700, offset });
      assert.equal(page.count, BIGGEST_VAULT_LOGS);
      ids.push(...page.operationLogs.map((log) => log.id));
      offset += page.operationLogs.length;
      if (page.operationLogs.length < 700) break;
    }
    assert.equal(new Set(ids).size, ids.length, "no log twice");
    assert.deepEqual(ids, expected);
  });
});

describe("operationLogs", () => {
  test("yields every log of the biggest vault exactly once, in the API's order", async () => {
    const expected = await rawLogIds(URL_CBR, biggest);
    for (const pageSize of [undefined, 1000, 333]) {
      const ids = [];
      for await (const log of client.operationLogs({ vaultId: biggest, pageSize })) {
        assert.ok(log.createdAt instanceof Date);
        assert.equal(log.vaultId, biggest);
        ids.push(log.id);
      }
      assert.equal(new Set(ids).size, BIGGEST_VAULT_LOGS, `pageSize ${pageSize}: no log twice`);
      assert.deepEqual(ids, expected, `pageSize ${pageSize}`);
    }
  });

  test("yields the same objects as listOperationLogs, with filters", async () => {
    const page = await client.listOperationLogs({ status: "failed", operationType: "backup", limit: 1000 });
    assert.ok(page.count > 10 && page.count < 1000, String(page.count));
    const logs = await collect(client.operationLogs({ status: "failed", operationType: "backup", pageSize: 7 }));
    assert.deepEqual(logs, page.operationLogs);
    assert.deepEqual(await collect(client.operationLogs({ vaultId: vaults["vault-empty-policy"].id })), []);
  });

  test("break stops the walk; next() calls made without waiting are served in order", async () => {
    const small = vaults["vault-nightly-small"].id;
    const all = (await client.listOperationLogs({ vaultId: small })).operationLogs;
    const iterator = client.operationLogs({ vaultId: small, pageSize: 2 });
    const steps = await Promise.all(Array.from({ length: all.length + 2 }, () => iterator.next()));
    assert.deepEqual(steps.map((step) => step.done), [...all.map(() => false), true, true]);
    assert.deepEqual(steps.slice(0, all.length).map((step) => step.value), all);
    const broken = client.operationLogs({ vaultId: biggest, pageSize: 50 });
    let n = 0;
    for await (const _ of broken) if (++n === 10) break;
    assert.equal(n, 10);
    assert.deepEqual(await broken.next(), { value: undefined, done: true });
  });

  test("a server that ignores offset ends the walk with a VbsError instead of looping", async () => {
    const vault = vaults["vault-weekly-database"].id;
    await setFaults(URL_CBR, { policy_id: vault, script: [], repeat_page: true });
    try {
      const ids = [];
      const error = await caught(async () => {
        for await (const log of client.operationLogs({ vaultId: vault, pageSize: 50 })) ids.push(log.id);
      });
      assert.equal(error.kind, "decode", error.message);
      assert.match(error.message, /offset/);
      assert.equal(ids.length, 50, "the first page, then the error");
      assert.equal(new Set(ids).size, 50, "no log twice");
    } finally {
      await setFaults(URL_CBR, null);
    }
    assert.equal((await collect(client.operationLogs({ vaultId: vault, pageSize: 50 }))).length, 362, "cleared: the walk completes");
  });

  test("scripted 503s, a dropped connection and a delay keyed by the vault: every log once with retries", async () => {
    const vault = vaults["vault-weekly-database"].id;
    const expected = await rawLogIds(URL_CBR, vault);
    await setFaults(URL_CBR, {
      policy_id: vault,
      script: [{ status: 503, retry_after: 0 }, { drop: true }, {}, { delay_ms: 300 }, { status: 503 }, {}, { status: 502 }],
    });
    try {
      const retrying = new VbsClient({ endpoint: URL_CBR, projectId: PROJECT, retries: 3 });
      const ids = (await collect(retrying.operationLogs({ vaultId: vault, pageSize: 100 }))).map((log) => log.id);
      assert.deepEqual(ids, expected);
      // Without retries the scripted 503 is the call's error, typed.
      await setFaults(URL_CBR, { policy_id: vault, script: [{ status: 503 }] });
      const once = new VbsClient({ endpoint: URL_CBR, projectId: PROJECT, retries: 0 });
      const error = await caught(() => once.listOperationLogs({ vaultId: vault }));
      assert.equal(error.kind, "http");
      assert.equal(error.status, 503);
      assert.equal(error.code, "BackupService.9910");
    } finally {
      await setFaults(URL_CBR, null);
    }
  });
});

describe("showOperationLog", () => {
  test("gives the log the list gives", async () => {
    const { operationLogs } = await client.listOperationLogs({ limit: 50 });
    for (const log of operationLogs.filter((_, i) => i % 7 === 0)) {
      assert.deepEqual(await client.showOperationLog(log.id), log);
    }
  });

  test("an unknown ID is http 404 BackupService.6500; a bad one is refused before sending", async () => {
    const error = await caught(() => client.showOperationLog("no-such-log"));
    assert.equal(error.kind, "http");
    assert.equal(error.status, 404);
    assert.equal(error.code, "BackupService.6500");
    for (const [id, message] of [["", "invalid id: must not be empty"], [" ", "invalid id: must not be empty"], [42, "invalid id: must be a string"], [undefined, "invalid id: must be a string"]]) {
      const refused = await caught(() => client.showOperationLog(id));
      assert.equal(refused.kind, "invalid_input");
      assert.equal(refused.message, message);
    }
    const unknown = await caught(() => client.showOperationLog("x", { limit: 1 }));
    assert.equal(unknown.message, "invalid limit: is not an option; expected one of signal");
  });
});
