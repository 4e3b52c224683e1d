// A vbs-server behind a login (--access-tokens): the viewer shows its sign-in form, a wrong token
// is refused with a message, the right one opens the tasks, and a session that ends leads back
// to the form. Run by scripts/e2e, which starts that server on VBS_E2E_ACCESS_URL with a tokens
// file holding VBS_E2E_ACCESS_TOKEN's hash (see viewer.test.mjs for the suite's conventions).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './chromium.mjs';

const BASE = (process.env.VBS_E2E_ACCESS_URL || 'http://127.0.0.1:18094').replace(/\/$/, '');
const TOKEN = process.env.VBS_E2E_ACCESS_TOKEN;
const TIMEOUT = 15_000;

let browser;

before(async () => {
  assert.ok(TOKEN, 'VBS_E2E_ACCESS_TOKEN names the token the server accepts (scripts/e2e sets it)');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

async function newPage(locale = 'en-US') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  return page;
}

test('the API and the config need a sign-in; the page carries no config', async () => {
  for (const path of ['/viewer-config.json', '/v2/0605767e9a80d5f52f8cc00f94d4e2fb/backuppolicy']) {
    const response = await fetch(`${BASE}${path}`);
    assert.equal(response.status, 401, path);
    assert.equal((await response.json()).error_code, 'VbsServer.0401', path);
  }
  const html = await (await fetch(`${BASE}/`)).text();
  assert.ok(!html.includes('id=viewer-config'), 'no config in the page');
});

test('the sign-in form refuses a wrong token, opens the tasks with the right one, and comes back when the session ends', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/?status=EXECUTE_SUCCESS`);
  const field = page.getByLabel('Access token');
  await field.waitFor({ timeout: TIMEOUT });
  assert.equal(await field.getAttribute('type'), 'password');
  assert.match(await page.locator('.sign-in__why').textContent(), /access token.*administrator/);
  assert.equal(await page.locator('tr.task-row').count(), 0, 'no tasks before signing in');

  await field.fill('not-the-token');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => new URL(url).searchParams.get('signin') === 'failed', { timeout: TIMEOUT });
  await page.getByRole('alert').filter({ hasText: 'was not accepted' }).waitFor({ timeout: TIMEOUT });
  assert.equal((await page.context().cookies()).length, 0, 'no session for a wrong token');

  await page.getByLabel('Access token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // Back to the view the form was opened on, without the note.
  await page.waitForURL((url) => !new URL(url).searchParams.has('signin'), { timeout: TIMEOUT });
  await page.locator('tr.task-row').first().waitFor({ timeout: TIMEOUT });
  assert.equal(new URL(page.url()).searchParams.get('status'), 'EXECUTE_SUCCESS');
  const [cookie] = await page.context().cookies();
  assert.equal(cookie.name, 'vbs_session');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(cookie.secure, false, 'plain http on loopback');
  assert.ok(!(await page.content()).includes(TOKEN), 'the token is nowhere in the page');

  // The session ends (signed out elsewhere): the next request's 401 offers to sign in again.
  const out = await page.evaluate(async () => (await fetch('/logout', { method: 'POST', redirect: 'manual' })).type);
  assert.equal(out, 'opaqueredirect');
  await page.getByLabel('Status', { exact: true }).selectOption('EXECUTE_FAIL');
  const again = page.getByRole('button', { name: 'Sign in again' });
  await again.waitFor({ timeout: TIMEOUT });
  await again.click();
  await page.getByLabel('Access token').waitFor({ timeout: TIMEOUT });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the sign-in form speaks 简体中文 and switches language', async () => {
  const page = await newPage('zh-CN');
  await page.goto(`${BASE}/`);
  const field = page.getByLabel('访问令牌');
  await field.waitFor({ timeout: TIMEOUT });
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await field.fill('错误的令牌');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: '该访问令牌未被接受' }).waitFor({ timeout: TIMEOUT });
  await page.getByLabel('语言').selectOption('en');
  await page.getByLabel('Access token').waitFor({ timeout: TIMEOUT });
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
