// The Node consumer suite: the packed package installed into a temporary project, imported as
// `import { VbsClient, VbsError } from "vbs-tasks"` with no init call, run against
// `vbs-server --no-live` (URL_PLAIN; URL_AUTH with --require-auth) and tiny local servers.
// scripts/npm-test runs this file with `node --test`; its tests stand by theme in
// npm-tests/consumer/: the package as installed, listing (listPolicies, listTasks, the async
// iterators), errors, and requests (tolerance, what is sent, authentication, hostile responses).
// They run here, in one process and in this order, one at a time: a fault some test scripts on
// the emulator must not be taken, or cleared, by a test running at the same time.
import { useConsumerSuite } from "./helpers.mjs";

// Before the tests: the package installed and imported, a client of URL_PLAIN and its policies
// (helpers.mjs); after them, the temporary project removed.
useConsumerSuite();
await import("./consumer/package.mjs");
await import("./consumer/listing.mjs");
await import("./consumer/errors.mjs");
await import("./consumer/requests.mjs");
