// How the page shows tasks: cards on narrow screens and dark mode, task times against the frozen
// emulator clock, and the time zone the time columns name (both offsets across daylight saving).
// Part of the viewer's end-to-end suite: e2e/viewer.test.mjs runs these tests (scripts/e2e, which
// starts the server; see viewer.test.mjs for the suite's conventions).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { allRows } from '../rows.mjs';
import {
  HEADERS, TIMEOUT, policies, api, apiTasks, newPage, open, rowIds, rowAt,
} from '../viewer-helpers.mjs';

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
