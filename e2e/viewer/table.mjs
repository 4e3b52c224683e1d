// The task table and the view in the URL: the first page and the table's contract, each filter,
// paging to the last page and back, deep links, a link spelled another way, Back and Forward, a
// refused copy, a failed task's details, markup shown as text, an unknown and an empty policy.
// Part of the viewer's end-to-end suite: e2e/viewer.test.mjs runs these tests (scripts/e2e, which
// starts the server; see viewer.test.mjs for the suite's conventions).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  HEADERS, TIMEOUT, project, policies, apiTasks, newPage, open, rowIds, rowStatuses, expectRows,
  expectSummary, expectUrl, param, isOverviewRequest,
} from '../viewer-helpers.mjs';

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
