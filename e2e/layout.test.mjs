// The viewer's layout between a phone and a laptop, in headless Chromium against
// `vbs-server --no-live` (scripts/e2e starts it and builds the viewer). Run: node --test e2e/
//
// A tablet or half a laptop screen (761–1023 px) is too narrow for the task table's columns and
// too wide for the phone's cards: there the table scrolls sideways in its own box, and the page
// itself never does. Phones (cards) and wide windows are covered by viewer.test.mjs and
// cbr.test.mjs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const BASE = (process.env.VBS_E2E_URL || 'http://127.0.0.1:18090').replace(/\/$/, '');
// A server with several targets (scripts/e2e starts it, as for targets.test.mjs).
const TARGETS = (process.env.VBS_E2E_TARGETS_URL || 'http://127.0.0.1:18097').replace(/\/$/, '');
const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'target', 'e2e');
const TIMEOUT = 15_000;

let browser;
// Not daily-volumes: the viewer suite, which may run beside this file, scripts faults on it.
let weekly;

before(async () => {
  const config = await fetch(`${BASE}/viewer-config.json`);
  assert.equal(config.status, 200, 'vbs-server must serve /viewer-config.json');
  const { projectId } = await config.json();
  const list = await (await fetch(`${BASE}/v2/${projectId}/backuppolicy`)).json();
  weekly = list.backup_policies.find((policy) => policy.backup_policy_name === 'weekly-database')?.backup_policy_id;
  assert.ok(weekly, 'the seeded policy weekly-database exists');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** What a person would see go wrong in the layout of the page now in `page`. */
function layoutFaults(page) {
  return page.evaluate(() => {
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const wrap = document.querySelector('.table-wrap--tasks');
    const headers = [...document.querySelectorAll('.task-table thead th')];
    // Scrolled to its right end, the table's last column shows inside its box.
    wrap.scrollLeft = wrap.scrollWidth;
    const box = wrap.getBoundingClientRect();
    const last = headers.at(-1).getBoundingClientRect();
    const faults = {
      pageScrollsSideways: document.documentElement.scrollWidth > window.innerWidth,
      // A column squeezed below 4.5rem breaks its name letter by letter and cuts its values.
      narrowColumns: headers
        .filter((th) => th.getBoundingClientRect().width < 4.5 * rem - 0.5)
        .map((th) => `${th.textContent}: ${Math.round(th.getBoundingClientRect().width)} px`),
      // A column's name broken inside a word (RESOURC/E): more lines than words.
      brokenHeaders: headers
        .filter((th) => {
          const range = document.createRange();
          range.selectNodeContents(th);
          const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.bottom))).size;
          return lines > th.textContent.trim().split(/\s+/).length;
        })
        .map((th) => th.textContent),
      lastColumnOutOfReach: last.right > box.right + 0.5 || last.left < box.left - 0.5,
      boxWiderThanWindow: box.right > window.innerWidth + 0.5,
    };
    wrap.scrollLeft = 0;
    return faults;
  });
}

const FINE = { pageScrollsSideways: false, narrowColumns: [], brokenHeaders: [], lastColumnOutOfReach: false, boxWiderThanWindow: false };

test('at 800 and 1024 px the page never scrolls sideways and every column of both tables stays readable (screenshots)', async () => {
  mkdirSync(OUTPUT, { recursive: true });
  for (const locale of ['en-US', 'zh-CN']) {
    for (const width of [800, 1024]) {
      for (const service of ['vbs', 'cbr']) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, locale });
        const page = await context.newPage();
        const problems = [];
        page.on('pageerror', (error) => problems.push(error.message));
        await page.goto(`${BASE}/${service === 'cbr' ? '?service=cbr' : `?policy=${encodeURIComponent(weekly)}`}`);
        await page.locator('tr.task-row').first().waitFor({ timeout: TIMEOUT });
        assert.deepEqual(await layoutFaults(page), FINE, `${service} at ${width} px in ${locale}`);
        await page.screenshot({ path: join(OUTPUT, `layout-${service}-${width}-${locale}.png`) });
        assert.deepEqual(problems, []);
        await context.close();
      }
    }
  }
});

test('at 800 px the pickers share a line and the policy\'s details are never squeezed, with one target or several', async () => {
  const cases = [
    { name: 'one target', url: `${BASE}/?policy=${encodeURIComponent(weekly)}`, pickers: ['#service', '#policy'], detailsBeside: true },
    // Target, service and policy leave less than 16rem: the details go to the refresh bar's line.
    { name: 'several targets', url: `${TARGETS}/?target=west`, pickers: ['#target', '#service', '#policy'], detailsBeside: false },
  ];
  for (const { name, url, pickers, detailsBeside } of cases) {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('tr.task-row').first().waitFor({ timeout: TIMEOUT });
    await page.locator('.policy-meta').waitFor({ timeout: TIMEOUT });
    const layout = await page.evaluate((pickers) => {
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
      const box = (selector) => document.querySelector(selector).getBoundingClientRect();
      const tops = pickers.map((selector) => Math.round(box(selector).top));
      const meta = box('.policy-meta');
      const policy = box('#policy');
      return {
        pickersOnOneLine: tops.every((top) => Math.abs(top - tops[0]) <= 1),
        // Side by side along the start of the line, not spread across it.
        pickersTogether: pickers.slice(1).every((selector, i) => box(selector).left - box(pickers[i]).right < 2 * rem),
        detailsBeside: meta.top < policy.bottom && meta.left >= policy.right,
        detailsWide: meta.width >= 16 * rem - 0.5,
      };
    }, pickers);
    assert.deepEqual(layout, { pickersOnOneLine: true, pickersTogether: true, detailsBeside, detailsWide: true }, name);
    await context.close();
  }
});
