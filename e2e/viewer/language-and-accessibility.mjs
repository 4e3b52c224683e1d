// The Chinese translation (labels, statuses, summaries, dates, remembered), axe's scan of every
// view (light or dark, wide or narrow, both languages), and the screenshot docs/viewer.png.
// Part of the viewer's end-to-end suite: e2e/viewer.test.mjs runs these tests (scripts/e2e, which
// starts the server; see viewer.test.mjs for the suite's conventions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import { axeViolations } from '../axe.mjs';
import {
  SCREENSHOT, HEADERS, TIMEOUT, policies, newPage, open, rowIds, expectSummary,
} from '../viewer-helpers.mjs';

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
