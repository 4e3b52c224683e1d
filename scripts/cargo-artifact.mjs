// Prints the .wasm that a `cargo build --message-format=json-render-diagnostics` on stdin reports
// for one target (name and kind: `vbs_tasks cdylib`, `vbs-viewer bin`); nothing if it reports none.
// Cargo's own report, not a path guessed from the target dir, which other builds write to as well.
//   cargo build ... --message-format=json-render-diagnostics | node scripts/cargo-artifact.mjs NAME KIND
import { createInterface } from "node:readline";

const [name, kind] = process.argv.slice(2);
let found = "";
createInterface({ input: process.stdin })
  .on("line", (line) => {
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      return; // rendered diagnostics are not JSON
    }
    if (message.reason === "compiler-artifact" && message.target.name === name && message.target.kind.includes(kind)) {
      found = message.filenames.find((file) => file.endsWith(".wasm")) ?? found;
    }
  })
  .on("close", () => console.log(found));
