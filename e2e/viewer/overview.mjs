// What the page sums up and how a big page is used: the status overview counts (and why they can
// be missing), the timeline and duration stats, a windowed 1,000-row page, the table and details
// panel sharing the width (screenshots in target/e2e), and the keyboard shortcuts.
// Part of the viewer's end-to-end suite: e2e/viewer.test.mjs runs these tests (scripts/e2e, which
// starts the server; see viewer.test.mjs for the suite's conventions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import {
  ROOT, OUTPUT, HEADERS, TIMEOUT, policies, apiTasks, newPage, open, rowIds, rowStatuses, expectRows,
  expectSummary, expectUrl, param, isOverviewRequest, STATUSES,
} from '../viewer-helpers.mjs';

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
