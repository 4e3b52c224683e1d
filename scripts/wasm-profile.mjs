// What takes the space in a wasm: its sections (raw and brotli), its largest functions and the
// code per part of the program (a source file of ours, or a crate), read from the function names
// a names-kept build carries. twiggy is not installed here; a wasm's name section and code section
// are all this needs. wasm-opt inlines a function with one caller into it, so a function's size,
// and its part's, includes what was inlined into it (`Client::get` holds the attempt and signing).
//   node scripts/wasm-profile.mjs WASM [--top N]
// `scripts/size-profile` builds the names-kept wasm of the npm package or the viewer and runs this.
import { readFileSync, readdirSync } from "node:fs";
import { sep } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { fileURLToPath } from "node:url";

const SECTION_NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count", "tag"];

/** A reader of the module's LEB128 integers and bytes, from `at`. */
function reader(bytes, at = 0) {
  return {
    get at() {
      return at;
    },
    set at(value) {
      at = value;
    },
    byte: () => bytes[at++],
    u32() {
      let result = 0, shift = 0, byte;
      do {
        if (at >= bytes.length) throw new Error("the module ends inside a number");
        byte = bytes[at++];
        result += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte & 0x80);
      return result;
    },
    name() {
      const length = this.u32();
      const text = Buffer.from(bytes.buffer, bytes.byteOffset + at, length).toString("utf8");
      at += length;
      return text;
    },
  };
}

/** How many functions the module imports: they come first in the function index space. */
function importedFunctions(bytes, start) {
  const r = reader(bytes, start);
  // flags, min, and max when flags' bit 0 says there is one
  const limits = () => {
    const flags = r.u32();
    r.u32();
    if (flags & 1) r.u32();
  };
  let functions = 0;
  for (let count = r.u32(); count > 0; count--) {
    r.name(); // module
    r.name(); // field
    const kind = r.byte();
    if (kind === 0) {
      r.u32(); // type index
      functions++;
    } else if (kind === 1) {
      r.byte(); // element type
      limits();
    } else if (kind === 2) {
      limits();
    } else if (kind === 3) {
      r.at += 2; // value type, mutability
    } else if (kind === 4) {
      r.byte(); // tag attribute
      r.u32();
    } else {
      throw new Error(`unknown import kind ${kind}`);
    }
  }
  return functions;
}

/**
 * The module's sections and functions.
 * @param {Uint8Array} bytes a wasm module
 * @returns {{ sections: {id: number, name: string, size: number, start: number}[],
 *             functions: {index: number, name: string, size: number}[] }}
 *   `size` of a function is its body's bytes (locals and code); `name` is from the name section,
 *   or `func[index]` where there is none.
 */
export function profile(bytes) {
  const magic = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"
  if (bytes.length < 8 || magic.some((byte, i) => bytes[i] !== byte)) throw new Error("not a wasm module");
  const r = reader(bytes, 8);
  const sections = [];
  while (r.at < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.at;
    if (start + size > bytes.length) throw new Error(`section ${id} runs past the end of the module`);
    let name = SECTION_NAMES[id] ?? `section ${id}`;
    if (id === 0) name = `custom "${reader(bytes, start).name()}"`;
    sections.push({ id, name, size, start });
    r.at = start + size;
  }
  const imports = sections.find((s) => s.id === 2);
  const imported = imports ? importedFunctions(bytes, imports.start) : 0;
  const names = new Map();
  const nameSection = sections.find((s) => s.name === 'custom "name"');
  if (nameSection) {
    const n = reader(bytes, nameSection.start);
    n.name();
    const end = nameSection.start + nameSection.size;
    while (n.at < end) {
      const sub = n.byte();
      const length = n.u32();
      const next = n.at + length;
      if (sub === 1) {
        for (let count = n.u32(); count > 0; count--) {
          const index = n.u32();
          names.set(index, n.name());
        }
      }
      n.at = next;
    }
  }
  const functions = [];
  const code = sections.find((s) => s.id === 10);
  if (code) {
    const c = reader(bytes, code.start);
    const count = c.u32();
    for (let i = 0; i < count; i++) {
      const size = c.u32();
      const index = imported + i;
      functions.push({ index, name: names.get(index) ?? `func[${index}]`, size });
      c.at += size;
    }
  }
  return { sections, functions };
}

/** A name without rustc's crate hashes (`yew[df84279900d157fc]::` → `yew::`). */
export const plain = (name) => name.replace(/\[[0-9a-f]{8,16}\]/g, "");

/** This package's source files, as paths under src/ (`viewer/components/settings.rs`). */
export function sourceFiles(root = fileURLToPath(new URL("../src", import.meta.url))) {
  return new Set(readdirSync(root, { recursive: true }).filter((f) => f.endsWith(".rs")).map((f) => f.split(sep).join("/")));
}

/**
 * The part of the program a function belongs to: for this package the source file of the first of
 * its items the name mentions (the library's `vbs_tasks::transport::client::Client` →
 * `src/transport/client.rs`; the viewer binary's `vbs_viewer::components::settings::SettingsPanel`
 * → `src/viewer/components/settings.rs`, given `files`, see [`sourceFiles`]), for the shims
 * wasm-bindgen writes `wasm-bindgen shims`, else the crate its name starts with (std's `core`,
 * `alloc`, `dlmalloc`, `yew` …).
 */
export function partOf(name, files) {
  const text = plain(name);
  const own = text.match(/(vbs_tasks|vbs_viewer)::((?:\w+::)*\w+)/);
  if (own) {
    // The library's modules are under src/ (root lib.rs), the viewer binary's under src/viewer/
    // (root main.rs).
    const [base, root] = own[1] === "vbs_viewer" ? ["viewer", "src/viewer/main.rs"] : ["", "src/lib.rs"];
    // Descend the module path while it names folders; the next segment may name a file.
    const segments = own[2].split("::");
    let dir = base;
    for (const segment of segments) {
      const path = dir ? `${dir}/${segment}` : segment;
      if (files.has(`${path}.rs`)) return `src/${path}.rs`;
      if (![...files].some((file) => file.startsWith(`${path}/`))) break;
      dir = path;
    }
    return dir !== base ? `src/${dir}/mod.rs` : root;
  }
  if (/ (externref|multivalue) shim|^__wbindgen|^__externref|^__wbg_/.test(text)) return "wasm-bindgen shims";
  // Methods and trait impls of the primitive types (`<str as Display>::fmt`, `<u64>::to_string`).
  if (/^<+&*(?:(?:str|char|bool|[ui](?:8|16|32|64|128|size)|f32|f64)[ >]|\[)/.test(text)) return "core";
  if (/^(__multi3|__udivti3|__divti3|__ashlti3|__lshrti3|memcmp|memcpy|memmove|memset)$/.test(text)) return "compiler_builtins";
  const crate = text.match(/^[<&*\s]*(?:dyn )?([a-z_][a-z0-9_]*)::/);
  return crate ? crate[1] : "other";
}

const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

function report(path, top) {
  const bytes = readFileSync(path);
  const { sections, functions } = profile(bytes);
  const line = (a, b, c = "") => console.log(String(a).padStart(9) + String(b).padStart(9) + "  " + c);
  console.log(`${path}: ${bytes.length} B, ${brotli(bytes)} B brotli (a names-kept build: the shipped one has no name section)`);
  console.log("\nsections (raw, brotli alone)");
  for (const s of sections) line(s.size, brotli(bytes.subarray(s.start, s.start + s.size)), s.name);
  const total = functions.reduce((sum, f) => sum + f.size, 0);
  console.log(`\ncode by part: source file of ours, or crate (raw bytes of function bodies, ${functions.length} functions, ${total} B)`);
  const parts = new Map();
  const files = sourceFiles();
  for (const f of functions) {
    const part = partOf(f.name, files);
    const entry = parts.get(part) ?? { size: 0, count: 0 };
    entry.size += f.size;
    entry.count++;
    parts.set(part, entry);
  }
  for (const [part, { size, count }] of [...parts].sort((a, b) => b[1].size - a[1].size).slice(0, top)) {
    line(size, `${((100 * size) / total).toFixed(1)} %`, `${part} (${count})`);
  }
  console.log(`\nlargest functions (raw bytes)`);
  for (const f of [...functions].sort((a, b) => b.size - a.size).slice(0, top)) {
    line(f.size, `${((100 * f.size) / total).toFixed(1)} %`, plain(f.name).slice(0, 160));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--top");
  const top = at >= 0 ? Number(args.splice(at, 2)[1]) : 25;
  if (args.length !== 1 || !Number.isInteger(top) || top < 1) {
    console.error("usage: node scripts/wasm-profile.mjs WASM [--top N]");
    process.exit(2);
  }
  report(args[0], top);
}
