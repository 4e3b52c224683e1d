// Policies at a glance (each with its latest task and counts, failures first), and watching: a
// running task on screen that ends raises a notice, or a desktop notification when allowed.
// Part of the viewer's end-to-end suite: e2e/viewer.test.mjs runs these tests (scripts/e2e, which
// starts the server; see viewer.test.mjs for the suite's conventions).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  TIMEOUT, policies, apiTasks, newPage, open, rowIds, expectRows, expectUrl, param, STATUSES,
} from '../viewer-helpers.mjs';

test('policies at a glance: each policy with its latest task and counts, failures first; a click opens it', async () => {
  const page = await newPage();
  await open(page);
  await rowIds(page);
  await page.getByLabel('Auto-refresh').uncheck();
  await page.getByRole('button', { name: 'Policies at a glance' }).click();
  const glance = page.getByRole('region', { name: 'Policies at a glance' });
  await glance.waitFor({ timeout: TIMEOUT });
  const count = Object.keys(policies).length;
  await page.waitForFunction((n) => {
    const rows = [...document.querySelectorAll('tr.glance-row')];
    return rows.length === n && rows.every((row) => row.dataset.latest !== 'LOADING');
  }, count, { timeout: TIMEOUT });
  const rows = await glance.locator('tr.glance-row').evaluateAll((list) => list.map((row) => ({
    id: row.dataset.policyId,
    latest: row.dataset.latest,
    total: row.querySelector('.glance-counts')?.dataset.total,
    counts: Object.fromEntries([...row.querySelectorAll('.glance-count')].map((c) => [c.dataset.status, Number(c.dataset.count)])),
  })));
  assert.deepEqual(rows.map((r) => r.id).sort(), Object.values(policies).sort(), 'every policy once');
  for (const row of rows) {
    const latest = await apiTasks(row.id, 'limit=1');
    assert.equal(row.latest, latest.tasks[0]?.status ?? 'NONE', `latest task of ${row.id}`);
    if (latest.count > 0) assert.equal(Number(row.total), latest.count, `total of ${row.id}`);
    for (const status of STATUSES) {
      const n = (await apiTasks(row.id, `status=${status}&limit=1`)).count;
      assert.equal(row.counts[status] ?? 0, n, `${status} of ${row.id}`);
    }
  }
  // Every cell of a row spans the row: a cell laid out as something else than a table cell
  // leaves the row's grid and its borders out of line.
  const misaligned = await glance.locator('tr.glance-row').evaluateAll((list) => list.flatMap((row) => {
    const box = row.getBoundingClientRect();
    return [...row.cells].filter((cell) => {
      const c = cell.getBoundingClientRect();
      return Math.abs(c.top - box.top) > 1 || Math.abs(c.bottom - box.bottom) > 1;
    }).map((cell) => `${row.dataset.policyId} ${cell.dataset.label}`);
  }));
  assert.deepEqual(misaligned, [], 'cells out of line with their row');
  const failing = rows.map((r) => r.latest === 'EXECUTE_FAIL' || r.latest === 'EXECUTE_TIMEOUT');
  const firstSettled = failing.indexOf(false);
  assert.ok(firstSettled === -1 || failing.slice(firstSettled).every((f) => !f), `failures first: ${JSON.stringify(rows.map((r) => r.latest))}`);
  // A line that failed is not stuck: Refresh asks for every line again.
  const flaky = policies['nightly-small'];
  await page.route((url) => url.pathname.includes(`/backuppolicy/${flaky}/backuptasks`), (route) => route.fulfill({
    status: 404, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'AutoBackup.0205', message: 'The backup policy does not exist.' } }),
  }));
  await page.getByRole('button', { name: 'Refresh' }).click();
  const flakyRow = (latest) => glance.locator(`tr.glance-row[data-policy-id="${flaky}"][data-latest="${latest}"]`);
  await flakyRow('ERROR').waitFor({ timeout: TIMEOUT });
  assert.equal(await flakyRow('ERROR').locator('.glance-error').textContent(), 'AutoBackup.0205');
  await page.unrouteAll();
  await page.getByRole('button', { name: 'Refresh' }).click();
  const latestFlaky = await apiTasks(flaky, 'limit=1');
  await flakyRow(latestFlaky.tasks[0]?.status ?? 'NONE').waitFor({ timeout: TIMEOUT });
  const target = policies['weekly-database'];
  await glance.locator(`tr.glance-row[data-policy-id="${target}"] button`).click();
  await glance.waitFor({ state: 'detached', timeout: TIMEOUT });
  await expectUrl(page, (url) => param(url, 'policy') === target, 'open weekly-database');
  const expected = await apiTasks(target, 'limit=20');
  await expectRows(page, expected.tasks.map((t) => t.job_id));
  assert.deepEqual(page.problems, []);
  assert.deepEqual(page.dialogs, [], 'the markup policy name ran no script');
  await page.context().close();
});

test('watch: a running task on screen that ends raises a notice (in-page without notification permission)', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  await open(page, `?policy=${encodeURIComponent(daily)}`);
  await rowIds(page);
  await page.getByLabel('Auto-refresh').uncheck();
  const running = (await apiTasks(daily, 'limit=20')).tasks.find((t) => t.status === 'RUNNING');
  assert.ok(running, 'the first page has a running task');
  // The next answers for the table say that task succeeded.
  const table = (url) => url.pathname.endsWith('/backuptasks') && url.searchParams.get('limit') === '20';
  const finish = async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    for (const task of body.tasks) {
      if (task.job_id === running.job_id) { task.status = 'EXECUTE_SUCCESS'; task.finished_at = task.created_at; }
    }
    await route.fulfill({ response, json: body });
  };
  const refresh = async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForFunction(() => !document.querySelector('.button--spinning'), null, { timeout: TIMEOUT });
    await page.waitForTimeout(300);
  };
  // Unwatched: nothing is told.
  await page.route(table, finish);
  await refresh();
  await page.locator(`tr.task-row[data-job-id="${running.job_id}"] [data-status="EXECUTE_SUCCESS"]`).waitFor({ timeout: TIMEOUT });
  assert.equal(await page.locator('.toast').count(), 0);
  await page.unroute(table);
  await refresh();
  await page.locator(`tr.task-row[data-job-id="${running.job_id}"] [data-status="RUNNING"]`).waitFor({ timeout: TIMEOUT });
  // Watched: it is.
  await page.getByLabel('Watch', { exact: true }).check();
  await page.route(table, finish);
  await refresh();
  const toast = page.locator(`.toast[data-job-id="${running.job_id}"]`);
  await toast.waitFor({ timeout: TIMEOUT });
  assert.equal(await toast.getAttribute('data-status'), 'EXECUTE_SUCCESS');
  assert.ok((await toast.textContent()).includes('Succeeded'));
  assert.equal(await page.locator('.toast').count(), 1, 'only the task that ended');
  await toast.getByRole('button', { name: 'Dismiss' }).click();
  await toast.waitFor({ state: 'detached', timeout: TIMEOUT });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('watch: with notifications allowed, a desktop notification says which task ended and how', async () => {
  const page = await newPage();
  // A browser that allows notifications; each one made is recorded instead of shown.
  await page.addInitScript(() => {
    window.__notified = [];
    window.Notification = class {
      static permission = 'granted';
      static requestPermission() { return Promise.resolve('granted'); }
      constructor(title, options) { window.__notified.push({ title, body: options.body }); }
    };
  });
  const daily = policies['daily-volumes'];
  await open(page, `?policy=${encodeURIComponent(daily)}`);
  await rowIds(page);
  await page.getByLabel('Auto-refresh').uncheck();
  const running = (await apiTasks(daily, 'limit=20')).tasks.find((t) => t.status === 'RUNNING');
  assert.ok(running, 'the first page has a running task');
  await page.getByLabel('Watch', { exact: true }).check();
  const table = (url) => url.pathname.endsWith('/backuptasks') && url.searchParams.get('limit') === '20';
  await page.route(table, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    for (const task of body.tasks) {
      if (task.job_id === running.job_id) { task.status = 'EXECUTE_FAIL'; task.finished_at = task.created_at; }
    }
    await route.fulfill({ response, json: body });
  });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.waitForFunction(() => window.__notified.length > 0, null, { timeout: TIMEOUT });
  const notified = await page.evaluate(() => window.__notified);
  assert.deepEqual(notified.map((n) => n.title), ['Backup task ended: Failed']);
  assert.equal(notified[0].body,
    `The backup task ${running.job_id}, which you were watching, has ended. Its details are in the viewer's table.`);
  // Notified on the desktop: no in-page notice as well.
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.toast').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
