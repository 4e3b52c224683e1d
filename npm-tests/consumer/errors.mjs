// The errors a consumer gets, each a VbsError of its kind: invalid options (thrown before any
// request), HTTP, network, timeout, aborted (with any abort reason), decode (naming the field);
// and Retry-After and the retries of a 503.
// Part of the Node consumer suite: npm-tests/consumer.test.mjs installs the package and runs these
// tests (scripts/npm-test, or `node --test npm-tests/consumer.test.mjs` with the emulators up).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  PROJECT, URL_PLAIN, VbsClient, VbsError, caught, client, closedPort, id, json, localServer, setFaults,
} from "../helpers.mjs";

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
