// What the e2e suites read of the viewer's exports: the file a click saves, and its CSV.

import { readFileSync } from 'node:fs';

/** Clicks an export button and returns the download and its bytes. */
export async function exportFile(page, button) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  return { download, bytes: readFileSync(await download.path()) };
}

/** A strict RFC 4180 reader (quoted fields, doubled quotes, CRLF rows; newlines inside quotes). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i += 1;
          break;
        }
        field += text[i];
        i += 1;
      }
    } else if (c === ',') {
      row.push(field); field = ''; i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field); field = ''; rows.push(row); row = []; i += 2;
    } else {
      throw new Error(`unquoted character ${JSON.stringify(c)} at ${i}`);
    }
  }
  return rows;
}
