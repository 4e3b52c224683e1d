// Packaging only, no API logic (that is all in Rust, src/js/): the `VbsError` class, which
// wasm-bindgen cannot define (it cannot subclass Error), and the async-iterator protocol of what
// `tasks()`, `pages()` and `operationLogs()` return (their `next()` and `return()` are Rust's).
import { __vbsInstall, VbsIterator } from "./vbs_tasks.js";

/** A failed call: `kind`, and `status`, `code`, `requestId` where known. */
export class VbsError extends Error {
  constructor(init) {
    super(init.message);
    this.kind = init.kind;
    if (init.status !== undefined) this.status = init.status;
    if (init.code !== undefined) this.code = init.code;
    if (init.requestId !== undefined) this.requestId = init.requestId;
  }

  get name() {
    return "VbsError";
  }
}

/** Called by the entry once the wasm module is instantiated. */
export function install() {
  VbsIterator.prototype[Symbol.asyncIterator] = function () {
    return this;
  };
  __vbsInstall(VbsError);
}
