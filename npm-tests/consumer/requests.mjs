// What the package accepts and sends: tolerance of the answers it reads, the requests it makes,
// authentication (token, AK/SK) against `vbs-server --require-auth`, and hostile responses
// (tests/hostile/cases.json, also run natively and in Chromium).
// Part of the Node consumer suite: npm-tests/consumer.test.mjs installs the package and runs these
// tests (scripts/npm-test, or `node --test npm-tests/consumer.test.mjs` with the emulators up).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";

import {
  PROJECT, ROOT, URL_AUTH, URL_PLAIN, VbsClient, caught, json, localServer, policiesByName, setFaults,
} from "../helpers.mjs";

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
