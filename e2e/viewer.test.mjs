// End-to-end tests of the viewer in headless Chromium, against `vbs-server --no-live`
// (scripts/e2e starts one and builds the viewer). Run: node --test e2e/
//
// The server's data is deterministic (seed 42, frozen clock), so the expected rows are read from the
// same API the page calls: each test compares what the page shows with what the API answers.
//
// The tests stand by theme in e2e/viewer/, their helpers in e2e/viewer-helpers.mjs. They run here,
// in one process and in this order, one at a time: some script faults on the server's
// daily-volumes, which every other test reads, and clear them after.
import { useViewerSuite } from './viewer-helpers.mjs';

// Before the tests: the project and its policies read, Chromium launched; after them, closed.
useViewerSuite();
await import('./viewer/table.mjs');
await import('./viewer/loading.mjs');
await import('./viewer/display.mjs');
await import('./viewer/exports.mjs');
await import('./viewer/overview.mjs');
await import('./viewer/glance-and-watch.mjs');
await import('./viewer/language-and-accessibility.mjs');
