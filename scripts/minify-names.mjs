// Shortens the names on the boundary between a wasm-bindgen module and its JS glue: the wasm's
// import names (`__wbg_fetch_f1856afdb49415d1`: a method and a 16-digit hash each, 83 of them in
// the npm package and 179 in the viewer), its import module (`./vbs_tasks_bg.js`, repeated in
// every import) and its export names, in the wasm and in the glue alike. A JS minifier cannot
// rename them (they are property names that the other side reads), and the hashes do not compress.
// Binaryen's pass renames them in the wasm and reports the mapping (Emscripten does the same);
// this then renames them in the glue, on its syntax tree:
//   - the import object's module key and its members' keys;
//   - the glue's reads of the exports (`wasm.memory`, `wasm.__wbindgen_malloc(…)`), which must
//     all be on one object;
//   - the declarations of the `.d.ts` files given (wasm-bindgen's `InitOutput` and the wasm's own
//     typings), so that what is shipped stays true.
// Anything unexpected (a name not found exactly where it should be) stops it before a file is
// written: the build then fails rather than ship a glue that does not match its wasm.
//   node scripts/minify-names.mjs WASM GLUE_JS [DTS...]
import { execFileSync } from "node:child_process";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSync } from "rolldown/utils";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// The features wasm-bindgen's output uses (scripts/wasm-opt-features); the pass itself only renames.
const FEATURES = readFileSync(join(root, "scripts/wasm-opt-features"), "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"));

/** Every node of an ESTree tree, depth first. */
function* nodes(node) {
  if (Array.isArray(node)) {
    for (const child of node) yield* nodes(child);
  } else if (node && typeof node === "object") {
    if (typeof node.type === "string") yield node;
    for (const [key, child] of Object.entries(node)) {
      if (key !== "type" && child && typeof child === "object") yield* nodes(child);
    }
  }
}

const keyName = (key) => (key.type === "Identifier" ? key.name : key.type === "Literal" ? String(key.value) : null);

/** The glue with its boundary names renamed by `map` ({ imports: [[module, name, short]], exports: [[name, short]] }). */
export function renameInGlue(source, map, file = "glue.js") {
  const modules = new Set(map.imports.map(([module]) => module));
  if (modules.size > 1) throw new Error(`${file}: imports from ${modules.size} modules; one is expected`);
  const [module] = modules;
  // What --minify-imports-and-exports-and-modules names every module (minifyNames reads it back).
  const shortModule = map.module ?? "a";
  const imports = new Map(map.imports.map(([, name, short]) => [name, short]));
  const exports = new Map(map.exports);
  const { program, errors } = parseSync(file, source, { sourceType: "module" });
  if (errors?.length) throw new Error(`${file}: ${errors.map((e) => e.message).join("; ")}`);

  const edits = []; // [start, end, text]
  const renamedImports = new Map();
  let importObjects = 0;
  const exportObjects = new Set();
  for (const node of nodes(program)) {
    if (node.type === "Property" && !node.computed && keyName(node.key) === module) {
      // The import object: `{ "./x_bg.js": { __wbg_…: function … } }`.
      if (node.value.type !== "ObjectExpression") throw new Error(`${file}: the imports of ${module} are not an object literal`);
      importObjects++;
      edits.push([node.key.start, node.key.end, JSON.stringify(shortModule)]);
      for (const member of node.value.properties) {
        if (member.type !== "Property" || member.computed) continue;
        const name = keyName(member.key);
        if (!imports.has(name)) continue;
        renamedImports.set(name, (renamedImports.get(name) ?? 0) + 1);
        edits.push([member.key.start, member.key.end, JSON.stringify(imports.get(name))]);
      }
    } else if (node.type === "MemberExpression" && !node.computed && exports.has(node.property.name)) {
      if (node.object.type !== "Identifier") throw new Error(`${file}: export \`${node.property.name}\` read from an expression`);
      exportObjects.add(node.object.name);
      edits.push([node.property.start, node.property.end, exports.get(node.property.name)]);
    }
  }
  if (importObjects !== 1) throw new Error(`${file}: ${importObjects} import objects for ${module}; one is expected`);
  for (const name of imports.keys()) {
    if (renamedImports.get(name) !== 1) throw new Error(`${file}: import \`${name}\` is defined ${renamedImports.get(name) ?? 0} times`);
  }
  // `memory` or `start` read from two objects would mean one of them is not the exports.
  if (exportObjects.size !== 1) throw new Error(`${file}: exports read from ${[...exportObjects].join(", ") || "nothing"}`);
  edits.sort((a, b) => b[0] - a[0]);
  let out = source;
  for (const [start, end, text] of edits) out = out.slice(0, start) + text + out.slice(end);
  return out;
}

/** A `.d.ts` of the exports (`export const name: …` or `readonly name: …`) with the new names. */
export function renameInTypes(source, map) {
  const exports = new Map(map.exports);
  return source.replace(/^(\s*(?:export const |readonly ))([A-Za-z_$][\w$]*)(?=[?]?:)/gm,
    (line, head, name) => head + (exports.get(name) ?? name));
}

/** Renames the boundary names of `wasm` and `glue` (and the `.d.ts` files) in place. */
export function minifyNames(wasm, glue, types = []) {
  const wasmOpt = join(root, "node_modules/.bin/wasm-opt");
  const renamed = `${wasm}.names.wasm`;
  const report = execFileSync(wasmOpt, [...FEATURES, "--minify-imports-and-exports-and-modules", wasm, "-o", renamed], { encoding: "utf8" });
  let map, texts;
  try {
    map = JSON.parse(report.slice(report.indexOf("{")));
    // The renamed wasm's own imports: one module, and exactly the names the map gives.
    const imported = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(renamed)));
    const modules = new Set(imported.map((i) => i.module));
    if (modules.size !== 1) throw new Error(`${basename(wasm)}: renamed imports from ${modules.size} modules`);
    [map.module] = modules;
    const names = new Set(imported.map((i) => i.name));
    if (names.size !== map.imports.length || !map.imports.every(([, , short]) => names.has(short))) {
      throw new Error(`${basename(wasm)}: the renamed imports are not the ones reported`);
    }
    texts = [[glue, renameInGlue(readFileSync(glue, "utf8"), map, basename(glue))]];
    for (const file of types) texts.push([file, renameInTypes(readFileSync(file, "utf8"), map)]);
  } catch (error) {
    rmSync(renamed, { force: true });
    throw error;
  }
  for (const [file, text] of texts) writeFileSync(file, text);
  renameSync(renamed, wasm);
  console.log(`minify-names: ${map.imports.length} imports and ${map.exports.length} exports of ${basename(wasm)} renamed`);
  return map;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [wasm, glue, ...types] = process.argv.slice(2);
  if (!wasm || !glue) {
    console.error("usage: node scripts/minify-names.mjs WASM GLUE_JS [DTS...]");
    process.exit(2);
  }
  try {
    minifyNames(wasm, glue, types);
  } catch (error) {
    console.error(`minify-names: ${error.message}`);
    process.exit(1);
  }
}
