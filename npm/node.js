// The Node entry (Node >= 20): instantiates the wasm module synchronously at import.
import { readFileSync } from "node:fs";
import { initSync, VbsClient as Client } from "./vbs_tasks.js";
import { install, VbsError as ErrorClass } from "./vbs.js";

initSync({ module: readFileSync(new URL("./vbs_tasks_bg.wasm", import.meta.url)) });
install();

export const VbsClient = Client;
export const VbsError = ErrorClass;
