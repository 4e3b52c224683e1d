// The packed hand-off of a page of tasks, kept for the benchmark only (src/js/packed.rs packs, this
// unpacks; wasm-bindgen ships this file with the bench build's module): Rust sends three values —
// every text field back to back in one string, each field's length in UTF-16 units (ABSENT for a
// missing optional field), and two times per task (ms since the epoch; NaN while unfinished) — and
// the objects are built here as literals of one shape. The published package hands its pages over
// through serde-wasm-bindgen (src/js/convert.rs) instead: measured on 10,000 tasks it stays within
// twice plain-JS fetch + json() + mapping, the bar BENCHMARKS.md gives for keeping this form.

const ABSENT = 0xffffffff;

/**
 * @param {string} text every task's text fields, in the order read below
 * @param {Uint32Array} lengths each field's length (a view of wasm memory: read it now, keep nothing)
 * @param {Float64Array} times createdAt and finishedAt of each task
 * @returns {object[]} the tasks: `{ status, jobId, createdAt, finishedAt?, backupName, resourceId,
 *   resourceType, vbsJobId?, message?, code? }`
 */
export function unpackTasks(text, lengths, times) {
  const count = times.length / 2;
  const tasks = new Array(count);
  let at = 0;
  let field = 0;
  const next = () => {
    const length = lengths[field++];
    if (length === ABSENT) return undefined;
    const value = text.substring(at, at + length);
    at += length;
    return value;
  };
  for (let i = 0; i < count; i++) {
    const status = next();
    const jobId = next();
    const task = { status, jobId, createdAt: new Date(times[2 * i]) };
    const finished = times[2 * i + 1];
    if (!Number.isNaN(finished)) task.finishedAt = new Date(finished);
    task.backupName = next();
    task.resourceId = next();
    task.resourceType = next();
    const vbsJobId = next();
    if (vbsJobId !== undefined) task.vbsJobId = vbsJobId;
    const message = next();
    if (message !== undefined) task.message = message;
    const code = next();
    if (code !== undefined) task.code = code;
    tasks[i] = task;
  }
  return tasks;
}
