// The Vite consumer: an app importing the packed package (no wasm plugin, no init call), built
// with Vite, served, and opened in headless Chromium against the emulator with CORS on: VBS's
// tasks, and CBR's task list of the biggest vault.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { PROJECT, ROOT, STATUSES, URL_PLAIN, installPackedPackage, staticServer } from "./helpers.mjs";
import { BIGGEST_VAULT_LOGS } from "./cbr-helpers.mjs";

let install, dist, site, browser;

const MAIN = `
import { VbsClient, VbsError } from "vbs-tasks";

const params = new URLSearchParams(location.search);
const out = (id, text) => { document.getElementById(id).textContent = text; };
try {
  const client = new VbsClient({ endpoint: params.get("endpoint"), projectId: params.get("project") });
  const policies = await client.listPolicies();
  const byName = Object.fromEntries(policies.map((p) => [p.name, p]));
  const page = await client.listTasks(byName["weekly-database"].id, { limit: 10, sortDir: "asc" });
  out("count", String(page.count));
  const list = document.getElementById("tasks");
  for (const task of page.tasks) {
    const item = document.createElement("li");
    item.dataset.status = task.status;
    item.dataset.isDate = String(task.createdAt instanceof Date);
    item.textContent = task.jobId + " " + task.status + " " + task.createdAt.toISOString();
    list.append(item);
  }
  let walked = 0;
  const ids = new Set();
  for await (const task of client.tasks(byName["daily-volumes"].id, { pageSize: 1000 })) {
    walked++;
    ids.add(task.jobId);
  }
  out("walked", walked + "/" + ids.size);
  // CBR: a vault from listVaults, every log of it by operationLogs, a typed 404.
  const { vaults } = await client.listVaults();
  const vault = vaults.find((v) => v.name === "vault-daily-volumes");
  let logs = 0;
  let dates = true;
  const logIds = new Set();
  for await (const log of client.operationLogs({ vaultId: vault.id, startTime: new Date(0) })) {
    logs++;
    logIds.add(log.id);
    dates &&= log.createdAt instanceof Date && vault.createdAt instanceof Date;
  }
  out("cbr", logs + "/" + logIds.size + " " + dates);
  try {
    await client.showOperationLog("no-such-log");
    out("cbrError", "no error");
  } catch (error) {
    out("cbrError", [error instanceof VbsError, error.kind, error.status, error.code].join(" "));
  }
  try {
    await client.listTasks("no-such-policy");
    out("error", "no error");
  } catch (error) {
    out("error", [error instanceof VbsError, error instanceof Error, error.kind, error.status, error.code].join(" "));
  }
} catch (error) {
  out("fatal", String(error && error.stack || error));
}
document.body.dataset.done = "1";
`;

const HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>vbs-tasks in Vite</title></head>
<body>
  <p>count <span id="count"></span>, walked <span id="walked"></span></p>
  <ul id="tasks"></ul>
  <p id="error"></p><p>CBR <span id="cbr"></span> <span id="cbrError"></span></p><pre id="fatal"></pre>
  <script type="module" src="/main.js"></script>
</body></html>
`;

before(async () => {
  install = installPackedPackage("vite");
  writeFileSync(join(install.project, "index.html"), HTML);
  writeFileSync(join(install.project, "main.js"), MAIN);
  const { build } = await import(join(ROOT, "node_modules", "vite", "dist", "node", "index.js"));
  dist = join(install.project, "dist");
  await build({ root: install.project, logLevel: "warn", configFile: false, build: { outDir: dist, emptyOutDir: true } });
});

after(async () => {
  await browser?.close();
  await site?.close();
  install?.cleanup();
});

test("vite build ships the browser entry and the .wasm as an asset", () => {
  const assets = readdirSync(join(dist, "assets"));
  assert.ok(assets.some((file) => file.endsWith(".wasm")), assets.join(", "));
  const js = assets.filter((file) => file.endsWith(".js")).map((file) => readFileSync(join(dist, "assets", file), "utf8")).join("\n");
  assert.ok(js.length > 0);
  assert.ok(!js.includes("node:fs"), "the Node entry is not bundled");
  assert.ok(existsSync(join(dist, "index.html")));
});

test("the built app lists tasks in headless Chromium", async () => {
  site = await staticServer(dist);
  const { chromium } = await import(join(ROOT, "node_modules", "playwright-core", "index.mjs"));
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !/404 \(Not Found\)/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  const query = new URLSearchParams({ endpoint: URL_PLAIN, project: PROJECT });
  await page.goto(`${site.url}/?${query}`);
  await page.waitForSelector("body[data-done]", { timeout: 60000 });
  assert.equal(await page.textContent("#fatal"), "");
  assert.equal(await page.textContent("#count"), "350");
  const items = await page.$$eval("#tasks li", (lis) => lis.map((li) => ({ status: li.dataset.status, isDate: li.dataset.isDate, text: li.textContent })));
  assert.equal(items.length, 10);
  for (const item of items) {
    assert.ok(STATUSES.includes(item.status), item.status);
    assert.equal(item.isDate, "true");
    assert.match(item.text, /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  const times = items.map((item) => Date.parse(item.text.split(" ").pop()));
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
  assert.equal(await page.textContent("#walked"), "10317/10317");
  assert.equal(await page.textContent("#error"), "true true http 404 AutoBackup.0205");
  assert.equal(await page.textContent("#cbr"), `${BIGGEST_VAULT_LOGS}/${BIGGEST_VAULT_LOGS} true`);
  assert.equal(await page.textContent("#cbrError"), "true http 404 BackupService.6500");
  assert.deepEqual(problems, []);
});

test("the same app works under the Vite dev server (no plugin, no optimizeDeps setting)", async () => {
  assert.ok(browser, "the built-app test launched the browser");
  const { createServer } = await import(join(ROOT, "node_modules", "vite", "dist", "node", "index.js"));
  const server = await createServer({ root: install.project, configFile: false, logLevel: "warn", server: { port: 0, host: "127.0.0.1" } });
  await server.listen();
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    const query = new URLSearchParams({ endpoint: URL_PLAIN, project: PROJECT });
    await page.goto(`${server.resolvedUrls.local[0]}?${query}`);
    await page.waitForSelector("body[data-done]", { timeout: 60000 });
    assert.equal(await page.textContent("#fatal"), "");
    assert.equal(await page.$$eval("#tasks li", (lis) => lis.length), 10);
    assert.equal(await page.textContent("#walked"), "10317/10317");
    assert.equal(await page.textContent("#error"), "true true http 404 AutoBackup.0205");
    assert.equal(await page.textContent("#cbr"), `${BIGGEST_VAULT_LOGS}/${BIGGEST_VAULT_LOGS} true`);
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await server.close();
  }
});
