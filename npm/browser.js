// The browser and bundler entry: instantiates the wasm module at import (top-level await); the
// `new URL(…, import.meta.url)` lets Vite, webpack 5, Parcel and esbuild ship the .wasm as an asset.
import init, { VbsClient as Client } from "./vbs_tasks.js";
import { install, VbsError as ErrorClass } from "./vbs.js";

await init({ module_or_path: new URL("./vbs_tasks_bg.wasm", import.meta.url) });
install();

export const VbsClient = Client;
export const VbsError = ErrorClass;
