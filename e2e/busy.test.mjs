// The viewer on a busy machine, in headless Chromium against `vbs-server --no-live` (scripts/e2e
// starts it and builds the viewer). Run: node --test e2e/
//
// Chromium runs the page with its CPU slowed eightfold (DevTools' CPU throttling), as on an old
// laptop while the browser does other work: what a person does must still land, however late
// the page answers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './chromium.mjs';

const BASE = (process.env.VBS_E2E_URL || 'http://127.0.0.1:18090').replace(/\/$/, '');
const TIMEOUT = 30_000;

let browser;
let project;
let weekly;

before(async () => {
  const config = await (await fetch(`${BASE}/viewer-config.json`)).json();
  project = config.projectId;
  const list = await (await fetch(`${BASE}/v2/${project}/backuppolicy`)).json();
  // Not daily-volumes: the viewer suite, which may run beside this file, scripts faults on it.
  weekly = list.backup_policies.find((policy) => policy.backup_policy_name === 'weekly-database')?.backup_policy_id;
  assert.ok(weekly, 'the seeded policy weekly-database exists');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test('on a slow CPU every arrow key counts: 40 presses down a 350-row page land 40 rows down', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  const expected = (await (await fetch(`${BASE}/v2/${project}/backuppolicy/${weekly}/backuptasks?limit=1000`)).json())
    .tasks.map((task) => task.job_id);
  await page.goto(`${BASE}/?policy=${encodeURIComponent(weekly)}&page_size=1000`);
  await page.locator('tr.task-row').first().waitFor({ timeout: TIMEOUT });
  await page.getByLabel('Auto-refresh').uncheck();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
  await page.locator('tr.task-row[aria-rowindex="2"]').focus();
  // Faster than the page renders the rows below its window: a press arrives before the row the
  // last one moved to is focused.
  for (let i = 0; i < 40; i += 1) await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-rowindex') === '42', null, { timeout: TIMEOUT })
    .catch(async () => assert.fail(`focus on row ${await page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'))}, not 42`));
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.jobId), expected[40]);
  // And back up from the end.
  assert.equal(expected.length, 350);
  await page.keyboard.press('End');
  for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-rowindex') === '346', null, { timeout: TIMEOUT })
    .catch(async () => assert.fail(`focus on row ${await page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'))}, not 346`));
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.jobId), expected[344]);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  assert.deepEqual(problems, []);
  await context.close();
});
