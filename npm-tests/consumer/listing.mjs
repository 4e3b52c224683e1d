// Listing: listPolicies, listTasks (pages, filters, options) and the async iterators over tasks
// and pages.
// Part of the Node consumer suite: npm-tests/consumer.test.mjs installs the package and runs these
// tests (scripts/npm-test, or `node --test npm-tests/consumer.test.mjs` with the emulators up).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { PROJECT, STATUSES, URL_PLAIN, caught, client, id, setFaults } from "../helpers.mjs";

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
