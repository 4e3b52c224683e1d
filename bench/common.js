// Shared by the benchmark pages: plain-JS mapping of a task to the npm package's `Task` shape, and
// an interleaved sampler.

/** A zone-less API timestamp (`2016-12-02T09:06:46.706`) is UTC: add the `Z` JS needs for that. */
export function apiDate(text) {
  return new Date(text.endsWith("Z") ? text : text + "Z");
}

/** The npm package's `Task` object from one API task, in plain JS (what a hand-written client does). */
export function mapTask(t) {
  const task = {
    status: t.status,
    jobId: t.job_id,
    createdAt: apiDate(t.created_at),
  };
  if (t.finished_at != null) task.finishedAt = apiDate(t.finished_at);
  task.backupName = t.backup_name;
  task.resourceId = t.resource_id;
  task.resourceType = t.resource_type;
  if (t.vbs_job_id != null) task.vbsJobId = t.vbs_job_id;
  if (t.message != null) task.message = t.message;
  if (t.code != null) task.code = t.code;
  return task;
}

/** `{ count, tasks }` like the package's `TaskPage`. */
export function mapPage(body) {
  return { count: body.count, tasks: body.tasks.map(mapTask) };
}

/**
 * Runs `warmup` rounds, then `runs` rounds of every case, interleaved: the order of the cases
 * alternates each round (ABBA…) so neither side always runs first after a GC or a JIT tier-up.
 * Each case is `{ name, fn }`, `fn` returns a check value (task count) or a promise of one.
 */
export async function sample(cases, { runs = 15, warmup = 3, pause = 0 } = {}) {
  const samples = Object.fromEntries(cases.map((c) => [c.name, []]));
  const checks = {};
  for (let round = 0; round < warmup + runs; round++) {
    const order = round % 2 ? [...cases].reverse() : cases;
    for (const c of order) {
      if (pause) await new Promise((r) => setTimeout(r, pause));
      const start = performance.now();
      const check = await c.fn();
      const ms = performance.now() - start;
      checks[c.name] = check;
      if (round >= warmup) samples[c.name].push(ms);
    }
  }
  return { samples, checks };
}
