// Minifies wasm-bindgen's JS glue with rolldown. Two uses:
// - Trunk post-build hook (Trunk.toml): in release builds, minifies the viewer's glue (Trunk's own
//   JS minifier cannot parse it) and writes its new Subresource Integrity hash into index.html,
//   where Trunk put the old one. Debug builds are left alone.
// - `node scripts/minify-glue.mjs FILE…` (scripts/build-npm): minifies those files in place.
// If the minifier reports an error, a file stays as it is (the size check would notice).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { minify } from "rolldown/utils";

/** Minifies the ES module at `path` in place; its new text, or null when it was kept. */
async function minifyFile(path) {
  const source = readFileSync(path, "utf8");
  const result = await minify(basename(path), source, { module: true, compress: true, mangle: true });
  if (result.errors?.length) {
    console.warn(`minify-glue: ${path} kept as it is: ${result.errors.map((e) => e.message).join("; ")}`);
    return null;
  }
  writeFileSync(path, result.code);
  console.log(`minify-glue: ${basename(path)} ${source.length} → ${result.code.length} bytes`);
  return result.code;
}

const files = process.argv.slice(2);
if (files.length) {
  for (const file of files) await minifyFile(file);
  process.exit(0);
}

const staging = process.env.TRUNK_STAGING_DIR;
if (process.env.TRUNK_PROFILE !== "release" || !staging) process.exit(0);

const htmlPath = join(staging, "index.html");
let html = readFileSync(htmlPath, "utf8");
// The glue is the one JS file next to the wasm of the same name: `vbs-viewer-<hash>.js`.
const names = readdirSync(staging);
const glue = names.filter((f) => f.endsWith(".js") && names.includes(f.replace(/\.js$/, "_bg.wasm")));
if (glue.length === 0) console.warn(`minify-glue: no wasm-bindgen glue in ${staging}`);

/** `html` with the integrity attribute of every tag that names `file` set to `contents`' hash. */
function withIntegrity(html, file, contents) {
  const integrity = `sha384-${createHash("sha384").update(contents).digest("base64")}`;
  let tags = 0;
  html = html.replace(/<[^>]*>/g, (tag) => {
    if (!tag.includes(`/${file}`) || !/integrity=/.test(tag)) return tag;
    tags++;
    return tag.replace(/integrity=("?)sha384-[\w+/=]+\1/, `integrity="${integrity}"`);
  });
  if (tags === 0) {
    console.error(`minify-glue: no integrity attribute names ${file} in index.html`);
    process.exit(1);
  }
  console.log(`minify-glue: ${tags} integrity attribute(s) of ${file} updated`);
  return html;
}

for (const file of glue) {
  if ((await minifyFile(join(staging, file))) === null) continue;
  // The module preload of the glue and the import in the page's script.
  html = withIntegrity(html, file, readFileSync(join(staging, file)));
}
writeFileSync(htmlPath, html);
