// End-to-end tests of the viewer's CBR view in headless Chromium, against `vbs-server --no-live`
// (its frozen emulator serves /v3 beside /v2) and the targets server (`--config`, its targets
// serve both). scripts/e2e starts both and builds the viewer. Run: node --test e2e/
//
// The emulator's data is deterministic (seed 42, frozen clock), and a CBR time range counts back
// from the moment the page asks: so each test reads the query the page sent, asks the API the
// same, and compares what the page shows with what the API answers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { axeViolations } from './axe.mjs';
import { expectRows, rowIds } from './rows.mjs';
import { exportFile, parseCsv } from './export.mjs';

const BASE = (process.env.VBS_E2E_URL || 'http://127.0.0.1:18090').replace(/\/$/, '');
const TARGETS = (process.env.VBS_E2E_TARGETS_URL || 'http://127.0.0.1:18097').replace(/\/$/, '');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCREENSHOT = join(ROOT, 'docs', 'viewer-cbr.png');
const HEADERS = ['Status', 'Operation', 'Resource', 'Vault', 'Created', 'Ended', 'Duration'];
const VBS_HEADERS = ['Status', 'Job ID', 'Backup name', 'Resource', 'Created', 'Finished', 'Duration'];
const TIMEOUT = 15_000;
// The frozen emulator's clock (its config's `now`, UTC).
const NOW = Date.parse('2026-11-20T08:00:00Z');

let browser;
let project;
let vaults; // name → id
let cbrPolicies; // name → { id, vaultIds }
let firstVbsPolicy;

async function api(base, path) {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, body: await response.json() };
}

/** Every log of a CBR query path (without limit/offset), walked 1000 at a time. */
async function allLogs(base, path) {
  const logs = [];
  const join = path.includes('?') ? '&' : '?';
  for (let offset = 0; ; offset += 1000) {
    const { status, body } = await api(base, `${path}${join}limit=1000&offset=${offset}`);
    assert.equal(status, 200, `the API answered ${status} for ${path}`);
    logs.push(...body.operation_logs);
    if (body.operation_logs.length < 1000) return logs;
  }
}

before(async () => {
  const config = await api(BASE, '/viewer-config.json');
  assert.equal(config.status, 200, 'vbs-server must serve /viewer-config.json');
  project = config.body.projectId;
  assert.deepEqual(config.body.targets[0].services, ['vbs', 'cbr'], 'the emulator serves both');
  const list = await api(BASE, `/v3/${project}/vaults`);
  vaults = Object.fromEntries(list.body.vaults.map((v) => [v.name, v.id]));
  assert.ok(vaults['vault-weekly-database'], 'the seeded vault of weekly-database exists');
  const policies = await api(BASE, `/v3/${project}/policies`);
  cbrPolicies = Object.fromEntries(policies.body.policies.map((p) => [p.name, { id: p.id, vaultIds: p.associated_vaults.map((a) => a.vault_id) }]));
  const vbs = await api(BASE, `/v2/${project}/backuppolicy`);
  firstVbsPolicy = vbs.body.backup_policies[0].backup_policy_id;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** A fresh page in `timezoneId` (UTC+8 unless said) that records script errors and its CBR requests. */
async function newPage(options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Shanghai', ...options,
  });
  const page = await context.newPage();
  page.problems = [];
  page.dialogs = [];
  page.cbrRequests = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('dialog', async (dialog) => {
    page.dialogs.push(dialog.message());
    await dialog.dismiss().catch(() => {});
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith('/operation-logs')) page.cbrRequests.push(url);
  });
  return page;
}

const param = (url, key) => url.searchParams.get(key);

async function expectUrl(page, predicate, what) {
  await page.waitForURL((url) => predicate(new URL(url)), { timeout: TIMEOUT })
    .catch(() => assert.fail(`URL ${page.url()} should ${what}`));
}

/**
 * The table page's request the page sent last that `matches`, at `offset` (the overview's and the
 * glance's `limit=1` counts left out, and so is the next page fetched ahead), once it has sent
 * one; its path and query as the API takes them.
 */
async function tableRequest(page, matches = () => true, offset = '0') {
  const isTable = (url) => param(url, 'limit') !== '1' && (param(url, 'offset') ?? '0') === offset && matches(url);
  for (let i = 0; i < 300 && !page.cbrRequests.some(isTable); i += 1) await page.waitForTimeout(50);
  const url = page.cbrRequests.filter(isTable).at(-1);
  assert.ok(url, 'the page asked for a page of CBR tasks');
  return url;
}

/** What the API answers to the page's own request `url`. */
async function answerTo(base, url) {
  const { status, body } = await api(base, `${url.pathname}${url.search}`);
  assert.equal(status, 200, `the API answered ${status} for ${url}`);
  return body;
}

/** Waits for the table to show what the API answers to the page's latest table request. */
async function expectTheApisPage(page, base = BASE, matches = () => true, offset = '0') {
  const url = await tableRequest(page, matches, offset);
  const body = await answerTo(base, url);
  await expectRows(page, body.operation_logs.map((log) => log.id));
  return { url, body };
}



/** The tasks a CBR policy started in a window, as contract §8 reads them: its vaults, newest first. */
async function policyLogs(policyName, window) {
  const policy = cbrPolicies[policyName];
  const logs = [];
  for (const vault of policy.vaultIds) {
    const found = await allLogs(BASE, `/v3/${project}/operation-logs?vault_id=${vault}&${window}`);
    logs.push(...found.filter((log) => log.policy_id === policy.id));
  }
  return logs.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : a.id.localeCompare(b.id)));
}

/** A time as a datetime-local field shows it at UTC+8 (Asia/Shanghai, no daylight saving). */
const localField = (ms) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

test('switching service keeps the target: the emulator\'s CBR view and back, and across targets', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/`);
  await rowIds(page);
  const service = page.getByLabel('Service', { exact: true });
  assert.equal(await service.inputValue(), 'vbs');
  assert.deepEqual(await service.locator('option').evaluateAll((o) => o.map((x) => x.value)), ['vbs', 'cbr']);
  await service.selectOption('cbr');
  await expectUrl(page, (url) => param(url, 'service') === 'cbr' && param(url, 'project') === project
    && !url.searchParams.has('policy'), 'name the CBR view of the same project');
  assert.deepEqual(await page.locator('table thead th').allTextContents().then((h) => h.map((t) => t.replace(/ \(.*\)$/, ''))), HEADERS);
  const { url, body } = await expectTheApisPage(page);
  assert.equal(param(url, 'limit'), '20');
  assert.equal(param(url, 'offset'), '0');
  // The last 7 days by default, counted back from the (frozen) server clock, with no end.
  const start = Date.parse(param(url, 'start_time'));
  assert.ok(Math.abs(start - (NOW - 7 * 86_400_000)) < 60_000, `start_time ${param(url, 'start_time')}`);
  assert.equal(url.searchParams.has('end_time'), false);
  assert.equal(await page.locator('#from').inputValue(), localField(start));
  assert.equal(await page.locator('#to').inputValue(), '');
  // A running task's progress is a progress bar with its value.
  const running = body.operation_logs.filter((log) => log.status === 'running');
  assert.ok(running.length > 0, 'the first page has running tasks');
  for (const log of running) {
    const bar = page.locator(`tr.task-row[data-job-id="${log.id}"] [role=progressbar]`);
    assert.equal(await bar.getAttribute('aria-valuenow'), String(log.extra_info.common.progress), log.id);
  }
  assert.equal(await page.locator('tr.task-row .badge[data-status="running"]').count(), running.length);
  // Back to VBS: the same target's first policy, in a history entry of its own.
  await service.selectOption('vbs');
  await expectUrl(page, (u) => !u.searchParams.has('service') && param(u, 'policy') === firstVbsPolicy, 'open the first VBS policy');
  await rowIds(page);
  assert.deepEqual(await page.locator('table thead th').allTextContents().then((h) => h.map((t) => t.replace(/ \(.*\)$/, ''))), VBS_HEADERS);
  await page.goBack();
  await expectUrl(page, (u) => param(u, 'service') === 'cbr', 'come back to the CBR view');
  await expectRows(page, body.operation_logs.map((log) => log.id));
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // Across targets: the service is chosen per target, and a switch keeps the target. This
  // server's config has no clock of its own (its targets could be live clouds): its time ranges
  // count back from the browser's, so the window is set by hand.
  const config = await api(TARGETS, '/viewer-config.json');
  const west = config.body.targets.find((t) => t.name === 'west');
  assert.deepEqual(west.services, ['vbs', 'cbr']);
  assert.deepEqual(config.body.targets.find((t) => t.name === 'down').services, ['vbs']);
  const multi = await newPage();
  await multi.goto(`${TARGETS}/?target=west`);
  await rowIds(multi);
  await multi.getByLabel('Service', { exact: true }).selectOption('cbr');
  await expectUrl(multi, (u) => param(u, 'target') === 'west' && param(u, 'service') === 'cbr'
    && param(u, 'project') === west.projectId, 'keep the target west');
  await multi.locator('#from').fill('2026-11-01T00:00');
  await expectUrl(multi, (u) => param(u, 'target') === 'west' && param(u, 'from') === '2026-10-31T16:00:00Z', 'name the window');
  const westPage = await expectTheApisPage(multi, TARGETS, (u) => u.pathname.startsWith('/t/west/v3/') && u.searchParams.has('start_time')
    && param(u, 'start_time') === '2026-10-31T16:00:00Z');
  assert.equal(westPage.url.pathname, `/t/west/v3/${west.projectId}/operation-logs`);
  assert.ok(westPage.body.operation_logs.length > 0);
  // Another target that serves CBR keeps the CBR view (a fresh one: filters are a target's).
  await multi.getByLabel('Target', { exact: true }).selectOption('east');
  await expectUrl(multi, (u) => param(u, 'target') === 'east' && param(u, 'service') === 'cbr' && !u.searchParams.has('from'),
    'keep CBR on east');
  const east = await tableRequest(multi, (u) => u.pathname.startsWith('/t/east/v3/'));
  const eastAnswer = await answerTo(TARGETS, east);
  if (eastAnswer.operation_logs.length > 0) {
    await expectRows(multi, eastAnswer.operation_logs.map((log) => log.id));
  } else {
    await multi.locator('.notice--empty').filter({ hasText: 'No tasks in this time range' }).waitFor({ timeout: TIMEOUT });
  }
  // A target that serves VBS only offers no service choice: its VBS view opens.
  await multi.getByLabel('Target', { exact: true }).selectOption('down');
  await expectUrl(multi, (u) => param(u, 'target') === 'down' && !u.searchParams.has('service'), 'open down\'s VBS view');
  assert.equal(await multi.getByLabel('Service', { exact: true }).count(), 0);
  assert.deepEqual(multi.problems, []);
  await multi.context().close();
});

test('each CBR filter changes the rows and the URL', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/?service=cbr`);
  await expectTheApisPage(page);
  // The vaults and policies are listed for their filters.
  await page.waitForFunction((n) => document.querySelectorAll('#vault option').length === n + 1, Object.keys(vaults).length, { timeout: TIMEOUT });
  assert.equal(await page.locator('#cbr-policy option').count(), Object.keys(cbrPolicies).length + 1);
  const steps = [
    { what: 'Status', act: () => page.getByLabel('Status', { exact: true }).selectOption('failed'), key: 'status', value: 'failed', api: 'status' },
    { what: 'Operation', act: () => page.getByLabel('Operation', { exact: true }).selectOption('restore'), key: 'operation', value: 'restore', api: 'operation_type' },
    { what: 'Vault', act: () => page.getByLabel('Vault', { exact: true }).selectOption({ label: 'vault-weekly-database' }), key: 'vault', value: vaults['vault-weekly-database'], api: 'vault_id' },
  ];
  for (const step of steps) {
    const before = page.cbrRequests.length;
    await step.act();
    await expectUrl(page, (u) => param(u, step.key) === step.value && !u.searchParams.has('page'), `say ${step.key}=${step.value}`);
    const { url, body } = await expectTheApisPage(page, BASE, (u) => param(u, step.api) === step.value);
    assert.ok(page.cbrRequests.indexOf(url) >= before, `${step.what}: a new request`);
    assert.ok(body.count >= 0);
    // Back to no filter, for the next one on its own.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expectUrl(page, (u) => !u.searchParams.has(step.key), `drop ${step.key}`);
    await expectTheApisPage(page, BASE, (u) => !u.searchParams.has(step.api));
  }
  // Resource ID: applied on Enter.
  const weekly = await answerTo(BASE, new URL(`${BASE}/v3/${project}/operation-logs?vault_id=${vaults['vault-weekly-database']}&limit=1`));
  const resource = weekly.operation_logs[0].extra_info.resource.id;
  await page.getByLabel('Resource ID', { exact: true }).fill(resource);
  await page.getByLabel('Resource ID', { exact: true }).press('Enter');
  await expectUrl(page, (u) => param(u, 'resource_id') === resource, 'say the resource');
  const byResource = await expectTheApisPage(page, BASE, (u) => param(u, 'resource_id') === resource);
  assert.ok(byResource.body.operation_logs.every((log) => log.extra_info.resource.id === resource));
  assert.ok(byResource.body.operation_logs.length > 0, 'the resource has tasks in the window');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expectUrl(page, (u) => !u.searchParams.has('resource_id'), 'drop the resource');

  // Policy: the policy's vaults read whole, the tasks it started kept (contract §8), paged here.
  const policy = cbrPolicies['weekly-database'];
  await page.getByLabel('Policy', { exact: true }).selectOption({ label: 'weekly-database' });
  await expectUrl(page, (u) => param(u, 'policy') === policy.id, 'say the policy');
  const walk = await tableRequest(page, (u) => param(u, 'vault_id') === policy.vaultIds[0] && param(u, 'limit') === '1000');
  const expected = await policyLogs('weekly-database', `start_time=${encodeURIComponent(param(walk, 'start_time'))}`);
  assert.ok(expected.length > 0, 'the policy started tasks in the window');
  await expectRows(page, expected.slice(0, 20).map((log) => log.id));
  assert.ok(expected.every((log) => log.policy_id === policy.id));
  await page.getByRole('status').filter({ hasText: new RegExp(`of ${expected.length}$`) }).waitFor({ timeout: TIMEOUT });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a time-range preset, and a window typed in the browser\'s zone, go to the API in UTC', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/?service=cbr`);
  await expectTheApisPage(page);
  await page.getByRole('button', { name: 'Last 24 hours' }).click();
  await expectUrl(page, (u) => param(u, 'range') === '24h', 'say range=24h');
  assert.equal(await page.getByRole('button', { name: 'Last 24 hours' }).getAttribute('aria-pressed'), 'true');
  const { url, body } = await expectTheApisPage(page, BASE, (u) => Date.parse(param(u, 'start_time')) > NOW - 2 * 86_400_000);
  const start = Date.parse(param(url, 'start_time'));
  assert.ok(Math.abs(start - (NOW - 86_400_000)) < 60_000, `start_time ${param(url, 'start_time')}`);
  assert.match(param(url, 'start_time'), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.equal(await page.locator('#from').inputValue(), localField(start));
  const day = await answerTo(BASE, new URL(`${BASE}/v3/${project}/operation-logs?limit=1&start_time=${param(url, 'start_time')}`));
  assert.equal(body.count, day.count, 'the count of the last 24 hours');
  await page.getByRole('status').filter({ hasText: new RegExp(`of ${day.count.toLocaleString('en-US')}$`) }).waitFor({ timeout: TIMEOUT });

  // A window typed in local time (UTC+8) is sent, and linked, in UTC.
  await page.locator('#from').fill('2026-11-18T10:00');
  await expectUrl(page, (u) => param(u, 'from') === '2026-11-18T02:00:00Z' && !u.searchParams.has('range'), 'say from in UTC');
  await page.locator('#to').fill('2026-11-19T10:30');
  await expectUrl(page, (u) => param(u, 'from') === '2026-11-18T02:00:00Z' && param(u, 'to') === '2026-11-19T02:30:00Z', 'say to in UTC');
  const window = await expectTheApisPage(page, BASE, (u) => param(u, 'end_time') === '2026-11-19T02:30:00Z');
  assert.equal(param(window.url, 'start_time'), '2026-11-18T02:00:00Z');
  assert.ok(window.body.count > 0);
  assert.ok(window.body.operation_logs.every((log) => log.started_at >= '2026-11-18T02:00:00' && log.started_at <= '2026-11-19T02:30:00'));
  // A reload keeps the window; the default range is the last 7 days, not in the link.
  await page.reload();
  assert.equal(await page.locator('#from').inputValue(), '2026-11-18T10:00');
  assert.equal(await page.locator('#to').inputValue(), '2026-11-19T10:30');
  await page.getByRole('button', { name: 'Last 7 days' }).click();
  await expectUrl(page, (u) => !u.searchParams.has('from') && !u.searchParams.has('to') && !u.searchParams.has('range'), 'drop the window');
  await page.getByRole('button', { name: 'Last 30 days' }).click();
  await expectUrl(page, (u) => param(u, 'range') === '30d', 'say range=30d');
  await expectTheApisPage(page, BASE, (u) => Date.parse(param(u, 'start_time')) < NOW - 29 * 86_400_000);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a failed CBR task\'s details show its error_info first and every extra_info block', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/?service=cbr&status=failed`);
  const { body } = await expectTheApisPage(page, BASE, (u) => param(u, 'status') === 'failed');
  const failed = body.operation_logs[0];
  assert.ok(failed.error_info.code && failed.error_info.message, 'the API gives failures a code and message');
  await page.locator(`tr.task-row[data-job-id="${failed.id}"]`).click();
  const details = page.getByRole('dialog', { name: 'Task details' });
  await details.waitFor({ timeout: TIMEOUT });
  assert.equal(await details.locator('[data-field="code"]').textContent(), failed.error_info.code);
  assert.equal(await details.locator('[data-field="message"]').textContent(), failed.error_info.message);
  const order = await details.evaluate((panel) => {
    const failure = panel.querySelector('.failure');
    const fields = panel.querySelector('.fields');
    return failure.compareDocumentPosition(fields) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  assert.ok(order, 'error_info comes before the fields');
  const blocks = await details.locator('section.extra').evaluateAll((s) => s.map((b) => b.dataset.block));
  assert.deepEqual(blocks, Object.keys(failed.extra_info).sort((a, b) => BLOCKS.indexOf(a) - BLOCKS.indexOf(b)));
  const text = await details.textContent();
  for (const value of [failed.id, failed.vault_id, failed.extra_info.resource.id, failed.extra_info.common.request_id]) {
    assert.ok(text.includes(value), `details show ${value}`);
  }
  await page.keyboard.press('Escape');
  await details.waitFor({ state: 'detached', timeout: TIMEOUT });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

// The contract's order of extra_info's blocks.
const BLOCKS = ['common', 'resource', 'backup', 'restore', 'replication', 'delete', 'sync', 'remove_resources', 'vault_delete'];

test('an export of the whole CBR filter has every log once (CSV of every page, JSON of a policy)', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/?service=cbr&range=all`);
  const { url } = await expectTheApisPage(page);
  assert.equal(url.searchParams.has('start_time'), false, 'any time: no window');
  const expected = await allLogs(BASE, `/v3/${project}/operation-logs`);
  assert.ok(expected.length > 5_000, 'many pages of tasks');
  const { download, bytes } = await exportFile(page, 'Export CSV');
  assert.match(download.suggestedFilename(), /^vbs-tasks_cbr_all_\d{8}-\d{4}\.csv$/);
  const text = bytes.toString('utf8');
  assert.ok(text.startsWith('\ufeff'), 'a BOM for spreadsheets');
  const [header, ...rows] = parseCsv(text.slice(1));
  assert.deepEqual(header.slice(0, 3), ['id', 'status', 'operation_type']);
  const ids = rows.map((row) => row[0]);
  assert.equal(new Set(ids).size, ids.length, 'every log once');
  assert.deepEqual([...ids].sort(), expected.map((log) => log.id).sort(), 'every log of the filter');
  const byId = new Map(expected.map((log) => [log.id, log]));
  for (const row of rows.slice(0, 200)) {
    const log = byId.get(row[0]);
    assert.equal(row[1], log.status);
    assert.equal(row[2], log.operation_type);
    assert.equal(row[header.indexOf('vault_name')], log.vault_name ?? '');
  }
  await page.locator('.export-note[data-export="done"]').waitFor({ timeout: TIMEOUT });

  // JSON of a policy filter: the logs the policy started, once each, in the API's form.
  const policy = cbrPolicies['weekly-database'];
  await page.goto(`${BASE}/?service=cbr&policy=${policy.id}&range=30d`);
  const walk = await tableRequest(page, (u) => param(u, 'vault_id') === policy.vaultIds[0] && param(u, 'limit') === '1000');
  const kept = await policyLogs('weekly-database', `start_time=${encodeURIComponent(param(walk, 'start_time'))}`);
  await expectRows(page, kept.slice(0, 20).map((log) => log.id));
  const json = await exportFile(page, 'Export JSON');
  assert.match(json.download.suggestedFilename(), /^vbs-tasks_cbr_weekly-database_all_\d{8}-\d{4}\.json$/);
  const document = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(document.count, kept.length);
  assert.deepEqual(document.operation_logs.map((log) => log.id), kept.map((log) => log.id), 'each once, newest first');
  assert.deepEqual(document.operation_logs[0], kept[0], 'in the API\'s own form');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('vaults at a glance: each vault with its latest task and counts; a click opens its CBR view', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/?service=cbr`);
  const { url } = await expectTheApisPage(page);
  await page.getByRole('button', { name: 'Vaults at a glance' }).click();
  const lines = page.locator('tr.glance-row');
  await page.waitForFunction((n) => {
    const rows = [...document.querySelectorAll('tr.glance-row')];
    return rows.length === n && rows.every((row) => row.dataset.latest !== 'LOADING');
  }, Object.keys(vaults).length, { timeout: TIMEOUT });
  const weekly = page.locator(`tr.glance-row[data-vault-id="${vaults['vault-weekly-database']}"]`);
  const window = `start_time=${encodeURIComponent(param(url, 'start_time'))}`;
  const count = await answerTo(BASE, new URL(`${BASE}/v3/${project}/operation-logs?vault_id=${vaults['vault-weekly-database']}&limit=1&${window}`));
  assert.equal(await weekly.getAttribute('data-latest'), count.operation_logs[0].status);
  assert.equal(await weekly.locator('.glance-counts').getAttribute('data-total'), String(count.count));
  assert.equal(await lines.count(), Object.keys(vaults).length);
  await weekly.getByRole('button', { name: 'vault-weekly-database' }).click();
  await expectUrl(page, (u) => param(u, 'vault') === vaults['vault-weekly-database'], 'open the vault');
  await expectTheApisPage(page, BASE, (u) => param(u, 'vault_id') === vaults['vault-weekly-database'] && param(u, 'limit') === '20');
  assert.deepEqual(page.dialogs, [], 'the markup vault runs no script');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('中文: the CBR view\'s labels, columns, kinds of task and presets', async () => {
  const page = await newPage({ locale: 'zh-CN' });
  await page.goto(`${BASE}/?service=cbr`);
  await expectTheApisPage(page);
  for (const label of ['服务', '状态', '操作类型', '存储库', '策略', '资源 ID', '开始于', '截至', '每页条数']) {
    assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `control labelled ${label}`);
  }
  assert.deepEqual(
    await page.locator('table thead th').allTextContents().then((h) => h.map((t) => t.replace(/ \(.*\)$/, ''))),
    ['状态', '操作类型', '资源', '存储库', '创建时间', '完成时间', '耗时'],
  );
  for (const name of ['最近 24 小时', '最近 7 天', '最近 30 天', '存储库一览']) {
    assert.equal(await page.getByRole('button', { name, exact: true }).count(), 1, `button ${name}`);
  }
  assert.equal((await page.locator('tr.task-row .badge[data-status="running"]').first().textContent()).trim(), '执行中');
  const operations = await page.locator('tr.task-row .operation').allTextContents();
  assert.ok(operations.includes('备份'), `kinds of task in 中文: ${operations}`);
  assert.ok((await page.locator('[role=progressbar]').first().getAttribute('aria-label')).startsWith('进度 '));
  assert.equal(await page.locator('.brand__sub').textContent(), '云备份 · 任务列表');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('accessibility: axe finds no violations in the CBR view, its details and its glance, light, dark and in 中文', async () => {
  const views = [
    { name: 'CBR, light' },
    { name: 'CBR, dark', options: { colorScheme: 'dark' } },
    { name: 'CBR, narrow', options: { viewport: { width: 390, height: 844 } } },
    { name: 'CBR, 中文', options: { locale: 'zh-CN' } },
    { name: 'CBR details', query: '&status=failed', act: async (page) => {
      await page.locator('tr.task-row').first().click();
      await page.getByRole('dialog').waitFor({ timeout: TIMEOUT });
    } },
    { name: 'vaults at a glance', act: async (page) => {
      await page.locator('.glance-toggle').click();
      await page.waitForFunction(() => document.querySelectorAll('tr.glance-row').length > 0
        && [...document.querySelectorAll('tr.glance-row')].every((row) => row.dataset.latest !== 'LOADING'), null, { timeout: TIMEOUT });
    } },
  ];
  const found = {};
  for (const view of views) {
    const page = await newPage({ ...view.options, bypassCSP: true });
    await page.goto(`${BASE}/?service=cbr${view.query ?? ''}`);
    await rowIds(page);
    await page.getByLabel(/Auto-refresh|自动刷新/).uncheck().catch(() => {});
    await page.locator('section.overview[data-total]').waitFor({ timeout: TIMEOUT });
    if (view.act) await view.act(page);
    const violations = await axeViolations(page);
    if (violations.length) found[view.name] = violations;
    assert.deepEqual(page.problems, [], `${view.name}: script errors`);
    await page.context().close();
  }
  assert.deepEqual(found, {}, 'axe violations by view');
});

test('screenshot of the CBR view: running tasks with their progress and failed ones (docs/viewer-cbr.png)', async () => {
  // Tall enough for the page's header and the rows down to the first failed one, unscrolled.
  const page = await newPage({ viewport: { width: 1280, height: 840 }, colorScheme: 'light', timezoneId: 'UTC' });
  await page.goto(`${BASE}/?service=cbr&operation=backup&range=24h&page_size=10&page=3`);
  const { body } = await expectTheApisPage(page, BASE, (u) => param(u, 'limit') === '10', '20');
  const statuses = body.operation_logs.map((log) => log.status);
  assert.ok(statuses.includes('running') && statuses.includes('failed'), `a running and a failed task: ${statuses}`);
  await page.locator('section.overview[data-total]').waitFor({ timeout: TIMEOUT });
  await page.getByLabel('Auto-refresh').uncheck();
  // Scrolled so that the first failed task is the last row in the window: the running ones above
  // it, and the demo's 中文-named tasks (no CJK font in a bare Chromium) below the fold.
  const failed = page.locator('tr.task-row .badge[data-status="failed"]').first();
  await failed.evaluate((badge) => {
    const row = badge.closest('tr').getBoundingClientRect();
    window.scrollBy(0, Math.max(0, row.bottom - window.innerHeight + 6));
  });
  await page.mouse.move(0, 0);
  const bar = page.locator('tr.task-row [role=progressbar]').first();
  for (const element of [failed, bar]) {
    const box = await element.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 840, 'in the screenshot');
  }
  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  assert.ok(statSync(SCREENSHOT).size > 20_000, 'the screenshot has content');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
