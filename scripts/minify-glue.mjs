// Trunk post-build hook (Trunk.toml): in release builds, minifies the viewer's JS glue (what
// wasm-bindgen writes; Trunk's own JS minifier cannot parse it) and writes the new file's
// Subresource Integrity hash into index.html, where Trunk put the old one. Debug builds are left
// alone. If the minifier reports an error, the glue stays as it is (the size check would notice).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { minify } from "rolldown/utils";

const staging = process.env.TRUNK_STAGING_DIR;
if (process.env.TRUNK_PROFILE !== "release" || !staging) process.exit(0);

const htmlPath = join(staging, "index.html");
let html = readFileSync(htmlPath, "utf8");
// The glue is the one JS file next to the wasm of the same name: `vbs-viewer-<hash>.js`.
const files = readdirSync(staging);
const glue = files.filter((f) => f.endsWith(".js") && files.includes(f.replace(/\.js$/, "_bg.wasm")));
if (glue.length === 0) console.warn(`minify-glue: no wasm-bindgen glue in ${staging}`);
for (const file of glue) {
  const path = join(staging, file);
  const source = readFileSync(path, "utf8");
  const result = await minify(file, source, { module: true, compress: true, mangle: true });
  if (result.errors?.length) {
    console.warn(`minify-glue: ${file} kept as it is: ${result.errors.map((e) => e.message).join("; ")}`);
    continue;
  }
  writeFileSync(path, result.code);
  const integrity = `sha384-${createHash("sha384").update(result.code).digest("base64")}`;
  // Every tag that names the file (the module preload) gets the new hash.
  let tags = 0;
  html = html.replace(/<[^>]*>/g, (tag) => {
    if (!tag.includes(`/${file}`) || !/integrity=/.test(tag)) return tag;
    tags++;
    return tag.replace(/integrity=("?)sha384-[A-Za-z0-9+/=]+\1/, `integrity="${integrity}"`);
  });
  if (tags === 0) {
    console.error(`minify-glue: no integrity attribute names ${file} in index.html`);
    process.exit(1);
  }
  console.log(`minify-glue: ${file} ${source.length} → ${result.code.length} bytes, ${tags} integrity attribute(s) updated`);
}
writeFileSync(htmlPath, html);
