// What the e2e suites read of the viewer's task table.

import assert from 'node:assert/strict';

const TIMEOUT = 15_000;

/** The job ids of the rows in the DOM, once the table has data rows (not skeletons). */
export async function rowIds(page) {
  await page.locator('tr.task-row').first().waitFor({ timeout: TIMEOUT });
  return page.locator('tr.task-row').evaluateAll((rows) => rows.map((row) => row.dataset.jobId));
}

/**
 * Waits until the table shows exactly these job ids (in order): as many rows as ids
 * (`aria-rowcount`, the header included), each row in the DOM the one at its place, and then,
 * scrolled through, every row of the page.
 */
export async function expectRows(page, ids) {
  await page.waitForFunction(
    (expected) => {
      const table = document.querySelector('table.task-table');
      if (table?.getAttribute('aria-rowcount') !== String(expected.length + 1)) return false;
      const rows = [...table.querySelectorAll('tr.task-row')];
      return rows.length > 0 && rows.every((row) => expected[Number(row.getAttribute('aria-rowindex')) - 2] === row.dataset.jobId);
    },
    ids,
    { timeout: TIMEOUT },
  ).catch(async () => {
    assert.deepEqual(await rowIds(page).catch(() => []), ids, 'shown rows');
  });
  assert.deepEqual((await allRows(page)).map((row) => row?.jobId), ids, 'the rows of the whole page, scrolled through');
}


/**
 * Every row of the page the task table shows, in order, as { jobId, times } (the `datetime`s of
 * its times). Long pages are windowed (only the rows in view are in the DOM), so the table's box
 * is scrolled through from top to bottom, each row read where it is (`aria-rowindex`), then put
 * back as it was.
 */
export async function allRows(page) {
  return page.evaluate(async () => {
    const wrap = document.querySelector('.table-wrap--tasks');
    const total = Number(wrap.querySelector('table').getAttribute('aria-rowcount')) - 1;
    const rows = new Array(total).fill(null);
    // The rows render from the scroll event, before the next frame.
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    const read = () => {
      for (const row of wrap.querySelectorAll('tr.task-row')) {
        rows[Number(row.getAttribute('aria-rowindex')) - 2] = {
          jobId: row.dataset.jobId,
          times: [...row.querySelectorAll('time')].map((time) => time.getAttribute('datetime')),
        };
      }
    };
    const [pageY, boxY] = [window.scrollY, wrap.scrollTop];
    wrap.scrollIntoView();
    for (let top = 0; ; top += wrap.clientHeight / 2) {
      wrap.scrollTop = top;
      await frame();
      read();
      if (wrap.scrollTop + wrap.clientHeight >= wrap.scrollHeight - 1) break;
    }
    wrap.scrollTop = boxY;
    window.scrollTo(window.scrollX, pageY);
    await frame();
    return rows;
  });
}
