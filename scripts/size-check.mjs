// Fails when the npm package or the viewer grows past its budget (size-budgets.json), measured as
// brotli (quality 11) of what a browser downloads: the wasm, the JS glue and, for the viewer, CSS.
// Usage: node scripts/size-check.mjs [pkgDir] [distDir]. Prints a table, then "# pass N" / "# fail N".
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const [pkgDir = "pkg", distDir = "dist"] = process.argv.slice(2);
const budgets = JSON.parse(readFileSync(new URL("../size-budgets.json", import.meta.url), "utf8"));

function measure(dir, files) {
  let raw = 0, gzip = 0, brotli = 0;
  for (const file of files) {
    const data = readFileSync(join(dir, file));
    raw += data.length;
    gzip += gzipSync(data, { level: 9 }).length;
    brotli += brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, brotli, files };
}

/** The JS files under `dir/snippets/`, as paths relative to `dir`. */
function snippets(dir) {
  const root = join(dir, "snippets");
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true }).filter((f) => f.endsWith(".js")).map((f) => join("snippets", f));
}

const subjects = {
  // What a browser loads of the package: the entry, the bindings, the glue, the modules
  // wasm-bindgen imports (snippets/) and the wasm.
  npm: () => measure(pkgDir, ["browser.js", "vbs.js", "vbs_tasks.js", "vbs_tasks_bg.wasm", ...snippets(pkgDir)]),
  // Everything Trunk emits except index.html: wasm, JS glue, CSS.
  viewer: () => measure(distDir, readdirSync(distDir).filter((f) => /\.(wasm|js|css)$/.test(f))),
};

let pass = 0, fail = 0;
console.log("size".padEnd(8) + "raw".padStart(10) + "gzip".padStart(10) + "brotli".padStart(10) + "budget".padStart(10) + "baseline".padStart(10));
for (const [name, run] of Object.entries(subjects)) {
  const dir = name === "npm" ? pkgDir : distDir;
  if (!existsSync(dir)) {
    console.log(`not ok - ${name}: ${dir}/ is missing (build it first)`);
    fail++;
    continue;
  }
  const size = run();
  // A build that failed half-way can leave the folder without its wasm: that is no size at all.
  if (!size.files.some((f) => f.endsWith(".wasm"))) {
    console.log(`not ok - ${name}: no .wasm in ${dir}/ (build it first)`);
    fail++;
    continue;
  }
  const { budget_brotli: budget, baseline_brotli: baseline } = budgets[name];
  console.log(name.padEnd(8) + String(size.raw).padStart(10) + String(size.gzip).padStart(10) + String(size.brotli).padStart(10) + String(budget).padStart(10) + String(baseline).padStart(10));
  if (size.brotli <= budget) {
    pass++;
    console.log(`ok - ${name} is ${size.brotli} B brotli, within its budget of ${budget} B`);
  } else {
    fail++;
    console.log(`not ok - ${name} is ${size.brotli} B brotli, over its budget of ${budget} B (files: ${size.files.join(", ")})`);
  }
}
console.log(`# pass ${pass}`);
console.log(`# fail ${fail}`);
process.exit(fail ? 1 : 0);
