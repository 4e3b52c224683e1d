// The vanilla-JS baseline of measures 3 and 4: the viewer's task table (same markup and classes,
// the viewer's CSS), rendered from one `fetch` + `json()` with plain DOM calls and one delegated
// listener, plus Previous/Next (history entries) and a CSV export one page after another.
// scripts/bench-browser copies it next to the built viewer as /bench-vanilla.js, so that vbs-server
// serves both from the same origin: /bench-vanilla.html?project=…&policy=…&page_size=N[&page=P]
const params = new URLSearchParams(location.search);
const project = params.get("project");
const policy = params.get("policy");
const limit = params.get("page_size") || "20";

const LABELS = { RUNNING: "Running", EXECUTE_TIMEOUT: "Timed out", WAITING: "Waiting", EXECUTE_FAIL: "Failed",
  EXECUTE_SUCCESS: "Succeeded", SKIP: "Skipped" };
const TONES = { RUNNING: "info", EXECUTE_TIMEOUT: "danger", WAITING: "neutral", EXECUTE_FAIL: "danger",
  EXECUTE_SUCCESS: "success", SKIP: "neutral" };
const SVG = "http://www.w3.org/2000/svg";
const local = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "medium" });
const relative = new Intl.RelativeTimeFormat("en-US", { numeric: "auto" });
const apiDate = (text) => new Date(text.endsWith("Z") ? text : text + "Z");

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function icon() {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("class", "icon");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", "M4 2h7l3 3v9H4z");
  svg.append(path);
  return svg;
}

function copyButton(what) {
  const button = el("button", "copy");
  button.type = "button";
  button.tabIndex = -1;
  button.title = button.ariaLabel = `Copy ${what}`;
  button.append(icon());
  return button;
}

function idWithCopy(text, what, tag) {
  const wrap = el("span", "id-with-copy");
  if (tag) wrap.append(el("span", "tag", tag));
  const code = el("code", "id", text);
  code.title = text;
  wrap.append(code, copyButton(what));
  return wrap;
}

function timeCell(text, now) {
  const td = el("td", "cell-time");
  if (!text) { td.append(el("span", "muted", "—")); return td; }
  const at = apiDate(text);
  const span = el("span", "time");
  const time = el("time", "", local.format(at));
  time.dateTime = at.toISOString();
  time.title = at.toISOString().replace("T", " ").slice(0, 19) + " UTC";
  const minutes = Math.round((at - now) / 60000);
  const rel = Math.abs(minutes) < 60 ? relative.format(minutes, "minute")
    : Math.abs(minutes) < 1440 ? relative.format(Math.round(minutes / 60), "hour") : relative.format(Math.round(minutes / 1440), "day");
  span.append(time, el("span", "time__relative", rel));
  td.append(span);
  return td;
}

function duration(task, now) {
  const from = apiDate(task.created_at).getTime();
  const to = task.finished_at ? apiDate(task.finished_at).getTime() : now;
  const s = Math.max(0, Math.round((to - from) / 1000));
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

function row(task, index, now) {
  const tr = el("tr", "task-row" + (task.status === "EXECUTE_FAIL" || task.status === "EXECUTE_TIMEOUT" ? " task-row--failed" : ""));
  tr.tabIndex = index === 0 ? 0 : -1;
  tr.dataset.jobId = task.job_id;
  tr.ariaLabel = `Task ${task.job_id}`;
  const status = el("td", "cell-status");
  status.dataset.label = "Status";
  const badge = el("span", `badge badge--${TONES[task.status] || "neutral"}`);
  badge.title = badge.dataset.status = task.status;
  if (task.status === "RUNNING") badge.append(el("span", "spinner"));
  else { const i = el("span", "badge__icon"); i.append(icon()); badge.append(i); }
  badge.append(el("span", "badge__text", LABELS[task.status] || task.status));
  status.append(badge);
  const id = el("td", "cell-id");
  id.append(idWithCopy(task.job_id, "job ID"));
  const name = el("td", "cell-name");
  if (task.backup_name) name.textContent = task.backup_name; else name.append(el("span", "muted", "—"));
  const resource = el("td", "cell-resource");
  if (task.resource_id) resource.append(idWithCopy(task.resource_id, "resource ID", task.resource_type));
  else resource.append(el("span", "muted", "—"));
  const dur = el("td", "cell-duration", duration(task, now));
  tr.append(status, id, name, resource, timeCell(task.created_at, now), timeCell(task.finished_at, now), dur);
  return tr;
}

// Asks the API every time: the page of the URL (`page`), Next and Previous push a history entry,
// Back and Forward show the URL's page again.
const tbody = document.querySelector("tbody");
tbody.addEventListener("click", (event) => { const tr = event.target.closest("tr.task-row"); if (tr) tr.classList.toggle("task-row--selected"); });
const tasksUrl = (query) => `/v2/${project}/backuppolicy/${encodeURIComponent(policy)}/backuptasks?${query}`;

async function show() {
  const pageNumber = Number(new URLSearchParams(location.search).get("page") || 1);
  const response = await fetch(tasksUrl(`limit=${limit}&offset=${(pageNumber - 1) * Number(limit)}`));
  const page = await response.json();
  const now = Date.now();
  const body = document.createDocumentFragment();
  page.tasks.forEach((task, i) => body.append(row(task, i, now)));
  tbody.replaceChildren(body);
  document.querySelector("table.tasks").ariaBusy = "false";
}

function go(step) {
  const url = new URL(location.href);
  url.searchParams.set("page", String(Math.max(1, Number(url.searchParams.get("page") || 1) + step)));
  history.pushState(null, "", url);
  show();
}

// The whole filter as CSV, one page of 1,000 after another (by offset, oldest first), then saved.
async function exportCsv() {
  const lines = ["job_id,status,created_at,finished_at,backup_name,resource_id"];
  for (let offset = 0; ; offset += 1000) {
    const page = await (await fetch(tasksUrl(`sort_dir=asc&limit=1000&offset=${offset}`))).json();
    for (const t of page.tasks) lines.push([t.job_id, t.status, t.created_at, t.finished_at || "", JSON.stringify(t.backup_name || ""), t.resource_id || ""].join(","));
    if (page.tasks.length < 1000) break;
  }
  const link = el("a");
  link.href = URL.createObjectURL(new Blob(["\uFEFF" + lines.join("\r\n")], { type: "text/csv" }));
  link.download = "tasks.csv";
  link.click();
}

const bar = el("nav", "pager");
for (const [label, action] of [["Previous page", () => go(-1)], ["Next page", () => go(1)], ["Export CSV", exportCsv]]) {
  const button = el("button", "", label);
  button.type = "button";
  button.ariaLabel = label;
  button.addEventListener("click", action);
  bar.append(button);
}
document.querySelector("main").prepend(bar);
addEventListener("popstate", show);
await show();
