// End-to-end tests of the viewer across several targets, in headless Chromium, against
// `vbs-server --config targets.toml` (scripts/e2e starts it): its targets are two emulators on
// loopback with other seeds, projects and keys ("east", "west") and one whose upstream is down
// ("down"). The expected rows are read from the same server's API (/t/{name}/v2/…), which the
// page calls.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { axeViolations } from './axe.mjs';
import { allRows } from './rows.mjs';

const BASE = (process.env.VBS_E2E_TARGETS_URL || 'http://127.0.0.1:18096').replace(/\/$/, '');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// Screenshots for a person to look at, not committed (target/ is ignored).
const OUTPUT = join(ROOT, 'target', 'e2e');
const TIMEOUT = 15_000;

let browser;
let targets; // name → { projectId, endpoint, policies: [{ id, name }] } of the live targets

async function api(path) {
  const response = await fetch(`${BASE}${path}`);
  return { status: response.status, body: await response.json() };
}

/** The job ids of the first page (the viewer's default query) of a target's policy. */
async function firstPageIds(target, policyId, query = '') {
  const { endpoint, projectId } = targets[target];
  const { status, body } = await api(
    `${endpoint}/v2/${projectId}/backuppolicy/${encodeURIComponent(policyId)}/backuptasks?sort_dir=desc&limit=20&offset=0${query}`);
  assert.equal(status, 200, `the API answered ${status} for ${target}`);
  return body.tasks.map((task) => task.job_id);
}

before(async () => {
  const config = await api('/viewer-config.json');
  assert.equal(config.status, 200, 'vbs-server must serve /viewer-config.json');
  assert.deepEqual(config.body.targets.map((t) => t.name), ['east', 'west', 'down'], 'the targets file, in order');
  targets = {};
  for (const target of config.body.targets.filter((t) => t.name !== 'down')) {
    assert.equal(target.endpoint, `/t/${target.name}`);
    const list = await api(`${target.endpoint}/v2/${target.projectId}/backuppolicy`);
    assert.equal(list.status, 200, `${target.name} lists its policies`);
    targets[target.name] = {
      ...target,
      policies: list.body.backup_policies.map((p) => ({ id: p.backup_policy_id, name: p.backup_policy_name })),
    };
  }
  assert.notEqual(targets.east.projectId, targets.west.projectId, 'two projects');
  assert.notDeepEqual(
    await firstPageIds('east', targets.east.policies[0].id),
    await firstPageIds('west', targets.west.policies[0].id),
    'two datasets: a page of one target cannot pass for the other',
  );
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  return page;
}

async function expectUrl(page, predicate, what) {
  await page.waitForURL((url) => predicate(new URL(url)), { timeout: TIMEOUT })
    .catch(() => assert.fail(`URL ${page.url()} should ${what}`));
}

const param = (url, key) => url.searchParams.get(key);

/**
 * Waits until the table shows exactly these job ids (in order): as many rows as ids, each row in
 * the DOM the one at its place; then, scrolled through, every row of the page.
 */
async function expectRows(page, ids, what) {
  await page.waitForFunction(
    (expected) => {
      const table = document.querySelector('table.task-table');
      if (table?.getAttribute('aria-rowcount') !== String(expected.length + 1)) return false;
      const rows = [...table.querySelectorAll('tr.task-row')];
      return rows.length > 0 && rows.every((row) => expected[Number(row.getAttribute('aria-rowindex')) - 2] === row.dataset.jobId);
    },
    ids,
    { timeout: TIMEOUT },
  ).catch(() => {});
  assert.deepEqual((await allRows(page)).map((row) => row?.jobId), ids, what);
}

test('a target picker: the link names the target, its rows are shown, a reload and Back restore it', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/`);
  const picker = page.getByLabel('Target', { exact: true });
  await picker.waitFor({ timeout: TIMEOUT });
  const options = await picker.locator('option').evaluateAll((list) => list.map((o) => [o.value, o.textContent]));
  assert.deepEqual(options.map(([value]) => value), ['east', 'west', 'down']);
  assert.equal(options[1][1], 'west — eu-de', 'named with its region when the server gives one');
  // The first target opens, its first policy, and the link says so.
  await expectUrl(page, (url) => param(url, 'target') === 'east' && param(url, 'policy') === targets.east.policies[0].id,
    'name the first target and its first policy');
  await expectRows(page, await firstPageIds('east', targets.east.policies[0].id), 'east\'s rows');

  // Picking another target shows its first policy's rows, through its own path.
  const westAsked = page.waitForRequest((request) => request.url().includes(`/t/west/v2/${targets.west.projectId}/backuppolicy`));
  await picker.selectOption('west');
  await westAsked;
  await expectUrl(page, (url) => param(url, 'target') === 'west' && param(url, 'project') === targets.west.projectId
    && param(url, 'policy') === targets.west.policies[0].id, 'name west, its project and first policy');
  const westIds = await firstPageIds('west', targets.west.policies[0].id);
  await expectRows(page, westIds, 'west\'s rows');
  const policyValues = await page.getByLabel('Policy', { exact: true }).locator('option')
    .evaluateAll((list) => list.map((o) => o.value));
  assert.deepEqual(policyValues, targets.west.policies.map((p) => p.id), 'the Policy control lists west\'s policies');

  // A reload opens the same target, policy and rows.
  await page.reload();
  await expectRows(page, westIds, 'west\'s rows after a reload');
  assert.equal(await picker.inputValue(), 'west');
  // Back returns to the other target.
  await page.goBack();
  await expectUrl(page, (url) => param(url, 'target') === 'east', 'be east\'s again');
  await expectRows(page, await firstPageIds('east', targets.east.policies[0].id), 'east\'s rows after Back');
  assert.equal(await picker.inputValue(), 'east');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a link opens its target with its policy and filters; an unknown target falls back to the first', async () => {
  const page = await newPage();
  const policy = targets.west.policies[1] ?? targets.west.policies[0];
  await page.goto(`${BASE}/?target=west&policy=${encodeURIComponent(policy.id)}&status=EXECUTE_SUCCESS`);
  await expectRows(page, await firstPageIds('west', policy.id, '&status=EXECUTE_SUCCESS'), 'the link\'s filtered rows');
  assert.equal(await page.getByLabel('Target', { exact: true }).inputValue(), 'west');
  assert.equal(await page.getByLabel('Status', { exact: true }).inputValue(), 'EXECUTE_SUCCESS');

  await page.goto(`${BASE}/?target=nowhere`);
  await expectUrl(page, (url) => param(url, 'target') === 'east', 'be rewritten to the first target');
  await expectRows(page, await firstPageIds('east', targets.east.policies[0].id), 'the first target\'s rows');
  await page.context().close();
});

test('the glance covers every target; a target that is down shows its error while the others stay', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/?target=east`);
  await page.getByRole('button', { name: 'Policies at a glance' }).click();
  const glance = page.getByRole('region', { name: 'Policies at a glance' });
  await glance.waitFor({ timeout: TIMEOUT });
  // Every live target's policies fill in; the one that is down says why on its own line.
  await page.waitForFunction((expected) => Object.entries(expected).every(([name, n]) => {
    const rows = [...document.querySelectorAll(`tbody[data-target="${name}"] tr.glance-row`)];
    return rows.length === n && rows.every((row) => row.dataset.latest !== 'LOADING');
  }) && document.querySelector('tbody[data-target="down"] .glance-note[data-state="error"]'),
  { east: targets.east.policies.length, west: targets.west.policies.length }, { timeout: 30_000 });
  const groups = await glance.locator('tbody.glance-group').evaluateAll((list) => list.map((group) => ({
    target: group.dataset.target,
    heading: group.querySelector('.glance-target th')?.textContent,
    policies: [...group.querySelectorAll('tr.glance-row')].map((row) => row.dataset.policyId).sort(),
    error: group.querySelector('.glance-note[data-state="error"]')?.textContent ?? null,
  })));
  assert.deepEqual(groups.map((g) => g.target), ['east', 'west', 'down'], 'a group per target, in the server\'s order');
  assert.equal(groups[0].heading, 'east');
  assert.equal(groups[1].heading, 'west — eu-de');
  for (const [index, name] of [[0, 'east'], [1, 'west']]) {
    assert.deepEqual(groups[index].policies, targets[name].policies.map((p) => p.id).sort(), `${name}'s policies`);
    assert.equal(groups[index].error, null);
  }
  assert.deepEqual(groups[2].policies, []);
  assert.match(groups[2].error, /^Could not list policies: The request failed \(HTTP 5\d\d\)/, 'the down target\'s error');
  await page.screenshot({ path: join(OUTPUT, 'targets-glance-1280.png'), fullPage: true });

  // A policy of another target opens from the glance: that target, that policy.
  const policy = targets.west.policies.at(-1);
  await glance.locator(`tbody[data-target="west"] tr.glance-row[data-policy-id="${policy.id}"] button`).click();
  await expectUrl(page, (url) => param(url, 'target') === 'west' && param(url, 'policy') === policy.id,
    'name west and the policy picked');
  await expectRows(page, await firstPageIds('west', policy.id), 'the picked policy\'s rows');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('with several targets the page stays clean at 1280 px and on a phone (screenshots)', async () => {
  mkdirSync(OUTPUT, { recursive: true });
  for (const width of [1280, 390]) {
    const page = await newPage({ viewport: { width, height: 900 } });
    await page.goto(`${BASE}/?target=west`);
    await page.locator('tr.task-row').first().waitFor({ timeout: TIMEOUT });
    const layout = await page.evaluate(() => {
      const target = document.querySelector('#target').getBoundingClientRect();
      const policy = document.querySelector('#policy').getBoundingClientRect();
      return {
        overflow: document.documentElement.scrollWidth > window.innerWidth,
        overlap: !(target.right <= policy.left || policy.right <= target.left
          || target.bottom <= policy.top || policy.bottom <= target.top),
      };
    });
    assert.equal(layout.overflow, false, `no sideways scrolling at ${width} px`);
    assert.equal(layout.overlap, false, `the two pickers do not overlap at ${width} px`);
    await page.screenshot({ path: join(OUTPUT, `targets-${width}.png`) });
    await page.getByRole('button', { name: 'Policies at a glance' }).click();
    await page.locator('tbody[data-target="down"] .glance-note[data-state="error"]').waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), false,
      `no sideways scrolling in the glance at ${width} px`);
    await page.screenshot({ path: join(OUTPUT, `targets-glance-${width}.png`), fullPage: true });
    await page.context().close();
  }
});

test('accessibility: axe finds no violations with the target picker and the glance across targets', async () => {
  // The page's CSP allows no injected script, so these contexts bypass it.
  const glance = async (page) => {
    await page.getByRole('button', { name: /Policies at a glance|策略一览/ }).click();
    await page.locator('tbody[data-target="down"] .glance-note[data-state="error"]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('tr.glance-row')].every((row) => row.dataset.latest !== 'LOADING'),
      null, { timeout: TIMEOUT });
  };
  const views = [
    { name: 'tasks, light' },
    { name: 'tasks, dark', options: { colorScheme: 'dark' } },
    { name: 'glance, light', act: glance },
    { name: 'glance, dark', options: { colorScheme: 'dark' }, act: glance },
    { name: 'glance, narrow', options: { viewport: { width: 390, height: 844 } }, act: glance },
    { name: 'glance, 中文', options: { locale: 'zh-CN' }, act: glance },
  ];
  const found = {};
  for (const view of views) {
    const page = await newPage({ ...view.options, bypassCSP: true });
    await page.goto(`${BASE}/?target=west`);
    await page.locator('tr.task-row').first().waitFor({ timeout: TIMEOUT });
    await page.getByLabel(/Auto-refresh|自动刷新/).uncheck().catch(() => {});
    if (view.act) await view.act(page);
    const violations = await axeViolations(page);
    if (violations.length) found[view.name] = violations;
    assert.deepEqual(page.problems, [], `${view.name}: script errors`);
    await page.context().close();
  }
  assert.deepEqual(found, {}, 'axe violations by view');
});
