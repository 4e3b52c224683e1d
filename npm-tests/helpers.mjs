// Shared by the npm consumer suites: the servers' URLs, the packed package installed into a
// temporary project (and, for a suite's test file, its hooks and what they set up), a tiny local
// HTTP server for answers the emulator never gives, and a static file server.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync, readFileSync, existsSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve } from "node:path";
import { after, before } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const BIN = join(ROOT, "node_modules", ".bin");
export const URL_PLAIN = process.env.VBS_NPM_TEST_URL ?? "http://127.0.0.1:18100";
export const URL_AUTH = process.env.VBS_NPM_TEST_AUTH_URL ?? "http://127.0.0.1:18101";
/** An emulator with random faults (npm-tests/faults.test.mjs). */
export const URL_FAULTY = process.env.VBS_NPM_TEST_FAULTY_URL ?? "http://127.0.0.1:18102";
/** An emulator of the CBR suite's own (npm-tests/cbr.test.mjs), whose fault scripts no other suite clears. */
export const URL_CBR = process.env.VBS_NPM_TEST_CBR_URL ?? "http://127.0.0.1:18103";
export const PROJECT = "0605767e9a80d5f52f8cc00f94d4e2fb";
export const STATUSES = ["RUNNING", "EXECUTE_TIMEOUT", "WAITING", "EXECUTE_FAIL", "EXECUTE_SUCCESS", "SKIP"];

/**
 * `npm pack`s pkg/ and installs the tarball into a new temporary project (offline: the package has
 * no dependencies). Returns the project's directory; `cleanup()` removes it.
 */
export function installPackedPackage(label) {
  const pkg = join(ROOT, "pkg");
  if (!existsSync(join(pkg, "package.json"))) {
    throw new Error("pkg/ is not built: run scripts/build-npm first");
  }
  const work = mkdtempSync(join(tmpdir(), `vbs-npm-${label}-`));
  const npmEnv = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
  const packed = JSON.parse(
    execFileSync("npm", ["pack", pkg, "--pack-destination", work, "--json"], { encoding: "utf8", env: npmEnv, stdio: ["ignore", "pipe", "pipe"] }),
  );
  const tarball = join(work, packed[0].filename);
  const project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: `consumer-${label}`, private: true, type: "module" }, null, 2));
  execFileSync("npm", ["install", "--offline", "--no-package-lock", tarball], { cwd: project, env: npmEnv, stdio: ["ignore", "pipe", "pipe"] });
  return { work, project, tarball, packed: packed[0], cleanup: () => rmSync(work, { recursive: true, force: true }) };
}

/**
 * Imports "vbs-tasks" as a consumer project does (bare specifier, resolved from the project through
 * the package's `exports` map): through a one-line module written into the project.
 */
export async function importFrom(project) {
  const shim = join(project, "vbs-tasks-shim.mjs");
  writeFileSync(shim, 'export * from "vbs-tasks";\n');
  return import(pathToFileURL(shim).href);
}

/** A local HTTP server answering with `handler(req, res)`; returns `{ url, requests, close }`. */
export async function localServer(handler) {
  const requests = [];
  const sockets = new Set();
  const server = createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, headers: req.headers });
    handler(req, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}

/** Sends a JSON answer. */
export function json(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

/** A port nothing listens on (bound, then closed). */
export async function closedPort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/** Serves the files of `dir` (a built app). */
export function staticServer(dir) {
  return localServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = resolve(dir, "." + (path.endsWith("/") ? path + "index.html" : path));
    if (!file.startsWith(resolve(dir)) || !existsSync(file) || readdirSafe(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
}

function readdirSafe(path) {
  try {
    readdirSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The emulator's policies by name, read with the package itself. */
export async function policiesByName(client) {
  const policies = await client.listPolicies();
  return Object.fromEntries(policies.map((policy) => [policy.name, policy]));
}

/** Sets (or with `null`, clears) the emulator's scripted faults. */
export async function setFaults(base, body) {
  const response = await fetch(`${base}/__emulator/faults`, body === null
    ? { method: "DELETE" }
    : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`faults: HTTP ${response.status} ${await response.text()}`);
}

/**
 * The package as a suite's test file uses it, set by the `before` hook of `usePackedPackage`: the
 * temporary project it is installed in, its `VbsClient` and `VbsError`, and a client of the
 * suite's emulator. Importers see the values once the hook has run (ES module bindings are live).
 */
export let install, VbsClient, VbsError, client;

/**
 * Registers a suite's hooks: before its tests, installs the packed package
 * (`installPackedPackage(label)`), imports it from the temporary project, makes `client` for
 * `endpoint`, then awaits `ready()`; after them, removes the project.
 */
export function usePackedPackage(label, endpoint, ready = async () => {}) {
  before(async () => {
    install = installPackedPackage(label);
    ({ VbsClient, VbsError } = await importFrom(install.project));
    client = new VbsClient({ endpoint, projectId: PROJECT });
    await ready();
  });
  after(() => install?.cleanup());
}

/** Runs `work` and returns what it threw (failing if it did not throw a VbsError). */
export async function caught(work) {
  try {
    await work();
  } catch (error) {
    assert.ok(error instanceof VbsError, `expected a VbsError, got ${error}`);
    return error;
  }
  assert.fail("expected a VbsError, nothing was thrown");
}

/** The plain emulator's policies by name, as the consumer suite's `client` lists them. */
export let policies;

/** The consumer suite's hooks (consumer.test.mjs): the package against URL_PLAIN, and its policies. */
export function useConsumerSuite() {
  usePackedPackage("node", URL_PLAIN, async () => {
    policies = await policiesByName(client);
  });
}

/** The ID of the consumer suite's policy named `name`, which must be listed. */
export const id = (name) => {
  assert.ok(policies[name], `policy ${name} is listed`);
  return policies[name].id;
};
