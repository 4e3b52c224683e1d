// What a person waits for on a real region (bench/run.mjs --only next,back,export,navlat): against
// a vbs-server that adds a region's round trip to every answer (`--latency-ms 300`), the viewer and
// the vanilla page (which asks the API every time) in the same run:
//   next:   Next page after the first page has been on screen for 1 s: click → new rows painted;
//   back:   Back to the previous page (history.back(), as the browser's button): → rows painted;
//   export: Export CSV of daily-volumes' 10,317 tasks: click → file saved (the vanilla page reads
//           one page of 1,000 after another);
//   navlat: navigation → first row painted, cold, with the latency (measure 3 has it without).
// "Painted": the first row is the expected task, then the frame after it (rAF, then a task).

/** Runs `act` in the page and resolves with the ms until the first row is `firstId` and painted. */
function untilRows(page, act, firstId) {
  return page.evaluate(([act, firstId]) => new Promise((resolve) => {
    const t0 = performance.now();
    const painted = () => requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now() - t0);
      channel.port2.postMessage(0);
    });
    const first = () => document.querySelector("tbody tr.task-row")?.dataset.jobId === firstId;
    const observer = new MutationObserver(() => { if (first()) { observer.disconnect(); painted(); } });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-job-id"] });
    if (act === "back") history.back();
    else document.querySelector('button[aria-label="Next page"]').click();
  }), [act, firstId]);
}

export async function measureSpeed({ browser, server, viewport, only, runs, navRuns, row, results, median, stats }) {
  const config = await (await fetch(`${server}/viewer-config.json`)).json();
  const project = config.projectId;
  const list = await (await fetch(`${server}/v2/${project}/backuppolicy`)).json();
  const policy = list.backup_policies.find((p) => p.backup_policy_name === "daily-volumes").backup_policy_id;
  const tasks = (query) => fetch(`${server}/v2/${project}/backuppolicy/${encodeURIComponent(policy)}/backuptasks?${query}`).then((r) => r.json());
  const firstOf = async (query) => (await tasks(query)).tasks[0].job_id;
  const [page1, page2] = [await firstOf("limit=20&offset=0"), await firstOf("limit=20&offset=20")];
  const url = (which) => which === "viewer"
    ? `${server}/?project=${project}&policy=${encodeURIComponent(policy)}`
    : `${server}/bench-vanilla.html?project=${project}&policy=${encodeURIComponent(policy)}&page_size=20`;
  const open = async (context, which) => {
    const page = await context.newPage();
    page.problems = [];
    page.on("pageerror", (e) => page.problems.push(e.message));
    await page.goto(url(which));
    await page.waitForFunction((id) => document.querySelector("tbody tr.task-row")?.dataset.jobId === id, page1, { timeout: 30000 });
    return page;
  };
  const done = (page) => { if (page.problems.length) throw new Error(page.problems.join("; ")); return page.close(); };
  results.measures.speed = { latencyMs: 300, server };

  if (only.has("next") || only.has("back")) {
    const next = { vanilla: [], viewer: [] }, back = { vanilla: [], viewer: [] };
    const context = await browser.newContext(viewport);
    for (let i = 0; i < runs; i++) {
      for (const which of i % 2 ? ["viewer", "vanilla"] : ["vanilla", "viewer"]) {
        const page = await open(context, which);
        await page.waitForTimeout(1000); // the first page on screen for 1 s
        next[which].push(await untilRows(page, "next", page2));
        await page.waitForTimeout(1000);
        back[which].push(await untilRows(page, "back", page1));
        await done(page);
      }
    }
    await context.close();
    results.measures.speed.next = { vanilla: stats(next.vanilla), viewer: stats(next.viewer) };
    results.measures.speed.back = { vanilla: stats(back.vanilla), viewer: stats(back.viewer) };
    row(`7. Next page after 1 s on screen: click → rows painted, ${runs} runs, 300 ms latency (ms)`, median(next.vanilla), median(next.viewer), "< 50 ms");
    row("8. Back to the previous page: → rows painted, 300 ms latency (ms)", median(back.vanilla), median(back.viewer), "< 50 ms");
  }

  if (only.has("export")) {
    const exports = { vanilla: [], viewer: [] };
    const context = await browser.newContext({ ...viewport, acceptDownloads: true });
    for (let i = 0; i < Math.max(3, Math.round(runs / 4)); i++) {
      for (const which of i % 2 ? ["viewer", "vanilla"] : ["vanilla", "viewer"]) {
        const page = await open(context, which);
        const saved = page.waitForEvent("download", { timeout: 120000 });
        const t0 = Date.now();
        await page.locator('button:text-is("Export CSV")').click();
        const download = await saved;
        exports[which].push(Date.now() - t0);
        const lines = (await (await import("node:fs")).promises.readFile(await download.path(), "utf8")).split("\r\n").filter(Boolean);
        if (lines.length !== 10318) throw new Error(`${which}: ${lines.length - 1} tasks exported, not 10,317`);
        await done(page);
      }
    }
    await context.close();
    results.measures.speed.export = { vanilla: stats(exports.vanilla), viewer: stats(exports.viewer) };
    row("9. export 10,317 tasks as CSV: click → file saved, 300 ms latency (ms; vanilla: one page after another)",
      median(exports.vanilla), median(exports.viewer), "≤ 0.4×");
  }

  if (only.has("navlat")) {
    const nav = { vanilla: [], viewer: [] };
    for (let i = 0; i < navRuns; i++) {
      for (const which of i % 2 ? ["viewer", "vanilla"] : ["vanilla", "viewer"]) {
        const context = await browser.newContext(viewport);
        const page = await context.newPage();
        page.problems = [];
        page.on("pageerror", (e) => page.problems.push(e.message));
        await page.addInitScript(() => {
          new MutationObserver((_, observer) => {
            if (!document.querySelector("tbody tr.task-row")) return;
            observer.disconnect();
            requestAnimationFrame(() => {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => { window.__firstRow = performance.now(); };
              channel.port2.postMessage(0);
            });
          }).observe(document, { childList: true, subtree: true });
        });
        await page.goto(url(which));
        await page.waitForFunction(() => window.__firstRow, null, { timeout: 30000 });
        nav[which].push(await page.evaluate(() => window.__firstRow));
        await done(page);
        await context.close();
      }
    }
    results.measures.speed.navigation = { vanilla: stats(nav.vanilla), viewer: stats(nav.viewer) };
    row("3d. navigation → first row painted, cold, 300 ms latency (ms)", median(nav.vanilla), median(nav.viewer), "≤ 1.2×");
  }
}
