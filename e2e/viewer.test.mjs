// End-to-end tests of the viewer in headless Chromium, against `vbs-server --no-live`
// (scripts/e2e starts one and builds the viewer). Run: node --test e2e/
//
// The server's data is deterministic (seed 42, frozen clock), so the expected rows are read from the
// same API the page calls: each test compares what the page shows with what the API answers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { axeViolations } from './axe.mjs';
import { allRows } from './rows.mjs';
import { exportFile, parseCsv } from './export.mjs';

const BASE = (process.env.VBS_E2E_URL || 'http://127.0.0.1:18090').replace(/\/$/, '');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCREENSHOT = join(ROOT, 'docs', 'viewer.png');
// Screenshots for a person to look at, not committed (target/ is ignored).
const OUTPUT = join(ROOT, 'target', 'e2e');
const HEADERS = ['Status', 'Job ID', 'Backup name', 'Resource', 'Created', 'Finished', 'Duration'];
const TIMEOUT = 15_000;

let browser;
let project;
const policies = {}; // name → id

async function api(path) {
  const response = await fetch(`${BASE}${path}`);
  return { status: response.status, body: await response.json() };
}

/** The tasks the API returns for a policy and query (what the page must show). */
async function apiTasks(policyId, query = '') {
  const { status, body } = await api(`/v2/${project}/backuppolicy/${encodeURIComponent(policyId)}/backuptasks?${query}`);
  assert.equal(status, 200, `API answered ${status} for ${query}`);
  return body;
}

before(async () => {
  const config = await api('/viewer-config.json');
  assert.equal(config.status, 200, 'vbs-server must serve /viewer-config.json');
  project = config.body.projectId;
  const list = await api(`/v2/${project}/backuppolicy`);
  for (const policy of list.body.backup_policies) policies[policy.backup_policy_name] = policy.backup_policy_id;
  assert.ok(policies['daily-volumes'], 'the seeded policy daily-volumes exists');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await clearFaults().catch(() => {});
});

/** Scripts the emulator's next answers for a policy (see server/src/faults.rs). */
async function injectFaults(policyId, script) {
  const fault = await fetch(`${BASE}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ policy_id: policyId, script }),
  });
  assert.ok(fault.ok, `fault injection answered ${fault.status}`);
}

/**
 * Waits until the page has no request in flight (and none for half a second): the next page,
 * fetched ahead once the browser is idle, would otherwise take a fault scripted for the test's
 * own next request.
 */
const quiet = (page) => page.waitForLoadState('networkidle');

const clearFaults = () => fetch(`${BASE}/__emulator/faults`, { method: 'DELETE' });

/** A fresh page that records script errors and dialogs (a dialog would mean injected script ran). */
async function newPage(options = {}) {
  // English unless a test asks for another language (the viewer follows navigator.language).
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', ...options });
  const page = await context.newPage();
  page.problems = [];
  page.dialogs = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('dialog', async (dialog) => {
    page.dialogs.push(dialog.message());
    await dialog.dismiss().catch(() => {});
  });
  return page;
}

/**
 * Serves `page` the viewer's page as a static host would: vbs-server writes its config into the
 * page (server/src/page.rs); without it the viewer fetches /viewer-config.json, as index.html
 * preloads it.
 */
async function asOnAStaticHost(page) {
  await page.route((url) => url.origin === BASE && !/\.[a-z]+$/.test(url.pathname) && !url.pathname.startsWith('/v2'), async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const data = /<script type=application\/json id=viewer-config>.*?<\/script>/;
    assert.match(html, data, 'vbs-server writes its config into the page');
    const body = html.replace(data, '<link as=fetch crossorigin href=/viewer-config.json rel=preload>');
    await route.fulfill({ response, body });
  });
}

async function open(page, query = '') {
  await page.goto(`${BASE}/${query}`);
}

/** The job ids of the rows in the DOM, once the table has data rows (not skeletons). */
async function rowIds(page) {
  await page.locator('tr.task-row').first().waitFor({ timeout: TIMEOUT });
  return page.locator('tr.task-row').evaluateAll((rows) => rows.map((row) => row.dataset.jobId));
}

/** The locator of the row at `index` of the page (0-based), scrolled into the DOM and view. */
async function rowAt(page, index) {
  const row = page.locator(`tr.task-row[aria-rowindex="${index + 2}"]`);
  if (await row.count() === 0) {
    await page.evaluate((index) => {
      const wrap = document.querySelector('.table-wrap--tasks');
      wrap.scrollIntoView();
      wrap.scrollTop = index * document.querySelector('tr.task-row').getBoundingClientRect().height;
    }, index);
  }
  await row.waitFor({ timeout: TIMEOUT });
  return row;
}

async function rowStatuses(page) {
  return page.locator('tr.task-row [data-status]').evaluateAll((badges) => badges.map((b) => b.dataset.status));
}

/**
 * Waits until the table shows exactly these job ids (in order): as many rows as ids
 * (`aria-rowcount`, the header included), each row in the DOM the one at its place, and then,
 * scrolled through, every row of the page.
 */
async function expectRows(page, ids) {
  await page.waitForFunction(
    (expected) => {
      const table = document.querySelector('table.task-table');
      if (table?.getAttribute('aria-rowcount') !== String(expected.length + 1)) return false;
      const rows = [...table.querySelectorAll('tr.task-row')];
      return rows.length > 0 && rows.every((row) => expected[Number(row.getAttribute('aria-rowindex')) - 2] === row.dataset.jobId);
    },
    ids,
    { timeout: TIMEOUT },
  ).catch(async () => {
    assert.deepEqual(await rowIds(page).catch(() => []), ids, 'shown rows');
  });
  assert.deepEqual((await allRows(page)).map((row) => row?.jobId), ids, 'the rows of the whole page, scrolled through');
}

async function expectSummary(page, text) {
  await page.getByRole('status').filter({ hasText: text }).waitFor({ timeout: TIMEOUT })
    .catch(async () => assert.equal(await page.getByRole('status').textContent(), text, 'summary'));
}

async function expectUrl(page, predicate, what) {
  await page.waitForURL((url) => predicate(new URL(url)), { timeout: TIMEOUT })
    .catch(() => assert.fail(`URL ${page.url()} should ${what}`));
}

const param = (url, key) => url.searchParams.get(key);

/** A status overview request: one `limit=1` count per status. */
const isOverviewRequest = (url) => new URL(url).searchParams.get('limit') === '1';

const STATUSES = ['RUNNING', 'EXECUTE_TIMEOUT', 'WAITING', 'EXECUTE_FAIL', 'EXECUTE_SUCCESS', 'SKIP'];

/** Every job id of a policy (and status), walked through the API 1000 at a time. */
async function allIds(policyId, status) {
  const ids = [];
  for (let offset = 0; ; offset += 1000) {
    const body = await apiTasks(policyId, `limit=1000&offset=${offset}${status ? `&status=${status}` : ''}`);
    ids.push(...body.tasks.map((t) => t.job_id));
    if (body.tasks.length === 0 || ids.length >= body.count) return ids;
  }
}



test('the first page shows 20 rows of the first policy with the table contract', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  const expected = await apiTasks(daily, 'limit=20');
  await open(page);
  await expectRows(page, expected.tasks.map((t) => t.job_id));
  assert.equal(await page.locator('tbody tr.task-row').count(), 20);
  assert.deepEqual(await page.locator('table thead th').allTextContents(), HEADERS);
  await expectSummary(page, `1–20 of ${expected.count.toLocaleString('en-US')}`);
  assert.equal(expected.count, 10317);
  // The first policy of the list opened, and the link says so.
  await expectUrl(page, (url) => param(url, 'policy') === daily && param(url, 'project') === project, 'name the policy');
  assert.equal(await page.getByLabel('Policy', { exact: true }).inputValue(), daily);
  for (const label of ['Status', 'Job ID', 'Order', 'Page size']) {
    assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `control labelled ${label}`);
  }
  assert.equal(await page.getByLabel('Order', { exact: true }).inputValue(), 'desc');
  assert.equal(await page.getByLabel('Page size', { exact: true }).inputValue(), '20');
  const statusValues = await page.getByLabel('Status', { exact: true }).locator('option').evaluateAll((o) => o.map((x) => x.value));
  assert.deepEqual(statusValues, ['', 'RUNNING', 'EXECUTE_TIMEOUT', 'WAITING', 'EXECUTE_FAIL', 'EXECUTE_SUCCESS', 'SKIP']);
  // The status badge of each row shows the API's status.
  assert.deepEqual(await rowStatuses(page), expected.tasks.map((t) => t.status));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('each filter changes the rows and the URL', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  await open(page);
  await rowIds(page);

  // Status
  const failed = await apiTasks(daily, 'status=EXECUTE_FAIL&limit=20');
  await page.getByLabel('Status', { exact: true }).selectOption('EXECUTE_FAIL');
  await expectUrl(page, (url) => param(url, 'status') === 'EXECUTE_FAIL', 'carry status=EXECUTE_FAIL');
  await expectRows(page, failed.tasks.map((t) => t.job_id));
  assert.ok((await rowStatuses(page)).every((s) => s === 'EXECUTE_FAIL'));
  await expectSummary(page, `1–20 of ${failed.count.toLocaleString('en-US')}`);

  // Clear filters appears with a filter and removes it.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expectUrl(page, (url) => !url.searchParams.has('status'), 'drop the status');
  await expectSummary(page, '1–20 of 10,317');
  assert.equal(await page.getByRole('button', { name: 'Clear filters' }).count(), 0);

  // Order
  const oldest = await apiTasks(daily, 'sort_dir=asc&limit=20');
  await page.getByLabel('Order', { exact: true }).selectOption('asc');
  await expectUrl(page, (url) => param(url, 'order') === 'asc', 'carry order=asc');
  await expectRows(page, oldest.tasks.map((t) => t.job_id));

  // Page size
  const fifty = await apiTasks(daily, 'sort_dir=asc&limit=50');
  await page.getByLabel('Page size', { exact: true }).selectOption('50');
  await expectUrl(page, (url) => param(url, 'page_size') === '50', 'carry page_size=50');
  await expectRows(page, fifty.tasks.map((t) => t.job_id));
  await expectSummary(page, '1–50 of 10,317');

  // The largest page: 1,000 rows, in the API's order.
  const thousand = await apiTasks(daily, 'sort_dir=asc&limit=1000');
  await page.getByLabel('Page size', { exact: true }).selectOption('1000');
  await expectUrl(page, (url) => param(url, 'page_size') === '1000', 'carry page_size=1000');
  await expectRows(page, thousand.tasks.map((t) => t.job_id));
  await expectSummary(page, '1–1,000 of 10,317');
  // Its timeline stays an overview: every task a bar, the chart no taller than 900 px.
  await page.waitForFunction(() => document.querySelectorAll('.timeline rect.tl-bar').length === 1000, null, { timeout: TIMEOUT });
  const chart = await page.locator('.timeline__chart').boundingBox();
  assert.ok(chart.height > 800 && chart.height <= 900, `timeline height ${chart.height}`);
  await page.getByLabel('Page size', { exact: true }).selectOption('50');
  await expectRows(page, fifty.tasks.map((t) => t.job_id));

  // Job ID
  const wanted = fifty.tasks[7].job_id;
  await page.getByLabel('Job ID', { exact: true }).fill(wanted);
  await page.getByLabel('Job ID', { exact: true }).press('Enter');
  await expectUrl(page, (url) => param(url, 'job_id') === wanted, 'carry the job id');
  await expectRows(page, [wanted]);
  await expectSummary(page, '1–1 of 1');

  // A job id that matches nothing says so and offers to clear filters.
  await page.getByLabel('Job ID', { exact: true }).fill('no-such-job');
  await page.getByLabel('Job ID', { exact: true }).press('Enter');
  await page.getByText('No tasks match these filters').waitFor({ timeout: TIMEOUT });
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expectUrl(page, (url) => !url.searchParams.has('job_id'), 'drop the job id');
  await expectRows(page, fifty.tasks.map((t) => t.job_id));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('paging reaches the last page of daily-volumes and back', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  await open(page);
  await rowIds(page);

  const last = await apiTasks(daily, 'limit=20&offset=10300');
  assert.equal(last.tasks.length, 17);
  await page.getByRole('button', { name: 'Last page' }).click();
  await expectUrl(page, (url) => param(url, 'page') === '516', 'be on page 516');
  await expectRows(page, last.tasks.map((t) => t.job_id));
  await expectSummary(page, '10,301–10,317 of 10,317');
  assert.ok(await page.getByRole('button', { name: 'Next page' }).isDisabled());
  assert.ok(await page.getByRole('button', { name: 'Last page' }).isDisabled());

  const before = await apiTasks(daily, 'limit=20&offset=10280');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expectUrl(page, (url) => param(url, 'page') === '515', 'be on page 515');
  await expectRows(page, before.tasks.map((t) => t.job_id));
  await expectSummary(page, '10,281–10,300 of 10,317');

  await page.getByRole('button', { name: 'First page' }).click();
  await expectUrl(page, (url) => !url.searchParams.has('page'), 'drop the page on page 1');
  await expectSummary(page, '1–20 of 10,317');
  assert.ok(await page.getByRole('button', { name: 'Previous page' }).isDisabled());

  const second = await apiTasks(daily, 'limit=20&offset=20');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expectRows(page, second.tasks.map((t) => t.job_id));
  await expectSummary(page, '21–40 of 10,317');
  const third = await apiTasks(daily, 'limit=20&offset=40');
  await page.locator('.pager__page', { hasText: /^3$/ }).click();
  await expectUrl(page, (url) => param(url, 'page') === '3', 'be on page 3');
  await expectRows(page, third.tasks.map((t) => t.job_id));

  // A link past the end: Previous leads to the last page, not to the page before the link's.
  await open(page, `?policy=${daily}&page=9999`);
  await page.getByText('This page is past the end').waitFor({ timeout: TIMEOUT });
  assert.ok(!(await page.getByRole('button', { name: 'Last page', exact: true }).isDisabled()), 'Last leads back');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expectUrl(page, (url) => param(url, 'page') === '516', 'be on page 516');
  await expectRows(page, last.tasks.map((t) => t.job_id));
  await page.context().close();
});

test('a deep link opens the same view, and a reload keeps it', async () => {
  const page = await newPage();
  const weekly = policies['weekly-database'];
  const expected = await apiTasks(weekly, 'status=EXECUTE_SUCCESS&sort_dir=asc&limit=10&offset=10');
  assert.ok(expected.count > 20, 'enough successful tasks for a second page');
  const link = `?project=${project}&policy=${weekly}&status=EXECUTE_SUCCESS&order=asc&page_size=10&page=2`;
  await open(page, link);
  await expectRows(page, expected.tasks.map((t) => t.job_id));
  await expectSummary(page, `11–20 of ${expected.count.toLocaleString('en-US')}`);
  assert.equal(await page.getByLabel('Policy', { exact: true }).inputValue(), weekly);
  assert.equal(await page.getByLabel('Status', { exact: true }).inputValue(), 'EXECUTE_SUCCESS');
  assert.equal(await page.getByLabel('Order', { exact: true }).inputValue(), 'asc');
  assert.equal(await page.getByLabel('Page size', { exact: true }).inputValue(), '10');
  assert.equal(new URL(page.url()).search, link, 'the link is kept as written');

  await page.reload();
  await expectRows(page, expected.tasks.map((t) => t.job_id));
  assert.equal(new URL(page.url()).search, link);
  await page.context().close();
});

test('a link that spells the view another way is kept as written, until the view changes', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  const expected = await apiTasks(daily, 'limit=20');
  // Defaults spelled out, keys in another order: the same view as `?project=…&policy=…`.
  const link = `?page=1&page_size=20&order=desc&policy=${daily}&project=${project}`;
  // The status counts are sent after the effect that syncs the URL has run.
  const counted = page.waitForResponse((response) => isOverviewRequest(response.url()), { timeout: TIMEOUT });
  await open(page, link);
  await expectRows(page, expected.tasks.map((t) => t.job_id));
  await counted;
  assert.equal(new URL(page.url()).search, link, 'no rewrite for an equivalent link');
  await page.getByLabel('Order', { exact: true }).selectOption('asc');
  await expectUrl(page, (url) => url.search === `?project=${project}&policy=${daily}&order=asc`, 'spell the new view');
  await page.context().close();
});

test('Back and Forward walk through earlier views', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  const all = await apiTasks(daily, 'limit=20');
  const failed = await apiTasks(daily, 'status=EXECUTE_FAIL&limit=20');
  const failedPage2 = await apiTasks(daily, 'status=EXECUTE_FAIL&limit=20&offset=20');
  await open(page);
  await expectRows(page, all.tasks.map((t) => t.job_id));
  await page.getByLabel('Status', { exact: true }).selectOption('EXECUTE_FAIL');
  await expectRows(page, failed.tasks.map((t) => t.job_id));
  await page.getByRole('button', { name: 'Next page' }).click();
  await expectRows(page, failedPage2.tasks.map((t) => t.job_id));

  await page.goBack();
  await expectUrl(page, (url) => param(url, 'status') === 'EXECUTE_FAIL' && !url.searchParams.has('page'), 'be the first failed page');
  await expectRows(page, failed.tasks.map((t) => t.job_id));
  await page.goBack();
  await expectUrl(page, (url) => !url.searchParams.has('status'), 'have no status');
  await expectRows(page, all.tasks.map((t) => t.job_id));
  assert.equal(await page.getByLabel('Status', { exact: true }).inputValue(), '');
  await page.goForward();
  await expectRows(page, failed.tasks.map((t) => t.job_id));
  assert.equal(await page.getByLabel('Status', { exact: true }).inputValue(), 'EXECUTE_FAIL');
  await page.goForward();
  await expectRows(page, failedPage2.tasks.map((t) => t.job_id));
  await page.context().close();
});

test('a copy the browser refuses says so instead of claiming it copied', async () => {
  const page = await newPage();
  // As a browser without permission does: the write is refused.
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) },
    });
  });
  await open(page);
  await rowIds(page);
  const button = page.locator('tr.task-row').first().getByRole('button', { name: 'Copy job ID' });
  await button.click();
  await page.locator('tr.task-row button.copy.copy--failed').first().waitFor({ timeout: TIMEOUT });
  assert.match(await button.getAttribute('title'), /^Copy failed/);
  assert.equal(await page.locator('button.copy--done').count(), 0, 'nothing claims it copied');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('details of a failed task show its code and message; Enter opens, Esc closes', async () => {
  const page = await newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
  const daily = policies['daily-volumes'];
  const failed = await apiTasks(daily, 'status=EXECUTE_FAIL&limit=20');
  const [first, second] = failed.tasks;
  assert.ok(first.code && first.message, 'the API gives failures a code and message');
  await open(page, `?policy=${daily}&status=EXECUTE_FAIL`);
  await expectRows(page, failed.tasks.map((t) => t.job_id));

  await page.locator(`tr.task-row[data-job-id="${first.job_id}"]`).click();
  const details = page.getByRole('dialog', { name: 'Task details' });
  await details.waitFor({ timeout: TIMEOUT });
  assert.equal(await details.locator('[data-field="code"]').textContent(), first.code);
  assert.equal(await details.locator('[data-field="message"]').textContent(), first.message);
  const text = await details.textContent();
  for (const value of [first.job_id, first.vbs_job_id, first.resource_id, first.backup_name]) {
    assert.ok(text.includes(value), `details show ${value}`);
  }
  // The panel's own copy buttons copy and say so.
  const panelCopy = details.getByRole('button', { name: 'Copy resource ID' });
  await panelCopy.click();
  await page.waitForFunction((id) => navigator.clipboard.readText().then((text) => text === id), first.resource_id, { timeout: TIMEOUT });
  // The feedback follows the clipboard's answer.
  await page.waitForFunction(() => document.querySelector('.details button.copy--done')?.title === 'Copied', null, { timeout: TIMEOUT });
  await page.keyboard.press('Escape');
  await details.waitFor({ state: 'detached', timeout: TIMEOUT });

  // A row's copy button copies its job ID with one click, without opening the details.
  const row = page.locator(`tr.task-row[data-job-id="${first.job_id}"]`);
  await row.getByRole('button', { name: 'Copy job ID' }).click();
  await page.waitForFunction((id) => navigator.clipboard.readText().then((text) => text === id), first.job_id, { timeout: TIMEOUT });
  await row.locator('button.copy.copy--done[title="Copied"]').first().waitFor({ timeout: TIMEOUT });
  await page.waitForTimeout(200);
  assert.equal(await details.count(), 0, 'copying does not open the details');
  // Enter on a focused copy button copies too, and stays with the button.
  await row.getByRole('button', { name: 'Copy resource ID' }).press('Enter');
  await page.waitForFunction((id) => navigator.clipboard.readText().then((text) => text === id), first.resource_id, { timeout: TIMEOUT });
  await page.waitForTimeout(200);
  assert.equal(await details.count(), 0, 'Enter on a copy button does not open the details');

  // Keyboard: focus the first row, arrow down, Enter.
  await page.locator(`tr.task-row[data-job-id="${first.job_id}"]`).focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.jobId), second.job_id);
  await page.keyboard.press('Enter');
  await details.waitFor({ timeout: TIMEOUT });
  assert.equal(await details.locator('[data-field="code"]').textContent(), second.code);
  // Focus moves into the panel when it opens, so that Esc and Tab work there.
  await page.waitForFunction(() => document.activeElement?.id === 'details-close', null, { timeout: TIMEOUT });
  await page.keyboard.press('Escape');
  await details.waitFor({ state: 'detached', timeout: TIMEOUT });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.jobId), second.job_id, 'focus returns to the row');
  await page.context().close();
});

test('the markup policy renders its names and messages as text and runs no script', async () => {
  const page = await newPage();
  const name = '<img src=x onerror=alert(1)>';
  const id = policies[name];
  assert.ok(id, 'the markup policy is seeded');
  const expected = await apiTasks(id, 'limit=20');
  await open(page);
  await rowIds(page);
  await page.getByLabel('Policy', { exact: true }).selectOption(id);
  await expectRows(page, expected.tasks.map((t) => t.job_id));
  // The policy's name is an option's text, exactly as the API sent it.
  assert.ok((await page.getByLabel('Policy', { exact: true }).locator('option').allTextContents()).includes(name));
  const withMarkup = expected.tasks.find((t) => t.backup_name.includes('<script>'));
  assert.ok(withMarkup, 'a backup name carries markup');
  const cell = page.locator(`tr.task-row[data-job-id="${withMarkup.job_id}"] .cell-name`);
  assert.equal((await cell.textContent()).trim(), withMarkup.backup_name);
  // Details of a failure with markup in code and message.
  const failure = expected.tasks.find((t) => t.message && t.message.includes('<img'));
  await page.locator(`tr.task-row[data-job-id="${failure.job_id}"]`).click();
  const details = page.getByRole('dialog', { name: 'Task details' });
  assert.equal(await details.locator('[data-field="message"]').textContent(), failure.message);
  assert.equal(await details.locator('[data-field="code"]').textContent(), failure.code);
  await page.waitForTimeout(500);
  const injected = await page.evaluate(() => ({
    imgs: document.querySelectorAll('img').length,
    svgOnload: document.querySelectorAll('[onload], [onerror]').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent.includes('alert')).length,
    bold: document.querySelectorAll('tbody b').length,
  }));
  assert.deepEqual(injected, { imgs: 0, svgOnload: 0, scripts: 0, bold: 0 });
  assert.deepEqual(page.dialogs, [], 'no alert() ran');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an unknown policy shows the API error code and what to do', async () => {
  const page = await newPage();
  await open(page, '?policy=nope');
  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: TIMEOUT });
  const text = await alert.textContent();
  assert.ok(text.includes('AutoBackup.0205'), text);
  assert.ok(text.includes('HTTP 404'), text);
  assert.ok(text.includes('does not exist'), text);
  assert.ok(/pick another/i.test(text), text);
  assert.equal(await page.locator('tr.task-row').count(), 0);
  // The policy list still loads, so another policy can be picked.
  await page.getByLabel('Policy', { exact: true }).selectOption(policies['nightly-small']);
  await expectSummary(page, '1–5 of 5');
  assert.equal(await page.locator('tr.task-row').count(), 5);
  await page.context().close();
});

test('an empty policy says it has no tasks', async () => {
  const page = await newPage();
  await open(page, `?policy=${policies['empty-policy']}`);
  await page.getByText('No backup tasks yet').waitFor({ timeout: TIMEOUT });
  await expectSummary(page, 'No tasks');
  await page.context().close();
});

test('rapid filter changes end on the last one\'s rows (a slow older answer is dropped)', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  const skipped = await apiTasks(daily, 'status=SKIP&limit=20');
  await open(page);
  await rowIds(page);
  // Auto-refresh off, so that no background refresh takes the delayed slot.
  await page.getByLabel('Auto-refresh').uncheck();
  await quiet(page);
  await injectFaults(daily, [{ delay_ms: 1500 }]);
  try {
    await page.getByLabel('Status', { exact: true }).selectOption('EXECUTE_FAIL'); // delayed 1.5 s
    // While it loads, skeleton rows stand in (and no stale rows of the previous filter).
    await page.locator('tr.skeleton-row').first().waitFor({ timeout: TIMEOUT });
    assert.equal(await page.locator('tr.task-row').count(), 0);
    await page.getByLabel('Status', { exact: true }).selectOption('WAITING');
    await page.getByLabel('Status', { exact: true }).selectOption('SKIP');
    await expectUrl(page, (url) => param(url, 'status') === 'SKIP', 'end on status=SKIP');
    await expectRows(page, skipped.tasks.map((t) => t.job_id));
    // Past the slow answer's arrival: the rows are still the last filter's.
    await page.waitForTimeout(2000);
    assert.deepEqual(await rowIds(page), skipped.tasks.map((t) => t.job_id));
    assert.ok((await rowStatuses(page)).every((s) => s === 'SKIP'));
    await expectSummary(page, `1–20 of ${skipped.count.toLocaleString('en-US')}`);
  } finally {
    await clearFaults();
  }
  await page.context().close();
});

test('a server config that never answers is not waited for: the viewer asks for the connection', async () => {
  const page = await newPage();
  // On a static host the page reads /viewer-config.json before its first render (index.html
  // preloads it); a hung answer must not leave the page blank.
  await asOnAStaticHost(page);
  await page.route('**/viewer-config.json', () => {});
  const started = Date.now();
  await open(page);
  await page.getByRole('dialog', { name: 'Connection settings' }).waitFor({ timeout: TIMEOUT });
  assert.ok(Date.now() - started < 10_000, 'the viewer started within the 3 s it waits');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/** The table's page requests (not the overview's `limit=1` counts) a page sends, as they leave. */
/** The requests for the table's page at `offset` (the next page is fetched ahead: offset 20). */
function tablePageRequests(page, offset = 0) {
  const sent = [];
  page.on('request', (request) => {
    const url = request.url();
    if (/\/backuptasks\?/.test(url) && !isOverviewRequest(url)
      && Number(new URL(url).searchParams.get('offset') || 0) === offset) sent.push(url);
  });
  return sent;
}

test('the first page is asked for before the first render, once, and a quick answer is in it', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  const expected = await apiTasks(daily, 'limit=20');
  const sent = tablePageRequests(page);
  const ahead = tablePageRequests(page, 20);
  const configRequests = [];
  page.on('request', (request) => {
    if (request.url().includes('/viewer-config.json')) configRequests.push(request.url());
  });
  // When the app's first element enters the DOM, and whether a skeleton row ever did.
  await page.addInitScript(() => {
    window.__firstRender = null;
    window.__skeletonSeen = false;
    new MutationObserver(() => {
      if (window.__firstRender === null && document.querySelector('.app')) window.__firstRender = performance.now();
      if (document.querySelector('tr.skeleton-row')) window.__skeletonSeen = true;
    }).observe(document, { childList: true, subtree: true });
  });
  await open(page, `?project=${project}&policy=${daily}`);
  await expectRows(page, expected.tasks.map((t) => t.job_id));
  const timing = await page.evaluate(() => {
    const entry = performance.getEntriesByType('resource').find((e) => /\/backuptasks\?/.test(e.name)
      && new URL(e.name).searchParams.get('limit') !== '1');
    return { started: entry ? entry.startTime : NaN, firstRender: window.__firstRender, skeletonSeen: window.__skeletonSeen };
  });
  assert.ok(timing.started < timing.firstRender,
    `the tasks request left at ${timing.started} ms, before the first render at ${timing.firstRender} ms`);
  assert.equal(timing.skeletonSeen, false, 'the emulator answers within the boot\'s wait: no skeleton is drawn');
  await page.waitForTimeout(500);
  assert.equal(sent.length, 1, `one request for the page, not ${sent.join(', ')}`);
  assert.equal(ahead.length, 1, `the next page fetched ahead once, not ${ahead.join(', ')}`);
  assert.deepEqual(configRequests, [], 'the server\'s config is read from the page, not fetched');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a slow first page does not hold the first render; its request is kept, not sent again', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  const expected = await apiTasks(daily, 'limit=20');
  await injectFaults(daily, [{ delay_ms: 2000 }]);
  try {
    const sent = tablePageRequests(page);
    await open(page, `?project=${project}&policy=${daily}`);
    // The page is drawn (skeleton rows) while the delayed answer is on its way (a render that
    // waited for it would go straight to rows) ...
    await page.locator('tr.skeleton-row').first().waitFor({ timeout: TIMEOUT });
    assert.equal(await page.locator('tr.task-row').count(), 0);
    // ... and the answer to the boot's request fills it.
    await expectRows(page, expected.tasks.map((t) => t.job_id));
    assert.equal(sent.length, 1, `one request for the page, not ${sent.join(', ')}`);
    assert.deepEqual(page.problems, []);
  } finally {
    await clearFaults();
  }
  await page.context().close();
});

test('without a server config the settings panel connects, and the token stays out of the URL', async () => {
  const page = await newPage();
  // A static host has no /viewer-config.json: the viewer must ask.
  await asOnAStaticHost(page);
  await page.route('**/viewer-config.json', (route) => route.fulfill({ status: 404, body: 'not here' }));
  const sent = [];
  page.on('request', (request) => {
    if (request.url().includes('/backuptasks')) sent.push(request.headers()['x-auth-token']);
  });
  await open(page);
  const dialog = page.getByRole('dialog', { name: 'Connection settings' });
  await dialog.waitFor({ timeout: TIMEOUT });
  await page.getByLabel('Project ID').fill(project);
  await page.getByLabel('Policy ID').fill(policies['nightly-small']);
  await page.getByLabel('IAM token').check();
  await page.getByLabel('Token', { exact: true }).fill('emulator-token');
  await page.getByRole('button', { name: 'Connect' }).click();
  await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
  await expectSummary(page, '1–5 of 5');
  await expectUrl(page, (url) => param(url, 'policy') === policies['nightly-small'], 'name the policy');
  assert.ok(!page.url().includes('emulator-token'), 'no secret in the URL');
  assert.equal(sent.at(-1), 'emulator-token', 'the token is sent as X-Auth-Token');
  const stored = await page.evaluate(() => ({
    session: sessionStorage.getItem('vbs-viewer.secret'),
    local: localStorage.getItem('vbs-viewer.secret'),
    settings: localStorage.getItem('vbs-viewer.settings'),
  }));
  assert.equal(stored.session, 'emulator-token', 'the token is kept for this tab');
  assert.equal(stored.local, null, 'not remembered without "remember"');
  assert.ok(!stored.settings.includes('emulator-token'), 'settings hold no secret');
  await page.context().close();
});

test('a refused token shows the API code and sends the user back to the settings', async () => {
  const page = await newPage();
  await open(page);
  await rowIds(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Connection settings' });
  await dialog.waitFor({ timeout: TIMEOUT });
  await page.getByLabel('IAM token').check();
  await page.getByLabel('Token', { exact: true }).fill('not-a-valid-token');
  await page.getByRole('button', { name: 'Connect' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: TIMEOUT });
  const text = await alert.textContent();
  assert.ok(text.includes('AutoBackup.0003'), text);
  assert.ok(/new token/i.test(text), text);
  assert.ok(!text.includes('not-a-valid-token'), 'the token is never shown');
  assert.ok(!page.url().includes('not-a-valid-token'));
  await alert.getByRole('button', { name: 'Open settings' }).click();
  await dialog.waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
  await page.context().close();
});

test('auto-refresh runs while running tasks are shown, and the toggle stops it', async () => {
  const page = await newPage();
  let requests = 0;
  // The table's requests only: the status overview's limit=1 counts are cached on their own.
  page.on('request', (request) => {
    if (request.url().includes('/backuptasks') && !isOverviewRequest(request.url())) requests += 1;
  });
  await open(page);
  await rowIds(page);
  assert.ok((await rowStatuses(page)).some((s) => s === 'RUNNING' || s === 'WAITING'), 'the first page has active tasks');
  const first = requests;
  await page.waitForFunction(() => /updated [1-9] s ago/.test(document.body.textContent), null, { timeout: TIMEOUT });
  await page.waitForTimeout(6500);
  assert.ok(requests > first, `refreshed by itself (${first} → ${requests} requests)`);
  await page.getByLabel('Auto-refresh').uncheck();
  await page.waitForTimeout(300);
  const stopped = requests;
  await page.waitForTimeout(6500);
  assert.equal(requests, stopped, 'no refresh once turned off');
  // The Refresh button still asks at once, once (waited for, not slept on: a busy machine may
  // take longer than a fixed pause to send it).
  const refreshed = page.waitForRequest((r) => r.url().includes('/backuptasks') && !isOverviewRequest(r.url()), { timeout: TIMEOUT });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await refreshed;
  await page.waitForTimeout(300);
  assert.equal(requests, stopped + 1);
  await page.context().close();
});

test('a failed refresh keeps the rows on screen and says so; the next good one clears the notice', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  await open(page);
  const before = await rowIds(page);
  // Every request for the policy fails for a while: the table's, its retries, the overview's.
  await injectFaults(daily, Array.from({ length: 40 }, () => ({ status: 500 })));
  try {
    await page.getByRole('button', { name: 'Refresh' }).click();
    const notice = page.locator('.refresh-bar__failure');
    await notice.waitFor({ timeout: TIMEOUT });
    assert.equal(await notice.textContent(), 'refresh failed');
    assert.match(await notice.getAttribute('title'), /HTTP 500/);
    assert.deepEqual(await rowIds(page), before, 'the rows stay');
    assert.equal(await page.locator('.notice--error').count(), 0, 'no error panel in their place');
  } finally {
    await clearFaults();
  }
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.locator('.refresh-bar__failure').waitFor({ state: 'detached', timeout: TIMEOUT });
  assert.deepEqual(await rowIds(page), before);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('when the page\'s own server stops answering, the advice says so, and the page recovers by itself', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  // Every connection for the policy is dropped unanswered, as when the server has stopped.
  await injectFaults(daily, Array.from({ length: 40 }, () => ({ drop: true })));
  try {
    await open(page, `?policy=${daily}`);
    const panel = page.locator('.notice--error');
    await panel.waitFor({ timeout: TIMEOUT });
    assert.match(await panel.locator('.advice').textContent(), /^This page's server did not answer/);
    assert.doesNotMatch(await panel.textContent(), /CORS/, 'not sent looking for a proxy');
    assert.equal(await panel.getByRole('button', { name: 'Open settings' }).count(), 0);
  } finally {
    await clearFaults();
  }
  // Auto-refresh (on by default) tries again: the rows come without a click.
  await rowIds(page);
  assert.equal(await page.locator('.notice--error').count(), 0);
  await page.context().close();
});

test('narrow screens get cards, and dark mode follows the system', async () => {
  const narrow = await newPage({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  await open(narrow);
  await rowIds(narrow);
  const layout = await narrow.evaluate(() => {
    const row = document.querySelector('tr.task-row');
    const cell = row.querySelector('td.cell-status');
    return {
      row: getComputedStyle(row).display,
      label: getComputedStyle(cell, '::before').content,
      overflow: document.documentElement.scrollWidth > window.innerWidth,
      background: getComputedStyle(document.body).backgroundColor,
    };
  });
  assert.equal(layout.row, 'block', 'rows become cards');
  assert.equal(layout.label, '"Status"', 'each card field is labelled');
  assert.equal(layout.overflow, false, 'no sideways scrolling');
  // The glance's cards too: whatever a cell holds sits in the value column, right of the label,
  // and a pill keeps its own width there.
  await narrow.getByRole('button', { name: 'Policies at a glance' }).click();
  await narrow.waitForFunction((n) => {
    const rows = [...document.querySelectorAll('tr.glance-row')];
    return rows.length === n && rows.every((row) => row.dataset.latest !== 'LOADING');
  }, Object.keys(policies).length, { timeout: TIMEOUT });
  const cards = await narrow.evaluate(() => {
    const cells = [...document.querySelectorAll('tr.glance-row td')];
    const label = (cell) => cell.getBoundingClientRect().left + parseFloat(getComputedStyle(cell).paddingLeft)
      + parseFloat(getComputedStyle(cell).gridTemplateColumns);
    return {
      underLabel: cells.flatMap((cell) => [...cell.children]
        .filter((child) => child.getBoundingClientRect().left < label(cell))
        .map((child) => `${cell.dataset.label}: ${child.className}`)),
      widePills: [...document.querySelectorAll('tr.glance-row td > .pill, tr.glance-row .badge')]
        .filter((pill) => pill.getBoundingClientRect().width > pill.closest('td').getBoundingClientRect().width / 2)
        .map((pill) => pill.textContent),
      overflow: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
  assert.deepEqual(cards.underLabel, [], 'glance values under their labels');
  assert.deepEqual(cards.widePills, [], 'pills stretched across the card');
  assert.equal(cards.overflow, false, 'no sideways scrolling in the glance');
  await narrow.context().close();

  // Phones narrower still (360 px is the common Android width, 320 the smallest in use): the
  // cards' values wrap or shorten rather than widen the page, long markup names included.
  for (const width of [320, 360]) {
    for (const name of ['daily-volumes', '<img src=x onerror=alert(1)>']) {
      const phone = await newPage({ viewport: { width, height: 740 } });
      await open(phone, `?policy=${encodeURIComponent(policies[name])}`);
      await rowIds(phone);
      const wider = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.equal(wider, 0, `${name} at ${width} px scrolls sideways by ${wider} px`);
      await phone.context().close();
    }
  }

  const light = await newPage({ colorScheme: 'light' });
  await open(light);
  await rowIds(light);
  const lightBackground = await light.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(layout.background, lightBackground, 'dark and light differ');
  assert.equal(await light.evaluate(() => getComputedStyle(document.querySelector('tr.task-row')).display), 'table-row');
  await light.context().close();
});

test('task times are measured against the frozen emulator clock (running tasks ran minutes, not days)', async () => {
  const config = await api('/viewer-config.json');
  assert.ok(config.body.now, 'a frozen emulator names its time');
  const page = await newPage();
  await open(page, `?policy=${encodeURIComponent(policies['daily-volumes'])}&status=RUNNING`);
  await rowIds(page);
  const durations = await page.locator('tr.task-row td.cell-duration').allTextContents();
  assert.ok(durations.length > 0);
  for (const text of durations) assert.ok(!/\bd\b/.test(text) && !/\d+ h\b/.test(text), `a running duration of ${text}`);
  const relative = await page.locator('tr.task-row td:nth-child(5) .time__relative').allTextContents();
  for (const text of relative) assert.ok(/s ago|min ago|just now/.test(text), `created ${text}`);
  await page.context().close();
});

// The offset from UTC of an instant in a zone, as the zone label writes it ("-03:30"), from
// Node's own time-zone data rather than the page's.
function zoneOffset(timezoneId, iso) {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: timezoneId, timeZoneName: 'longOffset' })
    .formatToParts(new Date(iso)).find((part) => part.type === 'timeZoneName').value;
  return name === 'GMT' ? '+00:00' : name.slice(3);
}

// Minutes east of UTC of an offset as zoneOffset writes it: "-03:30" → -210.
const offsetMinutes = (offset) => (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));

// The label the time columns must carry for the times in the table (all its rows, scrolled
// through): their distinct offsets, ascending, after "UTC".
async function expectedZoneLabel(page, timezoneId) {
  const instants = (await allRows(page)).flatMap((row) => row.times);
  assert.ok(instants.length > 0, 'times are shown');
  const offsets = [...new Set(instants.map((iso) => zoneOffset(timezoneId, iso)))].sort((a, b) => offsetMinutes(a) - offsetMinutes(b));
  return 'UTC' + offsets.join('/');
}

test('the time columns name the zone their local times are in, wide and narrow', async () => {
  // The emulator's frozen data is of November 2026: St John's is then on standard time whatever
  // the date the test runs on, since the label follows the times shown, not today's offset.
  for (const [timezoneId, zone, hours] of [['Asia/Shanghai', 'UTC+08:00', 8], ['America/St_Johns', 'UTC-03:30', -3.5]]) {
    for (const width of [1440, 360]) {
      const page = await newPage({ timezoneId, viewport: { width, height: 900 } });
      await open(page, `?policy=${encodeURIComponent(policies['daily-volumes'])}`);
      await rowIds(page);
      // The header cells' text stays the contract; the zone is shown beside it.
      assert.deepEqual(await page.locator('table thead th').allTextContents(), HEADERS);
      assert.equal(await expectedZoneLabel(page, timezoneId), zone, `${timezoneId}: the first page's times`);
      const shown = await page.evaluate(() => [...document.querySelectorAll('table thead th')].map((th) => getComputedStyle(th, '::after').content));
      assert.deepEqual(shown.slice(4, 6), [`" (${zone})"`, `" (${zone})"`], `${timezoneId}: the time columns' zone`);
      assert.ok(shown.slice(0, 4).concat(shown[6]).every((c) => c === 'none'), `${timezoneId}: no zone on other columns`);
      if (width === 360) {
        // A card labels its times with the zone on a line of its own.
        const label = await page.locator('tr.task-row td:nth-child(5)').first().evaluate((td) => getComputedStyle(td, '::before').content);
        assert.equal(label, `"Created\\a ${zone}"`, `${timezoneId}: card label`);
      }
      // And the times shown are in that zone: the cell's local time is its UTC title plus the offset.
      const time = page.locator('tr.task-row td:nth-child(5) time').first();
      const [local, utc] = [await time.textContent(), await time.getAttribute('title')];
      const expected = new Date(Date.parse(utc.replace(' ', 'T').replace(' UTC', 'Z')) + hours * 3600e3).toISOString().slice(0, 19).replace('T', ' ');
      assert.equal(local, expected, `${timezoneId}: ${utc} shown as ${local}`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  }
});

test('a page of times on both sides of a daylight-saving change names both offsets', async () => {
  // St John's left daylight time on 2026-11-01 at 04:30 UTC; find the page of 50 that holds
  // tasks from both sides, newest first.
  const timezoneId = 'America/St_Johns';
  const daily = policies['daily-volumes'];
  const { tasks } = await apiTasks(daily, 'limit=1000');
  const change = Date.parse('2026-11-01T04:30:00Z');
  const first = tasks.findIndex((task) => Date.parse(task.created_at + 'Z') < change);
  assert.ok(first > 0, 'the data spans the change');
  const pageNumber = Math.floor(first / 50) + 1;
  assert.ok(first % 50 !== 0, 'the change falls inside a page, not between two');
  const page = await newPage({ timezoneId });
  await open(page, `?policy=${encodeURIComponent(daily)}&page_size=50&page=${pageNumber}`);
  await rowIds(page);
  const zone = await expectedZoneLabel(page, timezoneId);
  assert.equal(zone, 'UTC-03:30/-02:30', 'the page holds times of both offsets');
  const shown = await page.evaluate(() => [...document.querySelectorAll('table thead th')].map((th) => getComputedStyle(th, '::after').content));
  assert.deepEqual(shown.slice(4, 6), [`" (${zone})"`, `" (${zone})"`]);
  // Each time is shown at its own offset: one from each side, against its UTC title.
  for (const index of [first % 50 - 1, first % 50]) {
    const time = (await rowAt(page, index)).locator('td:nth-child(5) time');
    const [local, iso] = [await time.textContent(), await time.getAttribute('datetime')];
    const offset = zoneOffset(timezoneId, iso);
    const shift = offsetMinutes(offset) * 60e3;
    assert.equal(local, new Date(Date.parse(iso) + shift).toISOString().slice(0, 19).replace('T', ' '), `${iso} at ${offset}`);
  }
  // A page of one side only names one offset again.
  await open(page, `?policy=${encodeURIComponent(daily)}&page_size=50&page=1`);
  await rowIds(page);
  const after = await page.evaluate(() => getComputedStyle(document.querySelectorAll('table thead th')[4], '::after').content);
  assert.equal(after, '" (UTC-03:30)"');
  assert.deepEqual(page.problems, []);
  await page.context().close();
  // The label follows the times shown, not the browser's date: in July, when St John's is on
  // daylight time (-02:30), November's tasks are still named -03:30.
  const july = await newPage({ timezoneId });
  await july.clock.install({ time: new Date('2027-07-01T12:00:00Z') });
  await open(july, `?policy=${encodeURIComponent(daily)}`);
  await rowIds(july);
  assert.equal(await july.evaluate(() => new Date().getTimezoneOffset()), 150, 'the browser is in July');
  const inJuly = await july.evaluate(() => getComputedStyle(document.querySelectorAll('table thead th')[4], '::after').content);
  assert.equal(inJuly, '" (UTC-03:30)"');
  assert.deepEqual(july.problems, []);
  await july.context().close();
});

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

test('the status overview counts equal what filtering shows, and a legend entry filters', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  await open(page, `?policy=${encodeURIComponent(daily)}`);
  await rowIds(page);
  await page.getByLabel('Auto-refresh').uncheck();
  const overview = page.getByRole('region', { name: 'Status overview' });
  await overview.locator('.legend__entry').first().waitFor({ timeout: TIMEOUT });
  assert.equal(await overview.getAttribute('data-total'), '10317');
  const counts = {};
  for (const status of STATUSES) {
    counts[status] = Number(await overview.locator(`.legend__entry[data-status="${status}"]`).getAttribute('data-count'));
  }
  assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 10317, 'the statuses add up to the policy');
  assert.equal(await overview.locator('svg rect').count(), Object.values(counts).filter((n) => n > 0).length, 'one bar segment per status present');
  const rate = counts.EXECUTE_SUCCESS / (counts.EXECUTE_SUCCESS + counts.EXECUTE_FAIL + counts.EXECUTE_TIMEOUT);
  assert.ok((await overview.locator('.overview__rate').textContent()).includes(`${(rate * 100).toFixed(1)}%`));
  for (const status of STATUSES) {
    const n = counts[status];
    await overview.locator(`.legend__entry[data-status="${status}"]`).click();
    await expectUrl(page, (url) => param(url, 'status') === status, `filter by ${status}`);
    assert.equal(await page.getByLabel('Status', { exact: true }).inputValue(), status);
    const summary = n === 0 ? 'No tasks' : `1–${Math.min(20, n).toLocaleString('en-US')} of ${n.toLocaleString('en-US')}`;
    await expectSummary(page, summary);
    if (n > 0) assert.ok((await rowStatuses(page)).every((s) => s === status));
    assert.equal(await overview.locator(`.legend__entry[data-status="${status}"]`).getAttribute('aria-pressed'), 'true');
  }
  await overview.screenshot({ path: join(ROOT, 'docs', 'overview.png') });
  // The pressed entry again shows every status.
  await overview.locator('.legend__entry[data-status="SKIP"]').click();
  await expectUrl(page, (url) => param(url, 'status') === null, 'drop the status filter');
  await expectSummary(page, '1–20 of 10,317');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('counts that cannot be had say why, even when the answer is an HTML error page', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  // The status counts (limit=1 requests) meet a proxy's error page; the table's request does not.
  await page.route((url) => url.pathname.endsWith('/backuptasks') && isOverviewRequest(url.href), (route) =>
    route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }));
  await open(page, `?policy=${encodeURIComponent(daily)}`);
  await rowIds(page);
  const note = page.locator('.overview__note');
  await note.waitFor({ timeout: TIMEOUT });
  assert.equal(await note.textContent(), 'Counts unavailable: The request failed (HTTP 502)');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the timeline and the duration stats describe the shown page', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  const expected = await apiTasks(daily, 'limit=20');
  await open(page, `?policy=${encodeURIComponent(daily)}`);
  await rowIds(page);
  const bars = page.locator('.timeline rect.tl-bar');
  assert.equal(await bars.count(), 20);
  assert.deepEqual(await bars.evaluateAll((r) => r.map((x) => x.dataset.jobId)), expected.tasks.map((t) => t.job_id));
  const title = await bars.first().locator('title').textContent();
  assert.ok(title.startsWith(expected.tasks[0].job_id), title);
  // Hovering a bar highlights its row, and the other way round.
  const third = expected.tasks[2].job_id;
  await bars.nth(2).hover();
  await page.locator(`tr.task-row.task-row--highlighted[data-job-id="${third}"]`).waitFor({ timeout: TIMEOUT });
  assert.equal(await page.locator('tr.task-row--highlighted').count(), 1);
  const fifth = expected.tasks[4].job_id;
  await page.locator(`tr.task-row[data-job-id="${fifth}"]`).hover();
  await page.locator(`.timeline rect.tl-bar--highlighted[data-job-id="${fifth}"]`).waitFor({ timeout: TIMEOUT });
  assert.equal(await page.locator('.timeline rect.tl-bar--highlighted').count(), 1);
  const finished = expected.tasks.filter((t) => t.finished_at);
  if (finished.length > 0) {
    await page.locator('[data-scope="page"] [data-stat="median"]').waitFor({ timeout: TIMEOUT });
  }
  await page.context().close();
});

test('a 1,000-row page is windowed: the last task is reachable by scrolling and by keyboard, with screen-reader positions', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  const expected = (await apiTasks(daily, 'limit=1000')).tasks.map((t) => t.job_id);
  assert.equal(expected.length, 1000);
  await open(page, `?policy=${encodeURIComponent(daily)}&page_size=1000`);
  await rowIds(page);
  const table = page.locator('table.task-table');
  assert.equal(await table.getAttribute('aria-rowcount'), '1001', 'all rows and the header');
  assert.equal(await table.locator('thead tr').getAttribute('aria-rowindex'), '1');
  // The DOM holds the rows in view and a margin: far fewer than 1,000.
  const inDom = () => page.locator('tr.task-row').count();
  const initially = await inDom();
  assert.ok(initially >= 15 && initially <= 60, `${initially} rows in the DOM`);
  const placed = await page.locator('tr.task-row').evaluateAll((rows) => rows.map((row) => [row.getAttribute('aria-rowindex'), row.dataset.jobId]));
  assert.deepEqual(placed, placed.map(([index]) => [index, expected[Number(index) - 2]]), 'each row at its aria-rowindex');
  assert.equal(placed[0][0], '2');
  // The box scrolls the whole page's height: the spacers stand for the rows out of view.
  const box = await page.evaluate(() => {
    const wrap = document.querySelector('.table-wrap--tasks');
    const row = document.querySelector('tr.task-row').getBoundingClientRect().height;
    const head = document.querySelector('.task-table thead').getBoundingClientRect().height;
    return { scroll: wrap.scrollHeight, client: wrap.clientHeight, row, head };
  });
  assert.ok(Math.abs(box.scroll - (box.head + 1000 * box.row)) <= 2, `scroll height ${box.scroll} for 1,000 rows of ${box.row} px`);
  assert.ok(box.client < 900, 'the box is no taller than the viewport');

  // By scrolling: to the bottom of the box, the last task's row is there, below the sticky header.
  await page.evaluate(() => {
    const wrap = document.querySelector('.table-wrap--tasks');
    wrap.scrollIntoView();
    wrap.scrollTop = wrap.scrollHeight;
  });
  const last = page.locator('tr.task-row[aria-rowindex="1001"]');
  await last.waitFor({ timeout: TIMEOUT });
  assert.equal(await last.getAttribute('data-job-id'), expected[999]);
  assert.ok(await inDom() <= 60, 'still windowed at the bottom');
  const atBottom = await page.evaluate(() => {
    const wrap = document.querySelector('.table-wrap--tasks').getBoundingClientRect();
    const head = document.querySelector('.task-table thead th').getBoundingClientRect();
    const row = document.querySelector('tr.task-row[aria-rowindex="1001"]').getBoundingClientRect();
    return { headAtTop: Math.abs(head.top - wrap.top) <= 2, rowInBox: row.top >= head.bottom - 1 && row.bottom <= wrap.bottom + 1 };
  });
  assert.deepEqual(atBottom, { headAtTop: true, rowInBox: true }, 'the header sticks; the last row is in view');
  // Its copy button and the row ↔ timeline highlight work there as on any row.
  await last.hover({ position: { x: 20, y: 10 } });
  await page.locator(`.timeline rect.tl-bar--highlighted[data-job-id="${expected[999]}"]`).waitFor({ timeout: TIMEOUT });

  // By keyboard: back at the top, End on the first row focuses the last one, in view.
  await page.evaluate(() => { document.querySelector('.table-wrap--tasks').scrollTop = 0; });
  await page.locator('tr.task-row[aria-rowindex="2"]').focus();
  const focused = () => page.evaluate(() => {
    const row = document.activeElement;
    const wrap = document.querySelector('.table-wrap--tasks').getBoundingClientRect();
    const head = document.querySelector('.task-table thead').getBoundingClientRect();
    const at = row?.getBoundingClientRect();
    return { index: row?.getAttribute('aria-rowindex'), jobId: row?.dataset.jobId,
      inView: !!at && at.top >= head.bottom - 1 && at.bottom <= Math.min(wrap.bottom, innerHeight) + 1 };
  });
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-rowindex') === '1001', null, { timeout: TIMEOUT });
  await page.waitForTimeout(100);
  assert.deepEqual(await focused(), { index: '1001', jobId: expected[999], inView: true });
  await page.keyboard.press('ArrowUp');
  assert.deepEqual(await focused(), { index: '1000', jobId: expected[998], inView: true });
  // Enter opens the focused row's details; Esc gives the focus back to the row.
  await page.keyboard.press('Enter');
  const details = page.getByRole('dialog', { name: 'Task details' });
  await details.waitFor({ timeout: TIMEOUT });
  assert.ok((await details.textContent()).includes(expected[998]), 'the details of the focused row');
  await page.keyboard.press('Escape');
  await details.waitFor({ state: 'detached', timeout: TIMEOUT });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.jobId), expected[998], 'focus returns to the row');
  // Home goes back to the first; repeated moves walk past the rows first rendered.
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-rowindex') === '2', null, { timeout: TIMEOUT });
  for (let i = 0; i < 40; i += 1) await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-rowindex') === '42', null, { timeout: TIMEOUT });
  await page.waitForTimeout(100);
  assert.deepEqual(await focused(), { index: '42', jobId: expected[40], inView: true });
  // Tab leaves the table and Shift+Tab comes back to the row last focused (the one tab stop).
  assert.equal(await page.locator('tr.task-row[tabindex="0"]').count(), 1);
  assert.equal(await page.locator('tr.task-row[tabindex="0"]').getAttribute('aria-rowindex'), '42');
  assert.ok(await inDom() <= 80, 'still windowed after the moves');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the table and the details panel share the width at 1280 and 1024 px: no column is cut (screenshots)', async () => {
  mkdirSync(OUTPUT, { recursive: true });
  for (const width of [1280, 1024]) {
    const page = await newPage({ viewport: { width, height: 900 } });
    await open(page, `?policy=${encodeURIComponent(policies['daily-volumes'])}`);
    await rowIds(page);
    // A row's status cell: its middle may hold a copy button.
    await page.locator('tr.task-row').nth(2).click({ position: { x: 20, y: 10 } });
    await page.getByRole('dialog', { name: 'Task details' }).waitFor({ timeout: TIMEOUT });
    await page.waitForTimeout(100);
    await page.screenshot({ path: join(OUTPUT, `details-${width}.png`) });
    const layout = await page.evaluate(() => {
      const wrap = document.querySelector('.table-wrap--tasks');
      const box = wrap.getBoundingClientRect();
      const panel = document.querySelector('.details').getBoundingClientRect();
      const within = (r) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5;
      const cut = (cells) => [...cells]
        .filter((cell) => cell.scrollWidth > cell.clientWidth || !within(cell.getBoundingClientRect()))
        .map((cell) => `${cell.className || cell.tagName}: ${cell.textContent}`);
      return {
        // Text wider than its cell, or a cell outside the box's visible part (behind its
        // horizontal scroll, where the old layout hid the durations): nothing.
        headers: cut(document.querySelectorAll('.task-table thead th')),
        cells: cut(document.querySelectorAll('tr.task-row td')),
        sideways: wrap.scrollWidth - wrap.clientWidth,
        // The panel beside the table or above it, not over it.
        overlap: panel.left < box.right && panel.right > box.left && panel.top < box.bottom && panel.bottom > box.top,
      };
    });
    assert.deepEqual(layout, { headers: [], cells: [], sideways: 0, overlap: false }, `at ${width} px`);
    assert.deepEqual(await page.locator('table thead th').allTextContents(), HEADERS);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test('keyboard shortcuts: / focuses Job ID, ] and [ page, ? lists them', async () => {
  const page = await newPage();
  const daily = policies['daily-volumes'];
  const second = await apiTasks(daily, 'limit=20&offset=20');
  const first = await apiTasks(daily, 'limit=20');
  await open(page, `?policy=${encodeURIComponent(daily)}`);
  await rowIds(page);
  // The focus stays on the checkbox just unticked: it takes no text, so the keys are shortcuts.
  await page.getByLabel('Auto-refresh').uncheck();
  assert.equal(await page.evaluate(() => document.activeElement?.type), 'checkbox');
  let tableRequests = 0;
  page.on('request', (request) => {
    if (request.url().includes('/backuptasks') && !isOverviewRequest(request.url())) tableRequests += 1;
  });
  const refreshed = page.waitForRequest((r) => r.url().includes('/backuptasks') && !isOverviewRequest(r.url()), { timeout: TIMEOUT });
  await page.keyboard.press('r');
  await refreshed;
  await page.waitForTimeout(300);
  assert.equal(tableRequests, 1, 'r refreshes once');
  await page.keyboard.press(']');
  await expectUrl(page, (url) => param(url, 'page') === '2', 'go to page 2');
  await expectRows(page, second.tasks.map((t) => t.job_id));
  await page.keyboard.press('[');
  await expectUrl(page, (url) => param(url, 'page') === null, 'go back to page 1');
  await expectRows(page, first.tasks.map((t) => t.job_id));
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor({ timeout: TIMEOUT });
  assert.ok((await help.textContent()).includes('Next page'));
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'detached', timeout: TIMEOUT });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'job-id');
  // Typed into a field, the keys are text, not shortcuts.
  await page.keyboard.type('?]');
  assert.equal(await page.locator('#job-id').inputValue(), '?]');
  assert.equal(await help.count(), 0);
  assert.equal(new URL(page.url()).searchParams.get('page'), null);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

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

test('中文: the Language control translates labels, statuses, summaries and dates, and is remembered', async () => {
  const page = await newPage({ locale: 'zh-CN' });
  const daily = policies['daily-volumes'];
  await open(page, `?policy=${encodeURIComponent(daily)}`);
  await rowIds(page);
  // It follows the browser's language.
  const language = page.getByLabel('语言', { exact: true });
  assert.equal(await language.inputValue(), 'zh-CN');
  assert.deepEqual(await language.locator('option').evaluateAll((o) => o.map((x) => x.value)), ['en', 'zh-CN']);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  for (const label of ['策略', '状态', '任务 ID', '排序', '每页条数']) {
    assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `control labelled ${label}`);
  }
  assert.deepEqual(await page.locator('table thead th').allTextContents(), ['状态', '任务 ID', '备份名称', '资源', '创建时间', '结束时间', '耗时']);
  await expectSummary(page, '第 1–20 条，共 10,317 条');
  const created = await page.locator('tr.task-row td.cell-time time').first().textContent();
  assert.match(created, /^\d{4}年\d{2}月\d{2}日 \d{2}:\d{2}:\d{2}$/);
  const relative = await page.locator('tr.task-row .time__relative').first().textContent();
  assert.match(relative, /(刚刚|秒前|分钟前)$/);
  const running = page.locator('tr.task-row [data-status="RUNNING"]').first();
  assert.equal((await running.textContent()).trim(), '执行中');
  assert.match(await page.locator('tr.task-row .ticking').first().textContent(), /分 \d+ 秒$/);
  await page.locator('.legend__entry[data-status="EXECUTE_SUCCESS"]').waitFor({ timeout: TIMEOUT });
  assert.ok((await page.locator('.legend__entry[data-status="EXECUTE_SUCCESS"]').textContent()).includes('成功'));
  assert.ok((await page.locator('.overview__rate').textContent()).startsWith('成功率'));
  assert.ok((await page.getByRole('button', { name: '刷新' }).count()) === 1);
  for (const format of ['CSV', 'JSON']) {
    assert.equal(await page.getByRole('button', { name: `导出 ${format}`, exact: true }).count(), 1, `export ${format} button`);
  }
  assert.equal(await page.locator('.live-dot').getAttribute('aria-label'), '正在自动刷新');
  await page.locator('.glance-toggle').click();
  await page.locator('tr.glance-row .pill').first().waitFor({ timeout: TIMEOUT });
  assert.deepEqual([...new Set(await page.locator('tr.glance-row .pill').allTextContents())].sort(), ['关闭', '开启'], 'schedule pills');
  await page.locator('.glance-toggle').click();
  // Switching to English changes the words at once, and the choice is remembered.
  await language.selectOption('en');
  await expectSummary(page, '1–20 of 10,317');
  assert.equal(await page.getByLabel('Language', { exact: true }).inputValue(), 'en');
  assert.deepEqual(await page.locator('table thead th').allTextContents(), HEADERS);
  assert.equal(await page.evaluate(() => localStorage.getItem('vbs-viewer.lang')), 'en');
  await page.reload();
  await rowIds(page);
  await expectSummary(page, '1–20 of 10,317');
  assert.equal(await page.getByLabel('Language', { exact: true }).inputValue(), 'en', 'remembered over the browser language');
  await page.getByLabel('Language', { exact: true }).selectOption('zh-CN');
  await expectSummary(page, '第 1–20 条，共 10,317 条');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('accessibility: axe finds no violations in any view, light or dark, wide or narrow, in both languages', async () => {
  // axe-core's rules (WCAG 2.x A/AA and best practices): names, roles, contrast, landmarks,
  // focus targets. The page's CSP allows no injected script, so these contexts bypass it.
  const daily = `?policy=${encodeURIComponent(policies['daily-volumes'])}`;
  const views = [
    { name: 'tasks, light', query: daily },
    { name: 'tasks, dark', query: daily, options: { colorScheme: 'dark' } },
    { name: 'tasks, narrow', query: daily, options: { viewport: { width: 390, height: 844 } } },
    { name: 'tasks, 中文', query: daily, options: { locale: 'zh-CN' } },
    { name: 'details', query: daily, act: async (page) => {
      await page.locator('tr.task-row').nth(2).click();
      await page.getByRole('dialog', { name: 'Task details' }).waitFor({ timeout: TIMEOUT });
    } },
    { name: 'policies at a glance', query: daily, act: async (page) => {
      await page.getByRole('button', { name: 'Policies at a glance' }).click();
      await page.waitForFunction(() => [...document.querySelectorAll('tr.glance-row')].every((row) => row.dataset.latest !== 'LOADING')
        && document.querySelectorAll('tr.glance-row').length > 0, null, { timeout: TIMEOUT });
    } },
    { name: 'settings', query: daily, act: async (page) => {
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('dialog', { name: 'Connection settings' }).waitFor({ timeout: TIMEOUT });
    } },
    { name: 'shortcuts', query: daily, act: async (page) => {
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ timeout: TIMEOUT });
    } },
    { name: 'empty policy', query: `?policy=${encodeURIComponent(policies['empty-policy'])}`, ready: '.notice--empty' },
    { name: 'unknown policy', query: '?policy=no-such-policy', ready: '[role=alert]' },
  ];
  const found = {};
  for (const view of views) {
    const page = await newPage({ ...view.options, bypassCSP: true });
    await open(page, view.query);
    if (view.ready) await page.locator(view.ready).first().waitFor({ timeout: TIMEOUT });
    else await rowIds(page);
    await page.getByLabel(/Auto-refresh|自动刷新/).uncheck().catch(() => {});
    // The status counts and the schedule come in after the rows.
    await page.locator('section.overview[data-total], .overview__note').first().waitFor({ timeout: TIMEOUT }).catch(() => {});
    if (view.act) await view.act(page);
    const violations = await axeViolations(page);
    if (violations.length) found[view.name] = violations;
    assert.deepEqual(page.problems, [], `${view.name}: script errors`);
    await page.context().close();
  }
  assert.deepEqual(found, {}, 'axe violations by view');
});

test('screenshot of the viewer on the demo data (docs/viewer.png)', async () => {
  const page = await newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  await open(page);
  await rowIds(page);
  await expectSummary(page, '1–20 of 10,317');
  await page.locator('.legend__entry').first().waitFor({ timeout: TIMEOUT });
  await page.mouse.move(0, 0);
  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  const shot = await import('node:fs').then((fs) => fs.statSync(SCREENSHOT));
  assert.ok(shot.size > 20_000, 'the screenshot has content');
  await page.context().close();
});
