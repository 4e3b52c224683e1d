// CBR's calls of the npm package (`listOperationLogs`, `operationLogs`, `showOperationLog`),
// installed from the packed tarball, against an emulator of its own (URL_CBR, `vbs-server
// --no-live`: frozen clock, the same data on every start), whose fault scripts these tests set
// without racing the VBS suites, and against tiny local servers for answers the emulator never gives.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import {
  PROJECT, URL_AUTH, URL_CBR, importFrom, installPackedPackage, json, localServer, setFaults,
} from "./helpers.mjs";
import {
  BIGGEST_VAULT_LOGS, expectedLog, expectedPolicy, expectedVault, rawList, rawLogIds, rawPage, vaultsByName,
} from "./cbr-helpers.mjs";

const DISK_PROVIDER = "d1603440-187d-4516-af25-121250c7cc97";
const SERVER_PROVIDER = "0daac4c5-6707-4851-97ba-169e36266b66";

let install, VbsClient, VbsError, client, vaults, biggest;

before(async () => {
  install = installPackedPackage("cbr");
  ({ VbsClient, VbsError } = await importFrom(install.project));
  client = new VbsClient({ endpoint: URL_CBR, projectId: PROJECT });
  vaults = await vaultsByName(URL_CBR);
  biggest = vaults["vault-daily-volumes"].id;
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

/** Every value yielded by an async iterator. */
async function collect(iterator) {
  const items = [];
  for await (const item of iterator) items.push(item);
  return items;
}

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

describe("listVaults and listCbrPolicies", () => {
  test("listVaults gives { count, vaults }: the kept members camelCased, createdAt a Date", async () => {
    const list = await client.listVaults();
    const raw = await rawList(URL_CBR, "vaults");
    assert.equal(list.count, 6);
    assert.deepEqual(list, { count: raw.count, limit: raw.limit, offset: raw.offset, vaults: raw.vaults.map(expectedVault) });
    for (const vault of list.vaults) {
      assert.ok(vault.createdAt instanceof Date, vault.name);
      assert.ok(vault.resources.length > 0 || vault.name === "vault-empty-policy", vault.name);
      for (const [key, value] of Object.entries(vault.billing)) assert.ok(value !== null && value !== undefined, key);
    }
    const names = list.vaults.map((vault) => vault.name);
    assert.ok(names.includes("vault-每日备份-中文") && names.includes("vault-<img src=x onerror=alert(1)>"), names.join(", "));
  });

  test("listVaults filters by policyId and name, and pages by limit and offset", async () => {
    const { policies } = await client.listCbrPolicies();
    const daily = policies.find((policy) => policy.name === "daily-volumes");
    const byPolicy = await client.listVaults({ policyId: daily.id });
    assert.deepEqual(byPolicy.vaults.map((vault) => vault.id), daily.associatedVaults.map((vault) => vault.vaultId));
    assert.deepEqual((await client.listVaults({ name: "vault-nightly-small" })).vaults.map((vault) => vault.name), ["vault-nightly-small"]);
    const all = await client.listVaults();
    const window = await client.listVaults({ limit: 2, offset: 1 });
    assert.deepEqual(window, { count: 6, limit: 2, offset: 1, vaults: all.vaults.slice(1, 3) });
    assert.deepEqual((await client.listVaults({ policyId: "no-such-policy" })).vaults, []);
  });

  test("listCbrPolicies gives { count, policies }, filtered by operationType and vaultId", async () => {
    const list = await client.listCbrPolicies();
    const raw = await rawList(URL_CBR, "policies");
    assert.equal(list.count, 7);
    assert.deepEqual(list, { count: raw.count, policies: raw.policies.map(expectedPolicy) });
    const replication = await client.listCbrPolicies({ operationType: "replication" });
    assert.deepEqual(replication.policies.map((policy) => policy.name), ["replicate-to-cn-east-3"]);
    assert.ok(replication.policies[0].associatedVaults[0].destinationVaultId, "a replication policy's destination");
    const backup = await client.listCbrPolicies({ operationType: "backup" });
    assert.equal(backup.policies.length, 6);
    assert.ok(backup.policies.every((policy) => policy.operationType === "backup"));
    assert.ok(backup.policies.some((policy) => !policy.enabled), "the disabled empty-policy");
    const ofBiggest = await client.listCbrPolicies({ vaultId: biggest });
    assert.deepEqual(ofBiggest.policies.map((policy) => policy.name).sort(), ["daily-volumes", "replicate-to-cn-east-3"]);
  });

  test("a policy's tasks by the contract's recipe: its vaults, their logs, kept by policyId", async () => {
    const { policies } = await client.listCbrPolicies({ operationType: "backup" });
    const policy = policies.find((each) => each.name === "weekly-database");
    const { vaults: bound } = await client.listVaults({ policyId: policy.id, limit: 1000 });
    const logs = [];
    for (const vault of bound) {
      for await (const log of client.operationLogs({ vaultId: vault.id })) if (log.policyId === policy.id) logs.push(log);
    }
    assert.ok(logs.length >= 350, `the policy's backups and retention deletes: ${logs.length}`);
    assert.ok(logs.every((log) => log.vaultName === "vault-weekly-database"));
    assert.ok(logs.some((log) => log.operationType === "backup") && logs.some((log) => log.operationType === "delete"));
  });

  test("invalid options are invalid_input before any request; a signal aborts", async () => {
    const counter = await localServer((req, res) => json(res, 200, { count: 0, vaults: [], policies: [] }));
    try {
      const local = new VbsClient({ endpoint: counter.url, projectId: PROJECT });
      const vaultCases = [
        [{ limit: 0 }, "invalid limit: must be from 1 to 1000, got 0"],
        [{ limit: 1001 }, "invalid limit: must be from 1 to 1000, got 1001"],
        [{ limit: 2.5 }, 'invalid limit: "2.5" is not a whole number from 0 to 4294967295'],
        [{ offset: -1 }, 'invalid offset: "-1" is not a whole number from 0 to 4294967295'],
        [{ offset: 2 ** 31 }, "invalid offset: must be from 0 to 2147483647, got 2147483648"],
        [{ policyId: "" }, "invalid policyId: must not be empty"],
        [{ name: 5 }, "invalid name: must be a string"],
        [{ policy_id: "p" }, "invalid policy_id: is not an option; expected one of policyId, name, limit, offset, signal"],
        [{ signal: {} }, "invalid signal: must be an AbortSignal"],
      ];
      for (const [options, message] of vaultCases) {
        const error = await caught(() => local.listVaults(options));
        assert.equal(error.kind, "invalid_input", message);
        assert.equal(error.message, message);
      }
      const policyCases = [
        [{ operationType: "restore" }, "invalid operationType: must be backup or replication"],
        [{ vaultId: " " }, "invalid vaultId: must not be empty"],
        [{ vault_id: "v" }, "invalid vault_id: is not an option; expected one of operationType, vaultId, signal"],
        [{ operationType: null }, "invalid operationType: must be a string"],
      ];
      for (const [options, message] of policyCases) {
        const error = await caught(() => local.listCbrPolicies(options));
        assert.equal(error.kind, "invalid_input", message);
        assert.equal(error.message, message);
      }
      assert.equal(counter.requests.length, 0, "nothing was sent");
    } finally {
      await counter.close();
    }
    for (const call of [() => client.listVaults({ signal: AbortSignal.abort() }), () => client.listCbrPolicies({ signal: AbortSignal.abort() })]) {
      assert.equal((await caught(call)).kind, "aborted");
    }
    await setFaults(URL_CBR, { policy_id: "cbr", script: [{ delay_ms: 3000 }, { delay_ms: 3000 }] });
    try {
      const started = Date.now();
      assert.equal((await caught(() => client.listVaults({ signal: AbortSignal.timeout(200) }))).kind, "aborted");
      assert.equal((await caught(() => client.listCbrPolicies({ signal: AbortSignal.timeout(200) }))).kind, "aborted");
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    } finally {
      await setFaults(URL_CBR, null);
    }
  });

  test("a malformed list is decode, naming the member", async () => {
    const bodies = {
      "/vaults-bad": { count: 1, vaults: [{ id: "v", name: 7, project_id: "p", provider_id: "x", resources: [] }] },
      "/policies-bad": { count: 1, policies: [{ id: "p", name: "n", operation_type: "backup", enabled: "yes", associated_vaults: [] }] },
    };
    const server = await localServer((req, res) => json(res, 200, bodies[Object.keys(bodies).find((prefix) => req.url.startsWith(prefix))]));
    try {
      const vaultsError = await caught(() => new VbsClient({ endpoint: server.url + "/vaults-bad", projectId: PROJECT }).listVaults());
      assert.equal(vaultsError.kind, "decode");
      assert.match(vaultsError.message, /vaults\[0\]\.name/);
      const policiesError = await caught(() => new VbsClient({ endpoint: server.url + "/policies-bad", projectId: PROJECT }).listCbrPolicies());
      assert.equal(policiesError.kind, "decode");
      assert.match(policiesError.message, /policies\[0\]\.enabled/);
    } finally {
      await server.close();
    }
  });
});

describe("invalid options", () => {
  test("are invalid_input VbsErrors naming the option, thrown or rejected before any request", async () => {
    const counter = await localServer((req, res) => json(res, 200, { count: 0, operation_logs: [] }));
    try {
      const local = new VbsClient({ endpoint: counter.url, projectId: PROJECT });
      const revoked = Proxy.revocable({}, {});
      revoked.revoke();
      const listCases = [
        [{ limit: 0 }, "invalid limit: must be from 1 to 1000, got 0"],
        [{ limit: 1001 }, "invalid limit: must be from 1 to 1000, got 1001"],
        [{ limit: -1 }, "limit"],
        [{ limit: 2.5 }, "limit"],
        [{ limit: NaN }, "limit"],
        [{ limit: "5" }, "invalid limit: must be a number"],
        [{ offset: -1 }, "offset"],
        [{ offset: 1.5 }, "offset"],
        [{ status: "done" }, 'invalid status: "done" is not a task status; expected one of success, skipped, failed, running, timeout, waiting'],
        [{ status: "SUCCESS" }, "status"],
        [{ status: 1 }, "invalid status: must be a string"],
        [{ operationType: "backups" }, 'invalid operationType: "backups" is not an operation type; expected one of backup, copy, replication, delete, restore, vault_delete, remove_resource, sync, migrate_resources'],
        [{ startTime: "2026-01-01" }, 'invalid startTime: "2026-01-01" is not a time of the form YYYY-MM-DDTHH:MM:SSZ (UTC)'],
        [{ startTime: "2026-01-01T00:00:00" }, "startTime"],
        [{ endTime: "2026-01-01T00:00:00.000Z" }, "endTime"],
        [{ endTime: "2026-02-30T00:00:00Z" }, "endTime"],
        [{ startTime: 1767225600000 }, "invalid startTime: must be a Date or a time of the form YYYY-MM-DDTHH:MM:SSZ (UTC)"],
        [{ startTime: {} }, "invalid startTime: must be a Date or a time of the form YYYY-MM-DDTHH:MM:SSZ (UTC)"],
        [{ startTime: new Proxy(new Date(), {}) }, "invalid startTime: must be a Date or a time of the form YYYY-MM-DDTHH:MM:SSZ (UTC)"],
        [{ endTime: revoked.proxy }, "invalid endTime: must be a Date or a time of the form YYYY-MM-DDTHH:MM:SSZ (UTC)"],
        [{ endTime: null }, "invalid endTime: must be a Date or a time of the form YYYY-MM-DDTHH:MM:SSZ (UTC)"],
        [{ startTime: new Date(NaN) }, "invalid startTime: must be a valid Date from the year 0 to 9999"],
        [{ startTime: new Date("+010000-01-01T00:00:00Z") }, "invalid startTime: must be a valid Date from the year 0 to 9999"],
        [{ startTime: "2026-02-01T00:00:00Z", endTime: "2026-01-01T00:00:00Z" }, "invalid startTime: must not be after endTime"],
        [{ startTime: new Date("2026-01-01T00:00:00.700Z"), endTime: new Date("2026-01-01T00:00:00.500Z") }, "invalid startTime: must not be after endTime"],
        [{ startTime: new Date("2026-02-01T00:00:00Z"), endTime: "2026-01-01T00:00:00Z" }, "invalid startTime: must not be after endTime"],
        [{ vaultId: "" }, "invalid vaultId: must not be empty"],
        [{ resourceName: " " }, "invalid resourceName: must not be empty"],
        [{ enterpriseProjectId: ["0"] }, "invalid enterpriseProjectId: must be a string"],
        [{ vault_id: "v" }, "invalid vault_id: is not an option; expected one of startTime, endTime, status, operationType, vaultId, vaultName, resourceId, resourceName, providerId, enterpriseProjectId, limit, offset, signal"],
        [{ pageSize: 10 }, "invalid pageSize: is not an option; expected one of startTime, endTime, status, operationType, vaultId, vaultName, resourceId, resourceName, providerId, enterpriseProjectId, limit, offset, signal"],
        [{ signal: {} }, "invalid signal: must be an AbortSignal"],
        [{ get vaultId() { throw new Error("boom"); } }, "invalid vaultId: could not be read"],
        [revoked.proxy, "invalid options: could not be read"],
        ["status=failed", "invalid options: must be an object"],
      ];
      // Labelled by what is expected: JSON.stringify would throw on the Proxy of a Date itself.
      for (const [options, expected] of listCases) {
        const error = await caught(() => local.listOperationLogs(options));
        assert.equal(error.kind, "invalid_input", expected);
        if (expected.startsWith("invalid ")) assert.equal(error.message, expected);
        else assert.ok(error.message.startsWith(`invalid ${expected}: `), `${expected}: ${error.message}`);
        assert.equal(error.status, undefined);
      }
      const iterateCases = [
        [{ pageSize: 0 }, "invalid pageSize: must be from 1 to 1000, got 0"],
        [{ pageSize: 1001 }, "invalid pageSize: must be from 1 to 1000, got 1001"],
        [{ pageSize: "5" }, "invalid pageSize: must be a number"],
        [{ limit: 5 }, "invalid limit: is not an option; expected one of startTime, endTime, status, operationType, vaultId, vaultName, resourceId, resourceName, providerId, enterpriseProjectId, pageSize, signal"],
        [{ offset: 5 }, "invalid offset: is not an option; expected one of startTime, endTime, status, operationType, vaultId, vaultName, resourceId, resourceName, providerId, enterpriseProjectId, pageSize, signal"],
        [{ status: "done" }, 'invalid status: "done" is not a task status; expected one of success, skipped, failed, running, timeout, waiting'],
        [{ startTime: "2026-02-01T00:00:00Z", endTime: "2026-01-01T00:00:00Z" }, "invalid startTime: must not be after endTime"],
        [{ endTime: "yesterday" }, 'invalid endTime: "yesterday" is not a time of the form YYYY-MM-DDTHH:MM:SSZ (UTC)'],
      ];
      for (const [options, message] of iterateCases) {
        assert.throws(() => local.operationLogs(options), (e) => e instanceof VbsError && e.kind === "invalid_input" && e.message === message, message);
      }
      assert.equal(counter.requests.length, 0, "nothing was sent");
      // undefined is absent, as TypeScript's optional properties mean.
      assert.deepEqual(await local.listOperationLogs({ startTime: undefined, vault_id: undefined, limit: 5 }), { count: 0, operationLogs: [] });
      assert.equal(counter.requests.length, 1, "only the valid call was sent");
    } finally {
      await counter.close();
    }
  });
});

describe("abort", () => {
  test("an aborted signal ends each call as aborted, before or during its request", async () => {
    const aborted = AbortSignal.abort();
    for (const [what, call] of [
      ["listOperationLogs", () => client.listOperationLogs({ signal: aborted })],
      ["showOperationLog", () => client.showOperationLog("x", { signal: aborted })],
      ["operationLogs", () => collect(client.operationLogs({ signal: aborted }))],
    ]) {
      const error = await caught(call);
      assert.equal(error.kind, "aborted", what);
    }
    const vault = vaults["vault-nightly-small"].id;
    await setFaults(URL_CBR, { policy_id: vault, script: [{ delay_ms: 3000 }, { delay_ms: 3000 }] });
    try {
      let started = Date.now();
      const during = await caught(() => client.listOperationLogs({ vaultId: vault, signal: AbortSignal.timeout(200) }));
      assert.equal(during.kind, "aborted");
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
      started = Date.now();
      const walk = await caught(() => collect(client.operationLogs({ vaultId: vault, signal: AbortSignal.timeout(200) })));
      assert.equal(walk.kind, "aborted");
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    } finally {
      await setFaults(URL_CBR, null);
    }
  });

  test("aborting mid-walk ends it at once, even within a page already received", async () => {
    const controller = new AbortController();
    let n = 0;
    const error = await caught(async () => {
      for await (const _ of client.operationLogs({ vaultId: biggest, pageSize: 100, signal: controller.signal })) {
        if (++n === 150) controller.abort();
      }
    });
    assert.equal(error.kind, "aborted");
    assert.equal(n, 150);
  });
});

describe("typed errors", () => {
  test("the gateway's 401 without a token, and a token accepted (vbs-server --require-auth)", async () => {
    const anonymous = new VbsClient({ endpoint: URL_AUTH, projectId: PROJECT });
    const error = await caught(() => anonymous.listOperationLogs());
    assert.equal(error.kind, "http");
    assert.equal(error.status, 401);
    assert.equal(error.code, "APIGW.0301");
    assert.ok(error.requestId, "the gateway's request id");
    const iterError = await caught(() => collect(anonymous.operationLogs()));
    assert.equal(iterError.status, 401);
    const withToken = new VbsClient({ endpoint: URL_AUTH, projectId: PROJECT, token: "emulator-token" });
    assert.ok((await withToken.listOperationLogs({ limit: 1 })).count > 10000);
    const signed = new VbsClient({ endpoint: URL_AUTH, projectId: PROJECT, accessKey: "EMULATORAK0000000001", secretKey: "emulator-secret-key" });
    assert.equal((await signed.listOperationLogs({ limit: 3, status: "failed", startTime: new Date(0) })).operationLogs.length, 3);
  });

  test("the API's 400 for what only the server can refuse", async () => {
    // A scripted 400 in CBR's error shape (an unfiltered list's fault key is "cbr") stands for any
    // refusal only the service can make.
    const body = JSON.stringify({ error_code: "BackupService.9900", error_msg: "Parameter verification failed." });
    await setFaults(URL_CBR, { policy_id: "cbr", script: [{ status: 400, body, content_type: "application/json" }] });
    try {
      const error = await caught(() => client.listOperationLogs());
      assert.equal(error.kind, "http");
      assert.equal(error.status, 400);
      assert.equal(error.code, "BackupService.9900");
      assert.match(error.message, /Parameter verification failed/);
    } finally {
      await setFaults(URL_CBR, null);
    }
  });

  test("a malformed body is decode, naming the field", async () => {
    const good = { id: "l-1", status: "success", created_at: "2026-03-01T10:00:00.000000" };
    const bodies = {
      "/bad-count": { count: "many", operation_logs: [] },
      "/no-logs": { count: 1 },
      "/bad-date": { count: 1, operation_logs: [{ ...good, created_at: "yesterday" }] },
      "/bad-progress": { count: 1, operation_logs: [{ ...good, extra_info: { common: { progress: "half", request_id: "r" } } }] },
      "/bad-resource": { count: 1, operation_logs: [good, { ...good, id: "l-2", extra_info: { resource: { id: 7, type: "OS::Nova::Server" } } }] },
      "/truncated": '{"count": 1, "operation_logs": [',
      "/html": "<html><body>maintenance</body></html>",
    };
    const expected = {
      "/bad-count": /count/,
      "/no-logs": /operation_logs/,
      "/bad-date": /operation_logs\[0\]\.created_at/,
      "/bad-progress": /operation_logs\[0\]\.extra_info\.common\.progress/,
      "/bad-resource": /operation_logs\[1\]\.extra_info\.resource\.id/,
      "/truncated": /./,
      "/html": /./,
    };
    const server = await localServer((req, res) => {
      const key = Object.keys(bodies).find((prefix) => req.url.startsWith(prefix));
      json(res, 200, bodies[key]);
    });
    try {
      for (const prefix of Object.keys(bodies)) {
        const local = new VbsClient({ endpoint: server.url + prefix, projectId: PROJECT });
        const error = await caught(() => local.listOperationLogs());
        assert.equal(error.kind, "decode", prefix);
        assert.match(error.message, expected[prefix], prefix);
        const iterError = await caught(() => collect(local.operationLogs()));
        assert.equal(iterError.kind, "decode", prefix);
      }
    } finally {
      await server.close();
    }
  });
});

describe("tolerance", () => {
  test("unknown statuses, operation types and resource types are kept; every documented form is read", async () => {
    const body = {
      count: 3,
      operation_logs: [
        {
          id: "l-1", project_id: "p", status: "paused", operation_type: "archive", created_at: "2026-03-01T10:00:00.5",
          started_at: "2026-03-01T10:00:01Z", updated_at: "2026-03-01T10:00:02.123+00:00", ended_at: null,
          checkpoint_id: null, policy_id: null, provider_id: null, vault_id: null, vault_name: null,
          error_info: { code: "", message: "" },
          extra_info: {
            common: { progress: 250, request_id: "req-1" },
            resource: { id: "r-1", type: "OS::Future::Thing", name: "future", extra_info: { exclude_volumes: ["v-1"], include_volumes: [{ id: "v-2", os_version: "Linux" }] } },
            backup: { backup_id: "b-1", incremental: "\"true\"", app_consistency_status: "1" },
            vault_delete: { fail_count: 1, total_count: 2 },
          },
        },
        {
          id: "l-2", status: "success", operation_type: "backup", created_at: "2026-03-01T09:00:00",
          extra_info: { backup: { backup_id: "b-2", incremental: false }, vault_delete: { fail_delete_count: 3, total_delete_count: 4, fail_count: 1, total_count: 2 } },
        },
        {
          id: "l-3", status: "failed", created_at: "2026-03-01T08:00:00.000000",
          error_info: { code: "BackupService.7101", message: "Backup is not allowed in the current server status." },
          extra_info: { backup: { backup_id: "b-3", incremental: "false" }, remove_resources: { resources: [{ id: "r-9", type: "OS::Nova::Server" }] } },
        },
      ],
    };
    const server = await localServer((req, res) => json(res, 200, body));
    try {
      const local = new VbsClient({ endpoint: server.url, projectId: PROJECT });
      const page = await local.listOperationLogs();
      assert.deepEqual(page, {
        count: 3,
        operationLogs: [
          {
            id: "l-1", projectId: "p", status: "paused", operationType: "archive",
            createdAt: new Date("2026-03-01T10:00:00.500Z"), startedAt: new Date("2026-03-01T10:00:01Z"), updatedAt: new Date("2026-03-01T10:00:02.123Z"),
            errorInfo: { code: "", message: "" },
            extraInfo: {
              common: { progress: 250, requestId: "req-1" },
              resource: { id: "r-1", type: "OS::Future::Thing", name: "future", extraInfo: { excludeVolumes: ["v-1"], includeVolumes: [{ id: "v-2", osVersion: "Linux" }] } },
              backup: { backupId: "b-1", incremental: true, appConsistencyStatus: "1" },
              vaultDelete: { failCount: 1, totalCount: 2 },
            },
          },
          {
            id: "l-2", projectId: "", status: "success", operationType: "backup", createdAt: new Date("2026-03-01T09:00:00Z"),
            errorInfo: { code: "", message: "" },
            extraInfo: { backup: { backupId: "b-2", incremental: false }, vaultDelete: { failCount: 3, totalCount: 4 } },
          },
          {
            id: "l-3", projectId: "", status: "failed", createdAt: new Date("2026-03-01T08:00:00Z"),
            errorInfo: { code: "BackupService.7101", message: "Backup is not allowed in the current server status." },
            extraInfo: { backup: { backupId: "b-3", incremental: false }, removeResources: { resources: [{ id: "r-9", type: "OS::Nova::Server" }] } },
          },
        ],
      });
      assert.deepEqual((await collect(local.operationLogs())).map((log) => log.status), ["paused", "success", "failed"]);
    } finally {
      await server.close();
    }
  });
});
