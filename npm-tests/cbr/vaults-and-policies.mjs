// listVaults and listCbrPolicies: every vault and policy as the API sent it, their filters and
// paging, a policy's tasks by the contract's recipe, and their invalid options and malformed lists.
// Part of the CBR suite: npm-tests/cbr.test.mjs installs the package and runs these tests
// (scripts/npm-test, or `node --test npm-tests/cbr.test.mjs` with the emulators up).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { PROJECT, URL_CBR, VbsClient, caught, client, json, localServer, setFaults } from "../helpers.mjs";
import { biggest, expectedPolicy, expectedVault, rawList } from "../cbr-helpers.mjs";

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
