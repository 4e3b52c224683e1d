// The viewer's forms refuse, before any request, what could not be sent: an endpoint that is not
// http(s) in the settings panel, a Job ID longer than a query takes. Run by scripts/e2e against
// `vbs-server --no-live` (see viewer.test.mjs for the suite's conventions).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './chromium.mjs';

const BASE = (process.env.VBS_E2E_URL || 'http://127.0.0.1:18090').replace(/\/$/, '');
const TIMEOUT = 15_000;
// As the core's query validation has it (MAX_JOB_ID_LEN in src/core/query.rs).
const MAX_JOB_ID_LEN = 64;

let browser;
let project;
let daily;

async function api(path) {
  const response = await fetch(`${BASE}${path}`);
  return { status: response.status, body: await response.json() };
}

before(async () => {
  const config = await api('/viewer-config.json');
  assert.equal(config.status, 200, 'vbs-server must serve /viewer-config.json');
  project = config.body.projectId;
  const list = await api(`/v2/${project}/backuppolicy`);
  daily = list.body.backup_policies.find((p) => p.backup_policy_name === 'daily-volumes')?.backup_policy_id;
  assert.ok(daily, 'the seeded policy daily-volumes exists');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/** A fresh English page that records script errors, dialogs and every request it sends. */
async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  page.problems = [];
  page.dialogs = [];
  page.requests = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('dialog', async (dialog) => {
    page.dialogs.push(dialog.message());
    await dialog.dismiss().catch(() => {});
  });
  page.on('request', (request) => page.requests.push(request.url()));
  return page;
}

/** Serves the page as a host without vbs-server's config does: the viewer asks for a connection. */
async function withoutServerConfig(page) {
  await page.route((url) => url.origin === BASE && !/\.[a-z]+$/.test(url.pathname) && !url.pathname.startsWith('/v2'), async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/<script type=application\/json id=viewer-config>.*?<\/script>/, '');
    await route.fulfill({ response, body: html });
  });
  await page.route('**/viewer-config.json', (route) => route.fulfill({ status: 404, body: 'not here' }));
}

const apiRequests = (page) => page.requests.filter((url) => !url.startsWith(BASE) || new URL(url).pathname.startsWith('/v2'));

test('the settings refuse an endpoint that is not http(s), with a clear message, before any request', async () => {
  const page = await newPage();
  await withoutServerConfig(page);
  await page.goto(`${BASE}/`);
  const dialog = page.getByRole('dialog', { name: 'Connection settings' });
  await dialog.waitFor({ timeout: TIMEOUT });
  await page.getByLabel('Project ID').fill(project);
  const endpoint = page.getByLabel('Endpoint', { exact: true });
  for (const refused of ['javascript:alert(1)', 'ftp://127.0.0.1/vbs', 'JavaScript:alert(document.domain)']) {
    await endpoint.fill(refused);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const problem = dialog.getByRole('alert');
    await problem.waitFor({ timeout: TIMEOUT });
    assert.equal(await problem.textContent(),
      'The endpoint must be an http:// or https:// address, or empty for this page\'s own server.', refused);
    assert.equal(await endpoint.getAttribute('aria-invalid'), 'true', 'the field says it is the one');
    assert.ok(await dialog.isVisible(), 'the panel stays open');
  }
  await page.waitForTimeout(300);
  assert.deepEqual(apiRequests(page), [], 'nothing was sent');
  assert.equal(await page.evaluate(() => localStorage.getItem('vbs-viewer.settings')), null, 'nothing was stored');
  assert.deepEqual(page.dialogs, [], 'no script ran');

  // An http(s) address connects.
  await endpoint.fill(BASE);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
  await page.locator('tr.task-row').first().waitFor({ timeout: TIMEOUT });
  assert.ok(apiRequests(page).length > 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('在设置中，非 http(s) 的终端节点会以中文说明被拒绝', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await withoutServerConfig(page);
  await page.goto(`${BASE}/`);
  const dialog = page.getByRole('dialog', { name: '连接设置' });
  await dialog.waitFor({ timeout: TIMEOUT });
  await page.getByLabel('项目 ID').fill(project);
  await page.getByLabel('终端节点', { exact: true }).fill('ftp://127.0.0.1/vbs');
  await page.getByRole('button', { name: '连接', exact: true }).click();
  const problem = dialog.getByRole('alert');
  await problem.waitFor({ timeout: TIMEOUT });
  assert.match(await problem.textContent(), /^终端节点必须是 http:\/\/ 或 https:\/\/ 地址/);
  await context.close();
});

test('the Job ID filter takes at most as many characters as a query does', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/?policy=${encodeURIComponent(daily)}`);
  await page.locator('tr.task-row').first().waitFor({ timeout: TIMEOUT });
  const jobId = page.getByLabel('Job ID', { exact: true });
  assert.equal(await jobId.getAttribute('maxlength'), String(MAX_JOB_ID_LEN));
  await jobId.click();
  await jobId.pressSequentially('x'.repeat(MAX_JOB_ID_LEN + 16));
  assert.equal((await jobId.inputValue()).length, MAX_JOB_ID_LEN, 'typing stops at the limit');
  // An exact ID of the limit's length is applied, and finds nothing here.
  await jobId.press('Enter');
  await page.getByText('No tasks match these filters').waitFor({ timeout: TIMEOUT });
  assert.equal(new URL(page.url()).searchParams.get('job_id'), 'x'.repeat(MAX_JOB_ID_LEN));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a link with a Job ID longer than a query takes shows the policy unfiltered, and never sends it', async () => {
  const page = await newPage();
  const tooLong = 'y'.repeat(MAX_JOB_ID_LEN + 1);
  const first = (await api(`/v2/${project}/backuppolicy/${encodeURIComponent(daily)}/backuptasks?limit=20`)).body;
  await page.goto(`${BASE}/?policy=${encodeURIComponent(daily)}&job_id=${tooLong}`);
  await page.locator(`tr.task-row[data-job-id="${first.tasks[0].job_id}"]`).waitFor({ timeout: TIMEOUT });
  assert.equal(await page.getByLabel('Job ID', { exact: true }).inputValue(), '');
  assert.ok(!apiRequests(page).some((url) => url.includes(tooLong)), 'the long ID was never sent to the API');
  assert.equal(await page.locator('.notice--error').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
