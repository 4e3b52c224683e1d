// The errors of CBR's calls: invalid options, abort, typed errors (HTTP, decode, CBR's own error
// shape), and tolerance of what the package reads.
// Part of the CBR suite: npm-tests/cbr.test.mjs installs the package and runs these tests
// (scripts/npm-test, or `node --test npm-tests/cbr.test.mjs` with the emulators up).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  PROJECT, URL_AUTH, URL_CBR, VbsClient, VbsError, caught, client, json, localServer, setFaults,
} from "../helpers.mjs";
import { biggest, collect, vaults } from "../cbr-helpers.mjs";

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
