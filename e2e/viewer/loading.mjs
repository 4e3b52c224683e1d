// Loading and the connection: an older slow answer dropped, a server config that never answers,
// the first page asked for before the first render (and kept when slow), the settings panel and
// its token, a refused token, auto-refresh, a failed refresh, and the page's own server stopping.
// Part of the viewer's end-to-end suite: e2e/viewer.test.mjs runs these tests (scripts/e2e, which
// starts the server; see viewer.test.mjs for the suite's conventions).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  TIMEOUT, project, policies, apiTasks, injectFaults, quiet, clearFaults, newPage, asOnAStaticHost, open,
  rowIds, rowStatuses, expectRows, expectSummary, expectUrl, param, isOverviewRequest,
} from '../viewer-helpers.mjs';

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
