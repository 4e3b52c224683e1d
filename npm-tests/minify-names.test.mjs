// scripts/minify-names.mjs renames the names between a wasm and its glue in the glue's syntax
// tree: what it renames, and that it refuses a glue it cannot rename consistently (a glue that
// does not match its wasm fails at instantiation, in every user's browser).
import assert from "node:assert/strict";
import { test } from "node:test";

import { renameInGlue, renameInTypes } from "../scripts/minify-names.mjs";

const map = {
  imports: [["./x_bg.js", "__wbg_fetch_0123456789abcdef", "a"], ["./x_bg.js", "__wbg_now_fedcba9876543210", "b"]],
  exports: [["memory", "c"], ["__wbindgen_malloc", "d"]],
};
const glue = (body) => `let w;function imports(){return{__proto__:null,"./x_bg.js":{__proto__:null,${body}}}}` +
  `export function f(n){const p=w.__wbindgen_malloc(n,1);return new Uint8Array(w.memory.buffer,p,n)}` +
  `const other={memory:1,__wbg_fetch_0123456789abcdef:2};`;
const both = `__wbg_fetch_0123456789abcdef:function(e){return fetch(e)},__wbg_now_fedcba9876543210:()=>Date.now()`;

test("renames the import module, its members and the reads of the exports, nothing else", () => {
  const out = renameInGlue(glue(both), map);
  assert.equal(out,
    `let w;function imports(){return{__proto__:null,"a":{__proto__:null,"a":function(e){return fetch(e)},"b":()=>Date.now()}}}` +
    `export function f(n){const p=w.d(n,1);return new Uint8Array(w.c.buffer,p,n)}` +
    // Keys of other objects keep their names, even when they look like boundary names.
    `const other={memory:1,__wbg_fetch_0123456789abcdef:2};`);
});

test("refuses a glue that lacks an import of the wasm, or defines one twice", () => {
  assert.throws(() => renameInGlue(glue(`__wbg_now_fedcba9876543210:()=>Date.now()`), map),
    /import `__wbg_fetch_0123456789abcdef` is defined 0 times/);
  assert.throws(() => renameInGlue(glue(`${both},"__wbg_now_fedcba9876543210":()=>0`), map),
    /import `__wbg_now_fedcba9876543210` is defined 2 times/);
});

test("refuses exports read from more than one object", () => {
  // `memory` read from something that is not the exports would be renamed wrongly.
  assert.throws(() => renameInGlue(glue(both) + `const m=WebAssembly.memory;`, map), /exports read from w, WebAssembly/);
});

test("refuses imports from more than one module", () => {
  const two = { ...map, imports: [...map.imports, ["./snippet.js", "g", "e"]] };
  assert.throws(() => renameInGlue(glue(both), two), /imports from 2 modules/);
});

test("renames the typings' declarations of the exports", () => {
  const types = `export const memory: WebAssembly.Memory;\nexport const __wbindgen_malloc: (a: number, b: number) => number;\n` +
    `export interface InitOutput {\n  readonly memory: WebAssembly.Memory;\n  readonly other: number;\n}\n`;
  assert.equal(renameInTypes(types, map),
    `export const c: WebAssembly.Memory;\nexport const d: (a: number, b: number) => number;\n` +
    `export interface InitOutput {\n  readonly c: WebAssembly.Memory;\n  readonly other: number;\n}\n`);
});
