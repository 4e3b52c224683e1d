// The viewer under injected faults, in headless Chromium: a second `vbs-server --no-live` started by
// scripts/e2e (VBS_E2E_FAULTY_URL) answers 30 % of API requests 503, delays every answer up to 2 s
// and drops 5 % of connections. The expected tasks come from the fault-free server (VBS_E2E_URL),
// which has the same seed and frozen clock, so the same data.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchChromium } from './chromium.mjs';
import { allRows } from './rows.mjs';

const PLAIN = (process.env.VBS_E2E_URL || 'http://127.0.0.1:18090').replace(/\/$/, '');
const FAULTY = (process.env.VBS_E2E_FAULTY_URL || 'http://127.0.0.1:18091').replace(/\/$/, '');
const TOTAL = 10317;
const PAGE_SIZE = 100;
/** One step of a walk: three attempts of up to 2 s each, their backoff, and rendering. */
const STEP_TIMEOUT = 45_000;

let browser;
let daily;
/** Every job id of daily-volumes, newest first (the viewer's default order). */
let expected;

async function api(base, path) {
  const response = await fetch(`${base}${path}`);
  assert.equal(response.status, 200, `${path} answered ${response.status}`);
  return response.json();
}

async function faultCounts() {
  return api(FAULTY, '/__emulator/faults');
}

/** What the faulty server injected since the reading `start`. */
async function injectedSince(start) {
  const now = await faultCounts();
  return Object.fromEntries(Object.keys(now).map((key) => [key, now[key] - start[key]]));
}

async function script(steps) {
  const response = await fetch(`${FAULTY}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ policy_id: daily, script: steps }),
  });
  assert.equal(response.status, 204, 'fault script accepted');
}

before(async () => {
  const { projectId } = await api(PLAIN, '/viewer-config.json');
  const list = await api(PLAIN, `/v2/${projectId}/backuppolicy`);
  daily = list.backup_policies.find((p) => p.backup_policy_name === 'daily-volumes').backup_policy_id;
  expected = [];
  for (let offset = 0; offset < TOTAL; offset += 1000) {
    const page = await api(PLAIN, `/v2/${projectId}/backuppolicy/${daily}/backuptasks?limit=1000&offset=${offset}`);
    expected.push(...page.tasks.map((t) => t.job_id));
  }
  assert.equal(expected.length, TOTAL);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await fetch(`${FAULTY}/__emulator/faults`, { method: 'DELETE' }).catch(() => {});
});

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  return page;
}

test('paging through all 104 pages of daily-volumes: every task once, errors shown and recovered, never a stale page', async (t) => {
  const page = await newPage();
  // Every state the table is ever drawn in, with the page the URL names at that moment: a stale
  // page (rows of one page under another's URL) would be caught even if it showed for one frame.
  // The table is windowed: the rows drawn are those in view, each with its place in the page.
  await page.addInitScript(() => {
    window.__drawn = [];
    const record = () => {
      const rows = [...document.querySelectorAll('tr.task-row')].map((row) => [Number(row.getAttribute('aria-rowindex')) - 2, row.dataset.jobId]);
      if (rows.length === 0) return;
      const page = Number(new URLSearchParams(location.search).get('page') || '1');
      const last = window.__drawn[window.__drawn.length - 1];
      const key = `${page}:${rows.join(';')}`;
      if (!last || last.key !== key) window.__drawn.push({ key, page, rows });
    };
    new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-job-id', 'aria-rowindex'] });
  });
  // The first load fails whatever the dice say (every attempt of the rows and the overview is a
  // 503: 21 requests), and so, most likely, do the first Try agains (9 more), so the walk starts
  // with an error to recover from, and a retry that fails again leaves the panel to press again.
  await script(Array.from({ length: 30 }, () => ({ status: 503 })));
  const start = await faultCounts();
  await page.goto(`${FAULTY}/?policy=${encodeURIComponent(daily)}&page_size=${PAGE_SIZE}`);

  const pages = Math.ceil(TOTAL / PAGE_SIZE);
  const seen = [];
  let errorsShown = 0;
  for (let n = 1; n <= pages; n++) {
    const want = expected.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
    for (;;) {
      // Either this page's rows, or an error panel whose Try again is ready (it waits while a
      // retry runs; a retry that fails too leaves the panel and makes it ready again): then the
      // panel's text is read and Try again pressed in the same turn.
      const outcome = await page.waitForFunction((n) => {
        const panel = document.querySelector('.notice--error[role="alert"]');
        const retry = panel && [...panel.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Try again');
        if (retry && !retry.disabled) {
          const text = panel.textContent;
          retry.click();
          return { error: text };
        }
        const urlPage = Number(new URLSearchParams(location.search).get('page') || '1');
        const rows = document.querySelectorAll('tr.task-row');
        const busy = document.querySelector('table.tasks')?.getAttribute('aria-busy') === 'true';
        return urlPage === n && rows.length > 0 && !busy ? { rows: true } : false;
      }, n, { timeout: STEP_TIMEOUT }).then((handle) => handle.jsonValue());
      if (outcome.rows) break;
      errorsShown += 1;
      assert.match(outcome.error, /HTTP 503|network/i, `the error says what failed: ${outcome.error}`);
      // The press is taken: the button waits for the retry (or the panel has already gone).
      await page.waitForFunction(() => {
        const retry = [...document.querySelectorAll('.notice--error[role="alert"] button')].find((b) => b.textContent.trim() === 'Try again');
        return !retry || retry.disabled;
      }, null, { timeout: STEP_TIMEOUT });
    }
    const ids = (await allRows(page)).map((row) => row?.jobId ?? null);
    assert.deepEqual(ids, want, `page ${n} shows its tasks`);
    seen.push(...ids);
    if (n < pages) await page.getByRole('button', { name: 'Next page' }).click();
  }

  assert.equal(seen.length, TOTAL, 'every task');
  assert.equal(new Set(seen).size, TOTAL, 'no task twice');
  assert.ok(errorsShown >= 1, 'the scripted failure was shown');

  const drawn = await page.evaluate(() => window.__drawn);
  for (const state of drawn) {
    const want = expected.slice((state.page - 1) * PAGE_SIZE, state.page * PAGE_SIZE);
    assert.deepEqual(state.rows, state.rows.map(([index]) => [index, want[index]]), `the rows drawn under page ${state.page} are that page's`);
  }
  const during = await injectedSince(start);
  t.diagnostic(`${pages} pages, ${errorsShown} errors shown and recovered, ${drawn.length} table states checked; injected ${JSON.stringify(during)}`);
  assert.ok(during.unavailable > 30, 'random 503s as well as the scripted ones');
  assert.deepEqual(page.problems, [], 'no script error');
  await page.context().close();
});

test('Export CSV under faults downloads every task of daily-volumes exactly once', async (t) => {
  const page = await newPage();
  await page.goto(`${FAULTY}/?policy=${encodeURIComponent(daily)}`);
  await page.locator('tr.task-row').first().waitFor({ timeout: STEP_TIMEOUT * 3 })
    .catch(async () => {
      // The first load may have run out of attempts: the panel's Try again recovers it.
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.locator('tr.task-row').first().waitFor({ timeout: STEP_TIMEOUT });
    });
  await page.getByLabel('Auto-refresh').uncheck();
  const start = await faultCounts();
  let download;
  let failures = 0;
  // An export page has 8 attempts, so a failed export is rare (0.35⁸ a page); when one fails its
  // error is shown and exporting again starts over.
  while (!download) {
    const downloaded = page.waitForEvent('download', { timeout: 240_000 }).catch(() => null);
    await page.getByRole('button', { name: 'Export CSV', exact: true }).click();
    const outcome = await Promise.race([
      downloaded.then((d) => ({ d })),
      page.locator('[data-export="failed"]').waitFor({ timeout: 240_000 }).then(() => ({ failed: true })),
    ]);
    if (outcome.d) download = outcome.d;
    else {
      failures += 1;
      assert.ok(failures < 3, 'the export kept failing');
    }
  }
  const text = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  // Job ids hold no comma or quote: the first field of each row, quoted or not.
  const ids = text.split('\r\n').slice(1).filter(Boolean).map((line) => /^"?([^",]*)/.exec(line)[1]);
  assert.equal(ids.length, TOTAL, 'one row per task');
  assert.equal(new Set(ids).size, TOTAL, 'no task twice');
  assert.deepEqual([...ids].sort(), [...expected].sort(), 'the same tasks as the API');
  await page.locator('[data-export="done"]').waitFor({ timeout: STEP_TIMEOUT });
  const during = await injectedSince(start);
  t.diagnostic(`export: ${failures} failed exports; injected ${JSON.stringify(during)}`);
  // 11 pages (and one call to learn the walk ended), 8 attempts each, per export started.
  assert.ok(during.requests <= 12 * 8 * (failures + 1), `retries bounded: ${JSON.stringify(during)}`);
  assert.ok(during.unavailable + during.dropped > 0, 'faults were injected during the export');
  assert.deepEqual(page.problems, [], 'no script error');
  await page.context().close();
});
