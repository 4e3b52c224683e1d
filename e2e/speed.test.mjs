// What a person waits for, end to end in headless Chromium: pages that are already there (the page
// cache, the next page fetched ahead) and the whole-set export in parallel.
//
// Against `vbs-server --no-live --latency-ms 300` (VBS_E2E_SLOW_URL: every answer takes a region's
// round trip) and, for the export, a live clock with random faults (VBS_E2E_LIVE_URL); scripts/e2e
// starts both. Nothing here is timed: each test proves the order of events instead (rows on
// screen while their own request is still pending, as the browser reports it).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchChromium } from './chromium.mjs';

const SLOW = (process.env.VBS_E2E_SLOW_URL || 'http://127.0.0.1:18092').replace(/\/$/, '');
const LIVE = (process.env.VBS_E2E_LIVE_URL || 'http://127.0.0.1:18093').replace(/\/$/, '');
// The frozen emulator without latency (scripts/e2e's first server), for what a fast answer shows.
const FAST = (process.env.VBS_E2E_URL || 'http://127.0.0.1:18090').replace(/\/$/, '');
const TIMEOUT = 15_000;

let browser;
let project;
let daily;

/** GET on `base` (retried: the live server injects faults), as JSON. */
async function api(base, path) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await fetch(`${base}${path}`);
      if (response.ok) return await response.json();
      if (attempt >= 20) assert.fail(`${path} answered ${response.status}`);
    } catch (error) {
      if (attempt >= 20) throw error;
    }
  }
}

const tasksPath = (query) => `/v2/${project}/backuppolicy/${encodeURIComponent(daily)}/backuptasks?${query}`;

/** Every task of daily-volumes matching `filter` as the API lists them, oldest first. */
async function allIds(base, filter = '') {
  const ids = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await api(base, tasksPath(`sort_dir=asc&limit=1000&offset=${offset}${filter}`));
    ids.push(...page.tasks.map((task) => task.job_id));
    if (page.tasks.length < 1000) return ids;
  }
}

before(async () => {
  const config = await api(SLOW, '/viewer-config.json');
  project = config.projectId;
  const list = await api(SLOW, `/v2/${project}/backuppolicy`);
  daily = list.backup_policies.find((policy) => policy.backup_policy_name === 'daily-volumes').backup_policy_id;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await fetch(`${SLOW}/__emulator/faults`, { method: 'DELETE' }).catch(() => {});
});

async function injectFaults(script) {
  const answer = await fetch(`${SLOW}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ policy_id: daily, script }),
  });
  assert.ok(answer.ok, `fault injection answered ${answer.status}`);
}

const clearFaults = () => fetch(`${SLOW}/__emulator/faults`, { method: 'DELETE' });

/**
 * A page that records its task requests: `page.tasksRequests` lists { offset, status, done } for
 * each request of daily-volumes' tasks, `done` once the browser has the whole answer.
 */
async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.tasksRequests = [];
  const seen = new Map();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.endsWith('/backuptasks')) return;
    const entry = { offset: Number(url.searchParams.get('offset') || 0), status: url.searchParams.get('status'), done: false };
    seen.set(request, entry);
    page.tasksRequests.push(entry);
  });
  const finish = (request) => { const entry = seen.get(request); if (entry) entry.done = true; };
  page.on('requestfinished', finish);
  page.on('requestfailed', finish);
  return page;
}

/** Waits (without timing anything) until `check()` holds. */
async function until(page, check, what) {
  for (let i = 0; i < 300; i += 1) {
    if (check()) return;
    await page.waitForTimeout(50);
  }
  assert.fail(`never: ${what}`);
}

/**
 * Waits until the page has no task request in flight and has fetched the pages at `offsets`
 * (those fetched ahead included): a scripted fault then meets the request the test makes next.
 */
async function settled(page, offsets) {
  await until(page, () => page.tasksRequests.every((r) => r.done)
    && offsets.every((offset) => page.tasksRequests.some((r) => r.offset === offset && r.done)), `settled on ${offsets}`);
  // A request that starts right after the last answer (the next page fetched ahead) shows now.
  await page.waitForTimeout(300);
  await until(page, () => page.tasksRequests.every((r) => r.done), 'nothing in flight');
}

const rowIds = (page) => page.locator('tr.task-row').evaluateAll((rows) => rows.map((row) => row.dataset.jobId));

async function waitForRows(page, ids) {
  await page.waitForFunction((ids) => {
    const shown = [...document.querySelectorAll('tr.task-row')].map((row) => row.dataset.jobId);
    return shown.length > 0 && JSON.stringify(shown.slice(0, ids.length)) === JSON.stringify(ids);
  }, ids, { timeout: TIMEOUT });
}

async function openDaily(page) {
  await page.goto(`${SLOW}/?policy=${encodeURIComponent(daily)}`);
  await page.locator('tr.task-row').first().waitFor({ timeout: TIMEOUT });
  await page.getByLabel('Auto-refresh').uncheck();
}

test('Next shows the page fetched ahead while its own request is still on its way', async () => {
  const page = await newPage();
  const second = (await api(SLOW, tasksPath('limit=20&offset=20'))).tasks.map((task) => task.job_id);
  await openDaily(page);
  // Once the first page is on screen and the browser idle, the second is fetched ahead.
  await settled(page, [0, 20]);
  const before = page.tasksRequests.length;
  // Page 2's own request (the revalidation) is held 5 s more than the region's 300 ms.
  await injectFaults([{ delay_ms: 5000 }]);
  try {
    await page.getByRole('button', { name: 'Next page' }).click();
    await waitForRows(page, second);
    const own = page.tasksRequests.slice(before).filter((r) => r.offset === 20);
    assert.equal(own.length, 1, 'page 2 is still asked for (revalidated)');
    assert.equal(own[0].done, false, 'its rows were shown before its request answered');
    assert.deepEqual(await rowIds(page), second);
  } finally {
    await clearFaults();
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Back shows the cached rows at once, then the revalidated ones', async () => {
  const page = await newPage();
  const first = await api(SLOW, tasksPath('limit=20&offset=0'));
  const firstIds = first.tasks.map((task) => task.job_id);
  await openDaily(page);
  await waitForRows(page, firstIds);
  await page.getByRole('button', { name: 'Next page' }).click();
  await settled(page, [20, 40]);
  // When page 1 is asked for again, the service has a changed first row (a new name), late.
  const changed = structuredClone(first);
  changed.tasks[0].backup_name = 'renamed-while-away';
  await injectFaults([{ status: 200, body: JSON.stringify(changed), delay_ms: 1500 }]);
  try {
    const before = page.tasksRequests.length;
    await page.goBack();
    await waitForRows(page, firstIds);
    const own = page.tasksRequests.slice(before).filter((r) => r.offset === 0);
    assert.equal(own.length, 1, 'page 1 is asked for again');
    assert.equal(own[0].done, false, 'the cached rows came first');
    assert.equal(await page.getByText('renamed-while-away').count(), 0);
    await page.getByText('renamed-while-away').waitFor({ timeout: TIMEOUT });
    assert.deepEqual(await rowIds(page), firstIds, 'the same rows, revalidated in place');
  } finally {
    await clearFaults();
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a filter change never shows the cached rows of another filter', async () => {
  const page = await newPage();
  const failed = new Set(await allIds(SLOW, '&status=EXECUTE_FAIL'));
  const status = page.getByLabel('Status', { exact: true });
  await openDaily(page);
  // Succeeded, then all again: both pages are kept in the cache now.
  await status.selectOption('EXECUTE_SUCCESS');
  const succeeded = (await api(SLOW, tasksPath('limit=20&offset=0&status=EXECUTE_SUCCESS'))).tasks.map((t) => t.job_id);
  await waitForRows(page, succeeded);
  await status.selectOption('');
  const all = (await api(SLOW, tasksPath('limit=20&offset=0'))).tasks.map((t) => t.job_id);
  await waitForRows(page, all);
  // On screen: all tasks' page 2. Page 1 of all and of succeeded are in the cache.
  await page.getByRole('button', { name: 'Next page' }).click();
  const onScreen = (await api(SLOW, tasksPath('limit=20&offset=20'))).tasks.map((t) => t.job_id);
  await waitForRows(page, onScreen);
  await settled(page, [20, 40]);
  const cachedElsewhere = [...succeeded, ...all].filter((id) => !failed.has(id) && !onScreen.includes(id));
  assert.ok(cachedElsewhere.length > 0, 'the cached pages hold rows the failed filter does not');
  // From here every set of rows the table shows is recorded, while the failed ones load late.
  await page.evaluate(() => {
    window.__shown = [];
    const record = () => window.__shown.push([...document.querySelectorAll('tr.task-row')].map((row) => row.dataset.jobId));
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true });
  });
  await injectFaults([{ delay_ms: 1500 }]);
  try {
    await status.selectOption('EXECUTE_FAIL');
    await waitForRows(page, (await api(SLOW, tasksPath('limit=20&offset=0&status=EXECUTE_FAIL'))).tasks.map((t) => t.job_id));
    const shown = await page.evaluate(() => window.__shown);
    const ids = await rowIds(page);
    assert.ok(ids.every((id) => failed.has(id)), 'the failed rows are shown');
    // Only the rows that were on screen (until the table redraws) and the failed ones: never a
    // page of another filter from the cache.
    const strangers = shown.flat().filter((id) => !failed.has(id) && !onScreen.includes(id));
    assert.deepEqual(strangers, []);
  } finally {
    await clearFaults();
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an export under faults and a live clock has every task exactly once', async (t) => {
  const page = await browser.newPage({ acceptDownloads: true, locale: 'en-US' });
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  const atStart = await allIds(LIVE);
  await page.goto(`${LIVE}/?policy=${encodeURIComponent(daily)}`);
  await page.locator('tr.task-row').first().waitFor({ timeout: TIMEOUT * 3 })
    .catch(async () => {
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.locator('tr.task-row').first().waitFor({ timeout: TIMEOUT });
    });
  await page.getByLabel('Auto-refresh').uncheck();
  let download;
  for (let attempt = 1; !download; attempt += 1) {
    const downloaded = page.waitForEvent('download', { timeout: 240_000 }).catch(() => null);
    await page.getByRole('button', { name: 'Export CSV', exact: true }).click();
    const outcome = await Promise.race([
      downloaded.then((d) => ({ d })),
      page.locator('[data-export="failed"]').waitFor({ timeout: 240_000 }).then(() => ({ failed: true })),
    ]);
    if (outcome.d) download = outcome.d;
    else assert.ok(attempt < 3, 'the export kept failing');
  }
  const atEnd = new Set(await allIds(LIVE));
  const text = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  const ids = text.split('\r\n').slice(1).filter(Boolean).map((line) => /^"?([^",]*)/.exec(line)[1]);
  t.diagnostic(`${atStart.length} tasks at the start, ${ids.length} exported, ${atEnd.size} at the end`);
  assert.equal(new Set(ids).size, ids.length, 'no task twice');
  const exported = new Set(ids);
  assert.deepEqual(atStart.filter((id) => !exported.has(id)), [], 'every task of the start is in the file');
  assert.deepEqual(ids.filter((id) => !atEnd.has(id)), [], 'nothing that is not a task');
  // Newest first, as the table shows them.
  assert.equal(ids.at(-1), atStart[0], 'the oldest task last');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the rows are drawn first and keep their place under the insights while these arrive', async () => {
  // On a region's round trip the first frame comes before the rows (the boot does not wait for
  // them), so only the place is checked there; on the local emulator the page opens with its rows,
  // and the insights above them come in the next frame, in a box already of their size.
  const servers = [[SLOW, 'a region\'s round trip'], [FAST, 'the local emulator']];
  for (const [base, where] of servers) {
    for (const width of [1440, 1024]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' });
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (error) => problems.push(error.message));
      // Where the first row is, and what is above it, in the mutation that put it in the page.
      await page.addInitScript(() => {
        window.firstRow = null;
        new MutationObserver(() => {
          const row = document.querySelector('tbody tr.task-row');
          const box = document.querySelector('.insights');
          if (row && box && !window.firstRow) {
            window.firstRow = {
              below: row.getBoundingClientRect().top - box.getBoundingClientRect().bottom,
              height: box.getBoundingClientRect().height,
              insightsDrawn: document.querySelector('section.insights') !== null,
            };
          }
        }).observe(document, { subtree: true, childList: true });
      });
      const config = await api(base, '/viewer-config.json');
      await page.goto(`${base}/?project=${config.projectId}&policy=${encodeURIComponent(daily)}`);
      await page.locator('.legend__entry').first().waitFor({ timeout: TIMEOUT });
      const first = await page.evaluate(() => window.firstRow);
      assert.ok(first, 'the first row was seen');
      if (base === FAST) {
        assert.equal(first.insightsDrawn, false, `${where}, ${width} px: the first frame with rows has the table, not yet the insights`);
      }
      const settled = await page.evaluate(() => {
        const box = document.querySelector('section.insights').getBoundingClientRect();
        return { below: document.querySelector('tbody tr.task-row').getBoundingClientRect().top - box.bottom, height: box.height };
      });
      // The toolbar above may still grow when the policy list comes late (it can wrap); the
      // insights' box, and the table right under it, do not move.
      assert.deepEqual(settled, { below: first.below, height: first.height },
        `${where}, ${width} px: the insights' box kept its size and the table its place under it`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  }
});
