// CBR's calls of the npm package (`listOperationLogs`, `operationLogs`, `showOperationLog`),
// installed from the packed tarball, against an emulator of its own (URL_CBR, `vbs-server
// --no-live`: frozen clock, the same data on every start), whose fault scripts these tests set
// without racing the VBS suites, and against tiny local servers for answers the emulator never gives.
// scripts/npm-test runs this file with `node --test`; its tests stand by theme in npm-tests/cbr/:
// the operation logs, the vaults and CBR policies, and the errors (invalid options, abort, typed
// errors, tolerance). They run here, in one process and in this order, one at a time: a fault
// some test scripts on the emulator must not be taken, or cleared, by a test running at the same time.
import { useCbrSuite } from "./cbr-helpers.mjs";

// Before the tests: the package installed and imported, a client of URL_CBR and its vaults
// (helpers.mjs, cbr-helpers.mjs); after them, the temporary project removed.
useCbrSuite();
await import("./cbr/operation-logs.mjs");
await import("./cbr/vaults-and-policies.mjs");
await import("./cbr/errors.mjs");
