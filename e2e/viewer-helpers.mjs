// Shared by the viewer's end-to-end tests (e2e/viewer.test.mjs, which runs the themes of
// e2e/viewer/): the servers' URL and the suite's constants, the hooks that read the project and its
// policies and launch Chromium, the API the page calls and the emulator's fault scripts, and what
// a test does with a page: open it, read its rows, wait for its summary and URL.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
export { rowIds, expectRows } from './rows.mjs';

export const BASE = (process.env.VBS_E2E_URL || 'http://127.0.0.1:18090').replace(/\/$/, '');
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOT = join(ROOT, 'docs', 'viewer.png');
// Screenshots for a person to look at, not committed (target/ is ignored).
export const OUTPUT = join(ROOT, 'target', 'e2e');
export const HEADERS = ['Status', 'Job ID', 'Backup name', 'Resource', 'Created', 'Finished', 'Duration'];
export const TIMEOUT = 15_000;

/** Set by the hooks of `useViewerSuite` before the tests: Chromium, the project, its policies. */
export let browser;
export let project;
export const policies = {}; // name → id

export async function api(path) {
  const response = await fetch(`${BASE}${path}`);
  return { status: response.status, body: await response.json() };
}

/** The tasks the API returns for a policy and query (what the page must show). */
export async function apiTasks(policyId, query = '') {
  const { status, body } = await api(`/v2/${project}/backuppolicy/${encodeURIComponent(policyId)}/backuptasks?${query}`);
  assert.equal(status, 200, `API answered ${status} for ${query}`);
  return body;
}

/**
 * Registers the suite's hooks: before its tests, reads the project and the policies from the
 * server and launches Chromium; after them, closes it and clears any fault script left.
 */
export function useViewerSuite() {
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
}

/** Scripts the emulator's next answers for a policy (see server/src/faults.rs). */
export async function injectFaults(policyId, script) {
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
export const quiet = (page) => page.waitForLoadState('networkidle');

export const clearFaults = () => fetch(`${BASE}/__emulator/faults`, { method: 'DELETE' });

/** A fresh page that records script errors and dialogs (a dialog would mean injected script ran). */
export async function newPage(options = {}) {
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
export async function asOnAStaticHost(page) {
  await page.route((url) => url.origin === BASE && !/\.[a-z]+$/.test(url.pathname) && !url.pathname.startsWith('/v2'), async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const data = /<script type=application\/json id=viewer-config>.*?<\/script>/;
    assert.match(html, data, 'vbs-server writes its config into the page');
    const body = html.replace(data, '<link as=fetch crossorigin href=/viewer-config.json rel=preload>');
    await route.fulfill({ response, body });
  });
}

export async function open(page, query = '') {
  await page.goto(`${BASE}/${query}`);
}

/** The locator of the row at `index` of the page (0-based), scrolled into the DOM and view. */
export async function rowAt(page, index) {
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

export async function rowStatuses(page) {
  return page.locator('tr.task-row [data-status]').evaluateAll((badges) => badges.map((b) => b.dataset.status));
}


export async function expectSummary(page, text) {
  await page.getByRole('status').filter({ hasText: text }).waitFor({ timeout: TIMEOUT })
    .catch(async () => assert.equal(await page.getByRole('status').textContent(), text, 'summary'));
}

export async function expectUrl(page, predicate, what) {
  await page.waitForURL((url) => predicate(new URL(url)), { timeout: TIMEOUT })
    .catch(() => assert.fail(`URL ${page.url()} should ${what}`));
}

export const param = (url, key) => url.searchParams.get(key);

/** A status overview request: one `limit=1` count per status. */
export const isOverviewRequest = (url) => new URL(url).searchParams.get('limit') === '1';

export const STATUSES = ['RUNNING', 'EXECUTE_TIMEOUT', 'WAITING', 'EXECUTE_FAIL', 'EXECUTE_SUCCESS', 'SKIP'];

/** Every job id of a policy (and status), walked through the API 1000 at a time. */
export async function allIds(policyId, status) {
  const ids = [];
  for (let offset = 0; ; offset += 1000) {
    const body = await apiTasks(policyId, `limit=1000&offset=${offset}${status ? `&status=${status}` : ''}`);
    ids.push(...body.tasks.map((t) => t.job_id));
    if (body.tasks.length === 0 || ids.length >= body.count) return ids;
  }
}
