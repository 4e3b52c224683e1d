// Exports: CSV of every task of daily-volumes once (RFC 4180, BOM), 中文 intact and the file named
// after the policy, JSON of a filter, and Cancel stopping an export.
// Part of the viewer's end-to-end suite: e2e/viewer.test.mjs runs these tests (scripts/e2e, which
// starts the server; see viewer.test.mjs for the suite's conventions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { exportFile, parseCsv } from '../export.mjs';
import {
  ROOT, TIMEOUT, policies, apiTasks, injectFaults, quiet, clearFaults, newPage, open, rowIds, expectRows,
  allIds,
} from '../viewer-helpers.mjs';

test('Export CSV writes every task of daily-volumes exactly once (RFC 4180, BOM)', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  const expected = await allIds(daily);
  assert.equal(expected.length, 10317);
  await open(page, `?policy=${encodeURIComponent(daily)}`);
  await rowIds(page);
  await page.getByLabel('Auto-refresh').uncheck();
  const { download, bytes } = await exportFile(page, 'Export CSV');
  assert.match(download.suggestedFilename(), /^vbs-tasks_daily-volumes_all_\d{8}-\d{4}\.csv$/);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const rows = parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  assert.equal(rows[0][0], 'job_id');
  assert.equal(rows[0][1], 'status');
  const ids = rows.slice(1).map((row) => row[0]);
  assert.equal(ids.length, 10317, 'one row per task');
  assert.equal(new Set(ids).size, 10317, 'no task twice');
  assert.deepEqual([...ids].sort(), [...expected].sort(), 'the same tasks as the API');
  assert.ok(rows.slice(1).every((row) => row.length === rows[0].length), 'every row has every column');
  // The walk's statistics and the outcome are shown.
  await page.locator('[data-export="done"]').waitFor({ timeout: TIMEOUT });
  await page.locator('[data-scope="filter"] [data-stat="median"]').waitFor({ timeout: TIMEOUT });
  assert.equal(await page.locator('.export-progress').count(), 0, 'the progress bar is gone');
  // The note stays with its policy: not beside another policy's buttons, there again on return.
  await page.getByLabel('Policy', { exact: true }).selectOption(policies['weekly-database']);
  await expectRows(page, (await apiTasks(policies['weekly-database'], 'limit=20')).tasks.map((t) => t.job_id));
  assert.equal(await page.locator('[data-export]').count(), 0, 'no note of daily-volumes\' export beside weekly-database');
  await page.goBack();
  await page.locator('[data-export="done"]').waitFor({ timeout: TIMEOUT });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Export CSV keeps 中文 names and messages intact (UTF-8 with BOM) and names the file after the policy', async () => {
  const page = await newPage();
  const zh = policies['每日备份-中文'];
  assert.ok(zh, 'the seeded Chinese policy exists');
  const expected = await apiTasks(zh, 'limit=1000');
  assert.ok(expected.count > 0 && expected.count <= 1000);
  await open(page, `?policy=${encodeURIComponent(zh)}`);
  await rowIds(page);
  const { download, bytes } = await exportFile(page, 'Export CSV');
  assert.match(download.suggestedFilename(), /^vbs-tasks_每日备份-中文_all_\d{8}-\d{4}\.csv$/);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const rows = parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  const header = rows[0];
  const byId = new Map(rows.slice(1).map((row) => [row[0], row]));
  assert.equal(byId.size, expected.count);
  const nameColumn = header.indexOf('backup_name');
  const messageColumn = header.indexOf('message');
  assert.ok(expected.tasks.some((t) => /[\u4e00-\u9fff]/.test(t.backup_name + (t.message ?? ''))), 'the data has Chinese text');
  for (const task of expected.tasks) {
    const row = byId.get(task.job_id);
    assert.ok(row, `task ${task.job_id} exported`);
    const neutral = (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
    assert.equal(row[nameColumn], neutral(task.backup_name));
    assert.equal(row[messageColumn], neutral(task.message ?? ''));
  }
  await page.context().close();
});

test('Export JSON of a filter holds exactly its tasks', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  const expected = await allIds(daily, 'EXECUTE_FAIL');
  await open(page, `?policy=${encodeURIComponent(daily)}&status=EXECUTE_FAIL`);
  await rowIds(page);
  const { download, bytes } = await exportFile(page, 'Export JSON');
  assert.match(download.suggestedFilename(), /^vbs-tasks_daily-volumes_EXECUTE_FAIL_\d{8}-\d{4}\.json$/);
  const doc = JSON.parse(bytes.toString('utf8'));
  assert.equal(doc.count, expected.length);
  assert.equal(doc.filter, 'EXECUTE_FAIL');
  const ids = doc.tasks.map((t) => t.job_id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...ids].sort(), [...expected].sort());
  assert.ok(doc.tasks.every((t) => t.status === 'EXECUTE_FAIL'));
  await page.context().close();
});

test('Cancel stops an export: every request in flight is aborted, the progress goes away and nothing is downloaded', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  await open(page, `?policy=${encodeURIComponent(daily)}`);
  await rowIds(page);
  await page.getByLabel('Auto-refresh').uncheck();
  const downloads = [];
  page.on('download', (d) => downloads.push(d));
  // The export's requests (oldest first; the table asks newest first), and how each ended.
  const inFlight = new Set();
  const aborted = [];
  const exportRequest = (request) => request.url().includes('/backuptasks?') && request.url().includes('sort_dir=asc');
  page.on('request', (request) => { if (exportRequest(request)) inFlight.add(request); });
  page.on('requestfinished', (request) => inFlight.delete(request));
  page.on('requestfailed', (request) => { if (inFlight.delete(request)) aborted.push(request.failure()?.errorText); });
  // The first page and one of the next answer at once, the rest take 3 s: Cancel lands mid-walk
  // with four requests in flight.
  await quiet(page);
  await injectFaults(daily, [{}, {}, ...Array(9).fill({ delay_ms: 3000 })]);
  try {
    await page.getByRole('button', { name: 'Export CSV', exact: true }).click();
    const progress = page.getByRole('group', { name: 'Export progress' });
    await progress.waitFor({ timeout: TIMEOUT });
    // Two pages of 1,000 that overlap by one task.
    await progress.getByText('page 2, 1,999 of 10,317 tasks (19%)').waitFor({ timeout: TIMEOUT });
    assert.equal(await progress.locator('progress').getAttribute('value'), '19');
    assert.ok(await page.getByRole('button', { name: 'Export CSV', exact: true }).isDisabled(), 'one export at a time');
    await page.locator('.insights').screenshot({ path: join(ROOT, 'docs', 'export-progress.png') });
    // The browser reports requests a little after the page draws: wait for it to settle.
    const settle = async (done) => { for (let i = 0; i < 40 && !done(); i += 1) await page.waitForTimeout(50); };
    await settle(() => inFlight.size === 4);
    assert.equal(inFlight.size, 4, 'four pages at a time');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await progress.waitFor({ state: 'detached', timeout: TIMEOUT });
    await page.locator('[data-export="cancelled"]').waitFor({ timeout: TIMEOUT });
    await settle(() => inFlight.size === 0);
    assert.equal(inFlight.size, 0, 'no export request left in flight');
    assert.equal(aborted.length, 4, `every request in flight aborted: ${aborted}`);
    assert.ok(aborted.every((reason) => reason === 'net::ERR_ABORTED'), aborted.join());
    await page.waitForTimeout(4000); // past the slow answers' arrival
    assert.equal(downloads.length, 0, 'no download after Cancel');
    assert.equal(await progress.count(), 0);
    assert.ok(await page.getByRole('button', { name: 'Export CSV', exact: true }).isEnabled());
  } finally {
    await clearFaults();
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
