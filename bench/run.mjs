// The browser measurements of issue 7 (headless Debian Chromium through playwright-core).
// Run by scripts/bench-browser, which builds the bench package, the viewer and vbs-server, starts
// `vbs-server --no-live` on the site (viewer + vanilla page), and a second one with its live clock,
// and passes:
//   node bench/run.mjs --server http://127.0.0.1:18310 --pkg target/bench-pkg [--runs 15] [--warmup 3]
//                      [--port 18301] [--only decode,list,nav,render,work,idle,next,back,export,navlat] [--rows 1000] [--out bench/results.json]
//                      [--baseline-server URL]   another vbs-server whose viewer takes the vanilla page's
//                                                slot in measures 3–5 (scripts/bench-ab: two viewer builds)
//                      [--live-server URL]       a vbs-server with its live clock (running tasks run),
//                                                for measure 6 (idle); without it, 6 is skipped
//                      [--idle-runs 3] [--idle-seconds 5]
//                      [--slow-server URL]       a vbs-server --latency-ms 300 (a region's round trip),
//                                                for measures 7–9 and 3d (bench/speed.mjs); without it
//                                                they are skipped
//   VBS_BENCH_JS_FLAGS=…  V8 flags for Chromium (--js-flags), for experiments such as
//                         --no-wasm-lazy-compilation
// Prints a table (measure, baseline median, subject median, ratio, goal) and writes bench/results.json.
import { createServer } from "node:http";
import { readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { measureSpeed } from "./speed.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, "..");
const { chromium } = await import(join(ROOT, "node_modules", "playwright-core", "index.mjs"));

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const SERVER = (args.server || "http://127.0.0.1:18310").replace(/\/$/, "");
const PKG = resolve(ROOT, args.pkg || "target/bench-pkg");
const RUNS = Number(args.runs || 15);
const WARMUP = Number(args.warmup || 3);
const NAV_RUNS = Number(args["nav-runs"] || 10);
const PORT = Number(args.port || 18301);
const OUT = resolve(ROOT, args.out || "bench/results.json");
const ONLY = new Set((args.only || "decode,list,nav,render,work,idle,next,back,export,navlat").split(","));
const ROWS = Number(args.rows || 1000); // the render goal's rows: the viewer's largest page (10/20/50/100/1000)
const BASELINE_SERVER = args["baseline-server"]?.replace(/\/$/, "");
const LIVE_SERVER = args["live-server"]?.replace(/\/$/, "");
const SLOW_SERVER = args["slow-server"]?.replace(/\/$/, "");
const IDLE_RUNS = Number(args["idle-runs"] || 3);
const IDLE_SECONDS = Number(args["idle-seconds"] || 5);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length, samples: xs.map((x) => +x.toFixed(3)) });

async function getJson(path) {
  const response = await fetch(SERVER + path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

// ---- the emulator's data: project, policy, and a 10,000-task body (10 pages of 1000, the max) ----
const config = await getJson("/viewer-config.json");
const project = config.projectId;
const { backup_policies: policyList } = await getJson(`/v2/${project}/backuppolicy`);
const policy = policyList.find((p) => p.backup_policy_name === "daily-volumes").backup_policy_id;
const tasks = [];
let count = 0;
for (let offset = 0; tasks.length < 10000; offset += 1000) {
  const page = await getJson(`/v2/${project}/backuppolicy/${policy}/backuptasks?limit=1000&offset=${offset}`);
  count = page.count;
  tasks.push(...page.tasks);
}
const body = Buffer.from(JSON.stringify({ count, tasks: tasks.slice(0, 10000) }));

// ---- a tiny static server: bench/ at /bench/, the bench package at /pkg/, the body at /data/ and the API path ----
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const site = createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const send = (status, type, data) => {
    res.writeHead(status, { "content-type": type, "content-length": data.length, "cache-control": "no-store" });
    res.end(data);
  };
  if (url.pathname === "/data/tasks-10000.json" || /^\/v2\/[^/]+\/backuppolicy\/[^/]+\/backuptasks$/.test(url.pathname)) {
    return send(200, "application/json", body);
  }
  const [base, prefix] = url.pathname.startsWith("/pkg/") ? [PKG, "/pkg/"] : url.pathname.startsWith("/bench/") ? [BENCH, "/bench/"] : [];
  if (!base) return send(404, "text/plain", Buffer.from("not found"));
  const file = normalize(join(base, decodeURIComponent(url.pathname.slice(prefix.length))));
  if (!file.startsWith(base) || !existsSync(file) || !statSync(file).isFile()) return send(404, "text/plain", Buffer.from("not found"));
  send(200, TYPES[extname(file)] || "application/octet-stream", readFileSync(file));
});
await new Promise((ok) => site.listen(PORT, "127.0.0.1", ok));
const SITE = `http://127.0.0.1:${PORT}`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [...(process.env.VBS_BENCH_JS_FLAGS ? [`--js-flags=${process.env.VBS_BENCH_JS_FLAGS}`] : []), "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const VIEWPORT = { viewport: { width: 1440, height: 900 }, locale: "en-US" };
const results = { date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavgAtStart: loadavg() },
  browser: browser.version(), runs: RUNS, warmup: WARMUP, bodyBytes: body.length, bodyTasks: 10000, measures: {} };
const rows = [];
const row = (measure, baseline, subject, goal, note = "") => rows.push({ measure, baseline, subject, ratio: subject / baseline, goal, note });

try {
  // ---- measures 1 and 2, in one page ----
  if (ONLY.has("decode") || ONLY.has("list")) {
    const context = await browser.newContext(VIEWPORT);
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${SITE}/bench/decode.html`);
    await page.waitForSelector("body[data-ready]", { timeout: 30000 }).catch(() => { throw new Error("decode page did not load: " + problems.join("; ")); });
    if (ONLY.has("decode")) {
      const r = await page.evaluate((o) => window.benchDecode(o), { runs: RUNS, warmup: WARMUP });
      const s = Object.fromEntries(Object.entries(r.samples).map(([k, v]) => [k, stats(v)]));
      for (const [k, v] of Object.entries(r.checks)) if (v !== 10000) throw new Error(`${k} decoded ${v} tasks, not 10000`);
      results.measures.decode = { textBytes: r.textBytes, ...s };
      // The goal's subject is a response decoded in wasm: its body arrives as bytes, which is what
      // listTasks decodes (1b). From a JS string (1), wasm-bindgen first copies the 3 MB of UTF-16
      // into wasm memory as UTF-8, which no API of the package does.
      row("1. decode 10k tasks: wasm TaskPage (JS string) vs JSON.parse", s.json_parse.median, s.wasm_decode_text.median, "(info)");
      row("1b. decode 10k: wasm TaskPage (response bytes) vs JSON.parse", s.json_parse.median, s.wasm_decode_bytes.median, "≤ 1.5×");
      row("1c. decode 10k → JS Task objects: wasm vs JSON.parse+map", s.js_parse_map.median, s.wasm_decode_to_js.median, "(info)");
      if (s.wasm_scan_only) row("1d. wasm JSON scan only (IgnoredAny, bytes) vs JSON.parse", s.json_parse.median, s.wasm_scan_only.median, "(info)");
      if (s.wasm_decode_from_slice) row("1e. wasm TaskPage via serde_json + derived Deserialize (from_slice)", s.json_parse.median, s.wasm_decode_from_slice.median, "(info)");
      if (s.wasm_utf8_only) row("1f. wasm UTF-8 check only (bytes, copy included) vs JSON.parse", s.json_parse.median, s.wasm_utf8_only.median, "(info)");
      if (s.wasm_decode_to_js_packed) row("1g. decode 10k → JS Task objects, packed hand-off, vs JSON.parse+map", s.js_parse_map.median, s.wasm_decode_to_js_packed.median, "(info)");
    }
    if (ONLY.has("list")) {
      const r = await page.evaluate((o) => window.benchListTasks(o), { runs: RUNS, warmup: WARMUP, project, policy });
      const s = Object.fromEntries(Object.entries(r.samples).map(([k, v]) => [k, stats(v)]));
      for (const [k, v] of Object.entries(r.checks)) if (k !== "fetch_text_only" && v !== 10000) throw new Error(`${k} returned ${v} tasks, not 10000`);
      results.measures.listTasks = s;
      row("2. listTasks 10k tasks vs fetch+json()+map (Dates)", s.fetch_json_map.median, s.list_tasks.median, "≤ 2×");
      // Issue 29's rule: the packed hand-off may stay only while serde-wasm-bindgen's is over 2×.
      row("2a. listTasks, page via serde-wasm-bindgen vs fetch+json()+map", s.fetch_json_map.median, s.list_tasks_serde.median, "packed form only if > 2×");
      row("2a'. listTasks, page packed (unpackTasks) vs fetch+json()+map", s.fetch_json_map.median, s.list_tasks_packed.median, "(info)");
      row("2b. fetch+text+wasm→JS vs fetch+json()+map", s.fetch_json_map.median, s.fetch_text_wasm_to_js.median, "(info)");
      row("2c. fetch+text() only (the network share)", s.fetch_json_map.median, s.fetch_text_only.median, "(info)");
    }
    if (problems.length) throw new Error("page errors: " + problems.join("; "));
    await context.close();
  }

  // ---- measures 3 and 4: the viewer (served by vbs-server) vs the vanilla page on the same server ----
  const viewerUrl = (n) => `${SERVER}/?project=${project}&policy=${encodeURIComponent(policy)}&page_size=${n}`;
  const vanillaUrl = (n) => BASELINE_SERVER
    ? `${BASELINE_SERVER}/?project=${project}&policy=${encodeURIComponent(policy)}&page_size=${n}`
    : `${SERVER}/bench-vanilla.html?project=${project}&policy=${encodeURIComponent(policy)}&page_size=${n}`;
  // When a page of `n` tasks is shown: the vanilla page renders every row, so when `n` task rows
  // are in the tbody; the viewer windows long pages (only the rows in view and a margin are in the
  // DOM), so when its table holds the page of `n` (aria-rowcount, the header included) and the
  // rows of its first window, which one render puts in together. Both run in the page.
  const shown = (n) => {
    const rows = document.querySelectorAll("tbody tr.task-row");
    const windowed = document.querySelector("table.tasks")?.getAttribute("aria-rowcount") === String(n + 1);
    return rows.length >= n || (windowed && rows.length > 0) ? rows : null;
  };
  // In the page before any of its scripts: when a page of `n` tasks is shown, note the time, then
  // the time after the next paint (rAF, then a task after it), and the tasks request's responseEnd.
  // `painted` is when the main thread is through the frame: it leaves out the raster and the
  // display, and it comes after whatever task the page queued before it. `presented` is when the
  // rows' text reached the screen (Element Timing's renderTime of their cells, the latest of
  // those in the viewport), the same for both pages whatever else they run.
  const probe = (n, shown) => {
    window.__bench = {};
    const presented = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.identifier === "__bench-row") presented.push(entry.renderTime);
    }).observe({ type: "element", buffered: true });
    const observer = new MutationObserver(() => {
      const rows = shown(n);
      if (!rows) return;
      observer.disconnect();
      window.__bench.inDom = performance.now();
      // Before the rows' first frame: an element is timed only if it is marked when it first paints.
      for (const row of [...rows].slice(0, n)) for (const cell of row.cells) cell.setAttribute("elementtiming", "__bench-row");
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const b = window.__bench;
          b.painted = performance.now();
          const entries = performance.getEntriesByType("resource").filter((e) => /\/backuptasks\?/.test(e.name)
            && new URL(e.name).searchParams.get("limit") === String(n));
          b.responseEnd = entries.length ? Math.max(...entries.map((e) => e.responseEnd)) : NaN;
          const all = performance.getEntriesByType("resource");
          b.requests = all.map((e) => e.name.replace(location.origin, ""));
          // Where the time before the first row goes: the module's .wasm, and the tasks page (not the counts).
          const end = (pred) => { const xs = all.filter(pred).map((e) => e.responseEnd); return xs.length ? Math.max(...xs) : NaN; };
          b.wasmEnd = end((e) => e.name.endsWith(".wasm"));
          b.tasksStart = Math.min(...all.filter((e) => /\/backuptasks\?/.test(e.name) && new URL(e.name).searchParams.get("limit") !== "1").map((e) => e.startTime));
          b.tasksEnd = end((e) => /\/backuptasks\?/.test(e.name) && new URL(e.name).searchParams.get("limit") !== "1");
          const nav = performance.getEntriesByType("navigation")[0];
          b.domContentLoaded = nav ? nav.domContentLoadedEventEnd : NaN;
          b.rows = document.querySelectorAll("tbody tr.task-row").length;
          b.rowcount = Number(document.querySelector("table.tasks")?.getAttribute("aria-rowcount") || NaN);
          // Reported as a console message: Playwright's waitForFunction and evaluate install
          // their helper scripts in the page (~10–25 ms of script on the main thread), which
          // would land in the middle of a load still in progress. The presentation times come
          // after the frame is shown: the report waits until they stop coming (at most 2 s).
          let last = -1, quiet = 0;
          const settle = () => {
            quiet = presented.length === last ? quiet + 1 : 0;
            last = presented.length;
            if ((presented.length && quiet < 3) || (!presented.length && quiet < 100)) return setTimeout(settle, 20);
            b.presented = presented.length ? Math.max(...presented) : NaN;
            console.debug("__bench " + JSON.stringify(b));
          };
          settle();
        };
        channel.port2.postMessage(0);
      });
    });
    observer.observe(document, { childList: true, subtree: true });
  };
  async function load(context, url, n) {
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.addInitScript(`(${probe})(${n}, ${shown})`);
    const report = page.waitForEvent("console", { predicate: (m) => m.text().startsWith("__bench "), timeout: 30000 });
    await page.goto(url);
    const b = JSON.parse((await report.catch(() => {
      throw new Error(`${url}: no ${n} task rows painted ${problems.join("; ")}`);
    })).text().slice("__bench ".length));
    await page.close();
    if (problems.length) throw new Error(`${url}: ${problems.join("; ")}`);
    return b;
  }

  if (ONLY.has("nav")) {
    // Cold: a fresh context (empty HTTP and code caches) per navigation. First row, default-ish page size 20.
    const samples = { vanilla: [], viewer: [] }, parts = { vanilla: [], viewer: [] }, shown = { vanilla: [], viewer: [] };
    for (let i = 0; i < WARMUP + NAV_RUNS; i++) {
      const order = i % 2 ? ["viewer", "vanilla"] : ["vanilla", "viewer"];
      for (const which of order) {
        const context = await browser.newContext(VIEWPORT);
        const b = await load(context, which === "viewer" ? viewerUrl(20) : vanillaUrl(20), 1);
        await context.close();
        if (i >= WARMUP) { samples[which].push(b.painted); shown[which].push(b.presented); parts[which].push(b); }
      }
    }
    // Warm: the same context (HTTP cache and compiled wasm code cache filled), a new page each time.
    const warm = { vanilla: [], viewer: [] };
    const context = await browser.newContext(VIEWPORT);
    for (let i = 0; i < WARMUP + NAV_RUNS; i++) {
      for (const which of i % 2 ? ["viewer", "vanilla"] : ["vanilla", "viewer"]) {
        const b = await load(context, which === "viewer" ? viewerUrl(20) : vanillaUrl(20), 1);
        if (i >= WARMUP) warm[which].push(b.painted);
      }
    }
    await context.close();
    // Medians of the milestones of the cold loads (ms from navigation start).
    const milestones = (list) => Object.fromEntries(["domContentLoaded", "wasmEnd", "tasksStart", "tasksEnd", "inDom", "painted", "presented"]
      .map((k) => [k, +median(list.map((b) => b[k]).filter(Number.isFinite)).toFixed(1)]));
    results.measures.navigationMilestones = { vanilla: milestones(parts.vanilla), viewer: milestones(parts.viewer) };
    results.measures.navigation = { cold: { vanilla: stats(samples.vanilla), viewer: stats(samples.viewer) },
      coldPresented: { vanilla: stats(shown.vanilla.filter(Number.isFinite)), viewer: stats(shown.viewer.filter(Number.isFinite)) },
      warm: { vanilla: stats(warm.vanilla), viewer: stats(warm.viewer) } };
    row("3. navigation → first row painted, cold (ms)", median(samples.vanilla), median(samples.viewer), "≤ 250 ms");
    row("3b. navigation → first row painted, warm cache (ms)", median(warm.vanilla), median(warm.viewer), "≤ 250 ms");
    row("3c. navigation → first row on screen (Element Timing), cold (ms)", median(shown.vanilla.filter(Number.isFinite)),
      median(shown.viewer.filter(Number.isFinite)), "(info)", "presentation time: includes raster and display, which 3. does not");
  }

  if (ONLY.has("work")) {
    // DOM work until a page of ROWS tasks is shown (as measure 4 says it is): calls counted, not
    // timed, so the figure is the same on a busy machine. Strings the wasm hands to the DOM are
    // decoded with TextDecoder.
    const count = (n, shown) => {
      const calls = { setAttribute: 0, textDecoderDecode: 0 };
      const decode = TextDecoder.prototype.decode;
      TextDecoder.prototype.decode = function (...a) { calls.textDecoderDecode++; return decode.apply(this, a); };
      const set = Element.prototype.setAttribute;
      Element.prototype.setAttribute = function (...a) { calls.setAttribute++; return set.apply(this, a); };
      new MutationObserver((_, observer) => {
        const rows = shown(n);
        if (!rows) return;
        observer.disconnect();
        const all = [...document.body.querySelectorAll("*")];
        window.__work = { ...calls, elements: all.length, attributes: all.reduce((n, e) => n + e.attributes.length, 0),
          elementsPerRow: rows[0].querySelectorAll("*").length + 1, rowsInDom: rows.length };
      }).observe(document, { childList: true, subtree: true });
    };
    const work = {};
    for (const which of ["vanilla", "viewer"]) {
      const context = await browser.newContext(VIEWPORT);
      const page = await context.newPage();
      await page.addInitScript(`(${count})(${ROWS}, ${shown})`);
      await page.goto(which === "viewer" ? viewerUrl(ROWS) : vanillaUrl(ROWS));
      await page.waitForFunction(() => window.__work, null, { timeout: 30000 });
      work[which] = await page.evaluate(() => window.__work);
      await context.close();
    }
    results.measures.domWork = { rows: ROWS, ...work };
  }

  if (ONLY.has("render")) {
    // Render of a page of n tasks: from the tasks response's responseEnd to the page painted (the
    // vanilla page: all n rows; the viewer: its table of n rows with the rows in view, see `shown`),
    // viewer vs vanilla, alternating, warm context. Also navigation → the page painted. The goal's
    // 1,000 rows (the viewer's largest page), then 100 rows.
    results.measures.renders = [];
    for (const [n, main] of [[ROWS, true], ...(ROWS === 100 ? [] : [[100, false]])]) {
      const render = { vanilla: [], viewer: [] }, all = { vanilla: [], viewer: [] }, shown = { vanilla: [], viewer: [] };
      let requests, rowsInDom;
      const context = await browser.newContext(VIEWPORT);
      for (let i = 0; i < WARMUP + RUNS; i++) {
        for (const which of i % 2 ? ["viewer", "vanilla"] : ["vanilla", "viewer"]) {
          const b = await load(context, which === "viewer" ? viewerUrl(n) : vanillaUrl(n), n);
          if ((b.rows !== n && b.rowcount !== n + 1) || !Number.isFinite(b.responseEnd)) {
            throw new Error(`${which}: ${b.rows} rows, aria-rowcount ${b.rowcount}, responseEnd ${b.responseEnd}`);
          }
          if (which === "viewer") [requests, rowsInDom] = [b.requests, b.rows];
          if (i >= WARMUP) { render[which].push(b.painted - b.responseEnd); all[which].push(b.painted); shown[which].push(b.presented - b.responseEnd); }
        }
      }
      await context.close();
      results.measures.renders.push({ rows: n, responseToPaint: { vanilla: stats(render.vanilla), viewer: stats(render.viewer) },
        responseToPresented: { vanilla: stats(shown.vanilla.filter(Number.isFinite)), viewer: stats(shown.viewer.filter(Number.isFinite)) },
        navigationToAllRows: { vanilla: stats(all.vanilla), viewer: stats(all.viewer) }, viewerRequests: requests,
        viewerRowsInDom: rowsInDom });
      const id = main ? "4" : "4d";
      row(`${id}. render a page of ${n}: response → painted (ms), viewer vs vanilla`, median(render.vanilla), median(render.viewer), main ? "≤ 0.6×" : "(info)",
        `vanilla: all ${n} rows in the DOM, painted; viewer: its table of ${n} (aria-rowcount ${n + 1}) with the ${rowsInDom} rows of its first window, painted`);
      row(`${id}b. navigation → a page of ${n} painted (ms), warm`, median(all.vanilla), median(all.viewer), "(info)");
      row(`${id}c. render ${n} rows: response → on screen (Element Timing, ms)`, median(shown.vanilla.filter(Number.isFinite)),
        median(shown.viewer.filter(Number.isFinite)), "(info)", "presentation time of the rows in the viewport");
    }
  }
  if (ONLY.has("idle") && !LIVE_SERVER) console.log("6. idle: skipped (no --live-server)");
  if (ONLY.has("idle") && LIVE_SERVER) {
    // The idle viewer: a page of ROWS tasks of daily-volumes with running tasks on screen, from a
    // vbs-server with its live clock, left alone (as someone watching it). Each second the clock
    // ticks (running durations, relative times) and, while running tasks are shown, auto-refresh
    // (on by default) asks again every 5 s. Measured: the main thread's busy time (CDP
    // Performance.getMetrics TaskDuration, in thread time: the CPU the main thread used, which a
    // busy machine does not inflate as it does wall time) over IDLE_SECONDS of wall time, after
    // the page has settled, as a share of that time; a fresh page each run. The vanilla page
    // (static: no clock, no refresh) is measured the same way as a floor.
    const liveConfig = await (await fetch(`${LIVE_SERVER}/viewer-config.json`)).json();
    if (liveConfig.live === false) throw new Error(`${LIVE_SERVER} runs a frozen clock: start it without --no-live`);
    const livePolicies = (await (await fetch(`${LIVE_SERVER}/v2/${liveConfig.projectId}/backuppolicy`)).json()).backup_policies;
    const livePolicy = livePolicies.find((p) => p.backup_policy_name === "daily-volumes").backup_policy_id;
    const urls = {
      viewer: `${LIVE_SERVER}/?project=${liveConfig.projectId}&policy=${encodeURIComponent(livePolicy)}&page_size=${ROWS}`,
      vanilla: vanillaUrl(ROWS),
    };
    const idle = { viewer: [], vanilla: [] };
    for (let i = 0; i < IDLE_RUNS; i++) {
      for (const which of ["viewer", "vanilla"]) {
        const context = await browser.newContext(VIEWPORT);
        const page = await context.newPage();
        const problems = [];
        page.on("pageerror", (e) => problems.push(e.message));
        await page.goto(urls[which]);
        await page.waitForFunction(shown, ROWS, { timeout: 30000 });
        const running = await page.evaluate(() => document.querySelectorAll("tr.task-row:has([data-status=RUNNING])").length);
        if (which === "viewer" && running === 0) throw new Error("no running task on screen: the idle page would not tick");
        // Settled: the first render, the status counts, fonts; and no script of ours runs in the page
        // during the measured seconds.
        await page.waitForTimeout(2000);
        const cdp = await context.newCDPSession(page);
        await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
        const metrics = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
        const before = await metrics();
        await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
        const after = await metrics();
        // `Timestamp` stays wall time in either time domain.
        const seconds = after.Timestamp - before.Timestamp;
        const share = (name) => +((100 * (after[name] - before[name])) / seconds).toFixed(3);
        idle[which].push({ busy: share("TaskDuration"), script: share("ScriptDuration"), layout: share("LayoutDuration"),
          style: share("RecalcStyleDuration"), seconds: +seconds.toFixed(3), runningOnScreen: running,
          rowsInDom: await page.evaluate(() => document.querySelectorAll("tr.task-row").length) });
        await context.close();
        if (problems.length) throw new Error(`${urls[which]}: ${problems.join("; ")}`);
      }
    }
    results.measures.idle = { rows: ROWS, seconds: IDLE_SECONDS, liveServer: LIVE_SERVER, ...idle };
    row(`6. idle page of ${ROWS} with running tasks: main thread busy over ${IDLE_SECONDS} s (%)`, median(idle.vanilla.map((x) => x.busy)),
      median(idle.viewer.map((x) => x.busy)), "≤ 3 %", "percent of the time, not ms; the vanilla page (static) is a floor, not a goal");
  }
  const speed = ["next", "back", "export", "navlat"].filter((m) => ONLY.has(m));
  if (speed.length && !SLOW_SERVER) console.log(`${speed.join(", ")}: skipped (no --slow-server)`);
  if (speed.length && SLOW_SERVER) {
    await measureSpeed({ browser, server: SLOW_SERVER, viewport: VIEWPORT, only: ONLY, runs: 20, navRuns: NAV_RUNS,
      row, results, median, stats });
  }
} finally {
  await browser.close();
  site.close();
}

results.machine.loadavgAtEnd = loadavg();
results.table = rows;
writeFileSync(OUT, JSON.stringify(results, null, 2) + "\n");

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : "—");
const table = [["measure", "baseline ms", "subject ms", "ratio", "goal"], ...rows.map((r) => [r.measure, fmt(r.baseline), fmt(r.subject), fmt(r.ratio) + "×", r.goal])];
const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
console.log(`\nbrowser benchmarks, ${results.date}, ${results.browser}, ${results.machine.cpus} cores, load ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log(`median of ${RUNS} interleaved runs after ${WARMUP} warm-up (navigation: ${NAV_RUNS}); body ${body.length} bytes, 10,000 tasks`);
for (const [i, r] of table.entries()) {
  console.log(r.map((cell, c) => (c === 0 || c === 4 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}
if (results.measures.domWork) {
  const { rows: n, ...work } = results.measures.domWork;
  for (const [k, v] of Object.entries(work)) console.log(`5. DOM work until a page of ${n} is shown (counted, not timed), ${k}: ${Object.entries(v).map(([a, b]) => `${a} ${b}`).join(", ")}`);
}
if (results.measures.idle) {
  for (const which of ["viewer", "vanilla"]) {
    console.log(`6. idle, ${which} (% of ${IDLE_SECONDS} s, per run): ${results.measures.idle[which].map((x) => `busy ${x.busy} (script ${x.script}, layout ${x.layout}, style ${x.style}; ${x.rowsInDom} rows in the DOM, ${x.runningOnScreen} of them running)`).join("; ")}`);
  }
}
if (results.measures.navigationMilestones) {
  for (const [k, v] of Object.entries(results.measures.navigationMilestones)) console.log(`cold navigation milestones, ${k} (median ms): ${Object.entries(v).map(([a, b]) => `${a} ${b}`).join(", ")}`);
}
for (const r of rows) if (r.note) console.log(`note (${r.measure.split(" ")[0]}): ${r.note}`);
console.log(BASELINE_SERVER
  ? `baseline: the viewer of ${BASELINE_SERVER}; subject: the viewer of ${SERVER}. Written to ${OUT.replace(ROOT + "/", "")}`
  : `baseline: JSON.parse / plain-JS fetch / vanilla-JS page; subject: wasm / listTasks / Yew viewer. Written to ${OUT.replace(ROOT + "/", "")}`);
